"""Notify the host again (e.g. after "unreachable"): who was told, how, and their answer."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from frontdesk.i18n import _
from frontdesk.visitors.kinds import Answer, NotifyMethod, label
from frontdesk.visitors.rows import VisitRow
from ui.kit.context import AppContext
from ui.kit.dialog import Dialog
from ui.kit.forms import FieldErrors


class NotifyDialog(Dialog):
    """The notification step for a visitor already on site; a refusal ends the visit as refused."""

    def __init__(self, context: AppContext, visit: VisitRow, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._context, self._visit = context, visit
        self.errors = FieldErrors()
        self.told, self.method, self.answer = (
            QLineEdit(visit.host_name or visit.host_department),
            QComboBox(),
            QComboBox(),
        )
        for method in NotifyMethod:
            self.method.addItem(label(method), method.value)
        for answer in Answer:
            self.answer.addItem(label(answer), answer.value)
        self.answer.setPlaceholderText(_("Answer?"))
        self.answer.setCurrentIndex(-1)
        self.setWindowTitle(_("Notify · {name}").format(name=visit.name))
        form = QFormLayout()
        form.addRow(_("&Told"), self.errors.wrap("told", self.told))
        form.addRow(_("Ho&w"), self.errors.wrap("notify_method", self.method))
        form.addRow(_("&Answer"), self.errors.wrap("answer", self.answer))
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)

    def save(self) -> None:
        """Record it on the worker thread; errors beside the fields."""
        self.errors.clear()
        actor, visitors, visit_id = (
            self._context.require_actor(),
            self._context.services.visitors,
            self._visit.id,
        )
        told, method, answer = (
            self.told.text(),
            str(self.method.currentData()),
            str(self.answer.currentData() or ""),
        )
        self._context.runner.submit(
            lambda: visitors.notify(actor=actor, visit_id=visit_id, told=told, method=method, answer=answer),
            self._on_saved,
            lambda exc: self.errors.show(self, exc),
            owner=self,
        )

    def _on_saved(self, _row: VisitRow) -> None:
        self._context.bus.notify("visit")
        self.accept()
