"""The intake form (投訴登記): who, where, what, the rules' suggestion, the clerk's classification.

Keyboard first: the cursor starts in the registry search (a known caller is found by a few digits of
their phone; picking them fills the name and unit and opens the unit panel), Ctrl+Enter or Enter in
a line saves, Esc clears. What was typed stays when the core refuses it, the message beside the field.
"""

from __future__ import annotations

import itertools
import uuid
from dataclasses import replace
from html import escape

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QDateTimeEdit,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from frontdesk.complaints.labels import NO_PROMISES, label
from frontdesk.complaints.rows import Channel, ComplainantInput, ComplaintRow, IntakeInput, Suggestion
from frontdesk.errors import ValidationError
from frontdesk.estate.search import Resolution, SearchHit, UnitResolution
from frontdesk.i18n import _
from ui.complaints.common import BAD, ENTITY, GOOD, WARN, class_code, class_text, fill_classes, split_class
from ui.complaints.finder import RegistryFinder
from ui.kit import messages
from ui.kit.context import AppContext
from ui.kit.forms import FieldErrors
from ui.kit.moments import local_qdatetime, utc_of
from ui.kit.unit_panel import UnitPanel

SUGGEST_DELAY_MS = 200
CONTENT_LINES = 4


class IntakeForm(QWidget):
    """Channel, complainant, unit or place, time, content, classification; saved on the worker thread."""

    sig_taken = Signal(object)
    """A complaint was taken (its :class:`ComplaintRow`)."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self.errors = FieldErrors()
        self.client_id = str(uuid.uuid4())
        self.resident_id: int | None = None
        self.unit_id: int | None = None
        self.suggestion = Suggestion(None, "", ())
        self.similar: list[ComplaintRow] = []
        self.last_taken: ComplaintRow | None = None
        self.panel = UnitPanel(context)
        self.channel = QComboBox()
        self.occurred_at = QDateTimeEdit()
        self.finder = RegistryFinder(context)
        self.name, self.phone = QLineEdit(), QLineEdit()
        self.unit, self.place = QLineEdit(), QLineEdit()
        self.content = QPlainTextEdit()
        self.suggested = QLabel()
        self.take_button = QPushButton(_("Take the su&ggestion"))
        self.classification = QComboBox()
        self.reminder = QLabel(_(NO_PROMISES))
        self.similar_text = QLabel()
        self.link = QCheckBox()
        self.save_button = QPushButton(_("&Save (Ctrl+Enter)"))
        self.clear_button = QPushButton(_("Clear (Esc)"))
        self.status = QLabel()
        self._initial_time = local_qdatetime()
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SUGGEST_DELAY_MS)
        self._take_when_ready = False
        self._build_ui()
        self._connect_signals()
        self.clear()

    def _build_ui(self) -> None:
        e = self.errors
        for channel in Channel:
            self.channel.addItem(label(channel), channel.value)
        self.occurred_at.setDisplayFormat("yyyy-MM-dd HH:mm")
        self.occurred_at.setToolTip(_("When it happened; leave it for now"))
        self.phone.setPlaceholderText(_("e.g. 138 1234 5678"))
        self.unit.setPlaceholderText(_("e.g. 3-1502 — Enter to look it up"))
        self.place.setPlaceholderText(_("or a public place, e.g. 2棟電梯"))
        self.content.setTabChangesFocus(True)
        self.content.setPlaceholderText(_("What the complainant says, in their words"))
        line = self.content.fontMetrics().lineSpacing()
        self.content.setFixedHeight(line * CONTENT_LINES + 14)
        self.suggested.setWordWrap(True)
        self.suggested.setTextFormat(Qt.TextFormat.RichText)
        fill_classes(self.classification, _("Choose: valid or communicative, and what"))
        self.classification.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.reminder.setWordWrap(True)
        self.reminder.setStyleSheet(
            f"color:{WARN}; border:1px solid {WARN}; border-radius:4px; padding:4px 8px; font-weight:bold"
        )
        self.similar_text.setWordWrap(True)
        self.similar_text.setTextFormat(Qt.TextFormat.RichText)
        self.save_button.setObjectName("primary")
        self.status.setWordWrap(True)
        self.status.setTextFormat(Qt.TextFormat.RichText)

        grid = QGridLayout()
        grid.setHorizontalSpacing(8)
        grid.setVerticalSpacing(4)

        line_height = self.name.sizeHint().height()

        def row(n: int, *fields: tuple[str, str, QWidget]) -> None:
            for i, (caption, name, widget) in enumerate(fields):
                text = QLabel(caption)
                text.setBuddy(self.finder.edit if widget is self.finder else widget)
                text.setMinimumHeight(line_height)  # level with the first line of its field
                span = 3 if len(fields) == 1 else 1
                grid.addWidget(text, n, 2 * i, Qt.AlignmentFlag.AlignTop)
                grid.addWidget(e.wrap(name, widget) if name else widget, n, 2 * i + 1, 1, span)

        row(0, (_("C&hannel"), "channel", self.channel), (_("&Time"), "occurred_at", self.occurred_at))
        row(1, (_("&Find"), "complainant", self.finder))
        row(2, (_("Na&me"), "complainant_name", self.name), (_("&Phone"), "complainant_phone", self.phone))
        row(3, (_("&Unit"), "unit", self.unit), (_("Public pl&ace"), "place", self.place))
        row(4, (_("C&ontent"), "content", self.content))
        suggestion = QHBoxLayout()
        suggestion.addWidget(self.suggested, 1)
        suggestion.addWidget(self.take_button)
        grid.addLayout(suggestion, 5, 1, 1, 3)
        row(6, (_("&Classification"), "kind", self.classification))
        e.attach("cls", self.classification, self._error_label(self.classification))
        grid.addWidget(self.similar_text, 7, 1, 1, 3)
        grid.addWidget(e.wrap("link_to", self.link), 8, 1, 1, 3)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(3, 1)

        buttons = QHBoxLayout()
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.clear_button)
        buttons.addWidget(self.status, 1)
        left = QWidget()
        column = QVBoxLayout(left)
        column.setContentsMargins(0, 4, 0, 0)
        column.setSpacing(6)
        column.addLayout(grid)
        column.addWidget(self.reminder)
        column.addLayout(buttons)
        column.addStretch(1)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(left)
        splitter.addWidget(self.panel)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([700, 360])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter)
        order: list[QWidget] = [
            self.finder.edit,
            self.name,
            self.phone,
            self.unit,
            self.place,
            self.content,
            self.classification,
            self.link,
            self.save_button,
            self.channel,
            self.occurred_at,
        ]
        for first, second in itertools.pairwise(order):
            self.setTabOrder(first, second)

    @staticmethod
    def _error_label(widget: QWidget) -> QLabel:
        """The error line :meth:`FieldErrors.wrap` put under ``widget``."""
        box = widget.parentWidget()
        found = box.findChild(QLabel, "fieldError") if box is not None else None
        assert found is not None
        return found

    def _connect_signals(self) -> None:
        self.finder.sig_picked.connect(self.pick)
        self.name.textEdited.connect(self._on_name_text_edited)
        self.unit.textEdited.connect(self._on_unit_text_edited)
        self.unit.installEventFilter(self)
        self.content.textChanged.connect(self._timer.start)
        self._timer.timeout.connect(self.run_suggestion)
        self.take_button.clicked.connect(self.take_suggestion)
        self.classification.currentIndexChanged.connect(self._look_for_similar)
        self.save_button.clicked.connect(self.save)
        self.clear_button.clicked.connect(self.cancel)
        for key in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(
                QKeySequence(key), self, self.save, context=Qt.ShortcutContext.WidgetWithChildrenShortcut
            )

    # --- the keyboard ------------------------------------------------------------------------
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Enter in the unit field looks the unit up instead of saving; leaving it looks it up too."""
        pending = watched is self.unit and bool(self.unit.text().strip()) and self.unit_id is None
        if not pending:
            return False
        if event.type() == QEvent.Type.FocusOut:
            self.look_up_unit(move_on=False)
            return False
        if (
            isinstance(event, QKeyEvent)
            and event.type() == QEvent.Type.KeyPress
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        ):
            self.look_up_unit()
            return True
        return False

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Enter saves (lines pass it on; a button presses), Esc clears the form."""
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            focus = QApplication.focusWidget()
            if isinstance(focus, QPushButton | QCheckBox) and self.isAncestorOf(focus):
                focus.click()
            else:
                self.save()
        elif event.key() == Qt.Key.Key_Escape:
            self.cancel()
        else:
            super().keyPressEvent(event)

    def focus_first(self) -> None:
        """The cursor where the next complaint starts: the registry search."""
        self.finder.edit.setFocus(Qt.FocusReason.OtherFocusReason)

    # --- the complainant and the unit -----------------------------------------------------
    def pick(self, hit: SearchHit) -> None:
        """A resident (or unit) found in the registry: their name, unit and story fill in."""
        self.errors.clear("complainant")
        self.errors.clear("unit")
        if hit.resident_id is not None:
            self.resident_id = hit.resident_id
            self.name.setText(hit.name)
            self.phone.clear()
            self._phone_on_record(hit.phone_masked)
        self._set_unit(hit.unit_id, hit.unit_code)
        self.place.clear()
        needed = [
            (not self.name.text().strip(), self.name),
            (not self.content.toPlainText().strip(), self.content),
            (self.classification.currentIndex() < 0, self.classification),
        ]
        target = next((widget for missing, widget in needed if missing), self.save_button)
        target.setFocus(Qt.FocusReason.OtherFocusReason)

    def _phone_on_record(self, masked: str | None) -> None:
        if masked is None:
            text = _("e.g. 138 1234 5678")
        elif masked:
            text = _("Blank: the number on record, {phone}").format(phone=masked)
        else:
            text = _("No number on record: type the caller's phone")
        self.phone.setPlaceholderText(text)

    def _on_name_text_edited(self, _text: str) -> None:
        if self.resident_id is not None:  # a name typed over the one found: someone else complains
            self.resident_id = None
            self._phone_on_record(None)

    def look_up_unit(self, *, move_on: bool = True) -> None:
        """Resolve the typed unit on the worker thread; found, its story shows beside the form."""
        text, actor = self.unit.text().strip(), self._context.require_actor()
        estate = self._context.services.estate
        self._context.runner.submit(
            lambda: estate.resolve_unit(actor=actor, text=text),
            lambda found: self._on_unit_resolved(found, move_on=move_on),
            self._on_failed,
            owner=self,
        )

    def _on_unit_resolved(self, found: UnitResolution, *, move_on: bool) -> None:
        if found.status is Resolution.FOUND and found.unit is not None:
            self.errors.clear("unit")
            self._set_unit(found.unit.id, found.unit.code)
            if move_on:
                self.content.setFocus(Qt.FocusReason.OtherFocusReason)
            return
        message = found.message
        if found.status is Resolution.AMBIGUOUS:
            message += " " + "、".join(f"{u.code} ({u.building_name})" for u in found.candidates)
        self.errors.set("unit", message)

    def _set_unit(self, unit_id: int | None, code: str) -> None:
        self.unit_id = unit_id
        self.unit.setText(code)
        if unit_id is None:
            self.panel.clear()
        else:
            self.panel.show_unit(unit_id)
        self._look_for_similar()

    def _on_unit_text_edited(self, _text: str) -> None:
        if self.unit_id is not None:
            self.unit_id = None
            self.panel.clear()
            self._look_for_similar()

    # --- the suggestion and the classification --------------------------------------------
    def run_suggestion(self) -> None:
        """Ask the office's keyword rules what the content suggests (worker thread)."""
        self._timer.stop()
        text = self.content.toPlainText()
        actor, complaints = self._context.require_actor(), self._context.services.complaints
        self._context.runner.submit(
            lambda: complaints.suggest(actor=actor, text=text), self._on_suggested, owner=self
        )

    def _on_suggested(self, suggestion: Suggestion) -> None:
        self.suggestion = suggestion
        if suggestion.cls is None:
            self.suggested.setText(escape(_("No suggestion: no keyword of the office's rules matched.")))
        else:
            words = "、".join(suggestion.words)
            self.suggested.setText(
                _("Suggested: <b>{cls}</b> — matched: {words}").format(
                    cls=escape(class_text(suggestion.cls, suggestion.kind)), words=escape(words)
                )
            )
        if self._take_when_ready:
            self._take_when_ready = False
            self.take_suggestion()

    def take_suggestion(self) -> None:
        """The clerk agrees with the suggestion: it becomes the classification."""
        if self._timer.isActive():  # typed faster than the rules answered: take it when they do
            self._take_when_ready = True
            self.run_suggestion()
            return
        if self.suggestion.cls is None:
            return
        index = self.classification.findData(class_code(self.suggestion.cls, self.suggestion.kind))
        self.classification.setCurrentIndex(index)
        (self.link if self.link.isVisible() else self.save_button).setFocus(Qt.FocusReason.OtherFocusReason)

    def _look_for_similar(self) -> None:
        """Open complaints about the same unit and matter: shown, and one key links them."""
        cls, kind = split_class(self.classification.currentData())
        unit_id = self.unit_id
        if unit_id is None or not cls:
            self._on_similar([])
            return
        actor, complaints = self._context.require_actor(), self._context.services.complaints
        self._context.runner.submit(
            lambda: complaints.open_similar(actor=actor, unit_id=unit_id, cls=cls, kind=kind),
            self._on_similar,
            owner=self,
        )

    def _on_similar(self, rows: list[ComplaintRow]) -> None:
        self.similar = rows
        shown = bool(rows)
        self.similar_text.setVisible(shown)
        self.link.setVisible(shown)
        if not shown:
            self.link.setChecked(False)
            return
        lines = [
            escape(
                _("{number} · {received} · {status} · {content}").format(
                    number=r.number,
                    received=r.received_at.strftime("%m-%d"),
                    status=label(r.status),
                    content=r.content[:30],
                )
            )
            for r in rows[:3]
        ]
        heading = escape(_("Already open about this unit and matter:"))
        self.similar_text.setText(f"<b style='color:{BAD}'>⚠ {heading}</b><br>" + "<br>".join(lines))
        self.link.setText(_("Lin&k this complaint to {number}").format(number=rows[0].number))

    # --- saving -----------------------------------------------------------------------------
    def intake(self) -> IntakeInput:
        """What the form holds, as ``take_complaint`` takes it."""
        cls, kind = split_class(self.classification.currentData())
        typed_time = self.occurred_at.dateTime()
        return IntakeInput(
            channel=str(self.channel.currentData()),
            complainant=ComplainantInput(
                resident_id=self.resident_id, name=self.name.text(), phone=self.phone.text()
            ),
            unit_id=self.unit_id,
            place=self.place.text(),
            content=self.content.toPlainText(),
            cls=cls,
            kind=kind,
            occurred_at=None if typed_time == self._initial_time else utc_of(typed_time),
            link_to=self.similar[0].number if self.link.isChecked() and self.similar else "",
            suggested=self.suggestion.code,
        )

    def save(self) -> None:
        """Take the complaint on the worker thread; a refusal keeps the form filled."""
        self.errors.clear()
        intake, unit_text = self.intake(), self.unit.text().strip()
        if not intake.cls:
            self.errors.set("kind", _("Choose the classification: valid with its kind, or communicative."))
            return
        actor, services, client_id = self._context.require_actor(), self._context.services, self.client_id

        def job() -> ComplaintRow:
            chosen = intake
            if chosen.unit_id is None and unit_text:
                found = services.estate.resolve_unit(actor=actor, text=unit_text)
                if found.unit is None:
                    raise ValidationError("unit", found.message)
                chosen = replace(chosen, unit_id=found.unit.id)
            return services.complaints.take_complaint(actor=actor, client_id=client_id, intake=chosen)

        self.save_button.setEnabled(False)
        self._context.runner.submit(job, self._on_saved, self._on_failed, owner=self)

    def _on_saved(self, row: ComplaintRow) -> None:
        self.save_button.setEnabled(True)
        self.last_taken = row
        self.clear()
        self.status.setText(
            f"<span style='color:{GOOD}; font-weight:bold'>"
            + escape(
                _("Complaint {number} taken: {cls}.").format(
                    number=row.number, cls=class_text(row.cls, row.kind)
                )
            )
            + "</span>"
        )
        self._context.bus.notify(ENTITY)
        self.sig_taken.emit(row)

    def _on_failed(self, exc: BaseException) -> None:
        self.save_button.setEnabled(True)
        if isinstance(exc, ValidationError) and exc.field == "complainant_name" and not self.name.isVisible():
            messages.warn(self, exc.message)
            return
        self.errors.show(self, exc)

    def cancel(self) -> None:
        """Esc: drop what was typed (after asking, if anything was) and start again."""
        typed = self.name.text() or self.content.toPlainText() or self.unit.text() or self.place.text()
        if typed and not messages.confirm(self, _("Discard this complaint and start again?")):
            return
        self.clear()
        self.status.clear()

    def clear(self) -> None:
        """An empty form with a new submission id; the cursor in the registry search."""
        self.errors.clear()
        self.client_id = str(uuid.uuid4())
        self.resident_id, self.unit_id = None, None
        self.finder.clear()
        for edit in (self.name, self.phone, self.unit, self.place):
            edit.clear()
        self._phone_on_record(None)
        self.content.blockSignals(True)
        self.content.clear()
        self.content.blockSignals(False)
        self._timer.stop()
        self._take_when_ready = False
        self._on_suggested(Suggestion(None, "", ()))
        self.suggested.setText(escape(_("The suggestion shows here as the content is typed.")))
        self.classification.setCurrentIndex(-1)
        self._initial_time = local_qdatetime()
        self.occurred_at.setDateTime(self._initial_time)
        self._on_similar([])
        self.panel.clear()
        self.focus_first()
