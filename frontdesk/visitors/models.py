"""The visitors' tables: people, their visits, notifications and the watch list."""

from __future__ import annotations

import peewee as pw

from frontdesk.base import BaseModel, SubmittedModel
from frontdesk.clock import utcnow
from frontdesk.estate.models import Resident, Unit


class Visitor(SubmittedModel):
    """A person who is not a resident; found again by phone, name or ID digits. Purged after retention."""

    id = pw.AutoField()
    name = pw.CharField(max_length=80, default="")
    phone = pw.CharField(max_length=40, default="")
    phone_digits = pw.CharField(max_length=24, default="")  # prefix-indexed (migration 3)
    phone_suffix4 = pw.CharField(max_length=4, default="", index=True)
    id_type = pw.CharField(max_length=20, default="")
    id_number_masked = pw.CharField(max_length=40, default="")
    id_last4 = pw.CharField(max_length=4, default="", index=True)
    id_hash = pw.CharField(max_length=64, default="", index=True)  # HMAC under the key file's key
    last_visit_at = pw.DateTimeField(null=True)
    last_visit_id = pw.IntegerField(null=True)  # their latest visit, to fill the form without a scan
    visit_count = pw.IntegerField(default=0)
    purged_at = pw.DateTimeField(null=True)

    class Meta:
        table_name = "visitor"


class VisitorNameKey(BaseModel):
    """Every suffix of a visitor's name, so "contains 小明" is an indexed prefix search."""

    id = pw.AutoField()
    visitor = pw.ForeignKeyField(Visitor, backref="name_keys", on_delete="CASCADE", index=True)
    visitor_id: int
    fragment = pw.CharField(max_length=80)  # prefix-indexed (migration 3)
    position = pw.IntegerField()

    class Meta:
        table_name = "visitor_name_key"


class WatchEntry(SubmittedModel):
    """A person the office watches for (黑名單): never deleted, only made inactive with a reason."""

    id = pw.AutoField()
    name = pw.CharField(max_length=80, default="")
    phone_digits = pw.CharField(max_length=24, default="")
    id_hash = pw.CharField(max_length=64, default="")
    id_number_masked = pw.CharField(max_length=40, default="")
    reason = pw.TextField()
    set_by = pw.CharField(max_length=80)
    set_at = pw.DateTimeField(default=utcnow)
    active = pw.BooleanField(default=True)
    removed_by = pw.CharField(max_length=80, default="")
    removed_at = pw.DateTimeField(null=True)
    removed_reason = pw.TextField(default="")

    class Meta:
        table_name = "watch_entry"


class Visit(SubmittedModel):
    """One visit: purpose, host, who came, the pass, time in and out, and what became of it."""

    id = pw.AutoField()
    visitor = pw.ForeignKeyField(Visitor, backref="visits", on_delete="RESTRICT")
    visitor_id: int
    purpose = pw.CharField(max_length=20)
    purpose_note = pw.CharField(max_length=200, default="")
    host_unit = pw.ForeignKeyField(Unit, null=True, on_delete="RESTRICT")
    host_unit_id: int | None
    host_resident = pw.ForeignKeyField(Resident, null=True, on_delete="RESTRICT")
    host_resident_id: int | None
    host_department = pw.CharField(max_length=60, default="")
    companions = pw.IntegerField(default=0)
    plate = pw.CharField(max_length=16, default="")
    pass_number = pw.CharField(max_length=30, default="")
    time_in = pw.DateTimeField()
    time_out = pw.DateTimeField(null=True)
    clerk = pw.CharField(max_length=80)
    clerk_name = pw.CharField(max_length=80, default="")
    id_status = pw.CharField(max_length=20, default="not_asked")
    status = pw.CharField(max_length=12, default="on_site")
    signed_out_by = pw.CharField(max_length=80, default="")
    signout_kind = pw.CharField(max_length=12, default="")
    watch_entry = pw.ForeignKeyField(WatchEntry, null=True, on_delete="RESTRICT")
    watch_entry_id: int | None
    released_by = pw.CharField(max_length=80, default="")
    release_reason = pw.TextField(default="")
    legal_hold = pw.BooleanField(default=False)
    hold_reason = pw.TextField(default="")
    purged_at = pw.DateTimeField(null=True)

    class Meta:
        table_name = "visit"
        indexes = (
            (("time_in",), False),
            (("status", "time_in"), False),
            (("host_unit", "time_in"), False),
            (("visitor", "time_in"), False),
            (("purged_at", "time_in"), False),
        )


class Notification(BaseModel):
    """The notification step of a visit: who was told, how, what they answered, when and by whom."""

    id = pw.AutoField()
    visit = pw.ForeignKeyField(Visit, backref="notifications", on_delete="RESTRICT", index=True)
    visit_id: int
    told = pw.CharField(max_length=80)
    method = pw.CharField(max_length=12)
    answer = pw.CharField(max_length=12)
    at = pw.DateTimeField(default=utcnow)
    by = pw.CharField(max_length=80)

    class Meta:
        table_name = "visit_notification"


class VisitorKeyCheck(BaseModel):
    """The fingerprint of the ID-hash key in use, so a desk with another key file is told, not misled."""

    name = pw.CharField(max_length=40, primary_key=True)
    fingerprint = pw.CharField(max_length=64)
    created_at = pw.DateTimeField(default=utcnow)

    class Meta:
        table_name = "visitor_key_check"


class RetentionRun(BaseModel):
    """When the automatic purge last ran (any desk): it runs at most once a day across desks."""

    name = pw.CharField(max_length=40, primary_key=True)
    last_run = pw.DateTimeField()
    by = pw.CharField(max_length=80, default="")

    class Meta:
        table_name = "retention_run"


#: every table of the visitors module, in creation order (used by the migration)
VISITOR_TABLES: tuple[type[pw.Model], ...] = (
    Visitor,
    VisitorNameKey,
    WatchEntry,
    Visit,
    Notification,
    VisitorKeyCheck,
    RetentionRun,
)
