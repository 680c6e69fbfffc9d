"""Dialogs on a listed slip: void it with a reason, or record the owner's later answer to a pending one."""

from __future__ import annotations

from collections.abc import Callable
from html import escape

from PySide6.QtWidgets import QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from frontdesk.errors import ValidationError
from frontdesk.i18n import _
from frontdesk.slips.rows import ApplicantKind, SlipContext, SlipRow
from ui.kit.context import AppContext
from ui.kit.dialog import Dialog
from ui.kit.forms import FieldErrors
from ui.slips.common import ENTITY
from ui.slips.steps import ConfirmStep
from ui.slips.submit import confirmation_input


class _SlipDialog(Dialog):
    """Save on the worker thread; stay open and filled when the core refuses."""

    def __init__(self, context: AppContext, row: SlipRow, title: str, parent: QWidget | None) -> None:
        super().__init__(parent)
        self._context = context
        self.row = row
        self.result_row: SlipRow | None = None
        self.errors = FieldErrors()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        self.setWindowTitle(title.format(number=row.number))
        self.setMinimumWidth(480)

    def _job(self) -> Callable[[], SlipRow]:
        raise NotImplementedError

    def save(self) -> None:
        """Check and save."""
        self.errors.clear()
        try:
            job = self._job()
        except ValidationError as exc:
            self.errors.show(self, exc)
            return
        self._context.runner.submit(job, self._on_saved, lambda exc: self.errors.show(self, exc), owner=self)

    def _on_saved(self, row: SlipRow) -> None:
        self.result_row = row
        self._context.bus.notify(ENTITY)
        self.accept()


class VoidDialog(_SlipDialog):
    """Void a wrong slip: it is kept, marked voided, with the reason."""

    def __init__(self, context: AppContext, row: SlipRow, parent: QWidget | None = None) -> None:
        super().__init__(context, row, _("Void slip {number}"), parent)
        self.reason = QLineEdit()
        self.reason.setPlaceholderText(_("e.g. wrong unit typed; a new slip was issued"))
        form = QFormLayout(self)
        form.addRow(QLabel(escape(_("The slip is kept and marked voided; the gate will refuse it."))))
        form.addRow(_("&Reason"), self.errors.wrap("void_reason", self.reason))
        form.addRow(self.buttons)

    def _job(self) -> Callable[[], SlipRow]:
        actor, slips, number, reason = (
            self._context.require_actor(),
            self._context.services.slips,
            self.row.number,
            self.reason.text(),
        )
        return lambda: slips.void(actor=actor, number=number, reason=reason)


class CompletePendingDialog(_SlipDialog):
    """Record another call to an owner for a slip that is waiting for their answer."""

    def __init__(
        self, context: AppContext, row: SlipRow, unit: SlipContext, parent: QWidget | None = None
    ) -> None:
        super().__init__(context, row, _("Owner's answer for slip {number}"), parent)
        self.step = ConfirmStep(self.errors, context)
        recap = _("<b>{unit}</b> · {name} · waiting for the owner since {day}").format(
            unit=escape(row.unit_code), name=escape(row.applicant_name), day=row.issued_on.isoformat()
        )
        self.step.prepare(unit, ApplicantKind.AGENT, recap)
        layout = QVBoxLayout(self)
        layout.addWidget(self.step)
        layout.addWidget(self.buttons)

    def _job(self) -> Callable[[], SlipRow]:
        confirmation = confirmation_input(self.step)
        actor, slips, number = self._context.require_actor(), self._context.services.slips, self.row.number
        return lambda: slips.confirm_pending(actor=actor, number=number, confirmation=confirmation)
