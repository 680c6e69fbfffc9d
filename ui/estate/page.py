"""The Residents page: find a unit or resident while typing, see the unit panel, take payments, log calls."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from frontdesk.auth import Permission
from frontdesk.estate.kinds import label
from frontdesk.estate.search import SearchHit
from frontdesk.i18n import N_, _
from ui.estate.account_view import AccountDialog
from ui.estate.actions import RegistryActions
from ui.estate.import_dialog import ImportDialog
from ui.estate.payments import CollectionDialog, PaymentDialog
from ui.kit.context import AppContext
from ui.kit.list_export import export_button, export_view
from ui.kit.table_model import Column, RowTableModel
from ui.kit.unit_panel import UnitPanel

SEARCH_DELAY_MS = 150

MUTED = "#6b6b6b"


def _who(hit: SearchHit) -> str:
    """A resident's name; for a unit found by its code, who lives there (or that nobody does)."""
    if hit.resident_id is not None:
        return hit.name
    return "、".join(hit.occupants) if hit.occupants else _("Vacant / no residents")


COLUMNS: list[Column[SearchHit]] = [
    Column(N_("Unit"), lambda h: h.unit_code),
    Column(
        N_("Name"),
        _who,
        colour=lambda h: MUTED if h.resident_id is None and not h.occupants else None,
    ),
    Column(N_("Owner or tenant"), lambda h: h.resident_kind, format=lambda k: label(k) if k else ""),
    Column(N_("Phone"), lambda h: h.phone_masked),
]


class RegistryPage(QWidget):
    """Search units and residents; the chosen unit's panel beside the results."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self.search = QLineEdit()
        self.model: RowTableModel[SearchHit] = RowTableModel(COLUMNS, parent=self)
        self.table = QTableView()
        self.panel = UnitPanel(context)
        self.payment_button = QPushButton(_("Record &payment …"))
        self.collection_button = QPushButton(_("&Log collection call …"))
        self.import_button = QPushButton(_("&Import from Excel …"))
        self.account_button = QPushButton(_("&Account …"))
        self.export_button = export_button(self, self.export)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.dialog: QDialog | None = None
        self.editing = RegistryActions(
            context, self, lambda: self.panel.data, self._chosen_resident, self._open
        )
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SEARCH_DELAY_MS)
        self._build_ui()
        self._connect_signals()

    def _build_ui(self) -> None:
        heading = QLabel(_("Residents"))
        heading.setObjectName("pageTitle")
        self.search.setPlaceholderText(_("Unit (3-1502), name, phone, last digits of phone or ID"))
        self.search.setClearButtonEnabled(True)
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.search)
        left_layout.addWidget(self.table, 1)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(8, 0, 0, 0)
        right_layout.addWidget(self.panel, 1)
        buttons = QHBoxLayout()
        self.payment_button.setObjectName("primary")
        buttons.addWidget(self.payment_button)
        buttons.addWidget(self.collection_button)
        buttons.addWidget(self.account_button)
        self.account_button.setToolTip(_("The unit's charges and payments; void a wrong line"))
        buttons.addStretch(1)
        right_layout.addLayout(buttons)
        people = QHBoxLayout()
        people.addWidget(self.editing.resident_button)
        people.addWidget(self.editing.menu_button)
        people.addStretch(1)
        right_layout.addLayout(people)
        self.splitter.addWidget(left)
        self.splitter.addWidget(right)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 16, 24, 16)
        top = QHBoxLayout()
        top.addWidget(heading)
        top.addStretch(1)
        top.addWidget(self.export_button)
        top.addWidget(self.editing.building_button)
        top.addWidget(self.import_button)
        self.import_button.setToolTip(_("Import residents or arrears from the office's Excel sheet"))
        self.import_button.setVisible(self._context.can(Permission.REGISTRY_EDIT))
        layout.addLayout(top)
        layout.addWidget(self.splitter, 1)
        self.setTabOrder(self.search, self.table)

    def _connect_signals(self) -> None:
        self.search.textChanged.connect(self._timer.start)
        self.search.returnPressed.connect(self._on_search_return_pressed)
        self._timer.timeout.connect(self.run_search)
        self.model.modelReset.connect(self._update_buttons)
        self.table.activated.connect(self._on_table_activated)
        self.table.selectionModel().selectionChanged.connect(self._on_table_selection_changed)
        self.payment_button.clicked.connect(self._on_payment_button_clicked)
        self.collection_button.clicked.connect(self._on_collection_button_clicked)
        self.import_button.clicked.connect(self._on_import_button_clicked)
        self.account_button.clicked.connect(self._on_account_button_clicked)
        self._context.bus.subscribe(self, self._on_bus_changed)
        self._update_buttons()

    def activate(self) -> None:
        """The page was opened: put the cursor in the search box."""
        self.search.setFocus(Qt.FocusReason.OtherFocusReason)

    def run_search(self) -> None:
        """Search now for the text typed (on the worker thread)."""
        self._timer.stop()
        text = self.search.text().strip()
        if not text:
            self.model.set_rows([])
            return
        actor, estate = self._context.require_actor(), self._context.services.estate
        self._context.runner.submit(
            lambda: (text, estate.search(actor=actor, text=text, limit=50)), self._on_hits_loaded, owner=self
        )

    def _on_hits_loaded(self, result: tuple[str, list[SearchHit]]) -> None:
        text, hits = result
        if text != self.search.text().strip():
            return  # the clerk typed on; a newer search follows
        self.model.set_rows(hits)
        if len(hits) == 1:
            self.table.selectRow(0)

    def _on_search_return_pressed(self) -> None:
        self.run_search()
        if self.model.rowCount() > 0:
            if self.selected() is None:
                self.table.selectRow(0)
            self.table.setFocus()

    def selected(self) -> SearchHit | None:
        """The hit highlighted in the table."""
        rows = self.table.selectionModel().selectedRows()
        return self.model.row(rows[0].row()) if rows else None

    def show_unit(self, unit_id: int) -> None:
        """Show unit ``unit_id`` in the panel (e.g. chosen in the global search)."""
        self.panel.show_unit(unit_id)
        self._update_buttons()

    def _on_table_selection_changed(self) -> None:
        hit = self.selected()
        if hit is None:
            self.panel.clear()
        elif hit.unit_id != self.panel.unit_id:
            self.panel.show_unit(hit.unit_id)
        self._update_buttons()

    def _on_table_activated(self, _index: QModelIndex) -> None:
        hit = self.selected()
        if hit is not None:
            self.show_unit(hit.unit_id)
            self.payment_button.setFocus()

    def _update_buttons(self) -> None:
        chosen = self.panel.unit_id is not None
        self.payment_button.setEnabled(chosen)
        self.collection_button.setEnabled(chosen)
        self.account_button.setEnabled(chosen)
        self.editing.update(chosen)
        self.export_button.setEnabled(self.model.rowCount() > 0)

    def _chosen_resident(self) -> int | None:
        hit = self.selected()
        return hit.resident_id if hit is not None and hit.unit_id == self.panel.unit_id else None

    def _unit_code(self) -> str:
        data = self.panel.data
        return data.unit.code if data is not None else ""

    def _open(self, dialog: QDialog) -> None:
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.dialog = dialog
        dialog.open()

    def _on_payment_button_clicked(self) -> None:
        if self.panel.unit_id is not None:
            self._open(PaymentDialog(self._context, self.panel.unit_id, self._unit_code(), self))

    def _on_collection_button_clicked(self) -> None:
        if self.panel.unit_id is not None:
            self._open(CollectionDialog(self._context, self.panel.unit_id, self._unit_code(), self))

    def export(self) -> None:
        """Export the units and residents found, as shown (phones masked), to Excel."""
        if self.model.rowCount() == 0:
            return  # Ctrl+E with nothing found: no empty workbook
        export_view(
            self._context,
            self,
            self.table,
            title=_("Residents found for “{text}”").format(text=self.search.text().strip()),
            file_stem=_("Residents"),
            what="residents",
            personal=True,
        )

    def _on_account_button_clicked(self) -> None:
        if self.panel.unit_id is not None:
            self._open(AccountDialog(self._context, self.panel.unit_id, self._unit_code(), self))

    def _on_import_button_clicked(self) -> None:
        self._open(ImportDialog(self._context, self))

    def _on_bus_changed(self, entity: str) -> None:
        if entity == "estate":
            self.panel.reload()
            if self.search.text().strip():
                self.run_search()  # a name or phone just edited shows in the results too
