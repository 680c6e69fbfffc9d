"""Prices of usage, as plain functions without a database: tiers, add-ons, sharing, rounding.

A tariff is a list of steps, each with the upper bound of its usage in the period (None: no
limit), a price and an add-on per unit. With monthly tiers the month's usage climbs the steps from
0; with annual cumulative tiers it climbs from the year's usage before this month, so a month that
crosses a bound is split between two steps. Every line (one per step used, one per add-on price,
one per shared public meter) is rounded half-up to the fen on its own, and an amount is the sum of
its rounded lines.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from frontdesk.money import round_half_up
from frontdesk.utilities.kinds import TierPeriod

E4 = Decimal(10_000)
_HUNDREDTH = Decimal("0.01")


@dataclass(frozen=True)
class Step:
    """One price step: usage up to ``upper`` in the period costs ``price`` (+ ``addon``) a unit."""

    upper: int | None
    price: Decimal
    addon: Decimal = Decimal(0)


@dataclass(frozen=True)
class Schedule:
    """A kind's tariff from a month on."""

    kind: str
    from_month: str
    period: TierPeriod
    steps: tuple[Step, ...]


@dataclass(frozen=True)
class PriceLine:
    """One line of an amount: a step's usage × its price, an add-on, or a share of a public meter.

    ``what`` is ``"tier"`` (``step`` numbers it from 1), ``"addon"`` or ``"share"``.
    """

    what: str
    step: int
    quantity: Decimal
    price: Decimal
    amount_fen: int


def price_of_e4(value: int) -> Decimal:
    """A stored price (ten-thousandths of a yuan) as yuan."""
    return Decimal(value) / E4


def e4_of_price(price: Decimal) -> int:
    """A price in yuan as stored (raises ValueError past four decimals)."""
    scaled = price * E4
    if scaled != scaled.to_integral_value():
        raise ValueError(str(price))
    return int(scaled)


def tier_lines(schedule: Schedule, usage: int, before: int = 0) -> list[PriceLine]:
    """The step lines and add-on lines of ``usage`` under ``schedule``.

    Args:
        schedule: the tariff in force.
        usage: this month's usage (× multiplier), not negative.
        before: for annual tiers, the year's usage in the months before this one (ignored for
            monthly tiers).

    Returns:
        One line per step used (in order), then one per add-on price used.
    """
    start = before if schedule.period is TierPeriod.YEAR else 0
    end, lower, lines = start + usage, 0, []
    addons: dict[Decimal, int] = {}
    for number, step in enumerate(schedule.steps, start=1):
        top = end if step.upper is None else min(end, step.upper)
        quantity = top - max(start, lower)
        if quantity > 0:
            lines.append(
                PriceLine("tier", number, Decimal(quantity), step.price, round_half_up(quantity * step.price))
            )
            if step.addon:
                addons[step.addon] = addons.get(step.addon, 0) + quantity
        if step.upper is None or step.upper >= end:
            break
        lower = step.upper
    for price, quantity in addons.items():
        lines.append(PriceLine("addon", 0, Decimal(quantity), price, round_half_up(quantity * price)))
    return lines


def amount_of(lines: Sequence[PriceLine]) -> int:
    """An amount: the sum of its lines, each already rounded."""
    return sum(line.amount_fen for line in lines)


def share_weights(weights: dict[int, int]) -> dict[int, Decimal]:
    """Each unit's share (summing to 1) from its weight (area in 0.01 m², or 1 each for equal shares).

    Units of weight 0 get no share; when every weight is 0 nobody does.
    """
    total = sum(w for w in weights.values() if w > 0)
    if total == 0:
        return {}
    return {unit: Decimal(w) / Decimal(total) for unit, w in weights.items() if w > 0}


def share_line(total_fen: int, usage: int, share: Decimal) -> PriceLine:
    """A unit's line of a public meter: its share of the usage and of the amount, rounded half-up."""
    quantity = (Decimal(usage) * share).quantize(_HUNDREDTH, rounding=ROUND_HALF_UP)
    amount = int((Decimal(total_fen) * share).quantize(Decimal(1), rounding=ROUND_HALF_UP))
    return PriceLine("share", 0, quantity, Decimal(0), amount)
