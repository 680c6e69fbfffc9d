"""The new-order form (報修登記): where (a unit, looked up with Enter, or a public place), what, the
category suggested from the words, urgency, the wanted window, who reports it, paid or free.

Keyboard first: the cursor starts in the unit; Enter in the unit looks it up and shows its panel,
Ctrl+Enter (or Enter in a line) saves, Esc clears. What was typed stays when the core refuses it,
the message beside the field. Saved, the order goes on to its dispatch step.
"""

from __future__ import annotations

import itertools
import uuid
from dataclasses import replace
from datetime import timedelta
from html import escape

from PySide6.QtCore import QEvent, QObject, Qt, Signal
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

from frontdesk.errors import ValidationError
from frontdesk.estate.search import Resolution, UnitResolution
from frontdesk.i18n import _
from frontdesk.workorders.intake import suggest_category
from frontdesk.workorders.labels import label
from frontdesk.workorders.rows import CategoryRow, OrderInput, OrderRow, ReporterInput, Urgency
from ui.kit import messages
from ui.kit.context import AppContext
from ui.kit.forms import FieldErrors
from ui.kit.moments import local_qdatetime, utc_of
from ui.kit.unit_panel import UnitPanel
from ui.workorders.common import ENTITY, GOOD

PROBLEM_LINES = 3


class OrderForm(QWidget):
    """Unit or place, problem, category, urgency, window, reporter, paid; saved on the worker thread."""

    sig_created = Signal(object)
    """An order was created (its :class:`OrderRow`)."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self.errors = FieldErrors()
        self.client_id = str(uuid.uuid4())
        self.unit_id: int | None = None
        self.resident_id: int | None = None  # the caller found in the registry (a draft from a call)
        self.source_call: int | None = None  # the logged call this order is made from
        self.category_chosen = False  # the clerk chose one: the words no longer change it
        self.panel = UnitPanel(context)
        self.unit, self.place = QLineEdit(), QLineEdit()
        self.problem = QPlainTextEdit()
        self.category = QComboBox()
        self.suggested = QLabel()
        self.urgency = QComboBox()
        self.paid = QCheckBox(_("Pa&id (the owner pays: quoted first)"))
        self.name, self.phone = QLineEdit(), QLineEdit()
        self.windowed = QCheckBox(_("Preferred &window"))
        self.window_start, self.window_end = QDateTimeEdit(), QDateTimeEdit()
        self.save_button = QPushButton(_("&Save (Ctrl+Enter)"))
        self.clear_button = QPushButton(_("Clear (Esc)"))
        self.status = QLabel()
        self._build_ui()
        self._connect_signals()
        self.clear()

    def _build_ui(self) -> None:
        e = self.errors
        self.unit.setPlaceholderText(_("e.g. 3-1502 — Enter to look it up"))
        self.place.setPlaceholderText(_("or a public place, e.g. 2棟電梯"))
        self.problem.setTabChangesFocus(True)
        self.problem.setPlaceholderText(_("What needs doing, in the reporter's words"))
        self.problem.setFixedHeight(self.problem.fontMetrics().lineSpacing() * PROBLEM_LINES + 14)
        self.suggested.setObjectName("hint")
        self.suggested.setWordWrap(True)
        self.category.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.category.setMinimumContentsLength(14)
        for urgency in (Urgency.NORMAL, Urgency.URGENT):
            self.urgency.addItem(label(urgency), urgency.value)
        self.phone.setPlaceholderText(_("e.g. 138 1234 5678"))
        for edit in (self.window_start, self.window_end):
            edit.setDisplayFormat("yyyy-MM-dd HH:mm")
            edit.setEnabled(False)
        self.save_button.setObjectName("primary")
        self.status.setWordWrap(True)
        self.status.setTextFormat(Qt.TextFormat.RichText)

        grid = QGridLayout()
        grid.setHorizontalSpacing(8)
        grid.setVerticalSpacing(4)
        line_height = self.unit.sizeHint().height()

        def row(n: int, *fields: tuple[str, str, QWidget]) -> None:
            for i, (caption, name, widget) in enumerate(fields):
                text = QLabel(caption)
                text.setBuddy(widget)
                text.setMinimumHeight(line_height)
                span = 3 if len(fields) == 1 else 1
                grid.addWidget(text, n, 2 * i, Qt.AlignmentFlag.AlignTop)
                grid.addWidget(e.wrap(name, widget), n, 2 * i + 1, 1, span)

        row(0, (_("&Unit"), "unit", self.unit))
        row(1, (_("Public pl&ace"), "place", self.place))
        row(2, (_("&Problem"), "problem", self.problem))
        row(3, (_("Ca&tegory"), "category", self.category), (_("U&rgency"), "urgency", self.urgency))
        grid.addWidget(self.suggested, 4, 1, 1, 3)
        row(5, (_("Reporter na&me"), "reporter_name", self.name), (_("P&hone"), "reporter_phone", self.phone))
        grid.addWidget(e.wrap("paid", self.paid), 6, 1, 1, 3)
        window = QHBoxLayout()
        window.addWidget(e.wrap("window_start", self.window_start))
        window.addWidget(QLabel("–"))
        window.addWidget(e.wrap("window_end", self.window_end))
        window.addStretch(1)
        grid.addWidget(self.windowed, 7, 0, 1, 1)
        grid.addLayout(window, 7, 1, 1, 3)
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
            self.unit,
            self.place,
            self.problem,
            self.category,
            self.urgency,
            self.name,
            self.phone,
            self.paid,
            self.windowed,
            self.window_start,
            self.window_end,
            self.save_button,
        ]
        for first, second in itertools.pairwise(order):
            self.setTabOrder(first, second)

    def _connect_signals(self) -> None:
        self.unit.textEdited.connect(self._on_unit_text_edited)
        self.unit.installEventFilter(self)
        self.problem.textChanged.connect(self._suggest)
        self.category.activated.connect(self._on_category_chosen)
        self.windowed.toggled.connect(self._on_window_toggled)
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

    def focus_first(self) -> None:
        """The cursor where the next order starts: the unit."""
        if self.category.count() == 0:
            self.load_categories()
        self.unit.setFocus(Qt.FocusReason.OtherFocusReason)

    # --- the unit ------------------------------------------------------------------------------
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
            self.unit_id = found.unit.id
            self.unit.setText(found.unit.code)
            self.place.clear()
            self.panel.show_unit(found.unit.id)
            if move_on:
                self.problem.setFocus(Qt.FocusReason.OtherFocusReason)
            return
        message = found.message
        if found.status is Resolution.AMBIGUOUS:
            message += " " + "、".join(f"{u.code} ({u.building_name})" for u in found.candidates)
        self.errors.set("unit", message)

    # --- a draft from a logged call ----------------------------------------------------------
    def fill_from_call(self, call_id: int) -> None:
        """The form filled in from a logged call (caller, unit, matter, a suggested category), for
        the clerk to check and save; the order and the call are then linked both ways."""
        actor, services = self._context.require_actor(), self._context.services

        def job() -> tuple[OrderInput, str]:
            draft = services.workorders.draft_from_call(actor=actor, call_id=call_id)
            code = services.estate.unit(actor=actor, unit_id=draft.unit_id).code if draft.unit_id else ""
            return draft, code

        self._context.runner.submit(job, self._on_draft, self._on_failed, owner=self)

    def _on_draft(self, loaded: tuple[OrderInput, str]) -> None:
        draft, code = loaded
        self.clear()
        self.source_call, self.resident_id = draft.source_call, draft.reporter.resident_id
        self.unit_id = draft.unit_id
        self.unit.setText(code)
        if draft.unit_id is not None:
            self.panel.show_unit(draft.unit_id)
        self.name.setText(draft.reporter.name)
        self.phone.setText(draft.reporter.phone if draft.reporter.resident_id is None else "")
        self.problem.setPlainText(draft.problem)
        self.status.setText(escape(_("Filled in from the phone call: check it and save.")))
        self.problem.setFocus(Qt.FocusReason.OtherFocusReason)

    def _on_unit_text_edited(self, _text: str) -> None:
        if self.unit_id is not None:
            self.unit_id = None
            self.panel.clear()

    # --- the category ------------------------------------------------------------------------
    def load_categories(self) -> None:
        """The office's active categories (worker thread)."""
        actor, orders = self._context.require_actor(), self._context.services.workorders
        self._context.runner.submit(lambda: orders.categories(actor=actor), self._on_categories, owner=self)

    def _on_categories(self, rows: list[CategoryRow]) -> None:
        chosen = self.category.currentData()
        self.category.clear()
        for row in rows:
            if row.active:
                self.category.addItem(row.name, row.code)
        self.category.setPlaceholderText(_("Choose what kind of work"))
        self.category.setCurrentIndex(self.category.findData(chosen) if chosen else -1)
        self._suggest()

    def _on_category_chosen(self, _index: int) -> None:
        self.category_chosen = True

    def _suggest(self) -> None:
        """The category the problem's words point to, chosen until the clerk chooses another."""
        code = suggest_category(self.problem.toPlainText())
        index = self.category.findData(code) if code else -1
        if index < 0:
            self.suggested.setText(_("The category is suggested here from the problem's words."))
            return
        self.suggested.setText(
            _("Suggested from the words: {category}").format(category=self.category.itemText(index))
        )
        if not self.category_chosen:
            self.category.setCurrentIndex(index)

    def _on_window_toggled(self, on: bool) -> None:
        for edit in (self.window_start, self.window_end):
            edit.setEnabled(on)
        if on:
            start = local_qdatetime().addSecs(3600)
            self.window_start.setDateTime(start)
            self.window_end.setDateTime(start.addSecs(2 * 3600))

    # --- saving -----------------------------------------------------------------------------
    def order(self) -> OrderInput:
        """What the form holds, as ``create_order`` takes it."""
        windowed = self.windowed.isChecked()
        return OrderInput(
            unit_id=self.unit_id,
            place=self.place.text(),
            problem=self.problem.toPlainText(),
            category=str(self.category.currentData() or ""),
            urgency=str(self.urgency.currentData()),
            reporter=ReporterInput(
                resident_id=self.resident_id, name=self.name.text(), phone=self.phone.text()
            ),
            paid=self.paid.isChecked(),
            window_start=utc_of(self.window_start.dateTime()) if windowed else None,
            window_end=utc_of(self.window_end.dateTime()) if windowed else None,
            source_call=self.source_call,
        )

    def save(self) -> None:
        """Create the order on the worker thread; a refusal keeps the form filled."""
        self.errors.clear()
        order, unit_text = self.order(), self.unit.text().strip()
        if not order.category:
            self.errors.set("category", _("Choose the category of work."))
            return
        actor, services, client_id = self._context.require_actor(), self._context.services, self.client_id

        def job() -> OrderRow:
            chosen = order
            if chosen.unit_id is None and unit_text:
                found = services.estate.resolve_unit(actor=actor, text=unit_text)
                if found.unit is None:
                    raise ValidationError("unit", found.message)
                chosen = replace(chosen, unit_id=found.unit.id)
            return services.workorders.create_order(actor=actor, client_id=client_id, order=chosen)

        self.save_button.setEnabled(False)
        self._context.runner.submit(job, self._on_saved, self._on_failed, owner=self)

    def _on_saved(self, row: OrderRow) -> None:
        self.save_button.setEnabled(True)
        self.clear()
        self.status.setText(
            f"<span style='color:{GOOD}; font-weight:bold'>"
            + escape(_("Work order {number} created: dispatch it next.").format(number=row.number))
            + "</span>"
        )
        self._context.bus.notify(ENTITY)
        self.sig_created.emit(row)

    def _on_failed(self, exc: BaseException) -> None:
        self.save_button.setEnabled(True)
        self.errors.show(self, exc)

    def cancel(self) -> None:
        """Esc: drop what was typed (after asking, if anything was) and start again."""
        typed = self.unit.text() or self.place.text() or self.problem.toPlainText() or self.name.text()
        if typed and not messages.confirm(self, _("Discard this work order and start again?")):
            return
        self.clear()
        self.status.clear()

    def clear(self) -> None:
        """An empty form with a new submission id."""
        self.errors.clear()
        self.client_id = str(uuid.uuid4())
        self.unit_id, self.resident_id, self.source_call = None, None, None
        self.category_chosen = False
        for edit in (self.unit, self.place, self.name, self.phone):
            edit.clear()
        self.problem.clear()
        self.category.setCurrentIndex(-1)
        self.urgency.setCurrentIndex(0)
        self.paid.setChecked(False)
        self.windowed.setChecked(False)
        now = local_qdatetime()
        self.window_start.setDateTime(now)
        self.window_end.setDateTime(now.addSecs(int(timedelta(hours=2).total_seconds())))
        self.panel.clear()
        self.suggested.setText(_("The category is suggested here from the problem's words."))
