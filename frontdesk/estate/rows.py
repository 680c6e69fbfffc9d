"""Rows of the estate registry as the interfaces receive them: frozen, never live peewee objects."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from frontdesk.estate.kinds import ResidentKind, UnitStatus, UnitUse
from frontdesk.estate.models import Building, Estate, Resident, StandingInstruction, Unit
from frontdesk.identity import mask_phone

DM2_PER_M2 = 100


def area_m2(area_dm2: int) -> Decimal:
    """An area kept in 0.01 m² as square metres: ``8937`` → ``Decimal("89.37")``."""
    return Decimal(area_dm2) / DM2_PER_M2


@dataclass(frozen=True)
class EstateRow:
    """An estate in lists and pickers."""

    id: int
    name: str
    code: str
    active: bool
    version: int

    @classmethod
    def of(cls, estate: Estate) -> EstateRow:
        """The row for a model instance."""
        return cls(estate.id, estate.name, estate.code, estate.active, estate.version)


@dataclass(frozen=True)
class BuildingRow:
    """A building in lists and pickers."""

    id: int
    estate_id: int
    name: str
    code: str
    active: bool
    version: int

    @classmethod
    def of(cls, building: Building) -> BuildingRow:
        """The row for a model instance."""
        return cls(
            building.id, building.estate_id, building.name, building.code, building.active, building.version
        )


@dataclass(frozen=True)
class UnitRow:
    """A unit with its building, as lists, pickers and the unit panel show it."""

    id: int
    building_id: int
    building_name: str
    code: str
    number: str
    floor: int | None
    area_m2: Decimal
    use: UnitUse
    status: UnitStatus
    remarks: str
    version: int

    @classmethod
    def of(cls, unit: Unit, building: Building | None = None) -> UnitRow:
        """The row for a unit (pass its building when already fetched, to save a query)."""
        owner = building if building is not None else unit.building
        return cls(
            unit.id,
            unit.building_id,
            owner.name,
            unit.code,
            unit.number,
            unit.floor,
            area_m2(unit.area_dm2),
            UnitUse(unit.use),
            UnitStatus(unit.status),
            unit.remarks,
            unit.version,
        )


@dataclass(frozen=True)
class ResidentRow:
    """A resident as lists and the unit panel show them: phone and ID number masked."""

    id: int
    unit_id: int
    unit_code: str
    kind: ResidentKind
    name: str
    phone_masked: str
    id_type: str
    id_number_masked: str
    move_in: date | None
    move_out: date | None
    remarks: str
    active: bool
    version: int

    @classmethod
    def of(cls, resident: Resident, unit_code: str) -> ResidentRow:
        """The row for a model instance living in the unit ``unit_code``."""
        return cls(
            resident.id,
            resident.unit_id,
            unit_code,
            ResidentKind(resident.kind),
            resident.name,
            mask_phone(resident.phone) if resident.phone else "",
            resident.id_type,
            resident.id_number_masked,
            resident.move_in,
            resident.move_out,
            resident.remarks,
            resident.active,
            resident.version,
        )


@dataclass(frozen=True)
class ResidentDetail:
    """A resident for the edit form and for phoning them: the row plus the full phone number."""

    row: ResidentRow
    phone: str


@dataclass(frozen=True)
class ResidentSaved:
    """A resident just saved, with the identity document's warnings (e.g. an unknown region)."""

    resident: ResidentRow
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True)
class InstructionRow:
    """A standing instruction about a unit."""

    id: int
    unit_id: int
    text: str
    until: date | None
    created_by: str
    created_at: datetime
    version: int

    @classmethod
    def of(cls, instruction: StandingInstruction) -> InstructionRow:
        """The row for a model instance."""
        return cls(
            instruction.id,
            instruction.unit_id,
            instruction.text,
            instruction.until,
            instruction.created_by,
            instruction.created_at,
            instruction.version,
        )

    def in_force(self, day: date) -> bool:
        """True when the instruction applies on ``day``."""
        return self.until is None or self.until >= day
