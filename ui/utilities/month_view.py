"""The month's utility table at the desk (月度统计表): state, table, month on month, closing, documents.

``MonthView(context)`` is one tab of the Utilities page: pick a month (and a building), see whether
it is open or closed and what still keeps it from closing, read the table (every unit line with
its subtotals and the total), see the last twelve months as a chart, close the month, adjust a
closed month, and make the table (xlsx, PDF, preview) and the payment notices with a progress bar.
Everything that reads or writes runs on the worker thread.
"""

from __future__ import annotations

from itertools import pairwise
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from frontdesk.auth import Permission
from frontdesk.clock import local_today, month_of
from frontdesk.errors import ValidationError
from frontdesk.i18n import _, ngettext
from frontdesk.money import fen_to_text
from frontdesk.utilities.closing import amounts
from frontdesk.utilities.kinds import MeterKind, MonthStatus, label, usage_unit
from frontdesk.utilities.rows import AdjustmentRow, CloseResult, MonthRow, UtilityTable
from reports.utility_sheets import NoticeLayout
from reports.utility_table import total_note
from ui.kit import messages, paper
from ui.kit.context import AppContext
from ui.kit.forms import FieldErrors, month_field
from ui.kit.list_export import export_authority
from ui.kit.table_model import RESIZE_ROWS
from ui.kit.window_state import recall, remember
from ui.utilities import month_documents as documents
from ui.utilities.month_dialogs import AdjustDialog, NoticesDialog
from ui.utilities.month_history import MONTHS, History, change, gather
from ui.utilities.month_model import MonthLine, MonthModel, month_lines, shown_lines, unresolved
from ui.utilities.month_progress import Cancelled, ProgressRow, Watch

if TYPE_CHECKING:
    from ui.utilities.chart import MonthChart

#: what the view reloads after: the month closed or adjusted, charges and units, readings, meters, tariffs
ENTITIES = ("utilities", "estate", "meter_reading", "meter", "tariff")
FIGURES = frozenset(ENTITIES) - {"estate"}  # these change the months' figures (the chart's history)
SHOWN_UNRESOLVED = 5  # flags named in the state line; the rest are counted
PREVIEW_LINES = 1200  # more than this is saved as a PDF, not rendered page by page on screen


class MonthView(QWidget):
    """The month's table with its state, chart, closing, adjustments and documents."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self.errors = FieldErrors()
        self.month = month_field(month_of(local_today()))
        self.building = QComboBox()
        self.state = QLabel()
        self.attention = QLabel()
        self.model = MonthModel(self)
        self.table = QTableView()
        self.tabs = QTabWidget()
        self.chart_page = QWidget()
        self.measure = QComboBox()
        self.change = QLabel()
        self.chart: MonthChart | None = None
        self._chart_place = QVBoxLayout()
        self.note = QLabel(total_note())
        self.close_button = QPushButton(_("&Close the month …"))
        self.adjust_button = QPushButton(_("A&djust …"))
        self.xlsx_button = QPushButton(_("E&xcel …"))
        self.pdf_button = QPushButton(_("&PDF …"))
        self.preview_button = QPushButton(_("Pre&view"))
        self.notices_button = QPushButton(_("Payment &notices …"))
        self.progress = ProgressRow()
        self.loaded: UtilityTable | None = None
        self._lines: list[MonthLine] = []  # every building's rows, the estate's meters and the total
        self.month_row: MonthRow | None = None
        self.adjustments: list[AdjustmentRow] = []
        self.history: History | None = None
        self.written: documents.Written | None = None
        self._stale = True
        self._loading_history = False
        self._build_ui()
        self._connect_signals()

    # --- building ----------------------------------------------------------------------------

    def _build_ui(self) -> None:
        self.month.setToolTip(_("The month, e.g. 2026-05; press Enter to show it"))
        self.building.addItem(_("All buildings"), None)
        self.building.setMinimumWidth(160)
        for label_ in (self.state, self.attention, self.change):
            label_.setWordWrap(True)
            label_.setTextFormat(Qt.TextFormat.PlainText)
        self.attention.setObjectName("fieldError")
        self.attention.hide()
        self.note.setObjectName("hint")
        self.note.setWordWrap(True)
        top = QHBoxLayout()
        for text, widget in (
            (_("Mont&h"), self.errors.wrap("month", self.month)),
            (_("B&uilding"), self.building),
        ):
            caption = QLabel(text)
            caption.setBuddy(self.month if widget is not self.building else self.building)
            top.addWidget(caption)
            top.addWidget(widget)
        top.addWidget(self.state, 1)
        self._build_table()
        self._build_chart_page()
        self.tabs.addTab(self.table, _("&Lines"))
        self.tabs.addTab(self.chart_page, _("Month &on month"))
        buttons = QHBoxLayout()
        buttons.addWidget(self.note, 1)
        for button in (
            self.close_button,
            self.adjust_button,
            self.xlsx_button,
            self.pdf_button,
            self.preview_button,
            self.notices_button,
        ):
            buttons.addWidget(button)
        editor = self._context.can(Permission.REGISTRY_EDIT)
        self.close_button.setVisible(editor)
        self.adjust_button.setVisible(editor)
        self.adjust_button.setToolTip(_("Correct a closed month's amount for the unit of the chosen line"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addLayout(top)
        layout.addWidget(self.attention)
        layout.addWidget(self.tabs, 1)
        layout.addLayout(buttons)
        layout.addWidget(self.progress)
        order: list[QWidget] = [self.month, self.building, self.tabs, self.table, self.measure]
        order += [self.close_button, self.adjust_button, self.xlsx_button, self.pdf_button]
        order += [self.preview_button, self.notices_button, self.progress.cancel_button]
        for first, second in pairwise(order):
            QWidget.setTabOrder(first, second)
        self._enable()

    def _build_table(self) -> None:
        table = self.table
        table.setModel(self.model)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setWordWrap(False)
        table.verticalHeader().hide()
        table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)  # no row measured
        header = table.horizontalHeader()
        header.setResizeContentsPrecision(RESIZE_ROWS)
        header.setStretchLastSection(True)

    def _build_chart_page(self) -> None:
        self.measure.addItem(_("Amount (yuan)"), "amount")
        for kind in MeterKind:
            self.measure.addItem(
                _("{kind} usage ({unit})").format(kind=label(kind), unit=usage_unit(kind)), kind.value
            )
        caption = QLabel(_("&Show"))
        caption.setBuddy(self.measure)
        bar = QHBoxLayout()
        bar.addWidget(caption)
        bar.addWidget(self.measure)
        bar.addWidget(self.change, 1)
        layout = QVBoxLayout(self.chart_page)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(bar)
        layout.addLayout(self._chart_place, 1)  # the chart, once it is first shown

    def _connect_signals(self) -> None:
        self.month.returnPressed.connect(self.reload)
        self.month.editingFinished.connect(self._on_month_edited)
        self.building.currentIndexChanged.connect(self._on_building_changed)
        self.tabs.currentChanged.connect(self._on_tab_changed)
        self.measure.currentIndexChanged.connect(self._draw_chart)
        self.table.selectionModel().currentRowChanged.connect(lambda *_args: self._enable())
        self.table.doubleClicked.connect(lambda *_args: self.adjust())
        self.close_button.clicked.connect(self.close_month)
        self.adjust_button.clicked.connect(self.adjust)
        self.xlsx_button.clicked.connect(self.save_xlsx)
        self.pdf_button.clicked.connect(self.save_pdf)
        self.preview_button.clicked.connect(self.preview)
        self.notices_button.clicked.connect(self.save_notices)
        self._context.bus.subscribe(self, self._on_bus_changed)

    # --- loading -----------------------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:
        """Load the month when first shown, or when something changed while hidden."""
        super().showEvent(event)
        if self._stale:
            self.reload()

    def activate(self) -> None:
        """Show the month's table afresh (the page or the tab was opened)."""
        self.reload()

    def chosen_month(self) -> str:
        """The month typed, ``YYYY-MM`` as the field shows it."""
        return self.month.text().strip()

    def chosen_building(self) -> int | None:
        """The building chosen (None: all)."""
        value = self.building.currentData()
        return int(value) if value is not None else None

    def _on_month_edited(self) -> None:
        if self.loaded is None or self.loaded.month != self.chosen_month():
            self.reload()

    def reload(self) -> None:
        """Read the month's table, its state and its adjustments on the worker thread."""
        self._stale = self.progress.running()  # a document being made: read the month after it
        if self._stale:
            return
        self.errors.clear("month")
        actor, utilities = self._context.require_actor(), self._context.services.utilities
        month = self.chosen_month()

        def job() -> tuple[UtilityTable, list[MonthLine], MonthRow, list[AdjustmentRow]]:
            table = utilities.month_table(actor=actor, month=month)
            lines = month_lines(table)  # formatted here, off the GUI thread, once for every building
            state = utilities.month(actor=actor, month=month)
            return table, lines, state, utilities.adjustments(actor=actor, month=month)

        self.progress.start(_("Reading {month} …").format(month=month))
        self.progress.cancel_button.hide()  # a read is quick and changes nothing
        self._context.runner.submit(job, self._on_loaded, self._on_load_failed, owner=self)

    def _on_loaded(self, result: tuple[UtilityTable, list[MonthLine], MonthRow, list[AdjustmentRow]]) -> None:
        self.loaded, self._lines, self.month_row, self.adjustments = result
        if self.history is not None and self.history.month != self.loaded.month:
            self.history = None
        self._fill_buildings()
        self._show_rows()
        self._show_state()
        lines = shown_lines(self.model.rows())
        self.progress.finish(ngettext("{n} line shown.", "{n} lines shown.", lines).format(n=lines))
        self._enable()
        if self._stale:  # a change came while it was being read
            self.reload()
        elif self.tabs.currentWidget() is self.chart_page:
            self._show_chart()

    def _on_load_failed(self, exc: BaseException) -> None:
        self.progress.finish(_("The month could not be read."), done=False)
        if isinstance(exc, ValidationError):
            self.errors.set("month", exc.message)
        else:
            messages.show_error(self, exc)

    def _fill_buildings(self) -> None:
        assert self.loaded is not None
        chosen = self.building.currentData()
        self.building.blockSignals(True)
        self.building.clear()
        self.building.addItem(_("All buildings"), None)
        for building in self.loaded.buildings:
            self.building.addItem(building.name or building.code, building.building_id)
        self.building.setCurrentIndex(max(0, self.building.findData(chosen)))
        self.building.blockSignals(False)

    def _on_building_changed(self) -> None:
        self._show_rows()
        self._draw_chart()

    def _show_rows(self) -> None:
        if self.loaded is None:
            return
        building = self.chosen_building()
        self.model.set_rows(
            self._lines
            if building is None
            else [line for line in self._lines if line.building_id == building]
        )
        self.table.resizeColumnsToContents()  # from the first rows only (RESIZE_ROWS)
        self._enable()

    def _show_state(self) -> None:
        table, row = self.loaded, self.month_row
        if table is None or row is None:
            return
        if row.status is MonthStatus.CLOSED:
            closed_at = row.closed_at.strftime("%Y-%m-%d %H:%M") if row.closed_at else ""
            text = _("{month} is closed: by {who} on {when}; {n} charges, ¥{total} posted.").format(
                month=row.month,
                who=row.closed_by,
                when=closed_at,
                n=row.charges,
                total=fen_to_text(row.total_fen),
            )
            if self.adjustments:
                total = sum(a.amount_fen for a in self.adjustments)
                text += " " + ngettext(
                    "{n} adjustment since, ¥{total}.",
                    "{n} adjustments since, ¥{total}.",
                    len(self.adjustments),
                ).format(n=len(self.adjustments), total=fen_to_text(total))
        else:
            text = _("{month} is open: ¥{total} so far.").format(
                month=row.month, total=fen_to_text(table.amount_fen)
            )
        self.state.setText(text)
        waiting = unresolved(table)
        self.attention.setVisible(bool(waiting) and row.status is MonthStatus.OPEN)
        if waiting:
            named = "; ".join(u.text() for u in waiting[:SHOWN_UNRESOLVED])
            more = len(waiting) - SHOWN_UNRESOLVED
            if more > 0:
                named += " " + ngettext("and {n} more", "and {n} more", more).format(n=more)
            self.attention.setText(
                ngettext(
                    "{n} meter unread or flag unresolved keeps the month from closing: {which}. "
                    "Resolve it on the “Meter round” tab.",
                    "{n} meters unread or flags unresolved keep the month from closing: {which}. "
                    "Resolve them on the “Meter round” tab.",
                    len(waiting),
                ).format(n=len(waiting), which=named)
            )

    def selected_line(self) -> MonthLine | None:
        """The line highlighted in the table."""
        index = self.table.currentIndex()
        return self.model.row(index.row()) if index.isValid() else None

    def _enable(self) -> None:
        loaded = self.loaded is not None and not self.progress.running()
        closed = self.month_row is not None and self.month_row.status is MonthStatus.CLOSED
        line = self.selected_line()
        self.close_button.setEnabled(loaded and not closed)
        self.adjust_button.setEnabled(loaded and closed and line is not None and line.adjustable)
        for button in (self.xlsx_button, self.pdf_button, self.preview_button, self.notices_button):
            button.setEnabled(loaded)

    def _on_bus_changed(self, entity: str) -> None:
        if entity not in ENTITIES:
            return
        if entity in FIGURES:
            self.history = None
        if self.isVisible():
            self.reload()
        else:
            self._stale = True

    # --- the chart -----------------------------------------------------------------------------

    def _on_tab_changed(self) -> None:
        if self.tabs.currentWidget() is self.chart_page:
            self._show_chart()

    def _show_chart(self) -> None:
        """Create the chart on its first showing (Qt Charts loads then), gather the months if needed."""
        if self.chart is None:
            from ui.utilities.chart import MonthChart  # Qt Charts: only when the chart is wanted

            self.chart = MonthChart()
            self._chart_place.addWidget(self.chart)
        if self.loaded is None:
            return
        if self.history is not None and self.history.month == self.loaded.month:
            self._draw_chart()
            return
        if self._loading_history or self.progress.running():
            return
        self._loading_history = True
        actor, utilities, current = (
            self._context.require_actor(),
            self._context.services.utilities,
            self.loaded,
        )
        watch = self.progress.start(_("Gathering the last {n} months …").format(n=MONTHS))
        self._enable()
        self._context.runner.submit(
            lambda: gather(utilities, actor, current.month, current=current, progress=watch),
            self._on_history,
            self._on_history_failed,
            owner=self,
        )

    def _on_history(self, history: History) -> None:
        self._loading_history = False
        self.history = history
        self.progress.finish(_("The last {n} months are shown.").format(n=len(history.months)))
        self._enable()
        self._draw_chart()

    def _on_history_failed(self, exc: BaseException) -> None:
        self._loading_history = False
        cancelled = isinstance(exc, Cancelled)
        self.progress.finish(
            _("Cancelled") if cancelled else _("The months could not be gathered."), done=False
        )
        self._enable()
        if not cancelled:
            messages.show_error(self, exc)

    def _draw_chart(self) -> None:
        if self.chart is None or self.history is None:
            return
        building = self.chosen_building()
        points = self.history.points(building)
        scope = self.building.currentText() if building is not None else _("The estate")
        measure = str(self.measure.currentData())
        self.chart.show_points(
            points,
            measure,
            _("{scope}: {first} to {last}").format(
                scope=scope, first=self.history.months[0], last=self.history.months[-1]
            ),
        )
        moved = change(points)
        self.change.setText(
            _("Amount against the month before: {change:+} %").format(change=moved)
            if moved is not None
            else _("Amount against the month before: nothing to compare with")
        )

    # --- closing and adjusting -------------------------------------------------------------------

    def close_month(self) -> None:
        """Ask, then close the month on the worker thread; the core refuses while flags remain."""
        table = self.loaded
        if table is None or self.progress.running():
            return
        posted = [(unit, fen) for (unit, _kind), (fen, _used, _shared) in amounts(table).items() if fen > 0]
        units, total = len({unit for unit, _fen in posted}), sum(fen for _unit, fen in posted)
        question = _("Close {month}?").format(month=table.month)
        detail = ngettext(
            "{n} charge will be posted on the accounts of {units} units, ¥{total} in all. "
            "The month is then locked: a later correction is an adjustment.",
            "{n} charges will be posted on the accounts of {units} units, ¥{total} in all. "
            "The month is then locked: a later correction is an adjustment.",
            len(posted),
        ).format(n=len(posted), units=units, total=fen_to_text(total))
        if not messages.confirm(self, question, detail):
            return
        actor, utilities, month = self._context.require_actor(), self._context.services.utilities, table.month
        self.progress.start(_("Closing {month} …").format(month=month))
        self.progress.cancel_button.hide()  # the core posts everything or nothing, in one go
        self._enable()
        self._context.runner.submit(
            lambda: utilities.close_month(actor=actor, month=month),
            self._on_closed,
            self._on_close_failed,
            owner=self,
        )

    def _on_closed(self, result: CloseResult) -> None:
        self.progress.finish(
            _("{month} closed: {n} charges, ¥{total} posted.").format(
                month=result.month, n=result.charges, total=fen_to_text(result.total_fen)
            )
        )
        self._context.bus.notify("estate")  # the units' accounts hold the new charges
        self._context.bus.notify("utilities")
        self.reload()

    def _on_close_failed(self, exc: BaseException) -> None:
        message = getattr(exc, "message", "") or str(exc)
        self.progress.finish(_("Not closed: {reason}").format(reason=message), done=False)
        self._enable()
        messages.show_error(self, exc)

    def adjust(self) -> None:
        """Adjust the chosen unit line's amount in a closed month."""
        line = self.selected_line()
        if line is None or not self.adjust_button.isEnabled() or self.loaded is None:
            return
        dialog = AdjustDialog(self._context, self, month=self.loaded.month, line=line)
        try:
            if dialog.exec() and dialog.saved is not None:
                saved = dialog.saved
                self.progress.status.setText(
                    _("Adjustment saved: {unit} ¥{amount}.").format(
                        unit=saved.unit_code, amount=fen_to_text(saved.amount_fen)
                    )
                )
        finally:
            dialog.deleteLater()

    # --- documents ---------------------------------------------------------------------------

    def _request(self, building_id: int | None) -> documents.Request | None:
        """What a document job needs; None when the export is not allowed (no supervisor)."""
        if self.loaded is None or self.progress.running():
            return None
        allowed, authorized_by = export_authority(self._context, self, True)
        if not allowed:
            return None
        return documents.Request(
            self._context.services,
            self._context.require_actor(),
            authorized_by,
            self.loaded.month,
            building_id,
            self.loaded,
            self.history,
            self._context.settings.pdf_font or None,
        )

    def _file_name(self, building_id: int | None, suffix: str, stem: str) -> str:
        assert self.loaded is not None
        where = self.building.itemText(max(0, self.building.findData(building_id))) if building_id else ""
        return " ".join(p for p in (stem, self.loaded.month, where) if p) + suffix

    def _ask_path(self, kind: str, name: str, caption: str, file_filter: str) -> Path | None:
        folder = Path(recall(f"paper/{kind}/folder") or Path.home())
        path = paper.choose_save_path(self, caption=caption, suggested=folder / name, file_filter=file_filter)
        if path is None:
            return None
        suffix = Path(name).suffix
        if path.suffix.lower() != suffix:
            path = path.with_name(path.name + suffix)
        remember(f"paper/{kind}/folder", str(path.parent))
        return path

    def _run(self, doing: str, job: Any, watch: Watch) -> None:
        self.progress.start(doing, watch)
        self._enable()
        self._context.runner.submit(job, self._on_written, self._on_document_failed, owner=self)

    def _on_written(self, written: documents.Written) -> None:
        self.written = written
        self._keep_history(written.history)
        self.progress.finish(_("Saved: {path}").format(path=written.path))
        self._enable()
        if self._stale:
            self.reload()

    def _on_document_failed(self, exc: BaseException) -> None:
        self.progress.finish(getattr(exc, "message", "") or _("The document could not be made."), done=False)
        self._enable()
        if isinstance(exc, OSError):
            messages.warn(self, _("The file could not be saved: {reason}").format(reason=exc.strerror or exc))
        elif not isinstance(exc, Cancelled):
            messages.show_error(self, exc)

    def save_xlsx(self) -> None:
        """The table (the building chosen, or all) as a workbook."""
        building = self.chosen_building()
        request = self._request(building)
        if request is None:
            return
        name = self._file_name(building, ".xlsx", _("Utility table"))
        path = self._ask_path("utility_table_xlsx", name, _("Export to Excel"), _("Excel workbooks (*.xlsx)"))
        if path is None:
            return
        watch = Watch()
        self._run(
            _("Writing {file} …").format(file=path.name),
            lambda: documents.table_xlsx(request, path, watch),
            watch,
        )

    def save_pdf(self) -> None:
        """The table (the building chosen, or all) with the month-on-month chart as a PDF."""
        building = self.chosen_building()
        request = self._request(building)
        if request is None:
            return
        name = self._file_name(building, ".pdf", _("Utility table"))
        path = self._ask_path("utility_table", name, _("Save as PDF"), _("PDF files (*.pdf)"))
        if path is None:
            return
        watch = Watch(phases=2)
        self._run(
            _("Writing {file} …").format(file=path.name),
            lambda: documents.table_pdf(request, path, watch),
            watch,
        )

    def preview(self) -> None:
        """The table's PDF on screen (print, save); the whole estate's long table is saved instead."""
        building = self.chosen_building()
        if self.loaded is not None and shown_lines(self.model.rows()) > PREVIEW_LINES:
            messages.inform(
                self,
                _("The table has {n} lines, too many pages to show on screen. Choose a building to preview, "
                  "or save the whole table as PDF.").format(n=shown_lines(self.model.rows())),
            )  # fmt: skip
            return
        request = self._request(building)
        if request is None:
            return
        watch = Watch(phases=2)
        self.progress.start(_("Preparing the preview …"), watch)
        self._enable()
        self._context.runner.submit(
            lambda: documents.table_pdf_bytes(request, watch),
            lambda made: self._on_preview_made(request, made),
            self._on_document_failed,
            owner=self,
        )

    def _keep_history(self, history: History | None) -> None:
        if history is not None and self.loaded is not None and history.month == self.loaded.month:
            self.history = history

    def _on_preview_made(self, request: documents.Request, made: tuple[bytes, int, History]) -> None:
        data, count, history = made
        self._keep_history(history)
        self.progress.finish(_("Preview ready."))
        self._enable()
        name = self._file_name(request.building_id, ".pdf", _("Utility table"))
        trail, actor, by = request.services.audit, request.actor, request.authorized_by

        def on_output(action: str, destination: str) -> None:
            file_name = Path(destination).name if action == "pdf" else name  # printed: the document's name
            self._context.runner.submit(
                lambda: trail.record_export(
                    actor=actor,
                    what="utility_table",
                    rows=count,
                    file_name=file_name,
                    personal=True,
                    authorized_by=by,
                ),
                owner=self,
            )

        paper.preview_document(
            self._context,
            self,
            kind="utility_table",
            title=_("Utility table {month}").format(month=request.month),
            file_name=name,
            make_pdf=lambda: data,
            on_output=on_output,
        )

    def save_notices(self) -> None:
        """The payment notices of a building or all, one or two to an A4 page, as a PDF file."""
        if self.loaded is None or self.progress.running():
            return
        buildings = [(b.building_id, b.name or b.code) for b in self.loaded.buildings]
        dialog = NoticesDialog(self, buildings=buildings, building_id=self.chosen_building())
        try:
            if not dialog.exec():
                return
            building, layout = dialog.building_id(), dialog.notice_layout()
        finally:
            dialog.deleteLater()
        self.write_notices(building, layout)

    def write_notices(self, building: int | None, layout: NoticeLayout) -> None:
        """Ask where, then write the notices of ``building`` (None: all) laid out as ``layout``."""
        request = self._request(building)
        if request is None:
            return
        name = self._file_name(building, ".pdf", _("Payment notices"))
        path = self._ask_path("utility_notices", name, _("Save as PDF"), _("PDF files (*.pdf)"))
        if path is None:
            return
        watch = Watch()
        self._run(
            _("Writing {file} …").format(file=path.name),
            lambda: documents.notices(request, path, layout, watch),
            watch,
        )
