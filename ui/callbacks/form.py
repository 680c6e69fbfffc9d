"""The side form recording one callback: method, who called, the resident's words, satisfaction, outcome.

Whoever handled the case may not call it back (the core refuses; the office may relax it): the form
says so as soon as the case is chosen, and shows the core's refusal in the same place, in words.
"""

from __future__ import annotations

import itertools
import uuid
from collections.abc import Callable
from html import escape

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from frontdesk.auth import Actor
from frontdesk.callbacks.labels import label
from frontdesk.callbacks.rows import (
    RECORDED_OUTCOMES,
    CallbackInput,
    CallbackMethod,
    CallbackOutcome,
    CallbackRow,
    Satisfaction,
)
from frontdesk.callbacks.service import UNREACHABLE_LIMIT
from frontdesk.clock import format_local
from frontdesk.errors import UserError, ValidationError, ValidationErrors
from frontdesk.i18n import N_, _, ngettext
from frontdesk.services import Services
from ui.kit import messages
from ui.kit.context import AppContext
from ui.kit.forms import FieldErrors

#: the modules whose cases are called back, by their key in the queue
MODULES: dict[str, str] = {"complaint": N_("Complaint"), "work_order": N_("Work order")}


def module_label(module: str) -> str:
    """The name of the module owning a case, in the user's language."""
    return _(MODULES[module]) if module in MODULES else module


def complaint_summary(services: Services, actor: Actor, number: str) -> str:
    """What the complaint said and what its handling did, for the caller to ask about (worker thread)."""
    detail = services.complaints.get(actor=actor, number=number)
    lines = [_("Complaint: {content}").format(content=detail.complaint.content)]
    done = [step for step in detail.steps if step.result or step.text]
    if done:
        last = done[-1]
        lines.append(_("Handling: {what}").format(what=" ".join(t for t in (last.text, last.result) if t)))
    return "\n".join(lines)


#: what a case-owning module shows of its case beside the callback (module → loader)
SUMMARIES: dict[str, Callable[[Services, Actor, str], str]] = {"complaint": complaint_summary}


def _status(label_widget: QLabel, status: str) -> None:
    label_widget.setProperty("status", status)
    label_widget.style().unpolish(label_widget)
    label_widget.style().polish(label_widget)


def case_text(row: CallbackRow) -> str:
    """The case being called back, as rich text: what, where, whom, when due, who handled it."""
    lines = [
        f"<b>{escape(row.case_ref)}</b> · {escape(module_label(row.module))}",
        escape(
            _("{unit} · {name} · {phone}").format(
                unit=row.unit_code or "—", name=row.resident_name or "—", phone=row.phone_masked or "—"
            )
        ),
        escape(
            _("Due {due} · handled by {who}").format(due=format_local(row.due_at), who=row.handled_by_name)
        ),
    ]
    if row.overdue:
        overdue = _("Overdue")
        lines.insert(1, f"<b style='color:#b3261e'>⚠ {escape(overdue)}</b>")
    if row.attempts:
        text = ngettext(
            "{n} unreachable call so far; after {limit} the case goes to the supervisor.",
            "{n} unreachable calls so far; after {limit} the case goes to the supervisor.",
            row.attempts,
        ).format(n=row.attempts, limit=UNREACHABLE_LIMIT)
        lines.append(escape(text))
    if row.escalated:
        lines.append(escape(_("Escalated to the supervisor")))
    return "<br>".join(lines)


def _choices(combo: QComboBox, items: list[tuple[str, str]], placeholder: str = "") -> None:
    combo.clear()
    for text, value in items:
        combo.addItem(text, value)
    if placeholder:  # nothing chosen until the clerk chooses
        combo.setPlaceholderText(placeholder)
        combo.setCurrentIndex(-1)


class CallbackForm(QWidget):
    """Record the call for the chosen callback; Enter saves, Esc clears what was typed."""

    sig_recorded = Signal(object)
    """A call was recorded (the :class:`CallbackRow` as it stands after it)."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self.errors = FieldErrors()
        self.row: CallbackRow | None = None
        self.client_id = str(uuid.uuid4())
        self.case = QLabel()
        self.summary = QLabel()
        self.notice = QLabel()
        self.method = QComboBox()
        self.caller = QLabel()
        self.words = QLineEdit()
        self.satisfaction = QComboBox()
        self.outcome = QComboBox()
        self.save_button = QPushButton(_("&Record the callback (Enter)"))
        self.status = QLabel()
        self._auto_outcome = True  # the outcome follows the satisfaction until the clerk picks one
        self._build_ui()
        self._connect_signals()
        self.show_callback(None)

    def _build_ui(self) -> None:
        e = self.errors
        _choices(self.method, [(label(m), m.value) for m in CallbackMethod])
        _choices(
            self.satisfaction,
            [(label(s), s.value) for s in Satisfaction],
            _("How satisfied is the resident?"),
        )
        _choices(self.outcome, [(label(o), o.value) for o in RECORDED_OUTCOMES], _("Closed or reopened?"))
        for combo in (self.method, self.satisfaction, self.outcome):
            combo.setMinimumContentsLength(14)
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.words.setMaxLength(1000)
        self.words.setPlaceholderText(_("e.g. the leak is fixed, thank you"))
        self.case.setObjectName("callbackCase")
        self.case.setTextFormat(Qt.TextFormat.RichText)
        self.case.setWordWrap(True)
        self.case.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.summary.setWordWrap(True)
        self.summary.setObjectName("hint")
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.summary.hide()
        self.notice.setWordWrap(True)
        self.notice.hide()
        _status(self.notice, "bad")
        self.status.setWordWrap(True)
        self.save_button.setObjectName("primary")
        heading = QLabel(_("Record the call"))
        heading.setObjectName("stepTitle")
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow(_("&Method"), e.wrap("method", self.method))
        form.addRow(_("Called by"), self.caller)
        form.addRow(_("&What the resident said"), e.wrap("words", self.words))
        form.addRow(_("Sa&tisfaction"), e.wrap("satisfaction", self.satisfaction))
        form.addRow(_("&Outcome"), e.wrap("outcome", self.outcome))
        hint = QLabel(
            _("Dissatisfied: the case is reopened. Unreachable three times: it goes to the supervisor.")
        )
        hint.setObjectName("hint")
        hint.setWordWrap(True)
        buttons = QHBoxLayout()
        buttons.addWidget(self.save_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 0, 0, 0)
        layout.addWidget(self.case)
        layout.addWidget(self.summary)
        layout.addWidget(self.notice)
        layout.addWidget(heading)
        layout.addLayout(form)
        layout.addWidget(hint)
        layout.addLayout(buttons)
        layout.addWidget(self.status)
        layout.addStretch(1)
        order: list[QWidget] = [self.method, self.words, self.satisfaction, self.outcome, self.save_button]
        for first, second in itertools.pairwise(order):
            self.setTabOrder(first, second)

    def _connect_signals(self) -> None:
        self.save_button.clicked.connect(lambda: self.save())
        self.satisfaction.currentIndexChanged.connect(self._on_satisfaction_changed)
        self.outcome.activated.connect(self._on_outcome_chosen)
        self.outcome.currentIndexChanged.connect(self._on_outcome_changed)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Enter saves (fields pass it on), Esc clears what was typed."""
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.save()
        elif event.key() == Qt.Key.Key_Escape:
            self.clear()
        else:
            super().keyPressEvent(event)

    def show_callback(self, row: CallbackRow | None) -> None:
        """Show the callback chosen in the queue (None: nothing chosen); what was typed is kept for
        the same callback, cleared for another."""
        same = row is not None and self.row is not None and row.id == self.row.id
        self.row = row
        actor = self._context.actor
        self.caller.setText(actor.display_name if actor is not None else "")
        if not same:
            self.clear()
        if row is None:
            self.case.setText(escape(_("Choose a callback in the queue.")))
        else:
            self.case.setText(case_text(row))
        if not same:
            self._load_summary()
        self._show_handler_notice()
        for widget in (self.method, self.words, self.satisfaction, self.outcome, self.save_button):
            widget.setEnabled(row is not None)

    def _load_summary(self) -> None:
        """What the case was about and what was done (worker thread), for the modules that say it."""
        row, actor = self.row, self._context.actor
        self.summary.clear()
        self.summary.hide()
        loader = SUMMARIES.get(row.module) if row is not None else None
        if row is None or actor is None or loader is None:
            return
        services, ref = self._context.services, row.case_ref
        self._context.runner.submit(
            lambda: loader(services, actor, ref),
            lambda text: self._show_summary(ref, text),
            lambda exc: self._show_summary(ref, getattr(exc, "message", str(exc))),  # the call can go on
            owner=self,
        )

    def _show_summary(self, ref: str, text: str) -> None:
        if self.row is not None and self.row.case_ref == ref:
            self.summary.setText(text)
            self.summary.setVisible(bool(text))

    def _show_handler_notice(self) -> None:
        """Warn at once when the signed-in clerk handled the case (the core will refuse the call)."""
        row, actor = self.row, self._context.actor
        if row is None or actor is None or actor.username not in row.handled_by:
            self.set_notice("")
            return
        settings = self._context.services.settings
        self._context.runner.submit(
            lambda: bool(settings.get("callback_by_handler_allowed")),
            lambda allowed: self.set_notice(
                ""
                if allowed
                else _("You handled {ref}: a colleague must make its callback.").format(ref=row.case_ref)
            ),
            owner=self,
        )

    def set_notice(self, text: str) -> None:
        """Show (or hide, when empty) the form's warning in red, above the fields."""
        self.notice.setText(text)
        self.notice.setVisible(bool(text))

    def clear(self) -> None:
        """Empty fields and a new submission id (the method stays the phone)."""
        self.errors.clear()
        self.client_id = str(uuid.uuid4())
        self.method.setCurrentIndex(0)
        self.words.clear()
        self.satisfaction.setCurrentIndex(-1)
        self.outcome.setCurrentIndex(-1)
        self._auto_outcome = True

    def focus(self) -> None:
        """The cursor in the first field the clerk must fill."""
        target: QWidget = self.words
        if self.words.text():
            target = self.satisfaction if self.satisfaction.currentIndex() < 0 else self.outcome
        target.setFocus(Qt.FocusReason.OtherFocusReason)

    def values(self) -> CallbackInput:
        """What the form holds, as ``record_call`` takes it."""
        return CallbackInput(
            method=str(self.method.currentData() or ""),
            words=self.words.text(),
            satisfaction=str(self.satisfaction.currentData() or ""),
            outcome=str(self.outcome.currentData() or ""),
        )

    def save(self) -> None:
        """Record the call on the worker thread; a refusal keeps the form filled and says why."""
        row = self.row
        if row is None:
            return
        self.errors.clear()
        self.status.clear()
        call, client_id = self.values(), self.client_id
        actor, callbacks = self._context.require_actor(), self._context.services.callbacks
        self.save_button.setEnabled(False)
        self._context.runner.submit(
            lambda: callbacks.record_call(
                actor=actor, client_id=client_id, callback_id=row.id, version=row.version, call=call
            ),
            self._on_saved,
            self._on_failed,
            owner=self,
        )

    def _on_saved(self, row: CallbackRow) -> None:
        self.save_button.setEnabled(True)
        self.status.setText(self.saved_text(row))
        _status(self.status, "ok")
        self.row = None
        self.clear()
        self.sig_recorded.emit(row)

    @staticmethod
    def saved_text(row: CallbackRow) -> str:
        """What the call made of the case, in a sentence."""
        if row.outcome is CallbackOutcome.CLOSED:
            return _("Callback of {ref} recorded: the case is closed.").format(ref=row.case_ref)
        if row.outcome is CallbackOutcome.REOPENED:
            return _("Callback of {ref} recorded: the case is reopened for handling.").format(
                ref=row.case_ref
            )
        if row.escalated:
            return _("{ref}: unreachable {n} times, passed to the supervisor.").format(
                ref=row.case_ref, n=row.attempts
            )
        return _("{ref}: unreachable ({n} of {limit}); call again later.").format(
            ref=row.case_ref, n=row.attempts, limit=UNREACHABLE_LIMIT
        )

    def _on_failed(self, exc: BaseException) -> None:
        self.save_button.setEnabled(self.row is not None)
        if isinstance(exc, ValidationError | ValidationErrors):
            self.errors.show(self, exc)
        elif isinstance(exc, UserError):  # refused (the clerk handled it), done meanwhile, changed
            self.set_notice(exc.message)
        else:
            messages.show_error(self, exc)

    def _on_satisfaction_changed(self) -> None:
        if not self._auto_outcome:
            return
        value = self.satisfaction.currentData()
        if value is None:
            return
        wanted = CallbackOutcome.REOPENED if value == Satisfaction.DISSATISFIED else CallbackOutcome.CLOSED
        self.outcome.blockSignals(True)
        self.outcome.setCurrentIndex(self.outcome.findData(wanted.value))
        self.outcome.blockSignals(False)
        self._on_outcome_changed()

    def _on_outcome_chosen(self) -> None:
        self._auto_outcome = False  # the clerk chose: the satisfaction no longer moves it

    def _on_outcome_changed(self) -> None:
        """Unreachable: nobody answered, so no satisfaction (a note such as "switched off" may stay)."""
        unreachable = self.outcome.currentData() == CallbackOutcome.UNREACHABLE
        if unreachable:
            self._auto_outcome = False
            self.satisfaction.blockSignals(True)
            self.satisfaction.setCurrentIndex(-1)
            self.satisfaction.blockSignals(False)
        self.satisfaction.setEnabled(self.row is not None and not unreachable)
