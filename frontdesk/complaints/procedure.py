"""The two procedures as ordered steps the core enforces; reclassification, escalation, the callback's word.

Valid: record → nature → department → site visit → handling → callback.
Communicative: record → identity → fee status → notify or answer → callback.
Each step is refused unless it is the complaint's next one. The first step after the record puts
the complaint in handling; the last one before the callback puts it awaiting its callback, which is
scheduled in the shared queue; the callback's outcome closes or reopens it (:func:`callback_outcome`).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from frontdesk import audit
from frontdesk.auth import Actor, Permission
from frontdesk.base import require_version, update_versioned
from frontdesk.callbacks import service as callbacks
from frontdesk.callbacks.owners import CaseOwners
from frontdesk.callbacks.rows import CallbackOutcome
from frontdesk.complaints.common import (
    ComplaintBase,
    classification,
    complaint_row,
    deadlines,
    get_complaint,
    move,
)
from frontdesk.complaints.labels import label
from frontdesk.complaints.models import Complaint, ComplaintClassChange, ComplaintDepartment, ComplaintStep
from frontdesk.complaints.rows import (
    PROCEDURES,
    TRANSITIONS,
    CommunicativeType,
    ComplaintClass,
    ComplaintRow,
    ComplaintStatus,
    Step,
)
from frontdesk.db import storage_errors, transaction
from frontdesk.errors import UserError, ValidationError
from frontdesk.estate.balances import unit_arrears
from frontdesk.estate.common import optional_text, required_text
from frontdesk.estate.ledger import ArrearsSummary
from frontdesk.i18n import _

MODULE = "complaint"
MAX_TEXT = 1000
_CLOCK_SLACK = timedelta(minutes=5)
#: the step the handling starts again from when a callback reopens the complaint
_HANDLING = {ComplaintClass.VALID: Step.HANDLING, ComplaintClass.COMMUNICATIVE: Step.RESPONSE}


def _department(field: str, code: str) -> str:
    found = ComplaintDepartment.get_or_none(ComplaintDepartment.code == code.strip())
    if found is None or not found.active:
        raise ValidationError(field, _("Choose the responsible department from the list."))
    return str(found.code)


def _text(field: str, value: str, message: str) -> str:
    return required_text(field, value, MAX_TEXT, message, multiline=True)


def callback_outcome(actor: Actor, case_id: int, outcome: CallbackOutcome, at: datetime) -> None:
    """What the callback made of a complaint: closed, reopened (handling again), or escalated."""
    c = Complaint.get_by_id(case_id)
    changes: dict[str, Any] = {}
    if outcome is CallbackOutcome.CLOSED:
        move(c, ComplaintStatus.CLOSED)
        changes = {"status": ComplaintStatus.CLOSED.value, "closed_at": at, "next_step": ""}
    elif outcome is CallbackOutcome.REOPENED:
        move(c, ComplaintStatus.REOPENED)
        step = _HANDLING[ComplaintClass(c.category)]
        changes = {
            "status": ComplaintStatus.REOPENED.value,
            "next_step": step.value,
            "reopen_count": c.reopen_count + 1,
        }
    elif c.escalated_at is None:
        changes = {
            "escalated_at": at,
            "escalated_by": actor.username,
            "escalation_reason": _("Three callback calls went unanswered.")[:200],
        }
    if not changes:
        return
    update_versioned(Complaint, c.id, c.version, changes, by=actor.username)
    audit.record(
        actor,
        "status",
        "complaint",
        c.number,
        before={"status": c.status},
        after={"callback": outcome.value, **{k: v for k, v in changes.items() if k != "escalation_reason"}},
    )


def register_callbacks(owners: CaseOwners) -> None:
    """Complaints own cases in the callback queue (called when the services are wired)."""
    owners.register(MODULE, callback_outcome)


class ProcedureService(ComplaintBase):
    """The steps of both procedures, reclassification, escalation and the work-order request."""

    def _advance(
        self, actor: Actor, number: str, version: int, step: Step, values: dict[str, Any]
    ) -> ComplaintRow:
        actor.require(Permission.DESK_WORK)
        now = self.now()
        with transaction():
            c = get_complaint(number)
            require_version(c, version)
            if c.next_step != step.value:
                if not c.next_step or c.next_step == Step.CALLBACK.value:
                    raise UserError(
                        _("The handling of {n} is finished: its callback comes next.").format(n=c.number)
                        if c.status != ComplaintStatus.CLOSED.value
                        else _("Complaint {n} is closed.").format(n=c.number)
                    )
                raise UserError(
                    _("The next step of {n} is “{step}”: record that first.").format(
                        n=c.number, step=label(Step(c.next_step))
                    )
                )
            ComplaintStep.create(
                complaint=c.id,
                step=step.value,
                done_at=now,
                done_by=actor.username,
                done_by_name=actor.display_name,
                **values,
            )
            procedure = PROCEDURES[ComplaintClass(c.category)]
            following = procedure[procedure.index(step) + 1]
            changes: dict[str, Any] = {"next_step": following.value}
            if c.status == ComplaintStatus.OPEN.value:
                move(c, ComplaintStatus.IN_HANDLING)
                changes["status"] = ComplaintStatus.IN_HANDLING.value
            if c.first_response_at is None:
                changes["first_response_at"] = now
            if values.get("department"):
                changes["department"] = values["department"]
            if following is Step.CALLBACK:
                status = ComplaintStatus(changes.get("status", c.status))
                if ComplaintStatus.AWAITING_CALLBACK not in TRANSITIONS[status]:
                    raise UserError(_("Complaint {n} is not in handling.").format(n=c.number))
                changes["status"] = ComplaintStatus.AWAITING_CALLBACK.value
                changes["handling_done_at"] = now
                handlers = ComplaintStep.select(ComplaintStep.done_by).where(
                    (ComplaintStep.complaint == c.id) & (ComplaintStep.step != Step.RECORD.value)
                )
                callbacks.schedule(
                    module=MODULE,
                    case_id=c.id,
                    case_ref=c.number,
                    unit_id=c.unit_id,
                    unit_code=c.unit_code or c.place,
                    resident_name=c.complainant_name,
                    phone=c.complainant_phone,
                    handled_by=[h.done_by for h in handlers],
                    handled_by_name=actor.display_name,
                    now=now,
                )
            update_versioned(Complaint, c.id, version, changes, by=actor.username)
            audit.record(
                actor,
                "step",
                "complaint",
                c.number,
                before={"status": c.status, "next_step": c.next_step},
                after={
                    "step": step.value,
                    **{k: v for k, v in values.items() if v not in ("", None)},
                    **changes,
                },
            )
            return complaint_row(Complaint.get_by_id(c.id), now)

    # -- valid complaints ------------------------------------------------------------------

    def judge_nature(self, *, actor: Actor, number: str, version: int, nature: str) -> ComplaintRow:
        """Valid ②: what the failure is. Raises ValidationError on ``nature``; UserError out of order."""
        text = _text("nature", nature, _("Write down the nature of the complaint."))
        return self._advance(actor, number, version, Step.NATURE, {"text": text})

    def assign_department(self, *, actor: Actor, number: str, version: int, department: str) -> ComplaintRow:
        """Valid ③: the responsible department (from the office's list). ValidationError on ``department``."""
        with storage_errors():
            code = _department("department", department)
        return self._advance(actor, number, version, Step.DEPARTMENT, {"department": code})

    def record_site_visit(
        self, *, actor: Actor, number: str, version: int, supervisor: str, visited_at: datetime, findings: str
    ) -> ComplaintRow:
        """Valid ④: to the site with the department's supervisor: who, when (naive UTC), what was found.

        Raises ValidationError on ``supervisor``, ``visited_at`` or ``findings``.
        """
        who = required_text("supervisor", supervisor, 80, _("Enter the department supervisor who went."))
        if visited_at > self.now() + _CLOCK_SLACK:
            raise ValidationError("visited_at", _("The time cannot be in the future."))
        text = _text("findings", findings, _("Write down what was found on site."))
        return self._advance(
            actor, number, version, Step.SITE_VISIT, {"person": who, "when": visited_at, "text": text}
        )

    def record_handling(
        self, *, actor: Actor, number: str, version: int, actions: str, result: str
    ) -> ComplaintRow:
        """Valid ⑤: the handling the supervisor led (actions, result); the callback is scheduled.

        Raises ValidationError on ``actions`` or ``result``.
        """
        done = _text("actions", actions, _("Write down what was done."))
        outcome = _text("result", result, _("Write down the result."))
        return self._advance(actor, number, version, Step.HANDLING, {"text": done, "result": outcome})

    # -- communicative complaints ----------------------------------------------------------

    def confirm_identity(
        self, *, actor: Actor, number: str, version: int, is_resident: bool, note: str = ""
    ) -> ComplaintRow:
        """Communicative ②: is the complainant a resident of the unit (recorded as checked)."""
        text = optional_text("note", note, MAX_TEXT, multiline=True)
        return self._advance(actor, number, version, Step.IDENTITY, {"flag": bool(is_resident), "text": text})

    def fee_status(self, *, actor: Actor, number: str) -> ArrearsSummary | None:
        """The complaint's unit's fee status to show at step ③ (None for a public place).

        Raises:
            PermissionDenied: the actor may not do desk work.
            NotFound: no such complaint.
        """
        actor.require(Permission.DESK_WORK)
        with storage_errors():
            c = get_complaint(number)
            return unit_arrears(c.unit_id, self.today()) if c.unit_id is not None else None

    def record_fee_status(self, *, actor: Actor, number: str, version: int, note: str = "") -> ComplaintRow:
        """Communicative ③: the unit's fee status seen; the arrears of today are recorded with it."""
        text = optional_text("note", note, MAX_TEXT, multiline=True)
        with storage_errors():
            c = get_complaint(number)
            arrears = unit_arrears(c.unit_id, self.today()).arrears_fen if c.unit_id is not None else None
        return self._advance(actor, number, version, Step.FEE_STATUS, {"amount_fen": arrears, "text": text})

    def record_response(
        self, *, actor: Actor, number: str, version: int, answered: bool, said: str, department: str = ""
    ) -> ComplaintRow:
        """Communicative ④: the resident answered on the spot (what was said), or a department notified.

        The callback is scheduled. Raises ValidationError on ``said`` or ``department``.
        """
        text = _text(
            "said", said, _("Write down what was said.") if answered else _("Write down what was passed on.")
        )
        code = ""
        if not answered:
            with storage_errors():
                code = _department("department", department)
        return self._advance(
            actor, number, version, Step.RESPONSE, {"flag": bool(answered), "text": text, "department": code}
        )

    # -- changes outside the steps ---------------------------------------------------------

    def reclassify(
        self, *, actor: Actor, number: str, version: int, cls: str, kind: str, reason: str
    ) -> ComplaintRow:
        """Change the classification with a reason; the history is kept.

        A change of class puts the complaint on the other procedure, from its second step.

        Raises:
            PermissionDenied: the actor may not do desk work.
            NotFound: no such complaint.
            UserError: closed or awaiting its callback, or classified so already.
            ValidationError: ``cls``, ``kind`` or ``reason``.
            Conflict: the complaint changed meanwhile.
        """
        actor.require(Permission.DESK_WORK)
        klass, kind = classification(cls, kind)
        why = required_text("reason", reason, 200, _("Say why the complaint is reclassified."))
        now = self.now()
        with transaction():
            c = get_complaint(number)
            require_version(c, version)
            if c.status in (ComplaintStatus.CLOSED.value, ComplaintStatus.AWAITING_CALLBACK.value):
                raise UserError(
                    _("Complaint {n} is {status}: it cannot be reclassified now.").format(
                        n=c.number, status=label(ComplaintStatus(c.status))
                    )
                )
            if (c.category, c.kind) == (klass.value, kind):
                raise ValidationError("kind", _("The complaint is classified so already."))
            changes: dict[str, Any] = {
                "category": klass.value,
                "kind": kind,
                "reclass_count": c.reclass_count + 1,
            }
            if klass.value != c.category:
                changes["next_step"] = PROCEDURES[klass][1].value
                changes["close_by"] = deadlines(klass, c.received_at)[1]
            ComplaintClassChange.create(
                complaint=c.id,
                category=klass.value,
                kind=kind,
                reason=why,
                changed_at=now,
                changed_by=actor.username,
                changed_by_name=actor.display_name,
            )
            update_versioned(Complaint, c.id, version, changes, by=actor.username)
            audit.record(
                actor,
                "reclassify",
                "complaint",
                c.number,
                before={"class": f"{c.category}:{c.kind}"},
                after={"class": f"{klass.value}:{kind}", "reason": why},
            )
            return complaint_row(Complaint.get_by_id(c.id), now)

    def escalate(self, *, actor: Actor, number: str, version: int, reason: str) -> ComplaintRow:
        """Refer a serious complaint to the supervisor (重大問題報請公司領導解決), audited.

        Raises UserError when closed or escalated already; ValidationError on ``reason``.
        """
        actor.require(Permission.DESK_WORK)
        why = required_text("reason", reason, 200, _("Say why the complaint goes to the supervisor."))
        now = self.now()
        with transaction():
            c = get_complaint(number)
            require_version(c, version)
            if c.status == ComplaintStatus.CLOSED.value or c.escalated_at is not None:
                raise UserError(
                    _("Complaint {n} is closed or with the supervisor already.").format(n=c.number)
                )
            changes = {"escalated_at": now, "escalated_by": actor.username, "escalation_reason": why}
            update_versioned(Complaint, c.id, version, changes, by=actor.username)
            audit.record(actor, "escalate", "complaint", c.number, after={"reason": why})
            return complaint_row(Complaint.get_by_id(c.id), now)

    def request_work_order(self, *, actor: Actor, number: str, version: int, request: str) -> ComplaintRow:
        """Record the work order a help-seeking complaint needs (the link is filled once it exists).

        Raises UserError for a complaint that is not help-seeking or is closed; ValidationError on
        ``request``.
        """
        actor.require(Permission.DESK_WORK)
        text = _text("request", request, _("Write down what the work order should do."))
        now = self.now()
        with transaction():
            c = get_complaint(number)
            require_version(c, version)
            if c.kind != CommunicativeType.HELP.value or c.status == ComplaintStatus.CLOSED.value:
                raise UserError(_("Only an open help-seeking complaint asks for a work order."))
            update_versioned(Complaint, c.id, version, {"work_order_request": text}, by=actor.username)
            audit.record(
                actor,
                "update",
                "complaint",
                c.number,
                before={"work_order_request": c.work_order_request},
                after={"work_order_request": text},
            )
            return complaint_row(Complaint.get_by_id(c.id), now)

    def link_work_order(self, *, actor: Actor, number: str, version: int, work_order: str) -> ComplaintRow:
        """Fill in the number of the work order made from the complaint's request, audited.

        Raises UserError when no work order was requested; ValidationError on ``work_order``.
        """
        actor.require(Permission.DESK_WORK)
        ref = required_text("work_order", work_order, 24, _("Type the work order's number."))
        now = self.now()
        with transaction():
            c = get_complaint(number)
            require_version(c, version)
            if not c.work_order_request:
                raise UserError(_("No work order was requested for complaint {n}.").format(n=c.number))
            update_versioned(Complaint, c.id, version, {"work_order_ref": ref}, by=actor.username)
            audit.record(
                actor,
                "update",
                "complaint",
                c.number,
                before={"work_order_ref": c.work_order_ref},
                after={"work_order_ref": ref},
            )
            return complaint_row(Complaint.get_by_id(c.id), now)
