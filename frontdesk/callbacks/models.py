"""The callbacks' tables: one callback per closed handling of a case, and each call made for it."""

from __future__ import annotations

import peewee as pw

from frontdesk.base import SubmittedModel
from frontdesk.clock import utcnow


class Callback(SubmittedModel):
    """A callback due for a case of some module (a complaint, later a work order); never deleted.

    ``handled_by`` holds the user names (space-separated) of whoever handled the case: none of them
    may make the callback unless the office allows it. ``resident_name`` and ``phone`` are purged
    with the owning module's retention.
    """

    id = pw.AutoField()
    module = pw.CharField(max_length=20)  # the owning module's key: "complaint", "work_order" …
    case_id = pw.IntegerField()
    case_ref = pw.CharField(max_length=40)  # the case's number, as shown
    unit_id = pw.IntegerField(null=True)
    unit_code = pw.CharField(max_length=40, default="")
    resident_name = pw.CharField(max_length=80, default="")
    phone = pw.CharField(max_length=40, default="")
    handled_by = pw.CharField(max_length=200, default="")
    handled_by_name = pw.CharField(max_length=80, default="")
    scheduled_at = pw.DateTimeField(default=utcnow)
    due_at = pw.DateTimeField()
    due_on = pw.DateField()  # the desk's local date of ``due_at``: the queue lists by day
    status = pw.CharField(max_length=10, default="open")  # open / done
    outcome = pw.CharField(max_length=12, default="")  # closed / reopened once done
    attempts = pw.IntegerField(default=0)  # unreachable calls so far
    escalated_at = pw.DateTimeField(null=True)
    done_at = pw.DateTimeField(null=True)
    done_on = pw.DateField(null=True)
    done_by = pw.CharField(max_length=80, default="")
    purged_at = pw.DateTimeField(null=True)

    class Meta:
        table_name = "callback"
        indexes = (
            (("status", "due_on"), False),  # the queue: open ones due by today
            (("module", "case_id"), False),
            (("done_on",), False),  # the month's callbacks
            (("scheduled_at",), False),
        )


class CallbackAttempt(SubmittedModel):
    """One call (or visit) made for a callback, with what the resident said."""

    id = pw.AutoField()
    callback = pw.ForeignKeyField(Callback, backref="attempts_made", on_delete="RESTRICT")
    callback_id: int
    called_at = pw.DateTimeField()
    method = pw.CharField(max_length=10)
    caller = pw.CharField(max_length=80)
    caller_name = pw.CharField(max_length=80, default="")
    words = pw.TextField(default="")
    satisfaction = pw.CharField(max_length=20, default="")
    outcome = pw.CharField(max_length=12)

    class Meta:
        table_name = "callback_attempt"
        indexes = ((("callback", "called_at"), False), (("called_at",), False))


#: the module's tables, in creation order (used by the migration)
CALLBACK_TABLES: tuple[type[pw.Model], ...] = (Callback, CallbackAttempt)
