"""The complaints, newest first: by status, month, open or overdue only; overdue rows stand out;
a page at a time (Load more), exported as shown (Ctrl+E); Enter opens the chosen one."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QEvent, QModelIndex, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
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

from frontdesk.clock import format_local, local_today
from frontdesk.complaints.labels import kind_label, label
from frontdesk.complaints.rows import ComplaintRow, ComplaintStatus, ListFilter
from frontdesk.i18n import N_, _, ngettext
from ui.complaints.common import BAD, CALLBACK_ENTITY, ENTITY, STATUS_COLOURS, status_text
from ui.kit.context import AppContext
from ui.kit.list_export import export_button, export_view
from ui.kit.moments import months_back
from ui.kit.table_model import RIGHT, Column, RowTableModel, sorting_proxy

PAGE_SIZE = 200
MONTHS_BACK = 36


def _colour(row: ComplaintRow) -> str | None:
    return BAD if row.overdue else STATUS_COLOURS.get(row.status.value)


COLUMNS: list[Column[ComplaintRow]] = [
    Column(N_("No."), lambda r: 0, align=RIGHT),  # replaced by the row's place (see _Numbered)
    Column(N_("Number"), lambda r: r.number),
    Column(N_("Status"), lambda r: r, format=status_text, colour=_colour),
    Column(N_("Received"), lambda r: r.received_at, format=format_local),
    Column(N_("Unit or place"), lambda r: r.unit_code or r.place),
    Column(N_("Complainant"), lambda r: r.complainant_name),
    Column(N_("Class"), lambda r: label(r.cls)),
    Column(N_("Kind"), lambda r: kind_label(r.kind)),
    Column(N_("Next step"), lambda r: label(r.next_step) if r.next_step is not None else ""),
    Column(
        N_("Close by"), lambda r: r.close_by, format=format_local, colour=lambda r: BAD if r.overdue else None
    ),
    Column(N_("Content"), lambda r: r.content.replace("\n", " ")[:60], tooltip=lambda r: r.content),
]
RECEIVED_COLUMN = 3


class _Numbered(RowTableModel[ComplaintRow]):
    """The rows numbered 1, 2, 3 … in the order loaded (newest first)."""

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:  # type: ignore[override]
        if (
            index.isValid()
            and index.column() == 0
            and role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.UserRole + 1)
        ):
            return index.row() + 1 if role != Qt.ItemDataRole.DisplayRole else str(index.row() + 1)
        return super().data(index, role)


class ComplaintList(QWidget):
    """The list with its filters; ``sig_open`` asks the page to show the chosen complaint."""

    sig_open = Signal(str)
    """The clerk opened complaint number ``str`` (Enter or a double click)."""
    sig_chosen = Signal(str)
    """Complaint number ``str`` was chosen in the table (the case tab follows it)."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self.status = QComboBox()
        self.month = QComboBox()
        self.open_only = QCheckBox(_("&Open only"))
        self.overdue_only = QCheckBox(_("O&verdue only"))
        self.model = _Numbered(COLUMNS, parent=self)
        self.proxy = sorting_proxy(self.model, self)
        self.table = QTableView()
        self.count = QLabel()
        self.more_button = QPushButton(_("Load mo&re"))
        self.show_button = QPushButton(_("S&how the case"))
        self.export_button = export_button(self, self.export)
        self._complete = True
        self._chosen = ""
        self._build_ui()
        self._connect_signals()

    def _build_ui(self) -> None:
        self.status.addItem(_("All statuses"), "")
        for status in ComplaintStatus:
            self.status.addItem(label(status), status.value)
        self.month.addItem(_("All months"), "")
        for month in months_back(local_today(), MONTHS_BACK):
            self.month.addItem(month, month)
        self.open_only.setChecked(True)
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(RECEIVED_COLUMN, Qt.SortOrder.DescendingOrder)  # newest first
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.installEventFilter(self)
        filters = QHBoxLayout()
        for caption, combo in ((_("S&tatus"), self.status), (_("&Month"), self.month)):
            text = QLabel(caption)
            text.setBuddy(combo)
            filters.addWidget(text)
            filters.addWidget(combo)
        filters.addWidget(self.open_only)
        filters.addWidget(self.overdue_only)
        filters.addStretch(1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.show_button)
        buttons.addWidget(self.more_button)
        buttons.addWidget(self.count, 1)
        buttons.addWidget(self.export_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)

    def _connect_signals(self) -> None:
        for combo in (self.status, self.month):
            combo.currentIndexChanged.connect(self.reload)
        for box in (self.open_only, self.overdue_only):
            box.toggled.connect(self.reload)
        self.more_button.clicked.connect(self.load_more)
        self.show_button.clicked.connect(self.open_chosen)
        self.table.doubleClicked.connect(lambda _index: self.open_chosen())
        self.table.selectionModel().selectionChanged.connect(self._on_selection_changed)
        self._context.bus.subscribe(self, self._on_bus_changed)
        self._update_buttons()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Enter in the table opens the chosen complaint."""
        if (
            watched is self.table
            and isinstance(event, QKeyEvent)
            and event.type() == QEvent.Type.KeyPress
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        ):
            self.open_chosen()
            return True
        return False

    def filters(self) -> ListFilter:
        """The filters as chosen."""
        return ListFilter(
            status=str(self.status.currentData() or ""),
            month=str(self.month.currentData() or ""),
            open_only=self.open_only.isChecked(),
            overdue_only=self.overdue_only.isChecked(),
        )

    def reload(self) -> None:
        """The first page of complaints the filters ask for (worker thread)."""
        self._load(None)

    def load_more(self) -> None:
        """The next page, after the last row loaded."""
        rows = self.model.rows()
        if rows and not self._complete:
            last = rows[-1]
            self._load((last.received_at, last.id))

    def _load(self, before: tuple[datetime, int] | None) -> None:
        actor, complaints, filters = (
            self._context.require_actor(),
            self._context.services.complaints,
            self.filters(),
        )
        after = before  # keyword-only below

        def job() -> list[ComplaintRow]:
            return complaints.list_complaints(
                actor=actor,
                filters=filters,
                limit=PAGE_SIZE,
                before=after,
            )

        self._context.runner.submit(
            job, lambda rows: self._on_loaded(rows, more=before is not None), owner=self
        )

    def _on_loaded(self, rows: list[ComplaintRow], *, more: bool) -> None:
        chosen = self.selected()
        self._complete = len(rows) < PAGE_SIZE
        if more:
            self.model.append_rows(rows)
        else:
            self.model.set_rows(rows)
            if (chosen is None or not self.select(chosen.number)) and rows:
                self.table.selectRow(0)  # the newest: Enter opens it, the case tab shows it
        shown = self.model.rowCount()
        overdue = sum(1 for r in self.model.rows() if r.overdue)
        text = ngettext("{n} complaint", "{n} complaints", shown).format(n=shown)
        if overdue:
            text += " · " + ngettext("{n} overdue", "{n} overdue", overdue).format(n=overdue)
        if not self._complete:
            text += " · " + _("more to load")
        self.count.setText(text)
        self._update_buttons()

    def select(self, number: str) -> bool:
        """Choose complaint ``number`` if listed."""
        for row, complaint in enumerate(self.model.rows()):
            if complaint.number == number:
                self.table.selectRow(self.proxy.mapFromSource(self.model.index(row, 0)).row())
                return True
        return False

    def selected(self) -> ComplaintRow | None:
        """The complaint chosen in the table."""
        rows = self.table.selectionModel().selectedRows()
        return self.model.row(self.proxy.mapToSource(rows[0]).row()) if rows else None

    def open_chosen(self) -> None:
        """Show the chosen complaint's case."""
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

    def export(self) -> None:
        """The list as shown, to Excel (complainants' names: personal data, so a supervisor's right)."""
        export_view(
            self._context,
            self,
            self.table,
            title=_("Complaints"),
            file_stem=_("Complaints"),
            what="complaints",
            personal=True,
        )

    def _on_bus_changed(self, entity: str) -> None:
        if entity in (ENTITY, CALLBACK_ENTITY) and self.isVisible():
            self.reload()
