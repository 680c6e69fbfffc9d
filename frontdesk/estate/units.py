"""Use cases for units: the flats, shops and parking spaces of a building."""

from __future__ import annotations

import uuid
from decimal import Decimal
from typing import Any

from frontdesk import audit
from frontdesk.auth import Actor, Permission
from frontdesk.base import find_submitted, update_versioned
from frontdesk.db import storage_errors, transaction
from frontdesk.errors import ValidationError
from frontdesk.estate import unitcode
from frontdesk.estate.common import (
    EstateBase,
    area_dm2,
    choice,
    client_uuid,
    duplicate_as,
    get_or_missing,
    optional_text,
)
from frontdesk.estate.kinds import UnitStatus, UnitUse
from frontdesk.estate.models import Building, Unit
from frontdesk.estate.rows import UnitRow
from frontdesk.i18n import _


def _unit_number(number: str) -> str:
    found = unitcode.normalize_number(number)
    if found is None:
        raise ValidationError("number", _("Type the unit number, e.g. 1502, 12F-03 or 2-1502."))
    return found


def _unit_audit(unit: Unit) -> dict[str, Any]:
    return {
        "code": unit.code,
        "floor": unit.floor,
        "area_m2": str(Decimal(unit.area_dm2) / 100),
        "use": unit.use,
        "status": unit.status,
        "remarks": unit.remarks,
    }


class UnitService(EstateBase):
    """The units of buildings: reading needs desk work, changing needs registry editing."""

    def units(self, *, actor: Actor, building_id: int) -> list[UnitRow]:
        """The building's units, by floor and number."""
        actor.require(Permission.DESK_WORK)
        with storage_errors():
            building = get_or_missing(Building, building_id, _("The building no longer exists."))
            query = Unit.select().where(Unit.building == building_id).order_by(Unit.floor, Unit.number)
            return [UnitRow.of(u, building) for u in query]

    def unit(self, *, actor: Actor, unit_id: int) -> UnitRow:
        """One unit.

        Raises:
            PermissionDenied: the actor may not do desk work.
            NotFound: no such unit.
        """
        actor.require(Permission.DESK_WORK)
        with storage_errors():
            return UnitRow.of(get_or_missing(Unit, unit_id, _("The unit no longer exists.")))

    def add_unit(
        self,
        *,
        actor: Actor,
        building_id: int,
        number: str,
        area_m2: Decimal | str | int,
        use: UnitUse | str = UnitUse.RESIDENTIAL,
        status: UnitStatus | str = UnitStatus.VACANT,
        floor: int | None = None,
        remarks: str = "",
        client_id: uuid.UUID | None = None,
    ) -> UnitRow:
        """Add a unit to a building.

        Args:
            actor: who adds it (needs registry editing).
            building_id: the building.
            number: as the office writes it (``1502``, ``12F-03``); kept in normal form.
            area_m2: the area in m², at most two decimals (sets the management fee).
            use: residential, commercial or parking.
            status: vacant, occupied or under decoration.
            floor: the floor; read from the number when omitted (``1502`` → 15).
            remarks: free text.
            client_id: the form's submission id (a retry returns the unit already saved).

        Returns:
            The unit.

        Raises:
            PermissionDenied: the actor may not edit the registry.
            NotFound: no such building.
            ValidationError: a field is wrong, or the building already has that number.
        """
        actor.require(Permission.REGISTRY_EDIT)
        clean = _unit_number(number)
        values = {
            "number": clean,
            "area_dm2": area_dm2(area_m2),
            "use": choice("use", UnitUse, use).value,
            "status": choice("status", UnitStatus, status).value,
            "floor": floor if floor is not None else unitcode.floor_of(clean),
            "remarks": optional_text("remarks", remarks, 2000, multiline=True),
        }
        with transaction():
            existing = find_submitted(Unit, client_id)
            if existing is not None:
                return UnitRow.of(existing)
            building = get_or_missing(Building, building_id, _("The building no longer exists."))
            code = unitcode.unit_code(building.code, clean)
            with duplicate_as("number", _("Unit {code} already exists.").format(code=code)):
                unit = Unit.create(
                    building=building,
                    code=code,
                    updated_by=actor.username,
                    client_id=client_uuid(client_id),
                    **values,
                )
            audit.record(actor, "create", "unit", unit.id, after=_unit_audit(unit))
        return UnitRow.of(unit, building)

    def update_unit(
        self,
        *,
        actor: Actor,
        unit_id: int,
        version: int,
        number: str | None = None,
        area_m2: Decimal | str | int | None = None,
        use: UnitUse | str | None = None,
        status: UnitStatus | str | None = None,
        floor: int | None = None,
        remarks: str | None = None,
    ) -> UnitRow:
        """Change a unit; fields left as None keep their value.

        Raises:
            PermissionDenied: the actor may not edit the registry.
            Conflict: someone saved the unit since ``version`` was read.
            NotFound: no such unit.
            ValidationError: a field is wrong, or the number is taken in the building.
        """
        actor.require(Permission.REGISTRY_EDIT)
        changes = _unit_changes(number, area_m2, use, status, floor, remarks)
        with transaction():
            unit = get_or_missing(Unit, unit_id, _("The unit no longer exists."))
            if "number" in changes:
                changes["code"] = unitcode.unit_code(unit.building.code, changes["number"])
            before = _unit_audit(unit)
            with duplicate_as("number", _("Unit {code} already exists.").format(code=changes.get("code"))):
                saved = update_versioned(Unit, unit_id, version, changes, by=actor.username)
            assert isinstance(saved, Unit)
            old, new = audit.changed(before, _unit_audit(saved))
            audit.record(actor, "update", "unit", unit_id, before=old, after=new)
        return UnitRow.of(saved)


def _unit_changes(
    number: str | None,
    area_m2: Decimal | str | int | None,
    use: UnitUse | str | None,
    status: UnitStatus | str | None,
    floor: int | None,
    remarks: str | None,
) -> dict[str, Any]:
    changes: dict[str, Any] = {}
    if number is not None:
        changes["number"] = _unit_number(number)
    if area_m2 is not None:
        changes["area_dm2"] = area_dm2(area_m2)
    if use is not None:
        changes["use"] = choice("use", UnitUse, use).value
    if status is not None:
        changes["status"] = choice("status", UnitStatus, status).value
    if floor is not None:
        changes["floor"] = floor
    if remarks is not None:
        changes["remarks"] = optional_text("remarks", remarks, 2000, multiline=True)
    return changes
