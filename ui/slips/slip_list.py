"""The slips issued: today or a month, by status, found by number or unit; reprint, void, complete, export."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from PySide6.QtCore import QDate, Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from frontdesk.clock import format_local, local_today
from frontdesk.i18n import N_, _
from frontdesk.slips.labels import label
from frontdesk.slips.rows import SlipContext, SlipRow, SlipStatus
from ui.kit import messages
from ui.kit.context import AppContext
from ui.kit.list_export import export_view
from ui.kit.table_model import RESIZE_ROWS, RIGHT, Column, PagedTableModel, sorting_proxy
from ui.slips.common import ENTITY, STATUS_COLOURS, preview_slip, qdate
from ui.slips.dialogs import CompletePendingDialog, VoidDialog

SEARCH_DELAY_MS = 250
PAGE_SIZE = 100  # slips read at a time: the newest first, the next page as the clerk scrolls down
EXPORT_ROWS = 500  # an export of a long list takes at least this many, reading pages not yet shown

COLUMNS: list[Column[SlipRow]] = [
    Column(N_("Serial number"), lambda r: r.number),
    Column(
        N_("Status"),
        lambda r: r.status,
        format=lambda s: label(SlipStatus(s)),
        colour=lambda r: STATUS_COLOURS.get(r.status.value),
    ),
    Column(N_("Unit"), lambda r: r.unit_code),
    Column(N_("Applicant"), lambda r: r.applicant_name),
    Column(N_("Applicant is"), lambda r: r.applicant_kind, format=lambda k: label(k)),
    Column(N_("Lines"), lambda r: r.item_count, align=RIGHT),
    Column(N_("Issued at"), lambda r: r.issued_at, format=format_local),
    Column(N_("Valid until"), lambda r: r.valid_until),
    Column(N_("Clerk"), lambda r: r.issued_by_name),
    Column(
        N_("Arrears allowed by"),
        lambda r: r.override_by_name,
        tooltip=lambda r: r.override_reason,
    ),
    Column(N_("Printed"), lambda r: r.print_count, align=RIGHT),
]


ISSUED_AT_COLUMN = 6


class SlipList(QWidget):
    """The list of slips with its filters and the actions on the chosen slip.

    The slips come a page at a time, newest first (``list_slips(before=...)``, a keyset read): ten
    years of slips list as fast as one, and the older ones follow as the clerk scrolls down.
    """

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self.period = QComboBox()
        self.period.addItem(_("Today"), "day")
        self.period.addItem(_("Month"), "month")
        self.period.addItem(_("All dates"), "all")
        self.month = QDateEdit(qdate(local_today()))
        self.month.setDisplayFormat("yyyy-MM")
        self.status = QComboBox()
        self.status.addItem(_("All statuses"), "")
        for status in SlipStatus:
            self.status.addItem(label(status), status.value)
        self.search = QLineEdit()
        self.search.setPlaceholderText(_("Number, unit or applicant"))
        self.search.setClearButtonEnabled(True)
        self.model: PagedTableModel[SlipRow] = PagedTableModel(COLUMNS, self._fetch_next, parent=self)
        self._generation = 0  # a page asked for before the latest reload is not shown
        self.proxy = sorting_proxy(self.model, self)
        self.table = QTableView()
        self.print_button = QPushButton(_("&Reprint …"))
        self.void_button = QPushButton(_("&Void …"))
        self.complete_button = QPushButton(_("Owner's &answer …"))
        self.export_button = QPushButton(_("E&xport to Excel …"))
        self.dialog: QWidget | None = None
        self._wanted: str | None = None  # the slip to choose once the list has loaded
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SEARCH_DELAY_MS)
        self._build_ui()
        self._connect_signals()

    def _build_ui(self) -> None:
        self.month.setVisible(False)
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(ISSUED_AT_COLUMN, Qt.SortOrder.DescendingOrder)  # newest first
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setResizeContentsPrecision(RESIZE_ROWS)  # not every row of a long list
        self.table.horizontalHeader().setStretchLastSection(True)
        filters = QHBoxLayout()
        for widget in (self.period, self.month, self.status):
            filters.addWidget(widget)
        filters.addWidget(self.search, 1)
        buttons = QHBoxLayout()
        for button in (self.print_button, self.void_button, self.complete_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.export_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)

    def _connect_signals(self) -> None:
        self.period.currentIndexChanged.connect(self._on_period_changed)
        self.month.dateChanged.connect(self.reload)
        self.status.currentIndexChanged.connect(self.reload)
        self.search.textChanged.connect(self._timer.start)
        self._timer.timeout.connect(self.reload)
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        self.print_button.clicked.connect(self.reprint)
        self.void_button.clicked.connect(self.void)
        self.complete_button.clicked.connect(self.complete)
        self.export_button.clicked.connect(self.export)
        self._context.bus.subscribe(self, self._on_bus_changed)
        self._update_buttons()

    def _on_period_changed(self) -> None:
        self.month.setVisible(self.period.currentData() == "month")
        self.reload()

    def reload(self) -> None:
        """Load the newest slips the filters ask for (worker thread), keeping the chosen one chosen."""
        self._timer.stop()
        self._generation += 1
        self._load(None, self._on_loaded)

    def _load(
        self, before: tuple[datetime, int] | None, then: Callable[[tuple[int, list[SlipRow]]], None]
    ) -> None:
        """A page of slips after ``before`` (the newest when None), handed to ``then``."""
        filters = self._filters()
        actor, slips, generation = (
            self._context.require_actor(),
            self._context.services.slips,
            self._generation,
        )

        def job() -> tuple[int, list[SlipRow]]:
            found = slips.list_slips(actor=actor, limit=PAGE_SIZE, before=before, **filters)
            return generation, found

        self._context.runner.submit(job, then, self._on_page_failed, owner=self)

    def _filters(self) -> dict[str, Any]:
        """What the filters ask ``list_slips`` for: the day or month, the status, the text."""
        period = self.period.currentData()
        chosen: QDate = self.month.date()
        return {
            "day": local_today() if period == "day" else None,
            "month": f"{chosen.year():04d}-{chosen.month():02d}" if period == "month" else None,
            "status": str(self.status.currentData() or "") or None,
            "text": self.search.text().strip(),
        }

    def _fetch_next(self) -> None:
        """The table scrolled to its end: the next page, after the oldest slip listed."""
        rows = self.model.rows()
        self._load(rows[-1].page_key if rows else None, self._on_next_loaded)

    def _on_loaded(self, result: tuple[int, list[SlipRow]]) -> None:
        generation, rows = result
        if generation != self._generation:
            return  # the filters changed meanwhile
        current = self.selected()
        wanted = self._wanted or (current.number if current is not None else None)
        self._wanted = None
        self.model.show_page(rows, first=True, more=len(rows) == PAGE_SIZE)
        if wanted is not None:
            self.select(wanted)
        self._update_buttons()

    def _on_next_loaded(self, result: tuple[int, list[SlipRow]]) -> None:
        generation, rows = result
        if generation == self._generation:
            self.model.show_page(rows, first=False, more=len(rows) == PAGE_SIZE)

    def _on_page_failed(self, exc: BaseException) -> None:
        self.model.page_failed()
        messages.show_error(self, exc)

    def select(self, number: str) -> bool:
        """Choose the slip ``number`` if it is listed."""
        for row, slip in enumerate(self.model.rows()):
            if slip.number == number:
                self.table.selectRow(self.proxy.mapFromSource(self.model.index(row, 0)).row())
                return True
        return False

    def selected(self) -> SlipRow | None:
        """The slip chosen in the table."""
        rows = self.table.selectionModel().selectedRows()
        return self.model.row(self.proxy.mapToSource(rows[0]).row()) if rows else None

    def _update_buttons(self) -> None:
        row = self.selected()
        self.print_button.setEnabled(row is not None)
        self.void_button.setEnabled(row is not None and row.status in (SlipStatus.ISSUED, SlipStatus.PENDING))
        self.complete_button.setEnabled(row is not None and row.status is SlipStatus.PENDING)

    def reprint(self) -> None:
        """Preview the chosen slip's three copies (marked as a reprint once printed before)."""
        row = self.selected()
        if row is not None:
            self.dialog = preview_slip(self._context, self, row.number)

    def void(self) -> None:
        """Void the chosen slip, with a reason."""
        row = self.selected()
        if row is not None:
            self._open(VoidDialog(self._context, row, self))

    def complete(self) -> None:
        """Record the owner's answer for the chosen pending slip."""
        row = self.selected()
        if row is None or row.status is not SlipStatus.PENDING:
            return
        actor, slips, unit_id = self._context.require_actor(), self._context.services.slips, row.unit_id
        self._context.runner.submit(
            lambda: slips.slip_context(actor=actor, unit_id=unit_id),
            lambda unit: self._open_complete(row, unit),
            owner=self,
        )

    def _open_complete(self, row: SlipRow, unit: SlipContext) -> None:
        dialog = CompletePendingDialog(self._context, row, unit, self)
        dialog.accepted.connect(lambda: self._on_completed(dialog.result_row))
        self._open(dialog)

    def _on_completed(self, row: SlipRow | None) -> None:
        """The owner agreed: the slip is valid now and goes to paper at once, as a new one does."""
        if row is not None and row.status is SlipStatus.ISSUED:
            self.dialog = preview_slip(self._context, self, row.number)

    def _open(self, dialog: QDialog) -> None:
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.dialog = dialog
        dialog.open()

    def show_slip(self, number: str) -> None:
        """List every date, find ``number`` and choose it (e.g. picked in the global search)."""
        self.period.blockSignals(True)
        self.period.setCurrentIndex(self.period.findData("all"))
        self.period.blockSignals(False)
        self.month.hide()
        self.status.setCurrentIndex(0)
        self.search.setText(number)
        self._wanted = number
        self.reload()

    def export(self) -> None:
        """The list as shown, to Excel (names and masked phones: personal data, so a supervisor's right);
        a long list first reads pages not yet shown, up to ``EXPORT_ROWS`` slips."""
        if self.model.complete or self.model.rowCount() >= EXPORT_ROWS:
            self._export_shown()
            return
        self._generation += 1  # a page on its way is read again here
        rows, generation = self.model.rows(), self._generation
        after = rows[-1].page_key if rows else None
        filters = self._filters()
        actor, slips, wanted = (
            self._context.require_actor(),
            self._context.services.slips,
            EXPORT_ROWS - len(rows),
        )

        def job() -> tuple[int, list[SlipRow], bool]:
            found = slips.list_slips(actor=actor, limit=wanted, before=after, **filters)
            return generation, found, len(found) == wanted

        self._context.runner.submit(job, self._on_rest_loaded, self._on_page_failed, owner=self)

    def _on_rest_loaded(self, result: tuple[int, list[SlipRow], bool]) -> None:
        generation, rows, more = result
        if generation != self._generation:
            return
        self.model.show_page(rows, first=False, more=more)
        self._export_shown()

    def _export_shown(self) -> None:
        export_view(
            self._context,
            self,
            self.table,
            title=_("Release slips"),
            file_stem=_("Release slips"),
            what="release_slips",
            personal=True,
        )

    def _on_bus_changed(self, entity: str) -> None:
        if entity == ENTITY:
            self.reload()
