"""The callback queue (Shift+F4): every case due for its callback today or overdue, across modules,
the longest waiting first; the call is recorded in the form beside the list."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from frontdesk.callbacks.rows import CallbackRow
from frontdesk.clock import format_local
from frontdesk.i18n import N_, _, ngettext
from ui.callbacks.entities import CASE_ENTITIES, ENTITY
from ui.callbacks.form import CallbackForm, module_label
from ui.kit.context import AppContext
from ui.kit.list_export import export_button, export_view
from ui.kit.pages import Navigator, open_record
from ui.kit.table_model import RIGHT, Column, RowTableModel, sorting_proxy

OVERDUE, DUE = "#b3261e", "#8a5a00"


COLUMNS: list[Column[CallbackRow]] = [
    Column(N_("Due at"), lambda r: r.due_at, format=format_local),
    Column(
        N_("Callback"),
        lambda r: r.overdue,
        format=lambda overdue: ("⚠ " + _("Overdue")) if overdue else _("Due today"),
        colour=lambda r: OVERDUE if r.overdue else DUE,
    ),
    Column(N_("Case"), lambda r: r.case_ref),
    Column(N_("Kind of case"), lambda r: r.module, format=module_label),
    Column(N_("Unit"), lambda r: r.unit_code),
    Column(N_("Resident"), lambda r: r.resident_name),
    Column(N_("Phone"), lambda r: r.phone_masked),
    Column(N_("Handled by"), lambda r: r.handled_by_name),
    Column(N_("Unreachable"), lambda r: r.attempts, align=RIGHT),
]


class CallbacksPage(QWidget):
    """The queue on the left, the chosen callback's form on the right."""

    def __init__(self, context: AppContext, navigator: Navigator, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self._navigator = navigator
        self.model: RowTableModel[CallbackRow] = RowTableModel(COLUMNS, parent=self)
        self.proxy = sorting_proxy(self.model, self)
        self.table = QTableView()
        self.summary = QLabel()
        self.form = CallbackForm(context)
        self.open_button = QPushButton(_("Open the &case"))
        self.export_button = export_button(self, self.export)
        self.status = QLabel()
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self._wanted: int | None = None  # the callback to choose once the queue has loaded
        self._build_ui()
        self._connect_signals()

    def _build_ui(self) -> None:
        heading = QLabel(_("Callbacks"))
        heading.setObjectName("pageTitle")
        self.summary.setObjectName("hint")
        caption = QLabel(_("&Due today and overdue, the longest waiting first"))
        caption.setBuddy(self.table)
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(False)  # the queue's own order: the longest waiting first
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setToolTip(_("Enter: record the call for the chosen case"))
        self.status.setWordWrap(True)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(caption)
        left_layout.addWidget(self.table, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.open_button)
        buttons.addStretch(1)
        buttons.addWidget(self.export_button)
        left_layout.addLayout(buttons)
        left_layout.addWidget(self.status)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(self.form)
        self.splitter.addWidget(left)
        self.splitter.addWidget(scroll)
        self.splitter.setSizes([700, 420])
        self.splitter.setChildrenCollapsible(False)
        top = QHBoxLayout()
        top.addWidget(heading)
        top.addWidget(self.summary, 1, Qt.AlignmentFlag.AlignBottom)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 8, 24, 8)
        layout.addLayout(top)
        layout.addWidget(self.splitter, 1)

    def _connect_signals(self) -> None:
        self.table.selectionModel().selectionChanged.connect(self._on_selection_changed)
        self.table.activated.connect(self._on_table_activated)
        self.table.doubleClicked.connect(self._on_table_activated)
        self.open_button.clicked.connect(self.open_case)
        self.form.sig_recorded.connect(self._on_recorded)
        self._context.bus.subscribe(self, self._on_bus_changed)
        self._on_selection_changed()

    def activate(self) -> None:
        """The page was opened: the queue reloaded, the cursor in it."""
        self.reload()
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)

    def reload(self) -> None:
        """Load the queue (worker thread), keeping the chosen callback chosen."""
        actor, callbacks = self._context.require_actor(), self._context.services.callbacks
        self._context.runner.submit(lambda: callbacks.due_queue(actor=actor), self._on_loaded, owner=self)

    def _on_loaded(self, rows: list[CallbackRow]) -> None:
        current = self.selected()
        wanted = self._wanted if self._wanted is not None else (current.id if current is not None else None)
        self._wanted = None
        self.model.set_rows(rows)
        overdue = sum(1 for r in rows if r.overdue)
        self.summary.setText(
            ngettext("{n} to call back", "{n} to call back", len(rows)).format(n=len(rows))
            + " · "
            + ngettext("{n} past due", "{n} past due", overdue).format(n=overdue)
        )
        if not rows:
            self.form.show_callback(None)
            return
        if wanted is None or not self.select(wanted):
            self.table.selectRow(0)
        self._on_selection_changed()

    def select(self, callback_id: int) -> bool:
        """Choose callback ``callback_id`` if it is in the queue."""
        for number, row in enumerate(self.model.rows()):
            if row.id == callback_id:
                self.table.selectRow(self.proxy.mapFromSource(self.model.index(number, 0)).row())
                return True
        return False

    def selected(self) -> CallbackRow | None:
        """The callback chosen in the queue."""
        rows = self.table.selectionModel().selectedRows()
        return self.model.row(self.proxy.mapToSource(rows[0]).row()) if rows else None

    def _on_selection_changed(self) -> None:
        row = self.selected()
        self.open_button.setEnabled(row is not None)
        if row is not None or self.model.rowCount() == 0:
            self.form.show_callback(row)

    def _on_table_activated(self, _index: QModelIndex) -> None:
        """Enter (or a double click) on a case: the cursor goes to the call's form."""
        if self.selected() is not None:
            self.form.focus()

    def open_case(self) -> None:
        """Show the chosen callback's case on its module's page, if that page is on this desk."""
        row = self.selected()
        if row is None:
            return
        if open_record(self._navigator, f"{row.module}:{row.case_ref}"):
            self.status.clear()
            return
        self.status.setText(
            _("{ref} cannot be opened here: the {kind} page is not available on this desk.").format(
                ref=row.case_ref, kind=module_label(row.module)
            )
        )

    def _on_recorded(self, row: CallbackRow) -> None:
        self._context.bus.notify(ENTITY)
        self._context.bus.notify(row.module)  # the case closed, reopened or was escalated
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)

    def _on_bus_changed(self, entity: str) -> None:
        if entity == ENTITY or entity in CASE_ENTITIES:
            self.reload()

    def export(self) -> None:
        """The queue as shown, to Excel (residents' names: personal data, so a supervisor's right)."""
        export_view(
            self._context,
            self,
            self.table,
            title=_("Callbacks"),
            file_stem=_("Callbacks"),
            what="callbacks",
            personal=True,
        )
