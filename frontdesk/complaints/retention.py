"""Retention of complainants' personal data: their name and phone (and the callbacks' copies) removed.

The complaints themselves are kept for ever (what, where, class, steps, callbacks' answers) so the
statistics and the audit trail stay whole; the complainant's name and phone, and the phone log's
callers, go after the office's ``complaint_retention_days`` (default three years).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from frontdesk import audit
from frontdesk.auth import Actor, Permission, confirm
from frontdesk.callbacks.service import purge_for_cases
from frontdesk.calls.models import PhoneCall
from frontdesk.complaints.common import ComplaintBase
from frontdesk.complaints.models import Complaint
from frontdesk.complaints.procedure import MODULE
from frontdesk.db import storage_errors, transaction
from frontdesk.office import read_setting
from frontdesk.retention import DailyRun, PurgeReport, purge_moment

DEFAULT_BATCH = 2000


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
        cutoff = moment - timedelta(days=int(read_setting("complaint_retention_days")))
        due = (Complaint.received_at < cutoff) & Complaint.purged_at.is_null()
        with storage_errors():
            eligible = Complaint.select().where(due).count()
        purged = 0
        while not dry_run:
            with transaction():
                query = (
                    Complaint.select(Complaint.id).where(due).order_by(Complaint.received_at, Complaint.id)
                )
                ids = [c.id for c in query.limit(max(1, batch_size))]
                if not ids:
                    calls = (
                        PhoneCall.update(caller_name="", caller_phone="", contact_phone="", purged_at=moment)
                        .where((PhoneCall.received_at < cutoff) & PhoneCall.purged_at.is_null())
                        .execute()
                    )
                    if calls:
                        audit.record(
                            actor, "purge", "phone_call", "", after={"calls": calls, "cutoff": cutoff}
                        )
                    break
                Complaint.update(complainant_name="", complainant_phone="", purged_at=moment).where(
                    Complaint.id.in_(ids)
                ).execute()
                purge_for_cases(MODULE, ids, moment)
                purged += len(ids)
                audit.record(
                    actor,
                    "purge",
                    "complaint",
                    "",
                    after={"complaints": len(ids), "cutoff": cutoff, "first_id": ids[0], "last_id": ids[-1]},
                )
        return PurgeReport("complaints", cutoff, eligible, 0, eligible if dry_run else purged, dry_run)
