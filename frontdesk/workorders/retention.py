"""Retention of reporters' personal data: their name and phone (and the callbacks' copies) removed.

The orders themselves are kept for ever (where, what, category, times, technician, fee) so the
figures and the audit trail stay whole; the reporter's name and phone go after the office's
``work_order_retention_days`` (default three years).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from frontdesk import audit
from frontdesk.auth import Actor, Permission, confirm
from frontdesk.callbacks.service import purge_for_cases
from frontdesk.db import storage_errors, transaction
from frontdesk.office import read_setting
from frontdesk.retention import DailyRun, PurgeReport, purge_moment
from frontdesk.workorders.common import MODULE, WorkOrderBase
from frontdesk.workorders.models import WorkOrder

DEFAULT_BATCH = 2000


class RetentionService(WorkOrderBase):
    """The purge of reporters' personal data."""

    def purge_personal_data(
        self,
        *,
        actor: Actor,
        now: datetime | None = None,
        dry_run: bool = False,
        batch_size: int = DEFAULT_BATCH,
        daily: DailyRun | None = None,
    ) -> PurgeReport:
        """Blank reporters' names and phones (and their callbacks') on orders past retention.

        Batches of ``batch_size`` orders, each its own transaction and audit entry.

        Raises:
            PermissionDenied: not an administrator (nor desk staff running the daily purge).
            ValidationError: ``now`` lies in the future.
            UserError: the desk's clock is more than a day past the newest recorded event.
        """
        confirm(actor, Permission.PURGE if daily is None else Permission.DESK_WORK)
        with storage_errors():
            moment = purge_moment(self.now(), now)
        cutoff = moment - timedelta(days=int(read_setting("work_order_retention_days")))
        due = (WorkOrder.received_at < cutoff) & WorkOrder.purged_at.is_null()
        with storage_errors():
            eligible = WorkOrder.select().where(due).count()
        purged = 0
        while not dry_run:
            with transaction():
                query = (
                    WorkOrder.select(WorkOrder.id).where(due).order_by(WorkOrder.received_at, WorkOrder.id)
                )
                ids = [o.id for o in query.limit(max(1, batch_size))]
                if not ids:
                    break
                WorkOrder.update(reporter_name="", reporter_phone="", purged_at=moment).where(
                    WorkOrder.id.in_(ids)
                ).execute()
                purge_for_cases(MODULE, ids, moment)
                purged += len(ids)
                audit.record(
                    actor,
                    "purge",
                    "work_order",
                    "",
                    after={"orders": len(ids), "cutoff": cutoff, "first_id": ids[0], "last_id": ids[-1]},
                )
        return PurgeReport("work_orders", cutoff, eligible, 0, eligible if dry_run else purged, dry_run)
