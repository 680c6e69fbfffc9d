"""What a month's readings are judged against, read in a few queries for any number of meters.

For each meter: the previous reading (its latest reading before the month, else its initial
reading), its usages of the six months before (for the median), and whether its unit is occupied.
Only the month before and the six before it are read, so ten years of readings cost what one does.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date

import peewee as pw

from frontdesk.estate.common import tuples
from frontdesk.estate.kinds import UnitStatus
from frontdesk.estate.models import Unit
from frontdesk.utilities.common import shift
from frontdesk.utilities.kinds import Flag
from frontdesk.utilities.models import Meter, MeterReading
from frontdesk.utilities.rows import ReadingInput
from frontdesk.utilities.usage import HIGH_FACTOR, HISTORY_MONTHS, Dial, flag_of, usage_of

_BATCH = 500


def _batches(ids: Sequence[int]) -> Iterable[list[int]]:
    for start in range(0, len(ids), _BATCH):
        yield list(ids[start : start + _BATCH])


@dataclass
class Context:
    """The previous readings, histories and occupancy of a set of meters for one month."""

    month: str
    meters: dict[int, Meter]
    previous: dict[int, int] = field(default_factory=dict)
    history: dict[int, list[int]] = field(default_factory=dict)
    occupied: set[int] = field(default_factory=set)  # meters of occupied units

    @classmethod
    def load(cls, month: str, meters: Iterable[Meter]) -> Context:
        """Read what judging ``meters``' readings of ``month`` needs."""
        found = cls(month, {m.id: m for m in meters})
        ids = sorted(found.meters)
        start = shift(month, -HISTORY_MONTHS)
        for batch in _batches(ids):
            query = MeterReading.select(
                MeterReading.meter, MeterReading.month, MeterReading.current, MeterReading.usage
            ).where(
                MeterReading.meter.in_(batch) & (MeterReading.month >= start) & (MeterReading.month < month)
            )
            latest: dict[int, str] = {}
            for meter_id, when, current, used in tuples(query):
                if used is not None:
                    found.history.setdefault(meter_id, []).append(int(used))
                if when > latest.get(meter_id, ""):
                    latest[meter_id], found.previous[meter_id] = when, int(current)
        found._older_previous([m for m in ids if m not in found.previous], start)
        units = [m.unit_id for m in found.meters.values() if m.unit_id is not None]
        occupied_units: set[int] = set()
        for batch in _batches(sorted(set(units))):
            occupied = Unit.select(Unit.id).where(
                Unit.id.in_(batch) & (Unit.status == UnitStatus.OCCUPIED.value)
            )
            occupied_units |= {u for (u,) in tuples(occupied)}
        found.occupied = {m.id for m in found.meters.values() if m.unit_id in occupied_units}
        return found

    def _older_previous(self, ids: list[int], before: str) -> None:
        """The previous reading of meters not read in the six months before: their latest, or initial."""
        for batch in _batches(ids):
            latest = (
                MeterReading.select(MeterReading.meter, pw.fn.MAX(MeterReading.month))
                .where(MeterReading.meter.in_(batch) & (MeterReading.month < before))
                .group_by(MeterReading.meter)
            )
            months = dict(tuples(latest))
            for meter_id, when in months.items():
                row = MeterReading.get((MeterReading.meter == meter_id) & (MeterReading.month == when))
                self.previous[meter_id] = int(row.current)
        for meter_id in ids:
            self.previous.setdefault(meter_id, int(self.meters[meter_id].initial_reading))

    def judged(self, entry: ReadingInput, replaced_on: date | None) -> dict[str, object]:
        """The stored columns of a reading of ``entry.meter_id``: previous, usage, rollover, flag."""
        meter = self.meters[entry.meter_id]
        previous = self.previous[meter.id]
        worked = usage_of(
            Dial(meter.multiplier, meter.digits), previous, entry.current, entry.old_final, entry.new_initial
        )
        flag = flag_of(worked.usage, self.history.get(meter.id, []), meter.id in self.occupied)
        replaced = entry.old_final is not None
        return {
            "previous": previous,
            "current": entry.current,
            "old_final": entry.old_final,
            "new_initial": entry.new_initial,
            "replaced_on": replaced_on if replaced else None,
            "usage": worked.usage,
            "rollover": worked.rollover,
            "flag": flag.value if flag is not None else "",
        }

    def expected(self, meter_id: int) -> tuple[int | None, int | None]:
        """The range the current reading is expected in (dial units), from the trailing median."""
        history = self.history.get(meter_id, [])
        if not history:
            return None, None
        meter = self.meters[meter_id]
        median = statistics.median(history)
        top = self.previous[meter_id] + int(HIGH_FACTOR * median) // meter.multiplier
        return self.previous[meter_id], min(top, 10**meter.digits - 1)


def flag_or_none(code: str) -> Flag | None:
    """A stored flag code as a Flag (None for "")."""
    return Flag(code) if code else None
