"""The demo's work orders: about 1.2 a unit a year, consistent with their lifecycle, the same per seed."""

from __future__ import annotations

import time as clock
from collections import Counter
from datetime import UTC, date, datetime

from frontdesk.auth import Actor
from frontdesk.callbacks.models import Callback
from frontdesk.clock import local_today
from frontdesk.db import transaction
from frontdesk.demo import load_demo
from frontdesk.demo.workorders import _Planner
from frontdesk.estate import unit_balances
from frontdesk.estate.models import Charge
from frontdesk.numbering import next_number
from frontdesk.workorders.models import Technician, WorkOrder, WorkOrderEvent
from frontdesk.workorders.rows import ListFilter
from frontdesk.workorders.service import WorkOrderService

TODAY = date(2026, 11, 23)


def test_demo_work_orders(orders: WorkOrderService, admin: Actor, supervisor: Actor) -> None:
    started = clock.perf_counter()
    load_demo(actor=admin, units=300, years=3, seed=4, today=local_today())  # the newest still open
    assert clock.perf_counter() - started < 60
    total = WorkOrder.select().count()
    assert 900 < total < 1250  # 1.2 a unit a year
    status = Counter(o.status for o in WorkOrder.select(WorkOrder.status))
    assert status["closed"] > total * 0.8 and status["cancelled"] > 0
    reopened = WorkOrder.select().where(WorkOrder.reopen_count > 0).count()
    assert 0 < reopened < total * 0.1
    categories = Counter(o.category for o in WorkOrder.select(WorkOrder.category))
    assert categories["water"] > categories["lift"] > 0
    departments = Counter(o.department for o in WorkOrder.select(WorkOrder.department))
    assert departments["engineering"] > total * 0.9 and departments["cleaning"] > 0
    assert (
        WorkOrder.select().where(WorkOrder.number.startswith("XT-")).count()
        == total - departments["engineering"]
    )
    # every closed order went through its callback and every transition was recorded
    closed = WorkOrder.select(WorkOrder.id).where(WorkOrder.status == "closed")
    called = Callback.select(Callback.case_id).where(
        (Callback.module == "work_order") & (Callback.status == "done")
    )
    assert WorkOrder.select().where(WorkOrder.id.in_(closed) & ~WorkOrder.id.in_(called)).count() == 0
    assert WorkOrderEvent.select().where(WorkOrderEvent.action == "closed").count() == status["closed"]
    assert WorkOrderEvent.select().count() > total * 6
    # paid orders are charged to their unit and the kept balances stay right
    paid_done = WorkOrder.select().where(WorkOrder.paid & WorkOrder.charge_id.is_null(False)).count()
    assert paid_done > total * 0.15
    assert Charge.select().where(Charge.description.startswith("工程维修费")).count() == paid_done
    assert unit_balances.problems() == []
    assert Technician.select().count() == 15
    month = orders.figures(actor=supervisor, month="2025-06")
    assert month.received > 0 and 0.6 < month.completion_in_target_share < 1
    assert month.satisfaction and 0 < month.reopen_rate < 0.2
    open_rows = orders.list_orders(actor=admin, filters=ListFilter(open_only=True))
    assert open_rows and all(r.status.value not in ("closed", "cancelled") for r in open_rows)
    assert len({r.status for r in open_rows}) >= 2  # at different stages
    with transaction():  # numbers continue after the demo's
        last = (
            WorkOrder.select()
            .where(WorkOrder.department == "engineering")
            .order_by(WorkOrder.received_at.desc())
            .first()
        )
        day = last.received_on if isinstance(last.received_on, date) else date.fromisoformat(last.received_on)
        assert next_number("work_order", day) > last.number


def test_same_seed_same_orders(orders: WorkOrderService) -> None:
    now = datetime(2026, 11, 23, 2, tzinfo=UTC).replace(tzinfo=None)
    unit = (1, "1-0101", 1, "张三", "13800000000")
    techs = [(1, "张", "engineering", "water electrical doors_locks civil lift public_facilities other")]

    def plan(seed: int) -> list[object]:
        planner = _Planner(seed, now, techs)
        return [planner.plan(date(2026, 3, d), unit) for d in range(1, 20)]

    assert plan(7) == plan(7)
    assert plan(7) != plan(8)
