"""The round's grid: its rows (the core's ``RoundRow``), what each column shows, the reading cell's
editor, and the "flags only" filter.

Only the current reading is typed; the editor hands the typed text to the round (which checks and
saves it on the worker thread) instead of writing into the model, so nothing is shown as saved
before the core has judged it. A row whose save was refused keeps what was typed, in red.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QAbstractTableModel,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QKeyEvent
from PySide6.QtWidgets import QLineEdit, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from frontdesk.i18n import N_, _
from frontdesk.utilities.kinds import label, meter_label
from frontdesk.utilities.rows import RoundRow

Index = QModelIndex | QPersistentModelIndex
UNIT, KIND, METER, PREVIOUS, CURRENT, USAGE, FLAG, EXPECTED = range(8)
HEADERS = (
    N_("Unit or place"),
    N_("Kind"),
    N_("Meter"),
    N_("Previous"),
    N_("Current"),
    N_("Usage"),
    N_("Flag"),
    N_("Expected range"),
)
RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
#: a flag still to resolve: a pale red row, its words in dark red
FLAGGED_BACKGROUND, FLAGGED_TEXT = "#fde2e1", "#a4161a"
#: a flag confirmed with a reason, and a typed reading not saved
CONFIRMED_TEXT, REFUSED_TEXT = "#5f6b76", "#b3261e"


def place(row: RoundRow) -> str:
    """The unit's code, or the public area's name."""
    return row.unit_code or row.place


def flag_words(row: RoundRow) -> str:
    """What the flag column says: the flag in words, and who confirmed it and why."""
    notes = []
    if row.flag is not None:
        if row.confirmed_by:
            notes.append(
                _("{flag} — confirmed by {who}: {reason}").format(
                    flag=label(row.flag), who=row.confirmed_by, reason=row.confirm_reason
                )
            )
        else:
            notes.append(_("{flag} — confirm or correct").format(flag=label(row.flag)))
    if row.old_final is not None:
        notes.append(
            _("meter replaced (old final {old}, new initial {new})").format(
                old=row.old_final, new=row.new_initial
            )
        )
    if row.rollover:
        notes.append(_("the dial rolled over"))
    return "; ".join(notes)


def expected_range(row: RoundRow) -> str:
    """The expected current reading, "low – high" (empty without enough history)."""
    if row.expected_low is None or row.expected_high is None:
        return ""
    return f"{row.expected_low} – {row.expected_high}"


class RoundModel(QAbstractTableModel):
    """The building's meters in walking order; only the current reading is editable."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[RoundRow] = []
        self._typed: dict[int, str] = {}  # meter id → text typed and refused (not saved)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        """Number of meters."""
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        """Number of columns."""
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        """Translated headers."""
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return _(HEADERS[section]) if 0 <= section < len(HEADERS) else None
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        """The current reading is typed; the rest is read only."""
        base = super().flags(index)
        return base | Qt.ItemFlag.ItemIsEditable if index.column() == CURRENT else base

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """What a cell shows (never raises for a bad index)."""
        row = self.row(index.row()) if index.isValid() else None
        if row is None:
            return None
        column = index.column()
        typed = self._typed.get(row.meter_id)
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(row, column, typed)
        if role == Qt.ItemDataRole.EditRole:
            return "" if row.current is None else str(row.current)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int((RIGHT if column in (PREVIOUS, CURRENT, USAGE) else LEFT).value)
        if role == Qt.ItemDataRole.BackgroundRole and row.needs_attention:
            return QColor(FLAGGED_BACKGROUND)
        if role == Qt.ItemDataRole.ForegroundRole:
            if column == CURRENT and typed is not None:
                return QColor(REFUSED_TEXT)
            if row.needs_attention and column in (CURRENT, USAGE, FLAG):
                return QColor(FLAGGED_TEXT)
            if row.flag is not None and column == FLAG:
                return QColor(CONFIRMED_TEXT)
        if role == Qt.ItemDataRole.ToolTipRole and column in (FLAG, CURRENT):
            return (typed and _("Typed, not saved: {text}").format(text=typed)) or flag_words(row) or None
        return None

    @staticmethod
    def _text(row: RoundRow, column: int, typed: str | None) -> str:
        if column == UNIT:
            return place(row)
        if column == KIND:
            return meter_label(row.kind)
        if column == METER:
            return row.meter_number if row.multiplier == 1 else f"{row.meter_number} ×{row.multiplier}"
        if column == PREVIOUS:
            return str(row.previous)
        if column == CURRENT:
            if typed is not None:
                return typed
            return "" if row.current is None else str(row.current)
        if column == USAGE:
            return "" if row.usage is None else str(row.usage)
        if column == FLAG:
            return flag_words(row)
        return expected_range(row)

    def set_rows(self, rows: Sequence[RoundRow]) -> None:
        """Show a building's round (what was typed and refused is forgotten)."""
        self.beginResetModel()
        self._rows = list(rows)
        self._typed.clear()
        self.endResetModel()

    def rows(self) -> list[RoundRow]:
        """A copy of the rows."""
        return list(self._rows)

    def row(self, number: int) -> RoundRow | None:
        """The row at ``number``, or None."""
        return self._rows[number] if 0 <= number < len(self._rows) else None

    def number_of(self, meter_id: int) -> int | None:
        """The row number of a meter, or None."""
        return next((i for i, r in enumerate(self._rows) if r.meter_id == meter_id), None)

    def replace(self, saved: RoundRow) -> None:
        """A row as saved: shown at once, what was typed forgotten."""
        number = self.number_of(saved.meter_id)
        if number is None:
            return
        self._rows[number] = saved
        self._typed.pop(saved.meter_id, None)
        self.dataChanged.emit(self.index(number, 0), self.index(number, len(HEADERS) - 1))

    def keep_typed(self, meter_id: int, text: str) -> None:
        """Show ``text`` (refused) in the meter's current cell until it is saved or replaced."""
        number = self.number_of(meter_id)
        if number is None:
            return
        self._typed[meter_id] = text
        self.dataChanged.emit(self.index(number, CURRENT), self.index(number, FLAG))

    def typed(self, meter_id: int) -> str | None:
        """What was typed for the meter and refused, if anything."""
        return self._typed.get(meter_id)

    def read(self) -> int:
        """How many meters have this month's reading."""
        return sum(1 for r in self._rows if r.current is not None)

    def unresolved(self) -> int:
        """How many readings carry a flag neither confirmed nor corrected."""
        return sum(1 for r in self._rows if r.needs_attention)


class FlagsFilter(QSortFilterProxyModel):
    """All rows, or only those whose flag is still to resolve."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._only = False

    def set_flags_only(self, only: bool) -> None:
        """Show only the rows still to resolve (True) or every row."""
        self.beginFilterChange()
        self._only = only
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        """Every row, or a flagged one."""
        if not self._only:
            return True
        model = self.sourceModel()
        row = model.row(source_row) if isinstance(model, RoundModel) else None
        return row is not None and row.needs_attention


class ReadingDelegate(QStyledItemDelegate):
    """The reading cell's editor: Enter hands the text to the round, which saves it and moves down;
    leaving the cell otherwise (a click elsewhere) saves it where it is."""

    sig_entered = Signal(QPersistentModelIndex, str, bool)
    """(the cell, the text typed, Enter was pressed: move down)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._cell = QPersistentModelIndex()  # the cell being edited (one editor at a time)

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:
        """A plain line: what is typed is checked when it is saved, with a message beside the grid."""
        self._cell = QPersistentModelIndex(index)
        editor = QLineEdit(parent)
        editor.setAlignment(RIGHT)
        editor.setObjectName("readingEditor")
        return editor

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        """The saved reading, all selected, so that typing replaces it."""
        if isinstance(editor, QLineEdit):
            editor.setText(str(index.data(Qt.ItemDataRole.EditRole) or ""))
            editor.selectAll()

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: Index) -> None:
        """The cell was left other than by Enter: save what was typed, staying where the cursor went."""
        if isinstance(editor, QLineEdit) and not editor.property("entered"):
            editor.setProperty("entered", True)  # once: a later focus-out of the closing editor adds nothing
            self.sig_entered.emit(QPersistentModelIndex(index), editor.text(), False)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Enter in the editor: hand the text over, close the editor; the round moves down."""
        if (
            isinstance(watched, QLineEdit)
            and isinstance(event, QKeyEvent)
            and event.type() == QEvent.Type.KeyPress
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            and not watched.property("entered")
        ):
            watched.setProperty("entered", True)
            cell, text = QPersistentModelIndex(self._cell), watched.text()
            self.closeEditor.emit(watched, QStyledItemDelegate.EndEditHint.NoHint)
            self.sig_entered.emit(cell, text, True)
            return True
        return super().eventFilter(watched, event)
