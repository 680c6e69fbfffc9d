"""What the utility service takes and returns: frozen rows for lists, the round and the month's table."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from frontdesk.utilities.kinds import Flag, MeterKind, MonthStatus, ShareBasis, TierPeriod
from frontdesk.utilities.pricing import PriceLine


@dataclass(frozen=True)
class MeterInput:
    """A meter to add (from the form or a sheet row); ``unit_id`` None for a public meter."""

    kind: MeterKind | str
    number: str
    digits: int
    installed_on: date
    unit_id: int | None = None
    estate_id: int | None = None  # a public meter's estate (default: the office's only one)
    building_id: int | None = None  # a public meter's building (None: the whole estate)
    place: str = ""
    multiplier: int = 1
    initial_reading: int = 0
    share: ShareBasis | str = ShareBasis.NONE


@dataclass(frozen=True)
class MeterRow:
    """A meter as the lists show it."""

    id: int
    kind: MeterKind
    number: str
    unit_id: int | None
    unit_code: str
    building_id: int | None
    building_code: str
    place: str
    multiplier: int
    digits: int
    installed_on: date
    initial_reading: int
    share: ShareBasis
    active: bool
    version: int


@dataclass(frozen=True)
class ReadingInput:
    """A month's reading of one meter, with the replacement when the meter was changed this month."""

    meter_id: int
    current: int
    old_final: int | None = None
    new_initial: int | None = None
    replaced_on: date | None = None


@dataclass(frozen=True)
class RoundRow:
    """One line of the round (抄表): a meter in walking order with its reading, if entered.

    ``reading_id`` is None and ``version`` 0 until the reading is saved; pass ``version`` back
    with the next save (another desk's save in between is refused with "changed by X at T").
    ``low``/``high`` is the expected range of the current reading (from the trailing median).
    """

    meter_id: int
    meter_number: str
    kind: MeterKind
    unit_id: int | None
    unit_code: str
    place: str
    multiplier: int
    previous: int
    current: int | None
    old_final: int | None
    new_initial: int | None
    usage: int | None
    rollover: bool
    flag: Flag | None
    confirmed_by: str
    confirm_reason: str
    expected_low: int | None
    expected_high: int | None
    reading_id: int | None
    version: int

    @property
    def needs_attention(self) -> bool:
        """A flag neither confirmed nor corrected."""
        return self.flag is not None and not self.confirmed_by


@dataclass(frozen=True)
class TariffStepInput:
    """One step of a tariff to save: the upper bound of its usage (None: no limit), price, add-on."""

    upper: int | None
    price: Decimal
    addon: Decimal = Decimal(0)


@dataclass(frozen=True)
class TariffRow:
    """A kind's tariff from a month on, with its steps."""

    kind: MeterKind
    from_month: str
    period: TierPeriod
    steps: tuple[TariffStepInput, ...]


@dataclass(frozen=True)
class TableLine:
    """One line of the month's table: a meter's reading priced, or a unit's share of a public meter.

    For a share line (``shared``), ``meter_number`` and ``place`` name the public meter and the
    readings are None. ``flags`` holds the flags still to resolve (and MISSING for a meter not
    read); ``confirmed`` says a flag was confirmed.
    """

    unit_id: int | None
    unit_code: str
    resident: str
    place: str
    kind: MeterKind
    meter_number: str
    previous: int | None
    current: int | None
    multiplier: int
    usage: Decimal
    lines: tuple[PriceLine, ...]
    amount_fen: int
    flags: tuple[Flag, ...]
    confirmed: bool
    shared: bool
    rollover: bool = False
    replaced: bool = False


@dataclass(frozen=True)
class KindTotal:
    """Usage and amount of one kind (a building's subtotal or the estate's total)."""

    kind: MeterKind
    usage: Decimal
    amount_fen: int


@dataclass(frozen=True)
class BuildingTable:
    """A building's part of the table: unit lines in walking order, its public meters, subtotals.

    ``public`` lines are the building's public meters priced (their cost reaches the units as share
    lines, so they are not in the subtotal).
    """

    building_id: int
    code: str
    name: str
    lines: tuple[TableLine, ...]
    public: tuple[TableLine, ...]
    totals: tuple[KindTotal, ...]
    amount_fen: int


@dataclass(frozen=True)
class UtilityTable:
    """The month's table (每月的水電費統計表): per building, the estate's public meters, totals.

    Amounts are sums of lines each rounded half-up to 0.01 yuan.
    """

    month: str
    status: MonthStatus
    buildings: tuple[BuildingTable, ...]
    public: tuple[TableLine, ...]  # meters of the whole estate
    totals: tuple[KindTotal, ...]
    amount_fen: int
    unresolved: int  # flags still to confirm or correct (and meters not read)


@dataclass(frozen=True)
class MonthRow:
    """A month's state."""

    month: str
    status: MonthStatus
    closed_at: datetime | None
    closed_by: str
    charges: int
    total_fen: int


@dataclass(frozen=True)
class CloseResult:
    """What closing a month posted."""

    month: str
    charges: int
    total_fen: int
    already_charged: int  # unit-and-kind charges the account already held for the month (skipped)


@dataclass(frozen=True)
class AdjustmentRow:
    """A correction to a closed month, and the charge it put on the account."""

    id: int
    month: str
    unit_id: int
    unit_code: str
    kind: MeterKind
    amount_fen: int
    reason: str
    charge_id: int
    created_by: str
    created_at: datetime
