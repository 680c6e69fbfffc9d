"""Reading orders: one with its story, the list with its flags, a month, a unit's, Today's counts."""

from __future__ import annotations

from datetime import datetime

from frontdesk.auth import Actor
from frontdesk.callbacks.models import Callback
from frontdesk.callbacks.rows import CallbackRow
from frontdesk.callbacks.service import callback_row, calls_of, in_month
from frontdesk.db import storage_errors
from frontdesk.estate.common import check_period, choice
from frontdesk.workorders.common import (
    MODULE,
    WorkOrderBase,
    attention_condition,
    category_names,
    event_rows,
    get_order,
    material_rows,
    order_row,
    require_work,
)
from frontdesk.workorders.models import WorkOrder
from frontdesk.workorders.rows import (
    OPEN_STATUSES,
    WORKING,
    Department,
    ListFilter,
    OrderDetail,
    OrderRow,
    OrderStatus,
    TodayCounts,
    Urgency,
)

MAX_PAGE = 500
NO_FILTER = ListFilter()
_OPEN = [s.value for s in OPEN_STATUSES]
_WORKING = [s.value for s in WORKING]


def order_callbacks(order_id: int, now: datetime) -> tuple[CallbackRow, ...]:
    """The callbacks of an order with their calls, oldest first."""
    found = list(
        Callback.select()
        .where((Callback.module == MODULE) & (Callback.case_id == order_id))
        .order_by(Callback.id)
    )
    calls = calls_of([cb.id for cb in found])
    return tuple(callback_row(cb, now, calls[cb.id]) for cb in found)


class ReadingService(WorkOrderBase):
    """The order list, one order's record, a month's orders, the unit panel's and Today's."""

    def get(self, *, actor: Actor, number: str) -> OrderDetail:
        """One order with its transitions and notes, materials and callbacks.

        Raises:
            PermissionDenied: the actor may not work on orders.
            NotFound: no such order.
        """
        require_work(actor)
        now = self.now()
        with storage_errors():
            o = get_order(number)
            return OrderDetail(
                order_row(o, now),
                event_rows(o.id),
                material_rows(o.id),
                order_callbacks(o.id, now),
            )

    def list_orders(
        self,
        *,
        actor: Actor,
        filters: ListFilter = NO_FILTER,
        limit: int = 200,
        before: tuple[datetime, int] | None = None,
    ) -> list[OrderRow]:
        """Orders newest first, filtered; pass the last row's ``(received_at, id)`` as ``before``.

        Raises:
            PermissionDenied: the actor may not work on orders.
            ValidationError: ``status``, ``month`` or ``department`` is wrong.
        """
        require_work(actor)
        now = self.now()
        where = WorkOrder.id > 0
        if filters.status:
            where &= WorkOrder.status == choice("status", OrderStatus, filters.status).value
        if filters.open_only:
            where &= WorkOrder.status.in_(_OPEN)
        if filters.month:
            where &= in_month(WorkOrder.received_on, check_period("month", filters.month))
        if filters.attention_only:
            where &= attention_condition(now)
        if filters.unit_id is not None:
            where &= WorkOrder.unit_id == filters.unit_id
        if filters.technician_id is not None:
            where &= WorkOrder.technician_id == filters.technician_id
        if filters.department:
            where &= WorkOrder.department == choice("department", Department, filters.department).value
        if before is not None:
            at, last_id = before
            where &= (WorkOrder.received_at < at) | ((WorkOrder.received_at == at) & (WorkOrder.id < last_id))
        query = (
            WorkOrder.select()
            .where(where)
            .order_by(WorkOrder.received_at.desc(), WorkOrder.id.desc())
            .limit(max(1, min(limit, MAX_PAGE)))
        )
        with storage_errors():
            names = category_names()
            return [order_row(o, now, names) for o in query]

    def month(self, *, actor: Actor, month: str) -> list[OrderRow]:
        """Every order received in a month (``YYYY-MM``; ``""`` for all), oldest first (the export).

        Raises:
            PermissionDenied: the actor may not work on orders.
            ValidationError: ``month`` is not YYYY-MM.
        """
        require_work(actor)
        now = self.now()
        query = WorkOrder.select().order_by(WorkOrder.received_at, WorkOrder.id)
        if month:
            query = query.where(in_month(WorkOrder.received_on, check_period("month", month)))
        with storage_errors():
            names = category_names()
            return [order_row(o, now, names) for o in query]

    def open_for_unit(self, *, actor: Actor, unit_id: int, limit: int = 10) -> list[OrderRow]:
        """The unit's open orders, those standing out first, then newest (the unit panel).

        Raises:
            PermissionDenied: the actor may not work on orders.
        """
        require_work(actor)
        now = self.now()
        query = (
            WorkOrder.select()
            .where((WorkOrder.unit_id == unit_id) & WorkOrder.status.in_(_OPEN))
            .order_by(WorkOrder.received_at.desc())
            .limit(200)
        )
        with storage_errors():
            names = category_names()
            rows = [order_row(o, now, names) for o in query]
        rows.sort(key=lambda r: not r.attention)  # stable: newest first within each group
        return rows[:limit]

    def today_counts(self, *, actor: Actor) -> TodayCounts:
        """The Today tiles: received today, open, overdue, urgent not signed for in time, awaiting callback.

        Raises:
            PermissionDenied: the actor may not work on orders.
        """
        require_work(actor)
        now = self.now()
        working = WorkOrder.status.in_(_WORKING)
        with storage_errors():
            return TodayCounts(
                received_today=WorkOrder.select().where(WorkOrder.received_on == self.today()).count(),
                open=WorkOrder.select().where(WorkOrder.status.in_(_OPEN)).count(),
                overdue=WorkOrder.select().where(working & (WorkOrder.finish_by < now)).count(),
                urgent_unsigned=WorkOrder.select()
                .where(
                    working
                    & (WorkOrder.urgency == Urgency.URGENT.value)
                    & WorkOrder.signed_at.is_null()
                    & (WorkOrder.respond_by < now)
                )
                .count(),
                awaiting_callback=WorkOrder.select()
                .where(WorkOrder.status == OrderStatus.COMPLETED.value)
                .count(),
            )
