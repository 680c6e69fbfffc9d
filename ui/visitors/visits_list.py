"""The visits of a day: the list, Excel export, and the supervisor's reveal and legal hold."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QDateEdit, QHBoxLayout, QInputDialog, QPushButton, QVBoxLayout, QWidget

from frontdesk.auth import Actor, Permission
from frontdesk.clock import local_today
from frontdesk.i18n import _
from frontdesk.visitors.rows import RevealedContact, VisitRow
from ui.kit import messages
from ui.kit.authorize import ask_supervisor
from ui.kit.context import AppContext
from ui.kit.list_export import export_view
from ui.kit.table_model import RowTableModel
from ui.visitors.onsite_list import VISIT_COLUMNS, visit_table

PAGE_SIZE = 200


class VisitsList(QWidget):
    """One day's visits, newest first, fetched a page at a time."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self.model: RowTableModel[VisitRow] = RowTableModel(VISIT_COLUMNS, parent=self)
        self.table = visit_table(self.model)
        self.day = QDateEdit()
        self.more_button = QPushButton(_("More …"))
        self.export_button = QPushButton(_("E&xport to Excel …"))
        self.reveal_button = QPushButton(_("Full phone number …"))
        self.hold_button = QPushButton(_("Legal hold …"))
        self._wanted: int | None = None  # the visit to choose once the list has loaded
        self._build_ui()
        self._connect_signals()

    def _build_ui(self) -> None:
        today = local_today()
        self.day.setCalendarPopup(True)
        self.day.setDisplayFormat("yyyy-MM-dd")
        self.day.setDate(QDate(today.year, today.month, today.day))
        self.reveal_button.setToolTip(_("Needs a supervisor; the reveal is recorded in the audit trail"))
        top = QHBoxLayout()
        top.addWidget(self.day)
        top.addStretch(1)
        top.addWidget(self.export_button)
        bottom = QHBoxLayout()
        bottom.addWidget(self.more_button)
        bottom.addStretch(1)
        bottom.addWidget(self.reveal_button)
        bottom.addWidget(self.hold_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addLayout(bottom)

    def _connect_signals(self) -> None:
        self.day.dateChanged.connect(lambda _d: self.reload())
        self.more_button.clicked.connect(self._on_more_button_clicked)
        self.export_button.clicked.connect(self._on_export_button_clicked)
        self.reveal_button.clicked.connect(self._on_reveal_button_clicked)
        self.hold_button.clicked.connect(self._on_hold_button_clicked)
        self._context.bus.subscribe(self, lambda entity: self.reload() if entity == "visit" else None)

    def chosen_day(self) -> date:
        """The day shown."""
        q = self.day.date()
        return date(q.year(), q.month(), q.day())

    def reload(self) -> None:
        """Load the first page of the chosen day (worker thread)."""
        self._load(None, self.model.set_rows)

    def _load(self, after: tuple[object, int] | None, show: object) -> None:
        actor, visitors, day = (
            self._context.require_actor(),
            self._context.services.visitors,
            self.chosen_day(),
        )
        cursor = after

        def job() -> list[VisitRow]:
            return visitors.visits(actor=actor, day=day, after=cursor, limit=PAGE_SIZE)  # type: ignore[arg-type]

        def done(rows: list[VisitRow]) -> None:
            show(rows)  # type: ignore[operator]
            self.more_button.setEnabled(len(rows) == PAGE_SIZE)
            self._choose_wanted()

        self._context.runner.submit(job, done, owner=self)

    def show_visit(self, visit_id: int, day: date | None) -> None:
        """Show ``day``'s visits (the day shown if None) and choose visit ``visit_id`` once loaded."""
        self._wanted = visit_id
        if day is not None and day != self.chosen_day():
            self.day.setDate(QDate(day.year, day.month, day.day))  # reloads
        else:
            self.reload()
        self.table.setFocus()

    def _choose_wanted(self) -> None:
        wanted, self._wanted = self._wanted, None
        for row in range(self.model.rowCount()):
            visit = self.model.row(row)
            if wanted is not None and visit is not None and visit.id == wanted:
                self.table.selectRow(row)
                self.table.scrollTo(self.model.index(row, 0))

    def selected(self) -> VisitRow | None:
        """The visit highlighted."""
        rows = self.table.selectionModel().selectedRows()
        return self.model.row(rows[0].row()) if rows else None

    def _on_more_button_clicked(self) -> None:
        last = self.model.row(self.model.rowCount() - 1)
        if last is not None:
            self._load((last.time_in, last.id), self.model.append_rows)

    def _on_export_button_clicked(self) -> None:
        title = _("Visits {day}").format(day=self.chosen_day().isoformat())
        export_view(
            self._context, self, self.table, title=title, file_stem=_("Visits"), what="visits", personal=True
        )

    def _supervisor(self, title: str, explanation: str) -> tuple[Actor, str] | None:
        """The signed-in supervisor (asked for a reason), or one who authorises at this desk."""
        if self._context.can(Permission.OVERRIDE):
            reason, ok = QInputDialog.getText(self, title, explanation + "\n" + _("Reason:"))
            return (self._context.require_actor(), reason) if ok else None
        authorization = ask_supervisor(
            self._context, self, permission=Permission.OVERRIDE, title=title, explanation=explanation
        )
        return (authorization.actor, authorization.reason) if authorization is not None else None

    def _on_reveal_button_clicked(self) -> None:
        chosen = self.selected()
        if chosen is None:
            messages.warn(self, _("Choose a visit first."))
            return
        who = self._supervisor(
            _("Full phone number"), _("The full number is shown to a supervisor and audited.")
        )
        if who is None:
            return
        visitors, visit_id = self._context.services.visitors, chosen.id
        self._context.runner.submit(
            lambda: visitors.reveal_id(actor=who[0], visit_id=visit_id, reason=who[1]),
            self._on_revealed,
            lambda exc: messages.show_error(self, exc),
            owner=self,
        )

    def _on_revealed(self, shown: RevealedContact) -> None:
        messages.inform(
            self, _("{name}: {phone}").format(name=shown.name, phone=shown.phone or _("no phone"))
        )

    def _on_hold_button_clicked(self) -> None:
        chosen = self.selected()
        if chosen is None:
            messages.warn(self, _("Choose a visit first."))
            return
        hold = not chosen.legal_hold
        title = _("Legal hold") if hold else _("End the legal hold")
        who = self._supervisor(title, _("A held visit keeps its personal data past the retention period."))
        if who is None:
            return
        visitors, visit_id = self._context.services.visitors, chosen.id
        self._context.runner.submit(
            lambda: visitors.set_legal_hold(actor=who[0], visit_id=visit_id, hold=hold, reason=who[1]),
            lambda _row: self._context.bus.notify("visit"),
            lambda exc: messages.show_error(self, exc),
            owner=self,
        )
