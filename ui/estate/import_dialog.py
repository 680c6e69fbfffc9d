"""Import a workbook from the GUI: choose, preview the recognised columns, import with progress, report.

The reading and the import run on the worker thread; the import's progress comes back by signal
and Cancel stops it at the next row, rolling everything back (nothing is imported). Problems are
listed row by row in a table and written to ``FILE.errors.xlsx`` beside the input, as the command
line does.
"""

from __future__ import annotations

import threading
from pathlib import Path

from PySide6.QtCore import QObject, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from frontdesk.errors import UserError
from frontdesk.estate.progress import Cancelled
from frontdesk.i18n import _
from reports.xlsx_read import SheetTable
from ui.kit import messages
from ui.kit.context import AppContext
from ui.kit.dialog import Dialog
from ui.workbooks.imports import (
    SHEET_KINDS,
    Additions,
    ImportOutcome,
    SheetKind,
    planned_additions,
    read_sheet,
    recognised_columns,
    run_import,
)
from ui.workbooks.problems import errors_path, write_errors

PREVIEW_ROWS = 8
#: the most new units listed in the preview (the line above the list gives the count)
ADDITION_ROWS = 500
CHOOSE, PREVIEW, RUNNING, RESULT = range(4)


def choose_workbook(parent: QWidget | None) -> Path | None:
    """Ask for the workbook to import (tests replace this function)."""
    name, _filter = QFileDialog.getOpenFileName(
        parent, _("Choose the workbook"), str(Path.home()), _("Excel workbooks (*.xlsx)")
    )
    return Path(name) if name else None


def open_file(path: Path) -> None:
    """Open a file in its program (tests replace this function)."""
    QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))


class _Relay(QObject):
    """Carries the worker thread's progress to the GUI thread; the cancel flag goes the other way."""

    sig_progress = Signal(int, int)
    """``(done, total)`` of the running import."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.cancel = threading.Event()

    def __call__(self, done: int, total: int) -> None:
        if self.cancel.is_set():
            raise Cancelled
        self.sig_progress.emit(done, total)


def _table(headers: list[str]) -> QTableWidget:
    table = QTableWidget(0, len(headers))
    table.setHorizontalHeaderLabels(headers)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.verticalHeader().hide()
    table.horizontalHeader().setStretchLastSection(True)
    return table


def _fill(table: QTableWidget, rows: list[list[str]]) -> None:
    table.setRowCount(len(rows))
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            item = QTableWidgetItem(text)
            item.setToolTip(text)
            table.setItem(r, c, item)
    table.resizeColumnsToContents()
    table.resizeRowsToContents()


class ImportDialog(Dialog):
    """Choose a workbook, see what was recognised, import it with a progress bar and read the report."""

    def __init__(self, context: AppContext, parent: QWidget | None = None, *, kind: SheetKind = "residents"):
        super().__init__(parent)
        self._context = context
        self.table: SheetTable | None = None
        self.outcome: ImportOutcome | None = None
        self.relay = _Relay(self)
        self.path = QLineEdit()
        self.browse = QPushButton(_("&Browse …"))
        self.kind = QComboBox()
        for value, name in SHEET_KINDS.items():
            self.kind.addItem(_(name), value)
        self.kind.setCurrentIndex(self.kind.findData(kind))
        self.allow_partial = QCheckBox(_("Import the good rows even when others have problems"))
        self.create_units = QCheckBox(
            _("Add the buildings and units missing from the registry (the sheet gives their area)")
        )
        self.choose_error = QLabel()
        self.columns_label = QLabel()
        self.preview = _table([])
        self.additions_label = QLabel()
        self.additions = _table([_("Unit"), _("Area (m²)"), _("Building")])
        self.progress = QProgressBar()
        self.progress_label = QLabel()
        self.summary = QLabel()
        self.problems = _table([_("Row"), _("Column"), _("Problem"), _("How to fix")])
        self.open_errors = QPushButton(_("&Open the error workbook"))
        self.back = QPushButton(_("< &Back"))
        self.next = QPushButton(_("&Next >"))
        self.cancel = QPushButton(_("Cancel"))
        self.pages = QStackedWidget()
        self._build_ui()
        self._connect_signals()

    def _build_ui(self) -> None:
        self.setWindowTitle(_("Import from Excel"))
        self.resize(820, 520)
        self.path.setPlaceholderText(_("The .xlsx workbook"))
        self.choose_error.setObjectName("fieldError")
        self.choose_error.setWordWrap(True)
        file_row = QHBoxLayout()
        file_row.addWidget(self.path, 1)
        file_row.addWidget(self.browse)
        choose = QWidget()
        form = QFormLayout(choose)
        file_label = QLabel(_("&Workbook"))
        file_label.setBuddy(self.path)
        hint = QLabel(
            _(
                "The header row is found by its column names (Chinese or English); a title above it, "
                "merged cells and blank rows are fine. Nothing is imported before you see a preview."
            )
        )
        hint.setWordWrap(True)
        form.addRow(hint)
        form.addRow(file_label, file_row)
        form.addRow(_("It &holds"), self.kind)
        form.addRow("", self.allow_partial)
        form.addRow("", self.create_units)
        form.addRow("", self.choose_error)
        preview = QWidget()
        preview_layout = QVBoxLayout(preview)
        self.columns_label.setWordWrap(True)
        preview_layout.addWidget(self.columns_label)
        preview_layout.addWidget(self.preview, 1)
        self.additions_label.setWordWrap(True)
        preview_layout.addWidget(self.additions_label)
        preview_layout.addWidget(self.additions, 1)
        running = QWidget()
        running_layout = QVBoxLayout(running)
        running_layout.addStretch(1)
        running_layout.addWidget(self.progress_label)
        running_layout.addWidget(self.progress)
        running_layout.addStretch(1)
        result = QWidget()
        result_layout = QVBoxLayout(result)
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        result_layout.addWidget(self.summary)
        header = self.problems.horizontalHeader()
        for column in (2, 3):  # the problem and how to fix: wrapped, sharing the width
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
        self.problems.setWordWrap(True)
        result_layout.addWidget(self.problems, 1)
        result_layout.addWidget(self.open_errors, 0, Qt.AlignmentFlag.AlignLeft)
        for page in (choose, preview, running, result):
            self.pages.addWidget(page)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        for button in (self.back, self.next, self.cancel):
            buttons.addWidget(button)
        self.next.setDefault(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.pages, 1)
        layout.addLayout(buttons)
        self._show_page(CHOOSE)

    def _connect_signals(self) -> None:
        self.browse.clicked.connect(self._on_browse_clicked)
        self.kind.currentIndexChanged.connect(self._on_kind_changed)
        self.back.clicked.connect(lambda: self._show_page(CHOOSE))
        self.next.clicked.connect(self._on_next_clicked)
        self.cancel.clicked.connect(self._on_cancel_clicked)
        self.open_errors.clicked.connect(self._on_open_errors_clicked)
        self.relay.sig_progress.connect(self._on_progress)
        self._on_kind_changed()

    def sheet_kind(self) -> SheetKind:
        """What the chosen workbook holds."""
        return "arrears" if self.kind.currentData() == "arrears" else "residents"

    def source(self) -> Path:
        """The chosen workbook."""
        return Path(self.path.text().strip())

    def _show_page(self, page: int) -> None:
        self.pages.setCurrentIndex(page)
        self.back.setVisible(page == PREVIEW)
        self.next.setVisible(page in (CHOOSE, PREVIEW))
        self.next.setText(_("&Import") if page == PREVIEW else _("&Next >"))
        self.cancel.setText(_("Close") if page == RESULT else _("Cancel"))
        self.cancel.setEnabled(True)

    def _on_browse_clicked(self) -> None:
        path = choose_workbook(self)
        if path is not None:
            self.path.setText(str(path))

    def _on_kind_changed(self) -> None:
        self.create_units.setVisible(self.sheet_kind() == "residents")

    def _on_next_clicked(self) -> None:
        if self.pages.currentIndex() == CHOOSE:
            self.read()
        else:
            self.start_import()

    def read(self) -> None:
        """Read the chosen workbook (on the worker thread) and show its preview."""
        if not self.path.text().strip():
            self.choose_error.setText(_("Choose the workbook first."))
            return
        self.choose_error.clear()
        source, kind = self.source(), self.sheet_kind()
        plan = kind == "residents" and self.create_units.isChecked()
        services, actor = self._context.services, self._context.require_actor()

        def job() -> tuple[SheetTable, Additions | None]:
            table = read_sheet(source, kind)
            return table, planned_additions(services, actor, table) if plan else None

        self.next.setEnabled(False)
        self._context.runner.submit(job, self._on_read, self._on_read_failed, owner=self)

    def _on_read(self, read: tuple[SheetTable, Additions | None]) -> None:
        self.next.setEnabled(True)
        table, additions = read
        self.table = table
        self._show_additions(additions)
        found = recognised_columns(table, self.sheet_kind())
        known = [f"{header} → {name}" for header, name in found.items() if name]
        unused = [header for header, name in found.items() if header and not name]
        text = _("{rows} rows on sheet “{sheet}”. Recognised columns: {known}.").format(
            rows=len(table.rows), sheet=table.sheet_name, known="、".join(known) or _("none")
        )
        if unused:
            text += " " + _("Not used: {columns}.").format(columns="、".join(unused))
        self.columns_label.setText(text)
        not_used = _("not used")
        headers = [f"{h}\n({found[h] or not_used})" for h in table.headers]
        self.preview.setColumnCount(len(headers) + 1)
        self.preview.setHorizontalHeaderLabels([_("Row"), *headers])
        rows = [
            [str(number), *(_cell(row.get(h)) for h in table.headers)]
            for number, row in zip(table.row_numbers[:PREVIEW_ROWS], table.rows[:PREVIEW_ROWS], strict=True)
        ]
        _fill(self.preview, rows)
        self._show_page(PREVIEW)

    def _show_additions(self, additions: Additions | None) -> None:
        """The buildings and units the import will add, when asked to add them."""
        self.additions_label.setVisible(additions is not None)
        self.additions.setVisible(additions is not None and bool(additions.units))
        if additions is None:
            return
        text = additions.line()
        if len(additions.units) > ADDITION_ROWS:
            text += " " + _("The first {n} units are listed.").format(n=ADDITION_ROWS)
        self.additions_label.setText(text)
        new = {b.code: b.name for b in additions.buildings}
        rows = [
            [
                u.code,
                str(u.area_m2),
                new[u.building_code] + " " + _("(new)") if u.building_code in new else u.building_code,
            ]
            for u in additions.units[:ADDITION_ROWS]
        ]
        _fill(self.additions, rows)

    def _on_read_failed(self, exc: BaseException) -> None:
        self.next.setEnabled(True)
        if not isinstance(exc, UserError):
            messages.show_error(self, exc)
            return
        self.choose_error.setText(exc.message)

    def start_import(self) -> None:
        """Import the previewed table on the worker thread, showing progress."""
        table = self.table
        if table is None:
            return
        services, actor = self._context.services, self._context.require_actor()
        kind, source, relay = self.sheet_kind(), self.source(), self.relay
        partial, create = self.allow_partial.isChecked(), self.create_units.isChecked()
        relay.cancel.clear()
        self.progress.setRange(0, 0)  # busy until the first count arrives
        self.progress_label.setText(_("Checking and importing {file} …").format(file=source.name))
        self._show_page(RUNNING)

        def job() -> ImportOutcome:
            outcome = run_import(
                services,
                actor,
                kind,
                table,
                source=source.name,
                allow_partial=partial,
                create_units=create,
                progress=relay,
            )
            if outcome.errors:
                write_errors(errors_path(source), source, outcome.errors)
            return outcome

        self._context.runner.submit(job, self._on_imported, self._on_import_failed, owner=self)

    def _on_progress(self, done: int, total: int) -> None:
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(done)

    def _on_cancel_clicked(self) -> None:
        if self.pages.currentIndex() == RUNNING:
            self.relay.cancel.set()  # the worker stops at its next row and rolls back
            self.cancel.setEnabled(False)
            self.progress_label.setText(_("Cancelling …"))
        else:
            self.reject()

    def _on_imported(self, outcome: ImportOutcome) -> None:
        self.outcome = outcome
        stopped = bool(outcome.errors) and not self.allow_partial.isChecked()
        lines = [outcome.counts_line()]
        if stopped:
            lines.append(_("Nothing was imported: correct the rows below and import again."))
        else:
            lines.extend(outcome.done)
            self._context.bus.notify("estate")
        self._show_result(lines, outcome)

    def _on_import_failed(self, exc: BaseException) -> None:
        if not isinstance(exc, UserError):
            self._show_page(CHOOSE)
            messages.show_error(self, exc)
            return
        self.outcome = None
        self._show_result([exc.message], None)

    def _show_result(self, lines: list[str], outcome: ImportOutcome | None) -> None:
        self.summary.setText("\n".join(lines))
        errors = outcome.errors if outcome is not None else ()
        _fill(self.problems, [[str(e.row), e.column, e.problem, e.fix] for e in errors])
        self.problems.setVisible(bool(errors))
        self.open_errors.setVisible(bool(errors))
        self._show_page(RESULT)
        # the wrapped rows' heights once the page is laid out and the columns have their widths
        QTimer.singleShot(0, self.problems, self.problems.resizeRowsToContents)

    def _on_open_errors_clicked(self) -> None:
        open_file(errors_path(self.source()))


def _cell(value: object) -> str:
    return "" if value is None else str(value)
