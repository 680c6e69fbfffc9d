"""Month on month: each building's usage and amount per kind over the last twelve months (no Qt).

Gathered on the worker thread from ``month_table`` month by month (one pass gives every building),
then shown by the chart for the building chosen, or for the estate; the printed table's chart
takes the estate's (or the building's) amounts per kind from the same pass.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from frontdesk.auth import Actor
from frontdesk.estate.progress import Progress, no_progress
from frontdesk.utilities.common import shift
from frontdesk.utilities.kinds import MeterKind
from frontdesk.utilities.rows import KindTotal, UtilityTable
from frontdesk.utilities.service import UtilityService
from reports.utility_table import MonthAmounts

MONTHS = 12


@dataclass(frozen=True)
class Point:
    """One month of one building (or of the estate: ``building_id`` None)."""

    month: str
    usage: tuple[tuple[MeterKind, Decimal], ...]
    amounts: tuple[tuple[MeterKind, int], ...]  # fen per kind
    amount_fen: int

    def usage_of(self, kind: MeterKind) -> Decimal:
        """The month's usage of ``kind`` (0 when it has none)."""
        return dict(self.usage).get(kind, Decimal(0))

    def amount_of(self, kind: MeterKind) -> int:
        """The month's amount of ``kind`` in fen."""
        return dict(self.amounts).get(kind, 0)


def _point(month: str, totals: Sequence[KindTotal], amount_fen: int) -> Point:
    return Point(
        month,
        tuple((t.kind, t.usage) for t in totals),
        tuple((t.kind, t.amount_fen) for t in totals),
        amount_fen,
    )


@dataclass(frozen=True)
class History:
    """The twelve months ending with ``month``, oldest first, per building and for the estate."""

    month: str
    months: tuple[str, ...]
    buildings: dict[int, tuple[Point, ...]]
    estate: tuple[Point, ...]

    def points(self, building_id: int | None) -> tuple[Point, ...]:
        """The months of a building (None: the estate); a building without lines in a month has zeros."""
        if building_id is None:
            return self.estate
        return self.buildings.get(building_id, ())

    def kinds(self, building_id: int | None) -> list[MeterKind]:
        """The kinds with any usage or amount in the months shown."""
        points = self.points(building_id)
        return [k for k in MeterKind if any(p.usage_of(k) or p.amount_of(k) for p in points)]

    def amounts_before(self, building_id: int | None) -> list[MonthAmounts]:
        """The printed table's chart bars of the months before this one."""
        return [MonthAmounts(p.month, p.amounts) for p in self.points(building_id)[:-1]]


def months_ending(month: str, count: int = MONTHS) -> tuple[str, ...]:
    """``count`` months ending with ``month``, oldest first."""
    return tuple(shift(month, -back) for back in range(count - 1, -1, -1))


def gather(
    utilities: UtilityService,
    actor: Actor,
    month: str,
    *,
    current: UtilityTable | None = None,
    progress: Progress = no_progress,
) -> History:
    """The last twelve months' per-building and estate totals (``current``: this month's table, if
    already computed)."""
    months = months_ending(month)
    per_building: dict[int, list[Point]] = {}
    estate: list[Point] = []
    for done, each in enumerate(months):
        if current is not None and each == current.month:
            table = current
        else:
            table = utilities.month_table(actor=actor, month=each)
        for building in table.buildings:
            points = per_building.setdefault(building.building_id, [])
            points += [_point(m, (), 0) for m in months[len(points) : done]]  # a building new this year
            points.append(_point(each, building.totals, building.amount_fen))
        estate.append(_point(each, table.totals, table.amount_fen))
        progress(done + 1, len(months))
    buildings = {
        bid: (*points, *(_point(m, (), 0) for m in months[len(points) :]))
        for bid, points in per_building.items()
    }
    return History(month, months, buildings, tuple(estate))


def change(points: Sequence[Point]) -> Decimal | None:
    """The last month's amount against the one before, in percent (None when the one before is 0)."""
    if len(points) < 2 or not points[-2].amount_fen:
        return None
    before, now = points[-2].amount_fen, points[-1].amount_fen
    return (Decimal(now - before) * 100 / before).quantize(Decimal("0.1"))
