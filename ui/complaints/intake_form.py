"""The intake form (投訴登記): who, where, what, the rules' suggestion, the clerk's classification.

Keyboard first: the cursor starts in the registry search (a known caller is found by a few digits of
their phone; picking them fills the name and unit and opens the unit panel), Ctrl+Enter or Enter in
a line saves, Esc clears. What was typed stays when the core refuses it, the message beside the field.
"""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateTimeEdit,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QWidget,
)

from frontdesk.complaints.labels import NO_PROMISES, label
from frontdesk.complaints.rows import Channel, ComplainantInput, ComplaintRow, IntakeInput, Suggestion
from frontdesk.errors import ValidationError
from frontdesk.estate.search import SearchHit
from frontdesk.i18n import _
from ui.complaints.common import BAD, ENTITY, WARN, class_code, class_text, fill_classes, split_class
from ui.kit import messages
from ui.kit.context import AppContext
from ui.kit.finder import RegistryFinder
from ui.kit.intake import IntakeForm as IntakeSkeleton
from ui.kit.intake import with_typed_unit
from ui.kit.moments import local_qdatetime, utc_of

SUGGEST_DELAY_MS = 200
CONTENT_LINES = 4


class IntakeForm(IntakeSkeleton):
    """Channel, complainant, unit or place, time, content, classification; saved on the worker thread."""

    sig_taken = Signal(object)
    """A complaint was taken (its :class:`ComplaintRow`)."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.suggestion = Suggestion(None, "", ())
        self.similar: list[ComplaintRow] = []
        self.last_taken: ComplaintRow | None = None
        self.channel = QComboBox()
        self.occurred_at = QDateTimeEdit()
        self.finder = RegistryFinder(context)
        self.content = QPlainTextEdit()
        self.suggested = QLabel()
        self.take_button = QPushButton(_("Take the su&ggestion"))
        self.classification = QComboBox()
        self.reminder = QLabel(_(NO_PROMISES))
        self.similar_text = QLabel()
        self.link = QCheckBox()
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

        row, grid = self.add_row, self.grid
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
        self.lay_out(
            [self.reminder],
            [
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
            ],
        )

    @staticmethod
    def _error_label(widget: QWidget) -> QLabel:
        """The error line :meth:`FieldErrors.wrap` put under ``widget``."""
        box = widget.parentWidget()
        found = box.findChild(QLabel, "fieldError") if box is not None else None
        assert found is not None
        return found

    def _connect_signals(self) -> None:
        self.finder.sig_picked.connect(self.pick)
        self.content.textChanged.connect(self._timer.start)
        self._timer.timeout.connect(self.run_suggestion)
        self.take_button.clicked.connect(self.take_suggestion)
        self.classification.currentIndexChanged.connect(self._look_for_similar)

    def focus_first(self) -> None:
        """The cursor where the next complaint starts: the registry search."""
        self.finder.edit.setFocus(Qt.FocusReason.OtherFocusReason)

    def after_unit(self) -> QWidget:
        return self.content

    # --- the complainant and the unit -----------------------------------------------------
    def pick(self, hit: SearchHit) -> None:
        """A resident (or unit) found in the registry: their name, unit and story fill in."""
        self.errors.clear("complainant")
        self.pick_person(hit)
        needed = [
            (not self.name.text().strip(), self.name),
            (not self.content.toPlainText().strip(), self.content),
            (self.classification.currentIndex() < 0, self.classification),
        ]
        target = next((widget for missing, widget in needed if missing), self.save_button)
        target.setFocus(Qt.FocusReason.OtherFocusReason)

    def set_unit(self, unit_id: int | None, code: str) -> None:
        super().set_unit(unit_id, code)
        self._look_for_similar()

    def _on_unit_text_edited(self, text: str) -> None:
        if self.unit_id is not None:
            super()._on_unit_text_edited(text)
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
            chosen = with_typed_unit(services, actor, intake, unit_text)
            return services.complaints.take_complaint(actor=actor, client_id=client_id, intake=chosen)

        self.save_button.setEnabled(False)
        self._context.runner.submit(job, self._on_saved, self._on_failed, owner=self)

    def _on_saved(self, row: ComplaintRow) -> None:
        self.last_taken = row
        self.clear()
        self.saved(
            _("Complaint {number} taken: {cls}.").format(number=row.number, cls=class_text(row.cls, row.kind))
        )
        self._context.bus.notify(ENTITY)
        self.sig_taken.emit(row)

    def _on_failed(self, exc: BaseException) -> None:
        if isinstance(exc, ValidationError) and exc.field == "complainant_name" and not self.name.isVisible():
            self.save_button.setEnabled(True)
            messages.warn(self, exc.message)
            return
        super()._on_failed(exc)

    def discard_question(self) -> str:
        return _("Discard this complaint and start again?")

    def typed(self) -> bool:
        return bool(self.content.toPlainText()) or super().typed()

    def clear(self) -> None:
        """An empty form with a new submission id; the cursor in the registry search."""
        super().clear()
        self.finder.clear()
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
        self.focus_first()
