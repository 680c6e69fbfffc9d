"""A month's work-order figures (the monthly report), for the orders received in it.

The month's orders are few (hundreds): their times are read once and the durations added up
here, the same on SQLite and PostgreSQL; the counts by category and satisfaction are grouped in
the database.
"""

from __future__ import annotations

from datetime import datetime

import peewee as pw

from frontdesk.auth import Actor, Permission
from frontdesk.callbacks.models import Callback, CallbackAttempt
from frontdesk.callbacks.service import in_month
from frontdesk.db import storage_errors
from frontdesk.estate.common import check_period, tuples
from frontdesk.workorders.common import MODULE, WorkOrderBase
from frontdesk.workorders.models import WorkOrder
from frontdesk.workorders.rows import WORKING, OrderFigures, OrderStatus

_WORKING = {s.value for s in WORKING}


def _counts(query: pw.BaseQuery) -> dict[str, int]:
    return {str(key): int(n) for key, n in tuples(query) if key}


def _minutes(start: datetime, end: datetime) -> float:
    return (end - start).total_seconds() / 60


class FiguresService(WorkOrderBase):
    """The monthly figures."""

    def figures(self, *, actor: Actor, month: str) -> OrderFigures:
        """The figures of the orders received in ``month`` (``YYYY-MM``); see :class:`OrderFigures`.

        Raises:
            PermissionDenied: the actor may not see reports.
            ValidationError: ``month`` is not YYYY-MM.
        """
        actor.require(Permission.REPORTS)
        period = check_period("month", month)
        now = self.now()
        cohort = in_month(WorkOrder.received_on, period)
        live = cohort & (WorkOrder.status != OrderStatus.CANCELLED.value)
        n = pw.fn.COUNT(WorkOrder.id)
        with storage_errors():
            received = WorkOrder.select().where(cohort).count()
            by_category = _counts(
                WorkOrder.select(WorkOrder.category, n).where(cohort).group_by(WorkOrder.category)
            )
            times = list(
                tuples(
                    WorkOrder.select(
                        WorkOrder.status,
                        WorkOrder.received_at,
                        WorkOrder.respond_by,
                        WorkOrder.finish_by,
                        WorkOrder.signed_at,
                        WorkOrder.completed_at,
                        WorkOrder.reopen_count,
                    ).where(live)
                )
            )
            ids = WorkOrder.select(WorkOrder.id).where(cohort)
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
        responses = [(s, r, signed) for _st, r, s, _f, signed, _c, _n in times if signed is not None]
        completions = [(f, r, done) for _st, r, _s, f, _sg, done, _n in times if done is not None]
        overdue = sum(
            1
            for status, _r, _s, finish, _sg, done, _n in times
            if (done is not None and done > finish) or (status in _WORKING and finish < now)
        )
        return OrderFigures(
            month=period,
            received=received,
            cancelled=received - len(times),
            by_category=by_category,
            responded=len(responses),
            responded_in_target=sum(1 for target, _r, signed in responses if signed <= target),
            average_response_minutes=(
                sum(_minutes(r, signed) for _t, r, signed in responses) / len(responses) if responses else 0.0
            ),
            completed=len(completions),
            completed_in_target=sum(1 for target, _r, done in completions if done <= target),
            average_completion_hours=(
                sum(_minutes(r, done) for _t, r, done in completions) / 60 / len(completions)
                if completions
                else 0.0
            ),
            overdue=overdue,
            reopened=sum(1 for *_rest, reopens in times if reopens > 0),
            satisfaction=satisfaction,
        )
