"""The skeleton of an intake form (a complaint taken, a work order issued): captioned fields in a grid
with their error lines, the unit (looked up with Enter or on leaving it; found, its panel shows
beside the form) or a public place, the person who reports it (found in the registry or typed),
Save / Clear and a status line under the grid.

Keyboard first: Ctrl+Enter (or Enter in a line) saves, a button or box under the cursor is pressed
instead, Esc clears (after asking, when something was typed). What was typed stays when the core
refuses it, the message beside the field. The module adds its own fields, says what it saves
(``save``) and what starts it anew (``clear``).
"""

from __future__ import annotations

import itertools
import uuid
from dataclasses import replace
from html import escape
from typing import Protocol, TypeVar

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from frontdesk.auth import Actor
from frontdesk.errors import ValidationError
from frontdesk.estate.search import Resolution, SearchHit, UnitResolution
from frontdesk.i18n import _
from frontdesk.services import Services
from ui.kit import messages
from ui.kit.context import AppContext
from ui.kit.forms import FieldErrors
from ui.kit.unit_panel import UnitPanel

SAVED = "#1b6e2a"


class _AtUnit(Protocol):
    @property
    def unit_id(self) -> int | None: ...


D = TypeVar("D", bound=_AtUnit)


def with_typed_unit(services: Services, actor: Actor, record: D, unit_text: str) -> D:
    """``record`` with the unit typed but not yet looked up resolved (on the worker thread).

    Raises:
        ValidationError: ``unit`` — not found, or more than one unit matches.
    """
    if record.unit_id is not None or not unit_text:
        return record
    found = services.estate.resolve_unit(actor=actor, text=unit_text)
    if found.unit is None:
        raise ValidationError("unit", found.message)
    return replace(record, unit_id=found.unit.id)  # type: ignore[type-var]


class IntakeForm(QWidget):
    """The grid, the unit and its panel, the person, the buttons; saved on the worker thread."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self.errors = FieldErrors()
        self.client_id = str(uuid.uuid4())
        self.unit_id: int | None = None
        self.resident_id: int | None = None  # the person found in the registry
        self.panel = UnitPanel(context)
        self.unit, self.place = QLineEdit(), QLineEdit()
        self.name, self.phone = QLineEdit(), QLineEdit()
        self.save_button = QPushButton(_("&Save (Ctrl+Enter)"))
        self.clear_button = QPushButton(_("Clear (Esc)"))
        self.status = QLabel()
        self.grid = QGridLayout()
        self.grid.setHorizontalSpacing(8)
        self.grid.setVerticalSpacing(4)
        self.unit.setPlaceholderText(_("e.g. 3-1502 — Enter to look it up"))
        self.place.setPlaceholderText(_("or a public place, e.g. 2棟電梯"))
        self.phone.setPlaceholderText(_("e.g. 138 1234 5678"))
        self.save_button.setObjectName("primary")
        self.status.setWordWrap(True)
        self.status.setTextFormat(Qt.TextFormat.RichText)

    # --- building --------------------------------------------------------------------------------
    def add_row(self, n: int, *fields: tuple[str, str, QWidget]) -> None:
        """Grid row ``n``: one field across, or two side by side, each (caption, error name, widget);
        the caption's Alt+letter reaches the widget (or the widget it passes its focus to)."""
        line_height = self.unit.sizeHint().height()
        for i, (caption, name, widget) in enumerate(fields):
            text = QLabel(caption)
            text.setBuddy(widget.focusProxy() or widget)
            text.setMinimumHeight(line_height)  # level with the first line of its field
            span = 3 if len(fields) == 1 else 1
            self.grid.addWidget(text, n, 2 * i, Qt.AlignmentFlag.AlignTop)
            self.grid.addWidget(self.errors.wrap(name, widget) if name else widget, n, 2 * i + 1, 1, span)

    def lay_out(self, below: list[QWidget], tab_order: list[QWidget]) -> None:
        """The grid, ``below`` it the module's notes, the buttons and status; the unit panel beside;
        Tab goes through ``tab_order``."""
        self.grid.setColumnStretch(1, 1)
        self.grid.setColumnStretch(3, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.clear_button)
        buttons.addWidget(self.status, 1)
        left = QWidget()
        column = QVBoxLayout(left)
        column.setContentsMargins(0, 4, 0, 0)
        column.setSpacing(6)
        column.addLayout(self.grid)
        for widget in below:
            column.addWidget(widget)
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
        for first, second in itertools.pairwise(tab_order):
            self.setTabOrder(first, second)
        self.unit.textEdited.connect(self._on_unit_text_edited)
        self.unit.installEventFilter(self)
        self.name.textEdited.connect(self._on_name_text_edited)
        self.save_button.clicked.connect(self.save)
        self.clear_button.clicked.connect(self.cancel)
        for key in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(
                QKeySequence(key), self, self.save, context=Qt.ShortcutContext.WidgetWithChildrenShortcut
            )

    # --- what the module says ------------------------------------------------------------------
    def save(self) -> None:
        """Save what the form holds (on the worker thread)."""
        raise NotImplementedError

    def clear(self) -> None:
        """An empty form with a new submission id."""
        self.errors.clear()
        self.client_id = str(uuid.uuid4())
        self.unit_id, self.resident_id = None, None
        for edit in (self.unit, self.place, self.name, self.phone):
            edit.clear()
        self.show_phone_on_record(None)
        self.panel.clear()

    def discard_question(self) -> str:
        """The question Esc asks before dropping what was typed."""
        raise NotImplementedError

    def typed(self) -> bool:
        """Whether anything was typed that Esc would drop."""
        return any(edit.text() for edit in (self.unit, self.place, self.name))

    def after_unit(self) -> QWidget:
        """Where the cursor goes once the unit typed was found."""
        return self.place

    # --- the keyboard ----------------------------------------------------------------------------
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
        """Enter saves (a button or box under the cursor is pressed instead), Esc clears the form."""
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

    # --- the unit --------------------------------------------------------------------------------
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
            self.set_unit(found.unit.id, found.unit.code)
            if move_on:
                self.after_unit().setFocus(Qt.FocusReason.OtherFocusReason)
            return
        message = found.message
        if found.status is Resolution.AMBIGUOUS:
            message += " " + "、".join(f"{u.code} ({u.building_name})" for u in found.candidates)
        self.errors.set("unit", message)

    def set_unit(self, unit_id: int | None, code: str) -> None:
        """The unit chosen (None: none), its panel beside the form."""
        self.unit_id = unit_id
        self.unit.setText(code)
        if unit_id is None:
            self.panel.clear()
        else:
            self.panel.show_unit(unit_id)

    def _on_unit_text_edited(self, _text: str) -> None:
        if self.unit_id is not None:
            self.unit_id = None
            self.panel.clear()

    # --- the person ------------------------------------------------------------------------------
    def pick_person(self, hit: SearchHit, *, unit: bool = True) -> None:
        """A resident (or unit) found in the registry: their name fills in (the phone on record is
        used when none is typed) and, when ``unit``, their unit with its panel."""
        self.errors.clear("unit")
        if hit.resident_id is not None:
            self.resident_id = hit.resident_id
            self.name.setText(hit.name)
            self.phone.clear()
            self.show_phone_on_record(hit.phone_masked)
        if unit:
            self.set_unit(hit.unit_id, hit.unit_code)
            self.place.clear()

    def show_phone_on_record(self, masked: str | None) -> None:
        """The phone's placeholder: the number on record is used when none is typed (None: nobody chosen)."""
        if masked is None:
            text = _("e.g. 138 1234 5678")
        elif masked:
            text = _("Blank: the number on record, {phone}").format(phone=masked)
        else:
            text = _("No number on record: type the caller's phone")
        self.phone.setPlaceholderText(text)

    def _on_name_text_edited(self, _text: str) -> None:
        if self.resident_id is not None:  # a name typed over the one found: someone else
            self.resident_id = None
            self.show_phone_on_record(None)

    # --- saving ----------------------------------------------------------------------------------
    def saved(self, message: str) -> None:
        """The status line says ``message`` in green (the form was saved and cleared)."""
        self.save_button.setEnabled(True)
        self.status.setText(f"<span style='color:{SAVED}; font-weight:bold'>{escape(message)}</span>")

    def _on_failed(self, exc: BaseException) -> None:
        self.save_button.setEnabled(True)
        self.errors.show(self, exc)

    def cancel(self) -> None:
        """Esc: drop what was typed (after asking, if anything was) and start again."""
        if self.typed() and not messages.confirm(self, self.discard_question()):
            return
        self.clear()
        self.status.clear()
