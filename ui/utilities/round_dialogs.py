"""The round's dialogs on one meter's row: confirm a flagged reading with a reason, record a meter
replaced this month (old meter's final, new meter's initial, the new meter's reading); and the
report of a readings import refused row by row.

Each saves on the worker thread and stays open and filled when the core refuses, with the message
beside the field concerned.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from frontdesk.errors import Conflict, NotFound, ValidationError
from frontdesk.estate.residents_sheet import RowError
from frontdesk.i18n import _
from frontdesk.utilities.kinds import meter_label
from frontdesk.utilities.rows import ReadingInput, RoundRow
from ui.kit import messages
from ui.kit.context import AppContext
from ui.kit.dialog import Dialog
from ui.kit.form_dialog import FormDialog
from ui.kit.forms import hint
from ui.utilities.round_model import flag_words, place


def whole_number(field: str, text: str, *, required: bool = True) -> int | None:
    """A reading typed as digits (full-width digits too), or None when left empty and optional.

    Raises:
        ValidationError: letters, signs or a decimal point; empty when required.
    """
    text = text.strip()
    if not text and not required:
        return None
    if not text or not text.isdecimal():
        raise ValidationError(field, _("Type the reading in digits only, as the dial shows it."))
    return int(text)


def describe(row: RoundRow) -> str:
    """ "3-1502 · Water · W1502" for a dialog's first line."""
    return f"{place(row)} · {meter_label(row.kind)} · {row.meter_number}"


class RowDialog(FormDialog):
    """A form about one round row; ``saved`` is the row as saved. Another desk's change in between
    closes it with the message (``failed_conflict``), and the round is read again."""

    def __init__(self, context: AppContext, row: RoundRow, title: str, parent: QWidget | None) -> None:
        super().__init__(context, title, parent)
        self.row = row
        self.saved: RoundRow | None = None
        self.failed_conflict = False
        self.setMinimumWidth(520)
        heading = QLabel(describe(row))
        heading.setObjectName("sectionTitle")
        self.form.addRow(heading)

    def _on_saved(self, result: object) -> None:
        self.saved = result if isinstance(result, RoundRow) else None
        super()._on_saved(result)

    def _on_failed(self, exc: BaseException) -> None:
        if isinstance(exc, Conflict | NotFound):
            self.failed_conflict = True
            messages.warn(self, exc.message)
            self.reject()
            return
        super()._on_failed(exc)


class ConfirmFlagDialog(RowDialog):
    """The meter really shows this reading: confirm it, saying why (the month can then close)."""

    def __init__(self, context: AppContext, row: RoundRow, parent: QWidget | None = None) -> None:
        super().__init__(context, row, _("Confirm a flagged reading"), parent)
        self.reason = QLineEdit()
        self.reason.setMaxLength(200)
        self.reason.setPlaceholderText(_("e.g. checked on site: a leak, now repaired"))
        self.form.addRow(
            _("Reading"),
            QLabel(_("{previous} → {current}").format(previous=row.previous, current=row.current)),
        )
        self.form.addRow(_("Flag"), QLabel(flag_words(row)))
        self.form.addRow(
            hint(_("If the reading was mistyped, cancel and type the right one in the grid instead."))
        )
        self.add_field(_("&Reason"), "reason", self.reason)

    def _job(self) -> Callable[[], RoundRow]:
        actor, utilities = self._context.require_actor(), self._context.services.utilities
        reading_id, version, reason = self.row.reading_id, self.row.version, self.reason.text()
        if reading_id is None:
            raise ValidationError("reason", _("This meter has no reading this month yet."))
        return lambda: utilities.confirm_flag(
            actor=actor, reading_id=reading_id, version=version, reason=reason
        )


class ReplacementDialog(RowDialog):
    """The meter was replaced this month: the old meter's final reading, the new one's initial
    reading and what the new meter shows now; the usage counts both stretches."""

    def __init__(self, context: AppContext, month: str, row: RoundRow, parent: QWidget | None = None) -> None:
        super().__init__(context, row, _("A meter replaced this month"), parent)
        self._month = month
        self.old_final = QLineEdit("" if row.old_final is None else str(row.old_final))
        self.new_initial = QLineEdit("" if row.new_initial is None else str(row.new_initial))
        self.current = QLineEdit("" if row.current is None else str(row.current))
        self.form.addRow(_("Previous reading"), QLabel(str(row.previous)))
        self.add_field(_("&Old meter's final reading"), "old_final", self.old_final)
        self.add_field(_("&New meter's initial reading"), "new_initial", self.new_initial)
        self.add_field(_("New meter's reading &this month"), "current", self.current)

    def _job(self) -> Callable[[], RoundRow]:
        old_final = whole_number("old_final", self.old_final.text())
        new_initial = whole_number("new_initial", self.new_initial.text())
        current = whole_number("current", self.current.text())
        assert current is not None  # required
        entry = ReadingInput(self.row.meter_id, current, old_final, new_initial)
        actor, utilities = self._context.require_actor(), self._context.services.utilities
        month, version = self._month, self.row.version
        return lambda: utilities.record_reading(actor=actor, month=month, entry=entry, version=version)


class ImportProblemsDialog(Dialog):
    """A readings import refused: each row's problem and how to fix it (nothing was imported)."""

    def __init__(self, summary: str, errors: list[RowError], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Readings not imported"))
        self.resize(860, 480)
        text = QLabel(summary)
        text.setWordWrap(True)
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
        layout.addWidget(text)
        layout.addWidget(self.problems, 1)
        layout.addWidget(buttons)
