"""One generic table model over lists of frozen row dataclasses, described by column specs.

``data()`` never queries and never raises: rows are plain values fetched beforehand on the worker
thread. Sort and filter through a ``QSortFilterProxyModel`` (see :func:`sorting_proxy`).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Generic, TypeVar

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QColor

from frontdesk.i18n import _

log = logging.getLogger(__name__)
R = TypeVar("R")
Index = QModelIndex | QPersistentModelIndex
LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
SORT_ROLE = Qt.ItemDataRole.UserRole + 1
#: rows a column sized to its contents looks at (Qt's default is 1,000: every row of a long list,
#: read again whenever a page is added); two screens of a laptop's list is enough to size a column
RESIZE_ROWS = 60


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


@dataclass(frozen=True)
class Column(Generic[R]):
    """One column: a header (marked with ``N_``, translated on use) and how to read a row."""

    header: str
    value: Callable[[R], object]
    format: Callable[[Any], str] = _text
    align: Qt.AlignmentFlag = LEFT
    colour: Callable[[R], str | None] | None = None  # a text colour for a status, e.g. "#b3261e"
    tooltip: Callable[[R], str] | None = None


def _sortable(value: object) -> object:
    if value is None:
        return ""
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, int | float | str):
        return value
    if isinstance(value, datetime | date):
        return value.isoformat()
    return str(value)


class RowTableModel(QAbstractTableModel, Generic[R]):
    """A read-only table of row dataclasses; pages are appended as the user scrolls."""

    def __init__(
        self, columns: Sequence[Column[R]], rows: Iterable[R] = (), parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self._columns = list(columns)
        self._rows: list[R] = list(rows)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        """Number of rows (0 under any parent: this is a flat table)."""
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        """Number of columns."""
        return 0 if parent.isValid() else len(self._columns)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        """Translated column headers."""
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(self._columns)
        ):
            return _(self._columns[section].header)
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """The cell for ``role``; None for anything unknown or failing (never raises)."""
        if not index.isValid() or not (0 <= index.row() < len(self._rows)):
            return None
        if not 0 <= index.column() < len(self._columns):
            return None
        column, row = self._columns[index.column()], self._rows[index.row()]
        try:
            return self._cell(column, row, role)
        except Exception:  # a formatter bug must not break painting
            log.exception("cannot show column %s", column.header)
            return None

    @staticmethod
    def _cell(column: Column[R], row: R, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            return column.format(column.value(row))
        if role == SORT_ROLE:
            return _sortable(column.value(row))
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(column.align.value)
        if role == Qt.ItemDataRole.ForegroundRole and column.colour is not None:
            colour = column.colour(row)
            return QColor(colour) if colour else None
        if role == Qt.ItemDataRole.ToolTipRole and column.tooltip is not None:
            return column.tooltip(row)
        return None

    def set_rows(self, rows: Iterable[R]) -> None:
        """Replace every row."""
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def append_rows(self, rows: Sequence[R]) -> None:
        """Add a page of rows at the end."""
        if not rows:
            return
        first = len(self._rows)
        self.beginInsertRows(QModelIndex(), first, first + len(rows) - 1)
        self._rows.extend(rows)
        self.endInsertRows()

    def row(self, number: int) -> R | None:
        """The row dataclass at ``number`` (source model row), or None."""
        return self._rows[number] if 0 <= number < len(self._rows) else None

    def rows(self) -> list[R]:
        """A copy of all rows."""
        return list(self._rows)


def sorting_proxy(model: QAbstractTableModel, parent: QObject | None = None) -> QSortFilterProxyModel:
    """A proxy sorting by the raw values and filtering case-insensitively on every column."""
    proxy = QSortFilterProxyModel(parent)
    proxy.setSourceModel(model)
    proxy.setSortRole(SORT_ROLE)
    proxy.setFilterKeyColumn(-1)
    proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    return proxy


class PagedTableModel(RowTableModel[R]):
    """A table whose rows come a page at a time, as the view scrolls to its end.

    The view asks (Qt's ``canFetchMore``/``fetchMore``) when its last row comes into sight — the
    clerk scrolls, presses End or PgDn; ``fetch`` then starts loading the next page on the worker
    thread, and its owner hands the rows to :meth:`show_page`. One page is asked for at a time.
    """

    def __init__(
        self, columns: Sequence[Column[R]], fetch: Callable[[], None], parent: QObject | None = None
    ) -> None:
        super().__init__(columns, parent=parent)
        self._fetch = fetch
        self._more = False  # the last page shown said more follow
        self._waiting = False  # a page has been asked for and has not come yet

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008 - Qt's signature
        """True while more rows follow and none are being fetched."""
        return not parent.isValid() and self._more and not self._waiting

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008 - Qt's signature
        """Ask the owner for the next page."""
        if self.canFetchMore(parent):
            self._waiting = True
            self._fetch()

    def show_page(self, rows: Sequence[R], *, first: bool, more: bool) -> None:
        """Show a page: the first replaces every row, a later one is added at the end."""
        self._waiting = False
        self._more = more
        if first:
            self.set_rows(rows)
        else:
            self.append_rows(rows)

    def page_failed(self) -> None:
        """The page asked for did not come: scrolling to the end asks again."""
        self._waiting = False

    @property
    def complete(self) -> bool:
        """True once the last page is shown."""
        return not self._more
