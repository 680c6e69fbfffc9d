"""The phone call log's use cases (``services.calls``).

API for the interfaces:
- ``lookup_caller(actor=, phone=)``: the residents on record with that number (the unit panel opens).
- ``log_call(actor=, client_id=, call=CallInput(...))``: the call with each step of the procedure.
- ``to_complaint(actor=, client_id=, call_id=, cls=, kind=, content="")``: the call becomes a
  complaint (channel phone, the caller as complainant) in one action.
- ``to_message(actor=, call_id=, resident_id=, text=)``: the call becomes a message for a resident.
- ``to_work_order_request(actor=, call_id=, request=)``: the call asks for a work order.
- ``recent(actor=, limit=)``: the latest calls.
- ``today_counts(actor=) -> CallCounts``: today's calls, and those left with a contact for a reply.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime

from frontdesk import audit
from frontdesk.auth import Actor, Permission
from frontdesk.base import find_submitted, update_versioned
from frontdesk.calls.models import PhoneCall
from frontdesk.clock import local_today, utcnow
from frontdesk.complaints.intake import IntakeService
from frontdesk.complaints.models import ComplaintDepartment
from frontdesk.complaints.rows import ComplainantInput, ComplaintRow, IntakeInput
from frontdesk.db import storage_errors, transaction
from frontdesk.errors import NotFound, UserError, ValidationError
from frontdesk.estate.common import optional_text, required_text
from frontdesk.estate.models import Resident, Unit
from frontdesk.estate.privacy import store_phone
from frontdesk.estate.search import Match, SearchHit, SearchService
from frontdesk.i18n import _
from frontdesk.identity import mask_phone

MAX_TEXT = 2000


@dataclass(frozen=True)
class CallInput:
    """The phone procedure's steps as the clerk recorded them."""

    greeted: bool  # ① said the office's name
    caller_name: str  # ② who is calling
    caller_phone: str
    caller_identity: str = ""
    caller_resident_id: int | None = None
    unit_id: int | None = None
    matter: str = ""  # ③④ what the caller said, recorded
    answer: str = ""  # ⑤ the answer given …
    contact_phone: str = ""  # … or a contact for the reply
    passed_to: str = ""  # ⑥ a department's code
    callback_needed: bool = False  # ⑦


@dataclass(frozen=True)
class CallRow:
    """A call in the log (numbers masked)."""

    id: int
    received_at: datetime
    clerk_name: str
    greeted: bool
    caller_name: str
    caller_phone_masked: str
    caller_identity: str
    caller_resident_id: int | None
    unit_id: int | None
    unit_code: str
    matter: str
    answer: str
    contact_phone_masked: str
    passed_to: str
    callback_needed: bool
    outcome: str
    complaint_number: str
    message_for_resident_id: int | None
    message_text: str
    version: int
    work_order_ref: str = ""  # the work order made from the call


@dataclass(frozen=True)
class CallCounts:
    """The Today page's phone tile: calls received today, and those of them waiting for a reply."""

    today: int
    awaiting_reply: int  # a contact taken, not yet turned into a complaint, message or request


def _row(c: PhoneCall) -> CallRow:
    return CallRow(
        c.id,
        c.received_at,
        c.clerk_name,
        c.greeted,
        c.caller_name,
        mask_phone(c.caller_phone) if c.caller_phone else "",
        c.caller_identity,
        c.caller_resident_id,
        c.unit_id,
        c.unit_code,
        c.matter,
        c.answer,
        mask_phone(c.contact_phone) if c.contact_phone else "",
        c.passed_to,
        c.callback_needed,
        c.outcome,
        c.complaint_number,
        c.message_for_resident_id,
        c.message_text,
        c.version,
        c.work_order_ref,
    )


def _phone(field: str, text: str) -> str:
    try:
        return store_phone(text).phone
    except ValidationError as exc:
        raise ValidationError(field, exc.message) from None


class CallService:
    """The desk's phone log."""

    def __init__(
        self, *, today: Callable[[], date] = local_today, now: Callable[[], datetime] = utcnow
    ) -> None:
        self._today = today
        self._now = now
        self._intake = IntakeService(today=today, now=now)

    def lookup_caller(self, *, actor: Actor, phone: str) -> list[SearchHit]:
        """The residents whose number on record is (or starts with) ``phone``: the estate's search.

        Raises:
            PermissionDenied: the actor may not do desk work.
        """
        hits = SearchService(today=self._today).search(actor=actor, text=phone, limit=10)
        return [h for h in hits if h.matched is Match.PHONE]

    def log_call(self, *, actor: Actor, client_id: str, call: CallInput) -> CallRow:
        """Record a call and each step of the procedure taken, audited.

        Raises:
            PermissionDenied: the actor may not do desk work.
            ValidationError: ``caller_phone``, ``caller_name``, ``caller_identity``, ``matter``,
                ``answer``, ``contact_phone``, ``passed_to``, ``unit`` or ``caller_resident_id``.
        """
        actor.require(Permission.DESK_WORK)
        with storage_errors():
            existing = find_submitted(PhoneCall, client_id)
        if existing is not None:
            return _row(existing)
        name = optional_text("caller_name", call.caller_name, 80)
        phone = _phone("caller_phone", call.caller_phone)
        identity = optional_text("caller_identity", call.caller_identity, 80)
        matter = required_text(
            "matter", call.matter, MAX_TEXT, _("Write down what the caller said."), multiline=True
        )
        answer = optional_text("answer", call.answer, MAX_TEXT, multiline=True)
        contact = _phone("contact_phone", call.contact_phone)
        now = self._now()
        with transaction():
            unit_code = ""
            resident = None
            if call.caller_resident_id is not None:
                resident = Resident.get_or_none(Resident.id == call.caller_resident_id)
                if resident is None:
                    raise ValidationError(
                        "caller_resident_id", _("The resident chosen is no longer in the registry.")
                    )
                name = name or resident.name
            unit_id = call.unit_id if call.unit_id is not None else (resident.unit_id if resident else None)
            if unit_id is not None:
                unit = Unit.get_or_none(Unit.id == unit_id)
                if unit is None:
                    raise ValidationError("unit", _("The unit no longer exists."))
                unit_code = unit.code
            if (
                call.passed_to
                and ComplaintDepartment.get_or_none(ComplaintDepartment.code == call.passed_to) is None
            ):
                raise ValidationError("passed_to", _("Choose the responsible department from the list."))
            outcome = "answered" if answer else ("contact" if contact or call.callback_needed else "answered")
            saved = PhoneCall.create(
                client_id=uuid.UUID(str(client_id)),
                received_at=now,
                received_on=self._today(),
                clerk=actor.username,
                clerk_name=actor.display_name,
                greeted=bool(call.greeted),
                caller_name=name,
                caller_phone=phone,
                caller_identity=identity,
                caller_resident_id=resident.id if resident else None,
                unit_id=unit_id,
                unit_code=unit_code,
                matter=matter,
                answer=answer,
                contact_phone=contact,
                passed_to=call.passed_to,
                callback_needed=bool(call.callback_needed),
                outcome=outcome,
                updated_by=actor.username,
            )
            audit.record(
                actor,
                "create",
                "phone_call",
                saved.id,
                after={"caller_name": name, "phone": phone, "unit": unit_code, "outcome": outcome},
            )
        return _row(saved)

    def _open_call(self, call_id: int) -> PhoneCall:
        call = PhoneCall.get_or_none(PhoneCall.id == call_id)
        if call is None:
            raise NotFound(_("The call is no longer in the log."))
        if call.outcome in ("complaint", "message", "work_order_request"):
            raise UserError(_("This call was already turned into a case or a message."))
        return call

    def _mark(self, actor: Actor, call: PhoneCall, changes: dict[str, object]) -> None:
        update_versioned(PhoneCall, call.id, call.version, changes, by=actor.username)
        audit.record(actor, "update", "phone_call", call.id, before={"outcome": call.outcome}, after=changes)

    def to_complaint(
        self,
        *,
        actor: Actor,
        client_id: str,
        call_id: int,
        cls: str,
        kind: str,
        content: str = "",
        place: str = "",
    ) -> ComplaintRow:
        """Make the call a complaint (channel phone, the caller as complainant, the call's matter).

        Raises:
            PermissionDenied: the actor may not do desk work.
            NotFound: the call is not in the log.
            UserError: the call became a case or message already.
            ValidationError: as for :meth:`IntakeService.take_complaint`.
        """
        actor.require(Permission.DESK_WORK)
        with transaction():
            call = self._open_call(call_id)
            complainant = ComplainantInput(
                call.caller_resident_id, call.caller_name or _("Caller"), call.caller_phone
            )
            row = self._intake.take_complaint(
                actor=actor,
                client_id=client_id,
                intake=IntakeInput(
                    channel="phone",
                    complainant=complainant,
                    unit_id=call.unit_id,
                    place=place,
                    content=content or call.matter,
                    cls=cls,
                    kind=kind,
                    occurred_at=call.received_at,
                ),
            )
            self._mark(actor, call, {"outcome": "complaint", "complaint_number": row.number})
        return row

    def to_message(self, *, actor: Actor, call_id: int, resident_id: int, text: str) -> CallRow:
        """Make the call a message for a resident of the registry.

        Raises NotFound, UserError as :meth:`to_complaint`; ValidationError on ``resident_id`` or ``text``.
        """
        actor.require(Permission.DESK_WORK)
        message = required_text("text", text, MAX_TEXT, _("Write down the message."), multiline=True)
        with transaction():
            call = self._open_call(call_id)
            if Resident.get_or_none(Resident.id == resident_id) is None:
                raise ValidationError("resident_id", _("The resident chosen is no longer in the registry."))
            self._mark(
                actor,
                call,
                {"outcome": "message", "message_for_resident_id": resident_id, "message_text": message},
            )
            return _row(PhoneCall.get_by_id(call.id))

    def to_work_order_request(self, *, actor: Actor, call_id: int, request: str) -> CallRow:
        """Make the call a work order request (kept on the call until work orders exist).

        Raises NotFound, UserError as :meth:`to_complaint`; ValidationError on ``request``.
        """
        actor.require(Permission.DESK_WORK)
        text = required_text(
            "request", request, MAX_TEXT, _("Write down what the work order should do."), multiline=True
        )
        with transaction():
            call = self._open_call(call_id)
            self._mark(actor, call, {"outcome": "work_order_request", "message_text": text})
            return _row(PhoneCall.get_by_id(call.id))

    def recent(self, *, actor: Actor, limit: int = 100) -> list[CallRow]:
        """The latest calls, newest first.

        Raises:
            PermissionDenied: the actor may not do desk work.
        """
        actor.require(Permission.DESK_WORK)
        with storage_errors():
            query = (
                PhoneCall.select().order_by(PhoneCall.received_at.desc(), PhoneCall.id.desc()).limit(limit)
            )
            return [_row(c) for c in query]

    def today_counts(self, *, actor: Actor) -> CallCounts:
        """Today's calls, and how many of them left a contact for a reply (counted, not read).

        Raises:
            PermissionDenied: the actor may not do desk work.
        """
        actor.require(Permission.DESK_WORK)
        today = PhoneCall.received_on == self._today()
        with storage_errors():
            return CallCounts(
                PhoneCall.select().where(today).count(),
                PhoneCall.select().where(today & (PhoneCall.outcome == "contact")).count(),
            )
