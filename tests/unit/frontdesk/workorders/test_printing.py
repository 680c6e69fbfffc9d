"""The work slip's and the work plan's content from real orders: fields, progress, callbacks, copies,
reprints counted, the paper from the office's setting."""

from __future__ import annotations

import uuid

from frontdesk.audit import AuditEntry
from frontdesk.auth import Actor
from frontdesk.callbacks.rows import CallbackInput
from frontdesk.services import Services
from frontdesk.workorders.rows import MaterialInput, ReporterInput
from frontdesk.workorders.service import WorkOrderService
from tests.unit.frontdesk.workorders.conftest import DeskClock, World, issue


def test_the_slip_of_a_paid_order_called_back(
    services: Services,
    orders: WorkOrderService,
    world: World,
    clerk: Actor,
    clerk2: Actor,
    supervisor: Actor,
    admin: Actor,
    clock: DeskClock,
) -> None:
    row = issue(orders, clerk, world, paid=True, source_complaint="")
    row = orders.dispatch(actor=clerk, number=row.number, version=row.version, technician_id=world.zhang)
    first = orders.work_slip(actor=clerk, number=row.number)
    assert (first.title, first.copies, first.paper, first.reprint) == (
        "Work slip", ("Copy 1: engineering", "Copy 2: office"), "A5", False,
    )  # fmt: skip
    fields = dict(first.fields)
    assert fields["Unit or place"] == "3-1502" and fields["Reporter"] == "李秀英"
    assert fields["Phone"] == "138****5678" and fields["Charge"] == "Paid service"
    assert fields["Category"] == "Water supply and drainage" and fields["Urgency"] == "Normal"
    assert first.technician == "张师傅" and first.signed_for == "" and first.materials == ()
    row = orders.sign_for(actor=clerk, number=row.number, version=row.version)
    row = orders.survey(actor=clerk, number=row.number, version=row.version, findings="角阀老化")
    row = orders.quote(actor=clerk, number=row.number, version=row.version, labour="120", materials="35.5")
    row = orders.decide_quote(actor=supervisor, number=row.number, version=row.version, approve=True)
    row = orders.start_work(actor=clerk, number=row.number, version=row.version)
    orders.complete(
        actor=clerk, number=row.number, version=row.version, work_done="更换角阀", hours="1.5",
        materials=[MaterialInput("角阀", "1", "个", "35.5")],
    )  # fmt: skip
    clock.advance(hours=25)
    [cb] = [c for c in services.callbacks.due_queue(actor=clerk2) if c.case_ref == row.number]
    services.callbacks.record_call(
        actor=clerk2, client_id=str(uuid.uuid4()), callback_id=cb.id, version=cb.version,
        call=CallbackInput("phone", "修好了", "satisfied", "closed"),
    )  # fmt: skip
    services.settings.set(actor=admin, key="work_order_slip_paper", value="A4")
    slip = orders.work_slip(actor=clerk, number=row.number)
    assert slip.reprint and slip.paper == "A4"
    assert slip.signed_for and slip.findings == "角阀老化" and slip.work_done == "更换角阀"
    assert slip.quote.startswith(
        "Labour ¥120.00, materials ¥35.50, total ¥155.50 · approved by supervisor 张"
    )
    assert [(m.name, m.amount) for m in slip.materials] == [("角阀", "35.50")]
    assert (slip.hours, slip.fee) == ("1.5", "155.50")
    assert [c.words for c in slip.calls] == ["修好了"] and slip.calls[0].satisfaction == "Satisfied"
    # what the slip's other boxes do not show already: the quote's decision, notes, reopenings
    assert [p[0] for p in slip.progress] == ["Quoted", "Quote approved"]
    prints = AuditEntry.select().where((AuditEntry.action == "print") & (AuditEntry.entity == "work_order"))
    assert prints.count() == 2
    orders.work_slip(actor=clerk, number=row.number, count_print=False)
    assert prints.count() == 2


def test_a_coordination_slip_names_its_department(
    orders: WorkOrderService, world: World, clerk: Actor
) -> None:
    row = issue(
        orders, clerk, world, department="greening", unit_id=None, place="中心花园", category="other",
        reporter=ReporterInput(), problem="树枝挡住路灯",
    )  # fmt: skip
    slip = orders.work_slip(actor=clerk, number=row.number)
    assert slip.title == "Internal coordination slip" and slip.number.startswith("XT-")
    assert slip.copies == ("Copy 1: department", "Copy 2: office")
    assert dict(slip.fields)["Department"] == "Greening" and "Reporter" not in dict(slip.fields)
