"""The registry dialogs' common frame: a form saved on the worker thread, kept filled when saving fails."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QDateEdit,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from frontdesk.errors import ValidationError
from ui.kit.context import AppContext
from ui.kit.dialog import Dialog
from ui.kit.forms import FieldErrors


def qdate(day: date) -> QDate:
    """A Python date as a QDate."""
    return QDate(day.year, day.month, day.day)


def pydate(day: QDate) -> date:
    """A QDate as a Python date."""
    return date(day.year(), day.month(), day.day())


def date_edit(day: date) -> QDateEdit:
    """A date field with a calendar, written the way the desk writes dates."""
    edit = QDateEdit(qdate(day))
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("yyyy-MM-dd")
    return edit


def hint(text: str) -> QLabel:
    """A grey note under a field."""
    label = QLabel(text)
    label.setObjectName("hint")
    label.setWordWrap(True)
    return label


class FormDialog(Dialog):
    """A form about the registry: Enter saves, Esc cancels; on success the open views are told."""

    entity = "estate"

    def __init__(self, context: AppContext, title: str, parent: QWidget | None) -> None:
        super().__init__(parent)
        self._context = context
        self.client_id = uuid.uuid4()  # made once: a retry of the same form records once
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

    def _on_saved(self, _result: object) -> None:
        self._context.bus.notify(self.entity)
        self.accept()

    def _on_failed(self, exc: BaseException) -> None:
        self.errors.show(self, exc)
        self.adjustSize()  # make room for the message beside the field
