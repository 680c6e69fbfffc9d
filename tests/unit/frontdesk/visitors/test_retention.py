"""The purge of visitors' personal data: retention, legal holds, batches, dry runs; the audited reveal."""

from __future__ import annotations

from datetime import timedelta

import pytest

from frontdesk.audit import AuditEntry
from frontdesk.auth import Actor
from frontdesk.clock import utcnow
from frontdesk.errors import NotFound, PermissionDenied, UserError, ValidationError
from frontdesk.retention import server_now
from frontdesk.services import Services
from frontdesk.visitors.models import Visit, Visitor, VisitorNameKey
from frontdesk.visitors.service import VisitorService
from tests.unit.frontdesk.visitors.visitor_data import Clock, Host, visit_args


def _old_visits(visitors: VisitorService, clerk: Actor, host: Host, clock: Clock, n: int) -> list[int]:
    start = clock.now
    clock.now = start - timedelta(days=40)
    ids = [
        visitors.register_visit(
            actor=clerk, **visit_args(host, name=f"旧访客{i}", phone=f"1391234{i:04d}")
        ).id
        for i in range(n)
    ]
    clock.now = start
    return ids


def test_a_dry_run_counts_and_changes_nothing(
    visitors: VisitorService, clerk: Actor, admin: Actor, host: Host, clock: Clock
) -> None:
    _old_visits(visitors, clerk, host, clock, 3)
    report = visitors.purge_personal_data(actor=admin, dry_run=True)
    assert (report.kind, report.eligible, report.held, report.purged, report.dry_run) == (
        "visits",
        3,
        0,
        3,
        True,
    )
    assert Visitor.select().where(Visitor.purged_at.is_null()).count() == 3
    assert report.cutoff == clock.now - timedelta(days=30)


def test_the_purge_blanks_people_in_batches_keeps_counts_and_held_visits(
    visitors: VisitorService, clerk: Actor, supervisor: Actor, admin: Actor, host: Host, clock: Clock
) -> None:
    ids = _old_visits(visitors, clerk, host, clock, 5)
    visitors.sign_out_all_remaining(actor=clerk)
    recent = visitors.register_visit(actor=clerk, **visit_args(host, name="新访客", phone="13700000000"))
    with pytest.raises(PermissionDenied):
        visitors.set_legal_hold(actor=clerk, visit_id=ids[0], hold=True, reason="警方调查")
    with pytest.raises(ValidationError):
        visitors.set_legal_hold(actor=supervisor, visit_id=ids[0], hold=True, reason="")
    visitors.set_legal_hold(actor=supervisor, visit_id=ids[0], hold=True, reason="警方调查")
    report = visitors.purge_personal_data(actor=admin, batch_size=2)
    assert (report.eligible, report.held, report.purged, report.dry_run) == (5, 1, 4, False)
    assert AuditEntry.select().where(AuditEntry.action == "purge").count() == 2  # batches of 2
    purged = Visit.select().where(Visit.purged_at.is_null(False))
    assert sorted(v.id for v in purged) == sorted(ids[1:])
    for visit in purged:
        person = Visitor.get_by_id(visit.visitor_id)
        assert (person.name, person.phone, person.phone_digits, person.id_hash) == ("", "", "", "")
        assert visit.purpose == "visit_resident" and visit.time_in is not None
    held = Visit.get_by_id(ids[0])
    assert Visitor.get_by_id(held.visitor_id).name == "旧访客0"
    assert Visitor.get_by_id(recent.visitor_id).name == "新访客"
    assert VisitorNameKey.select().where(VisitorNameKey.fragment == "旧访客1").count() == 0
    assert visitors.find_returning(actor=clerk, text="旧访客").hits[0].name == "旧访客0"
    again = visitors.purge_personal_data(actor=admin)
    assert (again.eligible, again.held, again.purged) == (1, 1, 0)


def test_a_regular_keeps_their_details_while_a_recent_visit_is_kept(
    visitors: VisitorService, clerk: Actor, admin: Actor, host: Host, clock: Clock
) -> None:
    old = _old_visits(visitors, clerk, host, clock, 1)[0]
    visitors.sign_out_all_remaining(actor=clerk)
    person = Visit.get_by_id(old).visitor_id
    visitors.register_visit(actor=clerk, **visit_args(host, name="", phone="", visitor_id=person))
    assert visitors.purge_personal_data(actor=admin).purged == 1
    assert Visit.get_by_id(old).purged_at is not None
    assert Visitor.get_by_id(person).name == "旧访客0"


def test_revealing_the_full_phone_needs_a_supervisor_and_is_audited(
    visitors: VisitorService, clerk: Actor, supervisor: Actor, host: Host
) -> None:
    row = visitors.register_visit(actor=clerk, **visit_args(host))
    with pytest.raises(PermissionDenied):
        visitors.reveal_id(actor=clerk, visit_id=row.id, reason="住户投诉")
    with pytest.raises(ValidationError):
        visitors.reveal_id(actor=supervisor, visit_id=row.id, reason="")
    shown = visitors.reveal_id(actor=supervisor, visit_id=row.id, reason="住户投诉")
    assert shown.phone == "139 1234 5678"
    entry = AuditEntry.get(AuditEntry.action == "reveal")
    assert (entry.actor, "住户投诉" in entry.after) == (supervisor.username, True)
    with pytest.raises(NotFound):
        visitors.reveal_id(actor=supervisor, visit_id=9999, reason="x")


def test_the_daily_purge_runs_once_a_day_across_desks(
    services: Services, visitors: VisitorService, clerk: Actor, host: Host, clock: Clock
) -> None:
    from frontdesk.visitors.daily_purge import purge_if_due

    _old_visits(visitors, clerk, host, clock, 2)
    with pytest.raises(PermissionDenied):  # a clerk purges only through the daily run
        visitors.purge_personal_data(actor=clerk)
    first = purge_if_due(services, actor=clerk)
    assert first is not None and first[0].kind == "visits" and first[0].purged == 2
    clock.now += timedelta(hours=5)
    assert purge_if_due(services, actor=clerk) is None  # another desk, or this one, ran it today
    clock.now += timedelta(hours=19)
    assert purge_if_due(services, actor=clerk) is not None


def test_the_daily_purge_takes_no_moment_from_the_future_nor_from_a_wrong_clock(
    services: Services, visitors: VisitorService, clerk: Actor, host: Host, clock: Clock
) -> None:
    from frontdesk.visitors.daily_purge import purge_if_due

    _old_visits(visitors, clerk, host, clock, 2)
    with pytest.raises(ValidationError):
        purge_if_due(services, actor=clerk, now=clock.now + timedelta(days=365 * 74))
    clock.now = utcnow() + timedelta(days=365)  # this desk's clock a year ahead
    if server_now() is None:  # SQLite: the desk's clock is the clock, and it is checked
        with pytest.raises(UserError, match="clock"):
            purge_if_due(services, actor=clerk)
        assert Visit.select().where(Visit.purged_at.is_null(False)).count() == 0
        clock.now = utcnow()
    reports = purge_if_due(services, actor=clerk)  # PostgreSQL: the server's clock caps the desk's
    assert reports is not None and reports[0].cutoff < utcnow() - timedelta(days=29)
