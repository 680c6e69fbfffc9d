"""The demo's visits: their number, returning visitors, today's on-site list, purged history."""

from __future__ import annotations

from datetime import timedelta

import pytest

from frontdesk.auth import Actor
from frontdesk.demo import load_demo, visits
from frontdesk.visitors.common import local_day_start
from frontdesk.visitors.kinds import VisitStatus
from frontdesk.visitors.models import Notification, Visit, Visitor
from frontdesk.visitors.service import VisitorService
from tests.unit.frontdesk.visitors.visitor_data import visit_args


@pytest.fixture
def loaded(monkeypatch: pytest.MonkeyPatch, visitors: VisitorService, admin: Actor) -> None:
    """A small demo estate with 20 visits a day for a year."""
    monkeypatch.setattr(visits, "REFERENCE_UNITS", 30 * 15)  # 20 visits a day for 30 units
    monkeypatch.setattr(visits, "FIRST_REGULARS", 30)
    load_demo(actor=admin, units=30, years=1, seed=3, today=visitors.today())


@pytest.mark.usefixtures("loaded")
def test_a_year_of_visits_with_returning_visitors_and_todays_on_site(
    visitors: VisitorService, clerk: Actor
) -> None:
    total = Visit.select().count()
    assert 365 * 16 <= total <= 366 * 24
    assert Notification.select().count() == total
    on_site = visitors.on_site(actor=clerk)
    assert 0 < len(on_site) <= 30 and {v.status for v in on_site} == {VisitStatus.ON_SITE}
    assert Visit.select().where(Visit.status == "refused").count() > 0
    regular = Visitor.select().where(Visitor.purged_at.is_null()).order_by(Visitor.visit_count.desc()).first()
    assert regular is not None and regular.visit_count > 20
    hit = visitors.find_returning(actor=clerk, text=regular.phone_digits).hits[0]
    assert hit.visitor_id == regular.id and hit.last_purpose is not None


@pytest.mark.usefixtures("loaded")
def test_history_past_retention_is_purged_and_the_pass_counter_continues(
    visitors: VisitorService, clerk: Actor, admin: Actor
) -> None:
    cutoff = local_day_start(visitors.today() + timedelta(days=1)) - timedelta(days=31)
    old = Visit.select().where(Visit.time_in < cutoff)
    assert old.count() > 0 and all(v.purged_at is not None for v in old)
    stale = Visitor.select().where(Visitor.last_visit_at < cutoff)
    assert stale.count() > 0 and all(v.name == "" for v in stale)
    assert visitors.purge_personal_data(actor=admin, dry_run=True).eligible <= 30  # only today's slack
    unit = Visit.select().where(Visit.host_unit.is_null(False)).first()
    assert unit is not None
    args = visit_args(_host(unit), pass_number="")
    row = visitors.register_visit(actor=clerk, **args)
    assert row.pass_number not in {v.pass_number for v in visitors.on_site(actor=clerk) if v.id != row.id}


def _host(visit: Visit):  # type: ignore[no-untyped-def]
    from tests.unit.frontdesk.visitors.visitor_data import Host

    return Host(visit.host_unit_id, "", visit.host_resident_id, "住户")
