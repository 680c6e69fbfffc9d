"""The whole registry as rows for an export, each export recorded in the audit trail.

Residents come masked as stored and shown (ID numbers masked, phones masked with
``identity.mask_phone``): the full numbers never leave the desk in a file.
"""

from __future__ import annotations

from frontdesk import audit
from frontdesk.auth import Actor, Permission
from frontdesk.db import transaction
from frontdesk.estate.models import Building, Resident, Unit
from frontdesk.estate.rows import ResidentRow, UnitRow


def export_residents(
    *, actor: Actor, destination: str = "", include_former: bool = False
) -> list[ResidentRow]:
    """Every resident, by unit code, with phone and ID masked; recorded as an export.

    Args:
        actor: who exports (needs personal-data export).
        destination: the file's name, for the audit trail.
        include_former: also residents who moved out.

    Raises:
        PermissionDenied: the actor may not export personal data.
    """
    actor.require(Permission.PERSONAL_EXPORT)
    with transaction():
        query = Resident.select(Resident, Unit).join(Unit)
        if not include_former:
            query = query.where(Resident.active)
        rows = [ResidentRow.of(r, r.unit.code) for r in query.order_by(Unit.code, Resident.kind, Resident.id)]
        audit.record(actor, "export", "resident", destination, after={"rows": len(rows)})
    return rows


def export_units(*, actor: Actor, destination: str = "") -> list[UnitRow]:
    """Every unit, by code; recorded as an export.

    Raises:
        PermissionDenied: the actor may not do desk work.
    """
    actor.require(Permission.DESK_WORK)
    with transaction():
        query = Unit.select(Unit, Building).join(Building).order_by(Unit.code)
        rows = [UnitRow.of(u, u.building) for u in query]
        audit.record(actor, "export", "unit", destination, after={"rows": len(rows)})
    return rows
