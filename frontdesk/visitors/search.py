"""Finding a returning visitor from what the clerk types: phone, phone suffix, name, ID digits.

Every lookup is an indexed equality or prefix query read in index order with a limit, so the search
takes about as long on ten years of visits as on one.
"""

from __future__ import annotations

import re

import peewee as pw

from frontdesk import identity
from frontdesk.auth import Actor, Permission
from frontdesk.db import engine_name, storage_errors
from frontdesk.estate.models import Resident, Unit
from frontdesk.estate.privacy import phone_digits
from frontdesk.identity import mask_phone
from frontdesk.visitors import rules
from frontdesk.visitors.common import VisitorBase
from frontdesk.visitors.idkey import IdKeyProblem, compact_id
from frontdesk.visitors.kinds import Purpose
from frontdesk.visitors.models import Visit, Visitor, VisitorNameKey
from frontdesk.visitors.rows import VisitorHit, VisitorSearch

_PHONE_TEXT_RE = re.compile(r"\+?[0-9][0-9\s\-]*")
_ID_TAIL_RE = re.compile(r"[0-9]{3}[0-9X]")
_MIN_ID_LENGTH = 8
_LIKE_SPECIALS = str.maketrans({"%": None, "_": None, "\\": None})


def starts_with(field: pw.Field, text: str) -> pw.Expression:
    """``field`` starts with ``text``, ignoring ASCII case, in the form each engine's prefix index serves."""
    pattern = text.translate(_LIKE_SPECIALS) + "%"
    if engine_name() == "postgresql":  # the lower(col) text_pattern_ops index of migration 3
        return pw.Expression(pw.fn.LOWER(field), pw.OP.LIKE, pattern.lower())
    # peewee writes ILIKE as SQLite's LIKE, which the COLLATE NOCASE index serves
    return pw.Expression(field, pw.OP.ILIKE, pattern)


def _known() -> pw.ModelSelect[Visitor]:
    return Visitor.select().where(Visitor.purged_at.is_null())


def _by_phone(text: str, limit: int) -> list[tuple[Visitor, str]]:
    if not _PHONE_TEXT_RE.fullmatch(text):
        return []
    digits = phone_digits(text)
    if len(digits) == 4:
        found = _known().where(Visitor.phone_suffix4 == digits).order_by(Visitor.id.desc()).limit(limit)
        return [(v, "phone_suffix") for v in found]
    if len(digits) >= 5:
        found = _known().where(starts_with(Visitor.phone_digits, digits)).order_by(Visitor.phone_digits)
        return [(v, "phone") for v in found.limit(limit)]
    return []


def _by_id_tail(text: str, limit: int) -> list[tuple[Visitor, str]]:
    compact = identity.normalize(text).upper()
    if not _ID_TAIL_RE.fullmatch(compact):
        return []
    found = _known().where(Visitor.id_last4 == compact).order_by(Visitor.id.desc()).limit(limit)
    return [(v, "id_last4") for v in found]


def _by_name(text: str, limit: int) -> list[tuple[Visitor, str]]:
    """Names equal to, then starting with, ``text`` or any of its suffixes (``秀英`` finds 王秀英).

    The exact fragments come newest first straight from the (fragment, visitor) index; longer names
    starting with the text fill up in index order. Neither needs a sort of every match, so a common
    name costs the same on ten years of visitors as on one.
    """
    if not any(ch.isalpha() for ch in text):
        return []
    wanted, key = limit * 3, VisitorNameKey
    exact = key.select(key.visitor, key.position).where(key.fragment == text).order_by(key.visitor.desc())
    rows = list(exact.limit(wanted))
    if len(rows) < wanted:
        rows.extend(
            key.select(key.visitor, key.position).where(starts_with(key.fragment, text)).limit(wanted)
        )
    positions: dict[int, int] = {}
    for row in rows:
        positions[row.visitor_id] = min(row.position, positions.get(row.visitor_id, row.position))
    found = _known().where(Visitor.id.in_(list(positions))) if positions else []
    ranked = sorted(found, key=lambda v: (positions[v.id], v.name != text, -v.id))
    return [(v, "name") for v in ranked[:limit]]


class SearchService(VisitorBase):
    """The registration form's search box and the Ctrl+K provider for returning visitors."""

    def find_returning(self, *, actor: Actor, text: str, limit: int = 10) -> VisitorSearch:
        """Find returning visitors by phone, the last 4 digits of the phone, name, or ID digits.

        Args:
            actor: who searches (needs desk work).
            text: a phone number or its start; its last 4 digits; a name or part of one (also a
                two-character name such as 王五); the last 4 characters of an ID; a full ID number.
            limit: at most this many hits.

        Returns:
            Hits with their last visit's purpose and host (to fill the form), and a notice when
            matching by full ID number is off because the key file is missing or different.

        Raises:
            PermissionDenied: the actor may not do desk work.
        """
        actor.require(Permission.DESK_WORK)
        query = rules.tidy(text)
        if not query or limit <= 0:
            return VisitorSearch(())
        notice, found = "", dict[int, tuple[Visitor, str]]()
        with storage_errors():
            for finder in (_by_phone, _by_id_tail, _by_name):
                for visitor, matched in finder(query, limit):
                    found.setdefault(visitor.id, (visitor, matched))
            try:
                for visitor in self._by_full_id(query, limit):
                    found.setdefault(visitor.id, (visitor, "id_number"))
            except IdKeyProblem as exc:
                notice = exc.message
            hits = _hits(list(found.values())[:limit])
        return VisitorSearch(tuple(hits), notice)

    def _by_full_id(self, text: str, limit: int) -> list[Visitor]:
        compact = compact_id(text)
        if len(compact) < _MIN_ID_LENGTH or identity.guess_type(compact) is None:
            return []
        fingerprint = self.keyring.fingerprint(compact)
        return list(_known().where(Visitor.id_hash == fingerprint).limit(limit))


def _hits(found: list[tuple[Visitor, str]]) -> list[VisitorHit]:
    last_ids = [v.last_visit_id for v, _m in found if v.last_visit_id is not None]
    visits = {v.id: v for v in Visit.select().where(Visit.id.in_(last_ids))} if last_ids else {}
    unit_ids = [v.host_unit_id for v in visits.values() if v.host_unit_id is not None]
    resident_ids = [v.host_resident_id for v in visits.values() if v.host_resident_id is not None]
    codes = (
        {u.id: u.code for u in Unit.select(Unit.id, Unit.code).where(Unit.id.in_(unit_ids))}
        if unit_ids
        else {}
    )
    names = (
        {
            r.id: r.name
            for r in Resident.select(Resident.id, Resident.name).where(Resident.id.in_(resident_ids))
        }
        if resident_ids
        else {}
    )
    hits = []
    for person, matched in found:
        last = visits.get(person.last_visit_id or 0)
        hits.append(
            VisitorHit(
                person.id,
                person.name,
                mask_phone(person.phone) if person.phone else "",
                person.id_type,
                person.id_number_masked,
                bool(person.id_hash),
                matched,
                person.visit_count,
                person.last_visit_at,
                Purpose(last.purpose) if last else None,
                last.host_unit_id if last else None,
                codes.get(last.host_unit_id or 0, "") if last else "",
                last.host_resident_id if last else None,
                names.get(last.host_resident_id or 0, "") if last else "",
                last.host_department if last else "",
                last.plate if last else "",
            )
        )
    return hits
