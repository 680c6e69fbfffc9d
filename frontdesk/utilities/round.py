"""The monthly round (抄表): a building's meters in walking order, each reading saved as it is typed.

A half-finished round is simply the month's readings saved so far: any desk opens the round again
and finds them. Each saved reading carries a version; a save based on a stale copy (another desk
typed the same meter meanwhile) is refused with "changed by X at T". A reading is judged when saved
(usage, rollover, flag); a flag stays until it is confirmed with a reason or the reading corrected.
Correcting a reading also carries the new value into the next month's reading, if already typed.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import peewee as pw

from frontdesk import audit
from frontdesk.auth import Actor, Permission
from frontdesk.base import update_versioned
from frontdesk.db import database_proxy, storage_errors, transaction
from frontdesk.errors import Conflict, NotFound, UserError, ValidationError
from frontdesk.estate.common import get_or_missing, required_text, tuples
from frontdesk.estate.models import Unit
from frontdesk.i18n import _
from frontdesk.utilities.common import (
    UtilityBase,
    get_meter,
    last_day,
    month_of,
    reading_value,
    require_open,
    shift,
)
from frontdesk.utilities.context import Context, flag_or_none
from frontdesk.utilities.kinds import MeterKind
from frontdesk.utilities.models import Meter, MeterReading
from frontdesk.utilities.rows import ReadingInput, RoundRow

_KIND_ORDER = {k.value: i for i, k in enumerate(MeterKind)}


def checked_entry(entry: ReadingInput, meter: Meter) -> ReadingInput:
    """The entry with its readings checked against the meter's dial.

    Raises:
        ValidationError: a reading the dial cannot show, or half a replacement.
    """
    current = reading_value("current", entry.current, meter.digits)
    if (entry.old_final is None) != (entry.new_initial is None):
        field = "old_final" if entry.old_final is not None else "new_initial"  # the half that was typed
        raise ValidationError(
            field, _("A replacement needs both the old meter's final and the new one's initial reading.")
        )
    if entry.old_final is None:
        return ReadingInput(entry.meter_id, current)
    return ReadingInput(
        entry.meter_id,
        current,
        reading_value("old_final", entry.old_final, meter.digits),
        reading_value("new_initial", entry.new_initial, meter.digits),
        entry.replaced_on,
    )


def _replaced_on(entry: ReadingInput, month: str, today: date) -> date | None:
    if entry.old_final is None:
        return None
    if entry.replaced_on is not None:
        return entry.replaced_on
    return min(today, last_day(month))


def walking_order(meters: Sequence[Meter]) -> list[Meter]:
    """Meters as the round walks: units by floor and number, each unit's kinds in order, public last."""
    unit_ids = [m.unit_id for m in meters if m.unit_id is not None]
    places: dict[int, tuple[int, str, str]] = {}
    for start in range(0, len(unit_ids), 500):
        query = Unit.select(Unit.id, Unit.floor, Unit.number, Unit.code).where(
            Unit.id.in_(unit_ids[start : start + 500])
        )
        for unit_id, floor, number, code in tuples(query):
            places[unit_id] = (floor if floor is not None else -(10**6), number.zfill(8), code)

    def key(m: Meter) -> tuple[object, ...]:
        if m.unit_id is None:
            return (1, (0, "", m.place), _KIND_ORDER.get(m.kind, 9), m.number)
        return (0, places.get(m.unit_id, (0, "", "")), _KIND_ORDER.get(m.kind, 9), m.number)

    return sorted(meters, key=key)


def building_meters(building_id: int) -> list[Meter]:
    """The active meters of a building's units and its public areas."""
    in_building = Unit.select(Unit.id).where(Unit.building == building_id)
    query = Meter.select().where(
        Meter.active & ((Meter.building == building_id) | Meter.unit.in_(in_building))
    )
    return list(query)


def round_row(meter: Meter, context: Context, reading: MeterReading | None, unit_code: str) -> RoundRow:
    """A line of the round."""
    low, high = context.expected(meter.id)
    if reading is None:
        previous = context.previous[meter.id]
        return RoundRow(
            meter.id,
            meter.number,
            MeterKind(meter.kind),
            meter.unit_id,
            unit_code,
            meter.place,
            meter.multiplier,
            previous,
            None,
            None,
            None,
            None,
            False,
            None,
            "",
            "",
            low,
            high,
            None,
            0,
        )
    return RoundRow(
        meter.id,
        meter.number,
        MeterKind(meter.kind),
        meter.unit_id,
        unit_code,
        meter.place,
        meter.multiplier,
        reading.previous,
        reading.current,
        reading.old_final,
        reading.new_initial,
        reading.usage,
        reading.rollover,
        flag_or_none(reading.flag),
        reading.confirmed_by,
        reading.confirm_reason,
        low,
        high,
        reading.id,
        reading.version,
    )


def _unit_codes(meters: Sequence[Meter]) -> dict[int, str]:
    ids = sorted({m.unit_id for m in meters if m.unit_id is not None})
    codes: dict[int, str] = {}
    for start in range(0, len(ids), 500):
        query = Unit.select(Unit.id, Unit.code).where(Unit.id.in_(ids[start : start + 500]))
        codes.update(dict(tuples(query)))
    return codes


def _readings(month: str, meter_ids: Sequence[int]) -> dict[int, MeterReading]:
    found: dict[int, MeterReading] = {}
    for start in range(0, len(meter_ids), 500):
        query = MeterReading.select().where(
            (MeterReading.month == month) & MeterReading.meter.in_(list(meter_ids[start : start + 500]))
        )
        found.update({r.meter_id: r for r in query})
    return found


class RoundService(UtilityBase):
    """The monthly round: the sheet of a building, saving readings, confirming flags."""

    def round_rows(self, *, actor: Actor, month: str, building_id: int) -> list[RoundRow]:
        """A building's meters in walking order with the month's readings typed so far.

        Raises:
            PermissionDenied: the actor may not do desk work.
            ValidationError: the month is not ``YYYY-MM``.
        """
        actor.require(Permission.DESK_WORK)
        month = month_of("month", month)
        with storage_errors():
            meters = walking_order(building_meters(building_id))
            context = Context.load(month, meters)
            readings = _readings(month, [m.id for m in meters])
            codes = _unit_codes(meters)
            return [round_row(m, context, readings.get(m.id), codes.get(m.unit_id or 0, "")) for m in meters]

    def record_reading(self, *, actor: Actor, month: str, entry: ReadingInput, version: int = 0) -> RoundRow:
        """Save a meter's reading for the month (a new one, or a correction of the saved one).

        Args:
            actor: who read it (needs desk work).
            month: the month, ``YYYY-MM``; closed months are locked.
            entry: the meter, its current reading and, when it was replaced this month, the old
                meter's final and the new one's initial reading (and the day).
            version: the round row's ``version`` (0 for a reading not saved yet).

        Returns:
            The round's row as saved, with its usage and flag.

        Raises:
            PermissionDenied: the actor may not do desk work.
            ValidationError: a reading the dial cannot show, half a replacement, a bad month.
            UserError: the month is closed, or the meter retired.
            Conflict: another desk saved this meter's reading since ``version``.
        """
        actor.require(Permission.DESK_WORK)
        month = month_of("month", month)
        with transaction():
            require_open(month)
            meter = get_meter(entry.meter_id)
            if not meter.active:
                raise UserError(_("Meter {number} is retired.").format(number=meter.number))
            checked = checked_entry(entry, meter)
            context = Context.load(month, [meter])
            values = context.judged(checked, _replaced_on(checked, month, self.today()))
            reading, saved = self._save(actor, month, meter, values, version)
            if saved:
                refresh_next(meter, month, actor)
                audit.record(
                    actor,
                    "read",
                    "meter_reading",
                    reading.id,
                    after={"meter": meter.number, "month": month, **values},
                )
            codes = _unit_codes([meter])
            return round_row(meter, context, reading, codes.get(meter.unit_id or 0, ""))

    def _save(
        self, actor: Actor, month: str, meter: Meter, values: dict[str, object], version: int
    ) -> tuple[MeterReading, bool]:
        """The reading saved, and whether anything was written."""
        existing = MeterReading.get_or_none((MeterReading.meter == meter.id) & (MeterReading.month == month))
        if existing is None:
            if version:
                raise NotFound(_("The reading no longer exists."))
            try:
                with database_proxy.atomic():
                    created = MeterReading.create(
                        meter=meter.id,
                        month=month,
                        read_by=actor.username,
                        updated_by=actor.username,
                        **values,
                    )
                    return created, True
            except pw.IntegrityError:
                raise Conflict(
                    _("Another desk has just saved this meter's reading; open the round again.")
                ) from None
        same = all(getattr(existing, k) == values[k] for k in ("current", "old_final", "new_initial"))
        if same and existing.read_by == actor.username and existing.version in (version, version + 1):
            return existing, False  # the same save again (a retry after a lost answer) records nothing
        changes = {**values, "read_by": actor.username}
        if not same:
            changes.update(confirmed_by="", confirmed_at=None, confirm_reason="")
        update_versioned(MeterReading, existing.id, version, changes, by=actor.username)
        return MeterReading.get_by_id(existing.id), True

    def confirm_flag(self, *, actor: Actor, reading_id: int, version: int, reason: str) -> RoundRow:
        """Confirm a flagged reading as right (the meter really shows it), saying why.

        A confirmed reading below the previous one bills no usage this month.

        Raises:
            PermissionDenied: the actor may not do desk work.
            ValidationError: no reason.
            UserError: the reading has no flag, or its month is closed.
            Conflict: the reading changed since ``version``.
        """
        actor.require(Permission.DESK_WORK)
        why = required_text("reason", reason, 200, _("Say why the reading is right."))
        with transaction():
            reading = get_or_missing(MeterReading, reading_id, _("The reading no longer exists."))
            require_open(reading.month)
            if not reading.flag:
                raise UserError(_("This reading has nothing to confirm."))
            changes = {"confirmed_by": actor.username, "confirmed_at": self.now(), "confirm_reason": why}
            update_versioned(MeterReading, reading.id, version, changes, by=actor.username)
            audit.record(
                actor, "confirm", "meter_reading", reading.id, after={"flag": reading.flag, "reason": why}
            )
            meter = get_meter(reading.meter_id)
            context = Context.load(reading.month, [meter])
            codes = _unit_codes([meter])
            return round_row(
                meter, context, MeterReading.get_by_id(reading.id), codes.get(meter.unit_id or 0, "")
            )


def refresh_next(meter: Meter, month: str, actor: Actor) -> None:
    """Carry a corrected reading into the meter's next reading, when one is typed already."""
    following = (
        MeterReading.select()
        .where((MeterReading.meter == meter.id) & (MeterReading.month > month))
        .order_by(MeterReading.month)
        .first()
    )
    if following is None or following.month > shift(month, 6):
        return
    context = Context.load(following.month, [meter])
    entry = ReadingInput(meter.id, following.current, following.old_final, following.new_initial)
    values = context.judged(entry, following.replaced_on)
    if values["previous"] == following.previous:
        return
    values.update(confirmed_by="", confirmed_at=None, confirm_reason="")
    update_versioned(MeterReading, following.id, following.version, values, by=actor.username)
