"""The month's figures against a hand-worked month; the phone log; the purge (both engines)."""

from __future__ import annotations

import uuid
from datetime import date

import pytest

from frontdesk.auth import Actor
from frontdesk.callbacks.models import Callback
from frontdesk.callbacks.rows import CallbackInput
from frontdesk.calls.models import PhoneCall
from frontdesk.calls.service import CallCounts, CallInput
from frontdesk.complaints.models import Complaint
from frontdesk.complaints.service import ComplaintService
from frontdesk.errors import PermissionDenied, UserError, ValidationError
from frontdesk.services import Services
from tests.unit.frontdesk.complaints.conftest import World, take
from tests.unit.frontdesk.slips.conftest import DeskClock


@pytest.fixture
def clock() -> DeskClock:
    """10:00 on 31 October 2026: one complaint in October, the rest in November."""
    return DeskClock(date(2026, 10, 31))


def _callback(services: Services, actor: Actor, outcome: str, satisfaction: str) -> None:
    [cb] = services.callbacks.due_queue(actor=actor)
    services.callbacks.record_call(
        actor=actor,
        client_id=str(uuid.uuid4()),
        callback_id=cb.id,
        version=cb.version,
        call=CallbackInput("phone", "住户的话", satisfaction, outcome),
    )


def test_month_figures_match_the_hand_worked_month(
    services: Services,
    complaints: ComplaintService,
    world: World,
    clerk: Actor,
    clerk2: Actor,
    supervisor: Actor,
    clock: DeskClock,
) -> None:
    take(complaints, clerk, world, cls="valid", kind="cleaning", content="10月的")  # E: October, not counted
    clock.advance(days=2)  # 2 November
    a = take(complaints, clerk, world)  # A: valid charges → finance, closed satisfied within 72 h
    a = complaints.judge_nature(actor=clerk, number=a.number, version=a.version, nature="多收")
    a = complaints.assign_department(actor=clerk, number=a.number, version=a.version, department="finance")
    a = complaints.record_site_visit(
        actor=clerk,
        number=a.number,
        version=a.version,
        supervisor="陈",
        visited_at=clock.now(),
        findings="重复",
    )
    complaints.record_handling(actor=clerk, number=a.number, version=a.version, actions="冲销", result="退款")
    clock.advance(hours=25)
    _callback(services, clerk2, "closed", "satisfied")
    b = take(complaints, clerk, world, cls="communicative", kind="enquiry", content="请问")  # B: reopened
    b = complaints.confirm_identity(actor=clerk, number=b.number, version=b.version, is_resident=True)
    b = complaints.record_fee_status(actor=clerk, number=b.number, version=b.version)
    complaints.record_response(actor=clerk, number=b.number, version=b.version, answered=True, said="答复")
    clock.advance(hours=25)
    _callback(services, clerk2, "reopened", "dissatisfied")
    c = take(
        complaints, clerk, world, cls="valid", kind="cleaning", content="楼道脏"
    )  # C: in handling, cleaning
    c = complaints.judge_nature(actor=clerk, number=c.number, version=c.version, nature="保洁不到位")
    complaints.assign_department(actor=clerk, number=c.number, version=c.version, department="cleaning")
    d = take(
        complaints, clerk, world, cls="communicative", kind="venting", content="生气"
    )  # D: → valid security
    complaints.reclassify(
        actor=clerk, number=d.number, version=d.version, cls="valid", kind="security", reason="保安失职"
    )

    figures = complaints.figures(actor=supervisor, month="2026-11")
    assert figures.received == 4
    assert figures.by_class == {"valid": 3, "communicative": 1}
    assert figures.by_kind == {"charges": 1, "enquiry": 1, "cleaning": 1, "security": 1}
    assert figures.by_department == {"finance": 1, "cleaning": 1}
    assert (figures.closed, figures.closed_in_target, figures.closed_in_target_share) == (1, 1, 0.25)
    assert (figures.callbacks_due, figures.callbacks_done, figures.callback_rate) == (2, 2, 1.0)
    assert figures.satisfaction == {"satisfied": 1, "dissatisfied": 1}
    assert figures.reclassifications == 1
    october = complaints.figures(actor=supervisor, month="2026-10")
    assert (october.received, october.by_kind, october.callback_rate) == (1, {"cleaning": 1}, 0.0)
    with pytest.raises(PermissionDenied):
        complaints.figures(actor=clerk, month="2026-11")
    assert len(services.callbacks.month(actor=clerk, month="2026-11")) == 2


def test_a_call_is_logged_step_by_step_and_becomes_a_complaint(
    services: Services, complaints: ComplaintService, world: World, clerk: Actor
) -> None:
    [hit] = services.calls.lookup_caller(actor=clerk, phone="138 1234 5678")
    assert (hit.resident_id, hit.unit_id) == (world.owner, world.unit)
    call = services.calls.log_call(
        actor=clerk,
        client_id=str(uuid.uuid4()),
        call=CallInput(
            greeted=True,
            caller_name="",
            caller_phone="138 1234 5678",
            caller_identity="业主",
            caller_resident_id=hit.resident_id,
            matter="请问电梯什么时候修好？",
            contact_phone="13812345678",
            passed_to="engineering",
            callback_needed=True,
        ),
    )
    assert (call.caller_name, call.unit_code, call.outcome, call.greeted) == (
        "李秀英",
        "3-1502",
        "contact",
        True,
    )
    row = services.calls.to_complaint(
        actor=clerk, client_id=str(uuid.uuid4()), call_id=call.id, cls="communicative", kind="enquiry"
    )
    assert (row.channel.value, row.unit_code, row.complainant_name, row.content) == (
        "phone",
        "3-1502",
        "李秀英",
        "请问电梯什么时候修好？",
    )
    assert PhoneCall.get_by_id(call.id).complaint_number == row.number
    with pytest.raises(UserError):
        services.calls.to_message(actor=clerk, call_id=call.id, resident_id=world.owner, text="x")


def test_a_call_becomes_a_message_and_bad_calls_save_nothing(
    services: Services, world: World, clerk: Actor
) -> None:
    for call, field in [
        (CallInput(True, "王", "12ab", matter="x"), "caller_phone"),
        (CallInput(True, "王", "", matter=" "), "matter"),
        (CallInput(True, "王", "", matter="x", passed_to="nobody"), "passed_to"),
        (CallInput(True, "王", "", matter="x", unit_id=999_999), "unit"),
    ]:
        with pytest.raises(ValidationError) as bad:
            services.calls.log_call(actor=clerk, client_id=str(uuid.uuid4()), call=call)
        assert bad.value.field == field
    assert PhoneCall.select().count() == 0
    call = services.calls.log_call(
        actor=clerk,
        client_id=str(uuid.uuid4()),
        call=CallInput(True, "快递员", "", matter="有包裹", answer="放前台"),
    )
    message = services.calls.to_message(
        actor=clerk, call_id=call.id, resident_id=world.owner, text="有您的包裹"
    )
    assert (message.outcome, message.message_for_resident_id) == ("message", world.owner)


def test_purge_blanks_complainants_callbacks_and_callers(
    services: Services,
    complaints: ComplaintService,
    world: World,
    clerk: Actor,
    clerk2: Actor,
    admin: Actor,
    clock: DeskClock,
) -> None:
    clock.advance(days=-1100)  # the desk's clock never runs past the present (nor the newest event)
    row = take(complaints, clerk, world, cls="communicative", kind="enquiry", content="请问")
    row = complaints.confirm_identity(actor=clerk, number=row.number, version=row.version, is_resident=True)
    row = complaints.record_fee_status(actor=clerk, number=row.number, version=row.version)
    complaints.record_response(
        actor=clerk, number=row.number, version=row.version, answered=True, said="答复"
    )
    services.calls.log_call(
        actor=clerk, client_id=str(uuid.uuid4()), call=CallInput(True, "王", "13900001111", matter="问")
    )
    clock.advance(days=1097)
    take(complaints, clerk, world)  # recent: kept
    dry = complaints.purge_personal_data(actor=admin, dry_run=True)
    assert (dry.eligible, dry.purged) == (1, 1) and Complaint.get(
        Complaint.number == row.number
    ).complainant_name
    with pytest.raises(PermissionDenied):
        complaints.purge_personal_data(actor=clerk)
    report = complaints.purge_personal_data(actor=admin)
    assert (report.kind, report.purged) == ("complaints", 1)
    old = Complaint.get(Complaint.number == row.number)
    assert (old.complainant_name, old.complainant_phone, old.content) == ("", "", "请问")
    assert Callback.get().resident_name == "" and Callback.get().phone == ""
    assert PhoneCall.get().caller_phone == ""
    assert Complaint.select().where(Complaint.purged_at.is_null()).count() == 1
    assert complaints.get(actor=clerk, number=row.number).complaint.purged


def test_today_counts_the_days_calls_and_those_waiting_for_a_reply(
    services: Services, world: World, clerk: Actor, clock: DeskClock
) -> None:
    def log(call: CallInput) -> None:
        services.calls.log_call(actor=clerk, client_id=str(uuid.uuid4()), call=call)

    log(CallInput(True, "王", "13900001111", matter="停水到几点", contact_phone="13900001111"))
    clock.advance(days=1)
    log(CallInput(True, "快递员", "", matter="有包裹", answer="放前台"))
    log(CallInput(True, "李", "", matter="电梯异响", contact_phone="13900002222"))
    made = services.calls.recent(actor=clerk, limit=1)[0]
    log(CallInput(True, "赵", "", matter="楼道灯坏了", callback_needed=True))
    assert services.calls.today_counts(actor=clerk) == CallCounts(3, 2)
    services.calls.to_message(actor=clerk, call_id=made.id, resident_id=world.owner, text="电梯已报修")
    assert services.calls.today_counts(actor=clerk) == CallCounts(3, 1)
    clock.advance(days=1)
    assert services.calls.today_counts(actor=clerk) == CallCounts(0, 0)
