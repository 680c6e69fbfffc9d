"""The registry dialogs' common frame: a form saved on the worker thread, kept filled when saving fails."""

from __future__ import annotations

import uuid
from datetime import date

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QDateEdit, QLabel, QWidget

from ui.kit.context import AppContext
from ui.kit.form_dialog import FormDialog as KitFormDialog


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


class FormDialog(KitFormDialog):
    """A form about the registry: saved on the worker thread; on success the open views are told."""

    entity = "estate"

    def __init__(self, context: AppContext, title: str, parent: QWidget | None) -> None:
        super().__init__(context, title, parent)
        self.client_id = uuid.uuid4()  # made once: a retry of the same form records once
