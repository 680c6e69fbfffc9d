"""Use cases for the people of a unit: owners and tenants, their contacts and documents, moving out."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from frontdesk import audit
from frontdesk.auth import Actor, Permission
from frontdesk.base import find_submitted, update_versioned
from frontdesk.db import storage_errors, transaction
from frontdesk.errors import Conflict, ValidationError
from frontdesk.estate.common import (
    EstateBase,
    choice,
    client_uuid,
    get_or_missing,
    optional_text,
    required_text,
)
from frontdesk.estate.kinds import ResidentKind, UnitStatus
from frontdesk.estate.models import Resident, ResidentNameKey, Unit
from frontdesk.estate.privacy import StoredId, StoredPhone, store_id, store_phone
from frontdesk.estate.rows import ResidentDetail, ResidentRow, ResidentSaved
from frontdesk.i18n import _


def name_fragments(name: str) -> list[tuple[int, str]]:
    """Every suffix of a name not starting with a space, with its position: ``王秀英`` → 王秀英, 秀英, 英."""
    return [(i, name[i:]) for i in range(len(name)) if not name[i].isspace()]


def _write_name_keys(resident_id: int, name: str) -> None:
    ResidentNameKey.delete().where(ResidentNameKey.resident == resident_id).execute()
    rows = [{"resident": resident_id, "fragment": text, "position": i} for i, text in name_fragments(name)]
    ResidentNameKey.insert_many(rows).execute()


def _contact_values(phone: StoredPhone) -> dict[str, Any]:
    return {"phone": phone.phone, "phone_digits": phone.digits, "phone_suffix4": phone.suffix4}


def _id_values(document: StoredId) -> dict[str, Any]:
    return {
        "id_type": document.id_type,
        "id_number_masked": document.masked,
        "id_last4": document.last4,
        "id_hash": document.fingerprint,
    }


def _resident_audit(resident: Resident) -> dict[str, Any]:
    # the trail masks "phone" and "id_number" values again: the stored ID is masked already
    return {
        "unit_id": resident.unit_id,
        "kind": resident.kind,
        "name": resident.name,
        "phone": resident.phone,
        "id_type": resident.id_type,
        "id_number": resident.id_number_masked,
        "move_in": resident.move_in,
        "move_out": resident.move_out,
        "remarks": resident.remarks,
        "active": resident.active,
    }


def _name(value: str) -> str:
    return required_text("name", value, 80, _("Enter the resident's name."))


class ResidentService(EstateBase):
    """Owners and tenants of units: reading needs desk work, changing needs registry editing."""

    def residents(self, *, actor: Actor, unit_id: int, include_former: bool = False) -> list[ResidentRow]:
        """The unit's residents, owners first; former residents only when asked."""
        actor.require(Permission.DESK_WORK)
        with storage_errors():
            unit = get_or_missing(Unit, unit_id, _("The unit no longer exists."))
            query = Resident.select().where(Resident.unit == unit_id)
            if not include_former:
                query = query.where(Resident.active)
            query = query.order_by(Resident.active.desc(), Resident.kind, Resident.id)
            return [ResidentRow.of(r, unit.code) for r in query]

    def resident(self, *, actor: Actor, resident_id: int) -> ResidentDetail:
        """One resident with the full phone number (for the edit form and for phoning them).

        Raises:
            PermissionDenied: the actor may not do desk work.
            NotFound: no such resident.
        """
        actor.require(Permission.DESK_WORK)
        with storage_errors():
            resident = get_or_missing(Resident, resident_id, _("The resident no longer exists."))
            return ResidentDetail(ResidentRow.of(resident, resident.unit.code), resident.phone)

    def add_resident(
        self,
        *,
        actor: Actor,
        unit_id: int,
        kind: ResidentKind | str,
        name: str,
        phone: str = "",
        id_type: str | None = None,
        id_number: str | None = None,
        move_in: date | None = None,
        remarks: str = "",
        occupy: bool = False,
        client_id: uuid.UUID | None = None,
    ) -> ResidentSaved:
        """Add an owner or tenant to a unit; the ID number is validated, then kept masked only.

        Args:
            actor: who adds them (needs registry editing).
            unit_id: the unit.
            kind: owner or tenant.
            name: the resident's name.
            phone: as typed; normalised (full-width digits, country code) for searching.
            id_type: a ``DocumentType`` value, with ``id_number``.
            id_number: the number as typed; never stored in full.
            move_in: the day they moved in.
            remarks: free text.
            occupy: mark the unit occupied too, when it is vacant (in the same transaction).
            client_id: the form's submission id (a retry returns the resident already saved).

        Returns:
            The resident and the document's warnings (the clerk may keep a warned number).

        Raises:
            PermissionDenied: the actor may not edit the registry.
            NotFound: no such unit.
            ValidationError: a field is wrong (an ID rejected by its checks, a bad phone, …).
        """
        actor.require(Permission.REGISTRY_EDIT)
        values = {
            "kind": choice("kind", ResidentKind, kind).value,
            "name": _name(name),
            **_contact_values(store_phone(phone)),
            "move_in": move_in,
            "remarks": optional_text("remarks", remarks, 2000, multiline=True),
        }
        with transaction():
            document = store_id(id_type, id_number)
            existing = find_submitted(Resident, client_id)
            if existing is not None:
                return ResidentSaved(ResidentRow.of(existing, existing.unit.code))
            unit = get_or_missing(Unit, unit_id, _("The unit no longer exists."))
            resident = Resident.create(
                unit=unit,
                updated_by=actor.username,
                client_id=client_uuid(client_id),
                **values,
                **_id_values(document),
            )
            _write_name_keys(resident.id, resident.name)
            audit.record(actor, "create", "resident", resident.id, after=_resident_audit(resident))
            if occupy:
                _set_status(actor, unit, UnitStatus.VACANT, UnitStatus.OCCUPIED)
        return ResidentSaved(ResidentRow.of(resident, unit.code), document.warnings)

    def update_resident(
        self,
        *,
        actor: Actor,
        resident_id: int,
        version: int,
        kind: ResidentKind | str | None = None,
        name: str | None = None,
        phone: str | None = None,
        id_type: str | None = None,
        id_number: str | None = None,
        move_in: date | None = None,
        remarks: str | None = None,
    ) -> ResidentSaved:
        """Change a resident; fields left as None keep their value, ``id_number=""`` removes the ID.

        Raises:
            PermissionDenied: the actor may not edit the registry.
            Conflict: someone saved the resident since ``version`` was read.
            NotFound: no such resident.
            ValidationError: a field is wrong.
        """
        actor.require(Permission.REGISTRY_EDIT)
        if id_type is not None and id_number is None:
            raise ValidationError("id_number", _("Type the document number again to change its type."))
        changes = _resident_changes(kind, name, phone, move_in, remarks)
        with transaction():
            warnings: tuple[str, ...] = ()
            if id_number is not None:
                document = store_id(id_type, id_number)
                changes.update(_id_values(document))
                warnings = document.warnings
            resident = get_or_missing(Resident, resident_id, _("The resident no longer exists."))
            saved = self._save_resident(actor, resident, version, changes)
        return ResidentSaved(ResidentRow.of(saved, saved.unit.code), warnings)

    def move_out(
        self,
        *,
        actor: Actor,
        resident_id: int,
        version: int,
        on: date | None = None,
        vacate: bool = False,
    ) -> ResidentRow:
        """Record that a resident moved out on ``on`` (default today); they are kept, inactive.

        With ``vacate``, an occupied unit nobody lives in any more is marked vacant in the same
        transaction.

        Raises:
            PermissionDenied: the actor may not edit the registry.
            Conflict: they already moved out, or someone saved them since ``version`` was read.
            NotFound: no such resident.
            ValidationError: the day is before they moved in.
        """
        actor.require(Permission.REGISTRY_EDIT)
        day = on if on is not None else self.today()
        with transaction():
            resident = get_or_missing(Resident, resident_id, _("The resident no longer exists."))
            if not resident.active:
                raise Conflict(_("{name} has already moved out.").format(name=resident.name))
            if resident.move_in is not None and day < resident.move_in:
                raise ValidationError("move_out", _("The move-out day is before the move-in day."))
            saved = self._save_resident(actor, resident, version, {"move_out": day, "active": False})
            if (
                vacate
                and not Resident.select().where((Resident.unit == saved.unit_id) & Resident.active).exists()
            ):
                _set_status(actor, saved.unit, UnitStatus.OCCUPIED, UnitStatus.VACANT)
        return ResidentRow.of(saved, saved.unit.code)

    def _save_resident(
        self, actor: Actor, resident: Resident, version: int, changes: dict[str, Any]
    ) -> Resident:
        before = _resident_audit(resident)
        saved = update_versioned(Resident, resident.id, version, changes, by=actor.username)
        assert isinstance(saved, Resident)
        if saved.name != resident.name:
            _write_name_keys(saved.id, saved.name)
        old, new = audit.changed(before, _resident_audit(saved))
        audit.record(actor, "update", "resident", resident.id, before=old, after=new)
        return saved


def _set_status(actor: Actor, unit: Unit, was: UnitStatus, status: UnitStatus) -> None:
    """Move the unit from ``was`` to ``status`` (a unit under decoration, say, is left alone)."""
    if unit.status != was.value:
        return
    update_versioned(Unit, unit.id, unit.version, {"status": status.value}, by=actor.username)
    audit.record(
        actor, "update", "unit", unit.id, before={"status": was.value}, after={"status": status.value}
    )


def _resident_changes(
    kind: ResidentKind | str | None,
    name: str | None,
    phone: str | None,
    move_in: date | None,
    remarks: str | None,
) -> dict[str, Any]:
    changes: dict[str, Any] = {}
    if kind is not None:
        changes["kind"] = choice("kind", ResidentKind, kind).value
    if name is not None:
        changes["name"] = _name(name)
    if phone is not None:
        changes.update(_contact_values(store_phone(phone)))
    if move_in is not None:
        changes["move_in"] = move_in
    if remarks is not None:
        changes["remarks"] = optional_text("remarks", remarks, 2000, multiline=True)
    return changes
