"""Tests for generated buildings (the office without a sheet) and for ending an instruction on a day."""

from __future__ import annotations

import uuid
from datetime import timedelta
from decimal import Decimal

import pytest

from frontdesk import audit
from frontdesk.auth import Actor
from frontdesk.errors import Conflict, PermissionDenied, ValidationError
from frontdesk.estate.kinds import UnitStatus, UnitUse
from frontdesk.estate.layout import NumberPattern, UnitLayout, parse_buildings, preview, unit_numbers
from frontdesk.estate.models import Building, Unit
from frontdesk.estate.service import EstateService
from tests.unit.frontdesk.estate.estate_data import TODAY, Registry

TWO_BY_TWO = UnitLayout(first_floor=1, last_floor=2, per_floor=2)


# --- the pure generator ------------------------------------------------------------------------


def test_unit_numbers_follow_the_office_pattern() -> None:
    assert unit_numbers(UnitLayout(14, 15, 2)) == [(14, "1401"), (14, "1402"), (15, "1501"), (15, "1502")]
    letters = UnitLayout(3, 3, 3, NumberPattern.FLOOR_LETTER)
    assert unit_numbers(letters) == [(3, "3A"), (3, "3B"), (3, "3C")]


@pytest.mark.parametrize(
    ("layout", "field"),
    [
        (UnitLayout(0, 3, 2), "first_floor"),
        (UnitLayout(5, 4, 2), "last_floor"),
        (UnitLayout(1, 201, 2), "last_floor"),
        (UnitLayout(1, 3, 0), "per_floor"),
        (UnitLayout(1, 3, 27, NumberPattern.FLOOR_LETTER), "per_floor"),
    ],
)
def test_unit_numbers_refuse_impossible_layouts(layout: UnitLayout, field: str) -> None:
    with pytest.raises(ValidationError) as caught:
        unit_numbers(layout)
    assert caught.value.field == field


def test_buildings_are_read_as_lists_ranges_and_names() -> None:
    assert [code for _name, code in parse_buildings("1-3")] == ["1", "2", "3"]
    assert parse_buildings("3栋, a座")[0] == ("3栋", "3")
    assert [code for _name, code in parse_buildings("A，B、C")] == ["A", "B", "C"]
    assert parse_buildings("７")[0][1] == "7"  # full-width digits
    for bad in ("", "會所", "1, 1"):
        with pytest.raises(ValidationError) as caught:
            parse_buildings(bad)
        assert caught.value.field == "buildings"


def test_preview_lists_codes_in_natural_order() -> None:
    codes = preview(parse_buildings("2, 10"), UnitLayout(9, 10, 1))
    assert codes == ["2-901", "2-1001", "10-901", "10-1001"]


# --- saving ----------------------------------------------------------------------------------


def test_add_buildings_makes_every_unit_in_one_go(
    estate: EstateService, clerk: Actor, estate_id: int
) -> None:
    saved = estate.add_buildings(
        actor=clerk,
        estate_id=estate_id,
        buildings="5-6",
        layout=TWO_BY_TWO,
        area_m2="89.50",
        use="commercial",
    )
    assert [b.code for b in saved.buildings] == ["5", "6"] and saved.units == 8
    units = estate.units(actor=clerk, building_id=saved.buildings[0].id)
    assert [u.code for u in units] == ["5-101", "5-102", "5-201", "5-202"]
    assert {(u.area_m2, u.use, u.status, u.floor) for u in units[:1]} == {
        (Decimal("89.50"), UnitUse.COMMERCIAL, UnitStatus.VACANT, 1)
    }
    found = estate.resolve_unit(actor=clerk, text="6栋202").unit
    assert found is not None and found.code == "6-202"
    trail = audit.history("building", saved.buildings[1].id)
    assert trail[0].after["units"] == 4 and trail[0].after["last"] == "6-202"


def test_a_retried_request_creates_nothing_twice(estate: EstateService, admin: Actor, estate_id: int) -> None:
    client_id = uuid.uuid4()
    first = estate.add_buildings(
        actor=admin, estate_id=estate_id, buildings="7, 8", layout=TWO_BY_TWO, area_m2=90, client_id=client_id
    )
    again = estate.add_buildings(
        actor=admin, estate_id=estate_id, buildings="7, 8", layout=TWO_BY_TWO, area_m2=90, client_id=client_id
    )
    assert again == first
    assert Building.select().where(Building.code.in_(["7", "8"])).count() == 2
    assert Unit.select().count() == 8


def test_a_taken_building_code_saves_nothing(
    estate: EstateService, admin: Actor, estate_id: int, registry: Registry
) -> None:
    before = (Building.select().count(), Unit.select().count())
    with pytest.raises(ValidationError) as caught:
        estate.add_buildings(
            actor=admin, estate_id=estate_id, buildings="4, 3", layout=TWO_BY_TWO, area_m2=80
        )
    assert caught.value.field == "buildings" and "3" in caught.value.message
    assert (Building.select().count(), Unit.select().count()) == before
    with pytest.raises(ValidationError) as area:
        estate.add_buildings(
            actor=admin, estate_id=estate_id, buildings="4", layout=TWO_BY_TWO, area_m2="8.123"
        )
    assert area.value.field == "area_m2"


def test_generating_buildings_needs_registry_editing(
    estate: EstateService, engineer: Actor, estate_id: int
) -> None:
    with pytest.raises(PermissionDenied):
        estate.add_buildings(actor=engineer, estate_id=estate_id, buildings="1", layout=TWO_BY_TWO, area_m2=1)


# --- ending an instruction on a chosen day ---------------------------------------------------------


def test_an_instruction_ends_on_the_day_chosen_and_stays_in_history(
    estate: EstateService, clerk: Actor, registry: Registry
) -> None:
    unit_id = registry.u3_1502.id
    row = estate.add_instruction(actor=clerk, unit_id=unit_id, text="業主出國，放行前先致電")
    with pytest.raises(ValidationError) as past:
        estate.end_instruction(
            actor=clerk, instruction_id=row.id, version=row.version, last_day=TODAY - timedelta(days=2)
        )
    assert past.value.field == "last_day"
    ended = estate.end_instruction(
        actor=clerk, instruction_id=row.id, version=row.version, last_day=TODAY + timedelta(days=3)
    )
    assert ended.until == TODAY + timedelta(days=3) and ended.in_force(TODAY)
    with pytest.raises(Conflict, match="clerk1"):
        estate.end_instruction(actor=clerk, instruction_id=row.id, version=row.version)
    assert [i.id for i in estate.instructions(actor=clerk, unit_id=unit_id, include_ended=True)] == [row.id]
