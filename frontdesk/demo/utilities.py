"""The demo's meters and ten years of monthly readings, with the anomalies a real round meets.

Every unit has a water and an electricity meter; each building has a public lighting-and-lift meter
shared by area, the estate a garden water meter shared equally. Usage follows the unit (occupied or
vacant, its area) and the season (air conditioning in summer). Some dials are old and small, so
they roll over; about one meter in a hundred a year is replaced (old final, new initial). A few
readings each year stand out — a leak (far above the usual), an empty month on an occupied unit —
and were confirmed by the clerk with a reason; last month's round still has three to resolve.
The flags are worked out with the core's own rules (``frontdesk.utilities.usage``), so the demo
reads as if every reading had been typed at the desk. Tariffs follow Guangzhou's residential water
(annual cumulative tiers with a sewage fee) and Shenzhen's residential electricity (monthly tiers).

Months stay open: the accounts' history comes from the demo's fee ledger (as if kept in the old
software), and the desk closes its first month with the program.
"""

from __future__ import annotations

import random
from collections import deque
from dataclasses import dataclass, field
from datetime import date

from frontdesk.bulk import LARGE_STATEMENT_VALUES, SUBMITTED_COLUMNS, Row, insert_returning_ids, insert_rows
from frontdesk.db import database_proxy
from frontdesk.demo.write import Stamp
from frontdesk.utilities.common import shift
from frontdesk.utilities.kinds import Flag
from frontdesk.utilities.usage import HISTORY_MONTHS, Dial, flag_of, usage_of

CLERK = "demo-clerk"
#: (kind, from month offset in years from the start, period, [(upper, price e4, add-on e4)])
TARIFFS: tuple[tuple[str, int, str, tuple[tuple[int | None, int, int], ...]], ...] = (
    ("water", 0, "year", ((312, 19800, 9500), (408, 29700, 9500), (None, 59400, 9500))),
    ("water", 5, "year", ((312, 21600, 9500), (408, 32400, 9500), (None, 64800, 9500))),
    ("electricity", 0, "month", ((200, 6800, 0), (400, 7300, 0), (None, 9800, 0))),
)
CONFIRM_REASONS = {
    Flag.HIGH.value: (
        "住户确认家中水管漏水，已维修",
        "现场核对表读数无误，住户装修用电",
        "住户家中有客人长住",
    ),
    Flag.ZERO.value: ("住户外出旅行，表已核对", "业主出国，房屋空置", "住户住院，本月未居住"),
    Flag.BELOW.value: ("表计故障，已报工程部更换",),
}


@dataclass
class _Meter:
    """A demo meter as it runs month by month."""

    id: int
    unit: int | None
    occupied: bool
    base: float  # usual usage a month (in the meter's units, before the multiplier)
    kind: str
    dial: Dial
    reading: int
    history: deque[int] = field(default_factory=lambda: deque(maxlen=HISTORY_MONTHS))


def _units(estate_id: int) -> list[tuple[int, int, int, bool]]:
    """(unit, building, area in 0.01 m², occupied) of the estate, in id order."""
    cursor = database_proxy.execute_sql(
        "SELECT u.id, u.building_id, u.area_dm2, u.status FROM unit u "
        f"JOIN building b ON b.id = u.building_id WHERE b.estate_id = {int(estate_id)} ORDER BY u.id"
    )
    return [(int(u), int(b), int(a), s == "occupied") for u, b, a, s in cursor.fetchall()]


def _meter_rows(
    estate_id: int, units: list[tuple[int, int, int, bool]], rng: random.Random, installed: date, stamp: Stamp
) -> tuple[list[Row], list[tuple[int | None, bool, float, str, Dial, int]]]:
    rows: list[Row] = []
    plans: list[tuple[int | None, bool, float, str, Dial, int]] = []
    day = installed.isoformat()
    for unit, _building, area, occupied in units:
        m2 = area / 100
        water_digits = 4 if rng.random() < 0.05 else 5
        water_start = rng.randint(9000, 9990) if water_digits == 4 else rng.randint(0, 3000)
        rows.append(
            (estate_id, None, unit, "", "water", f"S{unit:06d}", 1, water_digits, day, water_start, "", True)
        )
        plans.append((unit, occupied, 4 + m2 / 12, "water", Dial(1, water_digits), water_start))
        multiplier = rng.choice((20, 40)) if m2 > 150 and rng.random() < 0.3 else 1
        digits = 5 if rng.random() < 0.06 else 6
        start = rng.randint(90_000, 99_000) if digits == 5 else rng.randint(0, 20_000)
        rows.append(
            (
                estate_id,
                None,
                unit,
                "",
                "electricity",
                f"D{unit:06d}",
                multiplier,
                digits,
                day,
                start,
                "",
                True,
            )
        )
        plans.append(
            (unit, occupied, (80 + m2 * 1.6) / multiplier, "electricity", Dial(multiplier, digits), start)
        )
    buildings = sorted({b for _u, b, _a, _o in units})
    for building in buildings:
        rows.append(
            (
                estate_id,
                building,
                None,
                "公共照明及电梯",
                "electricity",
                f"G{building:05d}",
                1,
                6,
                day,
                0,
                "area",
                True,
            )
        )
        plans.append((None, False, 900.0, "electricity", Dial(1, 6), 0))
    rows.append((estate_id, None, None, "小区绿化用水", "water", "G-ESTATE-W", 1, 6, day, 0, "equal", True))
    plans.append((None, False, 300.0, "water", Dial(1, 6), 0))
    return [(*r, *stamp()) for r in rows], plans


_METER_COLUMNS = (
    *("estate_id", "building_id", "unit_id", "place", "kind", "number", "multiplier", "digits"),
    *("installed_on", "initial_reading", "share", "active"),
    *SUBMITTED_COLUMNS,
)
_READING_COLUMNS = (
    *("meter_id", "month", "previous", "current", "old_final", "new_initial", "replaced_on", "rollover"),
    *("usage", "flag", "confirmed_by", "confirmed_at", "confirm_reason", "read_by"),
    *("version", "created_at", "updated_at", "updated_by"),
)


class _Round:
    """One month's readings of every meter, drawn from the seeded source."""

    def __init__(self, rng: random.Random, now: str, last: str):
        self.rng, self.now, self.last = rng, now, last
        self.left_open = 0
        #: last month's three readings the clerk has still to look at: meter → what went wrong
        self.open_cases: dict[int, str] = {}

    def season(self, kind: str, month: str) -> float:
        if kind != "electricity":
            return 1.0
        return (1.0, 0.9, 0.8, 0.8, 1.1, 1.5, 1.8, 1.8, 1.4, 1.0, 0.9, 1.1)[int(month[5:7]) - 1]

    def advance(self, meter: _Meter, month: str) -> int:
        """This month's dial advance."""
        rng = self.rng
        if meter.unit is not None and not meter.occupied:
            advance = 0 if rng.random() < 0.8 else rng.randint(0, 2)
        else:
            advance = max(1, round(rng.gauss(meter.base * self.season(meter.kind, month), meter.base * 0.15)))
        case = self.open_cases.get(meter.id) if month == self.last else None
        if case is not None:
            return {"high": advance * 6, "zero": 0, "below": -max(3, advance)}[case]
        anomaly = rng.random()
        if meter.unit is not None and meter.occupied and anomaly < 0.0008:
            advance = 0  # away all month
        elif anomaly > 0.9993:
            advance *= rng.randint(4, 7)  # a leak, guests, building work
        return advance

    def reading(self, meter: _Meter, month: str, advance: int) -> Row:
        rng, previous = self.rng, meter.reading
        top = 10**meter.dial.digits
        old_final = new_initial = replaced_on = None
        if advance < 0:  # a slip of the pen, typed below last month's reading
            current = max(0, previous + advance)
        elif rng.random() < 0.0008:  # the meter is replaced during the month
            old_part = advance // 2
            old_final, new_initial = (previous + old_part) % top, 0
            current = advance - old_part
            replaced_on = f"{month}-{rng.randint(5, 25):02d}"
        else:
            current = (previous + advance) % top
        worked = usage_of(meter.dial, previous, current, old_final, new_initial)
        flag = flag_of(worked.usage, list(meter.history), meter.occupied)
        confirmed: tuple[str, str | None, str] = ("", None, "")
        if flag is not None:
            if month == self.last and meter.id in self.open_cases:
                self.left_open += 1
            else:
                confirmed = (CLERK, self.now, rng.choice(CONFIRM_REASONS[flag.value]))
        meter.reading = current
        if worked.usage is not None:
            meter.history.append(worked.usage)
        return (
            *(meter.id, month, previous, current, old_final, new_initial, replaced_on, worked.rollover),
            *(worked.usage, flag.value if flag else "", *confirmed, CLERK, 1, self.now, self.now, CLERK),
        )


def _tariffs(first: str, now: str) -> None:
    rows: list[Row] = []
    for kind, years, period, steps in TARIFFS:
        month = shift(first, 12 * years)
        for position, (upper, price, addon) in enumerate(steps):
            rows.append((kind, month, period, position, upper, price, addon, CLERK, now))
    columns = (
        "kind",
        "from_month",
        "period",
        "position",
        "upper",
        "price_e4",
        "addon_e4",
        "updated_by",
        "updated_at",
    )
    insert_rows("tariff_step", columns, rows)


def write_utilities(*, estate_id: int, seed: int, years: int, today: date, stamp: Stamp, now: str) -> int:
    """Write the demo's meters, tariffs and monthly readings (inside the caller's transaction).

    Returns:
        How many readings were written.
    """
    units = _units(estate_id)
    if not units:
        return 0
    rng = random.Random(f"demo-utilities-{seed}")
    last = shift(f"{today.year:04d}-{today.month:02d}", -1)
    first = shift(last, -(12 * years - 1))
    installed = date(int(first[:4]), int(first[5:7]), 1)
    rows, plans = _meter_rows(estate_id, units, rng, installed, stamp)
    ids = insert_returning_ids("meter", _METER_COLUMNS, rows, values=LARGE_STATEMENT_VALUES)
    meters = [
        _Meter(meter_id, unit, occupied, base, kind, dial, start)
        for meter_id, (unit, occupied, base, kind, dial, start) in zip(ids, plans, strict=True)
    ]
    _tariffs(first, now)
    round_ = _Round(rng, now, last)
    occupied = [m for m in meters if m.occupied and m.kind == "water" and m.reading >= 100]
    for meter, case in zip(
        rng.sample(occupied, min(3, len(occupied))), ("high", "zero", "below"), strict=False
    ):
        round_.open_cases[meter.id] = case
    month, written = first, 0
    while month <= last:
        readings = [round_.reading(m, month, round_.advance(m, month)) for m in meters]
        insert_rows("meter_reading", _READING_COLUMNS, readings, values=LARGE_STATEMENT_VALUES)
        written += len(readings)
        month = shift(month, 1)
    return written
