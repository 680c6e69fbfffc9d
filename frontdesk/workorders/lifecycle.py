"""The order's lifecycle through the one transition table: dispatch to close, cancel, the callback's word.

created → dispatched → signed for → surveyed → [paid: quoted → approved / refused] → in progress →
completed → (callback) → closed. Each method takes the order's ``version`` (a stale one: "changed
by X at T"), refuses a step the table does not allow, and records who and when (an event row and
an audit entry) in the same transaction. Completion schedules the callback in the shared queue and
puts a paid order's fee on the unit's account; the callback's outcome closes or reopens the order.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

from frontdesk import audit
from frontdesk.auth import Actor, Permission, Staff, confirm
from frontdesk.base import require_version, update_versioned
from frontdesk.callbacks import service as callbacks
from frontdesk.callbacks.owners import CaseOwners
from frontdesk.callbacks.rows import CallbackOutcome
from frontdesk.db import storage_errors, transaction
from frontdesk.errors import UserError, ValidationError
from frontdesk.estate import unit_balances
from frontdesk.estate.common import optional_text, required_text
from frontdesk.estate.kinds import ChargeKind
from frontdesk.estate.models import Charge
from frontdesk.i18n import _
from frontdesk.money import fen_to_text, yuan_to_fen
from frontdesk.workorders.common import (
    MODULE,
    WorkOrderBase,
    get_order,
    move,
    order_row,
    refuse_engineer_of_other,
    require_work,
)
from frontdesk.workorders.dispatch import office_rule, propose_for
from frontdesk.workorders.labels import label
from frontdesk.workorders.models import Technician, WorkOrder, WorkOrderEvent, WorkOrderMaterial
from frontdesk.workorders.rows import CANCELLABLE, MaterialInput, OrderRow, OrderStatus

MAX_TEXT = 2000
MAX_MATERIALS = 50
MAX_HOURS = Decimal(1000)
_CLOCK_SLACK = timedelta(minutes=5)


def _text(field: str, value: str, message: str) -> str:
    return required_text(field, value, MAX_TEXT, message, multiline=True)


def _fen(field: str, value: Decimal | str | int, *, allow_zero: bool = True) -> int:
    try:
        fen = yuan_to_fen(value)
    except ValueError as exc:
        raise ValidationError(field, str(exc)) from None
    if fen < 0 or (fen == 0 and not allow_zero):
        raise ValidationError(field, _("The amount must be more than zero."))
    return fen


def _hours(value: Decimal | str) -> int:
    """Hours worked in tenths (``"1.5"`` → 15); refuses more than one decimal or a silly number."""
    try:
        hours = Decimal(str(value).strip() or "x")
    except InvalidOperation:
        raise ValidationError("hours", _("Type the hours worked, like 1.5.")) from None
    if not hours.is_finite() or hours <= 0 or hours > MAX_HOURS or hours != hours.quantize(Decimal("0.1")):
        raise ValidationError("hours", _("Type the hours worked, more than 0, with at most one decimal."))
    return int(hours * 10)


def _materials(lines: Sequence[MaterialInput]) -> list[dict[str, Any]]:
    if len(lines) > MAX_MATERIALS:
        raise ValidationError("materials", _("At most {n} materials.").format(n=MAX_MATERIALS))
    checked = []
    for n, m in enumerate(lines):
        checked.append(
            {
                "name": required_text(f"materials.{n}.name", m.name, 80, _("Type the material's name.")),
                "quantity": optional_text(f"materials.{n}.quantity", m.quantity, 20),
                "unit": optional_text(f"materials.{n}.unit", m.unit, 10),
                "amount_fen": _fen(f"materials.{n}.amount", m.amount),
            }
        )
    return checked


def _staff_of(technician_id: int | None) -> tuple[int | None, str]:
    """The staff account (id, user name) of a technician who signs in, else (None, "")."""
    if technician_id is None:
        return None, ""
    tech = Technician.get_or_none(Technician.id == technician_id)
    if tech is None or tech.staff_id is None:
        return None, ""
    staff = Staff.get_or_none(Staff.id == tech.staff_id)
    return (tech.staff_id, staff.username) if staff is not None else (None, "")


def _event(o: WorkOrder, actor: Actor, action: str, at: datetime, text: str = "", tech: str = "") -> None:
    WorkOrderEvent.create(
        order=o.id,
        action=action,
        from_status=o.status,
        done_at=at,
        done_by=actor.username,
        done_by_name=actor.display_name,
        technician_name=tech,
        text=text,
    )


def callback_outcome(actor: Actor, case_id: int, outcome: CallbackOutcome, at: datetime) -> None:
    """What the callback made of an order: closed, or reopened (in progress again, counted)."""
    o = WorkOrder.get_by_id(case_id)
    if outcome is CallbackOutcome.CLOSED:
        move(o, OrderStatus.CLOSED)
        changes: dict[str, Any] = {"status": OrderStatus.CLOSED.value, "closed_at": at}
        _event(o, actor, OrderStatus.CLOSED.value, at)
    elif outcome is CallbackOutcome.REOPENED:
        move(o, OrderStatus.IN_PROGRESS)
        changes = {"status": OrderStatus.IN_PROGRESS.value, "reopen_count": o.reopen_count + 1}
        _event(o, actor, "reopened", at, tech=o.technician_name)
    else:  # escalated: the callback queue tells the supervisor; the order waits as it is
        return
    update_versioned(WorkOrder, o.id, o.version, changes, by=actor.username)
    audit.record(
        actor, "status", "work_order", o.number, before={"status": o.status},
        after={"callback": outcome.value, **changes},
    )  # fmt: skip


def register_callbacks(owners: CaseOwners) -> None:
    """Work orders own cases in the callback queue (called when the services are wired)."""
    owners.register(MODULE, callback_outcome)


class LifecycleService(WorkOrderBase):
    """Every transition of an order, the follow-up notes, and cancelling."""

    def _transition(
        self,
        actor: Actor,
        number: str,
        version: int,
        to: OrderStatus,
        changes: dict[str, Any],
        *,
        text: str = "",
        action: str = "",
    ) -> tuple[WorkOrder, OrderRow]:
        """Move the order to ``to`` with ``changes`` (inside the caller's transaction)."""
        now = self.now()
        o = get_order(number)
        require_version(o, version)
        refuse_engineer_of_other(actor, o, _staff_of(o.technician_id)[0])
        move(o, to)
        _event(o, actor, action or to.value, now, text, changes.get("technician_name", o.technician_name))
        values = {"status": to.value, **changes}
        update_versioned(WorkOrder, o.id, version, values, by=actor.username)
        audit.record(
            actor,
            "status",
            "work_order",
            o.number,
            before={"status": o.status},
            after={k: v for k, v in values.items() if k != "proposal_reason"}
            | ({"text": text} if text else {}),
        )
        return o, order_row(WorkOrder.get_by_id(o.id), now)

    def dispatch(self, *, actor: Actor, number: str, version: int, technician_id: int) -> OrderRow:
        """② Dispatch to a technician (again, while not yet signed for: to another one), audited.

        The proposal's reason is kept when the dispatcher chose the proposed technician. Print the
        slip (``work_slip``) to hand over.

        Raises:
            PermissionDenied: the actor may not do desk work.
            NotFound: no such order.
            UserError: the order is past dispatching.
            ValidationError: ``technician_id``: unknown, inactive, off duty or of another department.
            Conflict: the order changed meanwhile.
        """
        actor.require(Permission.DESK_WORK)
        now = self.now()
        with transaction():
            o = get_order(number)
            tech = Technician.get_or_none(Technician.id == technician_id)
            if tech is None or not tech.active:
                raise ValidationError("technician_id", _("Choose a technician from the list."))
            if tech.department != o.department:
                raise ValidationError("technician_id", _("The technician works for another department."))
            if not tech.on_duty:
                raise ValidationError("technician_id", _("{name} is not on duty.").format(name=tech.name))
            proposal = propose_for(o.department, o.category, office_rule())
            why = proposal.reason if proposal.technician_id == tech.id else ""
            again = o.status == OrderStatus.DISPATCHED.value
            row = self._transition(
                actor,
                number,
                version,
                OrderStatus.DISPATCHED,
                {
                    "technician_id": tech.id,
                    "technician_name": tech.name,
                    "proposal_reason": why[:200],
                    "dispatched_at": now,
                },
                text=why,
                action="reassign" if again else "",
            )[1]
            Technician.update(last_assigned_at=now).where(Technician.id == tech.id).execute()
            return row

    def sign_for(
        self, *, actor: Actor, number: str, version: int, signed_at: datetime | None = None
    ) -> OrderRow:
        """③ The technician signed for the slip (at ``signed_at``, naive UTC; None: now).

        Raises:
            PermissionDenied: neither desk nor engineering, or an engineer of another order.
            NotFound, Conflict; UserError out of order; ValidationError on ``signed_at``.
        """
        require_work(actor)
        now = self.now()
        moment = signed_at or now
        if moment > now + _CLOCK_SLACK:
            raise ValidationError("signed_at", _("The time cannot be in the future."))
        with transaction():
            o = get_order(number)
            if o.dispatched_at is not None and moment < o.dispatched_at - _CLOCK_SLACK:
                raise ValidationError(
                    "signed_at", _("The slip cannot be signed for before it was dispatched.")
                )
            return self._transition(actor, number, version, OrderStatus.SIGNED_FOR, {"signed_at": moment})[1]

    def survey(
        self, *, actor: Actor, number: str, version: int, findings: str, paid: bool | None = None
    ) -> OrderRow:
        """④ What the survey found (勘察結束); ``paid`` changes whether the work is charged.

        Raises:
            ValidationError: ``findings``, or ``paid`` for an order of a public place.
            PermissionDenied, NotFound, Conflict, UserError as :meth:`sign_for`.
        """
        require_work(actor)
        text = _text("findings", findings, _("Write down what the survey found."))
        with transaction():
            o = get_order(number)
            changes: dict[str, Any] = {"surveyed_at": self.now(), "findings": text}
            if paid is not None and bool(paid) != o.paid:
                if paid and o.unit_id is None:
                    raise ValidationError("paid", _("A paid order is charged to a unit: choose the unit."))
                changes["paid"] = bool(paid)
            return self._transition(actor, number, version, OrderStatus.SURVEYED, changes, text=text)[1]

    def quote(
        self,
        *,
        actor: Actor,
        number: str,
        version: int,
        labour: Decimal | str,
        materials: Decimal | str,
        note: str = "",
    ) -> OrderRow:
        """⑤ A paid order's quote: labour and materials in yuan (again after a refusal).

        Raises:
            UserError: a free order, or out of order.
            ValidationError: ``labour``, ``materials`` (the total must be more than zero) or ``note``.
            PermissionDenied, NotFound, Conflict as :meth:`sign_for`.
        """
        require_work(actor)
        labour_fen, materials_fen = _fen("labour", labour), _fen("materials", materials)
        if labour_fen + materials_fen == 0:
            raise ValidationError("labour", _("The quote must be more than zero."))
        text = optional_text("note", note, MAX_TEXT, multiline=True)
        with transaction():
            o = get_order(number)
            if not o.paid:
                raise UserError(_("Work order {n} is free of charge: it is not quoted.").format(n=o.number))
            summary = _("Labour ¥{a}, materials ¥{b}").format(
                a=fen_to_text(labour_fen), b=fen_to_text(materials_fen)
            )
            changes: dict[str, Any] = {
                "labour_fen": labour_fen, "materials_fen": materials_fen, "quote_note": text,
                "decided_by": "", "decided_at": None,  # a new quote waits for its own decision
            }  # fmt: skip
            body = f"{summary}\n{text}".strip()
            return self._transition(actor, number, version, OrderStatus.QUOTED, changes, text=body)[1]

    def decide_quote(
        self, *, actor: Actor, number: str, version: int, approve: bool, note: str = ""
    ) -> OrderRow:
        """⑥ The supervisor approves the quote, or refuses it (then quote again or cancel).

        Raises:
            PermissionDenied: not a supervisor (checked against the staff table).
            ValidationError: ``note`` (required when refusing).
            NotFound, Conflict; UserError out of order.
        """
        confirm(actor, Permission.OVERRIDE)
        if approve:
            text = optional_text("note", note, MAX_TEXT, multiline=True)
        else:
            text = _text("note", note, _("Say why the quote is refused."))
        to = OrderStatus.APPROVED if approve else OrderStatus.REFUSED
        with transaction():
            changes = {"decided_by": actor.username, "decided_at": self.now()}
            return self._transition(actor, number, version, to, changes, text=text)[1]

    def start_work(self, *, actor: Actor, number: str, version: int) -> OrderRow:
        """⑦ The work begins (after the survey of a free order, after the approval of a paid one).

        Raises:
            UserError: a paid order not approved, or out of order.
            PermissionDenied, NotFound, Conflict as :meth:`sign_for`.
        """
        require_work(actor)
        with transaction():
            o = get_order(number)
            if o.paid and o.status == OrderStatus.SURVEYED.value:
                raise UserError(
                    _("Work order {n} is paid: quote it and have the quote approved first.").format(
                        n=o.number
                    )
                )
            return self._transition(
                actor, number, version, OrderStatus.IN_PROGRESS, {"started_at": self.now()}
            )[1]

    def add_note(self, *, actor: Actor, number: str, text: str) -> OrderRow:
        """A follow-up note (跟進) on an open order; notes do not change the order, so no version.

        Raises:
            ValidationError: ``text``.
            UserError: the order is closed or cancelled.
            PermissionDenied, NotFound as :meth:`sign_for`.
        """
        require_work(actor)
        body = _text("text", text, _("Write down the follow-up."))
        now = self.now()
        with transaction():
            o = get_order(number)
            if o.status in (OrderStatus.CLOSED.value, OrderStatus.CANCELLED.value):
                raise UserError(
                    _("Work order {n} is {status}.").format(n=o.number, status=label(OrderStatus(o.status)))
                )
            _event(o, actor, "note", now, body, o.technician_name)
            audit.record(actor, "note", "work_order", o.number, after={"text": body})
            return order_row(o, now)

    def complete(
        self,
        *,
        actor: Actor,
        number: str,
        version: int,
        work_done: str,
        hours: Decimal | str,
        materials: Sequence[MaterialInput] = (),
        fee: Decimal | str | None = None,
    ) -> OrderRow:
        """⑧ The work is done: what, materials, hours, fee; the callback is scheduled.

        A paid order's fee (default: the approved quote) becomes a charge on the unit's account,
        once (a reopened order completing again is not charged twice); a free order has no fee.

        Raises:
            ValidationError: ``work_done``, ``hours``, ``materials.N.*`` or ``fee``.
            PermissionDenied, NotFound, Conflict; UserError out of order.
        """
        require_work(actor)
        done = _text("work_done", work_done, _("Write down the work done."))
        tenths = _hours(hours)
        lines = _materials(materials)
        now, today = self.now(), self.today()
        with transaction():
            o = get_order(number)
            fee_fen = self._fee(o, fee)
            changes: dict[str, Any] = {
                "completed_at": now, "work_done": done, "hours_tenths": tenths, "fee_fen": fee_fen,
            }  # fmt: skip
            charge = None
            if fee_fen and o.charge_id is None and o.unit_id is not None:
                charge = Charge.create(
                    unit=o.unit_id,
                    kind=ChargeKind.OTHER.value,
                    description=_("Work order {n}").format(n=o.number)[:200],
                    amount_fen=fee_fen,
                    due_date=today,
                    updated_by=actor.username,
                    client_id=uuid.uuid4(),
                )
                unit_balances.charges_added([(o.unit_id, today, fee_fen)])
                audit.record(
                    actor, "create", "charge", charge.id,
                    after={"unit_id": o.unit_id, "amount_fen": fee_fen, "work_order": o.number},
                )  # fmt: skip
                changes["charge_id"] = charge.id
            o, row = self._transition(actor, number, version, OrderStatus.COMPLETED, changes, text=done)
            for line in lines:
                WorkOrderMaterial.create(order=o.id, **line)
            handlers = WorkOrderEvent.select(WorkOrderEvent.done_by).where(
                (WorkOrderEvent.order == o.id)
                & WorkOrderEvent.action.not_in(
                    [OrderStatus.CREATED.value, "reopened", OrderStatus.CLOSED.value]
                )
            )  # the intake and the callbacks' own entries are not handling: their callers may call again
            callbacks.schedule(
                module=MODULE,
                case_id=o.id,
                case_ref=o.number,
                unit_id=o.unit_id,
                unit_code=o.unit_code or o.place,
                resident_name=o.reporter_name,
                phone=o.reporter_phone,
                handled_by=[h.done_by for h in handlers] + [_staff_of(o.technician_id)[1]],
                handled_by_name=o.technician_name or actor.display_name,
                now=now,
            )
            return row

    @staticmethod
    def _fee(o: WorkOrder, fee: Decimal | str | None) -> int:
        if not o.paid:
            if fee is not None and _fen("fee", fee) != 0:
                raise ValidationError("fee", _("Work order {n} is free of charge.").format(n=o.number))
            return 0
        if o.charge_id is not None:  # done again after a callback reopened it: charged once only
            if fee is not None and _fen("fee", fee) != o.fee_fen:
                raise ValidationError(
                    "fee", _("The fee was charged already: ¥{fee}.").format(fee=fen_to_text(o.fee_fen or 0))
                )
            return int(o.fee_fen or 0)
        if fee is None:
            if o.labour_fen is None:
                raise ValidationError("fee", _("Type the fee agreed."))
            return int(o.labour_fen + (o.materials_fen or 0))
        return _fen("fee", fee, allow_zero=False)

    def cancel(self, *, actor: Actor, number: str, version: int, reason: str) -> OrderRow:
        """Cancel an open order with a reason (never from completed, closed or cancelled), audited.

        Raises:
            PermissionDenied: the actor may not do desk work.
            ValidationError: ``reason``.
            UserError: the order is completed, closed or cancelled already.
            NotFound, Conflict.
        """
        actor.require(Permission.DESK_WORK)
        why = required_text("reason", reason, 200, _("Say why the order is cancelled."))
        now = self.now()
        with storage_errors(), transaction():
            o = get_order(number)
            require_version(o, version)
            if OrderStatus(o.status) not in CANCELLABLE:
                raise UserError(
                    _("Work order {n} is {status}: it cannot be cancelled.").format(
                        n=o.number, status=label(OrderStatus(o.status))
                    )
                )
            _event(o, actor, OrderStatus.CANCELLED.value, now, why, o.technician_name)
            changes = {"status": OrderStatus.CANCELLED.value, "cancelled_at": now, "cancel_reason": why}
            update_versioned(WorkOrder, o.id, version, changes, by=actor.username)
            audit.record(actor, "status", "work_order", o.number, before={"status": o.status}, after=changes)
            return order_row(WorkOrder.get_by_id(o.id), now)
