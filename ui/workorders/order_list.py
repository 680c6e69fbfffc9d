"""The work orders, newest first: by status, month, open or needing attention only; overdue and
urgent-unsigned rows stand out in red and say so; a page at a time (Load more), exported as shown;
Enter opens the chosen one; the work plan of a day printed from here."""

from __future__ import annotations

from datetime import date, datetime

from PySide6.QtCore import QDate, QEvent, QModelIndex, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from frontdesk.clock import format_local, local_today
from frontdesk.i18n import N_, _, ngettext
from frontdesk.workorders.labels import label
from frontdesk.workorders.rows import ListFilter, OrderRow, OrderStatus
from ui.kit.context import AppContext
from ui.kit.list_export import export_button, export_view
from ui.kit.moments import months_back
from ui.kit.table_model import RIGHT, Column, RowTableModel, sorting_proxy
from ui.workorders.common import BAD, CALLBACK_ENTITY, ENTITY, preview_plan, row_colour, status_text

PAGE_SIZE = 200
MONTHS_BACK = 36


def _when(value: datetime | None) -> str:
    return format_local(value) if value is not None else ""


COLUMNS: list[Column[OrderRow]] = [
    Column(N_("No."), lambda r: 0, align=RIGHT),  # replaced by the row's place (see _Numbered)
    Column(N_("Number"), lambda r: r.number),
    Column(N_("Status"), lambda r: r, format=status_text, colour=row_colour),
    Column(
        N_("Urgency"),
        lambda r: label(r.urgency),
        colour=lambda r: BAD if r.urgency.value == "urgent" else None,
    ),
    Column(N_("Received"), lambda r: r.received_at, format=format_local),
    Column(N_("Unit or place"), lambda r: r.unit_code or r.place),
    Column(N_("Category"), lambda r: r.category_name),
    Column(N_("Technician"), lambda r: r.technician_name),
    Column(N_("Finish by"), lambda r: r.finish_by, format=_when, colour=lambda r: BAD if r.overdue else None),
    Column(N_("Problem"), lambda r: r.problem.replace("\n", " ")[:60], tooltip=lambda r: r.problem),
]
RECEIVED_COLUMN = 4


class _Numbered(RowTableModel[OrderRow]):
    """The rows numbered 1, 2, 3 … in the order loaded (newest first)."""

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:  # type: ignore[override]
        if (
            index.isValid()
            and index.column() == 0
            and role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.UserRole + 1)
        ):
            return index.row() + 1 if role != Qt.ItemDataRole.DisplayRole else str(index.row() + 1)
        return super().data(index, role)


class OrderList(QWidget):
    """The list with its filters; ``sig_open`` asks the page to show the chosen order."""

    sig_open = Signal(str)
    """The clerk opened order number ``str`` (Enter or a double click)."""
    sig_chosen = Signal(str)
    """Order number ``str`` was chosen in the table (the order tab follows it)."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self.status = QComboBox()
        self.month = QComboBox()
        self.open_only = QCheckBox(_("Open onl&y"))
        self.overdue_only = QCheckBox(_("O&verdue or urgent only"))
        self.model = _Numbered(COLUMNS, parent=self)
        self.proxy = sorting_proxy(self.model, self)
        self.table = QTableView()
        self.count = QLabel()
        self.more_button = QPushButton(_("Load mo&re"))
        self.show_button = QPushButton(_("S&how the order"))
        self.plan_day = QDateEdit()
        self.plan_button = QPushButton(_("Wor&k plan …"))
        self.export_button = export_button(self, self.export)
        self._complete = True
        self._chosen = ""
        self._build_ui()
        self._connect_signals()

    def _build_ui(self) -> None:
        self.status.addItem(_("All statuses"), "")
        for status in OrderStatus:
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
        today = local_today()
        self.plan_day.setDisplayFormat("yyyy-MM-dd")
        self.plan_day.setDate(QDate(today.year, today.month, today.day))
        self.plan_day.setToolTip(_("The day whose work plan is printed"))
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
        buttons.addWidget(self.plan_day)
        buttons.addWidget(self.plan_button)
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
        self.plan_button.clicked.connect(self.print_plan)
        self.table.doubleClicked.connect(lambda _index: self.open_chosen())
        self.table.selectionModel().selectionChanged.connect(self._on_selection_changed)
        self._context.bus.subscribe(self, self._on_bus_changed)
        self._update_buttons()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Enter in the table opens the chosen order."""
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
            attention_only=self.overdue_only.isChecked(),
        )

    def reload(self) -> None:
        """The first page of orders the filters ask for (worker thread)."""
        self._load(None)

    def load_more(self) -> None:
        """The next page, after the last row loaded."""
        rows = self.model.rows()
        if rows and not self._complete:
            last = rows[-1]
            self._load((last.received_at, last.id))

    def _load(self, before: tuple[datetime, int] | None) -> None:
        actor, orders, filters = (
            self._context.require_actor(),
            self._context.services.workorders,
            self.filters(),
        )
        after = before

        def job() -> list[OrderRow]:
            return orders.list_orders(actor=actor, filters=filters, limit=PAGE_SIZE, before=after)

        self._context.runner.submit(
            job, lambda rows: self._on_loaded(rows, more=before is not None), owner=self
        )

    def _on_loaded(self, rows: list[OrderRow], *, more: bool) -> None:
        chosen = self.selected()
        self._complete = len(rows) < PAGE_SIZE
        if more:
            self.model.append_rows(rows)
        else:
            self.model.set_rows(rows)
            if (chosen is None or not self.select(chosen.number)) and rows:
                self.table.selectRow(0)
        shown = self.model.rowCount()
        attention = sum(1 for r in self.model.rows() if r.attention)
        text = ngettext("{n} work order", "{n} work orders", shown).format(n=shown)
        if attention:
            text += " · " + ngettext("{n} needs attention", "{n} need attention", attention).format(
                n=attention
            )
        if not self._complete:
            text += " · " + _("more to load")
        self.count.setText(text)
        self._update_buttons()

    def select(self, number: str) -> bool:
        """Choose order ``number`` if listed."""
        for row, order in enumerate(self.model.rows()):
            if order.number == number:
                self.table.selectRow(self.proxy.mapFromSource(self.model.index(row, 0)).row())
                return True
        return False

    def selected(self) -> OrderRow | None:
        """The order chosen in the table."""
        rows = self.table.selectionModel().selectedRows()
        return self.model.row(self.proxy.mapToSource(rows[0]).row()) if rows else None

    def open_chosen(self) -> None:
        """Show the chosen order with its next step."""
        row = self.selected()
        if row is not None:
            self.sig_open.emit(row.number)

    def print_plan(self) -> None:
        """Preview the work plan of the day chosen beside the button."""
        day = self.plan_day.date().toPython()
        assert isinstance(day, date)
        preview_plan(self._context, self, day)

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
        """The list as shown, to Excel."""
        export_view(
            self._context,
            self,
            self.table,
            title=_("Work orders"),
            file_stem=_("Work orders"),
            what="work_orders",
        )

    def _on_bus_changed(self, entity: str) -> None:
        if entity in (ENTITY, CALLBACK_ENTITY) and self.isVisible():
            self.reload()
