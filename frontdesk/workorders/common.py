"""What the work-order service's parts share: the clock, fetching an order, rows, deadlines, flags, checks."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta

import peewee as pw

from frontdesk.auth import Actor, Permission
from frontdesk.clock import local_today, utcnow
from frontdesk.errors import NotFound, PermissionDenied, UserError
from frontdesk.i18n import _
from frontdesk.identity import mask_phone
from frontdesk.numbering import PREFIXES, typed_number
from frontdesk.office import read_setting
from frontdesk.workorders.labels import category_label, label
from frontdesk.workorders.models import WorkCategory, WorkOrder, WorkOrderEvent, WorkOrderMaterial
from frontdesk.workorders.rows import (
    TRANSITIONS,
    WORKING,
    Department,
    EventRow,
    MaterialRow,
    OrderRow,
    OrderStatus,
    Urgency,
)

MODULE = "work_order"
_WORKING = [s.value for s in WORKING]


class WorkOrderBase:
    """The desk's clock, shared by every part of the work-order service (tests pass their own)."""

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


def require_work(actor: Actor) -> None:
    """Desk staff and engineering may read and move orders; anyone else is refused."""
    if not (actor.can(Permission.DESK_WORK) or actor.can(Permission.ENGINEERING)):
        actor.require(Permission.DESK_WORK)  # raises with the usual message


def deadlines(urgency: Urgency, received_at: datetime) -> tuple[datetime, datetime]:
    """The response (signed for) and completion deadlines of an order received at ``received_at``."""
    if urgency is Urgency.URGENT:
        respond = timedelta(minutes=int(read_setting("work_order_urgent_respond_minutes")))
        finish = timedelta(hours=int(read_setting("work_order_urgent_finish_hours")))
    else:
        respond = timedelta(hours=int(read_setting("work_order_normal_respond_hours")))
        finish = timedelta(hours=int(read_setting("work_order_normal_finish_hours")))
    return received_at + respond, received_at + finish


def is_overdue(o: WorkOrder, now: datetime) -> bool:
    """Still to be worked on past the completion deadline."""
    return o.status in _WORKING and o.finish_by < now


def is_unsigned_late(o: WorkOrder, now: datetime) -> bool:
    """Not signed for past the response deadline (and not cancelled)."""
    return o.status in _WORKING and o.signed_at is None and o.respond_by < now


def attention_condition(now: datetime) -> pw.Expression:
    """The SQL form of ``OrderRow.attention``: overdue, or urgent and not signed for in time."""
    return WorkOrder.status.in_(_WORKING) & (
        (WorkOrder.finish_by < now)
        | (
            (WorkOrder.urgency == Urgency.URGENT.value)
            & WorkOrder.signed_at.is_null()
            & (WorkOrder.respond_by < now)
        )
    )


def category_names() -> dict[str, str]:
    """Every category's name in the user's language, by code."""
    return {c.code: category_label(c.code, c.name) for c in WorkCategory.select()}


def order_row(o: WorkOrder, now: datetime, names: dict[str, str] | None = None) -> OrderRow:
    """The row of an order model (phone masked); ``names`` the categories' names when read already."""
    names = names if names is not None else category_names()
    return OrderRow(
        id=o.id,
        number=o.number,
        department=Department(o.department),
        unit_id=o.unit_id,
        unit_code=o.unit_code,
        place=o.place,
        problem=o.problem,
        category=o.category,
        category_name=names.get(o.category, category_label(o.category)),
        urgency=Urgency(o.urgency),
        window_start=o.window_start,
        window_end=o.window_end,
        reporter_name=o.reporter_name,
        reporter_phone_masked=mask_phone(o.reporter_phone) if o.reporter_phone else "",
        paid=o.paid,
        source_kind=o.source_kind,
        source_ref=o.source_ref,
        status=OrderStatus(o.status),
        received_at=o.received_at,
        clerk=o.clerk,
        clerk_name=o.clerk_name,
        respond_by=o.respond_by,
        finish_by=o.finish_by,
        technician_id=o.technician_id,
        technician_name=o.technician_name,
        proposal_reason=o.proposal_reason,
        dispatched_at=o.dispatched_at,
        signed_at=o.signed_at,
        surveyed_at=o.surveyed_at,
        findings=o.findings,
        labour_fen=o.labour_fen,
        materials_fen=o.materials_fen,
        started_at=o.started_at,
        completed_at=o.completed_at,
        work_done=o.work_done,
        hours_tenths=o.hours_tenths,
        fee_fen=o.fee_fen,
        charge_id=o.charge_id,
        closed_at=o.closed_at,
        cancelled_at=o.cancelled_at,
        cancel_reason=o.cancel_reason,
        reopen_count=o.reopen_count,
        overdue=is_overdue(o, now),
        unsigned_late=is_unsigned_late(o, now),
        purged=o.purged_at is not None,
        version=o.version,
    )


def event_rows(order_id: int) -> tuple[EventRow, ...]:
    """An order's recorded transitions and notes, in order."""
    query = WorkOrderEvent.select().where(WorkOrderEvent.order == order_id).order_by(WorkOrderEvent.id)
    return tuple(
        EventRow(e.action, e.from_status, e.done_at, e.done_by, e.done_by_name, e.technician_name, e.text)
        for e in query
    )


def material_rows(order_id: int) -> tuple[MaterialRow, ...]:
    """The materials used on an order, as entered."""
    query = (
        WorkOrderMaterial.select().where(WorkOrderMaterial.order == order_id).order_by(WorkOrderMaterial.id)
    )
    return tuple(MaterialRow(m.name, m.quantity, m.unit, m.amount_fen) for m in query)


def normal_number(text: str) -> str:
    """A typed number in its stored form (``gc 20261123 7`` → ``GC-20261123-0007``), else as typed."""
    return typed_number(text, PREFIXES["work_order"], PREFIXES["coordination"])


def get_order(number: str) -> WorkOrder:
    """The order with this number, or NotFound."""
    found = WorkOrder.get_or_none(WorkOrder.number == normal_number(number))
    if found is None:
        raise NotFound(_("No work order has the number {number}.").format(number=number.strip()))
    return found


def move(o: WorkOrder, to: OrderStatus) -> None:
    """Refuse a status change the transition table does not allow (a skipped step)."""
    if to not in TRANSITIONS[OrderStatus(o.status)]:
        raise UserError(
            _("Work order {number} is {a}: it cannot be {b} now.").format(
                number=o.number, a=label(OrderStatus(o.status)), b=label(to)
            )
        )


def refuse_engineer_of_other(actor: Actor, o: WorkOrder, technician_staff: int | None) -> None:
    """An engineer signed in may move only the orders dispatched to them (desk staff move any)."""
    if actor.can(Permission.DESK_WORK):
        return
    if technician_staff is None or technician_staff != actor.staff_id:
        raise PermissionDenied(_("Work order {number} is not dispatched to you.").format(number=o.number))
