"""The demo's meters and readings: every unit read every month, the flags the core would raise, three open."""

from __future__ import annotations

from collections import Counter
from datetime import date

import pytest

from frontdesk.auth import Actor
from frontdesk.demo import load_demo
from frontdesk.errors import UserError
from frontdesk.estate import unit_balances
from frontdesk.estate.models import Building, Unit
from frontdesk.utilities.kinds import Flag
from frontdesk.utilities.models import Meter, MeterReading, TariffStep
from frontdesk.utilities.rows import ReadingInput
from frontdesk.utilities.service import UtilityService

TODAY = date(2026, 11, 23)


def test_demo_meters_and_readings(utilities: UtilityService, admin: Actor, clerk: Actor) -> None:
    load_demo(actor=admin, units=200, years=3, seed=5, today=TODAY)
    units, buildings = Unit.select().count(), Building.select().count()
    assert Meter.select().count() == 2 * units + buildings + 1
    assert MeterReading.select().count() == 36 * Meter.select().count()
    assert MeterReading.select().where(MeterReading.month == "2026-10").count() == Meter.select().count()
    assert {s.kind for s in TariffStep.select()} == {"water", "electricity"}
    assert MeterReading.select().where(MeterReading.rollover).count() > 0
    assert MeterReading.select().where(MeterReading.old_final.is_null(False)).count() > 0  # replacements
    # earlier flags were confirmed with a reason; last month's round leaves three to resolve
    flagged = MeterReading.select().where(MeterReading.flag != "")
    assert all(r.confirmed_by and r.confirm_reason for r in flagged.where(MeterReading.month < "2026-10"))
    open_flags = Counter(r.flag for r in flagged.where(MeterReading.confirmed_by == ""))
    assert open_flags == {Flag.HIGH.value: 1, Flag.ZERO.value: 1, Flag.BELOW.value: 1}
    table = utilities.month_table(actor=clerk, month="2026-10")
    assert table.unresolved == 3 and table.amount_fen > 0
    assert (
        sum(len(b.lines) for b in table.buildings) == 2 * units + units + units
    )  # own meters and two shares
    with pytest.raises(UserError, match="cannot close"):
        utilities.close_month(actor=admin, month="2026-10")
    for r in flagged.where(MeterReading.confirmed_by == ""):
        if r.flag == Flag.BELOW.value:
            utilities.record_reading(
                actor=clerk,
                month="2026-10",
                entry=ReadingInput(r.meter_id, r.previous + 9),
                version=r.version,
            )
        else:
            utilities.confirm_flag(actor=clerk, reading_id=r.id, version=r.version, reason="已上门核对")
    result = utilities.close_month(actor=admin, month="2026-10")
    assert (
        result.charges > units
        and result.total_fen == utilities.month_table(actor=clerk, month="2026-10").amount_fen
    )
    assert unit_balances.problems() == []
