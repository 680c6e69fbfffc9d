"""Reading orders: the flags that stand out, the open list, Today's counts, the unit panel, the work plan,
the wiring in ``Services`` and the purge of reporters' names and phones."""

from __future__ import annotations

from datetime import timedelta

import pytest

from frontdesk.auth import Actor
from frontdesk.callbacks.models import Callback
from frontdesk.errors import NotFound, PermissionDenied
from frontdesk.services import Services
from frontdesk.workorders.models import WorkOrder
from frontdesk.workorders.rows import ListFilter
from frontdesk.workorders.service import WorkOrderService
from tests.unit.frontdesk.workorders.conftest import DeskClock, World, issue


def test_urgent_unsigned_and_overdue_orders_stand_out(
    services: Services, orders: WorkOrderService, world: World, clerk: Actor, clock: DeskClock
) -> None:
    urgent = issue(orders, clerk, world, urgency="urgent", category="electrical")
    urgent = orders.dispatch(
        actor=clerk, number=urgent.number, version=urgent.version, technician_id=world.li
    )
    normal = issue(orders, clerk, world)
    assert not urgent.attention and not normal.attention
    clock.advance(minutes=31)
    [n, u] = orders.list_orders(actor=clerk, filters=ListFilter(open_only=True))
    assert (u.number, u.unsigned_late, u.overdue, u.attention) == (urgent.number, True, False, True)
    assert (n.unsigned_late, n.attention) == (False, False)
    assert [r.number for r in orders.list_orders(actor=clerk, filters=ListFilter(attention_only=True))] == [
        urgent.number
    ]
    counts = orders.today_counts(actor=clerk)
    assert (counts.received_today, counts.open, counts.urgent_unsigned, counts.overdue) == (2, 2, 1, 0)
    panel = services.estate.unit_panel(actor=clerk, unit_id=world.unit)
    [section] = [s for s in panel.sections if s.key == "work_orders"]
    assert section.attention and section.lines[0].ref == f"work_order:{urgent.number}"
    assert "urgent, not signed for" in section.lines[0].detail
    clock.advance(hours=4)  # past the urgent one's completion deadline
    counts = orders.today_counts(actor=clerk)
    assert (counts.overdue, counts.urgent_unsigned) == (1, 1)
    [u] = orders.list_orders(actor=clerk, filters=ListFilter(attention_only=True))
    panel = services.estate.unit_panel(actor=clerk, unit_id=world.unit)
    [section] = [s for s in panel.sections if s.key == "work_orders"]
    assert u.overdue and section.lines[0].detail.endswith(" · overdue")
    clock.advance(days=3)
    assert orders.today_counts(actor=clerk).overdue == 2
    signed = orders.sign_for(actor=clerk, number=urgent.number, version=u.version)
    assert not signed.unsigned_late and signed.overdue  # signed late: still overdue until done


def test_the_list_filters_and_pages(
    orders: WorkOrderService, world: World, clerk: Actor, clock: DeskClock
) -> None:
    made = []
    for _n in range(5):
        made.append(issue(orders, clerk, world))
        clock.advance(minutes=1)
    page = orders.list_orders(actor=clerk, limit=2)
    assert [r.number for r in page] == [made[4].number, made[3].number]
    rest = orders.list_orders(actor=clerk, limit=10, before=(page[-1].received_at, page[-1].id))
    assert [r.number for r in rest] == [m.number for m in reversed(made[:3])]
    first = made[0]
    orders.dispatch(actor=clerk, number=first.number, version=first.version, technician_id=world.zhang)
    assert [r.number for r in orders.list_orders(actor=clerk, filters=ListFilter(status="dispatched"))] == [
        first.number
    ]
    assert len(orders.list_orders(actor=clerk, filters=ListFilter(technician_id=world.zhang))) == 1
    assert len(orders.month(actor=clerk, month="2026-11")) == 5
    assert orders.month(actor=clerk, month="2026-10") == []
    with pytest.raises(NotFound):
        orders.get(actor=clerk, number="GC-20261123-0099")


def test_the_work_plan_lists_each_technicians_orders_in_time_order(
    orders: WorkOrderService, world: World, clerk: Actor, clock: DeskClock
) -> None:
    later = issue(orders, clerk, world, problem="换灯泡", category="electrical")
    windowed = issue(
        orders, clerk, world, problem="修门锁", category="electrical",
        window_start=clock.moment + timedelta(hours=3), window_end=clock.moment + timedelta(hours=5),
    )  # fmt: skip
    urgent = issue(orders, clerk, world, urgency="urgent", problem="停电", category="electrical")
    for row in (later, windowed, urgent):
        orders.dispatch(actor=clerk, number=row.number, version=row.version, technician_id=world.li)
    issue(orders, clerk, world)  # not dispatched: on nobody's plan
    clock.advance(hours=1)
    plan = orders.work_plan(actor=clerk, day=clock.today())
    assert plan.day == "2026-11-23" and plan.office_name == "幸福里物业管理处"
    # on duty, or with orders in hand: 王 is off duty with nothing, 赵 of cleaning is on duty
    assert [t.name for t in plan.technicians] == ["张师傅", "李师傅", "赵阿姨"]
    engineering = orders.work_plan(actor=clerk, day=clock.today(), department="engineering")
    assert [t.name for t in engineering.technicians] == ["张师傅", "李师傅"]
    li = plan.technicians[1]
    assert [line.number for line in li.lines] == [windowed.number, urgent.number, later.number]
    assert li.lines[0].time == "2026-11-23 13:00–15:00"
    assert li.lines[1].time == "by 2026-11-23 14:00" and li.lines[1].flag == "not signed for in time"
    assert li.lines[2].flag == "" and li.lines[2].problem == "换灯泡"
    assert plan.technicians[0].lines == ()
    yesterday = orders.work_plan(actor=clerk, day=clock.today() - timedelta(days=1))
    assert all(not t.lines for t in yesterday.technicians)  # dispatched today: not on yesterday's plan


def test_services_wire_work_orders_into_the_callbacks_and_the_panel(services: Services, clerk: Actor) -> None:
    assert "work_order" in services.callbacks.owners.modules()
    assert services.workorders.today_counts(actor=clerk).open == 0
    assert services.workorders is services.workorders


def test_reporters_are_purged_after_retention_with_their_callbacks(
    services: Services, orders: WorkOrderService, world: World, clerk: Actor, admin: Actor, clock: DeskClock
) -> None:
    clock.advance(days=-1100)  # the desk's clock never runs past the present (nor the newest event)
    row = issue(orders, clerk, world)
    row = orders.dispatch(actor=clerk, number=row.number, version=row.version, technician_id=world.zhang)
    row = orders.sign_for(actor=clerk, number=row.number, version=row.version)
    row = orders.survey(actor=clerk, number=row.number, version=row.version, findings="x")
    row = orders.start_work(actor=clerk, number=row.number, version=row.version)
    orders.complete(actor=clerk, number=row.number, version=row.version, work_done="ok", hours="1")
    clock.advance(days=1097)
    recent = issue(orders, clerk, world)
    with pytest.raises(PermissionDenied):
        orders.purge_personal_data(actor=clerk)
    dry = orders.purge_personal_data(actor=admin, dry_run=True)
    assert (dry.kind, dry.eligible, dry.purged) == ("work_orders", 1, 1)
    assert WorkOrder.get(WorkOrder.number == row.number).reporter_name == "李秀英"
    done = orders.purge_personal_data(actor=admin)
    assert done.purged == 1
    purged = orders.get(actor=admin, number=row.number).order
    assert (purged.reporter_name, purged.reporter_phone_masked, purged.purged) == ("", "", True)
    assert (Callback.get().resident_name, Callback.get().phone) == ("", "")
    assert purged.problem == "厨房水管漏水"  # the order itself is kept
    assert orders.get(actor=admin, number=recent.number).order.reporter_name == "李秀英"
