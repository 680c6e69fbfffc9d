"""The demo's complaints: about 0.4 a unit a year, consistent with their procedure, the same per seed."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, date, datetime

from frontdesk.auth import Actor
from frontdesk.callbacks.models import Callback, CallbackAttempt
from frontdesk.complaints.models import Complaint, ComplaintClassChange, ComplaintStep
from frontdesk.complaints.service import ComplaintService
from frontdesk.db import transaction
from frontdesk.demo import load_demo
from frontdesk.demo.complaints import _Planner
from frontdesk.numbering import next_number

TODAY = date(2026, 11, 23)


def test_demo_complaints(complaints: ComplaintService, admin: Actor, supervisor: Actor) -> None:
    load_demo(actor=admin, units=300, years=3, seed=4, today=TODAY)
    total = Complaint.select().count()
    assert 250 < total < 480  # 0.4 a unit a year
    assert ComplaintClassChange.select().count() == total
    status = Counter(c.status for c in Complaint.select(Complaint.status))
    assert status["closed"] > total * 0.7 and status["reopened"] > 0
    classes = Counter(c.category for c in Complaint.select(Complaint.category))
    assert classes["valid"] > 0 and classes["communicative"] > 0
    closed_without_call = (
        Complaint.select()
        .where(Complaint.status == "closed")
        .where(~Complaint.id.in_(Callback.select(Callback.case_id).where(Callback.status == "done")))
        .count()
    )
    assert closed_without_call == 0
    assert CallbackAttempt.select().count() == Callback.select().where(Callback.status == "done").count()
    assert ComplaintStep.select().count() > total * 3
    month = complaints.figures(actor=supervisor, month="2025-06")
    assert month.received > 0 and month.callback_rate > 0.8
    with transaction():  # numbers continue after the demo's
        last = Complaint.select().order_by(Complaint.received_at.desc()).first()
        day = last.received_on if isinstance(last.received_on, date) else date.fromisoformat(last.received_on)
        assert next_number("complaint", day) > last.number


def test_same_seed_same_complaints(complaints: ComplaintService) -> None:
    now = datetime(2026, 11, 23, 2, tzinfo=UTC).replace(tzinfo=None)
    unit = (1, "1-0101", 1, "张三", "13800000000")

    def plan(seed: int) -> list[object]:
        planner = _Planner(seed, TODAY, now)
        return [planner.plan(date(2026, 3, d), unit) for d in range(1, 20)]

    assert plan(7) == plan(7)
    assert plan(7) != plan(8)
