"""The month's figures against a hand-worked month (2026-11), and the month before left out.

A  water, urgent: received 11-02 10:00 (respond by 10:30, finish by 14:00); signed 10:20, completed
   13:00 — both in target (20 min, 3 h); called back: very satisfied, closed.
B  electrical, normal: received 11-03 10:00 (respond by 11-04 10:00, finish by 11-06 10:00); signed
   11-04 12:00 (26 h: late), completed 11-07 10:00 (late); called back dissatisfied: reopened;
   completed again 11-08 10:00 (120 h after receipt); called back satisfied: closed.
C  water, normal: received 11-05 10:00, cancelled an hour later.
D  lift, urgent: received 11-20 10:00, dispatched, never signed for; on 11-23 overdue.
E  water: received 10-31 (the month before).

Received 4, cancelled 1; by category water 2, electrical 1, lift 1. Responded 2 (A, B), in target
1, average (20 + 1560) / 2 = 790 min. Completed 2, in target 1, average (3 + 120) / 2 = 61.5 h.
Overdue 2 (B finished late, D still open past its deadline). Reopened 1 of 2 completed: 50 %.
Satisfaction: very satisfied 1, dissatisfied 1, satisfied 1.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime

import pytest

from frontdesk.auth import Actor
from frontdesk.callbacks.rows import CallbackInput
from frontdesk.errors import PermissionDenied, ValidationError
from frontdesk.services import Services
from frontdesk.workorders.rows import OrderRow
from frontdesk.workorders.service import WorkOrderService
from tests.unit.frontdesk.workorders.conftest import DeskClock, World, issue


@pytest.fixture
def clock() -> DeskClock:
    """10:00 on 31 October 2026 at the desk."""
    return DeskClock(date(2026, 10, 31))


def _at(clock: DeskClock, month: int, day: int, hour: int, minute: int = 0) -> None:
    target = DeskClock(date(2026, month, day), hour).moment.replace(minute=minute)
    assert target >= clock.moment
    clock.moment = target


def _work(orders: WorkOrderService, clerk: Actor, row: OrderRow) -> OrderRow:
    row = orders.survey(actor=clerk, number=row.number, version=row.version, findings="查看")
    return orders.start_work(actor=clerk, number=row.number, version=row.version)


def _call(services: Services, caller: Actor, number: str, satisfaction: str, outcome: str) -> None:
    [cb] = [c for c in services.callbacks.due_queue(actor=caller) if c.case_ref == number]
    services.callbacks.record_call(
        actor=caller, client_id=str(uuid.uuid4()), callback_id=cb.id, version=cb.version,
        call=CallbackInput(method="phone", words="……", satisfaction=satisfaction, outcome=outcome),
    )  # fmt: skip


def _month(services: Services, orders: WorkOrderService, world: World, clerk: Actor, clerk2: Actor,
           clock: DeskClock) -> None:  # fmt: skip
    issue(orders, clerk, world)  # E
    _at(clock, 11, 2, 10)
    a = issue(orders, clerk, world, urgency="urgent")
    a = orders.dispatch(actor=clerk, number=a.number, version=a.version, technician_id=world.zhang)
    _at(clock, 11, 2, 10, 20)
    a = _work(orders, clerk, orders.sign_for(actor=clerk, number=a.number, version=a.version))
    _at(clock, 11, 2, 13)
    orders.complete(actor=clerk, number=a.number, version=a.version, work_done="ok", hours="2")
    _at(clock, 11, 3, 10)
    b = issue(orders, clerk, world, category="electrical")
    b = orders.dispatch(actor=clerk, number=b.number, version=b.version, technician_id=world.li)
    _at(clock, 11, 3, 14)
    _call(services, clerk2, a.number, "very_satisfied", "closed")
    _at(clock, 11, 4, 12)
    b = _work(orders, clerk, orders.sign_for(actor=clerk, number=b.number, version=b.version))
    _at(clock, 11, 5, 10)
    c = issue(orders, clerk, world)
    _at(clock, 11, 5, 11)
    orders.cancel(actor=clerk, number=c.number, version=c.version, reason="重复报修")
    _at(clock, 11, 7, 10)
    b = orders.complete(actor=clerk, number=b.number, version=b.version, work_done="ok", hours="3")
    _at(clock, 11, 8, 9)
    _call(services, clerk2, b.number, "dissatisfied", "reopened")
    _at(clock, 11, 8, 10)
    b = orders.get(actor=clerk, number=b.number).order
    orders.complete(actor=clerk, number=b.number, version=b.version, work_done="again", hours="1")
    _at(clock, 11, 9, 11)
    _call(services, clerk2, b.number, "satisfied", "closed")
    _at(clock, 11, 20, 10)
    d = issue(orders, clerk, world, urgency="urgent", category="lift")
    orders.dispatch(actor=clerk, number=d.number, version=d.version, technician_id=world.li)
    _at(clock, 11, 23, 10)


def test_the_month_matches_the_hand_worked_figures(
    services: Services,
    orders: WorkOrderService,
    world: World,
    clerk: Actor,
    clerk2: Actor,
    supervisor: Actor,
    clock: DeskClock,
) -> None:
    _month(services, orders, world, clerk, clerk2, clock)
    f = orders.figures(actor=supervisor, month="2026-11")
    assert (f.received, f.cancelled) == (4, 1)
    assert f.by_category == {"water": 2, "electrical": 1, "lift": 1}
    assert (f.responded, f.responded_in_target) == (2, 1)
    assert f.average_response_minutes == pytest.approx(790)
    assert (f.completed, f.completed_in_target) == (2, 1)
    assert f.average_completion_hours == pytest.approx(61.5)
    assert f.overdue == 2
    assert (f.reopened, f.reopen_rate) == (1, 0.5)
    assert f.satisfaction == {"very_satisfied": 1, "dissatisfied": 1, "satisfied": 1}
    assert f.satisfied_share == pytest.approx(2 / 3)
    assert (f.response_in_target_share, f.completion_in_target_share) == (0.5, 0.5)
    october = orders.figures(actor=supervisor, month="2026-10")
    assert (october.received, october.overdue, october.responded) == (1, 1, 0)  # E: never dispatched
    empty = orders.figures(actor=supervisor, month="2026-09")
    assert (empty.received, empty.reopen_rate, empty.satisfied_share) == (0, 0.0, 0.0)
    with pytest.raises(ValidationError):
        orders.figures(actor=supervisor, month="2026-13")
    with pytest.raises(PermissionDenied):
        orders.figures(actor=clerk, month="2026-11")
    assert clock.moment > datetime(2026, 11, 23)
