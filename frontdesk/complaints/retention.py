"""Retention of complainants' personal data: their name and phone (and the callbacks' copies) removed.

The complaints themselves are kept for ever (what, where, class, steps, callbacks' answers) so the
statistics and the audit trail stay whole; the complainant's name and phone, and the phone log's
callers, go after the office's ``complaint_retention_days`` (default three years).
"""

from __future__ import annotations

from datetime import datetime

from frontdesk import audit
from frontdesk.auth import Actor, Permission, confirm
from frontdesk.callbacks.purge import CaseKind, purge_cases
from frontdesk.calls.models import PhoneCall
from frontdesk.complaints.common import ComplaintBase
from frontdesk.complaints.models import Complaint
from frontdesk.complaints.procedure import MODULE
from frontdesk.db import storage_errors
from frontdesk.retention import DailyRun, PurgeReport, purge_moment

DEFAULT_BATCH = 2000
COMPLAINTS = CaseKind(
    Complaint,
    ("complainant_name", "complainant_phone"),
    MODULE,
    "complaint_retention_days",
    "complaints",
    "complaint",
)


class RetentionService(ComplaintBase):
    """The purge of complainants' and callers' personal data."""

    def purge_personal_data(
        self,
        *,
        actor: Actor,
        now: datetime | None = None,
        dry_run: bool = False,
        batch_size: int = DEFAULT_BATCH,
        daily: DailyRun | None = None,
    ) -> PurgeReport:
        """Blank complainants' names and phones (and their callbacks' and phone calls') past retention.

        Batches of ``batch_size`` complaints, each its own transaction and audit entry; the phone
        log's callers past the same cutoff go in the last transaction.

        Raises:
            PermissionDenied: not an administrator (nor desk staff running the daily purge).
            ValidationError: ``now`` lies in the future.
            UserError: the desk's clock is more than a day past the newest recorded event.
        """
        confirm(actor, Permission.PURGE if daily is None else Permission.DESK_WORK)
        with storage_errors():
            moment = purge_moment(self.now(), now)

        def callers(cutoff: datetime) -> None:
            calls = (
                PhoneCall.update(caller_name="", caller_phone="", contact_phone="", purged_at=moment)
                .where((PhoneCall.received_at < cutoff) & PhoneCall.purged_at.is_null())
                .execute()
            )
            if calls:
                audit.record(actor, "purge", "phone_call", "", after={"calls": calls, "cutoff": cutoff})

        return purge_cases(
            actor, COMPLAINTS, moment, dry_run=dry_run, batch_size=batch_size, finally_=callers
        )
