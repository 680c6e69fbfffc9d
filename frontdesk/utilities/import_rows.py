"""Reading the utilities' sheet rows: recognised columns, cell parsers, the registry read once, problems.

Shared by the three imports (``imports``, ``reading_import``). Each problem becomes a
:class:`RowError` naming the sheet row and column, what is wrong and how to fix it.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import TypeVar

from frontdesk.errors import ValidationError
from frontdesk.estate import unitcode
from frontdesk.estate.common import tuples
from frontdesk.estate.models import Building, Estate, Unit
from frontdesk.estate.residents_check import RegistryIndex
from frontdesk.estate.residents_sheet import RowError, cell_text
from frontdesk.i18n import _
from frontdesk.utilities.kinds import MeterKind
from frontdesk.utilities.models import Meter
from frontdesk.utilities.sheets import (
    ALIASES,
    REQUIRED,
    SheetKind,
    field_of_header,
    kind_of,
)

T = TypeVar("T")
_MONTH_RE = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*月?")
_FIELD_COLUMNS = {  # the core's field names → the sheet's
    "kind": "kind",
    "number": "meter",
    "digits": "digits",
    "multiplier": "multiplier",
    "initial_reading": "initial",
    "place": "place",
    "share": "share",
    "current": "current",
    "old_final": "old_final",
    "new_initial": "new_initial",
    "from_month": "from",
    "period": "period",
}


@dataclass
class UtilityImportReport:
    """What the check found and what the import did."""

    rows_read: int
    valid: int = 0
    errors: list[RowError] = field(default_factory=list)
    imported: int = 0
    flagged: int = 0  # readings imported with a flag to resolve

    @property
    def ok(self) -> bool:
        """True when no row has a problem."""
        return not self.errors


class SheetRows:
    """The sheet's rows with their numbers and recognised columns; collects the problems."""

    def __init__(self, sheet: SheetKind, rows: Sequence[Mapping[str, object]], numbers: Sequence[int] | None):
        self.rows = rows
        self.numbers = list(numbers) if numbers is not None else list(range(2, len(rows) + 2))
        self.columns: dict[str, str] = {}
        for header in dict.fromkeys(h for row in rows for h in row):
            name = field_of_header(header)
            if name is not None:
                self.columns.setdefault(name, header)
        self.errors: list[RowError] = []
        header_row = self.numbers[0] - 1 if self.numbers else 1
        for name in REQUIRED[sheet]:
            if name not in self.columns:
                aliases = " / ".join(ALIASES[name][:2] + ALIASES[name][-1:])
                self.errors.append(
                    RowError(
                        header_row,
                        "",
                        _("The sheet has no {column} column.").format(column=aliases),
                        _("Name a column {aliases}.").format(aliases=aliases),
                    )
                )

    def values(self) -> list[tuple[int, dict[str, object]]]:
        fields = list(self.columns.items())
        return [
            (n, {f: row.get(h) for f, h in fields}) for n, row in zip(self.numbers, self.rows, strict=True)
        ]

    def fail(self, row: int, name: str, problem: str, fix: str) -> None:
        self.errors.append(RowError(row, self.columns.get(name, ""), problem, fix))

    def sorted_errors(self) -> list[RowError]:
        order = {header: i for i, header in enumerate(self.columns.values())}
        return sorted(self.errors, key=lambda e: (e.row, order.get(e.column, len(order))))


def whole_cell(value: object) -> int | None:
    """A whole number from a cell (None when empty); raises ValueError otherwise."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    text = unicodedata.normalize("NFKC", cell_text(value)).replace(",", "")
    number = Decimal(text) if text else Decimal("NaN")
    if not number.is_finite() or number != number.to_integral_value():
        raise ValueError(text)
    return int(number)


def decimal_cell(value: object) -> Decimal | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, int | Decimal) and not isinstance(value, bool):
        return Decimal(value)
    text = unicodedata.normalize("NFKC", cell_text(value)).replace(",", "").removesuffix("元")
    try:
        found = Decimal(text)
    except InvalidOperation:
        raise ValueError(text) from None
    if not found.is_finite():
        raise ValueError(text)
    return found


def month_cell(value: object) -> str:
    if isinstance(value, date):
        return f"{value.year:04d}-{value.month:02d}"
    match = _MONTH_RE.fullmatch(unicodedata.normalize("NFKC", cell_text(value)))
    if match is None or not 1 <= int(match[2]) <= 12:
        raise ValueError(cell_text(value))
    return f"{int(match[1]):04d}-{int(match[2]):02d}"


class SheetRegistry:
    """Units by code, buildings by code and the meters, read once."""

    def __init__(self) -> None:
        self.index = RegistryIndex()
        self.meters = {m.number: m for m in Meter.select()}
        self.by_unit: dict[tuple[int, str], list[Meter]] = {}
        for m in self.meters.values():
            if m.unit_id is not None and m.active:
                self.by_unit.setdefault((m.unit_id, m.kind), []).append(m)
        self.estates = [int(e) for (e,) in tuples(Estate.select(Estate.id))]
        self.building_estate: dict[int, int] = dict(tuples(Building.select(Building.id, Building.estate)))
        self.unit_building: dict[int, int] = dict(tuples(Unit.select(Unit.id, Unit.building)))
        self.taken = set(self.meters)

    def unit(self, rows: SheetRows, number: int, text: str) -> int | None:
        parsed = unitcode.parse_unit_code(unicodedata.normalize("NFKC", text))
        found = self.index.units(parsed) if parsed is not None else []
        if len(found) == 1:
            return found[0]
        if found:
            rows.fail(
                number,
                "unit",
                _("{code} is in several buildings: choose one.").format(code=text),
                _("Write the building too, e.g. 3-1502."),
            )
        else:
            rows.fail(
                number,
                "unit",
                _("There is no unit {code}.").format(code=text),
                _("Add the unit to the registry first, or correct the unit number."),
            )
        return None

    def building(self, rows: SheetRows, number: int, text: str) -> int | None:
        code = unitcode.parse_building_code(text)
        found = self.index.buildings.get(code or "", [])
        if len(found) != 1:
            rows.fail(
                number,
                "building",
                _("“{value}” is not a building.").format(value=text),
                _("Write the building as its unit codes start, e.g. 3 or 3栋."),
            )
            return None
        return found[0]


def read_cell(
    rows: SheetRows, number: int, name: str, parse: Callable[[object], T | None], value: object, fix: str
) -> tuple[bool, T | None]:
    """A cell parsed: (True, value or None when empty), or (False, None) with the problem noted."""
    try:
        return True, parse(value)
    except (ValueError, InvalidOperation):
        rows.fail(number, name, _("“{value}” cannot be read here.").format(value=cell_text(value)), fix)
        return False, None


def field_error(rows: SheetRows, number: int, exc: ValidationError, fix: str) -> None:
    """A core ValidationError as a problem in the column its field comes from."""
    last = exc.field.split(".")[-1]
    name = _FIELD_COLUMNS.get(last, last)
    rows.fail(number, name, exc.message, fix)


def read_word(
    rows: SheetRows,
    number: int,
    name: str,
    parse: Callable[[str], T | None],
    values: Mapping[str, object],
    problem: str,
    fix: str,
) -> T | None:
    """A cell's word parsed (``parse`` gives None for a word it does not know), or None, noted.

    ``problem`` names the cell's text as ``{value}``.
    """
    text = cell_text(values.get(name))
    found = parse(text)
    if found is None:
        rows.fail(number, name, problem.format(value=text), fix)
    return found


def read_kind(rows: SheetRows, number: int, values: Mapping[str, object]) -> MeterKind | None:
    """The row's kind of meter (水/电/燃气, water/electricity/gas), or None with the problem noted."""
    return read_word(
        rows,
        number,
        "kind",
        kind_of,
        values,
        _("“{value}” is not water, electricity or gas."),
        _("Write 水, 电/電, 燃气/燃氣 or water, electricity, gas."),
    )
