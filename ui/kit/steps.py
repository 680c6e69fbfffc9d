"""A record with a procedure (a complaint, a work order): the record on the left, the next step's
small form on the right, recorded with Ctrl+Enter (or Enter in a step's line).

:class:`StepForm` is one step's fields; the module's forms say what they record (``job``).
:class:`StepHost` shows a record by its number (typed, or chosen elsewhere), stacks the step forms,
records the one shown on the worker thread, and answers a change made on another desk meanwhile
("changed by X at T", from the core) by saying so and reading the record again. Dialogs opened on
the record (cancel, reclassify …) give back the changed row, or the record is read again.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from html import escape
from typing import Any, Protocol

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDateTimeEdit,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLayout,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from frontdesk.errors import Conflict, ValidationError
from frontdesk.i18n import _
from ui.kit import messages
from ui.kit.context import AppContext
from ui.kit.forms import FieldErrors, hint

TEXT_LINES = 3
STEP_COLOUR = "#24415f"


def text_box(placeholder: str = "") -> QPlainTextEdit:
    """A few lines of text; Tab leaves it, Ctrl+Enter records the step."""
    box = QPlainTextEdit()
    box.setTabChangesFocus(True)
    box.setPlaceholderText(placeholder)
    box.setFixedHeight(box.fontMetrics().lineSpacing() * TEXT_LINES + 14)
    return box


class StepForm(QWidget):
    """One step's fields with their error lines, under a line saying what the step is."""

    def __init__(self, intro: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.errors = FieldErrors()
        self.form = QFormLayout(self)
        self.form.setContentsMargins(0, 0, 0, 0)
        self.intro = hint(intro)
        self.form.addRow(self.intro)

    def add(self, caption: str, name: str, widget: QWidget) -> None:
        """A captioned field with its error line (the caption's Alt+letter reaches the field)."""
        text = QLabel(caption)
        text.setBuddy(widget)
        self.form.addRow(text, self.errors.wrap(name, widget))

    def clear(self) -> None:
        """Empty the typed fields (after the step was recorded)."""
        for edit in self.findChildren(QLineEdit):
            if not isinstance(edit.parentWidget(), QComboBox | QDateTimeEdit):
                edit.clear()
        for box in self.findChildren(QPlainTextEdit):
            box.clear()
        self.errors.clear()

    def first_input(self) -> QWidget:
        """Where the cursor goes when the step is shown: the first field."""
        for widget in self.findChildren(QWidget):
            if isinstance(widget, QComboBox | QPlainTextEdit | QDateTimeEdit) or (
                isinstance(widget, QLineEdit)
                and not isinstance(widget.parentWidget(), QComboBox | QDateTimeEdit)
            ):
                return widget
        return self


class _Numbered(Protocol):
    @property
    def number(self) -> str: ...


class _Changing(Protocol):
    """A dialog changing the record: ``result_row`` is the record as changed (None: not changed)."""

    result_row: Any

    def open(self) -> None: ...


class StepHost(QWidget):
    """The number to open, the header, the record and the next step's form; the module reads the
    record (``show_record``), lays out its actions and says what each change announces."""

    sig_changed = Signal(object)
    """The record shown was changed here (its new row)."""

    #: change-bus entities that make the record be read again (announced by another view)
    entities: tuple[str, ...] = ()

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self.number = QLineEdit()
        self.header = QLabel()
        self.record = QLabel()
        self.next_title = QLabel()
        self.stack = QStackedWidget()
        self.no_step = QLabel()
        self.record_button = QPushButton(_("Re&cord (Ctrl+Enter)"))
        self.dialog: QWidget | None = None
        self._own_change = False

    # --- building --------------------------------------------------------------------------------
    def build(self, *, placeholder: str, forms: Sequence[StepForm], below: Sequence[QLayout]) -> None:
        """Lay out: the number above, the record left, the step right with ``below`` it the module's
        notes and actions; Ctrl+Enter records the step."""
        self.number.setPlaceholderText(placeholder)
        self.number.setClearButtonEnabled(True)
        for text in (self.header, self.record, self.no_step):
            text.setTextFormat(Qt.TextFormat.RichText)
            text.setWordWrap(True)
            text.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.record.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.next_title.setObjectName("stepTitle")
        self.next_title.setStyleSheet(f"font-weight:bold; color:{STEP_COLOUR}")
        self.record_button.setObjectName("primary")
        for form in forms:
            self.stack.addWidget(form)
        self.stack.addWidget(self.no_step)
        find = QHBoxLayout()
        caption = QLabel(_("Num&ber"))
        caption.setBuddy(self.number)
        find.addWidget(caption)
        find.addWidget(self.number, 1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.record)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        right = QWidget()
        column = QVBoxLayout(right)
        column.setContentsMargins(8, 0, 0, 0)
        column.addWidget(self.next_title)
        column.addWidget(self.stack)
        line = QHBoxLayout()
        line.addWidget(self.record_button)
        line.addStretch(1)
        column.addLayout(line)
        column.addStretch(1)
        for layout in below:
            column.addLayout(layout)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(scroll)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([520, 520])
        self.splitter = splitter
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.addLayout(find)
        layout.addWidget(self.header)
        layout.addWidget(splitter, 1)
        self.number.returnPressed.connect(lambda: self.show_record(self.number.text()))
        self.record_button.clicked.connect(self.record_step)
        for key in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(
                QKeySequence(key),
                self,
                self.record_step,
                context=Qt.ShortcutContext.WidgetWithChildrenShortcut,
            )
        self._context.bus.subscribe(self, self._on_bus_changed)

    # --- what the module says ------------------------------------------------------------------
    @property
    def row(self) -> Any:
        """The record shown (None: none)."""
        raise NotImplementedError

    def show_record(self, number: str) -> None:
        """Read record ``number`` (on the worker thread) and show it with its next step."""
        raise NotImplementedError

    def announce(self, row: Any) -> tuple[str, ...]:
        """The change-bus entities to announce after ``row`` was changed here."""
        return self.entities[:1]

    def step_job(self, form: StepForm, row: Any) -> Callable[[], Any]:
        """The service call recording ``form`` for ``row`` (raises ValidationError first)."""
        raise NotImplementedError

    def _update_buttons(self) -> None:
        """Enable the module's actions for the record shown."""

    # --- the keyboard ----------------------------------------------------------------------------
    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Enter in a step's line or list records the step (a button presses)."""
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            focus = QApplication.focusWidget()
            if isinstance(focus, QPushButton) and self.isAncestorOf(focus):
                focus.click()
            elif focus is not None and (
                self.stack.isAncestorOf(focus) or focus is self.stack.currentWidget()
            ):
                self.record_step()
        else:
            super().keyPressEvent(event)

    def focus_step(self) -> None:
        """The cursor in the next step's first field (or the number, when no step is open)."""
        current = self.stack.currentWidget()
        if isinstance(current, StepForm):
            current.first_input().setFocus(Qt.FocusReason.OtherFocusReason)
        else:
            self.number.setFocus(Qt.FocusReason.OtherFocusReason)

    # --- showing ---------------------------------------------------------------------------------
    def reload(self) -> None:
        """Read the record shown again."""
        if self.row is not None:
            self.show_record(self.row.number)

    def _on_load_failed(self, exc: BaseException) -> None:
        messages.show_error(self, exc)
        self.number.setFocus(Qt.FocusReason.OtherFocusReason)

    def show_nothing(self, prompt: str) -> None:
        """No record chosen yet: ``prompt`` says how to choose one."""
        self.header.setText(escape(prompt))
        self.record.clear()
        self.show_no_step("", "")
        self._update_buttons()

    def show_no_step(self, title: str, text: str) -> None:
        """Nothing to record here now: ``title`` above, ``text`` saying why."""
        self.next_title.setText(title)
        self.no_step.setText(escape(text))
        self.stack.setCurrentWidget(self.no_step)
        self.record_button.hide()

    def show_step(self, form: StepForm, title: str) -> None:
        """``form`` (prepared) is the next step, under ``title``; the cursor goes to it when shown."""
        self.next_title.setText(_("Next: {step}").format(step=title))
        self.stack.setCurrentWidget(form)
        self.record_button.show()
        if self.isVisible():
            form.first_input().setFocus(Qt.FocusReason.OtherFocusReason)

    # --- changes ---------------------------------------------------------------------------------
    def record_step(self) -> None:
        """Record the step shown; the record moves on to its next one."""
        row, form = self.row, self.stack.currentWidget()
        if row is None or not isinstance(form, StepForm) or self.record_button.isHidden():
            return
        form.errors.clear()
        try:
            job = self.step_job(form, row)
        except ValidationError as exc:
            form.errors.show(self, exc)
            return
        self.record_button.setEnabled(False)
        self._context.runner.submit(
            job, lambda new: self._on_recorded(form, new), lambda exc: self._on_failed(form, exc), owner=self
        )

    def _on_recorded(self, form: StepForm, row: _Numbered) -> None:
        self.record_button.setEnabled(True)
        form.clear()
        self._changed(row)

    def _on_failed(self, form: StepForm, exc: BaseException) -> None:
        self.record_button.setEnabled(True)
        if isinstance(exc, Conflict):  # another desk moved it on: say so, then show where it stands
            messages.warn(self, exc.message)
            self.reload()
            return
        form.errors.show(self, exc)

    def _changed(self, row: _Numbered) -> None:
        self.show_record(row.number)
        self._own_change = True  # the bus tells this view too: it has just read the record
        try:
            for entity in self.announce(row):
                self._context.bus.notify(entity)
        finally:
            self._own_change = False
        self.sig_changed.emit(row)

    def open_dialog(self, dialog: _Changing) -> None:
        """Open ``dialog`` on the record; accepted with a changed row, that row is shown, else the
        record is read again (cancelled, or refused as changed meanwhile)."""
        assert isinstance(dialog, QDialog)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(lambda result: self._on_dialog_finished(dialog, result))
        self.dialog = dialog
        dialog.open()

    def _on_dialog_finished(self, dialog: _Changing, result: int) -> None:
        if result == QDialog.DialogCode.Accepted.value and dialog.result_row is not None:
            self._changed(dialog.result_row)
        else:
            self.reload()

    def _on_bus_changed(self, entity: str) -> None:
        if entity in self.entities and self.row is not None and not self._own_change:
            self.reload()
