"""The arrears list's model: its columns (late fee only when charged), filter and natural unit order."""

from __future__ import annotations

import functools

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QSortFilterProxyModel
from PySide6.QtWidgets import QWidget

from frontdesk.clock import format_local
from frontdesk.estate.arrears_list import ArrearsListRow
from frontdesk.estate.kinds import label
from frontdesk.estate.unitcode import natural_key
from frontdesk.i18n import N_, _
from frontdesk.money import fen_to_text
from ui.kit.table_model import RIGHT, SORT_ROLE, Column, RowTableModel

ATTENTION = "#b3261e"
Index = QModelIndex | QPersistentModelIndex


def _money(value: object) -> str:
    return fen_to_text(value) if isinstance(value, int) else ""


def _red_if_overdue(row: ArrearsListRow) -> str | None:
    return ATTENTION if row.arrears.overdue else None


def _state(row: ArrearsListRow) -> str:
    return "⚠ " + _("Overdue") if row.arrears.overdue else _("Due today")


def _last_call(row: ArrearsListRow) -> str:
    if row.last_call_at is None or row.last_call_method is None:
        return ""
    return f"{format_local(row.last_call_at)[:10]} · {label(row.last_call_method)}"


def columns(late_fees: bool) -> list[Column[ArrearsListRow]]:
    """The list's columns; the late fee column only when the office charges late fees."""
    shown: list[Column[ArrearsListRow]] = [
        Column(N_("Unit"), lambda r: r.unit_code),
        Column(N_("Residents"), lambda r: "、".join(r.names)),
        Column(N_("Phone"), lambda r: r.phone_masked),
        Column(N_("Owed (¥)"), lambda r: r.arrears.arrears_fen, _money, RIGHT, _red_if_overdue),
        Column(N_("Oldest unpaid due"), lambda r: r.arrears.oldest_unpaid_due, colour=_red_if_overdue),
        Column(
            N_("Days overdue"), lambda r: r.arrears.oldest_unpaid_days, align=RIGHT, colour=_red_if_overdue
        ),
        Column(N_("Status"), _state, colour=_red_if_overdue),
    ]
    if late_fees:
        shown.append(Column(N_("Late fee (¥)"), lambda r: r.arrears.late_fee_fen, _money, RIGHT))
    shown += [
        Column(N_("Last reminder"), _last_call),
        Column(N_("Promised to pay"), lambda r: r.promised_date),
    ]
    return shown


class ArrearsFilter(QSortFilterProxyModel):
    """Keeps the rows of one building, owing at least an amount, overdue more than some days."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.building_id: int | None = None
        self.min_fen = 0
        self.min_days = 0

    def set_filter(self, building_id: int | None, min_fen: int, min_days: int) -> None:
        """Apply new limits (0 = no limit)."""
        self.beginFilterChange()
        self.building_id, self.min_fen, self.min_days = building_id, min_fen, min_days
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        """True when the unit passes every limit."""
        model = self.sourceModel()
        row: ArrearsListRow | None = model.row(source_row) if isinstance(model, RowTableModel) else None
        if row is None:
            return False
        return (
            (self.building_id is None or row.building_id == self.building_id)
            and row.arrears.arrears_fen >= self.min_fen
            and row.arrears.oldest_unpaid_days >= self.min_days
        )


#: a unit code's sort key, worked out once per code (a sort compares each code many times)
_code_key = functools.lru_cache(maxsize=65_536)(natural_key)


class UnitOrder(QSortFilterProxyModel):
    """Sorts unit codes naturally (2-101 before 10-101); other columns by their raw values."""

    def lessThan(self, left: Index, right: Index) -> bool:
        """Natural order on the unit column."""
        if left.column() == 0:
            model = self.sourceModel()
            if isinstance(model, RowTableModel):  # the rows themselves, not a cell through Qt each time
                first, second = model.row(left.row()), model.row(right.row())
                if isinstance(first, ArrearsListRow) and isinstance(second, ArrearsListRow):
                    return _code_key(first.unit_code) < _code_key(second.unit_code)
            return _code_key(str(left.data(SORT_ROLE))) < _code_key(str(right.data(SORT_ROLE)))
        return super().lessThan(left, right)
