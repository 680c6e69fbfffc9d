"""Technicians and the categories of work on the Settings page (administrators): who orders are
dispatched to — name, phone, department, skills (the categories they take), on duty, still working
here, the staff account they sign in with — and the office's list of categories.

Technicians are added and changed in a dialog; a technician who leaves is retired (kept on their old
orders, never deleted). On or off duty is one key (Space) on the table. A category is added, renamed
in place (Enter) and hidden or shown by its tick; a hidden one stays on the orders that have it and with
the technicians who hold it, but is no longer offered.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QColor, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from frontdesk.auth import Permission, StaffRow, role_label
from frontdesk.errors import Conflict
from frontdesk.i18n import N_, _
from frontdesk.workorders.labels import CATEGORIES, label
from frontdesk.workorders.rows import CategoryRow, Department, TechnicianInput, TechnicianRow
from ui.kit import messages
from ui.kit.context import AppContext
from ui.kit.dialog import Dialog
from ui.kit.forms import FieldErrors, hint
from ui.kit.screen import grow_to_fit
from ui.kit.settings_sections import scroll_into_view
from ui.kit.table_model import RIGHT, Column, RowTableModel
from ui.workorders.common import CATEGORY_ENTITY, TECHNICIAN_ENTITY

CODE_ROLE = Qt.ItemDataRole.UserRole
TABLE_ROWS = 7  # technicians shown at once: the table scrolls, the section fits the screen
CATEGORY_ROWS = 8  # the seven built-in categories and one of the office's own
SKILL_ROWS = 8
MUTED = "#6b6b6b"


@dataclass(frozen=True)
class TechnicianLine:
    """A technician as the table shows them: their skills already in words."""

    row: TechnicianRow
    skills: str


COLUMNS: tuple[Column[TechnicianLine], ...] = (
    Column(N_("Name"), lambda t: t.row.name),
    Column(N_("Department"), lambda t: label(t.row.department)),
    Column(N_("Skills"), lambda t: t.skills, tooltip=lambda t: t.skills),
    Column(
        N_("Duty"),
        lambda t: _("On duty") if t.row.on_duty else _("Off duty"),
        colour=lambda t: None if t.row.on_duty else MUTED,
    ),
    Column(N_("Open orders"), lambda t: t.row.open_orders, align=RIGHT),
    Column(
        N_("Status"),
        lambda t: _("Working") if t.row.active else _("Retired"),
        colour=lambda t: None if t.row.active else MUTED,
    ),
)


@dataclass(frozen=True)
class PeopleState:
    """What the section shows, read together on the worker thread."""

    technicians: list[TechnicianRow]
    categories: list[CategoryRow]
    staff: list[StaffRow]


def skills_in_words(skills: Sequence[str], categories: Sequence[CategoryRow]) -> str:
    """A technician's skills by their categories' names, in the office's order of the list."""
    names = {c.code: c.name for c in categories}
    return " · ".join(names.get(code, code) for code in skills) or "—"


def read_state(context: AppContext, *, roster: bool = False) -> PeopleState:
    """Every technician (the retired too), every category (the hidden too) and the staff accounts
    a technician may be linked to (runs on the worker thread); for the ``roster``, the technicians
    still working and the categories their skills name."""
    actor, services = context.require_actor(), context.services
    orders = services.workorders
    staff = services.staff.list(actor=actor) if actor.can(Permission.STAFF_MANAGE) and not roster else []
    return PeopleState(
        orders.technicians(actor=actor, include_inactive=not roster),
        orders.categories(actor=actor, include_inactive=True),
        staff,
    )


class TechnicianDialog(Dialog):
    """Add a technician (no ``row``) or change one: saved on the worker thread; what was typed stays
    when the core refuses it, the message beside its field."""

    def __init__(
        self,
        context: AppContext,
        categories: Sequence[CategoryRow],
        staff: Sequence[StaffRow],
        row: TechnicianRow | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._context = context
        self.row = row
        self._version = row.version if row is not None else 0
        self.saved: TechnicianRow | None = None
        self.errors = FieldErrors()
        self.conflict = QLabel()
        self.name = QLineEdit(row.name if row is not None else "")
        self.phone = QLineEdit(row.phone_masked if row is not None else "")
        self.department = QComboBox()
        self.skills = QListWidget()
        self.on_duty = QCheckBox(_("&On duty now"))
        self.active = QCheckBox(_("Still wor&king here (untick to retire: kept on their old orders)"))
        self.account = QComboBox()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self._build_ui(categories, staff)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        self.skills.itemChanged.connect(lambda _item: self.errors.clear("skills"))

    def _build_ui(self, categories: Sequence[CategoryRow], staff: Sequence[StaffRow]) -> None:
        row = self.row
        self.setWindowTitle(
            _("Add a technician") if row is None else _("Change {name}").format(name=row.name)
        )
        self.setMinimumWidth(600)
        self.conflict.setWordWrap(True)
        self.conflict.setProperty("status", "bad")
        self.conflict.hide()
        self.name.setMaxLength(80)
        self.name.setPlaceholderText(_("e.g. 王建国"))
        self.phone.setPlaceholderText(_("e.g. 138 1234 5678"))
        for department in Department:
            self.department.addItem(label(department), department.value)
        self.department.setCurrentIndex(
            self.department.findData(row.department.value if row is not None else Department.ENGINEERING)
        )
        held = set(row.skills) if row is not None else set()
        for category in categories:
            if not category.active and category.code not in held:
                continue  # a hidden category is no longer given; one already held stays
            text = category.name if category.active else _("{name} (hidden)").format(name=category.name)
            item = QListWidgetItem(text)
            item.setData(CODE_ROLE, category.code)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if category.code in held else Qt.CheckState.Unchecked)
            self.skills.addItem(item)
        if self.skills.count():
            self.skills.setCurrentRow(0)
        rows = min(max(self.skills.count(), 3), SKILL_ROWS)
        self.skills.setFixedHeight(self.skills.sizeHintForRow(0) * rows + 2 * self.skills.frameWidth() + 4)
        self.on_duty.setChecked(row.on_duty if row is not None else True)
        self.active.setChecked(row.active if row is not None else True)
        self.account.addItem(_("— none —"), None)
        linked = row.staff_id if row is not None else None
        for account in staff:
            if account.active or account.id == linked:
                self.account.addItem(
                    f"{account.display_name} ({account.username} · {role_label(account.role)})", account.id
                )
        self.account.setCurrentIndex(max(0, self.account.findData(linked)))
        self.account.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)

        def add_row(text: str, name: str, widget: QWidget) -> None:
            caption = QLabel(text)
            caption.setBuddy(widget)
            form.addRow(caption, self.errors.wrap(name, widget))

        add_row(_("&Name"), "name", self.name)
        add_row(_("&Phone"), "phone", self.phone)
        if row is not None and row.phone_masked:
            form.addRow("", hint(_("Shown masked: leave it to keep the number, or type a new one.")))
        add_row(_("&Department"), "department", self.department)
        add_row(_("Skil&ls (Space ticks)"), "skills", self.skills)
        form.addRow("", self.errors.wrap("on_duty", self.on_duty))
        form.addRow("", self.errors.wrap("active", self.active))
        add_row(_("Signs in &as"), "staff_id", self.account)
        form.addRow("", hint(_("The staff account this technician uses, if they sign in to the program.")))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 16)
        layout.addWidget(self.conflict)
        layout.addLayout(form)
        layout.addWidget(self.buttons)

    def typed(self) -> TechnicianInput:
        """The technician as the form holds it."""
        skills = tuple(
            str(item.data(CODE_ROLE))
            for item in (self.skills.item(n) for n in range(self.skills.count()))
            if item is not None and item.checkState() == Qt.CheckState.Checked
        )
        return TechnicianInput(
            name=self.name.text(),
            phone=self.phone.text(),
            department=str(self.department.currentData() or ""),
            skills=skills,
            on_duty=self.on_duty.isChecked(),
            active=self.active.isChecked(),
            staff_id=self.account.currentData(),
        )

    def save(self) -> None:
        """Save on the worker thread; the dialog closes once saved."""
        self.errors.clear()
        technician, actor, orders = (
            self.typed(),
            self._context.require_actor(),
            self._context.services.workorders,
        )
        technician_id, version = (self.row.id if self.row is not None else None), self._version
        self.buttons.setEnabled(False)
        self._context.runner.submit(
            lambda: orders.save_technician(
                actor=actor, technician=technician, technician_id=technician_id, version=version
            ),
            self._on_saved,
            self._on_failed,
            owner=self,
        )

    def _on_saved(self, row: TechnicianRow) -> None:
        self.buttons.setEnabled(True)
        self.saved = row
        self.accept()

    def _on_failed(self, exc: BaseException) -> None:
        self.buttons.setEnabled(True)
        if isinstance(exc, Conflict) and self.row is not None:
            self._on_stale(exc)
            return
        self.errors.show(self, exc)

    def _on_stale(self, exc: Conflict) -> None:
        """Another desk saved this technician first: said, what was typed kept, and the next Save
        goes over theirs knowingly."""
        assert self.row is not None
        technician_id, actor = self.row.id, self._context.require_actor()
        orders = self._context.services.workorders
        self.conflict.setText(
            exc.message
            + " "
            + _("What you typed is still here: Save again puts it over their change, Cancel keeps theirs.")
        )
        self.conflict.show()
        grow_to_fit(self)  # the message takes room: the fields stay whole

        def current() -> int | None:
            rows = orders.technicians(actor=actor, include_inactive=True)
            return next((t.version for t in rows if t.id == technician_id), None)

        self._context.runner.submit(current, self._on_current_version, owner=self)

    def _on_current_version(self, version: int | None) -> None:
        if version is not None:
            self._version = version


class TechniciansPanel(QGroupBox):
    """The technicians' table with Add, Change and On/off duty, and the categories' list (Settings);
    as the ``roster`` (the work-orders page, for the desk), the working technicians with On/off duty
    only: whoever dispatches puts a technician who called in sick off duty at once."""

    def __init__(self, context: AppContext, parent: QWidget | None = None, *, roster: bool = False) -> None:
        super().__init__("" if roster else _("Work orders: technicians and categories of work"), parent)
        self._context = context
        self.roster = roster
        self.state = PeopleState([], [], [])
        self._loaded = False
        self._announcing = False  # our own change told to the desk: already being shown
        self.model: RowTableModel[TechnicianLine] = RowTableModel(COLUMNS, parent=self)
        self.table = QTableView()
        self.add_button = QPushButton(_("Add a tec&hnician …"))
        self.edit_button = QPushButton(_("Chan&ge …"))
        duty = _("On or off d&uty (Space)") if roster else _("On or &off duty (Space)")
        self.duty_button = QPushButton(duty)
        self.result = QLabel()
        self.categories = QListWidget()
        self.new_category = QLineEdit()
        self.add_category_button = QPushButton(_("Add the category"))
        self.category_result = QLabel()
        self.errors = FieldErrors()
        self._build_ui()
        self._connect_signals()

    def _build_ui(self) -> None:
        intro = hint(
            _(
                "Orders are dispatched to the technicians on duty whose skills hold the order's "
                "category. Space puts the chosen one on or off duty; Enter changes them."
            )
            if not self.roster
            else _(
                "Orders are dispatched to the technicians on duty whose skills hold the order's "
                "category. Space puts the chosen one on or off duty. Technicians are added and "
                "changed on the Settings page."
            )
        )
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setTabKeyNavigation(False)
        self.table.verticalHeader().hide()
        row_height = self.fontMetrics().height() + 10
        self.table.verticalHeader().setDefaultSectionSize(row_height)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        if not self.roster:  # on Settings the table scrolls and the long page fits; a tab has room
            self.table.setFixedHeight(row_height * (TABLE_ROWS + 1) + 8)
        caption = QLabel(_("Te&chnicians"))
        caption.setBuddy(self.table)
        self.result.setObjectName("hint")
        self.result.setWordWrap(True)
        self.categories.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked)  # and Enter
        self.categories.setMaximumWidth(480)
        categories_caption = QLabel(_("Categories of &work (tick: offered on new orders; Enter renames)"))
        categories_caption.setBuddy(self.categories)
        categories_hint = hint(
            _("A hidden category stays on the orders and with the technicians that have it.")
        )
        new_caption = QLabel(_("New categor&y"))
        new_caption.setBuddy(self.new_category)
        self.new_category.setPlaceholderText(_("e.g. 消防设施 — Enter adds it"))
        self.new_category.setMaxLength(60)
        self.category_result.setObjectName("hint")
        self.category_result.setWordWrap(True)
        buttons = QHBoxLayout()
        for button in (self.add_button, self.edit_button, self.duty_button):
            buttons.addWidget(button)
        buttons.addWidget(self.result, 1)
        new_row = QHBoxLayout()
        new_row.addWidget(new_caption)
        new_row.addWidget(self.errors.wrap("name", self.new_category), 1)
        new_row.addWidget(self.add_category_button)
        new_row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(caption)
        layout.addWidget(self.table, 1 if self.roster else 0)
        layout.addLayout(buttons)
        if self.roster:
            self.setFlat(True)
            self.add_button.hide()  # never shown: out of the tab order and of the page's Alt-letters
            self.edit_button.hide()
            unused = (self.categories, self.new_category, self.add_category_button, self.category_result)
            for widget in unused:
                widget.setParent(self)  # not laid out: kept (hidden) with the panel
                widget.hide()
            return
        layout.addWidget(categories_caption)
        layout.addWidget(categories_hint)
        layout.addWidget(self.categories)
        layout.addLayout(new_row)
        layout.addWidget(self.category_result)

    def _connect_signals(self) -> None:
        for widget in (self.table, self.categories, self.new_category):
            widget.installEventFilter(self)
        self.add_button.clicked.connect(self.add_technician)
        self.edit_button.clicked.connect(self.edit_technician)
        self.duty_button.clicked.connect(self.toggle_duty)
        self.table.doubleClicked.connect(lambda _index: self.edit_technician())
        self.new_category.returnPressed.connect(self.add_category)
        self.add_category_button.clicked.connect(self.add_category)
        self.categories.itemChanged.connect(self._on_category_changed)
        self._context.bus.subscribe(self, self._on_changed_elsewhere)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Space on the table puts the chosen technician on or off duty, Enter changes them; Enter on
        a category renames it (F2 is a page's key); an input reached by its Alt+letter is scrolled
        into view on the long Settings page."""
        if event.type() == QEvent.Type.FocusIn and isinstance(watched, QWidget):
            scroll_into_view(self, watched)
            return False
        if not isinstance(event, QKeyEvent) or event.type() != QEvent.Type.KeyPress or event.modifiers():
            return False
        enter = event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        if watched is self.table and event.key() == Qt.Key.Key_Space:
            self.toggle_duty()
            return True
        if watched is self.table and enter and not self.roster:
            self.edit_technician()
            return True
        item = self.categories.currentItem()
        if watched is self.categories and enter and item is not None and self.categories.hasFocus():
            # (not the Enter that ends a renaming, passed on from its editor)
            self.categories.editItem(item)
            return True
        return False

    # --- loading -------------------------------------------------------------------------------

    def activate(self) -> None:
        """Read the technicians, categories and staff accounts (the Settings page was opened)."""
        self._loaded = True
        self.load()

    def load(self, select: int | None = None) -> None:
        """Everything the section shows (worker thread); ``select`` a technician by id afterwards."""
        chosen = select if select is not None else self._chosen_id()
        context = self._context
        roster = self.roster
        context.runner.submit(
            lambda: read_state(context, roster=roster), lambda s: self._show(s, chosen), owner=self
        )

    def _announce(self, entity: str) -> None:
        self._announcing = True
        try:
            self._context.bus.notify(entity)
        finally:
            self._announcing = False

    def _on_changed_elsewhere(self, entity: str) -> None:
        if (
            self._loaded
            and not self._announcing
            and entity in ("work_order", TECHNICIAN_ENTITY, CATEGORY_ENTITY, "staff")
        ):
            self.load()

    def _show(self, state: PeopleState, chosen: int | None) -> None:
        self.state = state
        self.model.set_rows(
            TechnicianLine(t, skills_in_words(t.skills, state.categories)) for t in state.technicians
        )
        ids = [t.id for t in state.technicians]
        if ids:
            self.table.selectRow(ids.index(chosen) if chosen in ids else 0)
        self._show_categories(state.categories)

    def _show_categories(self, rows: Sequence[CategoryRow]) -> None:
        self.categories.blockSignals(True)
        current = self.categories.currentRow()
        self.categories.clear()
        for row in rows:
            item = QListWidgetItem(row.name)
            item.setData(CODE_ROLE, row.code)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEditable)
            item.setCheckState(Qt.CheckState.Checked if row.active else Qt.CheckState.Unchecked)
            if not row.active:
                item.setForeground(QColor(MUTED))
            self.categories.addItem(item)
        self.categories.setCurrentRow(min(max(current, 0), self.categories.count() - 1))
        self.categories.blockSignals(False)
        shown = min(max(self.categories.count(), 4), CATEGORY_ROWS)
        self.categories.setFixedHeight(
            self.categories.sizeHintForRow(0) * shown + 2 * self.categories.frameWidth() + 4
        )

    def chosen(self) -> TechnicianRow | None:
        """The technician chosen in the table."""
        line = self.model.row(self.table.currentIndex().row())
        return line.row if line is not None else None

    def _chosen_id(self) -> int | None:
        chosen = self.chosen()
        return chosen.id if chosen is not None else None

    # --- technicians -----------------------------------------------------------------------------

    def add_technician(self) -> None:
        """The dialog for a new technician."""
        self._open_dialog(None)

    def edit_technician(self) -> None:
        """The dialog for the chosen technician."""
        row = self.chosen()
        if row is None:
            self.result.setText(_("Choose a technician in the table first."))
            return
        self._open_dialog(row)

    def _open_dialog(self, row: TechnicianRow | None) -> None:
        dialog = TechnicianDialog(self._context, self.state.categories, self.state.staff, row, self)
        if dialog.exec() and dialog.saved is not None:
            saved = dialog.saved
            self.result.setText(
                (_("Added {name}.") if row is None else _("Saved {name}.")).format(name=saved.name)
            )
            self.load(select=saved.id)
            self._announce(TECHNICIAN_ENTITY)
        elif row is not None and dialog.conflict.isVisible():
            self.load(select=row.id)  # the table shows the other desk's change
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)

    def toggle_duty(self) -> None:
        """Put the chosen technician on duty or off it (worker thread)."""
        row = self.chosen()
        if row is None:
            self.result.setText(_("Choose a technician in the table first."))
            return
        if not row.active:
            self.result.setText(
                _("{name} is retired: change them to bring them back first.").format(name=row.name)
            )
            return
        actor, orders = self._context.require_actor(), self._context.services.workorders
        self._context.runner.submit(
            lambda: orders.set_on_duty(
                actor=actor, technician_id=row.id, version=row.version, on_duty=not row.on_duty
            ),
            self._on_duty_set,
            lambda exc: self._on_duty_refused(exc, row.id),
            owner=self,
        )

    def _on_duty_set(self, row: TechnicianRow) -> None:
        self.result.setText(
            (_("{name} is on duty now.") if row.on_duty else _("{name} is off duty now.")).format(
                name=row.name
            )
        )
        self.load(select=row.id)
        self._announce(TECHNICIAN_ENTITY)

    def _on_duty_refused(self, exc: BaseException, technician_id: int) -> None:
        if isinstance(exc, Conflict):  # another desk changed them: said, and the table shows them now
            self.result.setText(exc.message)
            self.load(select=technician_id)
            return
        messages.show_error(self, exc)

    # --- categories ------------------------------------------------------------------------------

    def add_category(self) -> None:
        """Add the category typed (worker thread)."""
        self.errors.clear()
        name, actor, orders = (
            self.new_category.text(),
            self._context.require_actor(),
            self._context.services.workorders,
        )
        self._context.runner.submit(
            lambda: orders.save_category(actor=actor, name=name),
            self._on_category_added,
            lambda exc: self.errors.show(self, exc),
            owner=self,
        )

    def _on_category_added(self, row: CategoryRow) -> None:
        self.new_category.clear()
        self.category_result.setText(_("Added {name}.").format(name=row.name))
        self._announce(CATEGORY_ENTITY)
        self.load()

    def _on_category_changed(self, item: QListWidgetItem) -> None:
        """A tick or a new name: saved at once (worker thread)."""
        code = str(item.data(CODE_ROLE))
        loaded = next((c for c in self.state.categories if c.code == code), None)
        if loaded is None:
            return
        name, active = item.text().strip(), item.checkState() == Qt.CheckState.Checked
        if name == loaded.name and active == loaded.active:
            return
        if not name:
            self.category_result.setText(_("Type the category's name."))
            self._show_categories(self.state.categories)
            return
        # a built-in category named as built in keeps no name of its own: it shows in each language
        stored = "" if code in CATEGORIES and name == _(CATEGORIES[code]) else name
        actor, orders = self._context.require_actor(), self._context.services.workorders
        self._context.runner.submit(
            lambda: orders.save_category(actor=actor, code=code, name=stored, active=active),
            self._on_category_saved,
            self._on_category_refused,
            owner=self,
        )

    def _on_category_saved(self, row: CategoryRow) -> None:
        text = _("{name} is offered on new orders.") if row.active else _("{name} is hidden from new orders.")
        self.category_result.setText(text.format(name=row.name))
        self._announce(CATEGORY_ENTITY)
        self.load()

    def _on_category_refused(self, exc: BaseException) -> None:
        message = getattr(exc, "message", "")
        if not message:
            messages.show_error(self, exc)
            return
        self.category_result.setText(message)
        self._show_categories(self.state.categories)
