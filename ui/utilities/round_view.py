"""The meter round (抄表) at the desk: a building's meters in walking order, read one after the other.

The cursor waits in the first unread "current" cell: the clerk types the dial's digits and Enter —
the reading is saved on the worker thread and the cursor is already on the next row. Every reading
is saved as it is typed, so a half-finished round is simply opened again (here or at another desk)
and resumes at the first unread row. A reading the core flags (below the previous one, far above
the usual, nothing used on an occupied unit) turns its row red with the flag in words; the clerk
confirms it with a reason (Alt+C) or types the right reading over it. "Flags only" lists what is
left to resolve. A meter replaced this month is recorded from its row (Ctrl+R). The month's
readings come in from, and go out to, the workbook the command line reads; the building's round
sheet prints with the usual preview.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QEvent, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from frontdesk.clock import local_today, month_of
from frontdesk.errors import Conflict, NotFound, UserError, ValidationError
from frontdesk.estate.rows import BuildingRow
from frontdesk.i18n import _, ngettext
from frontdesk.utilities.import_rows import UtilityImportReport
from frontdesk.utilities.kinds import MonthStatus, label, meter_label
from frontdesk.utilities.rows import ReadingInput, RoundRow
from ui.kit import messages, paper
from ui.kit.context import AppContext
from ui.kit.forms import FieldErrors, month_field
from ui.kit.window_state import recall, remember
from ui.utilities.round_dialogs import (
    ConfirmFlagDialog,
    ImportProblemsDialog,
    ReplacementDialog,
    RowDialog,
    whole_number,
)
from ui.utilities.round_model import CURRENT, EXPECTED, FLAG, FlagsFilter, ReadingDelegate, RoundModel, place

MONTH = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")
ENTITY = "meter_reading"
REPLACE_KEY = "Ctrl+R"
EDITING = (
    QAbstractItemView.EditTrigger.AnyKeyPressed
    | QAbstractItemView.EditTrigger.EditKeyPressed
    | QAbstractItemView.EditTrigger.DoubleClicked
)
NO_EDITING = QAbstractItemView.EditTrigger.NoEditTriggers
Loaded = tuple[list[RoundRow], bool]  # a building's round, and whether its month is closed


def choose_workbook(parent: QWidget | None) -> Path | None:
    """Ask for the readings workbook to import (tests replace this function)."""
    name, _filter = QFileDialog.getOpenFileName(
        parent, _("Choose the readings workbook"), recall("utilities/folder") or str(Path.home()),
        _("Excel workbooks (*.xlsx)"),
    )  # fmt: skip
    return Path(name) if name else None


class RoundGrid(QTableView):
    """The grid: the cursor stays in the "current" column; digits start typing the reading, Enter
    on a cell not being typed goes to the next row (the reading kept)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setEditTriggers(EDITING)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setTabKeyNavigation(False)  # Tab leaves the grid for the buttons, as in any form
        self.setAlternatingRowColors(False)  # the flagged rows' colour must stand out alone
        self.verticalHeader().hide()
        self.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 10)
        self.setWordWrap(False)

    def moveCursor(
        self, cursorAction: QAbstractItemView.CursorAction, modifiers: Qt.KeyboardModifier
    ) -> QModelIndex:
        """Up, Down, Page Up/Down, Home, End move between rows; the cursor stays on the reading."""
        index = super().moveCursor(cursorAction, modifiers)
        return index.siblingAtColumn(CURRENT) if index.isValid() else index

    def step(self, rows: int) -> None:
        """Put the cursor ``rows`` rows down (or up) from where it is, on the reading."""
        model = self.model()
        if model is None or not model.rowCount():
            return
        here = self.currentIndex().row() if self.currentIndex().isValid() else 0
        self.go_to(max(0, min(model.rowCount() - 1, here + rows)))

    def go_to(self, row: int) -> None:
        """Put the cursor on row ``row``'s reading, in sight."""
        model = self.model()
        if model is None or not 0 <= row < model.rowCount():
            return
        index = model.index(row, CURRENT)
        self.setCurrentIndex(index)
        self.scrollTo(index)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Enter on a reading not being typed: the next row."""
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.state() != self.State.EditingState:
            self.step(1)
            event.accept()
            return
        super().keyPressEvent(event)


class RoundView(QWidget):
    """The "Meter round" tab: month, building, the grid, progress, flags and the round's tools."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self._buildings: list[BuildingRow] = []
        self._loaded_key: tuple[str, int] | None = None
        self.dialog: QDialog | None = None  # the dialog open over the round, if any
        self._focus_grid = False  # the next round loaded puts the cursor in the grid
        self.closed = False  # the month shown is closed: nothing can be typed
        self._notice_meter: int | None = None  # the meter the message beside the grid is about
        self.month = month_field(month_of(local_today()))
        self.building = QComboBox()
        self.flags_only = QCheckBox()
        self.progress = QLabel()
        self.model = RoundModel(self)
        self.proxy = FlagsFilter(self)
        self.proxy.setSourceModel(self.model)
        self.delegate = ReadingDelegate(self)
        self.grid = RoundGrid()
        self.notice = QLabel()
        self.errors = FieldErrors()
        self.confirm_button = QPushButton(_("&Confirm flag …"))
        self.replace_button = QPushButton(_("&Replacement … ({key})").format(key=REPLACE_KEY))
        self.import_button = QPushButton(_("&Import readings …"))
        self.export_button = QPushButton(_("E&xport readings …"))
        self.print_button = QPushButton(_("&Print round sheet …"))
        self._build_ui()
        self._connect_signals()

    # --- building ---------------------------------------------------------------------------

    def _build_ui(self) -> None:
        self.building.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.building.setMinimumContentsLength(10)
        self.grid.setModel(self.proxy)
        self.grid.setItemDelegateForColumn(CURRENT, self.delegate)
        header = self.grid.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(FLAG, QHeaderView.ResizeMode.Stretch)
        header.setMinimumSectionSize(60)
        self.notice.setObjectName("fieldError")
        self.notice.setWordWrap(True)
        self.notice.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.notice.hide()
        self.progress.setObjectName("hint")
        month_label, building_label = QLabel(_("Mon&th")), QLabel(_("&Building"))
        month_label.setBuddy(self.month)
        building_label.setBuddy(self.building)
        top = QHBoxLayout()
        top.addWidget(month_label)
        top.addWidget(self.errors.wrap("month", self.month))
        top.addSpacing(12)
        top.addWidget(building_label)
        top.addWidget(self.building)
        top.addSpacing(12)
        top.addWidget(self.progress, 1)
        top.addWidget(self.flags_only)
        buttons = QHBoxLayout()
        for button in (self.confirm_button, self.replace_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        for button in (self.import_button, self.export_button, self.print_button):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.grid, 1)
        layout.addWidget(self.notice)
        layout.addLayout(buttons)
        self.setTabOrder(self.month, self.building)
        self.setTabOrder(self.building, self.grid)
        self._show_counts()

    def _connect_signals(self) -> None:
        self.month.returnPressed.connect(self._on_month_entered)
        self.building.installEventFilter(self)
        self.month.editingFinished.connect(self._on_month_left)
        self.building.activated.connect(lambda _i: self.reload())
        self.flags_only.toggled.connect(self._on_flags_only)
        self.delegate.sig_entered.connect(self._on_entered)
        self.confirm_button.clicked.connect(self.confirm_flag)
        self.replace_button.clicked.connect(self.record_replacement)
        self.import_button.clicked.connect(self.import_readings)
        self.export_button.clicked.connect(self.export_readings)
        self.print_button.clicked.connect(self.print_sheet)
        self.grid.selectionModel().currentChanged.connect(lambda *_a: self._update_buttons())
        QShortcut(
            QKeySequence(REPLACE_KEY),
            self,
            self.record_replacement,
            context=Qt.ShortcutContext.WidgetWithChildrenShortcut,
        )
        self._update_buttons()

    # --- loading ----------------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Enter on the building list: into the grid, at the first unread row."""
        if (
            watched is self.building
            and isinstance(event, QKeyEvent)
            and event.type() == QEvent.Type.KeyPress
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        ):
            self.go_to_first_unread()
            return True
        return False

    def _on_month_entered(self) -> None:
        self._focus_grid = True
        self.reload()

    def activate(self) -> None:
        """The tab was shown: the buildings (once), then the round as it stands, the cursor on the
        first unread row."""
        self._focus_grid = True
        if self._buildings:
            self.reload()
            return
        actor, estate = self._context.require_actor(), self._context.services.estate

        def buildings() -> list[BuildingRow]:
            return [
                b
                for e in estate.estates(actor=actor)
                for b in estate.buildings(actor=actor, estate_id=e.id)
                if b.active
            ]

        self._context.runner.submit(buildings, self._on_buildings, owner=self)

    def _on_buildings(self, buildings: list[BuildingRow]) -> None:
        self._buildings = buildings
        self.building.clear()
        for b in buildings:
            self.building.addItem(b.name or b.code, b.id)
        remembered = recall("utilities/building")
        index = self.building.findData(int(remembered)) if remembered and remembered.isdigit() else -1
        self.building.setCurrentIndex(max(index, 0))
        self.reload()

    def chosen_month(self) -> str | None:
        """The month typed, or None (with the message beside it) when it is not ``YYYY-MM``."""
        text = self.month.text().strip()
        if not MONTH.match(text):
            self.errors.set(
                "month", _("Type the month as YYYY-MM, e.g. {month}.").format(month=month_of(local_today()))
            )
            return None
        self.errors.clear("month")
        return text

    def building_id(self) -> int | None:
        """The chosen building."""
        value = self.building.currentData()
        return value if isinstance(value, int) else None

    def building_name(self) -> str:
        """The chosen building as the list shows it."""
        return self.building.currentText()

    def _on_month_left(self) -> None:
        month, building = self.month.text().strip(), self.building_id()
        if (month, building) != self._loaded_key:
            self.reload()

    def reload(self) -> None:
        """The chosen building's round for the chosen month (worker thread)."""
        month, building = self.chosen_month(), self.building_id()
        if month is None or building is None:
            return
        remember("utilities/building", str(building))
        self._context.runner.submit(
            self._fetch(month, building), lambda loaded: self._on_rows(month, building, loaded), owner=self
        )

    def _fetch(self, month: str, building: int) -> Callable[[], Loaded]:
        """The job reading a building's round and whether its month is closed."""
        actor, utilities = self._context.require_actor(), self._context.services.utilities

        def job() -> Loaded:
            rows = utilities.round_rows(actor=actor, month=month, building_id=building)
            return rows, utilities.month(actor=actor, month=month).status is MonthStatus.CLOSED

        return job

    def _on_rows(self, month: str, building: int, loaded: Loaded) -> None:
        rows, closed = loaded
        self._loaded_key = (month, building)
        self.closed = closed
        self.grid.setEditTriggers(NO_EDITING if closed else EDITING)
        locked = _("{month} is closed: its readings are locked; corrections are adjustments in the table.")
        self.say(locked.format(month=month) if closed else "")
        self.model.set_rows(rows)
        self.grid.resizeColumnsToContents()
        header = self.grid.horizontalHeader()
        header.resizeSection(EXPECTED, max(header.sectionSize(EXPECTED), 110))
        self._show_counts()
        self.go_to_first_unread(focus=self._focus_grid)
        self._focus_grid = False  # a building or month chosen by arrows leaves the cursor in its list

    def loaded_month(self) -> str:
        """The month the grid shows."""
        return self._loaded_key[0] if self._loaded_key else ""

    def go_to_first_unread(self, focus: bool = True) -> None:
        """The cursor on the first unread meter (else the first flag to resolve, else the top)."""
        rows = [
            self.model.row(self.proxy.mapToSource(self.proxy.index(r, 0)).row())
            for r in range(self.proxy.rowCount())
        ]
        target = next((i for i, r in enumerate(rows) if r is not None and r.current is None), None)
        if target is None:
            target = next((i for i, r in enumerate(rows) if r is not None and r.needs_attention), 0)
        self.grid.go_to(target)
        if focus:
            self.grid.setFocus(Qt.FocusReason.OtherFocusReason)

    def _show_counts(self) -> None:
        total, read, flags = self.model.rowCount(), self.model.read(), self.model.unresolved()
        text = ngettext("Read {n} of {total} meter", "Read {n} of {total} meters", total).format(
            n=read, total=total
        )
        if flags:
            text += " · " + ngettext("{n} flag to resolve", "{n} flags to resolve", flags).format(n=flags)
        self.progress.setText(text)
        self.flags_only.setText(_("&Flags only ({n})").format(n=flags))

    def _on_flags_only(self, only: bool) -> None:
        self.proxy.set_flags_only(only)
        self.go_to_first_unread()
        self._update_buttons()

    def current_row(self) -> RoundRow | None:
        """The round row under the cursor."""
        index = self.grid.currentIndex()
        if not index.isValid():
            return None
        return self.model.row(self.proxy.mapToSource(index).row())

    def _update_buttons(self) -> None:
        row = self.current_row()
        self.confirm_button.setEnabled(row is not None and row.needs_attention and not self.closed)
        self.replace_button.setEnabled(row is not None and not self.closed)
        self.print_button.setEnabled(self.building_id() is not None)
        self.export_button.setEnabled(self._loaded_key is not None)
        self.import_button.setEnabled(self._loaded_key is not None and not self.closed)

    # --- typing readings ----------------------------------------------------------------------

    def say(self, text: str, meter_id: int | None = None) -> None:
        """A message beside the grid (empty: none), about meter ``meter_id`` if given: it stays as
        other readings are typed, until that meter's reading is saved or confirmed."""
        self.notice.setText(text)
        self.notice.setVisible(bool(text))
        self._notice_meter = meter_id if text else None

    def _settled(self, meter_id: int) -> None:
        """The meter's reading was saved or confirmed: a message about it has had its day."""
        if self._notice_meter in (meter_id, None):
            self.say("")

    def _on_entered(self, cell: QPersistentModelIndex, text: str, move: bool) -> None:
        """A reading typed in the grid: checked, saved on the worker thread; with Enter, the cursor
        goes on to the next row at once."""
        if not cell.isValid():
            return
        source = self.proxy.mapToSource(self.proxy.index(cell.row(), cell.column()))
        row = self.model.row(source.row())
        month = self.loaded_month()
        if row is None or not month:
            return
        text = text.strip()
        if not text or (str(row.current) == text and self.model.typed(row.meter_id) is None):
            if move:
                self.grid.step(1)
            return  # nothing typed, or the saved reading again: nothing to save
        try:
            value = whole_number("current", text)
        except ValidationError as exc:
            self._refused(row, text, exc.message)
            return
        assert value is not None
        if move:
            self.grid.step(1)
        actor, utilities = self._context.require_actor(), self._context.services.utilities
        entry = ReadingInput(row.meter_id, value, row.old_final, row.new_initial)
        self._context.runner.submit(
            lambda: utilities.record_reading(actor=actor, month=month, entry=entry, version=row.version),
            self._on_saved,
            lambda exc: self._on_save_failed(row, text, exc),
            owner=self,
        )

    def _refused(self, row: RoundRow, text: str, message: str) -> None:
        """The reading was not saved: what was typed stays in red, the message beside the grid, the
        cursor back on the row."""
        self.model.keep_typed(row.meter_id, text)
        self.say(f"{place(row)} · {meter_label(row.kind)} · {row.meter_number}: {message}", row.meter_id)
        number = self.model.number_of(row.meter_id)
        if number is not None:
            self.grid.go_to(self.proxy.mapFromSource(self.model.index(number, CURRENT)).row())
        self.grid.setFocus(Qt.FocusReason.OtherFocusReason)

    def _on_saved(self, saved: RoundRow) -> None:
        self._settled(saved.meter_id)
        self.model.replace(saved)
        self._show_counts()
        self._update_buttons()
        if saved.needs_attention and saved.flag is not None:
            self.say(
                _(
                    "{place} · {kind}: {flag}. Confirm it with a reason (Alt+C) or type the right reading."
                ).format(place=place(saved), kind=meter_label(saved.kind), flag=label(saved.flag)),
                saved.meter_id,
            )

    def _on_save_failed(self, row: RoundRow, text: str, exc: BaseException) -> None:
        if isinstance(exc, ValidationError):
            self._refused(row, text, exc.message)
        elif isinstance(exc, Conflict | NotFound):
            self._refused(row, text, exc.message)
            self._reload_keeping(row.meter_id, text)
        elif isinstance(exc, UserError):
            self._refused(row, text, exc.message)
        else:
            self.model.keep_typed(row.meter_id, text)
            messages.show_error(self, exc)

    def _reload_keeping(self, meter_id: int, text: str) -> None:
        """Another desk saved the meter meanwhile: its reading shown, what was typed kept beside it."""
        month, building = self._loaded_key or ("", None)
        if building is None:
            return

        def shown(loaded: Loaded) -> None:
            notice = self.notice.text()
            self._on_rows(month, building, loaded)
            self.model.keep_typed(meter_id, text)
            self.say(notice)
            number = self.model.number_of(meter_id)
            if number is not None:
                self.grid.go_to(self.proxy.mapFromSource(self.model.index(number, CURRENT)).row())

        self._context.runner.submit(self._fetch(month, building), shown, owner=self)

    # --- a row's dialogs ---------------------------------------------------------------------

    def confirm_flag(self) -> None:
        """Confirm the flagged reading under the cursor with a reason (a dialog)."""
        row = self.current_row()
        if row is None or not row.needs_attention:
            self.say(_("Put the cursor on a flagged reading to confirm it."))
            return
        self._open(ConfirmFlagDialog(self._context, row, self))

    def record_replacement(self) -> None:
        """The meter under the cursor was replaced this month: the old final and the new initial."""
        row = self.current_row()
        month = self.loaded_month()
        if row is None or not month:
            return
        self._open(ReplacementDialog(self._context, month, row, self))

    def _open(self, dialog: RowDialog) -> None:
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(lambda _result: self._on_dialog_finished(dialog))
        self.dialog = dialog
        dialog.open()

    def _on_dialog_finished(self, dialog: RowDialog) -> None:
        self.dialog = None
        if dialog.saved is not None:
            self._after_dialog(dialog.saved)
        elif dialog.failed_conflict:
            self.reload()
        self.grid.setFocus(Qt.FocusReason.OtherFocusReason)

    def _after_dialog(self, saved: RoundRow) -> None:
        self._on_saved(saved)
        if self.flags_only.isChecked():
            self.go_to_first_unread()
        self.grid.setFocus(Qt.FocusReason.OtherFocusReason)

    # --- sheets and paper --------------------------------------------------------------------

    def import_readings(self) -> None:
        """The month's readings from a workbook: all rows or none; problems listed row by row."""
        month = self.loaded_month()
        path = choose_workbook(self) if month else None
        if path is None:
            return
        remember("utilities/folder", str(path.parent))
        actor, utilities = self._context.require_actor(), self._context.services.utilities

        def job() -> UtilityImportReport:
            from ui.workbooks.problems import errors_path, write_errors
            from ui.workbooks.utilities import read_sheet

            table = read_sheet(path)
            report = utilities.import_readings(
                actor=actor, month=month, rows=table.rows, row_numbers=table.row_numbers, source=path.name
            )
            if report.errors:
                write_errors(errors_path(path), path, report.errors)
            return report

        self._context.runner.submit(job, lambda report: self._on_imported(month, path, report), owner=self)

    def _on_imported(self, month: str, path: Path, report: UtilityImportReport) -> None:
        if report.errors:
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
            dialog = ImportProblemsDialog(summary, report.errors, self)
            dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            self.dialog = dialog
            dialog.finished.connect(lambda _result: setattr(self, "dialog", None))
            dialog.open()
            return
        self._context.bus.notify(ENTITY)
        messages.inform(
            self,
            _("Readings saved: {n}; flagged to confirm or correct: {flagged}.").format(
                n=report.imported, flagged=report.flagged
            ),
        )
        self.reload()

    def export_readings(self) -> None:
        """The month's readings as the workbook the import reads (every building)."""
        month = self.loaded_month()
        if not month:
            return
        folder = Path(recall("utilities/folder") or Path.home())
        path = paper.choose_save_path(
            self,
            caption=_("Export the readings"),
            suggested=folder / (_("Meter readings {month}").format(month=month) + ".xlsx"),
            file_filter=_("Excel workbooks (*.xlsx)"),
        )
        if path is None:
            return
        if path.suffix.lower() != ".xlsx":
            path = path.with_name(path.name + ".xlsx")
        remember("utilities/folder", str(path.parent))
        actor, services = self._context.require_actor(), self._context.services

        def job() -> int:
            from ui.workbooks.utilities import write_sheet

            rows = services.utilities.export_rows(actor=actor, sheet="readings", month=month)
            partial = path.with_name(path.name + ".part")
            try:
                with partial.open("wb") as stream:
                    write_sheet(stream, "readings", rows, month=month)
                services.audit.record_export(
                    actor=actor, what="readings", rows=len(rows), file_name=path.name, personal=False
                )
                partial.replace(path)
            finally:
                partial.unlink(missing_ok=True)
            return len(rows)

        self._context.runner.submit(
            job,
            lambda n: messages.inform(
                self,
                ngettext("Exported {n} row to {path}.", "Exported {n} rows to {path}.", n).format(
                    n=n, path=path
                ),
            ),
            self._on_export_failed,
            owner=self,
        )

    def _on_export_failed(self, exc: BaseException) -> None:
        if isinstance(exc, OSError):
            messages.warn(self, _("The file could not be saved: {reason}").format(reason=exc.strerror or exc))
        else:
            messages.show_error(self, exc)

    def print_sheet(self) -> paper.PreviewDialog | None:
        """The building's round sheet (抄表单) for the month, in the preview: print or save."""
        month, building = self.chosen_month(), self.building_id()
        if month is None or building is None:
            return None
        name = self.building_name()
        actor, services, font = (
            self._context.require_actor(),
            self._context.services,
            self._context.settings.pdf_font or None,
        )

        def make_pdf() -> bytes:
            from reports.utility_sheets import round_sheet_pdf

            rows = services.utilities.round_rows(actor=actor, month=month, building_id=building)
            office = services.setup.office()
            return round_sheet_pdf(
                rows, month=month, building=name, office_name=office.name if office else "", font_file=font
            )

        title = _("Meter reading sheet {building} {month}").format(building=name, month=month)
        return paper.preview_document(
            self._context, self, kind="round_sheet", title=title, file_name=f"{title}.pdf", make_pdf=make_pdf
        )
