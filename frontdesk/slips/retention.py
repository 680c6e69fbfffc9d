"""Retention of the slips' personal data: applicant name, phone and ID, and the owner's number, removed.

The slips themselves are kept for ever (numbers, units, goods, statuses, who issued and checked
them) so the office's statistics and the audit trail stay whole; only what identifies the applicant
and the number called goes, after the office's ``slip_retention_days`` (default one year).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from frontdesk import audit
from frontdesk.auth import Actor, Permission, confirm
from frontdesk.db import storage_errors, transaction
from frontdesk.office import read_setting
from frontdesk.retention import DailyRun, PurgeReport, purge_moment
from frontdesk.slips.common import SlipBase
from frontdesk.slips.models import ReleaseSlip, SlipConfirmation

DEFAULT_BATCH = 2000


def _eligible(cutoff: datetime) -> Any:
    return (ReleaseSlip.issued_at < cutoff) & ReleaseSlip.purged_at.is_null()


class RetentionService(SlipBase):
    """The purge of slips' personal data."""

    def purge_personal_data(
        self,
        *,
        actor: Actor,
        now: datetime | None = None,
        dry_run: bool = False,
        batch_size: int = DEFAULT_BATCH,
        daily: DailyRun | None = None,
    ) -> PurgeReport:
        """Remove applicants' names, phones and ID numbers, and owners' phones, from slips past retention.

        Works in batches of ``batch_size`` slips, each its own transaction with its own audit entry.

        Args:
            actor: who purges: an administrator (or the command line), or, for the daily
                automatic run, desk staff.
            now: the moment the retention is counted back from (default: now), naive UTC; never
                past the present (on PostgreSQL the server's clock).
            dry_run: only count what would be purged.
            batch_size: slips per transaction.
            daily: today's automatic run, claimed by ``claim_daily_run``.

        Returns:
            What was (or would be) purged (kind "release_slips"; slips have no legal hold: held is 0).

        Raises:
            PermissionDenied: not an administrator (nor desk staff running the daily purge), or
                not so in the staff table now.
            ValidationError: ``now`` lies in the future.
            UserError: the desk's clock is more than a day past the newest recorded event.
        """
        confirm(actor, Permission.PURGE if daily is None else Permission.DESK_WORK)
        with storage_errors():
            moment = purge_moment(self.now(), now)
        cutoff = moment - timedelta(days=int(read_setting("slip_retention_days")))
        with storage_errors():
            eligible = ReleaseSlip.select().where(_eligible(cutoff)).count()
        purged = 0
        while not dry_run:
            with transaction():
                query = ReleaseSlip.select(ReleaseSlip.id).where(_eligible(cutoff))
                query = query.order_by(ReleaseSlip.issued_at, ReleaseSlip.id).limit(max(1, batch_size))
                ids = [s.id for s in query]
                if not ids:
                    break
                ReleaseSlip.update(
                    applicant_name="",
                    applicant_phone="",
                    applicant_id_masked="",
                    applicant_resident_id=None,
                    carrier_name="",
                    plate="",
                    purged_at=moment,
                ).where(ReleaseSlip.id.in_(ids)).execute()
                SlipConfirmation.update(phone="", owner_name="", note="").where(
                    SlipConfirmation.slip.in_(ids)
                ).execute()
                purged += len(ids)
                audit.record(
                    actor,
                    "purge",
                    "release_slip",
                    "",
                    after={"slips": len(ids), "cutoff": cutoff, "first_id": ids[0], "last_id": ids[-1]},
                )
        return PurgeReport("release_slips", cutoff, eligible, 0, eligible if dry_run else purged, dry_run)
