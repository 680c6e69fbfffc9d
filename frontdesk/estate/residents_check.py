"""Checking a sheet's rows against the registry, read once into memory (see ``importing``).

A sheet of 50,000 rows is checked without a query per row: :class:`RegistryIndex` reads the
buildings, units and current residents' names once, and every row is resolved in dictionaries.
With ``create_units``, a unit missing from the registry is planned (with its area), and so is its
building when the registry has none with that code; nothing is written here.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from frontdesk import identity
from frontdesk.errors import ValidationError
from frontdesk.estate import unitcode
from frontdesk.estate.common import optional_text, required_text, tuples
from frontdesk.estate.kinds import ResidentKind
from frontdesk.estate.models import Building, Estate, Resident, Unit
from frontdesk.estate.privacy import (
    NO_ID,
    NO_PHONE,
    StoredId,
    StoredPhone,
    fingerprint_key,
    keep_id,
    store_phone,
)
from frontdesk.estate.residents_sheet import RowError, cell_text, header_key, parse_area, parse_day
from frontdesk.i18n import _

_OWNER_WORDS = frozenset(("业主", "業主", "产权人", "產權人", "房主", "owner"))
_TENANT_WORDS = frozenset(("租户", "租戶", "租客", "承租人", "tenant"))
_EXACT_INT_LIMIT = 2**53  # a number above this was a float in Excel: its last digits are gone
_BUILDING_NAME_LENGTH = 60


@dataclass(frozen=True)
class NewBuilding:
    """A building the import will add (with ``create_units``): first named on sheet row ``row``."""

    row: int
    estate_id: int
    code: str
    name: str


@dataclass(frozen=True)
class NewUnit:
    """A unit the import will add (with ``create_units``), in an existing or a new building."""

    row: int
    building_code: str
    building_id: int | None  # None: in a new building
    number: str
    code: str
    area_m2: Decimal


@dataclass(frozen=True)
class ResidentLine:
    """One checked row, ready to import: what the resident record will hold."""

    row: int
    unit_id: int | None
    new_unit: NewUnit | None
    kind: ResidentKind
    name: str
    phone: StoredPhone
    document: StoredId
    move_in: date | None
    remarks: str


class RegistryIndex:
    """The registry's estates, buildings and units, read once, for resolving thousands of rows."""

    def __init__(self) -> None:
        self.estates = [int(e) for (e,) in tuples(Estate.select(Estate.id))]
        self.buildings: dict[str, list[int]] = {}
        for building_id, code in tuples(Building.select(Building.id, Building.code)):
            self.buildings.setdefault(code, []).append(building_id)
        self.by_code: dict[tuple[str, str], list[int]] = {}
        self.by_number: dict[str, list[int]] = {}
        query = Unit.select(Unit.id, Building.code, Unit.number).join(Building)
        for unit_id, building, number in tuples(query):
            self.by_code.setdefault((building, number), []).append(unit_id)
            self.by_number.setdefault(number, []).append(unit_id)
        self._names: dict[int, set[str]] | None = None

    def units(self, code: unitcode.UnitCode) -> list[int]:
        """The units a parsed code names: one, or several when no building was typed."""
        if code.building is None:
            return self.by_number.get(code.number, [])
        return self.by_code.get((code.building, code.number), [])

    def current_names(self, unit_id: int) -> set[str]:
        """The names of the unit's current residents (all units' read at the first call)."""
        if self._names is None:
            self._names = {}
            query = Resident.select(Resident.unit, Resident.name).where(Resident.active)
            for resident_unit, name in tuples(query):
                self._names.setdefault(resident_unit, set()).add(name)
        return self._names.get(unit_id, set())


def _delete_row() -> str:
    return _("Delete the row, or correct the unit or name.")


class RowChecker:
    """Checks rows one by one, remembering units and names already seen (the arrears check too)."""

    def __init__(self, columns: dict[str, str], *, create_units: bool = False):
        self.columns, self.create_units = columns, create_units
        self.errors: list[RowError] = []
        self.seen: set[tuple[str, str]] = set()
        self.new_units: dict[str, NewUnit] = {}
        self.new_buildings: dict[str, NewBuilding] = {}
        self.registry = RegistryIndex()
        self._key: bytes | None = None

    def fail(self, row: int, fieldname: str, problem: str, fix: str) -> None:
        self.errors.append(RowError(row, self.columns.get(fieldname, ""), problem, fix))

    def check(self, number: int, values: Mapping[str, object]) -> ResidentLine | None:
        before = len(self.errors)
        name = self._name(number, values)
        kind = self._kind(number, values.get("kind"))
        phone = self._phone(number, values.get("phone"))
        document = self._id(number, values.get("id_number"))
        move_in = self._move_in(number, values.get("move_in"))
        remarks = self._remarks(number, values.get("remarks"))
        unit = self._unit(number, values)
        if len(self.errors) > before or unit is None or kind is None:
            return None
        unit_id, new_unit = unit
        key = (new_unit.code if new_unit else str(unit_id), name)
        if key in self.seen:
            self.fail(
                number, "name", _("{name} appears twice for this unit.").format(name=name), _delete_row()
            )
            return None
        self.seen.add(key)
        if unit_id is not None and name in self.registry.current_names(unit_id):
            problem = _("{name} is already a resident of this unit.").format(name=name)
            self.fail(number, "name", problem, _delete_row())
            return None
        return ResidentLine(number, unit_id, new_unit, kind, name, phone, document, move_in, remarks)

    def _name(self, number: int, values: Mapping[str, object]) -> str:
        try:
            return required_text("name", cell_text(values.get("name")), 80, _("The name is empty."))
        except ValidationError as exc:
            self.fail(number, "name", exc.message, _("Type the resident's name."))
            return ""

    def _kind(self, number: int, value: object) -> ResidentKind | None:
        text = header_key(cell_text(value))
        if not text or text in _OWNER_WORDS:
            return ResidentKind.OWNER
        if text in _TENANT_WORDS:
            return ResidentKind.TENANT
        self.fail(
            number,
            "kind",
            _("“{value}” is neither owner nor tenant.").format(value=cell_text(value)),
            _("Write 业主/業主/owner or 租户/租戶/tenant (empty means owner)."),
        )
        return None

    def _phone(self, number: int, value: object) -> StoredPhone:
        try:
            return store_phone(cell_text(value))
        except ValidationError as exc:
            self.fail(number, "phone", exc.message, _("Write the phone as digits, e.g. 138 1234 5678."))
            return NO_PHONE

    def _id(self, number: int, value: object) -> StoredId:
        text = cell_text(value)
        if not text:
            return NO_ID
        if isinstance(value, int | float) and abs(value) >= _EXACT_INT_LIMIT:
            self.fail(
                number,
                "id_number",
                _("The ID number was stored as a number and its last digits were lost."),
                _("Format the column as text and type the number again."),
            )
            return NO_ID
        found = identity.identify(text)
        kind, check = found if found is not None else (None, None)
        if kind is None or check is None or not check.valid:
            problem = (
                check.errors[0]
                if check is not None
                else _("“{value}” is not an ID number this desk knows.").format(value=text)
            )
            self.fail(number, "id_number", problem, _("Copy the number again from the document."))
            return NO_ID
        if self._key is None:
            self._key = fingerprint_key()
        return keep_id(kind, check.number, self._key, check.warnings)

    def _move_in(self, number: int, value: object) -> date | None:
        try:
            return parse_day(value)
        except ValueError:
            self.fail(
                number,
                "move_in",
                _("“{value}” is not a date.").format(value=cell_text(value)),
                _("Write the date like 2023-05-01 or 2023年5月1日."),
            )
            return None

    def _remarks(self, number: int, value: object) -> str:
        try:
            return optional_text("remarks", cell_text(value), 2000, multiline=True)
        except ValidationError as exc:
            self.fail(number, "remarks", exc.message, _("Shorten the remarks."))
            return ""

    def _area(self, number: int, value: object) -> tuple[bool, Decimal | None]:
        try:
            return True, parse_area(value)
        except ValueError as exc:
            self.fail(number, "area", str(exc), _("Write the area in square metres, e.g. 89.37."))
            return False, None

    def _unit(self, number: int, values: Mapping[str, object]) -> tuple[int | None, NewUnit | None] | None:
        area_ok, area = self._area(number, values.get("area"))
        parsed = self._unit_code(number, values)
        if parsed is None or not area_ok:
            return None
        found = self.registry.units(parsed)
        if len(found) == 1:
            return found[0], None
        if not found and self.create_units and parsed.building is not None:
            return self._new_unit(number, parsed, cell_text(values.get("building")), area)
        if found:
            problem = _("{code} is in several buildings: choose one.").format(code=parsed.text)
            fix = _("Write the building too, e.g. 3-1502.")
        else:
            problem = _("There is no unit {code}.").format(code=parsed.text)
            fix = _("Add the unit to the registry first, or correct the unit number.")
        self.fail(number, "unit", problem, fix)
        return None

    def _unit_code(self, number: int, values: Mapping[str, object]) -> unitcode.UnitCode | None:
        text = unicodedata.normalize("NFKC", cell_text(values.get("unit")))
        building_text = cell_text(values.get("building"))
        if not text:
            self.fail(number, "unit", _("The unit is empty."), _("Write the unit, e.g. 3-1502 or 3栋1502."))
            return None
        parsed = unitcode.parse_unit_code(text)
        if parsed is None:
            self.fail(
                number,
                "unit",
                _("“{value}” is not a unit number.").format(value=text),
                _("Write the unit, e.g. 3-1502 or 3栋1502."),
            )
            return None
        if parsed.building is None and building_text:
            code = unitcode.parse_building_code(building_text)
            if code is None:
                self.fail(
                    number,
                    "building",
                    _("“{value}” is not a building.").format(value=building_text),
                    _("Write the building as its unit codes start, e.g. 3 or 3栋."),
                )
                return None
            parsed = unitcode.UnitCode(code, parsed.number)
        return parsed

    def _new_unit(
        self, number: int, code: unitcode.UnitCode, building_text: str, area: Decimal | None
    ) -> tuple[int | None, NewUnit | None] | None:
        planned = self.new_units.get(code.text)
        if planned is not None:
            if area is not None and area != planned.area_m2:
                self.fail(
                    number,
                    "area",
                    _("Unit {code} has the area {area} m² on row {row}.").format(
                        code=code.text, area=planned.area_m2, row=planned.row
                    ),
                    _("Write the same area on every row of the unit."),
                )
                return None
            return None, planned
        building = code.building or ""
        if area is None:
            self.fail(
                number,
                "area",
                _("Unit {code} is new and needs its area.").format(code=code.text),
                _("Write the area in square metres, e.g. 89.37."),
            )
            return None
        ids = self.registry.buildings.get(building, [])
        if len(ids) > 1 or (not ids and len(self.registry.estates) != 1):
            self.fail(
                number,
                "unit",
                _("There is no unit {code} and no single building {building} to add it to.").format(
                    code=code.text, building=building
                ),
                _("Add the building to the registry first, or correct the unit number."),
            )
            return None
        if not ids and building not in self.new_buildings:
            name = " ".join(building_text.split())
            if unitcode.parse_building_code(name) != building or len(name) > _BUILDING_NAME_LENGTH:
                name = building
            self.new_buildings[building] = NewBuilding(number, self.registry.estates[0], building, name)
        unit = NewUnit(number, building, ids[0] if ids else None, code.number, code.text, area)
        self.new_units[code.text] = unit
        return None, unit
