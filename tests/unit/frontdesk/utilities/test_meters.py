"""The meter register's checks, retiring a meter, permissions, a correction carried into the next month."""

from __future__ import annotations

from datetime import date

import pytest

from frontdesk import audit
from frontdesk.auth import Actor, Role
from frontdesk.errors import PermissionDenied, UserError, ValidationError
from frontdesk.services import Services
from frontdesk.utilities.models import Meter
from frontdesk.utilities.rows import MeterInput, ReadingInput
from frontdesk.utilities.service import UtilityService
from tests.conftest import make_actor
from tests.unit.frontdesk.utilities.conftest import Block

INSTALLED = date(2024, 1, 1)


@pytest.mark.parametrize(
    ("meter", "field"),
    [
        (MeterInput("steam", "X1", 5, INSTALLED, place="锅炉房"), "kind"),
        (MeterInput("water", " ", 5, INSTALLED, place="锅炉房"), "number"),
        (MeterInput("water", "X1", 0, INSTALLED, place="锅炉房"), "digits"),
        (MeterInput("water", "X1", 13, INSTALLED, place="锅炉房"), "digits"),
        (MeterInput("water", "X1", 5, INSTALLED, place="锅炉房", multiplier=0), "multiplier"),
        (MeterInput("water", "X1", 4, INSTALLED, place="锅炉房", initial_reading=10_000), "initial_reading"),
        (MeterInput("water", "X1", 5, INSTALLED), "place"),
        (MeterInput("water", "X1", 5, INSTALLED, place="锅炉\x07房"), "place"),
        (MeterInput("water", "X1", 5, INSTALLED, place="锅炉房", share="half"), "share"),
        (MeterInput("water", "W1501", 5, INSTALLED, place="锅炉房"), "number"),  # another meter's number
    ],
)
def test_a_bad_meter_is_refused_and_nothing_saved(
    utilities: UtilityService, admin: Actor, block: Block, meter: MeterInput, field: str
) -> None:
    before = Meter.select().count()
    with pytest.raises(ValidationError) as caught:
        utilities.add_meter(actor=admin, meter=meter)
    assert caught.value.field == field and caught.value.message
    assert Meter.select().count() == before


def test_a_unit_meter_is_not_shared(utilities: UtilityService, admin: Actor, block: Block) -> None:
    with pytest.raises(ValidationError) as caught:
        utilities.add_meter(actor=admin, meter=MeterInput("gas", "G1", 5, INSTALLED, block.big, share="area"))
    assert caught.value.field == "share"


def test_a_retired_meter_leaves_the_round(
    utilities: UtilityService, admin: Actor, clerk: Actor, block: Block
) -> None:
    [row] = [m for m in utilities.meters(actor=clerk, unit_id=block.vacant) if m.number == "W1601"]
    with pytest.raises(ValidationError):
        utilities.retire_meter(actor=admin, meter_id=row.id, version=row.version, reason="")
    utilities.retire_meter(actor=admin, meter_id=row.id, version=row.version, reason="房屋合并，表已拆除")
    numbers = [
        r.meter_number for r in utilities.round_rows(actor=clerk, month="2026-01", building_id=block.building)
    ]
    assert "W1601" not in numbers and "E1601" in numbers
    with pytest.raises(UserError, match="retired"):
        utilities.record_reading(actor=clerk, month="2026-01", entry=ReadingInput(row.id, 5))
    assert audit.history("meter", row.id)[0].after["reason"] == "房屋合并，表已拆除"


def test_who_may_do_what(services: Services, utilities: UtilityService, admin: Actor, block: Block) -> None:
    guard = make_actor(services, admin, Role.GUARD)
    with pytest.raises(PermissionDenied):
        utilities.record_reading(actor=guard, month="2026-01", entry=ReadingInput(block.meters["W1501"], 5))
    with pytest.raises(PermissionDenied):
        utilities.month_table(actor=guard, month="2026-01")
    engineer = make_actor(services, admin, Role.ENGINEER)
    with pytest.raises(PermissionDenied):
        utilities.close_month(actor=engineer, month="2026-01")


def test_a_corrected_reading_is_carried_into_the_next_month(
    utilities: UtilityService, clerk: Actor, block: Block, tariffs: None
) -> None:
    meter = block.meters["W1501"]
    january = utilities.record_reading(actor=clerk, month="2026-01", entry=ReadingInput(meter, 112))
    february = utilities.record_reading(actor=clerk, month="2026-02", entry=ReadingInput(meter, 120))
    assert (february.previous, february.usage) == (112, 8)
    utilities.record_reading(
        actor=clerk, month="2026-01", entry=ReadingInput(meter, 110), version=january.version
    )
    [row] = [
        r
        for r in utilities.round_rows(actor=clerk, month="2026-02", building_id=block.building)
        if r.meter_id == meter
    ]
    assert (row.previous, row.usage) == (110, 10)


def test_prices_are_set_by_administrators_only(
    services: Services, utilities: UtilityService, admin: Actor
) -> None:
    from decimal import Decimal

    from frontdesk.utilities.rows import TariffStepInput
    from frontdesk.utilities.tariffs import TariffInput

    tariff = TariffInput("water", "2026-04", "month", (TariffStepInput(None, Decimal("3.45")),))
    row = {"类别": "水", "起始月份": "2026-04", "单价": "3.45"}
    for role in (Role.CLERK, Role.SUPERVISOR):
        someone = make_actor(services, admin, role)
        assert utilities.tariffs(actor=someone) == []  # everyone at the desk reads them
        with pytest.raises(PermissionDenied):
            utilities.save_tariff(actor=someone, tariff=tariff)
        with pytest.raises(PermissionDenied):
            utilities.import_tariffs(actor=someone, rows=[row])
    assert utilities.save_tariff(actor=admin, tariff=tariff).steps[0].price == Decimal("3.45")
