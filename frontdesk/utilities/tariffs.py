"""Tariffs: per kind, from a month on, a flat price or tiers (monthly or annual cumulative) with add-ons.

A tariff is saved whole (all its steps at once) and replaces the steps the kind had from that
month. A tariff starting in a closed month cannot change: the month's charges were worked out
with the tariff then in force.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from frontdesk import audit
from frontdesk.auth import Actor, Permission, confirm
from frontdesk.db import storage_errors, transaction
from frontdesk.errors import UserError, ValidationError
from frontdesk.estate.common import choice
from frontdesk.i18n import _
from frontdesk.utilities.common import UtilityBase, last_closed, month_of
from frontdesk.utilities.kinds import MeterKind, TierPeriod, label
from frontdesk.utilities.models import TariffStep
from frontdesk.utilities.pricing import Schedule, Step, e4_of_price, price_of_e4
from frontdesk.utilities.rows import TariffRow, TariffStepInput

#: the highest price or add-on per unit accepted (1,000 yuan a kWh or m³ is a typing slip)
MAX_PRICE = Decimal(1000)
MAX_STEPS = 10


@dataclass(frozen=True)
class TariffInput:
    """A tariff to save: kind, first month, tier period and steps (lowest first)."""

    kind: MeterKind | str
    from_month: str
    period: TierPeriod | str
    steps: tuple[TariffStepInput, ...]


def _price(field: str, value: object) -> int:
    if not isinstance(value, Decimal | int) or isinstance(value, bool):
        raise ValidationError(field, _("Type the price in yuan, e.g. 0.68."))
    price = Decimal(value)
    try:
        if not price.is_finite() or price < 0 or price > MAX_PRICE:
            raise ValueError(str(price))
        return e4_of_price(price)
    except ValueError:
        raise ValidationError(
            field, _("A price is from 0 to {most} yuan, with at most four decimals.").format(most=MAX_PRICE)
        ) from None


def checked_tariff(
    tariff: TariffInput,
) -> tuple[MeterKind, str, TierPeriod, list[tuple[int | None, int, int]]]:
    """The tariff's kind, month, period and steps as stored (upper, price, add-on).

    Raises:
        ValidationError: ``kind``, ``from_month``, ``period``, ``steps`` or ``steps.N.field``.
    """
    kind = choice("kind", MeterKind, tariff.kind)
    month = month_of("from_month", tariff.from_month)
    period = choice("period", TierPeriod, tariff.period)
    if not 1 <= len(tariff.steps) <= MAX_STEPS:
        raise ValidationError("steps", _("A tariff has 1 to {n} steps.").format(n=MAX_STEPS))
    steps, lower = [], 0
    for index, step in enumerate(tariff.steps):
        last = index == len(tariff.steps) - 1
        if last and step.upper is not None:
            raise ValidationError(f"steps.{index}.upper", _("The last step has no upper bound."))
        if not last and (
            step.upper is None
            or isinstance(step.upper, bool)
            or not isinstance(step.upper, int)
            or step.upper <= lower
        ):
            raise ValidationError(
                f"steps.{index}.upper", _("Each step's upper bound is a whole number above the one before.")
            )
        steps.append(
            (
                step.upper,
                _price(f"steps.{index}.price", step.price),
                _price(f"steps.{index}.addon", step.addon),
            )
        )
        lower = step.upper or lower
    return kind, month, period, steps


def schedules() -> dict[str, list[Schedule]]:
    """Every tariff, by kind, latest first."""
    found: dict[tuple[str, str], tuple[str, list[Step]]] = {}
    query = TariffStep.select().order_by(TariffStep.kind, TariffStep.from_month, TariffStep.position)
    for s in query:
        period, steps = found.setdefault((s.kind, s.from_month), (s.period, []))
        steps.append(Step(s.upper, price_of_e4(s.price_e4), price_of_e4(s.addon_e4)))
    by_kind: dict[str, list[Schedule]] = {}
    for (kind, month), (period, steps) in sorted(found.items(), reverse=True):
        by_kind.setdefault(kind, []).append(Schedule(kind, month, TierPeriod(period), tuple(steps)))
    return by_kind


def in_force(by_kind: dict[str, list[Schedule]], kind: str, month: str) -> Schedule | None:
    """The kind's tariff in force in ``month`` (the latest starting by then), or None."""
    return next((s for s in by_kind.get(kind, []) if s.from_month <= month), None)


def _row(schedule: Schedule) -> TariffRow:
    steps = tuple(TariffStepInput(s.upper, s.price, s.addon) for s in schedule.steps)
    return TariffRow(MeterKind(schedule.kind), schedule.from_month, schedule.period, steps)


def write_tariff(
    actor: Actor,
    kind: MeterKind,
    month: str,
    period: TierPeriod,
    steps: Sequence[tuple[int | None, int, int]],
) -> None:
    """Replace the kind's steps from ``month`` (inside the caller's transaction, audited)."""
    closed = last_closed()
    if closed and month <= closed:
        raise UserError(
            _("The {kind} tariff from {month} cannot change: {closed} is closed.").format(
                kind=label(kind), month=month, closed=closed
            )
        )
    where = (TariffStep.kind == kind.value) & (TariffStep.from_month == month)
    before = [
        (s.upper, s.price_e4, s.addon_e4)
        for s in TariffStep.select().where(where).order_by(TariffStep.position)
    ]
    TariffStep.delete().where(
        where
    ).execute()  # a tariff's steps are its current version; the audit keeps the old
    for position, (upper, price, addon) in enumerate(steps):
        TariffStep.create(
            kind=kind.value,
            from_month=month,
            period=period.value,
            position=position,
            upper=upper,
            price_e4=price,
            addon_e4=addon,
            updated_by=actor.username,
        )
    audit.record(
        actor,
        "tariff",
        "tariff_step",
        f"{kind.value}:{month}",
        before={"steps": before},
        after={"period": period.value, "steps": list(steps)},
    )


class TariffService(UtilityBase):
    """The tariffs."""

    def tariffs(self, *, actor: Actor) -> list[TariffRow]:
        """Every tariff, by kind, the latest first.

        Raises:
            PermissionDenied: the actor may not do desk work.
        """
        actor.require(Permission.DESK_WORK)
        with storage_errors():
            return [_row(s) for found in schedules().values() for s in found]

    def save_tariff(self, *, actor: Actor, tariff: TariffInput) -> TariffRow:
        """Save a kind's tariff from a month on, replacing the one saved for that month.

        Prices are office settings: administrators only (checked against the staff table now).

        Raises:
            PermissionDenied: the actor may not change the office's settings.
            ValidationError: a field is wrong (see :func:`checked_tariff`).
            UserError: the month is closed.
        """
        confirm(actor, Permission.SETTINGS)
        kind, month, period, steps = checked_tariff(tariff)
        with transaction():
            write_tariff(actor, kind, month, period, steps)
            found = in_force(schedules(), kind.value, month)
            assert found is not None
            return _row(found)
