"""The complaints' tables: the complaint, its procedure's steps, its classifications, departments, rules."""

from __future__ import annotations

import peewee as pw

from frontdesk.base import BaseModel, SubmittedModel
from frontdesk.clock import utcnow


class Complaint(SubmittedModel):
    """A complaint (投訴); never deleted. The complainant's name and phone are purged after retention.

    ``cls``/``kind`` is the current classification (history in ``complaint_class_change``);
    ``suggested`` what the keyword rules proposed at intake (``"valid:charges"``, ``""`` for none),
    ``intake_class`` what the clerk chose then: together they give the rules' hit rate.
    ``next_step`` is the procedure's next step ("" once the handling is finished).
    """

    id = pw.AutoField()
    number = pw.CharField(max_length=24, unique=True)
    channel = pw.CharField(max_length=12)
    complainant_resident_id = pw.IntegerField(null=True)
    complainant_name = pw.CharField(max_length=80, default="")
    complainant_phone = pw.CharField(max_length=40, default="")
    unit_id = pw.IntegerField(null=True)
    unit_code = pw.CharField(max_length=40, default="")
    place = pw.CharField(max_length=120, default="")  # a public place, when no unit
    occurred_at = pw.DateTimeField()
    received_at = pw.DateTimeField(default=utcnow)
    received_on = pw.DateField()
    clerk = pw.CharField(max_length=80)
    clerk_name = pw.CharField(max_length=80, default="")
    content = pw.TextField()
    category = pw.CharField(max_length=14)  # the class: valid / communicative
    kind = pw.CharField(max_length=14)
    suggested = pw.CharField(max_length=30, default="")
    intake_class = pw.CharField(max_length=30, default="")
    status = pw.CharField(max_length=18, default="open")
    next_step = pw.CharField(max_length=12, default="")
    department = pw.CharField(max_length=30, default="")
    linked_to = pw.CharField(max_length=24, default="")  # the open complaint about the same matter
    work_order_request = pw.TextField(default="")
    work_order_ref = pw.CharField(max_length=24, default="")  # filled in once work orders exist
    respond_by = pw.DateTimeField()
    close_by = pw.DateTimeField()
    first_response_at = pw.DateTimeField(null=True)
    handling_done_at = pw.DateTimeField(null=True)
    closed_at = pw.DateTimeField(null=True)
    reopen_count = pw.IntegerField(default=0)
    reclass_count = pw.IntegerField(default=0)
    escalated_at = pw.DateTimeField(null=True)
    escalated_by = pw.CharField(max_length=80, default="")
    escalation_reason = pw.CharField(max_length=200, default="")
    print_count = pw.IntegerField(default=0)
    purged_at = pw.DateTimeField(null=True)

    class Meta:
        table_name = "complaint"
        indexes = (
            (("received_at", "id"), False),  # the list, newest first
            (("status", "received_on"), False),  # the list filtered by status and month
            (("received_on",), False),  # the month's figures
            (("unit_id", "status"), False),  # the unit panel, the same-matter check
            (("purged_at", "received_at"), False),  # the purge finds what is due
        )


class ComplaintStep(BaseModel):
    """One step of a complaint's procedure, recorded in order (what it says depends on the step)."""

    id = pw.AutoField()
    complaint = pw.ForeignKeyField(Complaint, backref="steps", on_delete="RESTRICT")
    complaint_id: int
    step = pw.CharField(max_length=12)
    done_at = pw.DateTimeField(default=utcnow)
    done_by = pw.CharField(max_length=80)
    done_by_name = pw.CharField(max_length=80, default="")
    department = pw.CharField(max_length=30, default="")
    person = pw.CharField(max_length=80, default="")  # the department's supervisor on the visit
    when = pw.DateTimeField(null=True)  # the site visit's time
    flag = pw.BooleanField(null=True)  # identity: a resident of the unit?; response: answered (vs notified)
    amount_fen = pw.BigIntegerField(null=True)  # fee status: the arrears seen
    text = pw.TextField(default="")  # nature, findings, actions, what was said, a note
    result = pw.TextField(default="")

    class Meta:
        table_name = "complaint_step"
        indexes = ((("complaint", "id"), False),)


class ComplaintClassChange(BaseModel):
    """A classification of a complaint: the one at intake (reason "") and every reclassification."""

    id = pw.AutoField()
    complaint = pw.ForeignKeyField(Complaint, backref="class_changes", on_delete="RESTRICT")
    complaint_id: int
    category = pw.CharField(max_length=14)  # the class: valid / communicative
    kind = pw.CharField(max_length=14)
    reason = pw.CharField(max_length=200, default="")
    changed_at = pw.DateTimeField(default=utcnow)
    changed_by = pw.CharField(max_length=80)
    changed_by_name = pw.CharField(max_length=80, default="")

    class Meta:
        table_name = "complaint_class_change"
        indexes = ((("complaint", "id"), False),)


class ComplaintDepartment(BaseModel):
    """A department complaints are passed to (the office's editable list)."""

    code = pw.CharField(max_length=30, primary_key=True)
    name = pw.CharField(max_length=60, default="")  # "" for a built-in one: its name is translated
    position = pw.IntegerField(default=0)
    active = pw.BooleanField(default=True)

    class Meta:
        table_name = "complaint_department"


class ComplaintRule(BaseModel):
    """A keyword rule: a text containing ``keyword`` suggests ``cls``/``kind`` (the office edits them)."""

    id = pw.AutoField()
    keyword = pw.CharField(max_length=40)
    category = pw.CharField(max_length=14)  # the class: valid / communicative
    kind = pw.CharField(max_length=14)
    position = pw.IntegerField(default=0)
    updated_at = pw.DateTimeField(default=utcnow)

    class Meta:
        table_name = "complaint_rule"


#: the module's tables, in creation order (used by the migration)
COMPLAINT_TABLES: tuple[type[pw.Model], ...] = (
    Complaint,
    ComplaintStep,
    ComplaintClassChange,
    ComplaintDepartment,
    ComplaintRule,
)
