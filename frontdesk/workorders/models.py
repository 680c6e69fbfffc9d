"""The work orders' tables: the order, its transitions and notes, materials, technicians, categories."""

from __future__ import annotations

import peewee as pw

from frontdesk.base import BaseModel, SubmittedModel, VersionedModel
from frontdesk.clock import utcnow


class WorkOrder(SubmittedModel):
    """An engineering work order (工程單), or an internal coordination slip (內部協調單); never deleted.

    ``department`` is "engineering" for a work order, or the department a coordination slip goes to
    (security, cleaning, greening). The reporter's name and phone are purged after retention. Money
    is kept in fen; ``hours_tenths`` the hours worked in tenths of an hour.
    """

    id = pw.AutoField()
    number = pw.CharField(max_length=24, unique=True)
    department = pw.CharField(max_length=30, default="engineering")
    unit_id = pw.IntegerField(null=True)
    unit_code = pw.CharField(max_length=40, default="")
    place = pw.CharField(max_length=120, default="")  # a public place, when no unit
    problem = pw.TextField()
    category = pw.CharField(max_length=30)
    urgency = pw.CharField(max_length=10)  # urgent / normal
    window_start = pw.DateTimeField(null=True)  # the time the resident wants someone to come
    window_end = pw.DateTimeField(null=True)
    reporter_resident_id = pw.IntegerField(null=True)
    reporter_name = pw.CharField(max_length=80, default="")
    reporter_phone = pw.CharField(max_length=40, default="")
    paid = pw.BooleanField(default=False)
    source_kind = pw.CharField(max_length=12, default="")  # complaint / call / ""
    source_ref = pw.CharField(max_length=24, default="")  # the complaint's number or the call's id
    status = pw.CharField(max_length=14, default="created")
    received_at = pw.DateTimeField(default=utcnow)
    received_on = pw.DateField()
    clerk = pw.CharField(max_length=80)
    clerk_name = pw.CharField(max_length=80, default="")
    respond_by = pw.DateTimeField()
    finish_by = pw.DateTimeField()
    technician_id = pw.IntegerField(null=True)
    technician_name = pw.CharField(max_length=80, default="")
    proposal_reason = pw.CharField(max_length=200, default="")
    dispatched_at = pw.DateTimeField(null=True)
    signed_at = pw.DateTimeField(null=True)
    surveyed_at = pw.DateTimeField(null=True)
    findings = pw.TextField(default="")
    labour_fen = pw.BigIntegerField(null=True)  # the quote
    materials_fen = pw.BigIntegerField(null=True)
    quote_note = pw.TextField(default="")
    decided_by = pw.CharField(max_length=80, default="")  # the supervisor who approved or refused
    decided_at = pw.DateTimeField(null=True)
    started_at = pw.DateTimeField(null=True)
    completed_at = pw.DateTimeField(null=True)
    work_done = pw.TextField(default="")
    hours_tenths = pw.IntegerField(null=True)
    fee_fen = pw.BigIntegerField(null=True)
    charge_id = pw.IntegerField(null=True)  # the charge put on the unit's account for a paid order
    closed_at = pw.DateTimeField(null=True)
    cancelled_at = pw.DateTimeField(null=True)
    cancel_reason = pw.CharField(max_length=200, default="")
    reopen_count = pw.IntegerField(default=0)
    print_count = pw.IntegerField(default=0)
    purged_at = pw.DateTimeField(null=True)

    class Meta:
        table_name = "work_order"
        indexes = (
            (("received_at", "id"), False),  # the list, newest first
            (("status", "received_at"), False),  # open orders, newest first
            (("received_on",), False),  # the month's figures and export
            (("unit_id", "status"), False),  # the unit panel
            (("technician_id", "status"), False),  # a technician's open orders: the plan, the proposal
            (("technician_id", "completed_at"), False),  # a technician's last completion: idle since
            (("purged_at", "received_at"), False),  # the purge finds what is due
        )


class WorkOrderEvent(BaseModel):
    """One recorded transition of an order (or a follow-up note), who and when, in order."""

    id = pw.AutoField()
    order = pw.ForeignKeyField(WorkOrder, backref="events", on_delete="RESTRICT")
    order_id: int
    action = pw.CharField(max_length=14)  # the status reached, or "note" / "reassign"
    from_status = pw.CharField(max_length=14, default="")
    done_at = pw.DateTimeField(default=utcnow)
    done_by = pw.CharField(max_length=80)
    done_by_name = pw.CharField(max_length=80, default="")
    technician_name = pw.CharField(max_length=80, default="")
    text = pw.TextField(default="")

    class Meta:
        table_name = "work_order_event"
        indexes = ((("order", "id"), False),)


class WorkOrderMaterial(BaseModel):
    """A material used on a completed order (the slip's materials table)."""

    id = pw.AutoField()
    order = pw.ForeignKeyField(WorkOrder, backref="materials", on_delete="RESTRICT")
    order_id: int
    name = pw.CharField(max_length=80)
    quantity = pw.CharField(max_length=20, default="")
    unit = pw.CharField(max_length=10, default="")
    amount_fen = pw.BigIntegerField(default=0)

    class Meta:
        table_name = "work_order_material"
        indexes = ((("order", "id"), False),)


class Technician(VersionedModel):
    """Someone work orders are dispatched to: skills (category codes), on duty or not.

    ``staff_id`` links a staff account when the technician signs in; ``last_assigned_at`` serves the
    round-robin rule.
    """

    name = pw.CharField(max_length=80)
    phone = pw.CharField(max_length=40, default="")
    staff_id = pw.IntegerField(null=True)
    department = pw.CharField(max_length=30, default="engineering")
    skills = pw.CharField(max_length=300, default="")  # category codes, space-separated
    on_duty = pw.BooleanField(default=True)
    active = pw.BooleanField(default=True)
    position = pw.IntegerField(default=0)
    last_assigned_at = pw.DateTimeField(null=True)

    class Meta:
        table_name = "technician"


class WorkCategory(BaseModel):
    """A category of work (the office's editable list)."""

    code = pw.CharField(max_length=30, primary_key=True)
    name = pw.CharField(max_length=60, default="")  # "" for a built-in one: its name is translated
    position = pw.IntegerField(default=0)
    active = pw.BooleanField(default=True)

    class Meta:
        table_name = "work_category"


#: the module's tables, in creation order (used by the migration)
WORK_ORDER_TABLES: tuple[type[pw.Model], ...] = (
    WorkOrder,
    WorkOrderEvent,
    WorkOrderMaterial,
    Technician,
    WorkCategory,
)
