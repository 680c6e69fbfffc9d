"""The on-site list beside the form: sign out by the pass handed back or from the list; end of day."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from PySide6.QtCore import QAbstractItemModel, Qt, Signal
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

from frontdesk.clock import local_today, to_local
from frontdesk.i18n import N_, _, ngettext
from frontdesk.visitors.kinds import Answer, VisitStatus, label
from frontdesk.visitors.rows import VisitRow
from ui.kit import messages
from ui.kit.context import AppContext
from ui.kit.table_model import RESIZE_ROWS, Column, RowTableModel
from ui.visitors.notify_dialog import NotifyDialog

ATTENTION = "#b3261e"
GOOD = "#1b6e2a"


def _status_colour(row: VisitRow) -> str | None:
    if row.status is VisitStatus.REFUSED or row.last_answer is Answer.UNREACHABLE:
        return ATTENTION
    return GOOD if row.status is VisitStatus.ON_SITE else None


def _status_text(row: VisitRow) -> str:
    text = label(row.status)
    if row.status is VisitStatus.ON_SITE and row.last_answer is Answer.UNREACHABLE:
        text += " · " + label(Answer.UNREACHABLE)
    if row.signout_kind is not None and row.status is VisitStatus.SIGNED_OUT:
        text = label(row.signout_kind)
    if row.legal_hold:
        text += " · " + _("held")
    return text


#: the columns of visit lists: the visitor's phone and ID masked, never in full
VISIT_COLUMNS: list[Column[VisitRow]] = [
    Column(N_("Pass"), lambda r: r.pass_number),
    Column(N_("Name"), lambda r: r.name or _("(purged)")),
    Column(N_("Phone"), lambda r: r.phone_masked),
    Column(N_("Visiting"), lambda r: r.host),
    Column(N_("Purpose"), lambda r: label(r.purpose)),
    Column(N_("Time in"), lambda r: to_local(r.time_in)),
    Column(N_("Time out"), lambda r: to_local(r.time_out) if r.time_out else None),
    Column(N_("Plate"), lambda r: r.plate),
    Column(N_("Status"), _status_text, colour=_status_colour),
]


def _arrived(moment: object) -> str:
    """Today's arrivals by the time alone ("10:36"), earlier ones with their date."""
    if not isinstance(moment, datetime):
        return ""
    return moment.strftime("%H:%M" if moment.date() == local_today() else "%m-%d %H:%M")


#: who is on site has not left, and a plate is for the list of visits: the on-site list fits its pane
ON_SITE_COLUMNS: list[Column[VisitRow]] = [
    replace(c, format=_arrived) if c.header == "Time in" else c
    for c in VISIT_COLUMNS
    if c.header not in ("Time out", "Plate")
]


def visit_table(model: QAbstractItemModel) -> QTableView:
    """A read-only, single-selection table (of visits, or watch-list entries)."""
    table = QTableView()
    table.setModel(model)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.verticalHeader().hide()
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    table.horizontalHeader().setResizeContentsPrecision(RESIZE_ROWS)  # not every row of a long list
    table.horizontalHeader().setStretchLastSection(True)
    return table


class OnSiteList(QWidget):
    """Who is on site now; a pass number field signs out the visitor who hands it back."""

    sig_print_pass = Signal(int, str)
    """The clerk asked to print the pass of this visit (its id and pass number)."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self.model: RowTableModel[VisitRow] = RowTableModel(ON_SITE_COLUMNS, parent=self)
        self.table = visit_table(self.model)
        self.pass_field = QLineEdit()
        self.sign_out_button = QPushButton(_("Sign &out"))
        self.print_button = QPushButton(_("Print pass …"))
        self.notify_button = QPushButton(_("Notify again …"))
        self.dialog: QDialog | None = None
        self.end_of_day_button = QPushButton(_("Sign out everyone remaining …"))
        self.count = QLabel()
        self.result = QLabel()  # the last sign-out, on a line of its own: beside the buttons it was cut
        self._build_ui()
        self._connect_signals()

    def _build_ui(self) -> None:
        self.pass_field.setPlaceholderText(
            _("Pass handed back: scan it, or type its last digits and Enter (Ctrl+O)")
        )
        # A pass number is letters, digits and "-": no input method, so a scanner typing "FK-…" while
        # a Chinese one is switched on does not have its letters taken for pinyin.
        self.pass_field.setAttribute(Qt.WidgetAttribute.WA_InputMethodEnabled, False)
        self.pass_field.setInputMethodHints(
            Qt.InputMethodHint.ImhLatinOnly | Qt.InputMethodHint.ImhNoPredictiveText
        )
        self.count.setObjectName("tileDetail")
        self.result.setWordWrap(True)
        self.result.hide()
        top = QHBoxLayout()
        top.addWidget(self.pass_field, 1)
        top.addWidget(self.sign_out_button)
        bottom = QHBoxLayout()
        bottom.addWidget(self.count, 1)
        bottom.addWidget(self.notify_button)
        bottom.addWidget(self.print_button)
        bottom.addWidget(self.end_of_day_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.result)
        layout.addLayout(bottom)

    def _connect_signals(self) -> None:
        self.pass_field.returnPressed.connect(self._on_sign_out_requested)
        self.sign_out_button.clicked.connect(self._on_sign_out_requested)
        self.table.activated.connect(lambda _index: self._on_sign_out_requested())
        self.print_button.clicked.connect(self._on_print_button_clicked)
        self.notify_button.clicked.connect(self._on_notify_button_clicked)
        self.end_of_day_button.clicked.connect(self._on_end_of_day_button_clicked)
        self._context.bus.subscribe(self, self._on_bus_changed)

    def reload(self) -> None:
        """Load the on-site list (worker thread)."""
        actor, visitors = self._context.require_actor(), self._context.services.visitors
        self._context.runner.submit(lambda: visitors.on_site(actor=actor), self._on_loaded, owner=self)

    def selected(self) -> VisitRow | None:
        """The visit highlighted in the list."""
        rows = self.table.selectionModel().selectedRows()
        return self.model.row(rows[0].row()) if rows else None

    def _on_loaded(self, rows: list[VisitRow]) -> None:
        self.model.set_rows(rows)
        self.count.setText(
            ngettext("{n} visitor on site", "{n} visitors on site", len(rows)).format(n=len(rows))
        )
        self.end_of_day_button.setEnabled(bool(rows))

    def _on_sign_out_requested(self) -> None:
        badge = self.pass_field.text().strip()
        chosen = None if badge else self.selected()
        if not badge and chosen is None:
            messages.warn(
                self, _("Type the number of the pass handed back, or choose the visitor in the list.")
            )
            return
        actor, visitors = self._context.require_actor(), self._context.services.visitors
        visit_id = chosen.id if chosen is not None else None
        self._context.runner.submit(
            lambda: visitors.sign_out(actor=actor, pass_number=badge, visit_id=visit_id),
            self._on_signed_out,
            self._on_sign_out_failed,
            owner=self,
        )

    def _on_sign_out_failed(self, exc: BaseException) -> None:
        messages.show_error(self, exc)
        # what was typed stays, selected: the next scan, or the number typed again, replaces it
        self.pass_field.selectAll()
        self.pass_field.setFocus(Qt.FocusReason.OtherFocusReason)

    def _on_signed_out(self, row: VisitRow) -> None:
        self.pass_field.clear()
        self._context.bus.notify("visit")
        self.result.setText(
            _("Signed out {name} (pass {number}).").format(name=row.name, number=row.pass_number)
        )
        self.result.show()

    def _on_print_button_clicked(self) -> None:
        chosen = self.selected()
        if chosen is None:
            messages.warn(self, _("Choose the visitor whose pass to print."))
            return
        self.sig_print_pass.emit(chosen.id, chosen.pass_number)

    def _on_notify_button_clicked(self) -> None:
        chosen = self.selected()
        if chosen is None:
            messages.warn(self, _("Choose the visitor whose host to notify."))
            return
        self.dialog = NotifyDialog(self._context, chosen, self)
        self.dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.dialog.open()

    def _on_end_of_day_button_clicked(self) -> None:
        n = self.model.rowCount()
        question = ngettext(
            "Sign out the {n} visitor still on site? It is recorded as the end-of-day sign-out.",
            "Sign out all {n} visitors still on site? It is recorded as the end-of-day sign-out.",
            n,
        ).format(n=n)
        if not messages.confirm(self, question):
            return
        actor, visitors = self._context.require_actor(), self._context.services.visitors
        self._context.runner.submit(
            lambda: visitors.sign_out_all_remaining(actor=actor),
            lambda _count: self._context.bus.notify("visit"),
            lambda exc: messages.show_error(self, exc),
            owner=self,
        )

    def _on_bus_changed(self, entity: str) -> None:
        if entity == "visit":
            self.reload()

    def focus_pass_field(self) -> None:
        """Put the cursor in the pass number field."""
        self.pass_field.setFocus(Qt.FocusReason.OtherFocusReason)
