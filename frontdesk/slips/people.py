"""The unit's residents as the slip form needs them: who may apply, and the call to an owner."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from frontdesk.auth import Actor
from frontdesk.errors import ValidationError
from frontdesk.estate.kinds import ResidentKind
from frontdesk.estate.models import Resident
from frontdesk.estate.privacy import StoredPhone
from frontdesk.i18n import _
from frontdesk.identity import mask_phone
from frontdesk.slips import checks
from frontdesk.slips.models import SlipConfirmation
from frontdesk.slips.rows import ApplicantKind, ConfirmationAnswer, ConfirmationInput, ContactRow


def unit_contacts(unit_id: int) -> tuple[tuple[ContactRow, ...], tuple[ContactRow, ...], dict[int, Resident]]:
    """The unit's current owners and tenants (phones masked), and the residents by id."""
    query = Resident.select().where((Resident.unit == unit_id) & Resident.active).order_by(Resident.id)
    people = {r.id: r for r in query}
    rows = [
        ContactRow(r.id, r.name, r.kind, mask_phone(r.phone) if r.phone else "", bool(r.phone))
        for r in people.values()
    ]
    owners = tuple(c for c in rows if c.kind == ResidentKind.OWNER.value)
    return owners, tuple(c for c in rows if c.kind == ResidentKind.TENANT.value), people


@dataclass(frozen=True)
class Call:
    """A checked phone call to an owner."""

    owner: Resident
    answer: ConfirmationAnswer
    phone: StoredPhone
    note: str
    called_at: datetime  # naive UTC


def _owner(people: dict[int, Resident], resident_id: int | None, field: str, message: str) -> Resident:
    person = people.get(resident_id) if resident_id is not None else None
    if person is None or person.kind != ResidentKind.OWNER.value:
        raise ValidationError(field, message)
    return person


def applicant_kind(value: str) -> ApplicantKind:
    """The applicant's kind, or a ValidationError on ``applicant_kind``."""
    try:
        return ApplicantKind(value)
    except ValueError:
        raise ValidationError(
            "applicant_kind", _("Choose whether the applicant is an owner, a tenant or an agent.")
        ) from None


def applicant_resident(
    kind: ApplicantKind, resident_id: int | None, people: dict[int, Resident]
) -> int | None:
    """An owner or tenant applicant must be one of the unit's (None for an agent)."""
    if kind is ApplicantKind.AGENT:
        return None
    person = people.get(resident_id) if resident_id is not None else None
    if person is None or person.kind != kind.value:
        if kind is ApplicantKind.OWNER:
            message = _("Choose the applicant from the unit's owners, or apply as a tenant or an agent.")
        else:
            message = _("Choose the applicant from the unit's tenants, or apply as an agent.")
        raise ValidationError("applicant_resident", message)
    return person.id


def applicant_phone(resident_id: int | None, typed: str, people: dict[int, Resident]) -> StoredPhone:
    """The applicant's phone: as typed, or the owner's or tenant's number on record when left blank."""
    person = people.get(resident_id) if resident_id is not None else None
    if person is not None and not person.phone:
        missing = _("{name} has no phone number on record: enter the applicant's phone number.").format(
            name=person.name
        )
    else:
        missing = _("Enter the applicant's phone number.")
    return checks.phone_or_record("applicant_phone", typed, person.phone if person else "", missing)


def owner_call(
    kind: ApplicantKind, given: ConfirmationInput | None, people: dict[int, Resident], now_utc: datetime
) -> Call | None:
    """The checked owner call, or None for an owner applying themselves."""
    if kind is ApplicantKind.OWNER:
        return None
    if not any(p.kind == ResidentKind.OWNER.value for p in people.values()):
        raise ValidationError(
            "confirmation_owner",
            _("The unit has no owner on record to confirm the release: add the owner under Residents first."),
        )
    if given is None:
        raise ValidationError(
            "confirmation",
            _("The applicant is not an owner: phone an owner to confirm the release first."),
        )
    owner = _owner(people, given.owner_resident_id, "confirmation_owner", _("Choose which owner you called."))
    answer, called, note = checks.confirmation(given, now_utc, owner.phone or "")
    return Call(owner, answer, called, note, checks.as_utc(given.called_at))


def record_call(slip_id: int, call: Call, actor: Actor) -> None:
    """Store the call (inside the caller's transaction)."""
    SlipConfirmation.create(
        slip=slip_id,
        owner_resident_id=call.owner.id,
        owner_name=call.owner.name,
        phone=call.phone.phone,
        called_at=call.called_at,
        answer=call.answer.value,
        note=call.note,
        recorded_by=actor.username,
    )
