"""The month's utility table on screen: ``month_table``'s sections flattened into rows of one table.

Per building: a heading row, its unit lines in walking order, its subtotals per kind and in all, then
its public meters (their cost is already in the units' share lines); then the estate's own public
meters and the totals. The rows are plain values made once on the worker thread; the model only
reads them, so ten thousand lines scroll as smoothly as ten.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import Enum
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor, QFont

from frontdesk.i18n import N_, _
from frontdesk.money import fen_to_text
from frontdesk.utilities.kinds import Flag, MeterKind, label, meter_label, usage_unit
from frontdesk.utilities.rows import BuildingTable, TableLine, UtilityTable
from reports.utility_table import breakdown, flags_text
from ui.kit.table_model import RIGHT, Column, RowTableModel

ATTENTION = "#b3261e"  # an unresolved flag: red text, and the flag in words
_HEADING_FILL = "#e6ebf1"
_TOTAL_FILL = "#f3f5f8"


class Role(Enum):
    """What a row of the on-screen table is."""

    HEADING = "heading"  # a building's name, or "public meters"
    LINE = "line"  # a unit's meter, or its share of a public meter
    PUBLIC = "public"  # a public meter priced (shared into the unit lines, not added again)
    SUBTOTAL = "subtotal"
    TOTAL = "total"


@dataclass(frozen=True)
class MonthLine:
    """One row of the table as shown (numbers kept as numbers for sorting and reading back)."""

    role: Role
    building_id: int | None
    place: str
    resident: str = ""
    kind: MeterKind | None = None
    meter: str = ""
    previous: int | None = None
    current: int | None = None
    multiplier: int | None = None
    usage: Decimal | None = None
    amount_fen: int | None = None
    flags: str = ""
    unresolved: bool = False
    breakdown: str = ""
    unit_id: int | None = None

    @property
    def adjustable(self) -> bool:
        """A unit's line: a closed month's amount for it can be adjusted."""
        return self.role is Role.LINE and self.unit_id is not None and self.kind is not None


def _count(value: object) -> str:
    return "" if value is None else f"{value:,}"


def _usage(line: MonthLine) -> str:
    if line.usage is None:
        return ""
    text = f"{line.usage.normalize():f}"
    return f"{text} {usage_unit(line.kind)}" if line.kind is not None else text


def _money(value: object) -> str:
    return "" if value is None else fen_to_text(int(str(value)))


def columns() -> list[Column[MonthLine]]:
    """The table's columns, as the printed table names them (amount's tooltip: the tier lines)."""
    return [
        Column(N_("Unit or place"), lambda r: r.place),
        Column(N_("Resident"), lambda r: r.resident),
        Column(N_("Kind"), lambda r: label(r.kind) if r.kind is not None else ""),
        Column(N_("Meter"), lambda r: r.meter),
        Column(N_("Previous"), lambda r: r.previous, _count, RIGHT),
        Column(N_("Current"), lambda r: r.current, _count, RIGHT),
        Column(N_("Multiplier"), lambda r: r.multiplier, _count, RIGHT),
        Column(N_("Usage"), lambda r: r, _usage, RIGHT),
        Column(N_("Amount"), lambda r: r.amount_fen, _money, RIGHT, tooltip=lambda r: r.breakdown),
        Column(N_("Flags"), lambda r: r.flags, colour=lambda r: ATTENTION if r.unresolved else None),
    ]


def _line(line: TableLine, building_id: int | None, role: Role) -> MonthLine:
    return MonthLine(
        role,
        building_id,
        line.unit_code or line.place,
        line.resident,
        line.kind,
        line.meter_number,
        line.previous,
        line.current,
        line.multiplier,
        line.usage,
        line.amount_fen,
        flags_text(line),
        bool(line.flags),
        breakdown(line),
        line.unit_id,
    )


def _building_rows(building: BuildingTable) -> Iterator[MonthLine]:
    bid = building.building_id
    count = len(building.lines)
    yield MonthLine(Role.HEADING, bid, building.name or building.code, flags=_("{n} lines").format(n=count))
    for line in building.lines:
        yield _line(line, bid, Role.LINE)
    for total in building.totals:
        name = _("Subtotal {kind}").format(kind=label(total.kind))
        yield MonthLine(
            Role.SUBTOTAL, bid, name, kind=total.kind, usage=total.usage, amount_fen=total.amount_fen
        )
    name = _("Subtotal {building}").format(building=building.name or building.code)
    yield MonthLine(Role.SUBTOTAL, bid, name, amount_fen=building.amount_fen)
    if building.public:
        yield MonthLine(Role.HEADING, bid, _("Public meters (shared into the unit lines, not added again)"))
        for line in building.public:
            yield _line(line, bid, Role.PUBLIC)


def month_lines(table: UtilityTable) -> list[MonthLine]:
    """The rows of every building, then the estate's own public meters and the totals; a building's
    section is its rows (``building_id``), the estate's rows have none."""
    rows: list[MonthLine] = []
    for building in table.buildings:
        rows += _building_rows(building)
    if table.public:
        rows.append(MonthLine(Role.HEADING, None, _("Estate public meters")))
        rows += (_line(line, None, Role.PUBLIC) for line in table.public)
    for total in table.totals:
        name = _("Total {kind}").format(kind=label(total.kind))
        rows.append(
            MonthLine(Role.TOTAL, None, name, kind=total.kind, usage=total.usage, amount_fen=total.amount_fen)
        )
    rows.append(MonthLine(Role.TOTAL, None, _("Total"), amount_fen=table.amount_fen))
    return rows


@dataclass(frozen=True)
class Unresolved:
    """A line that keeps the month from closing: a meter not read, or a flag not confirmed."""

    place: str
    kind: MeterKind
    flags: tuple[Flag, ...]

    def text(self) -> str:
        """``3-1501 水表 (低于上月读数)``."""
        return f"{self.place} {meter_label(self.kind)} ({', '.join(label(f) for f in self.flags)})"


def unresolved(table: UtilityTable) -> list[Unresolved]:
    """Every line with a flag still to confirm or correct (or a meter not read), in table order."""
    lines = [*(line for b in table.buildings for line in (*b.lines, *b.public)), *table.public]
    return [Unresolved(line.unit_code or line.place, line.kind, line.flags) for line in lines if line.flags]


class MonthModel(RowTableModel[MonthLine]):
    """The read-only table: headings, subtotals and totals in bold on a tinted background."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(columns(), parent=parent)
        self._bold = QFont()
        self._bold.setBold(True)

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        """The cell; headings and totals bold and tinted."""
        if role in (Qt.ItemDataRole.FontRole, Qt.ItemDataRole.BackgroundRole) and index.isValid():
            line = self.row(index.row())
            if line is None or line.role in (Role.LINE, Role.PUBLIC):
                return None
            if role == Qt.ItemDataRole.FontRole:
                return self._bold
            return QColor(_HEADING_FILL if line.role is Role.HEADING else _TOTAL_FILL)
        return super().data(index, role)


def shown_lines(rows: Sequence[MonthLine]) -> int:
    """How many meter lines (units' and public) the rows hold."""
    return sum(1 for r in rows if r.role in (Role.LINE, Role.PUBLIC))
