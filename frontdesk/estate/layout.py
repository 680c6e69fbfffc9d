"""Setting up buildings without a spreadsheet: the unit codes of a generated layout, made in one go.

An office that starts without a sheet describes its buildings ("1-6, 18 floors, 4 flats a floor,
89 m²") and gets every unit, coded the way it writes them: floor and a two-digit flat (``3-1502``)
or floor and a letter (``3-15A``). The pure functions preview the codes; :class:`LayoutService`
saves the buildings and their units in one transaction.
"""

from __future__ import annotations

import re
import unicodedata
import uuid
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from string import ascii_uppercase
from typing import Any

import peewee as pw

from frontdesk import audit
from frontdesk.auth import Actor, Permission
from frontdesk.base import find_submitted
from frontdesk.db import transaction
from frontdesk.errors import ValidationError
from frontdesk.estate import unitcode
from frontdesk.estate.common import (
    EstateBase,
    area_dm2,
    choice,
    client_uuid,
    duplicate_as,
    get_or_missing,
)
from frontdesk.estate.kinds import UnitStatus, UnitUse
from frontdesk.estate.models import Building, Estate, Unit
from frontdesk.estate.rows import BuildingRow
from frontdesk.i18n import _

MAX_FLOOR = 200
MAX_UNITS = 20_000  # one request: a very large estate is added a few buildings at a time
_RANGE_RE = re.compile(r"(\d{1,3})\s*(?:-|~|至|到)\s*(\d{1,3})")
_SPLIT_RE = re.compile(r"[,，、;；\s]+")


class NumberPattern(StrEnum):
    """How an office numbers the flats of a floor."""

    FLOOR_TWO_DIGITS = "floor_two_digits"  # 1502: floor 15, flat 02
    FLOOR_LETTER = "floor_letter"  # 15A: floor 15, flat A


@dataclass(frozen=True)
class UnitLayout:
    """Floors and flats of each generated building."""

    first_floor: int
    last_floor: int
    per_floor: int
    pattern: NumberPattern = NumberPattern.FLOOR_TWO_DIGITS


@dataclass(frozen=True)
class LayoutSaved:
    """What a generated layout created."""

    buildings: tuple[BuildingRow, ...]
    units: int


def default_name(code: str) -> str:
    """The name of a building known only by its code: ``3`` → ``3栋`` (``Building 3`` in English)."""
    return _("Building {code}").format(code=code)


def parse_buildings(text: str) -> list[tuple[str, str]]:
    """The buildings typed in one field, as (name, code): ``"1-3"``, ``"A, B"``, ``"3栋"``, ``"5号楼 6号楼"``.

    Raises:
        ValidationError: on ``buildings``, when a part is not a building or the list is empty.
    """
    found: list[tuple[str, str]] = []
    for part in _SPLIT_RE.split(unicodedata.normalize("NFKC", text).strip()):
        if not part:
            continue
        span = _RANGE_RE.fullmatch(part)
        if span is not None and int(span[1]) <= int(span[2]) and int(span[2]) - int(span[1]) < 100:
            found += [(default_name(str(n)), str(n)) for n in range(int(span[1]), int(span[2]) + 1)]
            continue
        code = unitcode.parse_building_code(part)
        if code is None:
            raise ValidationError(
                "buildings", _("“{part}” is not a building: type e.g. 3, 1-6 or A, B.").format(part=part)
            )
        found.append((default_name(code) if part.upper() == code else part, code))
    if not found:
        raise ValidationError("buildings", _("Type the buildings, e.g. 3, 1-6 or A, B."))
    codes = [code for _name, code in found]
    repeated = sorted({c for c in codes if codes.count(c) > 1}, key=unitcode.natural_key)
    if repeated:
        raise ValidationError("buildings", _("Building {code} is listed twice.").format(code=repeated[0]))
    return found


def unit_numbers(layout: UnitLayout) -> list[tuple[int, str]]:
    """Every (floor, unit number) of one building, floor by floor: ``(15, "1502")`` or ``(15, "15B")``.

    Raises:
        ValidationError: on ``first_floor``, ``last_floor`` or ``per_floor`` when out of range.
    """
    if not 1 <= layout.first_floor <= MAX_FLOOR:
        raise ValidationError("first_floor", _("The lowest floor is 1 to {n}.").format(n=MAX_FLOOR))
    if not layout.first_floor <= layout.last_floor <= MAX_FLOOR:
        raise ValidationError(
            "last_floor", _("The top floor is from the lowest floor to {n}.").format(n=MAX_FLOOR)
        )
    letters = layout.pattern is NumberPattern.FLOOR_LETTER
    most = len(ascii_uppercase) if letters else 99
    if not 1 <= layout.per_floor <= most:
        raise ValidationError("per_floor", _("A floor has 1 to {n} units.").format(n=most))
    flats = list(ascii_uppercase[: layout.per_floor]) if letters else [f"{n:02d}" for n in range(1, 100)]
    return [
        (floor, f"{floor}{flat}")
        for floor in range(layout.first_floor, layout.last_floor + 1)
        for flat in flats[: layout.per_floor]
    ]


def preview(buildings: list[tuple[str, str]], layout: UnitLayout) -> list[str]:
    """The unit codes a layout makes, in natural order (``1-101``, ``1-102`` … ``2-101``)."""
    numbers = unit_numbers(layout)
    codes = [unitcode.unit_code(code, number) for _name, code in buildings for _floor, number in numbers]
    if len(codes) > MAX_UNITS:
        raise ValidationError(
            "per_floor", _("At most {n} units at once: add the buildings in groups.").format(n=MAX_UNITS)
        )
    return sorted(codes, key=unitcode.natural_key)


class LayoutService(EstateBase):
    """Adds generated buildings with their units: needs registry editing."""

    def add_buildings(
        self,
        *,
        actor: Actor,
        estate_id: int,
        buildings: str,
        layout: UnitLayout,
        area_m2: Decimal | str | int,
        use: UnitUse | str = UnitUse.RESIDENTIAL,
        client_id: uuid.UUID | None = None,
    ) -> LayoutSaved:
        """Add buildings and all their units (vacant) in one transaction.

        Args:
            actor: who adds them (needs registry editing).
            estate_id: the estate.
            buildings: as typed, e.g. ``"3"``, ``"1-6"``, ``"A, B"``, ``"3栋"`` (see :func:`parse_buildings`).
            layout: floors and flats of each building.
            area_m2: every unit's area (edit single units afterwards).
            use: residential, commercial or parking.
            client_id: the form's submission id (a retry returns what was saved, creating nothing).

        Returns:
            The buildings and how many units were made.

        Raises:
            PermissionDenied: the actor may not edit the registry.
            NotFound: no such estate.
            ValidationError: a field is wrong, or a building code is used in the estate already.
        """
        actor.require(Permission.REGISTRY_EDIT)
        wanted = parse_buildings(buildings)
        codes = preview(wanted, layout)
        numbers = unit_numbers(layout)
        values = {
            "area_dm2": area_dm2(area_m2),
            "use": choice("use", UnitUse, use).value,
            "status": UnitStatus.VACANT.value,
        }
        with transaction():
            existing = find_submitted(Building, client_id)
            if existing is not None:
                return _already_saved(existing, len(wanted))
            get_or_missing(Estate, estate_id, _("The estate no longer exists."))
            taken = (
                Building.select(Building.code)
                .where((Building.estate == estate_id) & Building.code.in_([c for _n, c in wanted]))
                .first()
            )
            if taken is not None:
                raise ValidationError("buildings", _taken(taken.code))
            # the first building carries the form's id: a retry finds it and creates nothing
            ids = [client_uuid(client_id)] + [uuid.uuid4() for _extra in wanted[1:]]
            made = [
                self._add_one(actor, estate_id, name, code, numbers, values, ids[i])
                for i, (name, code) in enumerate(wanted)
            ]
        return LayoutSaved(tuple(made), len(codes))

    @staticmethod
    def _add_one(
        actor: Actor,
        estate_id: int,
        name: str,
        code: str,
        numbers: list[tuple[int, str]],
        values: dict[str, Any],
        client_id: uuid.UUID,
    ) -> BuildingRow:
        with duplicate_as("buildings", _taken(code)):  # another desk added it a moment ago
            building = Building.create(
                estate=estate_id, name=name, code=code, updated_by=actor.username, client_id=client_id
            )
        rows = [
            {
                "building": building.id,
                "code": unitcode.unit_code(code, number),
                "number": number,
                "floor": floor,
                "updated_by": actor.username,
                "client_id": uuid.uuid4(),
                **values,
            }
            for floor, number in numbers
        ]
        for batch in pw.chunked(rows, 200):
            Unit.insert_many(batch).execute()
        audit.record(
            actor,
            "create",
            "building",
            building.id,
            after={
                "estate_id": estate_id,
                "name": name,
                "code": code,
                "units": len(rows),
                "first": rows[0]["code"],
                "last": rows[-1]["code"],
                "area_m2": str(Decimal(values["area_dm2"]) / 100),
                "use": values["use"],
            },
        )
        return BuildingRow.of(building)


def _taken(code: str) -> str:
    return _("Building code {code} is already used in this estate.").format(code=code)


def _already_saved(first: Building, count: int) -> LayoutSaved:
    """A retried request: the buildings saved with it (the first holds the id; the rest follow it)."""
    query = (
        Building.select()
        .where((Building.estate == first.estate_id) & (Building.id >= first.id))
        .order_by(Building.id)
        .limit(count)
    )
    made = tuple(BuildingRow.of(b) for b in query)
    units = Unit.select().where(Unit.building.in_([b.id for b in made])).count()
    return LayoutSaved(made, units)
