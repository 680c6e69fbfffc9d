"""What the utility service's parts share: the clock, month arithmetic, the month's lock, meter rows."""

from __future__ import annotations

import calendar
from collections.abc import Callable
from datetime import date, datetime

from frontdesk.clock import local_today, utcnow
from frontdesk.errors import UserError, ValidationError
from frontdesk.estate.common import check_period
from frontdesk.estate.models import Building, Unit
from frontdesk.i18n import _
from frontdesk.utilities.kinds import MeterKind, MonthStatus, ShareBasis
from frontdesk.utilities.models import Meter, UtilityMonth
from frontdesk.utilities.rows import MeterRow

#: the widest dial accepted (a 12-digit dial is already an industrial one)
MAX_DIGITS = 12
MAX_MULTIPLIER = 100_000


class UtilityBase:
    """The desk's clock, shared by every part of the utility service (tests pass their own)."""

    def __init__(
        self, *, today: Callable[[], date] = local_today, now: Callable[[], datetime] = utcnow
    ) -> None:
        self._today = today
        self._now = now

    def today(self) -> date:
        """The desk's date."""
        return self._today()

    def now(self) -> datetime:
        """The current moment, naive UTC."""
        return self._now()


def month_of(field: str, value: str) -> str:
    """A month as ``YYYY-MM`` (a ValidationError on ``field`` otherwise)."""
    return check_period(field, value)


def shift(month: str, months: int) -> str:
    """The month ``months`` after ``month`` (before, when negative)."""
    index = int(month[:4]) * 12 + int(month[5:7]) - 1 + months
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def last_day(month: str) -> date:
    """The month's last day."""
    year, number = int(month[:4]), int(month[5:7])
    return date(year, number, calendar.monthrange(year, number)[1])


def month_status(month: str) -> MonthStatus:
    """Whether the month is open or closed."""
    found = UtilityMonth.get_or_none(UtilityMonth.month == month)
    return MonthStatus(found.status) if found is not None else MonthStatus.OPEN


def last_closed() -> str:
    """The latest closed month ("" when none)."""
    found = (
        UtilityMonth.select(UtilityMonth.month)
        .where(UtilityMonth.status == MonthStatus.CLOSED.value)
        .order_by(UtilityMonth.month.desc())
        .first()
    )
    return str(found.month) if found is not None else ""


def require_open(month: str) -> None:
    """Refuse a change to a closed month, or to one before the latest closed month."""
    closed = last_closed()
    if closed and month <= closed:
        raise UserError(
            _("{month} is closed: its readings are locked. Correct it with an adjustment.").format(
                month=month
            )
            if month == closed or month_status(month) is MonthStatus.CLOSED
            else _("{month} is before the last closed month {closed}: its readings are locked.").format(
                month=month, closed=closed
            )
        )


def whole(field: str, value: object, *, low: int = 0, high: int | None = None) -> int:
    """A whole number between ``low`` and ``high`` (a ValidationError on ``field`` otherwise)."""
    if (
        isinstance(value, bool)
        or not isinstance(value, int)
        or value < low
        or (high is not None and value > high)
    ):
        if high is None:
            message = _("Type a whole number of at least {low}.").format(low=low)
        else:
            message = _("Type a whole number from {low} to {high}.").format(low=low, high=high)
        raise ValidationError(field, message)
    return value


def reading_value(field: str, value: object, digits: int) -> int:
    """A reading a dial of ``digits`` digits can show."""
    return whole(field, value, high=10**digits - 1)


def meter_rows(query: object) -> list[MeterRow]:
    """Rows of the meters a query selects (units and buildings read in one go)."""
    meters = list(query)  # type: ignore[call-overload]  # any select of Meter
    unit_ids = {m.unit_id for m in meters if m.unit_id is not None}
    units = (
        {
            u.id: (u.code, u.building_id)
            for u in Unit.select(Unit.id, Unit.code, Unit.building).where(Unit.id.in_(list(unit_ids)))
        }
        if unit_ids
        else {}
    )
    codes = {b.id: b.code for b in Building.select(Building.id, Building.code)}
    rows = []
    for m in meters:
        unit_code, unit_building = units.get(m.unit_id, ("", None)) if m.unit_id is not None else ("", None)
        building_id = m.building_id if m.building_id is not None else unit_building
        rows.append(
            MeterRow(
                m.id,
                MeterKind(m.kind),
                m.number,
                m.unit_id,
                unit_code,
                building_id,
                codes.get(building_id, "") if building_id is not None else "",
                m.place,
                m.multiplier,
                m.digits,
                m.installed_on,
                m.initial_reading,
                ShareBasis(m.share),
                m.active,
                m.version,
            )
        )
    return rows


def get_meter(meter_id: int) -> Meter:
    """The meter, or NotFound."""
    from frontdesk.estate.common import get_or_missing

    return get_or_missing(Meter, meter_id, _("The meter no longer exists."))
