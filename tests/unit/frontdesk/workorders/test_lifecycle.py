"""The order's lifecycle: every state in order, the paid branch and its charge, callbacks, cancelling,
skipped steps refused, two desks at once (SQLite and PostgreSQL), links to complaints and calls."""

from __future__ import annotations

import uuid
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from frontdesk.audit import AuditEntry
from frontdesk.auth import Actor, Role
from frontdesk.callbacks.rows import CallbackInput
from frontdesk.calls.service import CallInput
from frontdesk.complaints.rows import ComplainantInput, IntakeInput
from frontdesk.errors import Conflict, PermissionDenied, UserError, ValidationError
from frontdesk.estate import unit_balances
from frontdesk.estate.models import Charge
from frontdesk.services import Services
from frontdesk.workorders.models import WorkOrder, WorkOrderEvent, WorkOrderMaterial
from frontdesk.workorders.rows import MaterialInput, OrderRow, OrderStatus, ReporterInput, TechnicianInput
from frontdesk.workorders.service import WorkOrderService
from tests.conftest import make_actor
from tests.unit.frontdesk.workorders.conftest import DeskClock, World, issue


def _call_back(services: Services, caller: Actor, outcome: str, satisfaction: str) -> None:
    [cb] = [c for c in services.callbacks.due_queue(actor=caller) if c.module == "work_order"]
    services.callbacks.record_call(
        actor=caller,
        client_id=str(uuid.uuid4()),
        callback_id=cb.id,
        version=cb.version,
        call=CallbackInput(method="phone", words="师傅很负责", satisfaction=satisfaction, outcome=outcome),
    )


def _to_surveyed(
    orders: WorkOrderService, clerk: Actor, row: OrderRow, world: World, clock: DeskClock
) -> OrderRow:
    row = orders.dispatch(actor=clerk, number=row.number, version=row.version, technician_id=world.zhang)
    clock.advance(minutes=20)
    row = orders.sign_for(actor=clerk, number=row.number, version=row.version)
    clock.advance(minutes=40)
    return orders.survey(actor=clerk, number=row.number, version=row.version, findings="角阀老化")


def test_a_free_order_goes_through_every_state(
    services: Services, orders: WorkOrderService, world: World, clerk: Actor, clerk2: Actor, clock: DeskClock
) -> None:
    row = issue(orders, clerk, world, urgency="urgent")
    assert (row.number, row.status, row.unit_code) == ("GC-20261123-0001", OrderStatus.CREATED, "3-1502")
    assert (row.reporter_name, row.reporter_phone_masked) == ("李秀英", "138****5678")
    assert (row.respond_by - row.received_at).total_seconds() == 30 * 60
    assert (row.finish_by - row.received_at).total_seconds() == 4 * 3600
    row = _to_surveyed(orders, clerk, row, world, clock)
    assert row.status is OrderStatus.SURVEYED and row.technician_name == "张师傅"
    row = orders.start_work(actor=clerk, number=row.number, version=row.version)
    orders.add_note(actor=clerk, number=row.number, text="等配件，下午继续")
    clock.advance(hours=2)
    row = orders.complete(
        actor=clerk,
        number=row.number,
        version=row.version,
        work_done="更换角阀",
        hours="1.5",
        materials=[MaterialInput("角阀", "1", "个", "0")],
    )
    assert row.status is OrderStatus.COMPLETED and row.hours_tenths == 15
    assert row.fee_fen == 0 and row.charge_id is None
    assert orders.today_counts(actor=clerk).awaiting_callback == 1
    clock.advance(hours=25)
    _call_back(services, clerk2, "closed", "very_satisfied")
    assert (orders.today_counts(actor=clerk).awaiting_callback, orders.today_counts(actor=clerk).open) == (
        0,
        0,
    )
    detail = orders.get(actor=clerk, number=row.number)
    assert detail.order.status is OrderStatus.CLOSED and detail.order.closed_at == clock.moment
    assert [e.action for e in detail.events] == [
        "created", "dispatched", "signed_for", "surveyed", "in_progress", "note", "completed", "closed",
    ]  # fmt: skip
    assert all(e.done_by in ("clerk1", "clerk2") for e in detail.events)
    assert detail.events[3].text == "角阀老化" and detail.materials[0].name == "角阀"
    assert detail.callbacks[0].outcome is not None and detail.callbacks[0].outcome.value == "closed"
    entries = AuditEntry.select().where(AuditEntry.entity == "work_order").order_by(AuditEntry.id)
    assert [(e.action, e.entity_id) for e in entries] == [
        ("create", row.number), *[("status", row.number)] * 4, ("note", row.number),
        ("status", row.number), ("status", row.number),
    ]  # fmt: skip


def test_a_paid_order_is_quoted_approved_and_its_fee_charged_once(
    services: Services,
    orders: WorkOrderService,
    world: World,
    clerk: Actor,
    clerk2: Actor,
    supervisor: Actor,
    clock: DeskClock,
) -> None:
    row = issue(orders, clerk, world)
    row = _to_surveyed(orders, clerk, row, world, clock)
    with pytest.raises(UserError, match="free of charge"):
        orders.quote(actor=clerk, number=row.number, version=row.version, labour="100", materials="0")
    # the survey finds the resident's own fitting: a paid job
    row = issue(orders, clerk, world)
    row = orders.dispatch(actor=clerk, number=row.number, version=row.version, technician_id=world.li)
    row = orders.sign_for(actor=clerk, number=row.number, version=row.version)
    row = orders.survey(
        actor=clerk, number=row.number, version=row.version, findings="需更换水龙头", paid=True
    )
    assert row.paid
    with pytest.raises(UserError, match="quote it"):
        orders.start_work(actor=clerk, number=row.number, version=row.version)
    row = orders.quote(actor=clerk, number=row.number, version=row.version, labour="120", materials="35.50")
    assert row.quote_fen == 15550
    with pytest.raises(PermissionDenied):
        orders.decide_quote(actor=clerk, number=row.number, version=row.version, approve=True)
    with pytest.raises(ValidationError) as bad:
        orders.decide_quote(actor=supervisor, number=row.number, version=row.version, approve=False)
    assert bad.value.field == "note"
    row = orders.decide_quote(
        actor=supervisor, number=row.number, version=row.version, approve=False, note="材料价偏高"
    )
    assert row.status is OrderStatus.REFUSED
    with pytest.raises(UserError):
        orders.start_work(actor=clerk, number=row.number, version=row.version)
    row = orders.quote(actor=clerk, number=row.number, version=row.version, labour="120", materials="20")
    assert "approved" not in orders.work_slip(actor=clerk, number=row.number, count_print=False).quote
    row = orders.decide_quote(actor=supervisor, number=row.number, version=row.version, approve=True)
    row = orders.start_work(actor=clerk, number=row.number, version=row.version)
    row = orders.complete(actor=clerk, number=row.number, version=row.version, work_done="换龙头", hours="1")
    assert row.fee_fen == 14000 and row.charge_id is not None
    charge = Charge.get_by_id(row.charge_id)
    assert (charge.unit_id, charge.amount_fen, charge.kind) == (world.unit, 14000, "other")
    assert row.number in charge.description
    assert services.estate.arrears(actor=clerk, unit_id=world.unit).balance_fen == 14000
    assert unit_balances.problems() == []
    # unsatisfied: reopened, done again, not charged again
    clock.advance(hours=25)
    _call_back(services, clerk2, "reopened", "dissatisfied")
    row = orders.get(actor=clerk, number=row.number).order
    assert (row.status, row.reopen_count) == (OrderStatus.IN_PROGRESS, 1)
    with pytest.raises(ValidationError, match="charged already") as bad:
        orders.complete(
            actor=clerk, number=row.number, version=row.version, work_done="重新密封", hours="0.5", fee="50"
        )
    assert bad.value.field == "fee"
    row = orders.complete(
        actor=clerk, number=row.number, version=row.version, work_done="重新密封", hours="0.5"
    )
    assert Charge.select().count() == 1 and (row.charge_id, row.fee_fen) == (charge.id, 14000)
    assert unit_balances.problems() == []
    clock.advance(hours=25)
    _call_back(services, clerk2, "closed", "satisfied")
    assert orders.get(actor=clerk, number=row.number).order.status is OrderStatus.CLOSED


def test_a_step_skipped_is_refused_and_changes_nothing(
    orders: WorkOrderService, world: World, clerk: Actor
) -> None:
    row = issue(orders, clerk, world)
    with pytest.raises(UserError, match="cannot be Signed for now"):
        orders.sign_for(actor=clerk, number=row.number, version=row.version)
    with pytest.raises(UserError):
        orders.complete(actor=clerk, number=row.number, version=row.version, work_done="x", hours="1")
    with pytest.raises(UserError):
        orders.start_work(actor=clerk, number=row.number, version=row.version)
    row2 = orders.dispatch(actor=clerk, number=row.number, version=row.version, technician_id=world.zhang)
    with pytest.raises(UserError):
        orders.survey(actor=clerk, number=row.number, version=row2.version, findings="x")
    assert WorkOrderEvent.select().count() == 2
    assert WorkOrder.get().version == row2.version and WorkOrderMaterial.select().count() == 0


def test_cancelled_from_an_open_state_with_a_reason_never_after_completion(
    orders: WorkOrderService, world: World, clerk: Actor, clock: DeskClock
) -> None:
    row = issue(orders, clerk, world)
    with pytest.raises(ValidationError) as bad:
        orders.cancel(actor=clerk, number=row.number, version=row.version, reason=" ")
    assert bad.value.field == "reason"
    row = _to_surveyed(orders, clerk, row, world, clock)
    row = orders.cancel(actor=clerk, number=row.number, version=row.version, reason="住户自行修好")
    assert (row.status, row.cancel_reason) == (OrderStatus.CANCELLED, "住户自行修好")
    with pytest.raises(UserError, match="cannot be cancelled"):
        orders.cancel(actor=clerk, number=row.number, version=row.version, reason="again")
    with pytest.raises(UserError):
        orders.add_note(actor=clerk, number=row.number, text="x")
    done = issue(orders, clerk, world)
    done = _to_surveyed(orders, clerk, done, world, clock)
    done = orders.start_work(actor=clerk, number=done.number, version=done.version)
    done = orders.complete(actor=clerk, number=done.number, version=done.version, work_done="ok", hours="1")
    with pytest.raises(UserError, match="cannot be cancelled"):
        orders.cancel(actor=clerk, number=done.number, version=done.version, reason="late")


def test_two_desks_moving_the_same_order_one_wins_the_other_is_told(
    orders: WorkOrderService, world: World, clerk: Actor, clerk2: Actor
) -> None:
    row = issue(orders, clerk, world)
    seen_by_2 = orders.get(actor=clerk2, number=row.number).order
    orders.dispatch(actor=clerk, number=row.number, version=row.version, technician_id=world.zhang)
    with pytest.raises(
        Conflict, match=r"Changed by clerk1 at \d{4}-\d\d-\d\d \d\d:\d\d while you were editing"
    ):
        orders.dispatch(actor=clerk2, number=row.number, version=seen_by_2.version, technician_id=world.li)
    with pytest.raises(Conflict, match="Changed by clerk1"):
        orders.cancel(actor=clerk2, number=row.number, version=seen_by_2.version, reason="重复")
    now = orders.get(actor=clerk2, number=row.number).order
    assert (now.status, now.technician_name) == (OrderStatus.DISPATCHED, "张师傅")
    assert WorkOrderEvent.select().count() == 2


def test_dispatched_again_to_another_technician_before_signing(
    orders: WorkOrderService, world: World, clerk: Actor
) -> None:
    row = issue(orders, clerk, world)
    row = orders.dispatch(actor=clerk, number=row.number, version=row.version, technician_id=world.zhang)
    row = orders.dispatch(actor=clerk, number=row.number, version=row.version, technician_id=world.li)
    assert row.technician_name == "李师傅"
    assert [e.action for e in orders.get(actor=clerk, number=row.number).events][-1] == "reassign"
    for bad_tech, message in (
        (world.wang, "not on duty"),
        (world.cleaner, "another department"),
        (999, "list"),
    ):
        with pytest.raises(ValidationError, match=message):
            orders.dispatch(actor=clerk, number=row.number, version=row.version, technician_id=bad_tech)


def test_an_engineer_moves_only_the_orders_dispatched_to_them(
    services: Services, orders: WorkOrderService, world: World, clerk: Actor, admin: Actor
) -> None:
    engineer = make_actor(services, admin, Role.ENGINEER, "eng1")
    mine = orders.save_technician(
        actor=admin, technician=TechnicianInput("钱师傅", skills=("water",), staff_id=engineer.staff_id)
    )
    row = issue(orders, clerk, world)
    other = issue(orders, clerk, world)
    row = orders.dispatch(actor=clerk, number=row.number, version=row.version, technician_id=mine.id)
    other = orders.dispatch(
        actor=clerk, number=other.number, version=other.version, technician_id=world.zhang
    )
    assert orders.sign_for(actor=engineer, number=row.number, version=row.version).signed_at is not None
    with pytest.raises(PermissionDenied, match="not dispatched to you"):
        orders.sign_for(actor=engineer, number=other.number, version=other.version)
    with pytest.raises(PermissionDenied):
        issue(orders, engineer, world)


def test_an_order_from_a_complaint_or_a_call_is_linked_both_ways(
    services: Services, orders: WorkOrderService, world: World, clerk: Actor
) -> None:
    complaint = services.complaints.take_complaint(
        actor=clerk,
        client_id=str(uuid.uuid4()),
        intake=IntakeInput(
            channel="phone",
            complainant=ComplainantInput(world.owner),
            unit_id=world.unit,
            place="",
            content="卫生间漏水，麻烦派人报修",
            cls="communicative",
            kind="help",
        ),
    )
    row = issue(orders, clerk, world, source_complaint=complaint.number.lower().replace("-", " "))
    assert (row.source_kind, row.source_ref) == ("complaint", complaint.number)
    linked = services.complaints.get(actor=clerk, number=complaint.number).complaint
    assert (linked.work_order_ref, linked.work_order_request) == (row.number, "厨房水管漏水")
    with pytest.raises(ValidationError, match="already has work order") as bad:
        issue(orders, clerk, world, source_complaint=complaint.number)
    assert bad.value.field == "source_complaint"
    call = services.calls.log_call(
        actor=clerk,
        client_id=str(uuid.uuid4()),
        call=CallInput(greeted=True, caller_name="李秀英", caller_phone="13812345678", unit_id=world.unit,
                       matter="家里跳闸了"),
    )  # fmt: skip
    from_call = issue(orders, clerk, world, source_call=call.id, category="electrical", problem="跳闸")
    assert (from_call.source_kind, from_call.source_ref) == ("call", str(call.id))
    [logged] = [c for c in services.calls.recent(actor=clerk) if c.id == call.id]
    assert (logged.work_order_ref, logged.outcome) == (from_call.number, "work_order_request")
    assert WorkOrder.select().count() == 2


def test_a_coordination_slip_goes_to_its_department_with_its_own_numbers(
    orders: WorkOrderService, world: World, clerk: Actor
) -> None:
    row = issue(
        orders, clerk, world, department="cleaning", unit_id=None, place="5棟大堂", category="other",
        reporter=ReporterInput(), problem="大堂地面有油污",
    )  # fmt: skip
    assert row.number == "XT-20261123-0001" and row.reporter_name == ""
    proposal = orders.propose(actor=clerk, number=row.number)
    assert proposal.technician_id == world.cleaner
    row = orders.dispatch(actor=clerk, number=row.number, version=row.version, technician_id=world.cleaner)
    with pytest.raises(ValidationError, match="another department"):
        orders.dispatch(actor=clerk, number=row.number, version=row.version, technician_id=world.zhang)


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"problem": "  "}, "problem"),
        ({"problem": "漏水\x07"}, "problem"),
        ({"category": "plumbing"}, "category"),
        ({"urgency": "now"}, "urgency"),
        ({"department": "finance"}, "department"),
        ({"unit_id": None, "place": "", "reporter": ReporterInput(None, "路人", "")}, "unit"),
        ({"unit_id": None, "place": "3棟大堂", "paid": True}, "paid"),
        ({"reporter": ReporterInput(None, "", "")}, "reporter_name"),
        ({"reporter": ReporterInput(None, "路人", "12ab")}, "reporter_phone"),
        ({"source_complaint": "TS-20261123-0099"}, "source_complaint"),
        ({"source_call": 424242}, "source_call"),
    ],
)
def test_a_bad_order_says_which_field_and_saves_nothing(
    orders: WorkOrderService, world: World, clerk: Actor, changes: dict[str, object], field: str
) -> None:
    with pytest.raises(ValidationError) as bad:
        issue(orders, clerk, world, **changes)
    assert bad.value.field == field and bad.value.message
    assert WorkOrder.select().count() == 0 and WorkOrderEvent.select().count() == 0


def test_a_window_must_be_whole_and_in_order(
    orders: WorkOrderService, world: World, clerk: Actor, clock: DeskClock
) -> None:
    from datetime import timedelta

    start = clock.moment + timedelta(hours=4)
    with pytest.raises(ValidationError) as bad:
        issue(orders, clerk, world, window_start=start)
    assert bad.value.field == "window_end"
    with pytest.raises(ValidationError, match="end after"):
        issue(orders, clerk, world, window_start=start, window_end=start - timedelta(hours=1))
    row = issue(orders, clerk, world, window_start=start, window_end=start + timedelta(hours=2))
    assert row.window_end == start + timedelta(hours=2)


def test_completion_checks_hours_materials_and_fee(
    orders: WorkOrderService, world: World, clerk: Actor, clock: DeskClock
) -> None:
    row = _to_surveyed(orders, clerk, issue(orders, clerk, world), world, clock)
    row = orders.start_work(actor=clerk, number=row.number, version=row.version)
    cases = [
        ({"hours": "0"}, "hours"),
        ({"hours": "1.25"}, "hours"),
        ({"hours": "abc"}, "hours"),
        ({"work_done": ""}, "work_done"),
        ({"materials": [MaterialInput("", "1")]}, "materials.0.name"),
        ({"materials": [MaterialInput("管", "1", "m", "-3")]}, "materials.0.amount"),
        ({"fee": Decimal("50")}, "fee"),  # a free order has no fee
    ]
    for change, field in cases:
        values: dict[str, object] = {"work_done": "更换", "hours": "1", **change}
        with pytest.raises(ValidationError) as bad:
            orders.complete(actor=clerk, number=row.number, version=row.version, **values)  # type: ignore[arg-type]
        assert bad.value.field == field
    assert WorkOrder.get().status == "in_progress" and WorkOrderMaterial.select().count() == 0


def test_a_retried_save_records_once(orders: WorkOrderService, world: World, clerk: Actor) -> None:
    from tests.unit.frontdesk.workorders.conftest import order_input

    client = str(uuid.uuid4())
    first = orders.create_order(actor=clerk, client_id=client, order=order_input(world))
    again = orders.create_order(actor=clerk, client_id=client, order=order_input(world))
    assert first.number == again.number and WorkOrder.select().count() == 1


@settings(max_examples=25, suppress_health_check=[HealthCheck.function_scoped_fixture], deadline=None)
@given(problem=st.text(min_size=1, max_size=60), note=st.text(min_size=1, max_size=60))
def test_any_text_is_kept_whole_or_refused_with_nothing_saved(
    orders: WorkOrderService, world: World, clerk: Actor, problem: str, note: str
) -> None:
    before = (WorkOrder.select().count(), WorkOrderEvent.select().count())
    try:
        row = issue(orders, clerk, world, problem=problem)
    except ValidationError as exc:
        assert exc.field == "problem" and exc.message
        assert (WorkOrder.select().count(), WorkOrderEvent.select().count()) == before
        return
    assert row.problem == problem.strip()
    events = WorkOrderEvent.select().count()
    try:
        orders.add_note(actor=clerk, number=row.number, text=note)
    except ValidationError as exc:
        assert exc.field == "text" and WorkOrderEvent.select().count() == events
    else:
        assert orders.get(actor=clerk, number=row.number).events[-1].text == note.strip()


def test_an_order_drafted_from_a_call_or_a_complaint_is_saved_as_drafted(
    services: Services, orders: WorkOrderService, world: World, clerk: Actor
) -> None:
    from frontdesk.workorders.intake import suggest_category

    assert [suggest_category(t) for t in ("电梯困人了", "家裡跳閘", "门锁打不开", "天氣好")] == [
        "lift", "electrical", "doors_locks", "",
    ]  # fmt: skip
    call = services.calls.log_call(
        actor=clerk,
        client_id=str(uuid.uuid4()),
        call=CallInput(greeted=True, caller_name="李秀英", caller_phone="13812345678", unit_id=world.unit,
                       caller_resident_id=world.owner, matter="卫生间漏水，楼下都渗了"),
    )  # fmt: skip
    draft = orders.draft_from_call(actor=clerk, call_id=call.id, urgency="urgent")
    assert (draft.unit_id, draft.category, draft.urgency, draft.source_call) == (
        world.unit,
        "water",
        "urgent",
        call.id,
    )
    assert draft.reporter.resident_id == world.owner and draft.problem == "卫生间漏水，楼下都渗了"
    row = orders.create_order(actor=clerk, client_id=str(uuid.uuid4()), order=draft)
    assert (row.reporter_name, row.source_kind, row.urgency.value) == ("李秀英", "call", "urgent")
    with pytest.raises(ValidationError, match="already has work order"):
        orders.draft_from_call(actor=clerk, call_id=call.id)
    complaint = services.complaints.take_complaint(
        actor=clerk,
        client_id=str(uuid.uuid4()),
        intake=IntakeInput(channel="walk_in", complainant=ComplainantInput(None, "路人", "13900001111"),
                           unit_id=None, place="5栋楼道", content="楼道灯不亮一周了", cls="communicative",
                           kind="help"),
    )  # fmt: skip
    draft = orders.draft_from_complaint(actor=clerk, number=complaint.number)
    assert (draft.place, draft.category, draft.reporter.name) == ("5栋楼道", "public_facilities", "路人")
    row = orders.create_order(actor=clerk, client_id=str(uuid.uuid4()), order=draft)
    assert row.place == "5栋楼道" and row.reporter_phone_masked == "139****1111"
    with pytest.raises(ValidationError) as bad:
        orders.draft_from_complaint(actor=clerk, number=complaint.number)
    assert bad.value.field == "source_complaint"
