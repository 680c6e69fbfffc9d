"""What the visitors' services share: the clock, the ID key, reading visits as rows, day ranges."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from datetime import UTC, date, datetime, time, timedelta

import peewee as pw

from frontdesk.clock import local_today, utcnow
from frontdesk.estate.models import Resident, Unit
from frontdesk.streaming import lookup
from frontdesk.visitors.idkey import IdKeyRing
from frontdesk.visitors.models import Notification, Visit, Visitor
from frontdesk.visitors.rows import VisitRow


class VisitorBase:
    """State every part of the visitor service shares: the clock and the ID key ring."""

    def __init__(
        self,
        *,
        keyring: IdKeyRing | None = None,
        now: Callable[[], datetime] = utcnow,
        today: Callable[[], date] = local_today,
    ) -> None:
        self.keyring = keyring if keyring is not None else IdKeyRing()
        self._now = now
        self._today = today

    def now(self) -> datetime:
        """The current time as naive UTC (tests pass a fixed clock)."""
        return self._now()

    def today(self) -> date:
        """The desk's date."""
        return self._today()


def local_day_start(day: date) -> datetime:
    """The first moment of a local day, as the naive UTC the database stores."""
    return datetime.combine(day, time()).astimezone(UTC).replace(tzinfo=None)


def day_range(first: date, last: date) -> tuple[datetime, datetime]:
    """[start, end) in naive UTC covering the local days ``first`` to ``last``."""
    return local_day_start(first), local_day_start(last + timedelta(days=1))


def visit_query() -> pw.ModelSelect[Visit]:
    """Visits joined with their visitor (one query: nothing is fetched row by row)."""
    return Visit.select(Visit, Visitor).join(Visitor)


def rows_of(visits: Iterable[Visit]) -> list[VisitRow]:
    """Visits as rows: host units, residents and last answers fetched in a few bounded queries.

    Every ``IN`` list holds at most ``streaming.IN_BATCH`` ids, so a long list of visits never
    exceeds the database's limit on query parameters (callers still read a page at a time).
    """
    records = list(visits)
    codes = lookup({v.host_unit_id for v in records if v.host_unit_id is not None}, _unit_codes)
    names = lookup({v.host_resident_id for v in records if v.host_resident_id is not None}, _resident_names)
    answers = lookup({v.id for v in records}, _last_answers)
    return [
        VisitRow.of(
            v,
            v.visitor,
            codes.get(v.host_unit_id or 0, ""),
            names.get(v.host_resident_id or 0, ""),
            answers.get(v.id),
        )
        for v in records
    ]


def _unit_codes(ids: list[int]) -> Iterator[tuple[int, str]]:
    return ((u.id, u.code) for u in Unit.select(Unit.id, Unit.code).where(Unit.id.in_(ids)))


def _resident_names(ids: list[int]) -> Iterator[tuple[int, str]]:
    query = Resident.select(Resident.id, Resident.name).where(Resident.id.in_(ids))
    return ((r.id, r.name) for r in query)


def _last_answers(visit_ids: list[int]) -> Iterator[tuple[int, str]]:
    """(visit id, answer) of each notification, oldest first: the last one given wins in a dict."""
    query = (
        Notification.select(Notification.visit, Notification.answer)
        .where(Notification.visit.in_(visit_ids))
        .order_by(Notification.id)
    )
    return ((n.visit_id, n.answer) for n in query)


def one_row(visit_id: int) -> VisitRow:
    """One visit as a row."""
    return rows_of(visit_query().where(Visit.id == visit_id))[0]
