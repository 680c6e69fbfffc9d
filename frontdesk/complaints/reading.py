"""Reading complaints: one with its story, the list filtered by status and month, the unit's open ones."""

from __future__ import annotations

from datetime import datetime

from frontdesk.auth import Actor, Permission
from frontdesk.callbacks.models import Callback
from frontdesk.callbacks.service import callback_row, calls_of, in_month
from frontdesk.complaints.common import (
    ComplaintBase,
    class_rows,
    complaint_row,
    get_complaint,
    overdue_condition,
    step_rows,
)
from frontdesk.complaints.intake import similar_open
from frontdesk.complaints.models import Complaint
from frontdesk.complaints.procedure import MODULE
from frontdesk.complaints.rows import (
    OPEN_STATUSES,
    ComplaintDetail,
    ComplaintRow,
    ComplaintStatus,
    ListFilter,
)
from frontdesk.db import storage_errors
from frontdesk.estate.common import check_period, choice

MAX_PAGE = 500
NO_FILTER = ListFilter()


class ReadingService(ComplaintBase):
    """The complaint list, one complaint's record, and the unit panel's open complaints."""

    def get(self, *, actor: Actor, number: str) -> ComplaintDetail:
        """One complaint with its steps, classification history, callbacks and similar open ones.

        Raises:
            PermissionDenied: the actor may not do desk work.
            NotFound: no such complaint.
        """
        actor.require(Permission.DESK_WORK)
        now = self.now()
        with storage_errors():
            c = get_complaint(number)
            found = list(
                Callback.select()
                .where((Callback.module == MODULE) & (Callback.case_id == c.id))
                .order_by(Callback.id)
            )
            calls = calls_of([cb.id for cb in found])
            similar = similar_open(c.unit_id, c.category, c.kind, but=c.id)
            return ComplaintDetail(
                complaint_row(c, now),
                step_rows(c.id),
                class_rows(c.id),
                tuple(callback_row(cb, now, calls[cb.id]) for cb in found),
                tuple(s.number for s in similar),
            )

    def list_complaints(
        self,
        *,
        actor: Actor,
        filters: ListFilter = NO_FILTER,
        limit: int = 200,
        before: tuple[datetime, int] | None = None,
    ) -> list[ComplaintRow]:
        """Complaints newest first, filtered; pass the last row's ``(received_at, id)`` as ``before``.

        Raises:
            PermissionDenied: the actor may not do desk work.
            ValidationError: ``status`` or ``month`` is wrong.
        """
        actor.require(Permission.DESK_WORK)
        now = self.now()
        where = Complaint.id > 0
        if filters.status:
            where &= Complaint.status == choice("status", ComplaintStatus, filters.status).value
        if filters.open_only:
            where &= Complaint.status.in_([s.value for s in OPEN_STATUSES])
        if filters.month:
            where &= in_month(Complaint.received_on, check_period("month", filters.month))
        if filters.overdue_only:
            where &= overdue_condition(now)
        if filters.unit_id is not None:
            where &= Complaint.unit_id == filters.unit_id
        if before is not None:
            at, last_id = before
            where &= (Complaint.received_at < at) | ((Complaint.received_at == at) & (Complaint.id < last_id))
        query = (
            Complaint.select()
            .where(where)
            .order_by(Complaint.received_at.desc(), Complaint.id.desc())
            .limit(max(1, min(limit, MAX_PAGE)))
        )
        with storage_errors():
            return [complaint_row(c, now) for c in query]

    def open_counts(self, *, actor: Actor) -> tuple[int, int]:
        """How many complaints are open, and how many of those are overdue (the Today tile; counted).

        Raises:
            PermissionDenied: the actor may not do desk work.
        """
        actor.require(Permission.DESK_WORK)
        is_open = Complaint.status.in_([s.value for s in OPEN_STATUSES])
        with storage_errors():
            return (
                Complaint.select().where(is_open).count(),
                Complaint.select().where(is_open & overdue_condition(self.now())).count(),
            )

    def month(self, *, actor: Actor, month: str) -> list[ComplaintRow]:
        """Every complaint received in a month (``YYYY-MM``; ``""`` for all), oldest first (the export).

        Raises:
            PermissionDenied: the actor may not do desk work.
            ValidationError: ``month`` is not YYYY-MM.
        """
        actor.require(Permission.DESK_WORK)
        now = self.now()
        query = Complaint.select().order_by(Complaint.received_at, Complaint.id)
        if month:
            query = query.where(in_month(Complaint.received_on, check_period("month", month)))
        with storage_errors():
            return [complaint_row(c, now) for c in query]

    def open_for_unit(self, *, actor: Actor, unit_id: int, limit: int = 10) -> list[ComplaintRow]:
        """The unit's open complaints, overdue first then newest (the unit panel).

        Raises:
            PermissionDenied: the actor may not do desk work.
        """
        actor.require(Permission.DESK_WORK)
        now = self.now()
        query = (
            Complaint.select()
            .where((Complaint.unit_id == unit_id) & Complaint.status.in_([s.value for s in OPEN_STATUSES]))
            .order_by(Complaint.received_at.desc())
            .limit(200)
        )
        with storage_errors():
            rows = [complaint_row(c, now) for c in query]
        rows.sort(key=lambda r: not r.overdue)  # stable: newest first within each group
        return rows[:limit]
