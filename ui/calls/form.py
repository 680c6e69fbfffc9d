"""The phone log's form (接聽電話), in the order of the office's phone procedure: say the office's name,
ask who is calling, hear and record the matter, answer or take a contact for the reply, pass it on,
call back. Typing the caller's number looks them up; a number on record fills who they are and opens
the unit's story beside the form. Enter logs the call (Enter in the number looks it up), Esc clears.
"""

from __future__ import annotations

import itertools
import re
import uuid
from dataclasses import replace

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from frontdesk.calls.service import CallInput, CallRow
from frontdesk.complaints.rows import DepartmentRow
from frontdesk.errors import ValidationError
from frontdesk.estate.kinds import label as estate_label
from frontdesk.estate.search import Resolution, SearchHit, UnitResolution
from frontdesk.i18n import _
from frontdesk.setup import OfficeInfo
from ui.kit.context import AppContext
from ui.kit.forms import FieldErrors

LOOKUP_DELAY_MS = 300
MIN_DIGITS = 5  # the registry finds a number from its first five digits
AUTO_PICK_DIGITS = 8  # a number this long on record is taken as the caller (a landline has eight)


def digits(text: str) -> str:
    """The digits of a typed number."""
    return re.sub(r"\D", "", text)


def hit_text(hit: SearchHit) -> str:
    """A caller on record, as the list shows them: unit · name (owner); the number is the one typed."""
    kind = f" ({estate_label(hit.resident_kind)})" if hit.resident_kind is not None else ""
    return f"{hit.unit_code} · {hit.name}{kind}"


def _captioned(caption: str, widget: QWidget, wrapped: QWidget) -> QWidget:
    """A field with its caption above it (the caption's Alt+letter reaches ``widget``)."""
    block = QWidget()
    layout = QVBoxLayout(block)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(1)
    text = QLabel(caption)
    text.setBuddy(widget)
    layout.addWidget(text)
    layout.addWidget(wrapped)
    return block


def _step(title: str) -> QLabel:
    heading = QLabel(title)
    heading.setObjectName("stepTitle")
    return heading


class CallForm(QWidget):
    """One call, step by step; saved on the worker thread, the form kept filled when refused."""

    sig_logged = Signal(object)
    """A call was logged (its :class:`CallRow`)."""
    sig_unit_chosen = Signal(object)
    """The caller's unit changed (its id, or None): the page shows its story."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self.errors = FieldErrors()
        self.client_id = str(uuid.uuid4())
        self.hits: list[SearchHit] = []
        self.unit_id: int | None = None
        self.script = QLabel()
        self.greeted = QCheckBox(_("&Said the office's name"))
        self.phone = QLineEdit()
        self.known = QComboBox()
        self.name = QLineEdit()
        self.identity = QLineEdit()
        self.unit = QLineEdit()
        self.matter = QPlainTextEdit()
        self.answer = QLineEdit()
        self.contact = QLineEdit()
        self.passed_to = QComboBox()
        self.call_back = QCheckBox(_("Ca&ll back needed"))
        self.save_button = QPushButton(_("Lo&g the call (Enter)"))
        self.clear_button = QPushButton(_("Clear (Esc)"))
        self.status = QLabel()
        self._auto: dict[QLineEdit, str] = {}  # what the lookup filled in, replaced by the next lookup
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(LOOKUP_DELAY_MS)
        self._build_ui()
        self._connect_signals()
        self.clear()
        self.load_lists()

    def _build_ui(self) -> None:
        e = self.errors
        self.script.setObjectName("hint")
        self.script.setWordWrap(True)
        self.phone.setPlaceholderText(_("e.g. 138 1234 5678"))
        self.phone.setToolTip(_("The caller's number: a number on record shows who it is and their unit"))
        self.known.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.known.setMinimumContentsLength(12)
        self.name.setPlaceholderText(_("e.g. Mr Wang"))
        self.identity.setPlaceholderText(_("owner, tenant …"))
        self.unit.setPlaceholderText(_("e.g. 3-1502"))
        self.unit.setToolTip(_("The unit, typed as the office writes it; Enter or Tab looks it up"))
        self.matter.setTabChangesFocus(True)
        self.matter.setPlaceholderText(_("What the caller said (Ctrl+Enter logs the call)"))
        self.matter.setFixedHeight(self.fontMetrics().lineSpacing() * 3 + 16)
        self.answer.setPlaceholderText(_("what was said on the phone"))
        self.contact.setPlaceholderText(_("a number for the reply"))
        self.passed_to.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.passed_to.setMinimumContentsLength(16)
        self.save_button.setObjectName("primary")
        self.status.setWordWrap(True)

        grid = QGridLayout()
        grid.setHorizontalSpacing(8)
        grid.setVerticalSpacing(2)
        row = 0

        def add(widget: QWidget, column: int = 0, span: int = 2) -> None:
            grid.addWidget(widget, row, column, 1, span, Qt.AlignmentFlag.AlignTop)

        add(_step(_("① Say the office's name")))
        row += 1
        add(self.script, 0, 1)
        add(self.greeted, 1, 1)
        row += 1
        add(_step(_("② Who is calling")))
        row += 1
        add(_captioned(_("&Phone"), self.phone, e.wrap("caller_phone", self.phone)), 0, 1)
        add(_captioned(_("&Known caller"), self.known, self.known), 1, 1)
        row += 1
        add(_captioned(_("&Name"), self.name, e.wrap("caller_name", self.name)), 0, 1)
        add(_captioned(_("&Identity"), self.identity, e.wrap("caller_identity", self.identity)), 1, 1)
        row += 1
        add(_captioned(_("&Unit"), self.unit, e.wrap("unit", self.unit)), 0, 1)
        row += 1
        add(_step(_("③ The matter, recorded")))
        row += 1
        add(_captioned(_("&Matter"), self.matter, e.wrap("matter", self.matter)))
        row += 1
        add(_step(_("④ Answered, or a contact for the reply")))
        row += 1
        add(_captioned(_("&Answer given"), self.answer, e.wrap("answer", self.answer)), 0, 1)
        add(
            _captioned(_("C&ontact for the reply"), self.contact, e.wrap("contact_phone", self.contact)), 1, 1
        )
        row += 1
        add(_step(_("⑤ Passed on, and the call back")))
        row += 1
        add(_captioned(_("Passed to &department"), self.passed_to, e.wrap("passed_to", self.passed_to)), 0, 1)
        add(self.call_back, 1, 1)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.clear_button)
        buttons.addWidget(self.status, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addLayout(grid)
        layout.addLayout(buttons)
        layout.addStretch(1)
        order: list[QWidget] = [
            self.greeted,
            self.phone,
            self.known,
            self.name,
            self.identity,
            self.unit,
            self.matter,
            self.answer,
            self.contact,
            self.passed_to,
            self.call_back,
            self.save_button,
            self.clear_button,
        ]
        for first, second in itertools.pairwise(order):
            self.setTabOrder(first, second)

    def _connect_signals(self) -> None:
        self.phone.textEdited.connect(self._on_phone_text_edited)
        self._timer.timeout.connect(self.look_up)
        self.phone.installEventFilter(self)
        self.unit.installEventFilter(self)
        self.unit.textEdited.connect(self._on_unit_text_edited)
        self.known.activated.connect(self._on_known_activated)
        for edit in (self.name, self.identity):
            edit.textEdited.connect(lambda _text, edit=edit: self._auto.pop(edit, None))
        self.save_button.clicked.connect(lambda: self.save())
        self.clear_button.clicked.connect(self.clear)
        save = QShortcut(
            QKeySequence("Ctrl+Return"), self, context=Qt.ShortcutContext.WidgetWithChildrenShortcut
        )
        save.activated.connect(self.save)
        self._context.bus.subscribe(self, self._on_bus_changed)

    def load_lists(self) -> None:
        """The office's name for the greeting and the departments a call is passed to (worker thread)."""
        actor, services = self._context.require_actor(), self._context.services
        self._context.runner.submit(services.setup.office, self._show_office, owner=self)
        self._context.runner.submit(
            lambda: services.complaints.departments(actor=actor), self._fill_departments, owner=self
        )

    def _show_office(self, office: OfficeInfo | None) -> None:
        name = office.name if office is not None else _("the office")
        self.script.setText(_("Say: “{office}, how may I help you?”").format(office=name))

    def _fill_departments(self, departments: list[DepartmentRow]) -> None:
        chosen = self.passed_to.currentData()
        self.passed_to.clear()
        self.passed_to.addItem(_("(not passed on)"), "")
        for department in departments:
            self.passed_to.addItem(department.name, department.code)
        self.passed_to.setCurrentIndex(max(0, self.passed_to.findData(chosen)))

    def _on_bus_changed(self, entity: str) -> None:
        if entity in ("setting", "complaint_department"):
            self.load_lists()

    # --- keys ------------------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Enter in the number looks the caller up; Enter in the unit resolves it; leaving the unit
        resolves it too. Neither logs the call."""
        is_enter = (
            isinstance(event, QKeyEvent)
            and event.type() == QEvent.Type.KeyPress
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            and not event.modifiers() & Qt.KeyboardModifier.ControlModifier
        )
        if watched is self.phone and is_enter and len(digits(self.phone.text())) >= MIN_DIGITS:
            self.look_up(move_on=True)
            return True
        pending = watched is self.unit and bool(self.unit.text().strip()) and self.unit_id is None
        if pending and event.type() == QEvent.Type.FocusOut:
            self.resolve_unit(move_on=False)
        elif pending and is_enter:
            self.resolve_unit(move_on=True)
            return True
        return False

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Enter logs the call (fields pass it on), Esc clears the form."""
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.save()
        elif event.key() == Qt.Key.Key_Escape:
            self.clear()
        else:
            super().keyPressEvent(event)

    # --- the caller on record ------------------------------------------------------------------

    def _on_phone_text_edited(self, text: str) -> None:
        if len(digits(text)) >= MIN_DIGITS:
            self._timer.start()
        else:
            self._timer.stop()
            self._show_hits([])

    def look_up(self, *, move_on: bool = False) -> None:
        """Find the typed number among the residents on record (worker thread)."""
        self._timer.stop()
        number = digits(self.phone.text())
        if len(number) < MIN_DIGITS:
            return
        actor, calls = self._context.require_actor(), self._context.services.calls
        self._context.runner.submit(
            lambda: calls.lookup_caller(actor=actor, phone=number),
            lambda hits: self._on_looked_up(number, hits, move_on),
            owner=self,
        )

    def _on_looked_up(self, number: str, hits: list[SearchHit], move_on: bool) -> None:
        if number != digits(self.phone.text()):
            return  # typed on meanwhile: a newer lookup follows
        self._show_hits(hits)
        if hits and len(number) >= AUTO_PICK_DIGITS:
            self.known.setCurrentIndex(1)
            self._apply_hit(hits[0])
        if move_on:
            target = self.name if not self.name.text().strip() else self.matter
            target.setFocus(Qt.FocusReason.OtherFocusReason)

    def _show_hits(self, hits: list[SearchHit]) -> None:
        was_known = self.caller_resident_id() is not None
        self.hits = hits
        self.known.clear()
        self.known.addItem(
            _("(not on record)") if not hits else _("(choose: {n} on record)").format(n=len(hits))
        )
        for hit in hits:
            self.known.addItem(hit_text(hit))
        self.known.setCurrentIndex(0)
        self.known.setEnabled(bool(hits))
        if was_known:
            self._forget_hit()

    def caller_resident_id(self) -> int | None:
        """The resident chosen as the caller, if any."""
        index = self.known.currentIndex() - 1
        return self.hits[index].resident_id if 0 <= index < len(self.hits) else None

    def _on_known_activated(self, index: int) -> None:
        if 1 <= index <= len(self.hits):
            self._apply_hit(self.hits[index - 1])
        else:
            self._forget_hit()

    def _apply_hit(self, hit: SearchHit) -> None:
        """The caller is this resident: their name, identity and unit, the unit's story shown."""
        identity = estate_label(hit.resident_kind) if hit.resident_kind is not None else ""
        for edit, value in ((self.name, hit.name), (self.identity, identity)):
            if not edit.text().strip() or edit in self._auto:
                edit.setText(value)
                self._auto[edit] = value
        self.set_unit(hit.unit_id, hit.unit_code)

    def _forget_hit(self) -> None:
        for edit in list(self._auto):
            edit.clear()
        self._auto.clear()
        self.set_unit(None)

    # --- the unit --------------------------------------------------------------------------

    def set_unit(self, unit_id: int | None, code: str = "") -> None:
        """The caller's unit (None: none); the page shows its story."""
        self.unit_id = unit_id
        self.unit.setText(code)
        self.errors.clear("unit")
        self.sig_unit_chosen.emit(unit_id)

    def resolve_unit(self, *, move_on: bool) -> None:
        """Resolve the typed unit code (worker thread)."""
        text, actor, estate = (
            self.unit.text().strip(),
            self._context.require_actor(),
            self._context.services.estate,
        )
        self._context.runner.submit(
            lambda: estate.resolve_unit(actor=actor, text=text),
            lambda found: self._on_unit_resolved(found, move_on),
            owner=self,
        )

    def _on_unit_resolved(self, found: UnitResolution, move_on: bool) -> None:
        if found.status is Resolution.FOUND and found.unit is not None:
            self.set_unit(found.unit.id, found.unit.code)
            if move_on:
                self.matter.setFocus(Qt.FocusReason.OtherFocusReason)
        else:
            self.errors.set("unit", found.message)

    def _on_unit_text_edited(self, _text: str) -> None:
        if self.unit_id is not None:
            self.unit_id = None
            self.sig_unit_chosen.emit(None)

    # --- saving ----------------------------------------------------------------------------

    def clear(self) -> None:
        """An empty form with a new submission id; the cursor on the greeting."""
        self._timer.stop()
        self.errors.clear()
        self.client_id = str(uuid.uuid4())
        self.greeted.setChecked(False)
        self.call_back.setChecked(False)
        for edit in (self.phone, self.name, self.identity, self.answer, self.contact):
            edit.clear()
        self.matter.clear()
        self.passed_to.setCurrentIndex(0)
        self._auto.clear()
        self._show_hits([])
        self.set_unit(None)
        self.greeted.setFocus(Qt.FocusReason.OtherFocusReason)

    def values(self) -> CallInput:
        """What the form holds, as ``log_call`` takes it."""
        return CallInput(
            greeted=self.greeted.isChecked(),
            caller_name=self.name.text(),
            caller_phone=self.phone.text(),
            caller_identity=self.identity.text(),
            caller_resident_id=self.caller_resident_id(),
            unit_id=self.unit_id,
            matter=self.matter.toPlainText(),
            answer=self.answer.text(),
            contact_phone=self.contact.text(),
            passed_to=str(self.passed_to.currentData() or ""),
            callback_needed=self.call_back.isChecked(),
        )

    def save(self) -> None:
        """Log the call on the worker thread (a typed unit is resolved first)."""
        self.errors.clear()
        call, client_id, unit_text = self.values(), self.client_id, self.unit.text().strip()
        actor, services = self._context.require_actor(), self._context.services

        def job() -> CallRow:
            wanted = call
            if call.unit_id is None and unit_text:
                found = services.estate.resolve_unit(actor=actor, text=unit_text)
                if found.unit is None:
                    raise ValidationError("unit", found.message)
                wanted = replace(call, unit_id=found.unit.id)
            return services.calls.log_call(actor=actor, client_id=client_id, call=wanted)

        self.save_button.setEnabled(False)
        self._context.runner.submit(job, self._on_saved, self._on_failed, owner=self)

    def _on_saved(self, row: CallRow) -> None:
        self.save_button.setEnabled(True)
        self.clear()
        who = row.caller_name or row.caller_phone_masked or _("the caller")
        self.status.setText(_("Call from {who} logged.").format(who=who))
        self._context.bus.notify("phone_call")  # the Today tile counts it
        self.sig_logged.emit(row)

    def _on_failed(self, exc: BaseException) -> None:
        self.save_button.setEnabled(True)
        self.errors.show(self, exc)
