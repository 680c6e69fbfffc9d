"""The round, the month's table and closing it, worked by hand on a small building (see ``conftest.Block``).

January 2026 (the year's first month):
- 3-1501: water 100 → 112 = 12 m³: 12 × 3.45 = 41.40 + sewage 12 × 0.95 = 11.40 → 52.80;
  electricity 0 → 2,150 kWh, all in the first annual tier: × 0.68 = 1,462.00.
- 3-1502: water 100 → 105 = 5 m³: 17.25 + 4.75 → 22.00; electricity 0 → 10 on a ×40 meter = 400 kWh
  × 0.68 = 272.00.
- 3-1601 (vacant): nothing used, nothing flagged.
- the public lighting meter P3: 30 kWh × 0.68 = 20.40, shared by area (100 : 50 : 50 m²):
  10.20, 5.10 and 5.10.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from frontdesk import audit
from frontdesk.auth import Actor
from frontdesk.errors import Conflict, UserError, ValidationError
from frontdesk.estate import unit_balances
from frontdesk.estate.models import Charge, UnitBalance
from frontdesk.utilities.kinds import Flag, MeterKind, MonthStatus
from frontdesk.utilities.rows import ReadingInput, RoundRow
from frontdesk.utilities.service import UtilityService
from tests.unit.frontdesk.utilities.conftest import Block

JANUARY = {"W1501": 112, "E1501": 2150, "W1502": 105, "E1502": 10, "W1601": 100, "E1601": 0, "P3": 30}


def _read(
    utilities: UtilityService, actor: Actor, block: Block, month: str, readings: dict[str, int]
) -> dict[str, RoundRow]:
    rows = {}
    for name, current in readings.items():
        rows[name] = utilities.record_reading(
            actor=actor, month=month, entry=ReadingInput(block.meters[name], current)
        )
    return rows


@pytest.fixture
def january(utilities: UtilityService, clerk: Actor, block: Block, tariffs: None) -> dict[str, RoundRow]:
    return _read(utilities, clerk, block, "2026-01", JANUARY)


def test_the_round_walks_the_building_and_resumes(
    utilities: UtilityService, clerk: Actor, block: Block, tariffs: None
) -> None:
    _read(utilities, clerk, block, "2026-01", {"W1501": 112, "E1501": 2150})
    rows = utilities.round_rows(actor=clerk, month="2026-01", building_id=block.building)
    assert [r.meter_number for r in rows] == ["W1501", "E1501", "W1502", "E1502", "W1601", "E1601", "P3"]
    assert [r.current for r in rows] == [112, 2150, None, None, None, None, None]  # what was typed so far
    assert [r.previous for r in rows] == [100, 0, 100, 0, 100, 0, 0]  # the meters' initial readings
    assert rows[0].usage == 12 and rows[0].version == 1 and rows[2].version == 0


def test_previous_is_carried_from_last_month_and_usage_multiplied(
    utilities: UtilityService, clerk: Actor, block: Block, january: dict[str, RoundRow]
) -> None:
    assert january["E1502"].usage == 400  # 10 on the dial × 40
    february = _read(utilities, clerk, block, "2026-02", {"E1502": 12, "W1501": 120})
    assert (february["E1502"].previous, february["E1502"].usage) == (10, 80)
    assert (february["W1501"].previous, february["W1501"].usage) == (112, 8)


def test_a_retried_save_records_once(utilities: UtilityService, clerk: Actor, block: Block) -> None:
    entry = ReadingInput(block.meters["W1501"], 112)
    first = utilities.record_reading(actor=clerk, month="2026-01", entry=entry)
    again = utilities.record_reading(actor=clerk, month="2026-01", entry=entry)  # the answer was lost
    assert again == first and again.version == 1
    assert len([e for e in audit.recent() if e.entity == "meter_reading"]) == 1


def test_a_stale_save_is_refused(
    utilities: UtilityService, clerk: Actor, block: Block, tariffs: None
) -> None:
    first = _read(utilities, clerk, block, "2026-01", {"W1501": 112})["W1501"]
    utilities.record_reading(
        actor=clerk, month="2026-01", entry=ReadingInput(block.meters["W1501"], 113), version=first.version
    )
    with pytest.raises(Conflict, match="Changed by"):
        utilities.record_reading(
            actor=clerk,
            month="2026-01",
            entry=ReadingInput(block.meters["W1501"], 114),
            version=first.version,
        )
    with pytest.raises(Conflict):  # another desk saved the meter's first reading meanwhile
        utilities.record_reading(
            actor=clerk, month="2026-01", entry=ReadingInput(block.meters["W1501"], 115), version=0
        )


def test_bad_readings_are_refused_and_nothing_saved(
    utilities: UtilityService, clerk: Actor, block: Block
) -> None:
    with pytest.raises(ValidationError) as caught:
        utilities.record_reading(
            actor=clerk, month="2026-01", entry=ReadingInput(block.meters["W1501"], 100_000)
        )
    assert caught.value.field == "current"  # a 5-digit dial shows at most 99,999
    with pytest.raises(ValidationError) as caught:
        utilities.record_reading(
            actor=clerk, month="2026-01", entry=ReadingInput(block.meters["W1501"], 5, old_final=120)
        )
    assert caught.value.field == "old_final"  # the half typed
    with pytest.raises(ValidationError):
        utilities.record_reading(actor=clerk, month="2026-13", entry=ReadingInput(block.meters["W1501"], 5))
    assert all(
        r.current is None
        for r in utilities.round_rows(actor=clerk, month="2026-01", building_id=block.building)
    )


def test_the_month_table_by_hand(
    utilities: UtilityService, clerk: Actor, block: Block, january: dict[str, RoundRow]
) -> None:
    table = utilities.month_table(actor=clerk, month="2026-01")
    assert table.unresolved == 0 and table.status is MonthStatus.OPEN
    (building,) = table.buildings
    lines = [
        (x.unit_code, x.kind.value, x.meter_number, x.shared, x.usage, x.amount_fen) for x in building.lines
    ]
    assert lines == [
        ("3-1501", "water", "W1501", False, 12, 5280),
        ("3-1501", "electricity", "E1501", False, 2150, 146200),
        ("3-1501", "electricity", "P3", True, Decimal("15.00"), 1020),
        ("3-1502", "water", "W1502", False, 5, 2200),
        ("3-1502", "electricity", "E1502", False, 400, 27200),
        ("3-1502", "electricity", "P3", True, Decimal("7.50"), 510),
        ("3-1601", "water", "W1601", False, 0, 0),
        ("3-1601", "electricity", "E1601", False, 0, 0),
        ("3-1601", "electricity", "P3", True, Decimal("7.50"), 510),
    ]
    assert building.lines[0].resident == "李秀英" and building.lines[3].resident == "陈晓"  # the tenant
    assert [(x.meter_number, x.usage, x.amount_fen) for x in building.public] == [("P3", 30, 2040)]
    totals = {t.kind: (t.usage, t.amount_fen) for t in building.totals}
    assert totals == {MeterKind.WATER: (17, 7480), MeterKind.ELECTRICITY: (2550, 175440)}
    assert building.amount_fen == table.amount_fen == 182920
    # the same building alone gives the same figures
    assert utilities.month_table(actor=clerk, month="2026-01", building_id=block.building).buildings == (
        building,
    )


def test_an_annual_tier_crossed_in_february(
    utilities: UtilityService, clerk: Actor, block: Block, january: dict[str, RoundRow]
) -> None:
    _read(utilities, clerk, block, "2026-02", {"E1501": 2170})
    line = next(
        x
        for x in utilities.month_table(actor=clerk, month="2026-02").buildings[0].lines
        if x.meter_number == "E1501"
    )
    # 2,150 kWh used in January; 20 more: 10 to the bound of 2,160 at 0.68, 10 at 0.73
    assert [(p.step, p.quantity, p.amount_fen) for p in line.lines] == [(1, 10, 680), (2, 10, 730)]
    assert line.amount_fen == 1410


def test_rollover_and_replacement_in_the_round(
    utilities: UtilityService, clerk: Actor, block: Block, january: dict[str, RoundRow]
) -> None:
    replaced = utilities.record_reading(
        actor=clerk,
        month="2026-02",
        entry=ReadingInput(block.meters["W1502"], 4, old_final=108, new_initial=0),
    )
    assert (replaced.usage, replaced.flag) == (7, None)  # 105 → 108 on the old meter, 0 → 4 on the new
    march = utilities.record_reading(
        actor=clerk, month="2026-03", entry=ReadingInput(block.meters["W1502"], 9)
    )
    assert (march.previous, march.usage) == (4, 5)  # the new meter's reading carries on


def test_flags_must_be_confirmed_or_corrected_before_closing(
    utilities: UtilityService, clerk: Actor, admin: Actor, block: Block, january: dict[str, RoundRow]
) -> None:
    utilities.close_month(actor=admin, month="2026-01")
    february = _read(
        utilities, clerk, block, "2026-02", {**JANUARY, "W1501": 110, "W1502": 105, "E1501": 2170, "P3": 60}
    )
    assert february["W1501"].flag is Flag.BELOW and february["W1501"].usage is None
    assert february["W1502"].flag is Flag.ZERO  # an occupied unit used nothing
    table = utilities.month_table(actor=clerk, month="2026-02")
    assert table.unresolved == 3  # and 3-1502's electricity, also unchanged on an occupied unit
    with pytest.raises(UserError, match="cannot close"):
        utilities.close_month(actor=admin, month="2026-02")
    corrected = utilities.record_reading(
        actor=clerk,
        month="2026-02",
        entry=ReadingInput(block.meters["W1501"], 115),
        version=february["W1501"].version,
    )
    assert (corrected.flag, corrected.usage) == (None, 3)
    for name in ("W1502", "E1502"):
        row = february[name]
        assert row.reading_id is not None
        with pytest.raises(ValidationError):
            utilities.confirm_flag(actor=clerk, reading_id=row.reading_id, version=row.version, reason=" ")
        confirmed = utilities.confirm_flag(
            actor=clerk, reading_id=row.reading_id, version=row.version, reason="住户出差，表已核对"
        )
        assert (
            confirmed.flag is Flag.ZERO
            and confirmed.confirmed_by == clerk.username
            and not confirmed.needs_attention
        )
    result = utilities.close_month(actor=admin, month="2026-02")
    assert result.charges == 4  # 1501 water and electricity, 1502's and 1601's shares of P3


def test_closing_posts_charges_keeps_balances_and_locks_the_month(
    utilities: UtilityService, clerk: Actor, admin: Actor, block: Block, january: dict[str, RoundRow]
) -> None:
    result = utilities.close_month(actor=admin, month="2026-01")
    assert (result.charges, result.total_fen, result.already_charged) == (5, 182920, 0)
    posted = {(c.unit_id, c.kind): c.amount_fen for c in Charge.select().where(Charge.period == "2026-01")}
    assert posted == {
        (block.big, "water"): 5280,
        (block.big, "electricity"): 147220,
        (block.small, "water"): 2200,
        (block.small, "electricity"): 27710,
        (block.vacant, "electricity"): 510,
    }
    texts = {(c.unit_id, c.kind): c.description for c in Charge.select().where(Charge.period == "2026-01")}
    assert texts == {  # the account names the kind beside the text: it says how much, and the share
        (block.big, "water"): "2026-01: 12 m³",
        (block.big, "electricity"): "2026-01: 2150 kWh, public share 15.00 kWh",
        (block.small, "water"): "2026-01: 5 m³",
        (block.small, "electricity"): "2026-01: 400 kWh, public share 7.50 kWh",
        (block.vacant, "electricity"): "2026-01: 0 kWh, public share 7.50 kWh",
    }
    assert UnitBalance.get_by_id(block.big).charged_fen == 152500
    assert unit_balances.problems() == []
    assert utilities.month(actor=clerk, month="2026-01").status is MonthStatus.CLOSED
    assert utilities.month_table(actor=clerk, month="2026-01").status is MonthStatus.CLOSED
    with pytest.raises(UserError, match="closed"):
        utilities.record_reading(
            actor=clerk, month="2026-01", entry=ReadingInput(block.meters["W1501"], 113), version=1
        )
    with pytest.raises(UserError, match="closed already"):
        utilities.close_month(actor=admin, month="2026-01")
    assert audit.history("utility_month", "2026-01")[0].action == "close"


def test_an_adjustment_after_closing(
    utilities: UtilityService, clerk: Actor, admin: Actor, block: Block, january: dict[str, RoundRow]
) -> None:
    with pytest.raises(UserError, match="not closed"):
        utilities.adjust(
            actor=admin, month="2026-01", unit_id=block.big, kind="water", amount_fen=-1035, reason="x"
        )
    utilities.close_month(actor=admin, month="2026-01")
    # the reading should have been 109, not 112: 3 m³ × (3.45 + 0.95) = 13.20 back
    row = utilities.adjust(
        actor=admin,
        month="2026-01",
        unit_id=block.big,
        kind="water",
        amount_fen=-1320,
        reason="读数抄错，应为109",
    )
    charge = Charge.get_by_id(row.charge_id)
    assert (charge.kind, charge.period, charge.amount_fen) == ("other", "2026-01", -1320)
    assert "读数抄错" in charge.description
    assert UnitBalance.get_by_id(block.big).charged_fen == 152500 - 1320
    assert unit_balances.problems() == []
    assert [a.amount_fen for a in utilities.adjustments(actor=clerk, month="2026-01")] == [-1320]
    assert audit.history("utility_adjustment", row.id)[0].after["reason"] == "读数抄错，应为109"
    with pytest.raises(ValidationError):
        utilities.adjust(
            actor=admin, month="2026-01", unit_id=block.big, kind="water", amount_fen=0, reason="x"
        )


def test_a_tariff_of_a_closed_month_cannot_change(
    utilities: UtilityService, admin: Actor, block: Block, january: dict[str, RoundRow]
) -> None:
    from frontdesk.utilities.rows import TariffStepInput
    from frontdesk.utilities.tariffs import TariffInput

    utilities.close_month(actor=admin, month="2026-01")
    with pytest.raises(UserError, match="cannot change"):
        utilities.save_tariff(
            actor=admin,
            tariff=TariffInput("water", "2026-01", "month", (TariffStepInput(None, Decimal("4")),)),
        )
    with pytest.raises(ValidationError) as caught:
        utilities.save_tariff(
            actor=admin,
            tariff=TariffInput(
                "water", "2026-03", "month", (TariffStepInput(10, Decimal(3)), TariffStepInput(5, Decimal(4)))
            ),
        )
    assert caught.value.field == "steps.1.upper"


def test_a_meter_is_named_as_a_meter_and_its_charge_as_a_charge() -> None:
    """The register and the round say 水表; the table, the notices and the charge say 水费."""
    from frontdesk import i18n
    from frontdesk.utilities.kinds import MeterKind, label, meter_label

    try:
        i18n.set_language("zh_CN")
        assert (meter_label(MeterKind.WATER), label(MeterKind.WATER)) == ("水表", "水费")
        assert (meter_label(MeterKind.ELECTRICITY), label(MeterKind.ELECTRICITY)) == ("电表", "电费")
        i18n.set_language("zh_TW")
        assert meter_label(MeterKind.GAS) == "燃氣錶"
    finally:
        i18n.set_language("en")
    assert meter_label(MeterKind.WATER) == label(MeterKind.WATER) == "Water"
