"""The on-site list, signing out (one, or everyone left at day's end), visit lists and the day's counts."""

from __future__ import annotations

from contextlib import AbstractContextManager as ContextManager
from datetime import date, datetime

from frontdesk import audit
from frontdesk.auth import Actor, Permission, confirm
from frontdesk.db import storage_errors, transaction
from frontdesk.errors import Conflict, NotFound, ValidationError
from frontdesk.estate.common import check_period
from frontdesk.i18n import _
from frontdesk.streaming import RowStream, audited_export, batches
from frontdesk.visitors import rules
from frontdesk.visitors.common import VisitorBase, day_range, one_row, rows_of, visit_query
from frontdesk.visitors.kinds import SignOutKind, VisitStatus
from frontdesk.visitors.listing import row_pages, row_query
from frontdesk.visitors.models import Visit
from frontdesk.visitors.rows import TodayCounts, VisitRow

#: a keyset cursor: the (time in, id) of the last row of the previous page
Cursor = tuple[datetime, int]


def month_range(month: str) -> tuple[date, date]:
    """The first and last day of ``YYYY-MM``."""
    text = check_period("month", month)
    year, number = int(text[:4]), int(text[5:])
    first = date(year, number, 1)
    following = date(year + number // 12, number % 12 + 1, 1)
    return first, date.fromordinal(following.toordinal() - 1)


class OnSiteService(VisitorBase):
    """Who is on site, signing out, the visit lists and the Today tiles."""

    def on_site(self, *, actor: Actor) -> list[VisitRow]:
        """Every visit not signed out yet (on any day), longest there first."""
        actor.require(Permission.DESK_WORK)
        with storage_errors():
            query = visit_query().where(Visit.status == VisitStatus.ON_SITE).order_by(Visit.time_in, Visit.id)
            return rows_of(query)

    def sign_out(self, *, actor: Actor, pass_number: str = "", visit_id: int | None = None) -> VisitRow:
        """Sign one visitor out, found by the pass they hand back (its whole number or its last
        digits, when only one visitor on site has a pass ending so) or chosen in the list.

        Raises:
            PermissionDenied: the actor may not do desk work.
            ValidationError: neither a pass number nor a visit given (on ``pass_number``).
            NotFound: nobody on site has that pass; no such visit.
            ValidationError: several visitors on site have passes ending in what was typed.
            Conflict: the visit was already signed out (perhaps at another desk).
        """
        actor.require(Permission.DESK_WORK)
        badge = rules.pass_number(pass_number)
        if not badge and visit_id is None:
            raise ValidationError("pass_number", _("Type the number of the pass handed back."))
        with transaction():
            if visit_id is not None:
                visit = Visit.get_or_none(Visit.id == visit_id)
                if visit is None:
                    raise NotFound(_("The visit no longer exists."))
            else:
                visit = _on_site_with_pass(badge)
            if visit.status != VisitStatus.ON_SITE:
                raise Conflict(_("This visitor was already signed out."))
            visit.status, visit.time_out, visit.signout_kind = (
                VisitStatus.SIGNED_OUT,
                self.now(),
                SignOutKind.NORMAL,
            )
            visit.signed_out_by, visit.updated_by = actor.username, actor.username
            visit.version += 1
            visit.save()
            audit.record(actor, "sign_out", "visit", visit.id, after={"pass_number": visit.pass_number})
            return one_row(visit.id)

    def sign_out_all_remaining(self, *, actor: Actor) -> int:
        """Sign out everyone still on site, recorded as the end-of-day sign-out; returns how many.

        Raises:
            PermissionDenied: the actor may not do desk work.
        """
        actor.require(Permission.DESK_WORK)
        with transaction():
            ids = [v.id for v in Visit.select(Visit.id).where(Visit.status == VisitStatus.ON_SITE)]
            if not ids:
                return 0
            now = self.now()
            for batch in batches(ids):  # bounded IN lists, however many were left on site
                Visit.update(
                    status=VisitStatus.SIGNED_OUT,
                    time_out=now,
                    signout_kind=SignOutKind.END_OF_DAY,
                    signed_out_by=actor.username,
                    updated_by=actor.username,
                    version=Visit.version + 1,
                ).where(Visit.id.in_(batch) & (Visit.status == VisitStatus.ON_SITE)).execute()
            audit.record(actor, "sign_out_all", "visit", "", after={"count": len(ids), "visits": ids})
            return len(ids)

    def visits(
        self,
        *,
        actor: Actor,
        day: date | None = None,
        month: str | None = None,
        status: VisitStatus | None = None,
        after: Cursor | None = None,
        limit: int = 200,
    ) -> list[VisitRow]:
        """Visits newest first, of one day or month, a page at a time.

        Args:
            actor: who looks (needs desk work).
            day: one local day.
            month: ``YYYY-MM`` (ignored when ``day`` is given).
            status: only visits in this state.
            after: the (time in, id) of the last row already shown: the next page starts after it.
            limit: the page size.

        Returns:
            Up to ``limit`` rows (the visitor's phone and ID masked).

        Raises:
            PermissionDenied: the actor may not do desk work.
            ValidationError: a badly written month.
        """
        actor.require(Permission.DESK_WORK)
        query = visit_query()
        if day is not None:
            start, end = day_range(day, day)
            query = query.where((Visit.time_in >= start) & (Visit.time_in < end))
        elif month is not None:
            start, end = day_range(*month_range(month))
            query = query.where((Visit.time_in >= start) & (Visit.time_in < end))
        if status is not None:
            query = query.where(Visit.status == status)
        if after is not None:
            query = query.where(
                (Visit.time_in < after[0]) | ((Visit.time_in == after[0]) & (Visit.id < after[1]))
            )
        with storage_errors():
            return rows_of(query.order_by(Visit.time_in.desc(), Visit.id.desc()).limit(limit))

    def today_counts(self, *, actor: Actor) -> TodayCounts:
        """Visitors on site now, visits registered today, and how many of those were refused."""
        actor.require(Permission.DESK_WORK)
        start, end = day_range(self.today(), self.today())
        today = (Visit.time_in >= start) & (Visit.time_in < end)
        with storage_errors():
            on_site = Visit.select().where(Visit.status == VisitStatus.ON_SITE).count()
            visits = Visit.select().where(today).count()
            refused = Visit.select().where(today & (Visit.status == VisitStatus.REFUSED)).count()
        return TodayCounts(on_site, visits, refused)

    def recent_for_unit(self, *, actor: Actor, unit_id: int, limit: int = 5) -> tuple[list[VisitRow], int]:
        """The unit's latest visits and how many it had in the last 30 days (for the unit panel)."""
        actor.require(Permission.DESK_WORK)
        since = day_range(date.fromordinal(self.today().toordinal() - 30), self.today())[0]
        with storage_errors():
            query = visit_query().where(Visit.host_unit == unit_id)
            recent = rows_of(query.order_by(Visit.time_in.desc(), Visit.id.desc()).limit(limit))
            count = Visit.select().where((Visit.host_unit == unit_id) & (Visit.time_in >= since)).count()
        return recent, count

    def export(self, *, actor: Actor, month: str | None = None) -> ContextManager[RowStream[VisitRow]]:
        """Every visit of a month (or all), oldest first, masked, streamed a page at a time; audited.

        Use as ``with visitors.export(actor=…) as rows: write(rows)``: the rows are read while the
        caller writes them (memory does not grow with their number), and the export is recorded
        with its row count once they have all been written.

        Raises:
            PermissionDenied: exports of personal data need a supervisor.
            ValidationError: a badly written month.
        """
        confirm(actor, Permission.PERSONAL_EXPORT)
        query = row_query()
        if month is not None:
            start, end = day_range(*month_range(month))
            query = query.where((Visit.time_in >= start) & (Visit.time_in < end))
        return audited_export(actor, "visit", month or "all", row_pages(query))

    def export_rows(self, *, actor: Actor, month: str | None = None) -> list[VisitRow]:
        """Every visit of a month (or all) as a list, like ``export`` (for short lists).

        Raises:
            PermissionDenied: exports of personal data need a supervisor.
        """
        with self.export(actor=actor, month=month) as rows:
            return list(rows)


def _on_site_with_pass(badge: str) -> Visit:
    """The visitor on site whose pass is ``badge``, or the only one whose pass ends in it."""
    on_site = Visit.status == VisitStatus.ON_SITE
    visit = Visit.get_or_none(on_site & (Visit.pass_number == badge))
    if visit is not None:
        return visit
    found = list(Visit.select().where(on_site & Visit.pass_number.endswith(badge)).limit(6))
    if len(found) == 1:
        return found[0]
    if not found:
        raise NotFound(_("Nobody on site has pass {number}.").format(number=badge))
    numbers = ", ".join(sorted(v.pass_number for v in found[:5]))
    raise ValidationError(
        "pass_number",
        _("Several visitors on site have passes ending in {digits} ({numbers}): type more of it.").format(
            digits=badge, numbers=numbers
        ),
    )
