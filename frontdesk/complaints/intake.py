"""Taking a complaint: who, where, what, its classification (with the rules' suggestion), its number."""

from __future__ import annotations

import uuid
from datetime import timedelta

import peewee as pw

from frontdesk import audit
from frontdesk.auth import Actor, Permission
from frontdesk.base import find_submitted, update_versioned
from frontdesk.complaints.common import (
    ComplaintBase,
    classification,
    complaint_row,
    deadlines,
    get_complaint,
)
from frontdesk.complaints.models import Complaint, ComplaintClassChange
from frontdesk.complaints.rows import (
    OPEN_STATUSES,
    PROCEDURES,
    Channel,
    ComplainantInput,
    ComplaintRow,
    IntakeInput,
)
from frontdesk.complaints.rules import CompiledRules, rule_rows
from frontdesk.db import storage_errors, transaction
from frontdesk.errors import NotFound, ValidationError
from frontdesk.estate.common import choice, optional_text, required_text
from frontdesk.estate.models import Resident, Unit
from frontdesk.estate.privacy import store_phone
from frontdesk.i18n import _
from frontdesk.numbering import next_number

MAX_CONTENT = 2000
_CLOCK_SLACK = timedelta(minutes=5)
_OPEN = [s.value for s in OPEN_STATUSES]


def similar_open(unit_id: int | None, cls: str, kind: str, *, but: int | None = None) -> list[Complaint]:
    """Open complaints about the same unit and matter (class and kind), newest first."""
    if unit_id is None:
        return []
    query = Complaint.select().where(
        (Complaint.unit_id == unit_id)
        & Complaint.status.in_(_OPEN)
        & (Complaint.category == cls)
        & (Complaint.kind == kind)
    )
    if but is not None:
        query = query.where(Complaint.id != but)
    return list(query.order_by(Complaint.received_at.desc()).limit(20))


def _phone(text: str) -> str:
    try:
        return store_phone(text).phone
    except ValidationError as exc:
        raise ValidationError("complainant_phone", exc.message) from None


def _complainant(who: ComplainantInput, channel: Channel) -> tuple[int | None, str, str, int | None]:
    """(resident id, name, phone, the resident's unit) of the complainant."""
    if who.resident_id is not None:
        person = Resident.get_or_none(Resident.id == who.resident_id)
        if person is None:
            raise ValidationError("complainant", _("The resident chosen is no longer in the registry."))
        phone = _phone(who.phone) if who.phone.strip() else person.phone
        return person.id, person.name, phone, person.unit_id
    if channel is Channel.PATROL:
        name = optional_text("complainant_name", who.name, 80)
    else:
        name = required_text(
            "complainant_name", who.name, 80, _("Enter the complainant's name, or choose a resident.")
        )
    return None, name, _phone(who.phone), None


class IntakeService(ComplaintBase):
    """The intake of complaints, and the check for another open one about the same matter."""

    def open_similar(self, *, actor: Actor, unit_id: int | None, cls: str, kind: str) -> list[ComplaintRow]:
        """Open complaints about the unit and the same matter: the form shows them and offers a link.

        Raises:
            PermissionDenied: the actor may not do desk work.
        """
        actor.require(Permission.DESK_WORK)
        now = self.now()
        with storage_errors():
            return [complaint_row(c, now) for c in similar_open(unit_id, cls, kind)]

    def take_complaint(self, *, actor: Actor, client_id: str, intake: IntakeInput) -> ComplaintRow:
        """Record a complaint: number, classification (and the rules' suggestion), deadlines, audit.

        Args:
            actor: the clerk (desk work).
            client_id: the form's submission id; a retry with it returns the first complaint.
            intake: channel, complainant, unit or public place, time, content and classification.

        Returns:
            The complaint, open, its next step the procedure's second.

        Raises:
            PermissionDenied: the actor may not do desk work.
            ValidationError: ``channel``, ``complainant``, ``complainant_name``,
                ``complainant_phone``, ``unit``, ``place``, ``content``, ``cls``, ``kind``,
                ``occurred_at`` or ``link_to``.
        """
        actor.require(Permission.DESK_WORK)
        today, now = self.today(), self.now()
        with storage_errors():
            existing = find_submitted(Complaint, client_id)
        if existing is not None:
            return complaint_row(existing, now)
        channel = choice("channel", Channel, intake.channel)
        content = required_text(
            "content",
            intake.content,
            MAX_CONTENT,
            _("Write down what the complaint is about."),
            multiline=True,
        )
        cls, kind = classification(intake.cls, intake.kind)
        place = optional_text("place", intake.place, 120)
        occurred_at = intake.occurred_at or now
        if occurred_at > now + _CLOCK_SLACK:
            raise ValidationError("occurred_at", _("The time cannot be in the future."))
        try:
            with transaction():
                resident_id, name, phone, home = _complainant(intake.complainant, channel)
                unit_id = intake.unit_id if intake.unit_id is not None else (home if not place else None)
                unit = Unit.get_or_none(Unit.id == unit_id) if unit_id is not None else None
                if unit_id is not None and unit is None:
                    raise ValidationError("unit", _("The unit no longer exists."))
                if unit is None and not place:
                    raise ValidationError("unit", _("Choose the unit, or type the public place."))
                linked = ""
                if intake.link_to.strip():
                    try:
                        other = get_complaint(intake.link_to)
                    except NotFound as exc:
                        raise ValidationError("link_to", exc.message) from None
                    if other.status not in _OPEN:
                        raise ValidationError(
                            "link_to",
                            _("Complaint {n} is closed: it cannot be linked.").format(n=other.number),
                        )
                    linked = other.number
                suggestion = CompiledRules.of(rule_rows()).suggest(content)
                respond_by, close_by = deadlines(cls, now)
                number = next_number("complaint", today)
                complaint = Complaint.create(
                    client_id=uuid.UUID(str(client_id)),
                    number=number,
                    channel=channel.value,
                    complainant_resident_id=resident_id,
                    complainant_name=name,
                    complainant_phone=phone,
                    unit_id=unit.id if unit is not None else None,
                    unit_code=unit.code if unit is not None else "",
                    place=place,
                    occurred_at=occurred_at,
                    received_at=now,
                    received_on=today,
                    clerk=actor.username,
                    clerk_name=actor.display_name,
                    content=content,
                    category=cls.value,
                    kind=kind,
                    suggested=suggestion.code,
                    intake_class=f"{cls.value}:{kind}",
                    status="open",
                    next_step=PROCEDURES[cls][1].value,
                    linked_to=linked,
                    respond_by=respond_by,
                    close_by=close_by,
                    updated_by=actor.username,
                )
                ComplaintClassChange.create(
                    complaint=complaint.id,
                    category=cls.value,
                    kind=kind,
                    changed_at=now,
                    changed_by=actor.username,
                    changed_by_name=actor.display_name,
                )
                audit.record(
                    actor,
                    "create",
                    "complaint",
                    number,
                    after={
                        "channel": channel.value,
                        "complainant_name": name,
                        "phone": phone,
                        "unit": complaint.unit_code,
                        "place": place,
                        "class": f"{cls.value}:{kind}",
                        "suggested": suggestion.code,
                        "linked_to": linked,
                    },
                )
        except pw.IntegrityError:  # the same form saved twice at once: the first save wins
            with storage_errors():
                existing = find_submitted(Complaint, client_id)
            if existing is None:
                raise
            return complaint_row(existing, now)
        return complaint_row(complaint, now)

    def link(self, *, actor: Actor, number: str, version: int, other: str) -> ComplaintRow:
        """Link a complaint to another open one about the same unit (shown on both records), audited.

        Raises:
            PermissionDenied: the actor may not do desk work.
            NotFound: no such complaint.
            ValidationError: ``link_to``: the other one is unknown, closed, itself, or about another unit.
            Conflict: the complaint changed meanwhile.
        """
        actor.require(Permission.DESK_WORK)
        now = self.now()
        with transaction():
            complaint = get_complaint(number)
            try:
                target = get_complaint(other)
            except NotFound as exc:
                raise ValidationError("link_to", exc.message) from None
            if target.id == complaint.id or target.status not in _OPEN or target.unit_id != complaint.unit_id:
                raise ValidationError("link_to", _("Link only another open complaint about the same unit."))
            saved = update_versioned(
                Complaint, complaint.id, version, {"linked_to": target.number}, by=actor.username
            )
            audit.record(
                actor,
                "update",
                "complaint",
                complaint.number,
                before={"linked_to": complaint.linked_to},
                after={"linked_to": target.number},
            )
            return complaint_row(Complaint.get_by_id(saved.id), now)
