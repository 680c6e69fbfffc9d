"""The phone log's table: one incoming call and what came of it."""

from __future__ import annotations

import peewee as pw

from frontdesk.base import SubmittedModel
from frontdesk.clock import utcnow


class PhoneCall(SubmittedModel):
    """A call taken at the desk, step by step; the caller's name and numbers are purged after retention.

    ``outcome``: answered (on the phone), contact (a contact left for the reply), complaint (it
    became ``complaint_number``), message (a message for a resident, ``message_*``) or
    work_order_request.
    """

    id = pw.AutoField()
    received_at = pw.DateTimeField(default=utcnow)
    received_on = pw.DateField()
    clerk = pw.CharField(max_length=80)
    clerk_name = pw.CharField(max_length=80, default="")
    greeted = pw.BooleanField(default=False)  # ① the office's name was said
    caller_name = pw.CharField(max_length=80, default="")  # ② who is calling
    caller_phone = pw.CharField(max_length=40, default="")
    caller_identity = pw.CharField(max_length=80, default="")  # owner, tenant, visitor, contractor …
    caller_resident_id = pw.IntegerField(null=True)
    unit_id = pw.IntegerField(null=True)
    unit_code = pw.CharField(max_length=40, default="")
    matter = pw.TextField(default="")  # ③④ the matter heard and recorded
    answer = pw.TextField(default="")  # ⑤ the answer given on the phone …
    contact_phone = pw.CharField(max_length=40, default="")  # … or the contact left for a reply
    passed_to = pw.CharField(max_length=30, default="")  # ⑥ the department it was passed to
    callback_needed = pw.BooleanField(default=False)  # ⑦ someone calls back
    outcome = pw.CharField(max_length=20, default="answered")
    complaint_number = pw.CharField(max_length=24, default="")
    work_order_ref = pw.CharField(max_length=24, default="")  # the work order made from the call
    message_for_resident_id = pw.IntegerField(null=True)
    message_text = pw.TextField(default="")
    purged_at = pw.DateTimeField(null=True)

    class Meta:
        table_name = "phone_call"
        indexes = ((("received_at", "id"), False), (("received_on",), False), (("unit_id",), False))


CALL_TABLES: tuple[type[pw.Model], ...] = (PhoneCall,)
