"""A module's records, newest first, a page at a time: filters above (status, month, open only, needing
attention only, and whatever the module adds), the table, and under it "Show", "Load more", the
count and the export. Enter (or a double click) opens the chosen record; the list reloads when the
change bus announces one of its entities.

The module says what it lists: its columns, its statuses, how a page is read (``fetch``), what the
filters mean (``filters``), how the count reads (``count_text``) and how the list is exported.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Generic, Protocol, TypeVar

from PySide6.QtCore import QEvent, QModelIndex, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from frontdesk.clock import local_today
from frontdesk.i18n import _
from ui.kit.context import AppContext
from ui.kit.list_export import export_button
from ui.kit.moments import months_back
from ui.kit.table_model import Column, RowTableModel, sorting_proxy

MONTHS_BACK = 36
#: the last column (the record's text) keeps at least this much of the table's width
LAST_COLUMN_MIN = 100
NARROWEST = 60


def fit_columns(table: QTableView, narrow: Sequence[int]) -> None:
    """Columns as wide as their contents; when together they would not fit the table, the widest of
    the ``narrow`` ones (words, never numbers or dates) are narrowed to one width — their text elided,
    the whole in its tooltip, the column still widened by dragging — so that every column shows, the
    last (stretched) keeping :data:`LAST_COLUMN_MIN`."""
    header = table.horizontalHeader()
    table.resizeColumnsToContents()
    count = header.count()
    if count < 2:
        return
    widths = [header.sectionSize(i) for i in range(count - 1)]
    kept = sum(w for i, w in enumerate(widths) if i not in narrow)
    widths = [w for i, w in enumerate(widths) if i in narrow]
    bar = table.verticalScrollBar()
    width = table.viewport().width() - (0 if bar.isVisible() else bar.sizeHint().width())  # rows to come
    room = width - LAST_COLUMN_MIN - kept
    if not widths or sum(widths) <= room or room <= NARROWEST * len(widths):
        return
    low, high = NARROWEST, max(widths)
    while low < high:  # the widest cap at which the columns fit
        cap = (low + high + 1) // 2
        if sum(min(w, cap) for w in widths) <= room:
            low = cap
        else:
            high = cap - 1
    for i in narrow:
        if i < count - 1 and header.sectionSize(i) > low:
            header.resizeSection(i, low)


class Record(Protocol):
    """What a listed record has: its number, when it came in and its id (the paging key)."""

    @property
    def id(self) -> int: ...
    @property
    def number(self) -> str: ...
    @property
    def received_at(self) -> datetime: ...


R = TypeVar("R", bound=Record)
Before = tuple[datetime, int] | None


class NumberedModel(RowTableModel[R]):
    """The rows numbered 1, 2, 3 … in column 0, in the order loaded (newest first)."""

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:  # type: ignore[override]
        if (
            index.isValid()
            and index.column() == 0
            and role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.UserRole + 1)
        ):
            return index.row() + 1 if role != Qt.ItemDataRole.DisplayRole else str(index.row() + 1)
        return super().data(index, role)


class RecordList(QWidget, Generic[R]):
    """The filtered, paged list; ``sig_open`` asks the page to show the chosen record."""

    sig_open = Signal(str)
    """The clerk opened record number ``str`` (Enter or a double click)."""
    sig_chosen = Signal(str)
    """Record number ``str`` was chosen in the table (the record's tab follows it)."""

    #: change-bus entities that reload the list while it is shown
    entities: tuple[str, ...] = ()

    def __init__(
        self,
        context: AppContext,
        columns: Sequence[Column[R]],
        *,
        received_column: int,
        statuses: Sequence[tuple[str, str]],
        open_caption: str,
        attention_caption: str,
        show_caption: str,
        narrow: Sequence[int] = (),
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._context = context
        self._narrow = tuple(narrow)
        self.status = QComboBox()
        self.month = QComboBox()
        self.open_only = QCheckBox(open_caption)
        self.overdue_only = QCheckBox(attention_caption)
        self.model: NumberedModel[R] = NumberedModel(list(columns), parent=self)
        self.proxy = sorting_proxy(self.model, self)
        self.table = QTableView()
        self.count = QLabel()
        self.more_button = QPushButton(_("Load mo&re"))
        self.show_button = QPushButton(show_caption)
        self.export_button = export_button(self, self.export)
        self.filter_row = QHBoxLayout()
        self.button_row = QHBoxLayout()
        self._complete = True
        self._chosen = ""
        self.status.addItem(_("All statuses"), "")
        for caption, value in statuses:
            self.status.addItem(caption, value)
        self.month.addItem(_("All months"), "")
        for month in months_back(local_today(), MONTHS_BACK):
            self.month.addItem(month, month)
        self.open_only.setChecked(True)
        self._build_table(received_column)

    # --- building (the module may add its own filters and buttons before ``finish``) -----------
    def _build_table(self, received_column: int) -> None:
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(received_column, Qt.SortOrder.DescendingOrder)  # newest first
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.table.installEventFilter(self)

    def finish(
        self,
        *,
        filters: Sequence[tuple[str, QComboBox]] = (),
        buttons: Sequence[QWidget] = (),
    ) -> None:
        """Lay the list out: status, month, the module's ``filters`` (caption, combo), the two boxes;
        under the table Show, Load more, the count, the module's ``buttons`` and the export."""
        for caption, combo in ((_("S&tatus"), self.status), (_("&Month"), self.month), *filters):
            text = QLabel(caption)
            text.setBuddy(combo)
            self.filter_row.addWidget(text)
            self.filter_row.addWidget(combo)
        self.filter_row.addWidget(self.open_only)
        self.filter_row.addWidget(self.overdue_only)
        self.filter_row.addStretch(1)
        self.button_row.addWidget(self.show_button)
        self.button_row.addWidget(self.more_button)
        self.button_row.addWidget(self.count, 1)
        for widget in buttons:
            self.button_row.addWidget(widget)
        self.button_row.addWidget(self.export_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.addLayout(self.filter_row)
        layout.addWidget(self.table, 1)
        layout.addLayout(self.button_row)
        for combo in (self.status, self.month, *(combo for _caption, combo in filters)):
            combo.currentIndexChanged.connect(self.reload)
        for box in (self.open_only, self.overdue_only):
            box.toggled.connect(self.reload)
        self.more_button.clicked.connect(self.load_more)
        self.show_button.clicked.connect(self.open_chosen)
        self.table.doubleClicked.connect(lambda _index: self.open_chosen())
        self.table.selectionModel().selectionChanged.connect(self._on_selection_changed)
        self._context.bus.subscribe(self, self._on_bus_changed)
        self._update_buttons()

    # --- what the module says ------------------------------------------------------------------
    def page_size(self) -> int:
        """How many rows a page holds."""
        raise NotImplementedError

    def fetch(self, before: Before) -> Callable[[], list[R]]:
        """The job reading one page of the filtered records after ``before`` (runs on the worker)."""
        raise NotImplementedError

    def count_text(self, rows: list[R]) -> str:
        """What the count under the table says of the rows loaded."""
        raise NotImplementedError

    def export(self) -> None:
        """The list as shown, to Excel."""
        raise NotImplementedError

    def resizeEvent(self, event: QResizeEvent) -> None:
        """The columns fitted again to the new width."""
        super().resizeEvent(event)
        fit_columns(self.table, self._narrow)

    # --- the keyboard ----------------------------------------------------------------------------
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Enter in the table opens the chosen record."""
        if (
            watched is self.table
            and isinstance(event, QKeyEvent)
            and event.type() == QEvent.Type.KeyPress
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        ):
            self.open_chosen()
            return True
        return False

    # --- loading ---------------------------------------------------------------------------------
    def reload(self) -> None:
        """The first page of records the filters ask for (worker thread)."""
        self._load(None)

    def load_more(self) -> None:
        """The next page, after the last row loaded."""
        rows = self.model.rows()
        if rows and not self._complete:
            last = rows[-1]
            self._load((last.received_at, last.id))

    def _load(self, before: Before) -> None:
        self._context.runner.submit(
            self.fetch(before), lambda rows: self._on_loaded(rows, more=before is not None), owner=self
        )

    def _on_loaded(self, rows: list[R], *, more: bool) -> None:
        chosen = self.selected()
        self._complete = len(rows) < self.page_size()
        if more:
            self.model.append_rows(rows)
        else:
            self.model.set_rows(rows)
            if (chosen is None or not self.select(chosen.number)) and rows:
                self.table.selectRow(0)  # the newest: Enter opens it, the record's tab shows it
        fit_columns(self.table, self._narrow)
        text = self.count_text(self.model.rows())
        if not self._complete:
            text += " · " + _("more to load")
        self.count.setText(text)
        self._update_buttons()

    # --- the choice ------------------------------------------------------------------------------
    def select(self, number: str) -> bool:
        """Choose record ``number`` if listed."""
        for row, record in enumerate(self.model.rows()):
            if record.number == number:
                self.table.selectRow(self.proxy.mapFromSource(self.model.index(row, 0)).row())
                return True
        return False

    def selected(self) -> R | None:
        """The record chosen in the table."""
        rows = self.table.selectionModel().selectedRows()
        return self.model.row(self.proxy.mapToSource(rows[0]).row()) if rows else None

    def open_chosen(self) -> None:
        """Show the chosen record."""
        row = self.selected()
        if row is not None:
            self.sig_open.emit(row.number)

    def _on_selection_changed(self) -> None:
        row = self.selected()
        if row is not None and row.number != self._chosen:
            self._chosen = row.number
            self.sig_chosen.emit(row.number)
        self._update_buttons()

    def _update_buttons(self) -> None:
        self.show_button.setEnabled(self.selected() is not None)
        self.more_button.setEnabled(not self._complete)

    def _on_bus_changed(self, entity: str) -> None:
        if entity in self.entities and self.isVisible():
            self.reload()
