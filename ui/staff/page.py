"""The Staff page (administrators): the accounts, with add, edit and password-reset dialogs."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from frontdesk.auth import StaffRow, role_label
from frontdesk.clock import format_local
from frontdesk.i18n import N_, _
from ui.kit.context import AppContext
from ui.kit.list_export import export_button, export_view
from ui.kit.table_model import Column, RowTableModel, sorting_proxy
from ui.staff.dialogs import AddStaffDialog, EditStaffDialog, ResetPasswordDialog

COLUMNS: list[Column[StaffRow]] = [
    Column(N_("User name"), lambda r: r.username),
    Column(N_("Name"), lambda r: r.display_name),
    Column(N_("Role"), lambda r: r.role, format=role_label),
    Column(
        N_("Status"),
        lambda r: r.active,
        format=lambda a: _("Active") if a else _("Disabled"),
        colour=lambda r: None if r.active else "#8a1c1c",
    ),
    Column(N_("Last sign-in"), lambda r: r.last_login_at, format=format_local),
]


class StaffPage(QWidget):
    """Who may sign in, in which role; only administrators see this page (the core checks too)."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self.model: RowTableModel[StaffRow] = RowTableModel(COLUMNS, parent=self)
        self.proxy = sorting_proxy(self.model, self)
        self.table = QTableView()
        self.filter = QLineEdit()
        self.add_button = QPushButton(_("&Add …"))
        self.edit_button = QPushButton(_("&Edit …"))
        self.password_button = QPushButton(_("Reset &password …"))
        self.export_button = export_button(self, self.export)
        self.dialog: QDialog | None = None
        self._select_id: int | None = None
        self._build_ui()
        self._connect_signals()

    def _build_ui(self) -> None:
        heading = QLabel(_("Staff"))
        heading.setObjectName("pageTitle")
        self.filter.setPlaceholderText(_("Filter by name or user name"))
        self.filter.setClearButtonEnabled(True)
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.add_button.setObjectName("primary")
        bar = QHBoxLayout()
        bar.addWidget(self.filter, 1)
        for button in (self.add_button, self.edit_button, self.password_button, self.export_button):
            bar.addWidget(button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 16, 24, 16)
        layout.addWidget(heading)
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)
        self.setTabOrder(self.filter, self.table)

    def _connect_signals(self) -> None:
        self.filter.textChanged.connect(self.proxy.setFilterFixedString)
        self.add_button.clicked.connect(self._on_add_button_clicked)
        self.edit_button.clicked.connect(self._on_edit_button_clicked)
        self.password_button.clicked.connect(self._on_password_button_clicked)
        self.table.activated.connect(self._on_table_activated)
        self.table.selectionModel().selectionChanged.connect(self._on_table_selection_changed)
        QShortcut(QKeySequence.StandardKey.New, self, self._on_add_button_clicked)
        self._context.bus.subscribe(self, self._on_bus_changed)
        self._update_buttons()

    def activate(self) -> None:
        """Load the accounts (the page was opened)."""
        actor, staff = self._context.require_actor(), self._context.services.staff
        self._context.runner.submit(lambda: staff.list(actor=actor), self._on_rows_loaded, owner=self)

    def _on_rows_loaded(self, rows: list[StaffRow]) -> None:
        self.model.set_rows(rows)
        if self._select_id is not None:
            self.select(self._select_id)
        self._update_buttons()

    def export(self) -> None:
        """Export the accounts as listed (filter and order) to Excel."""
        export_view(self._context, self, self.table, title=_("Staff"), file_stem=_("Staff"), what="staff")

    def _on_bus_changed(self, entity: str) -> None:
        if entity == "staff":
            self.activate()

    def select(self, staff_id: int) -> bool:
        """Highlight a staff member (e.g. chosen in the global search); False if not listed yet."""
        self._select_id = staff_id
        for number, row in enumerate(self.model.rows()):
            if row.id == staff_id:
                index = self.proxy.mapFromSource(self.model.index(number, 0))
                self.table.selectRow(index.row())
                self.table.setFocus()
                self._select_id = None
                return True
        return False

    def selected(self) -> StaffRow | None:
        """The staff member highlighted in the table."""
        rows = self.table.selectionModel().selectedRows()
        return self.model.row(self.proxy.mapToSource(rows[0]).row()) if rows else None

    def _on_table_selection_changed(self) -> None:
        self._update_buttons()

    def _update_buttons(self) -> None:
        chosen = self.selected() is not None
        self.edit_button.setEnabled(chosen)
        self.password_button.setEnabled(chosen)

    def _open(self, dialog: QDialog) -> None:
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.dialog = dialog
        dialog.open()

    def _on_add_button_clicked(self) -> None:
        self._open(AddStaffDialog(self._context, self))

    def _on_edit_button_clicked(self) -> None:
        row = self.selected()
        if row is not None:
            self._open(EditStaffDialog(self._context, row, self))

    def _on_password_button_clicked(self) -> None:
        row = self.selected()
        if row is not None:
            self._open(ResetPasswordDialog(self._context, row, self))

    def _on_table_activated(self, _index: QModelIndex) -> None:
        self._on_edit_button_clicked()
