"""The on-site list, signing out, the end-of-day sign-out, lists, counts and the unit panel."""

from __future__ import annotations

from datetime import timedelta

import pytest

from frontdesk.audit import AuditEntry
from frontdesk.auth import Actor
from frontdesk.errors import Conflict, NotFound, PermissionDenied, ValidationError
from frontdesk.services import Services
from frontdesk.visitors.kinds import SignOutKind, VisitStatus
from frontdesk.visitors.service import VisitorService
from tests.unit.frontdesk.visitors.visitor_data import Clock, Host, visit_args


def test_sign_out_by_pass_number_or_from_the_list(visitors: VisitorService, clerk: Actor, host: Host) -> None:
    first = visitors.register_visit(actor=clerk, **visit_args(host, pass_number="7"))
    second = visitors.register_visit(actor=clerk, **visit_args(host, name="张三", pass_number="8"))
    assert [v.id for v in visitors.on_site(actor=clerk)] == [first.id, second.id]
    out = visitors.sign_out(actor=clerk, pass_number=" 7 ")
    assert (out.status, out.signout_kind) == (VisitStatus.SIGNED_OUT, SignOutKind.NORMAL)
    assert out.time_out is not None
    visitors.sign_out(actor=clerk, visit_id=second.id)
    assert visitors.on_site(actor=clerk) == []
    with pytest.raises(Conflict):
        visitors.sign_out(actor=clerk, visit_id=second.id)
    with pytest.raises(NotFound, match="pass 7"):
        visitors.sign_out(actor=clerk, pass_number="7")
    with pytest.raises(ValidationError):
        visitors.sign_out(actor=clerk)


def test_sign_out_by_the_last_digits_of_the_pass(visitors: VisitorService, clerk: Actor, host: Host) -> None:
    first = visitors.register_visit(actor=clerk, **visit_args(host, pass_number="FK-20261204-0004"))
    visitors.register_visit(actor=clerk, **visit_args(host, name="张三", pass_number="FK-20261204-0014"))
    gone = visitors.register_visit(
        actor=clerk, **visit_args(host, name="李四", pass_number="FK-20261203-0024")
    )
    visitors.sign_out(actor=clerk, visit_id=gone.id)
    with pytest.raises(ValidationError, match="0004, FK-20261204-0014") as several:
        visitors.sign_out(actor=clerk, pass_number="4")
    assert several.value.field == "pass_number"
    out = visitors.sign_out(actor=clerk, pass_number="0004")  # only one pass on site ends so
    assert (out.id, out.status) == (first.id, VisitStatus.SIGNED_OUT)
    with pytest.raises(NotFound):
        visitors.sign_out(actor=clerk, pass_number="0024")  # that visitor has left already
    assert [v.name for v in visitors.on_site(actor=clerk)] == ["张三"]


def test_end_of_day_signs_out_the_rest_recorded_as_such(
    visitors: VisitorService, clerk: Actor, host: Host
) -> None:
    for name in ("甲一", "乙二", "丙三"):
        visitors.register_visit(actor=clerk, **visit_args(host, name=name))
    visitors.register_visit(actor=clerk, **visit_args(host, name="丁四", answer="refused"))
    assert visitors.sign_out_all_remaining(actor=clerk) == 3
    assert visitors.on_site(actor=clerk) == []
    rows = visitors.visits(actor=clerk, status=VisitStatus.SIGNED_OUT)
    assert {r.signout_kind for r in rows} == {SignOutKind.END_OF_DAY}
    assert AuditEntry.select().where(AuditEntry.action == "sign_out_all").count() == 1
    assert visitors.sign_out_all_remaining(actor=clerk) == 0


def test_visits_page_by_keyset_and_filter_by_day_and_month(
    visitors: VisitorService, clerk: Actor, host: Host, clock: Clock
) -> None:
    for i in range(5):
        clock.now += timedelta(minutes=1)
        visitors.register_visit(actor=clerk, **visit_args(host, name=f"访客{i}"))
    page = visitors.visits(actor=clerk, limit=2)
    more = visitors.visits(actor=clerk, limit=10, after=(page[-1].time_in, page[-1].id))
    assert [r.name for r in page + more] == [f"访客{i}" for i in range(4, -1, -1)]
    day = clock.now.date()
    assert len(visitors.visits(actor=clerk, month=f"{day:%Y-%m}")) == 5
    assert visitors.visits(actor=clerk, month="2020-01") == []
    with pytest.raises(ValidationError):
        visitors.visits(actor=clerk, month="2026-13")


def test_today_counts_and_the_unit_panel(
    services: Services, visitors: VisitorService, clerk: Actor, host: Host
) -> None:
    visitors.register_visit(actor=clerk, **visit_args(host))
    visitors.register_visit(actor=clerk, **visit_args(host, name="张三", answer="refused"))
    counts = visitors.today_counts(actor=clerk)
    assert (counts.on_site, counts.visits_today, counts.refused_today) == (1, 2, 1)
    panel = services.estate.unit_panel(actor=clerk, unit_id=host.unit_id)
    section = next(s for s in panel.sections if s.key == "visitors")
    assert "2 visits in the last 30 days" in section.title  # the count says what it counts
    assert any("李小明" in line.text and not line.attention for line in section.lines)
    assert any("张三" in line.text and line.attention for line in section.lines)  # refused


def test_exports_need_a_supervisor_and_are_audited(
    visitors: VisitorService, clerk: Actor, supervisor: Actor, host: Host
) -> None:
    visitors.register_visit(actor=clerk, **visit_args(host))
    with pytest.raises(PermissionDenied):
        visitors.export_rows(actor=clerk)
    rows = visitors.export_rows(actor=supervisor, month="2026-03")
    assert [r.phone_masked for r in rows] == ["139****5678"]
    assert AuditEntry.select().where(AuditEntry.action == "export", AuditEntry.entity == "visit").count() == 1
