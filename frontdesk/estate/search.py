"""Finding units and residents from what the clerk types: a unit code, a name, a phone, ID digits.

Every lookup is an indexed equality or prefix query ("contains 秀英" is a prefix search over the
suffixes of each name, kept in ``resident_name_key``), so a search stays fast on a large estate.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

import peewee as pw

from frontdesk import identity
from frontdesk.auth import Actor, Permission
from frontdesk.db import engine_name, storage_errors
from frontdesk.estate import unitcode
from frontdesk.estate.common import EstateBase
from frontdesk.estate.kinds import ResidentKind
from frontdesk.estate.models import Building, Resident, ResidentNameKey, Unit
from frontdesk.estate.privacy import id_fingerprint, phone_digits
from frontdesk.estate.rows import UnitRow
from frontdesk.i18n import _
from frontdesk.identity import mask_phone

_LIKE_SPECIALS = str.maketrans({"%": None, "_": None, "\\": None})
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


@dataclass(frozen=True)
class SearchHit:
    """One search result: a unit, or a resident of a unit (phone and ID masked)."""

    matched: Match
    unit_id: int
    unit_code: str
    resident_id: int | None = None
    name: str = ""
    resident_kind: ResidentKind | None = None
    phone_masked: str = ""
    id_number_masked: str = ""
    active: bool = True


@dataclass(frozen=True)
class UnitResolution:
    """A typed unit code resolved: one unit, several candidates, or none (with a message)."""

    status: Resolution
    unit: UnitRow | None
    candidates: tuple[UnitRow, ...]
    message: str = ""


def starts_with(field: pw.Field | pw.Node, text: str) -> pw.Expression:
    """``field`` starts with ``text``, ignoring ASCII case, in the form each engine's index serves."""
    pattern = text.translate(_LIKE_SPECIALS) + "%"
    if engine_name() == "postgresql":  # served by the lower(col) text_pattern_ops index
        return pw.Expression(pw.fn.LOWER(field), pw.OP.LIKE, pattern.lower())
    # peewee writes ILIKE as SQLite's LIKE (case-insensitive for ASCII; its LIKE becomes GLOB),
    # which the COLLATE NOCASE index serves
    return pw.Expression(field, pw.OP.ILIKE, pattern)


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
    return _unit_rows(query.order_by(Unit.code))


class _Hits:
    """Search hits in the order found, without repeats, up to a limit."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.found: dict[tuple[int, int | None], SearchHit] = {}

    @property
    def full(self) -> bool:
        return len(self.found) >= self.limit

    def add(self, hits: Iterable[SearchHit]) -> None:
        for hit in hits:
            if self.full:
                return
            self.found.setdefault((hit.unit_id, hit.resident_id), hit)


def _resident_hits(query: pw.ModelSelect[Resident], matched: Match) -> list[SearchHit]:
    return [
        SearchHit(
            matched,
            r.unit.id,
            r.unit.code,
            r.id,
            r.name,
            ResidentKind(r.kind),
            mask_phone(r.phone) if r.phone else "",
            r.id_number_masked,
            r.active,
        )
        for r in query
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
        with storage_errors():
            hits.add(_unit_hits(query, limit))
            for finder in (_id_hits, _phone_hits, _name_hits):
                if not hits.full:
                    hits.add(finder(query, limit, include_former))
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


def _unit_hits(query: str, limit: int) -> list[SearchHit]:
    parsed = unitcode.parse_unit_code(query)
    if parsed is not None and parsed.building is None:  # "1502": that number in every building
        return [SearchHit(Match.UNIT_NUMBER, u.id, u.code) for u in units_matching(parsed)]
    hits = [SearchHit(Match.UNIT_CODE, u.id, u.code) for u in units_matching(parsed)] if parsed else []
    prefix = parsed.text if parsed is not None else unitcode.code_prefix(query)
    if prefix is not None:  # "3-15" as typed so far: 3-1501, 3-1502, …
        more = Unit.select(Unit.id, Unit.code).where(starts_with(Unit.code, prefix)).order_by(Unit.code)
        hits += [SearchHit(Match.UNIT_CODE, u.id, u.code) for u in more.limit(limit)]
    return hits


def _residents(include_former: bool) -> pw.ModelSelect[Resident]:
    query = Resident.select(Resident, Unit.id, Unit.code).join(Unit)
    return query if include_former else query.where(Resident.active)


def _id_hits(query: str, limit: int, include_former: bool) -> list[SearchHit]:
    compact = identity.normalize(query).upper()
    hits: list[SearchHit] = []
    if _ID_TAIL_RE.fullmatch(compact):
        found = _residents(include_former).where(Resident.id_last4 == compact)
        hits += _resident_hits(found.order_by(Resident.name).limit(limit), Match.ID_LAST4)
    if len(compact) >= _MIN_ID_LENGTH and identity.guess_type(compact) is not None:
        found = _residents(include_former).where(Resident.id_hash == id_fingerprint(compact))
        hits += _resident_hits(found.limit(limit), Match.ID_NUMBER)
    return hits


def _phone_hits(query: str, limit: int, include_former: bool) -> list[SearchHit]:
    if not _PHONE_TEXT_RE.fullmatch(query):
        return []
    digits = phone_digits(query)
    if len(digits) <= 4 and not query.isdigit():  # "3-15" is a unit code being typed, not a phone
        return []
    residents = _residents(include_former)
    if len(digits) == 3:  # the last three digits: ten indexed lookups of the last four
        found = residents.where(Resident.phone_suffix4.in_([f"{d}{digits}" for d in range(10)]))
        return _resident_hits(found.order_by(Resident.name).limit(limit), Match.PHONE_SUFFIX)
    if len(digits) == 4:
        found = residents.where(Resident.phone_suffix4 == digits)
        return _resident_hits(found.order_by(Resident.name).limit(limit), Match.PHONE_SUFFIX)
    if len(digits) >= 5:
        found = residents.where(starts_with(Resident.phone_digits, digits))
        return _resident_hits(found.order_by(Resident.phone_digits).limit(limit), Match.PHONE)
    return []


def _name_hits(query: str, limit: int, include_former: bool) -> list[SearchHit]:
    if query.replace(" ", "").isdigit() or unitcode.parse_unit_code(query) is not None:
        return []
    keys = (
        ResidentNameKey.select(ResidentNameKey.resident, pw.fn.MIN(ResidentNameKey.position).alias("pos"))
        .where(starts_with(ResidentNameKey.fragment, query))
        .group_by(ResidentNameKey.resident)
    )
    found = (
        _residents(include_former)
        .join_from(Resident, keys, on=(Resident.id == keys.c.resident_id))
        .order_by(keys.c.pos, Resident.name, Resident.id)
        .limit(limit)
    )
    return _resident_hits(found, Match.NAME)
