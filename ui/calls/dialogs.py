"""What a logged call becomes, in one action each: a complaint (class and kind suggested from what the
caller said), a message for a resident, or a work order request."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from html import escape

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from frontdesk.calls.service import CallRow
from frontdesk.complaints.labels import NO_PROMISES, kind_label, label
from frontdesk.complaints.rows import KINDS, ComplaintClass, ComplaintRow, Suggestion
from frontdesk.errors import ValidationError
from frontdesk.estate.rows import ResidentRow
from frontdesk.estate.search import Resolution, UnitResolution
from frontdesk.i18n import _
from ui.kit.context import AppContext
from ui.kit.dialog import Dialog
from ui.kit.forms import FieldErrors

ENTITY = "phone_call"
"""Change-bus entity announced after a call is logged or turned into something."""


def _text_box(text: str, lines: int = 3) -> QPlainTextEdit:
    box = QPlainTextEdit(text)
    box.setTabChangesFocus(True)  # Tab leaves the text; Enter in the other fields saves
    box.setFixedHeight(box.fontMetrics().lineSpacing() * lines + 16)
    return box


def _hint(text: str) -> QLabel:
    hint = QLabel(text)
    hint.setObjectName("hint")
    hint.setWordWrap(True)
    return hint


def call_recap(call: CallRow) -> str:
    """The call in one line of rich text: when, who, which unit."""
    who = call.caller_name or call.caller_phone_masked or _("the caller")
    where = f" · {call.unit_code}" if call.unit_code else ""
    return f"<b>{escape(who)}</b>{escape(where)}<br>{escape(call.matter[:200])}"


class _CallDialog(Dialog):
    """Save on the worker thread; stay open and filled when the core refuses."""

    def __init__(self, context: AppContext, call: CallRow, title: str, parent: QWidget | None) -> None:
        super().__init__(parent)
        self._context = context
        self.call = call
        self.result_value: object = None
        self.errors = FieldErrors()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        self.setWindowTitle(title)
        self.setMinimumWidth(520)
        recap = QLabel(call_recap(call))
        recap.setTextFormat(Qt.TextFormat.RichText)
        recap.setWordWrap(True)
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        layout = QVBoxLayout(self)
        layout.addWidget(recap)
        layout.addLayout(self.form)
        self.extra = QVBoxLayout()
        layout.addLayout(self.extra)
        layout.addWidget(self.buttons)

    def _job(self) -> Callable[[], object]:
        raise NotImplementedError

    def save(self) -> None:
        """Check and save."""
        self.errors.clear()
        try:
            job = self._job()
        except ValidationError as exc:
            self.errors.show(self, exc)
            return
        self.buttons.setEnabled(False)
        self._context.runner.submit(job, self._on_saved, self._on_failed, owner=self)

    def _on_saved(self, value: object) -> None:
        self.buttons.setEnabled(True)
        self.result_value = value
        self._context.bus.notify(ENTITY)
        self.accept()

    def _on_failed(self, exc: BaseException) -> None:
        self.buttons.setEnabled(True)
        self.errors.show(self, exc)


class ComplaintDialog(_CallDialog):
    """The call becomes a complaint by phone: its class and kind (suggested by the office's keyword
    rules from what the caller said), the content, and a public place when no unit is known."""

    def __init__(self, context: AppContext, call: CallRow, parent: QWidget | None = None) -> None:
        super().__init__(context, call, _("Make the call a complaint"), parent)
        self.client_id = str(uuid.uuid4())
        self.cls = QComboBox()
        self.kind = QComboBox()
        self.suggestion = _hint("")
        self.content = _text_box(call.matter, 4)
        self.place = QLineEdit()
        self.place.setPlaceholderText(_("e.g. the car park entrance"))
        self.cls.setPlaceholderText(_("Choose the class"))
        for klass in ComplaintClass:
            self.cls.addItem(label(klass), klass.value)
        self.cls.setCurrentIndex(-1)
        self.kind.setPlaceholderText(_("Choose the kind"))
        e = self.errors
        self.form.addRow(_("C&lass"), e.wrap("cls", self.cls))
        self.form.addRow(_("&Kind"), e.wrap("kind", self.kind))
        self.form.addRow("", self.suggestion)
        self.form.addRow(_("C&ontent"), e.wrap("content", self.content))
        if call.unit_id is None:
            self.form.addRow(_("&Place"), e.wrap("place", self.place))
        self.extra.addWidget(_hint(_(NO_PROMISES)))
        self.cls.currentIndexChanged.connect(self._on_class_changed)
        self.suggest()

    def suggest(self) -> None:
        """Ask the office's keyword rules what the caller's words point to (worker thread)."""
        actor, complaints, text = (
            self._context.require_actor(),
            self._context.services.complaints,
            self.call.matter,
        )
        self._context.runner.submit(
            lambda: complaints.suggest(actor=actor, text=text), self._on_suggested, owner=self
        )

    def _on_suggested(self, found: Suggestion) -> None:
        if found.cls is None:
            self.suggestion.setText(_("No keyword matched: choose the class and kind."))
            return
        self.suggestion.setText(
            _("Suggested: {cls} · {kind} (matched: {words}). You decide.").format(
                cls=label(found.cls), kind=kind_label(found.kind), words="、".join(found.words)
            )
        )
        if self.cls.currentIndex() < 0:
            self.cls.setCurrentIndex(self.cls.findData(found.cls.value))
            self.kind.setCurrentIndex(self.kind.findData(found.kind))

    def _on_class_changed(self) -> None:
        chosen = self.kind.currentData()
        self.kind.clear()
        value = self.cls.currentData()
        for kind in KINDS[ComplaintClass(value)] if value else ():
            self.kind.addItem(kind_label(kind), kind)
        self.kind.setCurrentIndex(self.kind.findData(chosen))

    def _job(self) -> Callable[[], ComplaintRow]:
        actor, calls = self._context.require_actor(), self._context.services.calls
        client_id, call_id = self.client_id, self.call.id
        cls, kind = str(self.cls.currentData() or ""), str(self.kind.currentData() or "")
        content, place = self.content.toPlainText(), self.place.text()
        return lambda: calls.to_complaint(
            actor=actor,
            client_id=client_id,
            call_id=call_id,
            cls=cls,
            kind=kind,
            content=content,
            place=place,
        )

    def _on_saved(self, value: object) -> None:
        self._context.bus.notify("complaint")
        super()._on_saved(value)


class MessageDialog(_CallDialog):
    """The call becomes a message for a resident (of the caller's unit, or of a unit typed here)."""

    def __init__(self, context: AppContext, call: CallRow, parent: QWidget | None = None) -> None:
        super().__init__(context, call, _("A message for a resident"), parent)
        self._unit_code = ""
        self.unit = QLineEdit(call.unit_code)
        self.unit.setPlaceholderText(_("e.g. 3-1502"))
        self.unit.setToolTip(_("The unit, typed as the office writes it; Enter looks it up"))
        self.resident = QComboBox()
        self.resident.setPlaceholderText(_("Choose the resident"))
        self.text = _text_box(call.matter, 4)
        e = self.errors
        self.form.addRow(_("&Unit"), e.wrap("unit", self.unit))
        self.form.addRow(_("&Resident"), e.wrap("resident_id", self.resident))
        self.form.addRow(_("&Message"), e.wrap("text", self.text))
        self.unit.installEventFilter(self)
        self.unit.editingFinished.connect(self.look_up)
        if call.unit_id is not None:
            self._load_residents(call.unit_id, call.unit_code)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Enter in the unit looks it up (it does not save the message)."""
        if (
            watched is self.unit
            and isinstance(event, QKeyEvent)
            and event.type() == QEvent.Type.KeyPress
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            and self.unit.text().strip() != self._unit_code
        ):
            self.look_up()
            return True
        return super().eventFilter(watched, event)

    def look_up(self) -> None:
        """Resolve the typed unit and list its residents (worker thread)."""
        text = self.unit.text().strip()
        if not text or text == self._unit_code:
            return
        actor, estate = self._context.require_actor(), self._context.services.estate
        self._context.runner.submit(
            lambda: estate.resolve_unit(actor=actor, text=text), self._on_resolved, owner=self
        )

    def _on_resolved(self, found: UnitResolution) -> None:
        if found.status is Resolution.FOUND and found.unit is not None:
            self._load_residents(found.unit.id, found.unit.code)
            self.resident.setFocus(Qt.FocusReason.OtherFocusReason)
        else:
            self.errors.set("unit", found.message)

    def _load_residents(self, unit_id: int, code: str) -> None:
        self._unit_code = code
        self.unit.setText(code)
        actor, estate = self._context.require_actor(), self._context.services.estate
        self._context.runner.submit(
            lambda: estate.residents(actor=actor, unit_id=unit_id), self._fill, owner=self
        )

    def _fill(self, residents: list[ResidentRow]) -> None:
        self.resident.clear()
        for row in residents:
            self.resident.addItem(row.name, row.id)
        wanted = self.resident.findData(self.call.caller_resident_id)
        self.resident.setCurrentIndex(wanted if wanted >= 0 else (0 if len(residents) == 1 else -1))

    def _job(self) -> Callable[[], CallRow]:
        resident = self.resident.currentData()
        if not isinstance(resident, int):
            raise ValidationError("resident_id", _("Choose the resident the message is for."))
        actor, calls, call_id, text = (
            self._context.require_actor(),
            self._context.services.calls,
            self.call.id,
            self.text.toPlainText(),
        )
        return lambda: calls.to_message(actor=actor, call_id=call_id, resident_id=resident, text=text)


class WorkOrderRequestDialog(_CallDialog):
    """The call asks for a work order: the request is kept on the call until work orders exist."""

    def __init__(self, context: AppContext, call: CallRow, parent: QWidget | None = None) -> None:
        super().__init__(context, call, _("A work order request"), parent)
        self.request = _text_box(call.matter, 4)
        self.form.addRow(_("&Request"), self.errors.wrap("request", self.request))
        self.extra.addWidget(_hint(_("Engineering picks the request up when the work order is issued.")))

    def _job(self) -> Callable[[], CallRow]:
        actor, calls, call_id, text = (
            self._context.require_actor(),
            self._context.services.calls,
            self.call.id,
            self.request.toPlainText(),
        )
        return lambda: calls.to_work_order_request(actor=actor, call_id=call_id, request=text)
