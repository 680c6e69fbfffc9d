"""The latest calls and what became of each; the chosen call is turned into a complaint, a message for a
resident or a work order request, one action each."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from frontdesk.calls.service import CallRow
from frontdesk.clock import format_local
from frontdesk.complaints.labels import department_label
from frontdesk.complaints.rows import ComplaintRow
from frontdesk.i18n import N_, _
from ui.calls.dialogs import ENTITY, ComplaintDialog, MessageDialog, WorkOrderRequestDialog
from ui.kit.context import AppContext
from ui.kit.list_export import export_view
from ui.kit.table_model import Column, RowTableModel, sorting_proxy

LIMIT = 200
OPEN_OUTCOMES = ("answered", "contact")  # a call not yet turned into anything
GOOD, WARN, INFO = "#1b6e2a", "#8a5a00", "#24415f"


def outcome_text(row: CallRow) -> str:
    """What became of a call, in words."""
    if row.outcome == "complaint":
        return _("Complaint {number}").format(number=row.complaint_number)
    names = {
        "answered": N_("Answered"),
        "contact": N_("Contact taken for the reply"),
        "message": N_("Message for a resident"),
        "work_order_request": N_("Work order request"),
    }
    return _(names[row.outcome]) if row.outcome in names else row.outcome


def _outcome_colour(row: CallRow) -> str:
    if row.outcome == "contact":
        return WARN
    return GOOD if row.outcome == "answered" else INFO


COLUMNS: list[Column[CallRow]] = [
    Column(N_("Received"), lambda r: r.received_at, format=format_local),
    Column(N_("Caller"), lambda r: r.caller_name),
    Column(N_("Phone"), lambda r: r.caller_phone_masked),
    Column(N_("Unit"), lambda r: r.unit_code),
    Column(N_("Became"), lambda r: r, format=outcome_text, colour=_outcome_colour),
    Column(N_("Passed to"), lambda r: department_label(r.passed_to) if r.passed_to else ""),
    Column(N_("Call back"), lambda r: r.callback_needed, format=lambda yes: _("Yes") if yes else ""),
    Column(N_("Clerk"), lambda r: r.clerk_name),
    Column(N_("Matter"), lambda r: r.matter.replace("\n", " "), tooltip=lambda r: r.matter),
]


class RecentCalls(QWidget):
    """The latest calls, newest first, with the actions on the chosen one."""

    sig_complaint_made = Signal(object)
    """A call became a complaint (its :class:`ComplaintRow`)."""
    sig_dialog_closed = Signal()
    sig_work_order_requested = Signal(int)
    """The chosen call (its id) was made a work order request: the order's form may follow."""
    """A call's dialog closed (saved or cancelled): the desk is ready for the next call."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self.model: RowTableModel[CallRow] = RowTableModel(COLUMNS, parent=self)
        self.proxy = sorting_proxy(self.model, self)
        self.table = QTableView()
        self.complaint_button = QPushButton(_("Complain&t …"))
        self.message_button = QPushButton(_("M&essage …"))
        self.work_order_button = QPushButton(_("&Work order …"))
        self.export_button = QPushButton(_("E&xport to Excel …"))
        self.dialog: QDialog | None = None
        self._wanted: int | None = None
        self._build_ui()
        self._connect_signals()

    def _build_ui(self) -> None:
        caption = QLabel(_("Recent &calls"))
        caption.setBuddy(self.table)
        self.table.setModel(self.proxy)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.complaint_button.setToolTip(_("The chosen call becomes a complaint by phone"))
        self.message_button.setToolTip(_("The chosen call becomes a message for a resident"))
        self.work_order_button.setToolTip(_("The chosen call becomes a work order request"))
        top = QHBoxLayout()
        top.addWidget(caption)
        top.addStretch(1)
        top.addWidget(self.export_button)
        buttons = QHBoxLayout()
        buttons.addWidget(QLabel(_("Turn the call into:")))
        for button in (self.complaint_button, self.message_button, self.work_order_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)

    def _connect_signals(self) -> None:
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        self.complaint_button.clicked.connect(self.make_complaint)
        self.message_button.clicked.connect(self.make_message)
        self.work_order_button.clicked.connect(self.make_work_order_request)
        self.export_button.clicked.connect(self.export)
        self._context.bus.subscribe(self, self._on_bus_changed)
        self._update_buttons()

    def reload(self, choose: int | None = None) -> None:
        """Load the latest calls (worker thread); ``choose`` a call once loaded (else keep the chosen)."""
        if choose is not None:
            self._wanted = choose
        actor, calls = self._context.require_actor(), self._context.services.calls
        self._context.runner.submit(
            lambda: calls.recent(actor=actor, limit=LIMIT), self._on_loaded, owner=self
        )

    def _on_loaded(self, rows: list[CallRow]) -> None:
        current = self.selected()
        wanted = self._wanted if self._wanted is not None else (current.id if current is not None else None)
        self._wanted = None
        self.model.set_rows(rows)
        if wanted is not None:
            self.select(wanted)
        self._update_buttons()

    def select(self, call_id: int) -> bool:
        """Choose call ``call_id`` if it is listed."""
        for number, row in enumerate(self.model.rows()):
            if row.id == call_id:
                self.table.selectRow(self.proxy.mapFromSource(self.model.index(number, 0)).row())
                return True
        return False

    def selected(self) -> CallRow | None:
        """The call chosen in the list."""
        rows = self.table.selectionModel().selectedRows()
        return self.model.row(self.proxy.mapToSource(rows[0]).row()) if rows else None

    def _update_buttons(self) -> None:
        row = self.selected()
        still_open = row is not None and row.outcome in OPEN_OUTCOMES
        for button in (self.complaint_button, self.message_button, self.work_order_button):
            button.setEnabled(still_open)

    def make_complaint(self) -> None:
        """The chosen call becomes a complaint."""
        row = self.selected()
        if row is not None and row.outcome in OPEN_OUTCOMES:
            dialog = ComplaintDialog(self._context, row, self)
            dialog.accepted.connect(lambda: self._on_complaint_made(dialog.result_value))
            self._open(dialog)

    def make_message(self) -> None:
        """The chosen call becomes a message for a resident."""
        row = self.selected()
        if row is not None and row.outcome in OPEN_OUTCOMES:
            self._open(MessageDialog(self._context, row, self))

    def make_work_order_request(self) -> None:
        """The chosen call becomes a work order request."""
        row = self.selected()
        if row is not None and row.outcome in OPEN_OUTCOMES:
            dialog = WorkOrderRequestDialog(self._context, row, self)
            dialog.accepted.connect(lambda: self.sig_work_order_requested.emit(row.id))
            self._open(dialog)

    def _open(self, dialog: QDialog) -> None:
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(self.sig_dialog_closed)
        self.dialog = dialog
        dialog.open()

    def _on_complaint_made(self, row: object) -> None:
        if isinstance(row, ComplaintRow):
            self.sig_complaint_made.emit(row)

    def export(self) -> None:
        """The list as shown, to Excel (callers' names and masked numbers: a supervisor's right)."""
        export_view(
            self._context,
            self,
            self.table,
            title=_("Phone calls"),
            file_stem=_("Phone calls"),
            what="phone_calls",
            personal=True,
        )

    def _on_bus_changed(self, entity: str) -> None:
        if entity == ENTITY:
            self.reload()
