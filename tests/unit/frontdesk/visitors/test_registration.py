"""Registering visits: every field's bad input, the ID policy, notification outcomes, retries."""

from __future__ import annotations

import uuid

import pytest

from frontdesk.auth import Actor
from frontdesk.errors import NotFound, ValidationError, ValidationErrors
from frontdesk.services import Services
from frontdesk.visitors.kinds import Answer, IdStatus, VisitStatus
from frontdesk.visitors.models import Notification, Visit, Visitor
from frontdesk.visitors.service import VisitorService
from tests.unit.frontdesk.estate.estate_data import mainland_id
from tests.unit.frontdesk.visitors.visitor_data import Host, visit_args

CN_ID = mainland_id("11010119900307123")


def _set_policy(services: Services, admin: Actor, policy: str) -> None:
    services.settings.set(actor=admin, key="visitor_id_policy", value=policy)


def test_a_visit_is_recorded_with_its_notification(
    visitors: VisitorService, clerk: Actor, host: Host
) -> None:
    row = visitors.register_visit(actor=clerk, **visit_args(host, plate="粤b12345", companions="2"))
    assert row.status is VisitStatus.ON_SITE
    assert (row.name, row.phone_masked, row.host) == ("李小明", "139****5678", "3-1502 王秀英")
    assert row.pass_number.startswith("FK-20260331-")
    assert (row.plate, row.companions, row.last_answer) == ("粤B12345", 2, Answer.AGREED)
    note = Notification.get(Notification.visit == row.id)
    assert (note.told, note.method, note.answer, note.by) == ("王秀英", "phone", "agreed", "clerk1")


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("purpose", "shopping"),
        ("name", ""),
        ("name", "1234"),
        ("phone", "13x12345678"),
        ("phone", "12"),
        ("host_unit_id", None),
        ("host_unit_id", 999_999),
        ("host_resident_id", 999_999),
        ("purpose_note", "长" * 201),
        ("companions", "-1"),
        ("companions", "lots"),
        ("plate", "粤I12345"),
        ("pass_number", "A/7"),
        ("told", ""),
        ("notify_method", "pigeon"),
        ("notify_method", ""),
        ("answer", "maybe"),
        ("answer", ""),
        ("id_status", "fingerprint"),
        ("id_status", "recorded"),
        ("id_number", CN_ID),
    ],
)
def test_each_bad_field_gets_its_own_message_and_nothing_is_saved(
    visitors: VisitorService, clerk: Actor, host: Host, field: str, value: object
) -> None:
    with pytest.raises(ValidationErrors) as caught:
        visitors.register_visit(actor=clerk, **visit_args(host, **{field: value}))
    expected = {"host_unit_id": "host_unit", "host_resident_id": "host_resident"}.get(field, field)
    assert expected in caught.value.errors, caught.value.errors
    assert caught.value.errors[expected]
    assert Visit.select().count() == 0
    assert Visitor.select().count() == 0


def test_several_bad_fields_are_reported_together(visitors: VisitorService, clerk: Actor, host: Host) -> None:
    with pytest.raises(ValidationErrors) as caught:
        visitors.register_visit(actor=clerk, **visit_args(host, name="", plate="xx", answer=""))
    assert {"name", "plate", "answer"} <= set(caught.value.errors)


def test_nothing_chosen_is_asked_for_not_called_invalid(
    visitors: VisitorService, clerk: Actor, host: Host
) -> None:
    """An empty purpose said "Not a valid choice: " with nothing after it."""
    with pytest.raises(ValidationErrors) as caught:
        visitors.register_visit(actor=clerk, **visit_args(host, purpose=""))
    assert caught.value.errors["purpose"] == "Choose one from the list."


def test_a_department_may_be_the_host_except_for_a_resident_visit(
    visitors: VisitorService, clerk: Actor, host: Host
) -> None:
    args = visit_args(host, purpose="delivery", host_unit_id=None, host_resident_id=None, told="工程部")
    row = visitors.register_visit(actor=clerk, **args, host_department="工程部")
    assert row.host == "工程部"
    with pytest.raises(ValidationErrors) as caught:
        visitors.register_visit(
            actor=clerk, **{**args, "purpose": "visit_resident"}, host_department="工程部"
        )
    assert "host_unit" in caught.value.errors


def test_a_refusal_keeps_the_visit_marked_refused(visitors: VisitorService, clerk: Actor, host: Host) -> None:
    row = visitors.register_visit(actor=clerk, **visit_args(host, answer="refused"))
    assert row.status is VisitStatus.REFUSED
    assert row.pass_number == ""
    assert visitors.on_site(actor=clerk) == []
    assert Visit.get_by_id(row.id).status == "refused"


def test_a_later_refusal_ends_an_unreachable_visit(
    visitors: VisitorService, clerk: Actor, host: Host
) -> None:
    row = visitors.register_visit(actor=clerk, **visit_args(host, answer="unreachable"))
    assert row.status is VisitStatus.ON_SITE
    again = visitors.notify(actor=clerk, visit_id=row.id, told="王秀英", method="intercom", answer="refused")
    assert again.status is VisitStatus.REFUSED
    assert Notification.select().where(Notification.visit == row.id).count() == 2
    with pytest.raises(ValidationErrors):
        visitors.notify(actor=clerk, visit_id=row.id, told="", method="phone", answer="agreed")
    with pytest.raises(NotFound):
        visitors.notify(actor=clerk, visit_id=999, told="x", method="phone", answer="agreed")


def test_a_retry_with_the_same_client_id_records_once(
    visitors: VisitorService, clerk: Actor, host: Host
) -> None:
    client_id = uuid.uuid4()
    first = visitors.register_visit(actor=clerk, **visit_args(host), client_id=client_id)
    second = visitors.register_visit(actor=clerk, **visit_args(host), client_id=client_id)
    assert first.id == second.id
    assert Visit.select().count() == 1


def test_a_returning_visitor_is_the_same_person(visitors: VisitorService, clerk: Actor, host: Host) -> None:
    first = visitors.register_visit(actor=clerk, **visit_args(host, answer="refused"))
    second = visitors.register_visit(
        actor=clerk, **visit_args(host, name="", phone="", visitor_id=first.visitor_id)
    )
    assert second.visitor_id == first.visitor_id
    assert (second.name, second.phone_masked) == ("李小明", "139****5678")
    assert Visitor.get_by_id(first.visitor_id).visit_count == 2


def test_a_visitor_on_site_is_not_registered_twice(
    visitors: VisitorService, clerk: Actor, host: Host
) -> None:
    first = visitors.register_visit(actor=clerk, **visit_args(host, pass_number="FK-7"))
    again = visit_args(host, name="", phone="", visitor_id=first.visitor_id)
    with pytest.raises(ValidationError, match="pass FK-7") as refused:
        visitors.register_visit(actor=clerk, **again)
    assert refused.value.field == "name"
    assert Visit.select().count() == 1  # nothing half-saved
    visitors.sign_out(actor=clerk, pass_number="FK-7")
    assert visitors.register_visit(actor=clerk, **again).visitor_id == first.visitor_id


def test_the_same_pass_cannot_be_out_twice(visitors: VisitorService, clerk: Actor, host: Host) -> None:
    visitors.register_visit(actor=clerk, **visit_args(host, pass_number="b-07"))
    with pytest.raises(ValidationError) as caught:
        visitors.register_visit(actor=clerk, **visit_args(host, name="张三", pass_number="B-07"))
    assert caught.value.field == "pass_number"
    visitors.sign_out(actor=clerk, pass_number="B-07")
    assert visitors.register_visit(actor=clerk, **visit_args(host, pass_number="B-07")).pass_number == "B-07"


def test_the_id_policy_decides_what_is_asked(
    services: Services, admin: Actor, visitors: VisitorService, clerk: Actor, host: Host
) -> None:
    _set_policy(services, admin, "seen")
    assert (
        visitors.register_visit(actor=clerk, **visit_args(host, id_status="seen")).id_status is IdStatus.SEEN
    )
    with pytest.raises(ValidationErrors) as caught:
        visitors.register_visit(actor=clerk, **visit_args(host, id_status="not_asked"))
    assert "id_status" in caught.value.errors
    _set_policy(services, admin, "recorded")
    with pytest.raises(ValidationErrors) as caught:
        visitors.register_visit(actor=clerk, **visit_args(host, id_status="recorded"))
    assert "id_number" in caught.value.errors
    with pytest.raises(ValidationErrors) as caught:
        args = visit_args(host, id_status="recorded", id_type="cn_id", id_number=CN_ID[:-1] + "0")
        visitors.register_visit(actor=clerk, **args)
    assert "id_number" in caught.value.errors
    row = visitors.register_visit(
        actor=clerk, **visit_args(host, id_status="recorded", id_type="cn_id", id_number=CN_ID)
    )
    assert row.id_number_masked == "110101********1234"[:14] + CN_ID[-4:]
    assert CN_ID not in str(Visitor.get_by_id(row.visitor_id).__data__)


def test_confirmation_by_the_resident_needs_their_agreement(
    visitors: VisitorService, clerk: Actor, host: Host
) -> None:
    row = visitors.register_visit(actor=clerk, **visit_args(host, id_status="resident_confirmed"))
    assert row.id_status is IdStatus.RESIDENT_CONFIRMED
    with pytest.raises(ValidationErrors) as caught:
        visitors.register_visit(
            actor=clerk, **visit_args(host, id_status="resident_confirmed", answer="unreachable")
        )
    assert "id_status" in caught.value.errors


def test_guards_may_not_register(
    services: Services, admin: Actor, visitors: VisitorService, host: Host
) -> None:
    from frontdesk.auth import Role
    from frontdesk.errors import PermissionDenied
    from tests.conftest import make_actor

    guard = make_actor(services, admin, Role.GUARD)
    with pytest.raises(PermissionDenied):
        visitors.register_visit(actor=guard, **visit_args(host))
