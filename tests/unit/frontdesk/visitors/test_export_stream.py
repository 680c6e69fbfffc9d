"""The streamed visit export: the same rows as the lists give, across pages, audited once at the end."""

from __future__ import annotations

from datetime import timedelta

import pytest

from frontdesk import streaming
from frontdesk.audit import AuditEntry
from frontdesk.auth import Actor
from frontdesk.visitors.common import rows_of, visit_query
from frontdesk.visitors.models import Visit
from frontdesk.visitors.service import VisitorService
from tests.unit.frontdesk.visitors.visitor_data import Clock, Host, visit_args


def _register_a_mixed_day(visitors: VisitorService, clerk: Actor, host: Host, clock: Clock) -> None:
    """Visits to a resident, to a department, without a phone, refused, told twice, signed out."""
    first = visitors.register_visit(actor=clerk, **visit_args(host, pass_number="11"))
    department = {"purpose": "official", "host_unit_id": None, "host_resident_id": None}
    visitors.register_visit(
        actor=clerk, **visit_args(host, name="快递员", phone="", host_department="工程部", **department)
    )
    clock.now += timedelta(minutes=5)
    visitors.register_visit(actor=clerk, **visit_args(host, name="张三", answer="refused"))
    told_twice = visitors.register_visit(actor=clerk, **visit_args(host, name="李四", answer="unreachable"))
    visitors.notify(actor=clerk, visit_id=told_twice.id, told="王秀英", method="phone", answer="agreed")
    visitors.sign_out(actor=clerk, visit_id=first.id)


def _export_audits() -> list[AuditEntry]:
    return list(AuditEntry.select().where(AuditEntry.action == "export", AuditEntry.entity == "visit"))


def test_export_rows_equal_the_rows_the_lists_show(
    visitors: VisitorService, clerk: Actor, supervisor: Actor, host: Host, clock: Clock
) -> None:
    _register_a_mixed_day(visitors, clerk, host, clock)
    exported = visitors.export_rows(actor=supervisor)
    listed = rows_of(visit_query().order_by(Visit.time_in, Visit.id))
    assert exported == listed
    assert {r.host for r in exported} == {"3-1502 王秀英", "工程部"}
    assert [r.last_answer for r in exported if r.name == "李四"] == [listed[-1].last_answer]
    assert listed[-1].last_answer is not None and listed[-1].last_answer.value == "agreed"


def test_pages_follow_each_other_across_equal_times(
    visitors: VisitorService, clerk: Actor, supervisor: Actor, host: Host, clock: Clock,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    for n in range(11):
        if n % 4 == 0:
            clock.now += timedelta(seconds=1)  # runs of visits registered in the same second
        visitors.register_visit(actor=clerk, **visit_args(host, name=f"访客{n}"))
    monkeypatch.setattr(streaming, "PAGE_ROWS", 3)
    exported = visitors.export_rows(actor=supervisor)
    assert [r.name for r in exported] == [f"访客{n}" for n in range(11)]
    (entry,) = _export_audits()
    assert '"rows": 11' in entry.after


def test_a_failed_export_records_nothing(
    visitors: VisitorService, clerk: Actor, supervisor: Actor, host: Host, clock: Clock,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    _register_a_mixed_day(visitors, clerk, host, clock)
    monkeypatch.setattr(streaming, "PAGE_ROWS", 2)
    with pytest.raises(OSError, match="disk full"), visitors.export(actor=supervisor) as rows:
        for n, _row in enumerate(rows):
            if n == 2:
                raise OSError("disk full")
    assert _export_audits() == []
    with visitors.export(actor=supervisor, month="2026-03") as rows:
        assert len(list(rows)) == 4
    assert rows.count == 4 and len(_export_audits()) == 1
