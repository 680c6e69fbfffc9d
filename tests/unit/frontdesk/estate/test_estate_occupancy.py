"""Tests for a unit's status following its people: occupied on moving in, vacant when the last one leaves."""

from __future__ import annotations

from frontdesk import audit
from frontdesk.auth import Actor
from frontdesk.estate.kinds import UnitStatus
from frontdesk.estate.service import EstateService
from tests.unit.frontdesk.estate.estate_data import Registry


def test_adding_a_resident_can_mark_a_vacant_unit_occupied(
    estate: EstateService, clerk: Actor, registry: Registry
) -> None:
    unit = registry.ua_1502  # vacant
    estate.add_resident(actor=clerk, unit_id=unit.id, kind="owner", name="周杰", occupy=True)
    assert estate.unit(actor=clerk, unit_id=unit.id).status is UnitStatus.OCCUPIED
    assert audit.history("unit", unit.id)[0].after == {"status": "occupied"}
    plain = registry.ua_1203
    estate.update_unit(actor=clerk, unit_id=plain.id, version=plain.version, status="under_decoration")
    estate.add_resident(actor=clerk, unit_id=plain.id, kind="tenant", name="林一", occupy=True)
    assert estate.unit(actor=clerk, unit_id=plain.id).status is UnitStatus.UNDER_DECORATION


def test_the_last_resident_moving_out_can_mark_the_unit_vacant(
    estate: EstateService, clerk: Actor, registry: Registry
) -> None:
    unit_id = registry.u3_1502.id  # occupied
    owner = estate.add_resident(actor=clerk, unit_id=unit_id, kind="owner", name="王芳").resident
    tenant = estate.add_resident(actor=clerk, unit_id=unit_id, kind="tenant", name="李四").resident
    estate.move_out(actor=clerk, resident_id=tenant.id, version=tenant.version, vacate=True)
    assert estate.unit(actor=clerk, unit_id=unit_id).status is UnitStatus.OCCUPIED, (
        "the owner still lives there"
    )
    estate.move_out(actor=clerk, resident_id=owner.id, version=owner.version, vacate=True)
    assert estate.unit(actor=clerk, unit_id=unit_id).status is UnitStatus.VACANT
    assert len(estate.residents(actor=clerk, unit_id=unit_id, include_former=True)) == 2
