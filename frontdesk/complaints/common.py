"""What the complaint service's parts share: the clock, fetching a complaint, rows, deadlines, checks."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta

import peewee as pw

from frontdesk.clock import local_today, utcnow
from frontdesk.complaints.labels import label
from frontdesk.complaints.models import Complaint, ComplaintClassChange, ComplaintStep
from frontdesk.complaints.rows import (
    KINDS,
    TRANSITIONS,
    Channel,
    ClassChangeRow,
    ComplaintClass,
    ComplaintRow,
    ComplaintStatus,
    Step,
    StepRow,
)
from frontdesk.errors import NotFound, UserError, ValidationError
from frontdesk.i18n import _
from frontdesk.identity import mask_phone
from frontdesk.numbering import PREFIXES, typed_number
from frontdesk.office import read_setting


class ComplaintBase:
    """The desk's clock, shared by every part of the complaint service (tests pass their own)."""

    def __init__(
        self, *, today: Callable[[], date] = local_today, now: Callable[[], datetime] = utcnow
    ) -> None:
        self._today = today
        self._now = now

    def today(self) -> date:
        """The desk's date."""
        return self._today()

    def now(self) -> datetime:
        """The current moment, naive UTC."""
        return self._now()


def classification(cls: str, kind: str) -> tuple[ComplaintClass, str]:
    """A class and a kind that belongs to it, or a ValidationError on ``cls`` or ``kind``."""
    try:
        klass = ComplaintClass(cls)
    except ValueError:
        raise ValidationError("cls", _("Choose whether the complaint is valid or communicative.")) from None
    if kind not in KINDS[klass]:
        message = (
            _("Choose what the valid complaint is about.")
            if klass is ComplaintClass.VALID
            else _("Choose whether it is help-seeking, an enquiry or venting.")
        )
        raise ValidationError("kind", message)
    return klass, kind


def deadlines(cls: ComplaintClass, received_at: datetime) -> tuple[datetime, datetime]:
    """The response and closing deadlines of a complaint received at ``received_at`` (office settings)."""
    respond = received_at + timedelta(minutes=int(read_setting("complaint_respond_minutes")))
    key = (
        "complaint_close_valid_hours"
        if cls is ComplaintClass.VALID
        else "complaint_close_communicative_hours"
    )
    return respond, received_at + timedelta(hours=int(read_setting(key)))


def is_overdue(c: Complaint, now: datetime) -> bool:
    """Still open past the closing deadline, or not yet responded to past the response deadline."""
    if c.status == ComplaintStatus.CLOSED.value:
        return False
    return bool(c.close_by < now or (c.first_response_at is None and c.respond_by < now))


def overdue_condition(now: datetime) -> pw.Expression:
    """The SQL form of :func:`is_overdue`."""
    return (Complaint.status != ComplaintStatus.CLOSED.value) & (
        (Complaint.close_by < now) | (Complaint.first_response_at.is_null() & (Complaint.respond_by < now))
    )


def complaint_row(c: Complaint, now: datetime) -> ComplaintRow:
    """The row of a complaint model (phone masked)."""
    return ComplaintRow(
        id=c.id,
        number=c.number,
        channel=Channel(c.channel),
        complainant_name=c.complainant_name,
        complainant_phone_masked=mask_phone(c.complainant_phone) if c.complainant_phone else "",
        complainant_resident_id=c.complainant_resident_id,
        unit_id=c.unit_id,
        unit_code=c.unit_code,
        place=c.place,
        occurred_at=c.occurred_at,
        received_at=c.received_at,
        clerk=c.clerk,
        clerk_name=c.clerk_name,
        content=c.content,
        cls=ComplaintClass(c.category),
        kind=c.kind,
        suggested=c.suggested,
        status=ComplaintStatus(c.status),
        next_step=Step(c.next_step) if c.next_step else None,
        department=c.department,
        linked_to=c.linked_to,
        work_order_request=c.work_order_request,
        work_order_ref=c.work_order_ref,
        respond_by=c.respond_by,
        close_by=c.close_by,
        closed_at=c.closed_at,
        reopen_count=c.reopen_count,
        reclass_count=c.reclass_count,
        escalated=c.escalated_at is not None,
        escalation_reason=c.escalation_reason,
        overdue=is_overdue(c, now),
        purged=c.purged_at is not None,
        version=c.version,
    )


def step_rows(complaint_id: int) -> tuple[StepRow, ...]:
    """A complaint's recorded steps, in order."""
    query = ComplaintStep.select().where(ComplaintStep.complaint == complaint_id).order_by(ComplaintStep.id)
    return tuple(
        StepRow(
            Step(s.step),
            s.done_at,
            s.done_by,
            s.done_by_name,
            s.department,
            s.person,
            s.when,
            s.flag,
            s.amount_fen,
            s.text,
            s.result,
        )
        for s in query
    )


def class_rows(complaint_id: int) -> tuple[ClassChangeRow, ...]:
    """A complaint's classifications, the intake's first."""
    query = (
        ComplaintClassChange.select()
        .where(ComplaintClassChange.complaint == complaint_id)
        .order_by(ComplaintClassChange.id)
    )
    return tuple(
        ClassChangeRow(
            ComplaintClass(c.category), c.kind, c.reason, c.changed_at, c.changed_by, c.changed_by_name
        )
        for c in query
    )


def normal_number(text: str) -> str:
    """A typed number in its stored form (``ts 20261123 7`` → ``TS-20261123-0007``), else as typed."""
    return typed_number(text, PREFIXES["complaint"])


def get_complaint(number: str) -> Complaint:
    """The complaint with this number, or NotFound."""
    found = Complaint.get_or_none(Complaint.number == normal_number(number))
    if found is None:
        raise NotFound(_("No complaint has the number {number}.").format(number=number.strip()))
    return found


def move(c: Complaint, to: ComplaintStatus) -> None:
    """Refuse a status change the transition table does not allow."""
    if to not in TRANSITIONS[ComplaintStatus(c.status)]:
        raise UserError(
            _("Complaint {number} cannot go from {a} to {b}.").format(
                number=c.number, a=_status_name(c.status), b=_status_name(to.value)
            )
        )


def _status_name(status: str) -> str:
    return label(ComplaintStatus(status))
