"""The demo estate planned in memory: buildings, units, residents and a history of fees and payments.

Rows refer to each other by position (``unit`` is an index into ``DemoPlan.units``); the loader turns
positions into database ids. Nothing here touches the database, and one seed always gives one plan.
The registry (buildings, units, residents, notes) grows with the estate and is planned at once; the
monthly charges and payments grow with the years, so ``account_months`` hands them out one month at
a time, each calendar year drawn from its own seeded source: the loader's memory does not grow with
``--years``, and the same seed still gives the same history.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from frontdesk.demo.people import Person, person
from frontdesk.estate.kinds import CollectionMethod, PaymentMethod, ResidentKind, UnitStatus, UnitUse
from frontdesk.estate.rows import area_m2
from frontdesk.money import management_fee

#: monthly management fee in fen per m², by unit use
RATES = {UnitUse.RESIDENTIAL.value: Decimal("235"), UnitUse.COMMERCIAL.value: Decimal("480")}
DUE_DAY = 15
ARREARS_SHARE = (0.05, 0.08)
MAX_ARREARS_MONTHS = 12
_METHODS = tuple(
    m.value for m in (PaymentMethod.WECHAT, PaymentMethod.ALIPAY, PaymentMethod.BANK, PaymentMethod.CASH)
)
_SAID = (
    "最近资金紧张，月底前补交",
    "对楼道漏水有意见，修好后再交",
    "人在外地，回来后到管理处缴纳",
    "同意分两次补缴",
)


@dataclass(frozen=True)
class UnitPlan:
    """A unit of building ``building`` (an index into ``DemoPlan.buildings``)."""

    building: int
    number: str
    floor: int
    area_dm2: int
    use: str
    status: str


@dataclass(frozen=True)
class ResidentPlan:
    """An owner or tenant of unit ``unit``."""

    unit: int
    kind: str
    who: Person
    move_in: date | None


@dataclass(frozen=True)
class ChargePlan:
    """A monthly management charge."""

    unit: int
    period: str
    amount_fen: int
    due_date: date


@dataclass(frozen=True)
class PaymentPlan:
    """A payment (naive UTC time, as stored)."""

    unit: int
    amount_fen: int
    paid_at: datetime
    method: str
    receipt_no: str


@dataclass(frozen=True)
class NotePlan:
    """A standing instruction (``until``) or a reminder of arrears (``at``, ``method``, ``promised``)."""

    unit: int
    text: str
    at: datetime | None = None
    method: str = ""
    until: date | None = None


@dataclass
class DemoPlan:
    """The registry the demo loads, in insertion order, and what its account history follows.

    ``months`` are the first days of the billed months, oldest first; ``unpaid`` maps the units left
    in arrears to how many of the last months they have not paid (see ``account_months``).
    """

    seed: int = 0
    buildings: list[tuple[str, str]] = field(default_factory=list)  # (name, code)
    units: list[UnitPlan] = field(default_factory=list)
    residents: list[ResidentPlan] = field(default_factory=list)
    instructions: list[NotePlan] = field(default_factory=list)
    collections: list[NotePlan] = field(default_factory=list)
    months: list[date] = field(default_factory=list)
    unpaid: dict[int, int] = field(default_factory=dict)

    @property
    def in_arrears(self) -> int:
        """How many units are left owing."""
        return len(self.unpaid)


@dataclass(frozen=True)
class MonthPlan:
    """One billed month: a charge for every occupied unit, and the payments made for it."""

    charges: list[ChargePlan]
    payments: list[PaymentPlan]


def months_before(today: date, count: int) -> list[date]:
    """The first days of the ``count`` months before ``today``'s month, oldest first."""
    firsts, year, month = [], today.year, today.month
    for _i in range(count):
        year, month = (year - 1, 12) if month == 1 else (year, month - 1)
        firsts.append(date(year, month, 1))
    return firsts[::-1]


def plan_units(rng: random.Random, plan: DemoPlan, count: int) -> None:
    """Buildings of about 20 floors with 2-4 units a floor, filled until ``count`` units exist."""
    while len(plan.units) < count:
        index = len(plan.buildings)
        plan.buildings.append((f"{index + 1}栋", str(index + 1)))
        floors, per_floor = rng.randint(16, 26), rng.randint(2, 4)
        areas = [rng.randint(6000, 18000) for _i in range(per_floor)]  # one layout per stack
        shops = rng.random() < 0.35
        for floor in range(1, floors + 1):
            for flat in range(1, per_floor + 1):
                if len(plan.units) == count:
                    return
                use = UnitUse.COMMERCIAL if shops and floor == 1 else UnitUse.RESIDENTIAL
                plan.units.append(
                    UnitPlan(index, f"{floor}{flat:02d}", floor, areas[flat - 1], use.value, _status(rng))
                )


def _status(rng: random.Random) -> str:
    roll = rng.random()
    if roll < 0.86:
        return UnitStatus.OCCUPIED.value
    return UnitStatus.VACANT.value if roll < 0.95 else UnitStatus.UNDER_DECORATION.value


def plan_residents(rng: random.Random, plan: DemoPlan, today: date, since: date) -> None:
    """An owner for every unit, a second owner for some, and tenants in some occupied units."""
    for index, unit in enumerate(plan.units):
        occupied = unit.status == UnitStatus.OCCUPIED.value
        owner = person(rng)
        moved = _day_between(rng, date(2008, 1, 1), since) if occupied else None
        plan.residents.append(ResidentPlan(index, ResidentKind.OWNER.value, owner, moved))
        if rng.random() < 0.3:
            spouse = person(rng, male=not owner.male)
            plan.residents.append(ResidentPlan(index, ResidentKind.OWNER.value, spouse, moved))
        tenant_share = 0.5 if unit.use == UnitUse.COMMERCIAL.value else 0.15
        if occupied and rng.random() < tenant_share:
            start = _day_between(rng, today - timedelta(days=3 * 365), today - timedelta(days=30))
            plan.residents.append(ResidentPlan(index, ResidentKind.TENANT.value, person(rng), start))


def _day_between(rng: random.Random, first: date, last: date) -> date:
    return first + timedelta(days=rng.randrange(max((last - first).days, 1)))


def _period(month: date) -> str:
    return f"{month.year:04d}-{month.month:02d}"


def _billed(plan: DemoPlan) -> list[int]:
    """The occupied units: those charged every month."""
    return [i for i, u in enumerate(plan.units) if u.status == UnitStatus.OCCUPIED.value]


def plan_arrears(rng: random.Random, plan: DemoPlan, today: date) -> None:
    """Pick the few units left owing, how many of the last months each has not paid, their reminders.

    Reminders fall before ``today``: a demo never records a call the office has not made yet.
    """
    billed = _billed(plan)
    share = rng.uniform(*ARREARS_SHARE)
    owing = sorted(rng.sample(billed, min(len(billed), max(1, round(len(plan.units) * share)))))
    for index in owing:
        unpaid = rng.randint(1, min(MAX_ARREARS_MONTHS, len(plan.months)))
        plan.unpaid[index] = unpaid
        if unpaid >= 2:
            _remind(rng, plan, index, plan.months[-unpaid].replace(day=DUE_DAY), today)


def account_months(plan: DemoPlan) -> Iterator[MonthPlan]:
    """The monthly management fees of occupied units, one month at a time, oldest first.

    Every charge is paid, except the last months of the units in ``plan.unpaid``. Each calendar year
    draws its payments from its own source, seeded with the plan's seed and the year.
    """
    billed = [(i, _fee(plan.units[i])) for i in _billed(plan)]
    rng = random.Random()
    for n, month in enumerate(plan.months):
        if n == 0 or month.month == 1:
            rng = random.Random(f"demo-accounts-{plan.seed}-{month.year}")
        yield _month(rng, plan, n, month, billed)


def _fee(unit: UnitPlan) -> int:
    """The unit's monthly management fee in fen."""
    return management_fee(area_m2(unit.area_dm2), RATES[unit.use])


def _month(
    rng: random.Random, plan: DemoPlan, n: int, month: date, billed: list[tuple[int, int]]
) -> MonthPlan:
    """Month ``n`` of the plan: its charges, and the payments of the units not yet in arrears."""
    period, due, left = _period(month), month.replace(day=DUE_DAY), len(plan.months) - n
    charges = [ChargePlan(index, period, fee, due) for index, fee in billed]
    paying = [(index, fee) for index, fee in billed if plan.unpaid.get(index, 0) < left]
    payments = [_payment(rng, index, fee, due, serial) for serial, (index, fee) in enumerate(paying)]
    return MonthPlan(charges, payments)


def _payment(rng: random.Random, unit: int, fee: int, due: date, serial: int) -> PaymentPlan:
    """A payment in the fortnight before ``due``; its receipt numbered ``serial`` within its month."""
    day = due - timedelta(days=rng.randrange(15))
    # 09:00-17:59 Beijing time, stored as naive UTC
    moment = datetime(day.year, day.month, day.day, 1 + rng.randrange(9), rng.randrange(60))
    receipt = f"SK{day.year:04d}{day.month:02d}{serial + 1:06d}"
    return PaymentPlan(unit, fee, moment, _METHODS[rng.randrange(len(_METHODS))], receipt)


def _remind(rng: random.Random, plan: DemoPlan, unit: int, first_due: date, today: date) -> None:
    for n in range(rng.randint(1, 3)):
        day = first_due + timedelta(days=20 + 30 * n)
        moment = datetime.combine(day, time(rng.randint(1, 9), rng.randrange(60)))
        method = rng.choice(list(CollectionMethod)).value
        said = rng.choice(_SAID)  # drawn even when skipped, so the rest of the estate stays the same
        if day < today:
            plan.collections.append(NotePlan(unit, said, at=moment, method=method))


def plan_instructions(rng: random.Random, plan: DemoPlan, today: date) -> None:
    """Standing instructions on about one unit in a hundred (at least two)."""
    picks = rng.sample(range(len(plan.units)), min(len(plan.units), max(2, len(plan.units) // 100)))
    for index in sorted(picks):
        if plan.units[index].status == UnitStatus.UNDER_DECORATION.value:
            until = today + timedelta(days=rng.randint(30, 120))
            text = "装修期间，搬出物品须业主本人到场或电话确认"
        elif rng.random() < 0.5:
            until, text = None, "业主长期在国外，未经业主电话确认不得放行任何物品"
        else:
            until = today + timedelta(days=rng.randint(60, 300))
            text = "租户合同到期前，搬出大件物品须业主电话确认"
        plan.instructions.append(NotePlan(index, text, until=until))


def make_plan(seed: int, units: int, years: int, today: date) -> DemoPlan:
    """The demo estate for ``seed``: ``units`` units, and who owes what after ``years`` of monthly fees.

    The fees and payments themselves come month by month from ``account_months``.
    """
    rng = random.Random(seed)
    plan = DemoPlan(seed, months=months_before(today, 12 * years))
    plan_units(rng, plan, units)
    plan_residents(rng, plan, today, plan.months[0])
    plan_arrears(rng, plan, today)
    plan_instructions(rng, plan, today)
    return plan
