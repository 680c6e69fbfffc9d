"""The release slips' tables: the slip, its item lines, the owner's phone confirmations, the code key."""

from __future__ import annotations

import peewee as pw

from frontdesk.base import BaseModel, SubmittedModel
from frontdesk.clock import utcnow
from frontdesk.estate.models import Unit


class ReleaseSlip(SubmittedModel):
    """A release slip (放行條): never deleted; voided with a reason; personal data purged after retention.

    ``status`` holds issued / pending / refused / used / voided; "expired" is read, not stored.
    The ``*_on`` dates are the desk's local dates, kept for counting and listing by day.
    """

    id = pw.AutoField()
    number = pw.CharField(max_length=24, unique=True)
    unit = pw.ForeignKeyField(Unit, backref="release_slips", on_delete="RESTRICT")
    unit_id: int
    unit_code = pw.CharField(max_length=40)  # as it was when issued (printed, and part of the code)
    status = pw.CharField(max_length=10)
    applicant_kind = pw.CharField(max_length=10)
    applicant_resident_id = pw.IntegerField(null=True)
    applicant_name = pw.CharField(max_length=80)
    applicant_phone = pw.CharField(max_length=40, default="")
    applicant_id_type = pw.CharField(max_length=20, default="")
    applicant_id_masked = pw.CharField(max_length=40, default="")  # the full number is never stored
    reason = pw.CharField(max_length=20)
    reason_note = pw.CharField(max_length=200, default="")
    valid_until = pw.DateField()
    issued_at = pw.DateTimeField(default=utcnow)
    issued_on = pw.DateField()
    issued_by = pw.CharField(max_length=80)
    issued_by_name = pw.CharField(max_length=80, default="")
    arrears_fen = pw.BigIntegerField(default=0)
    override_by = pw.CharField(max_length=80, default="")
    override_by_name = pw.CharField(max_length=80, default="")
    override_reason = pw.CharField(max_length=200, default="")
    confirmation = pw.CharField(max_length=12, default="")  # the last answer, "" when not needed
    verification_code = pw.CharField(max_length=9)
    item_count = pw.IntegerField(default=0)
    used_at = pw.DateTimeField(null=True)
    used_on = pw.DateField(null=True)
    used_by = pw.CharField(max_length=80, default="")
    carrier_name = pw.CharField(max_length=80, default="")
    plate = pw.CharField(max_length=20, default="")
    voided_at = pw.DateTimeField(null=True)
    voided_on = pw.DateField(null=True)
    voided_by = pw.CharField(max_length=80, default="")
    void_reason = pw.CharField(max_length=200, default="")
    print_count = pw.IntegerField(default=0)
    purged_at = pw.DateTimeField(null=True)
    seal = pw.CharField(max_length=64, default="")  # HMAC of the lasting fields: see slips.code

    class Meta:
        table_name = "release_slip"
        indexes = (
            (("issued_at", "id"), False),  # the list, newest first, keyset paging
            (("issued_on", "status"), False),  # Today's counts
            (("used_on",), False),
            (("voided_on",), False),
            (("unit", "issued_at"), False),  # the unit panel
            (("status", "valid_until"), False),  # expired = issued/pending past validity
            (("purged_at", "issued_at"), False),  # the daily purge finds what is due without a scan
        )


class SlipItem(BaseModel):
    """One line of goods on a slip, in the order typed."""

    id = pw.AutoField()
    slip = pw.ForeignKeyField(ReleaseSlip, backref="items", on_delete="CASCADE")
    slip_id: int
    position = pw.IntegerField()
    description = pw.CharField(max_length=200)
    quantity = pw.CharField(max_length=20)  # normalised decimal text: "2", "1.5"
    unit = pw.CharField(max_length=20)
    remarks = pw.CharField(max_length=200, default="")

    class Meta:
        table_name = "slip_item"
        indexes = ((("slip", "position"), True),)


class SlipConfirmation(BaseModel):
    """One phone call asking an owner to confirm a release (the phone is purged after retention)."""

    id = pw.AutoField()
    slip = pw.ForeignKeyField(ReleaseSlip, backref="confirmations", on_delete="CASCADE")
    slip_id: int
    owner_resident_id = pw.IntegerField(null=True)
    owner_name = pw.CharField(max_length=80, default="")
    phone = pw.CharField(max_length=40, default="")
    called_at = pw.DateTimeField()
    answer = pw.CharField(max_length=12)
    note = pw.CharField(max_length=200, default="")
    recorded_by = pw.CharField(max_length=80)
    recorded_at = pw.DateTimeField(default=utcnow)

    class Meta:
        table_name = "slip_confirmation"
        indexes = ((("slip", "called_at"), False),)


class SlipSecret(BaseModel):
    """The fingerprint of the slip key file (and, in databases made before it moved out, the key)."""

    name = pw.CharField(max_length=40, primary_key=True)
    value = pw.CharField(max_length=128)

    class Meta:
        table_name = "slip_secret"


#: every table of the release-slip module, in creation order (used by the migration)
SLIP_TABLES: tuple[type[pw.Model], ...] = (ReleaseSlip, SlipItem, SlipConfirmation, SlipSecret)
