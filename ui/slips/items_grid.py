"""The goods grid of the slip form: lines typed in place, added and removed by keyboard."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QRegularExpression,
    Qt,
)
from PySide6.QtGui import QKeyEvent, QKeySequence, QRegularExpressionValidator, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QHeaderView,
    QLineEdit,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QWidget,
)

from frontdesk.i18n import N_, _
from frontdesk.slips.rows import ItemInput

Index = QModelIndex | QPersistentModelIndex
FIELDS = ("description", "quantity", "unit", "remarks")
HEADERS = (N_("Goods"), N_("Quantity"), N_("Unit of measure"), N_("Remarks"))
ADD_KEY = "Ctrl+Ins"
REMOVE_KEY = "Ctrl+Del"
#: what a quantity cell accepts as it is typed: a number, up to two decimals (1, 6, 2.5)
QUANTITY = QRegularExpression(r"\d{0,6}(\.\d{0,2})?")


@dataclass(frozen=True)
class Line:
    """One line as typed (all text)."""

    description: str = ""
    quantity: str = ""
    unit: str = ""
    remarks: str = ""

    def blank(self) -> bool:
        """Nothing typed on the line."""
        return not any(getattr(self, f).strip() for f in FIELDS)


class ItemsModel(QAbstractTableModel):
    """Editable lines of goods; the form reads them with ``items()``."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._lines: list[Line] = [Line()]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        """Number of lines (0 under any parent: a flat table)."""
        return 0 if parent.isValid() else len(self._lines)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        """Description, quantity, unit of measure, remarks."""
        return 0 if parent.isValid() else len(FIELDS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        """Translated headers; line numbers down the side."""
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return _(HEADERS[section]) if 0 <= section < len(HEADERS) else None
        return str(section + 1) if 0 <= section < len(self._lines) else None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """The typed text (display and edit roles)."""
        if not index.isValid() or not (0 <= index.row() < len(self._lines)):
            return None
        if not 0 <= index.column() < len(FIELDS):
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return getattr(self._lines[index.row()], FIELDS[index.column()])
        if role == Qt.ItemDataRole.TextAlignmentRole and FIELDS[index.column()] == "quantity":
            return int((Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter).value)
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        """Every cell is editable."""
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEditable

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        """Store typed text."""
        if (
            role != Qt.ItemDataRole.EditRole
            or not index.isValid()
            or not (0 <= index.row() < len(self._lines))
        ):
            return False
        if not 0 <= index.column() < len(FIELDS):
            return False
        row = index.row()
        self._lines[row] = replace(self._lines[row], **{FIELDS[index.column()]: str(value or "")})
        self.dataChanged.emit(index, index, [Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole])
        return True

    def insertRows(self, row: int, count: int, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        """Insert ``count`` empty lines before ``row``."""
        if parent.isValid() or count < 1 or not 0 <= row <= len(self._lines):
            return False
        self.beginInsertRows(QModelIndex(), row, row + count - 1)
        self._lines[row:row] = [Line() for _n in range(count)]
        self.endInsertRows()
        return True

    def removeRows(self, row: int, count: int, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        """Remove ``count`` lines from ``row``; the grid always keeps one line to type in."""
        if parent.isValid() or count < 1 or row < 0 or row + count > len(self._lines):
            return False
        self.beginRemoveRows(QModelIndex(), row, row + count - 1)
        del self._lines[row : row + count]
        self.endRemoveRows()
        if not self._lines:
            self.insertRows(0, 1)
        return True

    def lines(self) -> list[Line]:
        """The lines as typed, blank ones included."""
        return list(self._lines)

    def items(self) -> list[ItemInput]:
        """The lines for the service: blank lines left out, the rest exactly as typed."""
        return [ItemInput(x.description, x.quantity, x.unit, x.remarks) for x in self._lines if not x.blank()]

    def item_row(self, position: int) -> int:
        """The grid row of the ``position``-th non-blank line (what ``items.N`` in an error names)."""
        rows = [n for n, x in enumerate(self._lines) if not x.blank()]
        return rows[position] if 0 <= position < len(rows) else 0

    def reset(self) -> None:
        """One empty line."""
        self.beginResetModel()
        self._lines = [Line()]
        self.endResetModel()


class _LineKeys(QObject):
    """Lets the grid's own keys through a cell being typed: a line editor takes Ctrl+Ins as "copy"."""

    def __init__(self, keys: tuple[QKeySequence, ...], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._keys = keys

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Refuse the editor's claim on the grid's keys, so the grid's shortcut runs."""
        if event.type() == QEvent.Type.ShortcutOverride and isinstance(event, QKeyEvent):
            pressed = QKeySequence(event.keyCombination())
            if any(pressed.matches(key) == QKeySequence.SequenceMatch.ExactMatch for key in self._keys):
                event.ignore()
                return True
        return False


class _CellDelegate(QStyledItemDelegate):
    """Cell editors that check what is typed per column and leave the grid's keys to the grid."""

    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        self._keys = _LineKeys((QKeySequence(ADD_KEY), QKeySequence(REMOVE_KEY)), self)

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:
        """A line editor; the quantity's takes only a number."""
        editor = super().createEditor(parent, option, index)
        if isinstance(editor, QLineEdit):
            if FIELDS[index.column()] == "quantity":
                editor.setValidator(QRegularExpressionValidator(QUANTITY, editor))
            editor.installEventFilter(self._keys)
        return editor


class ItemsGrid(QTableView):
    """The goods grid: Tab moves on, Enter at the end of a line starts the next, Ctrl+Ins / Ctrl+Del."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.items_model = ItemsModel(self)
        self.setModel(self.items_model)
        self.setItemDelegate(_CellDelegate(self))
        self.setObjectName("itemsGrid")
        self.setTabKeyNavigation(False)  # Tab leaves the grid; arrows and Enter move inside
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(
            QAbstractItemView.EditTrigger.AnyKeyPressed
            | QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        header = self.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in (1, 2):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.setToolTip(
            _("Type the goods line by line. {add}: add a line · {remove}: remove the line.").format(
                add=ADD_KEY, remove=REMOVE_KEY
            )
        )
        QShortcut(
            QKeySequence(ADD_KEY), self, self.add_line, context=Qt.ShortcutContext.WidgetWithChildrenShortcut
        )
        QShortcut(
            QKeySequence(REMOVE_KEY),
            self,
            self.remove_line,
            context=Qt.ShortcutContext.WidgetWithChildrenShortcut,
        )
        self.setCurrentIndex(self.items_model.index(0, 0))

    def add_line(self) -> None:
        """Add a line after the current one and start typing its description."""
        row = self.currentIndex().row() + 1 if self.currentIndex().isValid() else self.items_model.rowCount()
        self.items_model.insertRows(row, 1)
        self.setCurrentIndex(self.items_model.index(row, 0))
        self.setFocus()

    def remove_line(self) -> None:
        """Remove the current line."""
        row = self.currentIndex().row()
        if row >= 0:
            self.items_model.removeRows(row, 1)
            self.setCurrentIndex(self.items_model.index(min(row, self.items_model.rowCount() - 1), 0))

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Enter moves to the next cell, and from the line's last cell to a new line."""
        enter = event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not event.modifiers()
        if enter and self.currentIndex().isValid() and self.state() != QAbstractItemView.State.EditingState:
            self._advance()
            return
        super().keyPressEvent(event)

    def closeEditor(self, editor: QWidget, hint: QAbstractItemDelegate.EndEditHint) -> None:
        """Enter in a cell being typed saves it and moves on, as on paper; Tab from a line's last
        cell goes to the next line (a new one after the last), never back over the same line."""
        submitted = hint == QAbstractItemDelegate.EndEditHint.SubmitModelCache
        at_end = self.currentIndex().column() == len(FIELDS) - 1
        tab_at_end = hint == QAbstractItemDelegate.EndEditHint.EditNextItem and at_end
        plain = submitted or tab_at_end
        super().closeEditor(editor, QAbstractItemDelegate.EndEditHint.NoHint if plain else hint)
        if plain:
            self._advance()

    def _advance(self) -> None:
        index = self.currentIndex()
        if index.column() < len(FIELDS) - 1:
            self.setCurrentIndex(index.siblingAtColumn(index.column() + 1))
        elif index.row() == self.items_model.rowCount() - 1:
            self.add_line()
        else:
            self.setCurrentIndex(self.items_model.index(index.row() + 1, 0))

    def select_cell(self, position: int, field: str) -> None:
        """Put the cursor on field ``field`` of the ``position``-th typed line (after an error)."""
        column = FIELDS.index(field) if field in FIELDS else 0
        self.setCurrentIndex(self.items_model.index(self.items_model.item_row(position), column))
        self.setFocus()
