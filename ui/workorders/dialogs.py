"""Dialogs on a work order outside its steps: cancelling it with a reason."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QDialogButtonBox, QFormLayout, QLabel, QVBoxLayout, QWidget

from frontdesk.errors import Conflict
from frontdesk.i18n import _
from frontdesk.workorders.rows import OrderRow
from ui.kit import messages
from ui.kit.context import AppContext
from ui.kit.dialog import Dialog
from ui.kit.forms import FieldErrors
from ui.kit.steps import text_box
from ui.workorders.common import ENTITY


class CancelDialog(Dialog):
    """Cancel the order, saying why (it is kept, marked cancelled); stays open when refused."""

    def __init__(self, context: AppContext, row: OrderRow, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self.row = row
        self.result_row: OrderRow | None = None
        self.errors = FieldErrors()
        self.reason = text_box(_("e.g. the owner repaired it themselves"))
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        self.setWindowTitle(_("Cancel work order {number}").format(number=row.number))
        self.setMinimumWidth(480)
        caption = QLabel(_("&Reason"))
        caption.setBuddy(self.reason)
        form = QFormLayout()
        form.addRow(caption, self.errors.wrap("reason", self.reason))
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        for key in ("Ctrl+Return", "Ctrl+Enter"):  # the reason is a few lines: Enter starts a new one
            QShortcut(QKeySequence(key), self, self.save, context=Qt.ShortcutContext.WindowShortcut)
        self.reason.setFocus()

    def save(self) -> None:
        """Cancel on the worker thread."""
        self.errors.clear()
        actor, orders, row, reason = (
            self._context.require_actor(),
            self._context.services.workorders,
            self.row,
            self.reason.toPlainText(),
        )
        self._context.runner.submit(
            lambda: orders.cancel(actor=actor, number=row.number, version=row.version, reason=reason),
            self._on_saved,
            self._on_failed,
            owner=self,
        )

    def _on_failed(self, exc: BaseException) -> None:
        if isinstance(exc, Conflict):  # changed on another desk: said, and the view shows it as it is now
            messages.warn(self, exc.message)
            self.reject()
            return
        self.errors.show(self, exc)

    def _on_saved(self, row: OrderRow) -> None:
        self.result_row = row
        self._context.bus.notify(ENTITY)
        self.accept()
