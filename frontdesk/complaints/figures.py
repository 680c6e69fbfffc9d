"""A month's complaint figures (the monthly report): computed in the database, for the month's intake."""

from __future__ import annotations

import peewee as pw

from frontdesk.auth import Actor, Permission
from frontdesk.callbacks.models import Callback, CallbackAttempt
from frontdesk.callbacks.service import in_month
from frontdesk.complaints.common import ComplaintBase
from frontdesk.complaints.models import Complaint
from frontdesk.complaints.procedure import MODULE
from frontdesk.complaints.rows import ComplaintFigures, ComplaintStatus
from frontdesk.db import storage_errors
from frontdesk.estate.common import check_period, tuples


def _counts(query: pw.BaseQuery) -> dict[str, int]:
    return {str(key): int(n) for key, n in tuples(query) if key}


class FiguresService(ComplaintBase):
    """The monthly figures."""

    def figures(self, *, actor: Actor, month: str) -> ComplaintFigures:
        """The figures of the complaints received in ``month`` (``YYYY-MM``); see :class:`ComplaintFigures`.

        Raises:
            PermissionDenied: the actor may not see reports.
            ValidationError: ``month`` is not YYYY-MM.
        """
        actor.require(Permission.REPORTS)
        period = check_period("month", month)
        cohort = in_month(Complaint.received_on, period)
        ids = Complaint.select(Complaint.id).where(cohort)
        n = pw.fn.COUNT(Complaint.id)
        with storage_errors():
            received = Complaint.select().where(cohort).count()
            by_class = _counts(
                Complaint.select(Complaint.category, n).where(cohort).group_by(Complaint.category)
            )
            by_kind = _counts(Complaint.select(Complaint.kind, n).where(cohort).group_by(Complaint.kind))
            by_department = _counts(
                Complaint.select(Complaint.department, n).where(cohort).group_by(Complaint.department)
            )
            closed = cohort & (Complaint.status == ComplaintStatus.CLOSED.value)
            closed_count = Complaint.select().where(closed).count()
            in_target = Complaint.select().where(closed & (Complaint.closed_at <= Complaint.close_by)).count()
            due = Complaint.select().where(cohort & Complaint.handling_done_at.is_null(False)).count()
            done = (
                Callback.select(pw.fn.COUNT(Callback.case_id.distinct()))
                .where((Callback.module == MODULE) & (Callback.status == "done") & Callback.case_id.in_(ids))
                .scalar()
            )
            satisfaction = _counts(
                CallbackAttempt.select(CallbackAttempt.satisfaction, pw.fn.COUNT(CallbackAttempt.id))
                .join(Callback)
                .where(
                    (Callback.module == MODULE)
                    & Callback.case_id.in_(ids)
                    & (CallbackAttempt.satisfaction != "")
                )
                .group_by(CallbackAttempt.satisfaction)
            )
            reclassified = Complaint.select(pw.fn.SUM(Complaint.reclass_count)).where(cohort).scalar()
        return ComplaintFigures(
            month=period,
            received=received,
            by_class=by_class,
            by_kind=by_kind,
            by_department=by_department,
            closed=closed_count,
            closed_in_target=in_target,
            callbacks_due=due,
            callbacks_done=int(done or 0),
            satisfaction=satisfaction,
            reclassifications=int(reclassified or 0),
        )
