"""The watch list: set and removed by supervisors, matched at registration, released by a supervisor."""

from __future__ import annotations

import pytest

from frontdesk.audit import AuditEntry
from frontdesk.auth import Actor
from frontdesk.errors import NotFound, PermissionDenied, ValidationError, ValidationErrors
from frontdesk.services import Services
from frontdesk.visitors.models import Visit, WatchEntry
from frontdesk.visitors.registration import WatchRelease
from frontdesk.visitors.service import VisitorService
from frontdesk.visitors.watch import WatchListMatch
from tests.unit.frontdesk.estate.estate_data import mainland_id
from tests.unit.frontdesk.visitors.visitor_data import Host, visit_args

CN_ID = mainland_id("44030519851201002")


def test_only_supervisors_keep_the_watch_list(
    visitors: VisitorService, clerk: Actor, supervisor: Actor
) -> None:
    with pytest.raises(PermissionDenied):
        visitors.add_watch(actor=clerk, name="李小明", reason="盗窃")
    with pytest.raises(ValidationError) as caught:
        visitors.add_watch(actor=supervisor, name="李小明", reason=" ")
    assert caught.value.field == "reason"
    with pytest.raises(ValidationError) as caught:
        visitors.add_watch(actor=supervisor, reason="盗窃")
    assert caught.value.field == "name"
    entry = visitors.add_watch(actor=supervisor, name="李小明", phone="13912345678", reason="盗窃")
    assert entry.phone_masked == "139****5678"
    assert [w.id for w in visitors.watch_list(actor=clerk)] == [entry.id]


def test_a_match_needs_a_supervisor_release_which_is_recorded(
    visitors: VisitorService, clerk: Actor, supervisor: Actor, host: Host
) -> None:
    entry = visitors.add_watch(actor=supervisor, phone="+86 139-1234-5678", reason="多次滋扰住户")
    with pytest.raises(WatchListMatch) as caught:
        visitors.register_visit(actor=clerk, **visit_args(host))
    assert "多次滋扰住户" in caught.value.message
    assert [e.id for e in caught.value.entries] == [entry.id]
    assert Visit.select().count() == 0
    with pytest.raises(PermissionDenied):
        visitors.register_visit(actor=clerk, **visit_args(host), watch_release=WatchRelease(clerk, "ok"))
    with pytest.raises(ValidationErrors) as errors:
        visitors.register_visit(actor=clerk, **visit_args(host), watch_release=WatchRelease(supervisor, ""))
    assert "release_reason" in errors.value.errors
    row = visitors.register_visit(
        actor=clerk, **visit_args(host), watch_release=WatchRelease(supervisor, "业主亲自到前台接")
    )
    assert row.watch_released_by == supervisor.username
    visit = Visit.get_by_id(row.id)
    assert (visit.watch_entry_id, visit.release_reason) == (entry.id, "业主亲自到前台接")
    release = AuditEntry.get(AuditEntry.action == "watch_release")
    assert release.actor == supervisor.username


def test_name_only_entries_match_the_name_and_id_entries_the_number(
    services: Services, admin: Actor, visitors: VisitorService, clerk: Actor, supervisor: Actor, host: Host
) -> None:
    visitors.add_watch(actor=supervisor, name="张 三", reason="name only")
    with pytest.raises(WatchListMatch):
        visitors.register_visit(actor=clerk, **visit_args(host, name="张 三", phone=""))
    services.settings.set(actor=admin, key="visitor_id_policy", value="recorded")
    visitors.add_watch(actor=supervisor, id_type="cn_id", id_number=CN_ID, reason="id")
    args = visit_args(host, name="陈七", phone="", id_status="recorded", id_type="cn_id", id_number=CN_ID)
    with pytest.raises(WatchListMatch):
        visitors.register_visit(actor=clerk, **args)


def test_removing_an_entry_keeps_it_with_the_reason(visitors: VisitorService, supervisor: Actor) -> None:
    entry = visitors.add_watch(actor=supervisor, name="李小明", reason="盗窃")
    removed = visitors.remove_watch(actor=supervisor, entry_id=entry.id, reason="误列")
    assert (removed.active, removed.removed_by, removed.removed_reason) == (
        False,
        supervisor.username,
        "误列",
    )
    assert WatchEntry.select().count() == 1
    assert visitors.watch_list(actor=supervisor) == []
    assert len(visitors.watch_list(actor=supervisor, include_removed=True)) == 1
    with pytest.raises(NotFound):
        visitors.remove_watch(actor=supervisor, entry_id=entry.id, reason="again")


def test_the_watch_list_warning_uses_the_languages_punctuation(
    visitors: VisitorService, clerk: Actor, supervisor: Actor, host: Host
) -> None:
    from frontdesk import i18n

    visitors.add_watch(actor=supervisor, name="李小明", phone="+86 139-1234-5678", reason="多次滋扰住户")
    visitors.add_watch(actor=supervisor, phone="13912345678", reason="拒不登记")
    i18n.set_language("zh_CN")
    with pytest.raises(WatchListMatch) as caught:
        visitors.register_visit(actor=clerk, **visit_args(host))
    assert "李小明：多次滋扰住户；139****5678：拒不登记" in caught.value.message
