"""The complaint settings on the Settings page (administrators): the keyword rules that suggest a
complaint's class and kind — edited in a table, saved whole, in and out of Excel as the command line
does, with how often the office kept their suggestion — and the departments complaints go to."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QAbstractItemModel, QEvent, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from frontdesk.clock import local_today
from frontdesk.complaints.labels import DEPARTMENTS, kind_label, label
from frontdesk.complaints.rows import KINDS, ComplaintClass, DepartmentRow, RuleInput, RuleRow
from frontdesk.complaints.rules import HitRate
from frontdesk.errors import ValidationErrors
from frontdesk.i18n import _
from ui.kit import messages, paper
from ui.kit.context import AppContext
from ui.kit.settings_sections import scroll_into_view

CODE_ROLE = Qt.ItemDataRole.UserRole
ENTITY = "complaint_rule"
DEPARTMENT_ENTITY = "complaint_department"
TABLE_ROWS = 8  # rows shown at once: the page scrolls, the table scrolls within it
DEPARTMENT_ROWS = 7  # the six built-in departments and one of the office's own, without scrolling


def classifications() -> list[tuple[str, str]]:
    """Every (``"class:kind"``, its name) a rule may point to, valid kinds first."""
    return [
        (f"{cls.value}:{kind}", f"{label(cls)} · {kind_label(kind)}")
        for cls in ComplaintClass
        for kind in KINDS[cls]
    ]


def choose_rules_file(parent: QWidget | None) -> Path | None:
    """Ask which workbook to import (tests replace this function)."""
    name, _filter = QFileDialog.getOpenFileName(
        parent, _("Import keyword rules"), str(Path.home()), _("Excel workbooks (*.xlsx)")
    )
    return Path(name) if name else None


class _ClassificationDelegate(QStyledItemDelegate):
    """The class and kind of a rule, chosen from a list when the cell is edited."""

    def createEditor(
        self, parent: QWidget, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QWidget:
        """A list of every class and kind."""
        editor = QComboBox(parent)
        for code, text in classifications():
            editor.addItem(text, code)
        return editor

    def setEditorData(self, editor: QWidget, index: QModelIndex | QPersistentModelIndex) -> None:
        """The cell's classification chosen in the list."""
        if isinstance(editor, QComboBox):
            editor.setCurrentIndex(max(0, editor.findData(index.data(CODE_ROLE))))

    def setModelData(
        self, editor: QWidget, model: QAbstractItemModel, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        """The chosen classification, as its code and its name."""
        if isinstance(editor, QComboBox):
            model.setData(index, editor.currentData(), CODE_ROLE)
            model.setData(index, editor.currentText(), Qt.ItemDataRole.DisplayRole)


@dataclass(frozen=True)
class RulesState:
    """The rules and their hit rate, read together on the worker thread."""

    rules: list[RuleRow]
    hits: HitRate


class ComplaintRulesPanel(QGroupBox):
    """The keyword rules' table and the departments' list, each saved with its own button."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(_("Complaints: keyword rules and departments"), parent)
        self._context = context
        self.table = QTableWidget(0, 2)
        self.hit_rate = QLabel()
        self.problems = QLabel()
        self.add_button = QPushButton(_("&Add a rule"))
        self.remove_button = QPushButton(_("Re&move the rule"))
        self.save_button = QPushButton(_("Sa&ve the rules"))
        self.import_button = QPushButton(_("Im&port from Excel …"))
        self.export_button = QPushButton(_("E&xport to Excel …"))
        self.result = QLabel()
        self.departments = QTableWidget(0, 1)
        self.new_department = QLineEdit()
        self.add_department_button = QPushButton(_("Add the department"))
        self.save_departments_button = QPushButton(_("Sav&e the departments"))
        self.department_result = QLabel()
        self._loaded_departments: list[DepartmentRow] = []
        self._build_ui()
        self._connect_signals()

    def _build_ui(self) -> None:
        intro = QLabel(
            _(
                "A complaint whose text contains a keyword is suggested the keyword's class and kind; "
                "the words that matched are shown and the clerk decides. The longest matches win."
            )
        )
        intro.setObjectName("hint")
        intro.setWordWrap(True)
        self.hit_rate.setWordWrap(True)
        self.problems.setWordWrap(True)
        self.problems.setProperty("status", "bad")
        self.problems.hide()
        self.result.setObjectName("hint")
        self.department_result.setObjectName("hint")
        self.table.setHorizontalHeaderLabels([_("Keyword"), _("Class and kind")])
        self.table.setItemDelegateForColumn(1, _ClassificationDelegate(self.table))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 10)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setColumnWidth(0, 200)
        self.table.setFixedHeight(self.table.verticalHeader().defaultSectionSize() * (TABLE_ROWS + 1) + 8)
        self.table.setToolTip(_("Type to edit a cell; the class and kind are chosen from a list"))
        rules_caption = QLabel(_("Keyword &rules"))
        rules_caption.setBuddy(self.table)
        self.departments.setHorizontalHeaderLabels([_("Department (tick: offered on forms)")])
        self.departments.horizontalHeader().setStretchLastSection(True)
        self.departments.verticalHeader().hide()
        self.departments.verticalHeader().setDefaultSectionSize(
            self.table.verticalHeader().defaultSectionSize()
        )
        self.departments.setFixedHeight(
            self.table.verticalHeader().defaultSectionSize() * (DEPARTMENT_ROWS + 1) + 8
        )
        departments_caption = QLabel(_("Departmen&ts complaints are passed to"))
        departments_caption.setBuddy(self.departments)
        new_caption = QLabel(_("&New department"))
        new_caption.setBuddy(self.new_department)
        self.new_department.setPlaceholderText(_("e.g. 会所"))
        rule_buttons = QHBoxLayout()
        for button in (self.add_button, self.remove_button, self.save_button):
            rule_buttons.addWidget(button)
        rule_buttons.addStretch(1)
        rule_buttons.addWidget(self.import_button)
        rule_buttons.addWidget(self.export_button)
        new_row = QHBoxLayout()
        new_row.addWidget(new_caption)
        new_row.addWidget(self.new_department, 1)
        new_row.addWidget(self.add_department_button)
        new_row.addWidget(self.save_departments_button)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.hit_rate)
        layout.addWidget(rules_caption)
        layout.addWidget(self.table)
        layout.addLayout(rule_buttons)
        layout.addWidget(self.problems)
        layout.addWidget(self.result)
        layout.addWidget(departments_caption)
        layout.addWidget(self.departments)
        layout.addLayout(new_row)
        layout.addWidget(self.department_result)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """An input reached by its Alt+letter is scrolled into view on the long Settings page."""
        if event.type() == QEvent.Type.FocusIn and isinstance(watched, QWidget):
            scroll_into_view(self, watched)
        return False

    def _connect_signals(self) -> None:
        for widget in (self.table, self.departments, self.new_department):
            widget.installEventFilter(self)
        self.add_button.clicked.connect(self.add_rule)
        self.remove_button.clicked.connect(self.remove_rule)
        self.save_button.clicked.connect(self.save_rules)
        self.import_button.clicked.connect(self.import_rules)
        self.export_button.clicked.connect(self.export_rules)
        self.add_department_button.clicked.connect(self.add_department)
        self.new_department.returnPressed.connect(self.add_department)
        self.save_departments_button.clicked.connect(self.save_departments)

    # --- loading -------------------------------------------------------------------------------

    def activate(self) -> None:
        """Load the rules, their hit rate and the departments (the page was opened)."""
        self.load()
        self.load_departments()

    def load(self) -> None:
        """The saved rules and their hit rate on the office's history (worker thread)."""
        actor, complaints = self._context.require_actor(), self._context.services.complaints

        def job() -> RulesState:
            return RulesState(complaints.rules(actor=actor), complaints.hit_rate(actor=actor))

        self._context.runner.submit(job, self._show, owner=self)

    def _show(self, state: RulesState) -> None:
        self.show_rules([RuleInput(r.keyword, r.cls.value, r.kind) for r in state.rules])
        hits = state.hits
        if hits.suggested:
            self.hit_rate.setText(
                _("The suggestion was kept in {kept} of {suggested} complaints ({rate:.0%}).").format(
                    kept=hits.kept, suggested=hits.suggested, rate=hits.rate
                )
            )
        else:
            self.hit_rate.setText(_("No complaint has been taken with a suggestion yet."))

    def show_rules(self, rules: list[RuleInput]) -> None:
        """Fill the table with ``rules``."""
        names = dict(classifications())
        self.table.setRowCount(0)
        for rule in rules:
            self._append(rule.keyword, f"{rule.cls}:{rule.kind}", names)
        self.problems.hide()

    def _append(self, keyword: str, code: str, names: dict[str, str]) -> int:
        row = self.table.rowCount()
        self.table.insertRow(row)
        self.table.setItem(row, 0, QTableWidgetItem(keyword))
        meaning = QTableWidgetItem(names.get(code, code))
        meaning.setData(CODE_ROLE, code)
        self.table.setItem(row, 1, meaning)
        return row

    def rules(self) -> list[RuleInput]:
        """The rules as the table holds them."""
        found = []
        for row in range(self.table.rowCount()):
            keyword, meaning = self.table.item(row, 0), self.table.item(row, 1)
            code = str(meaning.data(CODE_ROLE) or "") if meaning is not None else ""
            cls, _sep, kind = code.partition(":")
            found.append(RuleInput(keyword.text() if keyword is not None else "", cls, kind))
        return found

    # --- editing -------------------------------------------------------------------------------

    def add_rule(self) -> None:
        """A new rule at the end (an enquiry until its class and kind are chosen), its keyword edited."""
        row = self._append("", "communicative:enquiry", dict(classifications()))
        self.table.setCurrentCell(row, 0)
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)
        item = self.table.item(row, 0)
        if item is not None:
            self.table.editItem(item)

    def remove_rule(self) -> None:
        """Remove the chosen rule from the table (saved with the others)."""
        row = self.table.currentRow()
        if row >= 0:
            self.table.removeRow(row)

    def save_rules(self) -> None:
        """Replace the office's rules with the table's, all or nothing (worker thread)."""
        self.table.setCurrentCell(self.table.currentRow(), self.table.currentColumn())  # commit an edit
        rules, actor, complaints = (
            self.rules(),
            self._context.require_actor(),
            self._context.services.complaints,
        )
        self._context.runner.submit(
            lambda: complaints.replace_rules(actor=actor, rules=rules),
            lambda saved: self._on_saved(_("Saved {n} keyword rules.").format(n=len(saved))),
            self._on_refused,
            owner=self,
        )

    def _on_saved(self, text: str) -> None:
        self.problems.hide()
        self.result.setText(text)
        self._context.bus.notify(ENTITY)
        self.load()

    def _on_refused(self, exc: BaseException, lines: list[str] | None = None) -> None:
        if not isinstance(exc, ValidationErrors):
            messages.show_error(self, exc)
            return
        if lines is None:
            lines = []
            for field, message in exc.errors.items():
                parts = field.split(".")
                number = int(parts[1]) + 1 if len(parts) > 1 and parts[1].isdigit() else 0
                lines.append(
                    _("Rule {n}: {message}").format(n=number, message=message) if number else message
                )
            first = next((f for f in exc.errors if f.split(".")[1:2] and f.split(".")[1].isdigit()), "")
            if first:
                self.table.setCurrentCell(int(first.split(".")[1]), 0)
        self.result.clear()
        self.problems.setText("\n".join([*lines, _("Nothing was saved.")]))
        self.problems.show()

    # --- Excel ---------------------------------------------------------------------------------

    def export_rules(self) -> None:
        """The saved rules to a workbook the office edits and imports again (as ``frontdesk export
        complaint-rules`` writes it); the export is audited."""
        path = paper.choose_save_path(
            self,
            caption=_("Export keyword rules"),
            suggested=Path.home() / f"{_('Complaint keyword rules')} {local_today().isoformat()}.xlsx",
            file_filter=_("Excel workbooks (*.xlsx)"),
        )
        if path is None:
            return
        actor, services = self._context.require_actor(), self._context.services

        def job() -> int:
            from ui.workbooks.complaint_rules import write_rules  # the workbook writer loads to export only

            rules = services.complaints.rules(actor=actor)
            with path.open("wb") as stream:
                write_rules(stream, rules)
            services.audit.record_export(
                actor=actor, what="complaint_rules", rows=len(rules), file_name=path.name, personal=False
            )
            return len(rules)

        self._context.runner.submit(
            job,
            lambda n: self.result.setText(_("Exported {n} rows to {file}.").format(n=n, file=path)),
            self._on_file_failed,
            owner=self,
        )

    def import_rules(self) -> None:
        """A workbook's rules replace the office's, all or nothing (as ``frontdesk import
        complaint-rules`` does); the sheet's rows with problems are named."""
        path = choose_rules_file(self)
        if path is None:
            return
        if not messages.confirm(
            self, _("Replace the keyword rules with those in {file}?").format(file=path.name)
        ):
            return
        actor, complaints = self._context.require_actor(), self._context.services.complaints

        def job() -> int:
            from ui.workbooks.complaint_rules import read_rules  # the reader loads to import only

            with path.open("rb") as stream:
                sheet = read_rules(stream)
            try:
                return len(complaints.replace_rules(actor=actor, rules=sheet.rules))
            except ValidationErrors as exc:
                raise _SheetProblems(exc, sheet.problems(exc)) from None

        self._context.runner.submit(
            job,
            lambda n: self._on_saved(_("Imported {n} keyword rules.").format(n=n)),
            self._on_file_failed,
            owner=self,
        )

    def _on_file_failed(self, exc: BaseException) -> None:
        if isinstance(exc, _SheetProblems):
            self._on_refused(exc.errors, exc.lines)
        elif isinstance(exc, OSError | ValueError):
            messages.warn(self, _("The file could not be used: {reason}").format(reason=exc))
        else:
            messages.show_error(self, exc)

    # --- departments ---------------------------------------------------------------------------

    def load_departments(self) -> None:
        """Every department, the hidden ones too (worker thread)."""
        actor, complaints = self._context.require_actor(), self._context.services.complaints
        self._context.runner.submit(
            lambda: complaints.departments(actor=actor, include_inactive=True),
            self._show_departments,
            owner=self,
        )

    def _show_departments(self, rows: list[DepartmentRow]) -> None:
        self._loaded_departments = rows
        self.departments.setRowCount(0)
        for row in rows:
            number = self.departments.rowCount()
            self.departments.insertRow(number)
            item = QTableWidgetItem(row.name)
            item.setData(CODE_ROLE, row.code)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEditable)
            item.setCheckState(Qt.CheckState.Checked if row.active else Qt.CheckState.Unchecked)
            self.departments.setItem(number, 0, item)

    def add_department(self) -> None:
        """Add the department typed (worker thread)."""
        name, actor, complaints = (
            self.new_department.text(),
            self._context.require_actor(),
            self._context.services.complaints,
        )
        self._context.runner.submit(
            lambda: complaints.save_department(actor=actor, name=name),
            self._on_department_added,
            self._on_department_refused,
            owner=self,
        )

    def _on_department_added(self, row: DepartmentRow) -> None:
        self.new_department.clear()
        self.department_result.setText(_("Added {name}.").format(name=row.name))
        self._context.bus.notify(DEPARTMENT_ENTITY)
        self.load_departments()

    def _on_department_refused(self, exc: BaseException) -> None:
        message = getattr(exc, "message", "")
        if message and not isinstance(exc, ValidationErrors):
            self.department_result.setText(message)
        else:
            messages.show_error(self, exc)

    def save_departments(self) -> None:
        """Save the renamed, hidden or shown departments (worker thread)."""
        changes: list[tuple[str, str, bool]] = []
        for number, loaded in enumerate(self._loaded_departments):
            item = self.departments.item(number, 0)
            if item is None:
                continue
            name, active = item.text().strip(), item.checkState() == Qt.CheckState.Checked
            if name != loaded.name or active != loaded.active:
                # a built-in department left as named keeps no name of its own: it shows in each language
                builtin_name = loaded.code in DEPARTMENTS and name == loaded.name
                changes.append((loaded.code, "" if builtin_name else name, active))
        if not changes:
            self.department_result.setText(_("Nothing to save."))
            return
        actor, complaints = self._context.require_actor(), self._context.services.complaints

        def job() -> int:
            for code, name, active in changes:
                complaints.save_department(actor=actor, code=code, name=name, active=active)
            return len(changes)

        self._context.runner.submit(
            job,
            self._on_departments_saved,
            self._on_department_refused,
            owner=self,
        )

    def _on_departments_saved(self, count: int) -> None:
        self.department_result.setText(_("Saved {n} departments.").format(n=count))
        self._context.bus.notify(DEPARTMENT_ENTITY)
        self.load_departments()


class _SheetProblems(Exception):
    """A sheet's rules refused: the core's errors and the lines naming the sheet's rows."""

    def __init__(self, errors: ValidationErrors, lines: list[str]) -> None:
        super().__init__("\n".join(lines))
        self.errors = errors
        self.lines = lines
