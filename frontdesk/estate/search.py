"""Finding units and residents from what the clerk types: a unit code, a name, a phone, ID digits.

Every lookup is an indexed equality or prefix query ("contains 秀英" is a prefix search over the
suffixes of each name, kept in ``resident_name_key``), so a search stays fast on a large estate.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import NamedTuple

import peewee as pw

from frontdesk import identity
from frontdesk.auth import Actor, Permission
from frontdesk.db import storage_errors
from frontdesk.estate import search_sql, unitcode
from frontdesk.estate.common import EstateBase
from frontdesk.estate.kinds import ResidentKind
from frontdesk.estate.models import Building, Unit
from frontdesk.estate.privacy import id_fingerprint, phone_digits
from frontdesk.estate.rows import UnitRow
from frontdesk.i18n import _
from frontdesk.identity import mask_phone

_PHONE_TEXT_RE = re.compile(r"\+?[0-9][0-9\s\-]*")
_ID_TAIL_RE = re.compile(r"[0-9]{3}[0-9X]")
_MIN_ID_LENGTH = 8


class Match(StrEnum):
    """What a search hit matched."""

    UNIT_CODE = "unit_code"
    UNIT_NUMBER = "unit_number"
    NAME = "name"
    PHONE = "phone"
    PHONE_SUFFIX = "phone_suffix"
    ID_LAST4 = "id_last4"
    ID_NUMBER = "id_number"


class Resolution(StrEnum):
    """How a typed unit code resolved."""

    FOUND = "found"
    AMBIGUOUS = "ambiguous"
    NOT_FOUND = "not_found"


class SearchHit(NamedTuple):
    """One search result: a unit, or a resident of a unit (phone and ID masked).

    A named tuple, not a frozen dataclass: a search builds up to ``limit`` of these on every
    keystroke, and a frozen dataclass's ``__init__`` (one ``object.__setattr__`` per field) cost
    more than the indexed lookup that found them (``benchmarks/search.py``).
    """

    matched: Match
    unit_id: int
    unit_code: str
    resident_id: int | None = None
    name: str = ""
    resident_kind: ResidentKind | None = None
    phone_masked: str = ""
    id_number_masked: str = ""
    active: bool = True
    occupants: tuple[str, ...] = ()  # a unit hit: its current residents' names, owners first
    # a unit hit's resident_kind and phone_masked are its first occupant's (the owner, if any)


@dataclass(frozen=True)
class UnitResolution:
    """A typed unit code resolved: one unit, several candidates, or none (with a message)."""

    status: Resolution
    unit: UnitRow | None
    candidates: tuple[UnitRow, ...]
    message: str = ""


def _prepare(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).split())


def _unit_rows(query: pw.ModelSelect[Unit]) -> list[UnitRow]:
    return [UnitRow.of(u, u.building) for u in query]


def units_matching(code: unitcode.UnitCode, estate_id: int | None = None) -> list[UnitRow]:
    """The units a parsed code names: one, or several when no building was typed."""
    query = Unit.select(Unit, Building).join(Building).where(Unit.number == code.number)
    if code.building is not None:
        query = query.where(Building.code == code.building)
    if estate_id is not None:
        query = query.where(Building.estate == estate_id)
    return sorted(_unit_rows(query), key=lambda u: unitcode.natural_key(u.code))


class _Hits:
    """Search hits in the order found, without repeats, up to a limit."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.found: dict[tuple[int, int | None], SearchHit] = {}

    @property
    def full(self) -> bool:
        return len(self.found) >= self.limit

    def add(self, hits: Iterable[SearchHit]) -> None:
        found, limit = self.found, self.limit
        for hit in hits:
            if len(found) >= limit:
                return
            found.setdefault((hit.unit_id, hit.resident_id), hit)


_KINDS = {kind.value: kind for kind in ResidentKind}


@functools.lru_cache(maxsize=8192)
def _masked_phone(phone: str) -> str:
    """``mask_phone``, remembered: the same residents come back as the clerk types on (the
    benchmark clears this cache before each block, so a first search pays for its masking)."""
    return mask_phone(phone) if phone else ""


def _resident_hits(rows: Iterable[search_sql.Row], matched: Match) -> list[SearchHit]:
    return [
        SearchHit(
            matched,
            unit_id,
            unit_code,
            resident_id,
            name,
            _KINDS[kind],
            _masked_phone(phone),
            id_masked,
            bool(active),
        )
        for resident_id, name, kind, phone, id_masked, active, unit_id, unit_code in rows
    ]


class SearchService(EstateBase):
    """The desk's search box (Ctrl+K) and the unit field that understands "3棟1502"."""

    def search(
        self, *, actor: Actor, text: str, limit: int = 20, include_former: bool = False
    ) -> list[SearchHit]:
        """Find units and residents by unit code, name, phone, phone suffix or ID digits.

        Args:
            actor: who searches (needs desk work).
            text: a unit code (``3-1502``, ``3棟1502``, ``1502``), a name or part of one (``秀英``),
                a phone number or its start, the last 3-4 digits of a phone, the last 4 characters
                of an ID number, or a full ID number.
            limit: at most this many hits.
            include_former: also residents who moved out.

        Returns:
            Hits, best first: units by code, then residents by ID, phone and name.

        Raises:
            PermissionDenied: the actor may not do desk work.
        """
        actor.require(Permission.DESK_WORK)
        query, hits = _prepare(text), _Hits(limit)
        if not query or limit <= 0:
            return []
        parsed = unitcode.parse_unit_code(query)  # once: the unit and the name lookups both ask
        with storage_errors():
            hits.add(_unit_hits(query, parsed, limit))
            if not hits.full:
                hits.add(_id_hits(query, limit, include_former))
            if not hits.full:
                hits.add(_phone_hits(query, limit, include_former))
            if not hits.full and parsed is None and not query.replace(" ", "").isdigit():
                hits.add(_name_hits(query, limit, include_former))
            return list(hits.found.values())

    def resolve_unit(self, *, actor: Actor, text: str, estate_id: int | None = None) -> UnitResolution:
        """The unit a typed code names.

        Args:
            actor: who asks (needs desk work).
            text: the code as typed (``3-1502``, ``3棟1502室``, ``A座12F-03``, ``1502``).
            estate_id: look in one estate only.

        Returns:
            FOUND with the unit; AMBIGUOUS with the candidates (``1502`` in several buildings);
            NOT_FOUND with a message saying why.

        Raises:
            PermissionDenied: the actor may not do desk work.
        """
        actor.require(Permission.DESK_WORK)
        parsed = unitcode.parse_unit_code(text)
        if parsed is None:
            return UnitResolution(
                Resolution.NOT_FOUND,
                None,
                (),
                _("“{text}” is not a unit number: type it like 3-1502, 3棟1502 or A座12F-03.").format(
                    text=text.strip()
                ),
            )
        with storage_errors():
            units = units_matching(parsed, estate_id)
        if not units:
            message = _("There is no unit {code}.").format(code=parsed.text)
            return UnitResolution(Resolution.NOT_FOUND, None, (), message)
        if len(units) == 1:
            return UnitResolution(Resolution.FOUND, units[0], tuple(units))
        message = _("{code} is in several buildings: choose one.").format(code=parsed.text)
        return UnitResolution(Resolution.AMBIGUOUS, None, tuple(units), message)


def _unit_hits(query: str, parsed: unitcode.UnitCode | None, limit: int) -> list[SearchHit]:
    if parsed is not None and parsed.building is None:  # "1502": that number in every building
        found = sorted(
            search_sql.units_by_number(parsed.number), key=lambda row: unitcode.natural_key(row[1])
        )
        return [_unit_hit(Match.UNIT_NUMBER, *unit) for unit in found]
    # "3-1502" or "3-15" as typed so far: the unit itself (the shortest code comes first), then
    # 3-15xx…; a code is its building's code, "-", its number, so one prefix lookup finds both
    prefix = parsed.text if parsed is not None else unitcode.code_prefix(query)
    if prefix is None:
        return []
    return [_unit_hit(Match.UNIT_CODE, *unit) for unit in search_sql.units_by_prefix(prefix, limit)]


def _unit_hit(matched: Match, unit_id: int, code: str, people: list[search_sql.Occupant]) -> SearchHit:
    """A unit with its current residents' names and the first one's kind and phone, so a unit
    found is never blank (they come in the same statement as the unit)."""
    if not people:
        return SearchHit(matched, unit_id, code)
    _name, kind, phone = people[0]
    names = tuple(name for name, _kind, _phone in people)
    return SearchHit(
        matched, unit_id, code, resident_kind=_KINDS[kind], phone_masked=_masked_phone(phone), occupants=names
    )


def _id_hits(query: str, limit: int, include_former: bool) -> list[SearchHit]:
    compact = identity.normalize(query).upper()
    hits: list[SearchHit] = []
    if _ID_TAIL_RE.fullmatch(compact):
        rows = search_sql.residents_by("id_last4", compact, limit, include_former)
        hits += _resident_hits(rows, Match.ID_LAST4)
    if len(compact) >= _MIN_ID_LENGTH and identity.guess_type(compact) is not None:
        rows = search_sql.residents_by("id_hash", id_fingerprint(compact), limit, include_former)
        hits += _resident_hits(rows, Match.ID_NUMBER)
    return hits


def _phone_hits(query: str, limit: int, include_former: bool) -> list[SearchHit]:
    if not _PHONE_TEXT_RE.fullmatch(query):
        return []
    # plain digits are their own digits: only a leading 00 or a 13-digit 86… number lose a prefix
    plain = query.isascii() and query.isdigit() and not query.startswith("00") and len(query) != 13
    digits = query if plain else phone_digits(query)
    if len(digits) <= 4 and not query.isdigit():  # "3-15" is a unit code being typed, not a phone
        return []
    if len(digits) == 3:  # the last three digits: ten indexed lookups of the last four
        rows = search_sql.residents_by_phone_suffix3(digits, limit, include_former)
        return _resident_hits(rows, Match.PHONE_SUFFIX)
    if len(digits) == 4:
        rows = search_sql.residents_by("phone_suffix", digits, limit, include_former)
        return _resident_hits(rows, Match.PHONE_SUFFIX)
    if len(digits) >= 5:
        rows = search_sql.residents_by_phone_prefix(digits, limit, include_former)
        return _resident_hits(rows, Match.PHONE)
    return []


def _name_hits(query: str, limit: int, include_former: bool) -> list[SearchHit]:
    """Residents by name; the caller asks only for text that is neither digits nor a unit code."""
    return _resident_hits(search_sql.residents_by_name(query, limit, include_former), Match.NAME)
