"""The new-order form (報修登記): where (a unit, looked up with Enter, or a public place), to whom it
goes (engineering: a work order, GC-…; security, cleaning or greening: an internal coordination slip,
XT-…), what, the category suggested from the words, urgency, the wanted window, who reports it (found
in the registry by name, phone or unit, as the complaints intake finds its complainant, or typed),
paid or free.

Keyboard first: the cursor starts in the unit; Enter in the unit looks it up and shows its panel,
Ctrl+Enter (or Enter in a line) saves, Esc clears. What was typed stays when the core refuses it,
the message beside the field. Saved, the order goes on to its dispatch step.
"""

from __future__ import annotations

from datetime import timedelta
from html import escape

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateTimeEdit,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QWidget,
)

from frontdesk.estate.search import SearchHit
from frontdesk.i18n import _
from frontdesk.workorders.intake import suggest_category
from frontdesk.workorders.labels import label
from frontdesk.workorders.rows import CategoryRow, Department, OrderInput, OrderRow, ReporterInput, Urgency
from ui.kit.context import AppContext
from ui.kit.finder import RegistryFinder
from ui.kit.intake import IntakeForm, with_typed_unit
from ui.kit.moments import local_qdatetime, utc_of
from ui.workorders.common import CATEGORY_ENTITY, ENTITY

PROBLEM_LINES = 3
#: the category a coordination slip takes when the clerk chooses none (the office's list has it)
SLIP_CATEGORY = "other"


def department_text(department: Department) -> str:
    """What the "Goes to" choice says: engineering gets a work order, the others a coordination slip."""
    if department is Department.ENGINEERING:
        return _("{department}: work order").format(department=label(department))
    return _("{department}: internal coordination slip").format(department=label(department))


class OrderForm(IntakeForm):
    """Unit or place, problem, category, urgency, window, reporter, paid; saved on the worker thread."""

    sig_created = Signal(object)
    """An order was created (its :class:`OrderRow`)."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.source_call: int | None = None  # the logged call this order is made from
        self.category_chosen = False  # the clerk chose one: the words no longer change it
        self.problem = QPlainTextEdit()
        self.category = QComboBox()
        self.department = QComboBox()
        self.finder = RegistryFinder(context, _("Reporter on record? Phone, last 4 digits, name or unit"))
        self.suggested = QLabel()
        self.urgency = QComboBox()
        self.paid = QCheckBox(_("Pa&id (the owner pays: quoted first)"))
        self.windowed = QCheckBox(_("Preferred &window"))
        self.window_start, self.window_end = QDateTimeEdit(), QDateTimeEdit()
        self._build_ui()
        self._connect_signals()
        self.clear()

    def _build_ui(self) -> None:
        e = self.errors
        self.problem.setTabChangesFocus(True)
        self.problem.setPlaceholderText(_("What needs doing, in the reporter's words"))
        self.problem.setFixedHeight(self.problem.fontMetrics().lineSpacing() * PROBLEM_LINES + 14)
        self.suggested.setObjectName("hint")
        self.suggested.setWordWrap(True)
        self.category.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.category.setMinimumContentsLength(14)
        for urgency in (Urgency.NORMAL, Urgency.URGENT):
            self.urgency.addItem(label(urgency), urgency.value)
        for department in Department:
            self.department.addItem(department_text(department), department.value)
        self.department.setToolTip(
            _("Engineering gets a work order (GC); security, cleaning or greening an internal slip (XT)")
        )
        for edit in (self.window_start, self.window_end):
            edit.setDisplayFormat("yyyy-MM-dd HH:mm")
            edit.setEnabled(False)

        row, grid = self.add_row, self.grid
        row(0, (_("&Unit"), "unit", self.unit))
        row(1, (_("Public pl&ace"), "place", self.place))
        row(2, (_("&Goes to"), "department", self.department))
        row(3, (_("&Problem"), "problem", self.problem))
        row(4, (_("Ca&tegory"), "category", self.category), (_("U&rgency"), "urgency", self.urgency))
        grid.addWidget(self.suggested, 5, 1, 1, 3)
        row(6, (_("&Find"), "reporter", self.finder))
        row(7, (_("Reporter na&me"), "reporter_name", self.name), (_("P&hone"), "reporter_phone", self.phone))
        grid.addWidget(e.wrap("paid", self.paid), 8, 1, 1, 3)
        window = QHBoxLayout()
        window.addWidget(e.wrap("window_start", self.window_start))
        window.addWidget(QLabel("–"))
        window.addWidget(e.wrap("window_end", self.window_end))
        window.addStretch(1)
        grid.addWidget(self.windowed, 9, 0, 1, 1)
        grid.addLayout(window, 9, 1, 1, 3)
        self.lay_out(
            [],
            [
                self.unit,
                self.place,
                self.department,
                self.problem,
                self.category,
                self.urgency,
                self.finder.edit,
                self.name,
                self.phone,
                self.paid,
                self.windowed,
                self.window_start,
                self.window_end,
                self.save_button,
            ],
        )

    def _connect_signals(self) -> None:
        self.problem.textChanged.connect(self._suggest)
        self.category.activated.connect(self._on_category_chosen)
        self.windowed.toggled.connect(self._on_window_toggled)
        self.department.currentIndexChanged.connect(self._on_department_changed)
        self.finder.sig_picked.connect(self.pick)
        self._context.bus.subscribe(self, self._on_bus_changed)

    def _on_bus_changed(self, entity: str) -> None:
        if entity == CATEGORY_ENTITY:  # added, renamed or hidden in Settings: offer the list as it is
            self.load_categories()

    def focus_first(self) -> None:
        """The cursor where the next order starts: the unit."""
        if self.category.count() == 0:
            self.load_categories()
        self.unit.setFocus(Qt.FocusReason.OtherFocusReason)

    def after_unit(self) -> QWidget:
        return self.problem

    def set_unit(self, unit_id: int | None, code: str) -> None:
        super().set_unit(unit_id, code)
        if unit_id is not None:
            self.place.clear()

    # --- the reporter and where the order goes ---------------------------------------------------
    def pick(self, hit: SearchHit) -> None:
        """The reporter found in the registry: their name (their phone on record unless one is typed)
        and, when no unit or place is typed yet, their unit with its panel."""
        self.errors.clear("reporter")
        self.pick_person(
            hit, unit=self.unit_id is None and not self.unit.text().strip() and not self.place.text()
        )
        needed = [
            (not self.name.text().strip(), self.name),
            (not self.problem.toPlainText().strip(), self.problem),
            (self.category.currentIndex() < 0, self.category),
        ]
        target = next((widget for missing, widget in needed if missing), self.save_button)
        target.setFocus(Qt.FocusReason.OtherFocusReason)

    def _on_department_changed(self, _index: int) -> None:
        """A coordination slip is never paid and, unless the clerk chose one, of the "other" category."""
        slip = self.department.currentData() != Department.ENGINEERING.value
        if slip:
            self.paid.setChecked(False)
        self.paid.setEnabled(not slip)
        if not self.category_chosen:
            if slip:
                index = self.category.findData(SLIP_CATEGORY)
                if index >= 0:
                    self.category.setCurrentIndex(index)
            else:
                self.category.setCurrentIndex(-1)
                self._suggest()

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
        self.set_unit(draft.unit_id, code)
        self.name.setText(draft.reporter.name)
        self.phone.setText(draft.reporter.phone if draft.reporter.resident_id is None else "")
        self.problem.setPlainText(draft.problem)
        self.status.setText(escape(_("Filled in from the phone call: check it and save.")))
        self.problem.setFocus(Qt.FocusReason.OtherFocusReason)

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
        if not self.category_chosen and self.department.currentData() == Department.ENGINEERING.value:
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
            department=str(self.department.currentData()),
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
            chosen = with_typed_unit(services, actor, order, unit_text)
            return services.workorders.create_order(actor=actor, client_id=client_id, order=chosen)

        self.save_button.setEnabled(False)
        self._context.runner.submit(job, self._on_saved, self._on_failed, owner=self)

    def _on_saved(self, row: OrderRow) -> None:
        self.clear()
        if row.department is Department.ENGINEERING:
            self.saved(_("Work order {number} created: dispatch it next.").format(number=row.number))
        else:
            self.saved(
                _("Coordination slip {number} to {department} issued: dispatch it next.").format(
                    number=row.number, department=label(row.department)
                )
            )
        self._context.bus.notify(ENTITY)
        self.sig_created.emit(row)

    def discard_question(self) -> str:
        return _("Discard this work order and start again?")

    def typed(self) -> bool:
        return bool(self.problem.toPlainText()) or super().typed()

    def clear(self) -> None:
        """An empty form with a new submission id."""
        super().clear()
        self.source_call = None
        self.category_chosen = False
        self.finder.clear()
        self.department.setCurrentIndex(0)
        self.problem.clear()
        self.category.setCurrentIndex(-1)
        self.urgency.setCurrentIndex(0)
        self.paid.setChecked(False)
        self.windowed.setChecked(False)
        now = local_qdatetime()
        self.window_start.setDateTime(now)
        self.window_end.setDateTime(now.addSecs(int(timedelta(hours=2).total_seconds())))
        self.suggested.setText(_("The category is suggested here from the problem's words."))
