"""The meter register: adding a unit's or a public area's meter, listing and retiring meters."""

from __future__ import annotations

import uuid
from collections.abc import Mapping

from frontdesk import audit
from frontdesk.auth import Actor, Permission
from frontdesk.base import find_submitted, update_versioned
from frontdesk.db import storage_errors, transaction
from frontdesk.errors import ValidationError
from frontdesk.estate.common import (
    choice,
    client_uuid,
    duplicate_as,
    get_or_missing,
    optional_text,
    required_text,
)
from frontdesk.estate.models import Building, Estate, Unit
from frontdesk.i18n import _
from frontdesk.utilities.common import (
    MAX_DIGITS,
    MAX_MULTIPLIER,
    UtilityBase,
    get_meter,
    meter_rows,
    reading_value,
    whole,
)
from frontdesk.utilities.kinds import MeterKind, ShareBasis
from frontdesk.utilities.models import Meter
from frontdesk.utilities.rows import MeterInput, MeterRow


def meter_values(meter: MeterInput, estates: Mapping[int, object] | None = None) -> dict[str, object]:
    """The checked columns of a new meter (no database access besides the estate of a public one).

    Raises:
        ValidationError: a field is wrong (``kind``, ``number``, ``digits``, ``multiplier``,
            ``initial_reading``, ``place``, ``share``, ``unit``).
    """
    kind = choice("kind", MeterKind, meter.kind)
    digits = whole("digits", meter.digits, low=1, high=MAX_DIGITS)
    values: dict[str, object] = {
        "kind": kind.value,
        "number": required_text("number", meter.number, 40, _("Type the meter's number.")),
        "digits": digits,
        "multiplier": whole("multiplier", meter.multiplier, low=1, high=MAX_MULTIPLIER),
        "initial_reading": reading_value("initial_reading", meter.initial_reading, digits),
        "installed_on": meter.installed_on,
        "share": choice("share", ShareBasis, meter.share).value if str(meter.share) else "",
        "place": optional_text("place", meter.place, 60),
        "unit": meter.unit_id,
        "building": meter.building_id,
    }
    if meter.unit_id is None and not values["place"]:
        raise ValidationError("place", _("Name the public area the meter serves, or choose a unit."))
    if meter.unit_id is not None and values["share"]:
        raise ValidationError("share", _("Only a public area's meter is shared among the units."))
    return values


def _estate_of(meter: MeterInput) -> int:
    if meter.unit_id is not None:
        unit = get_or_missing(Unit, meter.unit_id, _("The unit no longer exists."))
        return int(Building.get_by_id(unit.building_id).estate_id)
    if meter.building_id is not None:
        return int(get_or_missing(Building, meter.building_id, _("The building no longer exists.")).estate_id)
    if meter.estate_id is not None:
        return int(get_or_missing(Estate, meter.estate_id, _("The estate no longer exists.")).id)
    estates = [e.id for e in Estate.select(Estate.id)]
    if len(estates) != 1:
        raise ValidationError("estate", _("Choose the estate of the public meter."))
    return int(estates[0])


class MeterService(UtilityBase):
    """The meter register."""

    def meters(
        self,
        *,
        actor: Actor,
        unit_id: int | None = None,
        building_id: int | None = None,
        active_only: bool = True,
    ) -> list[MeterRow]:
        """The meters, of one unit or one building (its units' and its public ones), or all.

        Raises:
            PermissionDenied: the actor may not do desk work.
        """
        actor.require(Permission.DESK_WORK)
        with storage_errors():
            query = Meter.select().order_by(Meter.id)
            if active_only:
                query = query.where(Meter.active)
            if unit_id is not None:
                query = query.where(Meter.unit == unit_id)
            if building_id is not None:
                in_building = Unit.select(Unit.id).where(Unit.building == building_id)
                query = query.where((Meter.building == building_id) | Meter.unit.in_(in_building))
            return meter_rows(query)

    def add_meter(self, *, actor: Actor, meter: MeterInput, client_id: uuid.UUID | None = None) -> MeterRow:
        """Register a meter.

        Args:
            actor: who registers it (needs registry editing).
            meter: the meter; a public one names its place (and building, if not estate-wide).
            client_id: the form's submission id (a retry returns the meter already saved).

        Returns:
            The meter.

        Raises:
            PermissionDenied: the actor may not edit the registry.
            ValidationError: a field is wrong, or the number is another meter's.
            NotFound: the unit or building is gone.
        """
        actor.require(Permission.REGISTRY_EDIT)
        values = meter_values(meter)
        with transaction():
            existing = find_submitted(Meter, client_id)
            if existing is None:
                estate_id = _estate_of(meter)
                with duplicate_as("number", _("Another meter has this number.")):
                    existing = Meter.create(
                        estate=estate_id,
                        updated_by=actor.username,
                        client_id=client_uuid(client_id),
                        **values,
                    )
                audit.record(actor, "create", "meter", existing.id, after={"estate": estate_id, **values})
            return meter_rows([existing])[0]

    def retire_meter(self, *, actor: Actor, meter_id: int, version: int, reason: str) -> MeterRow:
        """Take a meter out of the round (removed, or its unit merged); its readings stay.

        Raises:
            PermissionDenied: the actor may not edit the registry.
            ValidationError: no reason.
            Conflict: another desk changed the meter since ``version``.
        """
        actor.require(Permission.REGISTRY_EDIT)
        why = required_text("reason", reason, 200, _("Say why the meter is retired."))
        with transaction():
            meter = get_meter(meter_id)
            update_versioned(Meter, meter.id, version, {"active": False}, by=actor.username)
            audit.record(
                actor,
                "retire",
                "meter",
                meter.id,
                before={"active": True},
                after={"active": False, "reason": why},
            )
            return meter_rows([get_meter(meter_id)])[0]
