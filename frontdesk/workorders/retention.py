"""Retention of reporters' personal data: their name and phone (and the callbacks' copies) removed.

The orders themselves are kept for ever (where, what, category, times, technician, fee) so the
figures and the audit trail stay whole; the reporter's name and phone go after the office's
``work_order_retention_days`` (default three years).
"""

from __future__ import annotations

from datetime import datetime

from frontdesk.auth import Actor, Permission, confirm
from frontdesk.callbacks.purge import CaseKind, purge_cases
from frontdesk.db import storage_errors
from frontdesk.retention import DailyRun, PurgeReport, purge_moment
from frontdesk.workorders.common import MODULE, WorkOrderBase
from frontdesk.workorders.models import WorkOrder

DEFAULT_BATCH = 2000
WORK_ORDERS = CaseKind(
    WorkOrder,
    ("reporter_name", "reporter_phone"),
    MODULE,
    "work_order_retention_days",
    "work_orders",
    "work_order",
)


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
        return purge_cases(actor, WORK_ORDERS, moment, dry_run=dry_run, batch_size=batch_size)
