"""Saving a visitor's details: a new person, or a returning one whose phone or ID changed."""

from __future__ import annotations

from datetime import datetime

from frontdesk.estate.privacy import StoredId, StoredPhone
from frontdesk.estate.residents import name_fragments
from frontdesk.visitors.models import Visitor, VisitorNameKey


def write_name_keys(visitor_id: int, name: str) -> None:
    """Index every suffix of the name, so a search for part of it is a prefix lookup."""
    VisitorNameKey.delete().where(VisitorNameKey.visitor == visitor_id).execute()
    rows = [{"visitor": visitor_id, "fragment": text, "position": i} for i, text in name_fragments(name)]
    if rows:
        VisitorNameKey.insert_many(rows).execute()


def _same_person(name: str, phone: StoredPhone) -> Visitor | None:
    """A visitor already known by this exact name and phone (typed again instead of searched)."""
    if not phone.digits:
        return None
    query = Visitor.select().where(
        (Visitor.phone_digits == phone.digits) & (Visitor.name == name) & Visitor.purged_at.is_null()
    )
    found: Visitor | None = query.order_by(Visitor.id).first()
    return found


def save_visitor(
    returning: Visitor | None, name: str, phone: StoredPhone, document: StoredId, now: datetime
) -> Visitor:
    """The visitor of this visit, created or brought up to date (inside the caller's transaction)."""
    person = returning or _same_person(name, phone)
    if person is None:
        person = Visitor(name=name)
    renamed = person.name != name or person.id is None
    person.name = name
    if phone.digits:
        person.phone, person.phone_digits, person.phone_suffix4 = phone.phone, phone.digits, phone.suffix4
    if document.fingerprint:
        person.id_type, person.id_number_masked = document.id_type, document.masked
        person.id_last4, person.id_hash = document.last4, document.fingerprint
    person.last_visit_at = now
    person.visit_count = (person.visit_count or 0) + 1
    person.updated_at = now
    person.save()
    if renamed:
        write_name_keys(person.id, name)
    return person
