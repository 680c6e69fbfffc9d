"""Both procedures end to end, their order enforced, the callback closing or reopening (both engines)."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest

from frontdesk.auth import Actor
from frontdesk.callbacks.models import Callback
from frontdesk.callbacks.rows import CallbackInput
from frontdesk.complaints.models import Complaint, ComplaintStep
from frontdesk.complaints.rows import ComplaintRow, ComplaintStatus, Step
from frontdesk.complaints.service import ComplaintService
from frontdesk.errors import PermissionDenied, UserError, ValidationError
from frontdesk.services import Services
from tests.unit.frontdesk.complaints.conftest import World, take
from tests.unit.frontdesk.slips.conftest import DeskClock


def _handle_valid(
    complaints: ComplaintService, clerk: Actor, row: ComplaintRow, clock: DeskClock
) -> ComplaintRow:
    row = complaints.judge_nature(
        actor=clerk, number=row.number, version=row.version, nature="多收一个月物业费"
    )
    row = complaints.assign_department(
        actor=clerk, number=row.number, version=row.version, department="finance"
    )
    row = complaints.record_site_visit(
        actor=clerk,
        number=row.number,
        version=row.version,
        supervisor="财务主管 陈",
        visited_at=clock.now(),
        findings="账单重复计费",
    )
    return complaints.record_handling(
        actor=clerk, number=row.number, version=row.version, actions="冲销重复账单", result="已退还多收款项"
    )


def _call(outcome: str = "closed", satisfaction: str = "satisfied") -> CallbackInput:
    return CallbackInput(
        "phone", "业主表示已收到退款" if outcome != "unreachable" else "", satisfaction, outcome
    )


def test_valid_procedure_end_to_end(
    services: Services,
    complaints: ComplaintService,
    world: World,
    clerk: Actor,
    clerk2: Actor,
    clock: DeskClock,
) -> None:
    row = take(complaints, clerk, world)
    assert row.number.startswith("TS-20261123-")
    assert (row.status, row.next_step, row.suggested) == (ComplaintStatus.OPEN, Step.NATURE, "valid:charges")
    clock.advance(minutes=10)
    row = _handle_valid(complaints, clerk, row, clock)
    assert (row.status, row.next_step, row.department) == (
        ComplaintStatus.AWAITING_CALLBACK,
        Step.CALLBACK,
        "finance",
    )
    queue = services.callbacks.due_queue(actor=clerk2)
    assert queue == []  # due within 24 h: tomorrow, not today
    clock.advance(hours=24)
    [callback] = services.callbacks.due_queue(actor=clerk2)
    assert (callback.case_ref, callback.handled_by, callback.resident_name) == (
        row.number,
        ("clerk1",),
        "李秀英",
    )
    assert callback.phone_masked.startswith("138") and "1234" not in callback.phone_masked
    done = services.callbacks.record_call(
        actor=clerk2,
        client_id=str(uuid.uuid4()),
        callback_id=callback.id,
        version=callback.version,
        call=_call(),
    )
    assert (done.status, done.outcome and done.outcome.value) == ("done", "closed")
    detail = complaints.get(actor=clerk, number=row.number)
    assert detail.complaint.status is ComplaintStatus.CLOSED and detail.complaint.closed_at is not None
    assert [s.step for s in detail.steps] == [Step.NATURE, Step.DEPARTMENT, Step.SITE_VISIT, Step.HANDLING]
    assert detail.steps[2].person == "财务主管 陈"
    assert detail.callbacks[0].calls[0].words == "业主表示已收到退款"
    assert services.callbacks.due_queue(actor=clerk2) == []
    actions = [
        e.action
        for e in services.audit.recent(
            actor=services.staff.authenticate(username="admin", password="admin-pass-1")
        )
    ]
    assert actions.count("step") == 4 and "callback" in actions and "status" in actions


def test_communicative_reopened_by_a_dissatisfied_callback(
    services: Services,
    complaints: ComplaintService,
    world: World,
    clerk: Actor,
    clerk2: Actor,
    clock: DeskClock,
) -> None:
    row = take(
        complaints,
        clerk,
        world,
        cls="communicative",
        kind="enquiry",
        content="请问停水到几点？",
        unit=world.arrears_unit,
        resident=False,
    )
    assert complaints.fee_status(actor=clerk, number=row.number).arrears_fen == 123_450  # type: ignore[union-attr]
    row = complaints.confirm_identity(
        actor=clerk, number=row.number, version=row.version, is_resident=False, note="访客"
    )
    row = complaints.record_fee_status(actor=clerk, number=row.number, version=row.version)
    row = complaints.record_response(
        actor=clerk, number=row.number, version=row.version, answered=True, said="下午五点恢复"
    )
    assert row.status is ComplaintStatus.AWAITING_CALLBACK
    fee_step = ComplaintStep.get(ComplaintStep.step == "fee_status")
    assert fee_step.amount_fen == 123_450
    clock.advance(hours=25)
    [cb] = services.callbacks.due_queue(actor=clerk2)
    with pytest.raises(ValidationError) as bad:
        services.callbacks.record_call(
            actor=clerk2,
            client_id=str(uuid.uuid4()),
            callback_id=cb.id,
            version=cb.version,
            call=_call("closed", "dissatisfied"),
        )
    assert bad.value.field == "outcome"
    services.callbacks.record_call(
        actor=clerk2,
        client_id=str(uuid.uuid4()),
        callback_id=cb.id,
        version=cb.version,
        call=_call("reopened", "dissatisfied"),
    )
    again = complaints.get(actor=clerk, number=row.number).complaint
    assert (again.status, again.next_step, again.reopen_count) == (ComplaintStatus.REOPENED, Step.RESPONSE, 1)
    again = complaints.record_response(
        actor=clerk,
        number=row.number,
        version=again.version,
        answered=False,
        said="转工程部处理",
        department="engineering",
    )
    assert again.status is ComplaintStatus.AWAITING_CALLBACK and again.department == "engineering"
    assert len(services.callbacks.for_case(actor=clerk, module="complaint", case_id=row.id)) == 2


def test_steps_are_refused_out_of_order(
    complaints: ComplaintService, world: World, clerk: Actor, clock: DeskClock
) -> None:
    row = take(complaints, clerk, world)
    with pytest.raises(UserError, match="next step"):
        complaints.record_handling(
            actor=clerk, number=row.number, version=row.version, actions="a", result="b"
        )
    with pytest.raises(UserError):
        complaints.confirm_identity(actor=clerk, number=row.number, version=row.version, is_resident=True)
    assert ComplaintStep.select().count() == 0
    with pytest.raises(ValidationError) as bad:
        complaints.judge_nature(actor=clerk, number=row.number, version=row.version, nature="  ")
    assert bad.value.field == "nature"
    row = complaints.judge_nature(actor=clerk, number=row.number, version=row.version, nature="收费")
    with pytest.raises(ValidationError) as bad:
        complaints.assign_department(actor=clerk, number=row.number, version=row.version, department="nobody")
    assert bad.value.field == "department"
    from frontdesk.errors import Conflict

    with pytest.raises(Conflict):
        complaints.assign_department(
            actor=clerk, number=row.number, version=row.version - 1, department="finance"
        )
    assert Complaint.get().next_step == "department"


def test_no_self_callback_unless_the_office_allows_it(
    services: Services,
    complaints: ComplaintService,
    world: World,
    clerk: Actor,
    admin: Actor,
    clock: DeskClock,
) -> None:
    row = _handle_valid(complaints, clerk, take(complaints, clerk, world), clock)
    clock.advance(hours=25)
    [cb] = services.callbacks.due_queue(actor=clerk)
    with pytest.raises(PermissionDenied, match="colleague"):
        services.callbacks.record_call(
            actor=clerk, client_id=str(uuid.uuid4()), callback_id=cb.id, version=cb.version, call=_call()
        )
    assert Callback.get().status == "open"
    services.settings.set(actor=admin, key="callback_by_handler_allowed", value=True)
    done = services.callbacks.record_call(
        actor=clerk, client_id=str(uuid.uuid4()), callback_id=cb.id, version=cb.version, call=_call()
    )
    assert done.status == "done"
    assert complaints.get(actor=clerk, number=row.number).complaint.status is ComplaintStatus.CLOSED


def test_three_unreachable_calls_escalate(
    services: Services,
    complaints: ComplaintService,
    world: World,
    clerk: Actor,
    clerk2: Actor,
    clock: DeskClock,
) -> None:
    row = _handle_valid(complaints, clerk, take(complaints, clerk, world), clock)
    clock.advance(hours=25)
    for n in range(3):
        [cb] = services.callbacks.due_queue(actor=clerk2)
        assert cb.attempts == n and not cb.escalated
        client = str(uuid.uuid4())
        services.callbacks.record_call(
            actor=clerk2,
            client_id=client,
            callback_id=cb.id,
            version=cb.version,
            call=_call("unreachable", ""),
        )
        # a retried save records once
        services.callbacks.record_call(
            actor=clerk2,
            client_id=client,
            callback_id=cb.id,
            version=cb.version,
            call=_call("unreachable", ""),
        )
        clock.advance(hours=2)
    [cb] = services.callbacks.due_queue(actor=clerk2)
    assert cb.attempts == 3 and cb.escalated and cb.overdue
    escalated = complaints.get(actor=clerk, number=row.number).complaint
    assert escalated.escalated and escalated.status is ComplaintStatus.AWAITING_CALLBACK


def test_reclassification_keeps_history_and_switches_procedure(
    complaints: ComplaintService, world: World, clerk: Actor, clock: DeskClock
) -> None:
    row = take(complaints, clerk, world, cls="communicative", kind="venting", content="太过分了")
    row = complaints.confirm_identity(actor=clerk, number=row.number, version=row.version, is_resident=True)
    with pytest.raises(ValidationError) as bad:
        complaints.reclassify(
            actor=clerk, number=row.number, version=row.version, cls="valid", kind="security", reason=" "
        )
    assert bad.value.field == "reason"
    with pytest.raises(ValidationError) as bad:
        complaints.reclassify(
            actor=clerk, number=row.number, version=row.version, cls="valid", kind="help", reason="x"
        )
    assert bad.value.field == "kind"
    row = complaints.reclassify(
        actor=clerk,
        number=row.number,
        version=row.version,
        cls="valid",
        kind="security",
        reason="保安处理不当",
    )
    assert (row.cls.value, row.kind, row.next_step, row.reclass_count) == (
        "valid",
        "security",
        Step.NATURE,
        1,
    )
    assert row.close_by == row.received_at + timedelta(hours=72)
    history = complaints.get(actor=clerk, number=row.number).classes
    assert [(h.cls.value, h.kind, h.reason) for h in history] == [
        ("communicative", "venting", ""),
        ("valid", "security", "保安处理不当"),
    ]


def test_escalation_and_work_order_request(complaints: ComplaintService, world: World, clerk: Actor) -> None:
    row = take(complaints, clerk, world, cls="communicative", kind="help", content="厨房漏水，请派人报修")
    row = complaints.escalate(actor=clerk, number=row.number, version=row.version, reason="楼下被淹")
    assert row.escalated and row.escalation_reason == "楼下被淹"
    with pytest.raises(UserError):
        complaints.escalate(actor=clerk, number=row.number, version=row.version, reason="again")
    row = complaints.request_work_order(
        actor=clerk, number=row.number, version=row.version, request="检修厨房水管"
    )
    row = complaints.link_work_order(
        actor=clerk, number=row.number, version=row.version, work_order="GD-20261123-0001"
    )
    assert (row.work_order_request, row.work_order_ref) == ("检修厨房水管", "GD-20261123-0001")
    other = take(complaints, clerk, world)
    with pytest.raises(UserError):
        complaints.request_work_order(actor=clerk, number=other.number, version=other.version, request="x")


def test_overdue_flag_and_list_filters(
    complaints: ComplaintService, world: World, clerk: Actor, clock: DeskClock
) -> None:
    from frontdesk.complaints.rows import ListFilter

    first = take(complaints, clerk, world)
    assert not first.overdue
    clock.advance(minutes=31)  # past the 30-minute response deadline, nothing done
    second = take(complaints, clerk, world, cls="communicative", kind="enquiry", content="请问")
    assert (
        complaints.list_complaints(actor=clerk, filters=ListFilter(overdue_only=True))[0].number
        == first.number
    )
    complaints.judge_nature(actor=clerk, number=first.number, version=first.version, nature="收费")
    assert complaints.list_complaints(actor=clerk, filters=ListFilter(overdue_only=True)) == []
    clock.advance(hours=72)
    overdue = complaints.list_complaints(actor=clerk, filters=ListFilter(overdue_only=True))
    assert {r.number for r in overdue} == {first.number, second.number}
    assert [
        r.number for r in complaints.list_complaints(actor=clerk, filters=ListFilter(status="in_handling"))
    ] == [first.number]
    assert len(complaints.list_complaints(actor=clerk, filters=ListFilter(month="2026-11"))) == 2
    assert complaints.list_complaints(actor=clerk, filters=ListFilter(month="2026-10")) == []
    page = complaints.list_complaints(actor=clerk, limit=1)
    assert [
        r.number for r in complaints.list_complaints(actor=clerk, before=(page[0].received_at, page[0].id))
    ] == [first.number]
    with pytest.raises(ValidationError):
        complaints.list_complaints(actor=clerk, filters=ListFilter(month="2026-13"))
