"""The form dialog saved on the worker thread: labelled fields with their messages beside them, Save
and Cancel; it stays open and filled when the core refuses, and closes once saved."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QDialogButtonBox, QFormLayout, QLabel, QVBoxLayout, QWidget

from frontdesk.errors import ValidationError
from ui.kit.context import AppContext
from ui.kit.dialog import Dialog
from ui.kit.forms import FieldErrors


class FormDialog(Dialog):
    """A form: Enter saves, Esc cancels; ``entity`` (if any) is announced on the change bus once saved.

    Subclasses add their fields with :meth:`add_field` and return the saving job from ``_job``
    (raising ValidationError for what they check themselves); ``result_value`` is what it returned.
    """

    entity = ""

    def __init__(self, context: AppContext, title: str, parent: QWidget | None) -> None:
        super().__init__(parent)
        self._context = context
        self.result_value: object = None
        self.errors = FieldErrors()
        self.form = QFormLayout()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        self.setWindowTitle(title)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.buttons)

    def add_field(self, text: str, name: str, widget: QWidget) -> None:
        """A labelled row whose errors show under ``widget``; the label's mnemonic focuses it."""
        label = QLabel(text)
        label.setBuddy(widget)
        self.form.addRow(label, self.errors.wrap(name, widget))

    def _job(self) -> Callable[[], object]:
        raise NotImplementedError

    def save(self) -> None:
        """Check and save; on success close and tell the open views."""
        self.errors.clear()
        try:
            job = self._job()
        except ValidationError as exc:
            self._on_failed(exc)
            return
        self._context.runner.submit(job, self._on_saved, self._on_failed, owner=self)

    def _on_saved(self, result: object) -> None:
        self.result_value = result
        if self.entity:
            self._context.bus.notify(self.entity)
        self.accept()

    def _on_failed(self, exc: BaseException) -> None:
        self.errors.show(self, exc)
        self.adjustSize()  # make room for the message beside the field
