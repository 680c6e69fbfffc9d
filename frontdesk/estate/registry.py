"""Use cases for the physical registry: estates and buildings (units have their own module)."""

from __future__ import annotations

import uuid
from typing import Any

import peewee as pw

from frontdesk import audit
from frontdesk.auth import Actor, Permission
from frontdesk.base import find_submitted, update_versioned
from frontdesk.db import storage_errors, transaction
from frontdesk.errors import ValidationError
from frontdesk.estate import unitcode
from frontdesk.estate.common import (
    EstateBase,
    client_uuid,
    duplicate_as,
    get_or_missing,
    optional_text,
    required_text,
)
from frontdesk.estate.models import Building, Estate, Unit
from frontdesk.estate.rows import BuildingRow, EstateRow
from frontdesk.i18n import _


def _building_code(name: str, code: str | None) -> str:
    text = (code or "").strip()
    found = unitcode.parse_building_code(text) if text else unitcode.parse_building_code(name)
    if found is None:
        raise ValidationError(
            "code", _("Type the building's code as unit numbers start with it, e.g. 3 or A.")
        )
    return found


class RegistryService(EstateBase):
    """Estates and buildings: reading needs desk work, changing needs registry editing."""

    def estates(self, *, actor: Actor) -> list[EstateRow]:
        """Every estate of the office, by name."""
        actor.require(Permission.DESK_WORK)
        with storage_errors():
            return [EstateRow.of(e) for e in Estate.select().order_by(Estate.name)]

    def add_estate(
        self, *, actor: Actor, name: str, code: str = "", client_id: uuid.UUID | None = None
    ) -> EstateRow:
        """Add an estate the office manages.

        Raises:
            PermissionDenied: the actor may not edit the registry.
            ValidationError: the name is empty or taken.
        """
        actor.require(Permission.REGISTRY_EDIT)
        clean = required_text("name", name, 120, _("Enter the estate's name."))
        with transaction():
            existing = find_submitted(Estate, client_id)
            if existing is not None:
                return EstateRow.of(existing)
            with duplicate_as("name", _("An estate named {name} exists.").format(name=clean)):
                estate = Estate.create(
                    name=clean,
                    code=optional_text("code", code, 20),
                    updated_by=actor.username,
                    client_id=client_uuid(client_id),
                )
            audit.record(actor, "create", "estate", estate.id, after={"name": clean})
        return EstateRow.of(estate)

    def buildings(self, *, actor: Actor, estate_id: int) -> list[BuildingRow]:
        """The estate's buildings, by code."""
        actor.require(Permission.DESK_WORK)
        with storage_errors():
            query = Building.select().where(Building.estate == estate_id).order_by(Building.code)
            return [BuildingRow.of(b) for b in query]

    def add_building(
        self,
        *,
        actor: Actor,
        estate_id: int,
        name: str,
        code: str | None = None,
        client_id: uuid.UUID | None = None,
    ) -> BuildingRow:
        """Add a building to an estate.

        Args:
            actor: who adds it (needs registry editing).
            estate_id: the estate.
            name: as the office calls it, e.g. ``3棟`` or ``A座``.
            code: what unit codes start with; read from the name when omitted (``3棟`` → ``3``).
            client_id: the form's submission id (a retry returns the building already saved).

        Returns:
            The building.

        Raises:
            PermissionDenied: the actor may not edit the registry.
            NotFound: no such estate.
            ValidationError: the name or code is missing, unreadable or taken.
        """
        actor.require(Permission.REGISTRY_EDIT)
        clean = required_text("name", name, 60, _("Enter the building's name."))
        building_code = _building_code(clean, code)
        with transaction():
            existing = find_submitted(Building, client_id)
            if existing is not None:
                return BuildingRow.of(existing)
            get_or_missing(Estate, estate_id, _("The estate no longer exists."))
            taken = _("Building code {code} is already used in this estate.").format(code=building_code)
            with duplicate_as("code", taken):
                building = Building.create(
                    estate=estate_id,
                    name=clean,
                    code=building_code,
                    updated_by=actor.username,
                    client_id=client_uuid(client_id),
                )
            audit.record(
                actor,
                "create",
                "building",
                building.id,
                after={"estate_id": estate_id, "name": clean, "code": building_code},
            )
        return BuildingRow.of(building)

    def update_building(
        self,
        *,
        actor: Actor,
        building_id: int,
        version: int,
        name: str | None = None,
        code: str | None = None,
        active: bool | None = None,
    ) -> BuildingRow:
        """Rename a building, change its code (its units' codes follow) or retire it.

        Raises:
            PermissionDenied: the actor may not edit the registry.
            Conflict: someone saved the building since ``version`` was read.
            NotFound: no such building.
            ValidationError: a field is wrong or the code is taken.
        """
        actor.require(Permission.REGISTRY_EDIT)
        changes: dict[str, Any] = {}
        if name is not None:
            changes["name"] = required_text("name", name, 60, _("Enter the building's name."))
        if code is not None:
            changes["code"] = _building_code(changes.get("name", ""), code)
        if active is not None:
            changes["active"] = active
        with transaction():
            building = get_or_missing(Building, building_id, _("The building no longer exists."))
            before = {k: getattr(building, k) for k in changes}
            taken = _("Building code {code} is already used in this estate.").format(code=code)
            with duplicate_as("code", taken):
                saved = update_versioned(Building, building_id, version, changes, by=actor.username)
            if "code" in changes and changes["code"] != before["code"]:
                prefix = pw.Value(changes["code"] + "-")
                Unit.update(code=prefix.concat(Unit.number)).where(Unit.building == building_id).execute()
            old, new = audit.changed(before, changes)
            audit.record(actor, "update", "building", building_id, before=old, after=new)
        assert isinstance(saved, Building)
        return BuildingRow.of(saved)
