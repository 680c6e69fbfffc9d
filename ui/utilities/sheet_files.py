"""The utilities' sheets in and out of Excel from the desk: meters, tariffs (and readings).

``import_sheet`` asks for a workbook, reads it and imports it on the worker thread — every row or
none: when a row is wrong nothing is imported, the problems are listed row by row in
:class:`ImportProblemsDialog` and written beside the input as ``FILE.errors.xlsx``, as the command
line does. ``export_sheet`` writes the workbook the import reads (recorded as an export).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialogButtonBox,
    QFileDialog,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from frontdesk.estate.residents_sheet import RowError
from frontdesk.i18n import _, ngettext
from frontdesk.utilities.import_rows import UtilityImportReport
from frontdesk.utilities.sheets import SheetKind
from ui.kit import messages, paper
from ui.kit.context import AppContext
from ui.kit.dialog import Dialog
from ui.kit.window_state import recall, remember

FOLDER = "utilities/folder"  # the folder last used for the utilities' workbooks


def choose_workbook(parent: QWidget | None, caption: str) -> Path | None:
    """Ask for the workbook to import (tests replace this function)."""
    name, _filter = QFileDialog.getOpenFileName(
        parent, caption, recall(FOLDER) or str(Path.home()), _("Excel workbooks (*.xlsx)")
    )
    return Path(name) if name else None


def _titles(sheet: SheetKind) -> tuple[str, str, str]:
    """The sheet's file-dialog caption, refused-import title and export caption."""
    if sheet == "meters":
        return _("Choose the meters workbook"), _("Meters not imported"), _("Export the meters")
    if sheet == "tariffs":
        return _("Choose the tariffs workbook"), _("Tariffs not imported"), _("Export the tariffs")
    return _("Choose the readings workbook"), _("Readings not imported"), _("Export the readings")


class ImportProblemsDialog(Dialog):
    """An import refused: each row's problem and how to fix it (nothing was imported)."""

    def __init__(
        self, title: str, summary: str, errors: Sequence[RowError], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.resize(860, 480)
        self.summary = QLabel(summary)
        self.summary.setWordWrap(True)
        self.problems = QTableWidget(len(errors), 4)
        self.problems.setHorizontalHeaderLabels([_("Row"), _("Column"), _("Problem"), _("How to fix")])
        self.problems.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.problems.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.problems.verticalHeader().hide()
        self.problems.setWordWrap(True)
        for r, error in enumerate(errors):
            for c, value in enumerate((str(error.row), error.column, error.problem, error.fix)):
                item = QTableWidgetItem(value)
                item.setToolTip(value)
                self.problems.setItem(r, c, item)
        header = self.problems.horizontalHeader()
        self.problems.resizeColumnsToContents()
        for column in (2, 3):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
        self.problems.resizeRowsToContents()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.problems, 1)
        layout.addWidget(buttons)


def import_sheet(
    owner: QWidget,
    context: AppContext,
    sheet: SheetKind,
    on_imported: Callable[[UtilityImportReport], None],
    on_refused: Callable[[ImportProblemsDialog], None] = lambda _dialog: None,
    *,
    month: str = "",
) -> None:
    """Ask for the ``sheet`` workbook and import it on the worker thread (all rows or none).

    A good import calls ``on_imported`` with the report; a refused one opens
    :class:`ImportProblemsDialog` over ``owner`` and hands it to ``on_refused``.
    """
    caption, refused_title, _export = _titles(sheet)
    path = choose_workbook(owner, caption)
    if path is None:
        return
    remember(FOLDER, str(path.parent))
    actor, utilities = context.require_actor(), context.services.utilities

    def job() -> UtilityImportReport:
        from ui.workbooks.problems import errors_path, write_errors
        from ui.workbooks.utilities import read_sheet

        table = read_sheet(path)
        common = {"actor": actor, "rows": table.rows, "row_numbers": table.row_numbers, "source": path.name}
        if sheet == "meters":
            report = utilities.import_meters(**common)  # type: ignore[arg-type]  # the keywords above
        elif sheet == "tariffs":
            report = utilities.import_tariffs(**common)  # type: ignore[arg-type]
        else:
            report = utilities.import_readings(month=month, **common)  # type: ignore[arg-type]
        if report.errors:
            write_errors(errors_path(path), path, report.errors)
        return report

    def done(report: UtilityImportReport) -> None:
        if not report.errors:
            on_imported(report)
            return
        from ui.workbooks.problems import errors_path

        bad = len({e.row for e in report.errors})
        summary = " ".join(
            (
                _("Rows read: {rows}, valid: {valid}, with problems: {bad}.").format(
                    rows=report.rows_read, valid=report.valid, bad=bad
                ),
                _("Nothing was imported: correct the rows below and import again."),
                _("The list is also in {file}.").format(file=errors_path(path)),
            )
        )
        dialog = ImportProblemsDialog(refused_title, summary, report.errors, owner)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        on_refused(dialog)

    context.runner.submit(job, done, lambda exc: messages.show_error(owner, exc), owner=owner)


def export_sheet(owner: QWidget, context: AppContext, sheet: SheetKind, *, month: str = "") -> None:
    """Ask where, and write the ``sheet`` workbook (what the import reads) on the worker thread."""
    _caption, _refused, caption = _titles(sheet)
    names = {"meters": _("Meters"), "tariffs": _("Tariffs")}
    name = names.get(sheet) or _("Meter readings {month}").format(month=month)
    folder = Path(recall(FOLDER) or Path.home())
    path = paper.choose_save_path(
        owner, caption=caption, suggested=folder / f"{name}.xlsx", file_filter=_("Excel workbooks (*.xlsx)")
    )
    if path is None:
        return
    if path.suffix.lower() != ".xlsx":
        path = path.with_name(path.name + ".xlsx")
    remember(FOLDER, str(path.parent))
    actor, services = context.require_actor(), context.services

    def job() -> int:
        from ui.workbooks.utilities import write_sheet

        rows = services.utilities.export_rows(actor=actor, sheet=sheet, month=month)
        partial = path.with_name(path.name + ".part")
        try:
            with partial.open("wb") as stream:
                write_sheet(stream, sheet, rows, month=month)
            services.audit.record_export(
                actor=actor, what=sheet, rows=len(rows), file_name=path.name, personal=False
            )
            partial.replace(path)
        finally:
            partial.unlink(missing_ok=True)
        return len(rows)

    def failed(exc: BaseException) -> None:
        if isinstance(exc, OSError):
            messages.warn(
                owner, _("The file could not be saved: {reason}").format(reason=exc.strerror or exc)
            )
        else:
            messages.show_error(owner, exc)

    context.runner.submit(
        job,
        lambda n: messages.inform(
            owner,
            ngettext("Exported {n} row to {path}.", "Exported {n} rows to {path}.", n).format(n=n, path=path),
        ),
        failed,
        owner=owner,
    )


class SheetFiles:
    """A view's sheet in and out of Excel: ``import_`` (all rows or none; a good import announced on
    the change bus as ``entity`` and told in ``told(n)``'s words) and ``export``.

    ``problems_dialog`` is a refused import's report while it is open.
    """

    def __init__(
        self,
        owner: QWidget,
        context: AppContext,
        sheet: SheetKind,
        entity: str,
        told: Callable[[int], str],
    ) -> None:
        self._owner, self._context, self.sheet, self._entity, self._told = owner, context, sheet, entity, told
        self.problems_dialog: ImportProblemsDialog | None = None

    def import_(self, month: str = "") -> None:
        """Ask for the workbook and import it."""
        import_sheet(self._owner, self._context, self.sheet, self._on_imported, self._on_refused, month=month)

    def export(self, month: str = "") -> None:
        """Ask where, and write the workbook."""
        export_sheet(self._owner, self._context, self.sheet, month=month)

    def _on_refused(self, dialog: ImportProblemsDialog) -> None:
        self.problems_dialog = dialog
        dialog.finished.connect(lambda _result: setattr(self, "problems_dialog", None))

    def _on_imported(self, report: UtilityImportReport) -> None:
        self._context.bus.notify(self._entity)
        messages.inform(self._owner, self._told(report.imported))
