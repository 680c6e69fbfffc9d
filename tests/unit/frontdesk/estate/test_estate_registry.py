"""Tests for the registry: estates, buildings, units, versions, permissions, audit, migration 2."""

from __future__ import annotations

import uuid
from decimal import Decimal

import peewee as pw
import pytest

from frontdesk import audit
from frontdesk.auth import Actor
from frontdesk.db import database_proxy, engine_name
from frontdesk.errors import Conflict, NotFound, PermissionDenied, ValidationError
from frontdesk.estate.kinds import UnitStatus, UnitUse
from frontdesk.estate.models import Charge, RegistrySecret, Unit
from frontdesk.estate.privacy import ID_HASH_KEY
from frontdesk.estate.service import EstateService
from frontdesk.migrations.m0002_registry import PREFIX_INDEXES
from frontdesk.office import Setting
from frontdesk.services import Services
from tests.unit.frontdesk.estate.estate_data import Registry


def _index_names(table: str) -> set[str]:
    return {index.name for index in database_proxy.get_indexes(table)}


# --- migration 2 -----------------------------------------------------------------------------


def test_services_carry_the_estate_service(bare_services: Services) -> None:
    assert isinstance(bare_services.estate, EstateService)


def test_migration_creates_the_prefix_indexes_on_each_engine(services: Services) -> None:
    for name, table, _column in PREFIX_INDEXES:
        assert name in _index_names(table)
    sql = {i.name: i.sql for i in database_proxy.get_indexes("resident")}["resident_name_prefix"]
    expected = "text_pattern_ops" if engine_name() == "postgresql" else "COLLATE NOCASE"
    assert expected in sql
    assert "charge_unit_period_kind" in _index_names("charge")


def test_migration_makes_a_fingerprint_key_outside_the_office_settings(services: Services) -> None:
    key = RegistrySecret.get(RegistrySecret.name == ID_HASH_KEY).value
    assert len(bytes.fromhex(key)) == 32
    assert not Setting.select().where(Setting.key.contains("hash")).exists()


def test_the_partial_unique_index_allows_one_live_periodic_charge(
    services: Services, registry: Registry
) -> None:
    row = {
        "unit": registry.u3_1502.id,
        "kind": "management",
        "period": "2026-03",
        "amount_fen": 1,
        "due_date": "2026-03-31",
        "updated_by": "t",
    }
    Charge.insert(client_id=uuid.uuid4(), **row).execute()
    with pytest.raises(pw.IntegrityError), database_proxy.atomic():
        Charge.insert(client_id=uuid.uuid4(), **row).execute()
    Charge.insert(client_id=uuid.uuid4(), **{**row, "kind": "other"}).execute()
    Charge.insert(client_id=uuid.uuid4(), **{**row, "kind": "other"}).execute()
    Charge.update(voided=True).where(Charge.kind == "management").execute()
    Charge.insert(client_id=uuid.uuid4(), **row).execute()
    assert Charge.select().count() == 4


# --- estates and buildings -------------------------------------------------------------------


def test_add_estate_and_list(estate: EstateService, admin: Actor) -> None:
    row = estate.add_estate(actor=admin, name=" 翠苑 ", code="CY")
    assert [e.name for e in estate.estates(actor=admin)] == sorted(["幸福里", "翠苑"])
    with pytest.raises(ValidationError) as caught:
        estate.add_estate(actor=admin, name="翠苑")
    assert caught.value.field == "name"
    assert [e.action for e in audit.history("estate", row.id)] == ["create"]


@pytest.mark.parametrize(
    ("name", "code", "expected"),
    [("3棟", None, "3"), ("A座", None, "A"), ("商場", "m", "M"), ("12号楼", "", "12")],
)
def test_building_code_comes_from_the_name_unless_given(
    estate: EstateService, admin: Actor, estate_id: int, name: str, code: str | None, expected: str
) -> None:
    assert estate.add_building(actor=admin, estate_id=estate_id, name=name, code=code).code == expected


def test_building_code_must_be_readable_and_unique(
    estate: EstateService, admin: Actor, estate_id: int
) -> None:
    with pytest.raises(ValidationError) as unreadable:
        estate.add_building(actor=admin, estate_id=estate_id, name="會所")
    assert unreadable.value.field == "code"
    estate.add_building(actor=admin, estate_id=estate_id, name="3棟")
    with pytest.raises(ValidationError) as taken:
        estate.add_building(actor=admin, estate_id=estate_id, name="3號樓")
    assert taken.value.field == "code" and "3" in taken.value.message
    with pytest.raises(NotFound):
        estate.add_building(actor=admin, estate_id=9999, name="5棟")


def test_changing_a_building_code_renames_its_units(
    estate: EstateService, admin: Actor, registry: Registry
) -> None:
    saved = estate.update_building(
        actor=admin, building_id=registry.b3.id, version=registry.b3.version, code="5"
    )
    assert saved.code == "5" and saved.version == registry.b3.version + 1
    assert [u.code for u in estate.units(actor=admin, building_id=registry.b3.id)] == ["5-1501", "5-1502"]
    assert audit.history("building", registry.b3.id)[0].after == {"code": "5"}
    with pytest.raises(Conflict):
        estate.update_building(actor=admin, building_id=registry.b3.id, version=registry.b3.version, name="x")
    with pytest.raises(ValidationError):
        estate.update_building(actor=admin, building_id=registry.b3.id, version=saved.version, code="A")


# --- units -------------------------------------------------------------------------------------


def test_add_unit_keeps_the_normal_form_and_an_exact_area(estate: EstateService, registry: Registry) -> None:
    unit = registry.ua_1203
    assert (unit.code, unit.number, unit.floor, unit.area_m2) == ("A-1203", "1203", 12, Decimal("1.05"))
    assert Unit.get_by_id(unit.id).area_dm2 == 105
    assert registry.u3_1502.area_m2 == Decimal("89.37")
    assert (registry.u3_1502.use, registry.u3_1502.status) == (UnitUse.RESIDENTIAL, UnitStatus.OCCUPIED)
    assert registry.u3_1502.building_name == "3棟"


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"number": "abc"}, "number"),
        ({"area_m2": "89.375"}, "area_m2"),
        ({"area_m2": "-1"}, "area_m2"),
        ({"area_m2": "大"}, "area_m2"),
        ({"area_m2": 89.37}, "area_m2"),
        ({"use": "farm"}, "use"),
        ({"status": "sold"}, "status"),
        ({"number": "1502"}, "number"),
    ],
)
def test_add_unit_refuses_bad_fields(
    estate: EstateService, admin: Actor, registry: Registry, changes: dict[str, str], field: str
) -> None:
    values = {"number": "901", "area_m2": "50", **changes}
    with pytest.raises(ValidationError) as caught:
        estate.add_unit(actor=admin, building_id=registry.b3.id, **values)  # type: ignore[arg-type]
    assert caught.value.field == field


def test_add_unit_is_idempotent_per_client_id(
    estate: EstateService, admin: Actor, registry: Registry
) -> None:
    client_id = uuid.uuid4()
    first = estate.add_unit(
        actor=admin, building_id=registry.b3.id, number="901", area_m2=50, client_id=client_id
    )
    again = estate.add_unit(
        actor=admin, building_id=registry.b3.id, number="901", area_m2=50, client_id=client_id
    )
    assert first == again
    assert Unit.select().where(Unit.number == "901").count() == 1


def test_unit_edit_on_a_stale_copy_is_refused(
    estate: EstateService, admin: Actor, clerk: Actor, registry: Registry
) -> None:
    unit = registry.u3_1502
    saved = estate.update_unit(
        actor=clerk, unit_id=unit.id, version=unit.version, status="under_decoration", area_m2="90.5"
    )
    assert (saved.status, saved.area_m2, saved.version) == (UnitStatus.UNDER_DECORATION, Decimal("90.5"), 2)
    with pytest.raises(Conflict) as caught:
        estate.update_unit(actor=admin, unit_id=unit.id, version=unit.version, remarks="漏水")
    assert "clerk1" in caught.value.message
    assert estate.unit(actor=admin, unit_id=unit.id).remarks == ""
    entry = audit.history("unit", unit.id)[0]
    assert (entry.actor, entry.before, entry.after) == (
        "clerk1",
        {"status": "occupied", "area_m2": "89.37"},
        {"status": "under_decoration", "area_m2": "90.5"},
    )


def test_renumbering_a_unit_changes_its_code(estate: EstateService, admin: Actor, registry: Registry) -> None:
    unit = registry.u3_1501
    saved = estate.update_unit(actor=admin, unit_id=unit.id, version=unit.version, number="15F-01")
    assert saved.code == "3-1501"
    saved = estate.update_unit(actor=admin, unit_id=unit.id, version=saved.version, number="1601")
    assert saved.code == "3-1601"
    with pytest.raises(ValidationError):
        estate.update_unit(actor=admin, unit_id=unit.id, version=saved.version, number="1502")
    with pytest.raises(NotFound):
        estate.update_unit(actor=admin, unit_id=99999, version=1, remarks="x")


# --- permissions ---------------------------------------------------------------------------------


def test_reading_needs_desk_work_and_editing_needs_registry_editing(
    estate: EstateService, engineer: Actor, guard: Actor, clerk: Actor, registry: Registry, estate_id: int
) -> None:
    for actor in (engineer, guard):
        with pytest.raises(PermissionDenied):
            estate.units(actor=actor, building_id=registry.b3.id)
        with pytest.raises(PermissionDenied):
            estate.add_building(actor=actor, estate_id=estate_id, name="9棟")
        with pytest.raises(PermissionDenied):
            estate.update_unit(actor=actor, unit_id=registry.u3_1502.id, version=1, remarks="x")
    assert estate.add_building(actor=clerk, estate_id=estate_id, name="9棟").code == "9"
    assert len(estate.buildings(actor=clerk, estate_id=estate_id)) == 3
