"""The utility tariffs at the desk: per kind (water, electricity, gas), from a month on.

``TariffsView(context)`` is one tab of the Utilities page: each tariff with its kind, first month,
whether it is in force, and its steps in words ("0–2,760 kWh/year ¥0.4883 · 2,761–4,800 ¥0.5383 ·
above 4,800 ¥0.7883"). A new tariff from a month is set in :class:`TariffDialog` (administrators
only: prices are office settings, and the core checks it); tariffs come in from and go out to the
workbook the command line reads. Changes are announced on the change bus as ``tariff``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from decimal import Decimal, InvalidOperation

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from frontdesk.auth import Permission
from frontdesk.clock import local_today, month_of
from frontdesk.errors import ValidationError
from frontdesk.i18n import N_, _, ngettext
from frontdesk.utilities.kinds import MeterKind, TierPeriod, label, usage_unit
from frontdesk.utilities.rows import TariffRow, TariffStepInput
from frontdesk.utilities.tariffs import MAX_STEPS, TariffInput
from ui.kit.context import AppContext
from ui.kit.form_dialog import FormDialog
from ui.kit.forms import hint, month_field
from ui.kit.table_model import Column, Index, RowTableModel, sorting_proxy
from ui.utilities.sheet_files import SheetFiles

ENTITY = "tariff"  # announced on the change bus when tariffs are saved or imported
UPPER, PRICE, ADDON = range(3)  # the steps grid's columns
ADD_STEP, REMOVE_STEP = "Ctrl+Ins", "Ctrl+Del"


def next_month(day: date) -> str:
    """``YYYY-MM`` of the month after ``day``'s."""
    return f"{day.year + 1:04d}-01" if day.month == 12 else f"{day.year:04d}-{day.month + 1:02d}"


def yuan(value: Decimal) -> str:
    """A price as the desk writes it: ¥3.45, ¥0.4883, ¥4.00."""
    shown = value.normalize()
    if shown.as_tuple().exponent > -2:  # type: ignore[operator]  # an int for a finite price
        shown = value.quantize(Decimal("0.01"))
    return f"¥{shown:f}"


def _price(step: TariffStepInput) -> str:
    text = yuan(step.price)
    if step.addon:
        text += " " + _("+ {addon} add-on").format(addon=yuan(step.addon))
    return text


def tariff_words(kind: MeterKind, period: TierPeriod, steps: Sequence[TariffStepInput]) -> str:
    """The tariff in words: "¥3.45 per m³ + ¥0.95 add-on", or its tiers with the period's unit."""
    unit = usage_unit(kind)
    if len(steps) == 1:
        flat = _("{price} per {unit}").format(price=yuan(steps[0].price), unit=unit)
        return flat + (
            " " + _("+ {addon} add-on").format(addon=yuan(steps[0].addon)) if steps[0].addon else ""
        )
    per = _("{unit}/month") if period is TierPeriod.MONTH else _("{unit}/year")
    parts, lower = [], 0
    for index, step in enumerate(steps):
        if step.upper is None:
            span = _("above {low}").format(low=f"{lower:,}")
        else:
            span = f"{(lower + 1 if index else 0):,}–{step.upper:,}"
        if index == 0:
            span += " " + per.format(unit=unit)
        parts.append(f"{span} {_price(step)}")
        lower = step.upper if step.upper is not None else lower
    return " · ".join(parts)


def describe(row: TariffRow) -> str:
    """A saved tariff in words."""
    return tariff_words(row.kind, row.period, row.steps)


def kind_of_tiers(row: TariffRow) -> str:
    """Flat, monthly tiers or annual cumulative tiers."""
    return _("Flat") if len(row.steps) == 1 else label(row.period)


def in_force(rows: Sequence[TariffRow], month: str) -> set[tuple[MeterKind, str]]:
    """The (kind, first month) of each kind's tariff in force in ``month``."""
    found: dict[MeterKind, str] = {}
    for row in rows:
        if row.from_month <= month and row.from_month > found.get(row.kind, ""):
            found[row.kind] = row.from_month
    return set(found.items())


class TariffModel(RowTableModel[TariffRow]):
    """The tariffs, with whether each is in force this month."""

    def __init__(self, parent: QObject | None = None) -> None:
        self.current: set[tuple[MeterKind, str]] = set()
        self.month = month_of(local_today())
        columns: list[Column[TariffRow]] = [
            Column(N_("Kind"), lambda r: label(r.kind)),
            Column(N_("From month"), lambda r: r.from_month),
            Column(N_("Status"), self._state, colour=lambda r: "#1b6e2a" if self._is_current(r) else None),
            Column(N_("Tiers"), kind_of_tiers),
            Column(N_("Prices"), describe, tooltip=describe),
        ]
        super().__init__(columns, parent=parent)

    def _is_current(self, row: TariffRow) -> bool:
        return (row.kind, row.from_month) in self.current

    def _state(self, row: TariffRow) -> str:
        if self._is_current(row):
            return _("In force")
        return _("Coming") if row.from_month > self.month else _("Replaced")

    def show(self, rows: Sequence[TariffRow]) -> None:
        """The tariffs, latest first within each kind."""
        self.month = month_of(local_today())
        self.current = in_force(rows, self.month)
        order = {k: n for n, k in enumerate(MeterKind)}
        latest_first = sorted(rows, key=lambda r: r.from_month, reverse=True)
        self.set_rows(sorted(latest_first, key=lambda r: order[r.kind]))


class _StepKeys(QObject):
    """Lets the step keys (Ctrl+Ins, Ctrl+Del) through to the dialog from the grid and a cell being
    typed, which would otherwise take Ctrl+Ins as Copy."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Refuse the keys' shortcut override, so the dialog's shortcuts get them."""
        if event.type() == QEvent.Type.ShortcutOverride and isinstance(event, QKeyEvent):
            pressed = QKeySequence(event.keyCombination())
            if pressed in (QKeySequence(ADD_STEP), QKeySequence(REMOVE_STEP)):
                return True
        return False


class _StepDelegate(QStyledItemDelegate):
    """A cell's editor, letting the step keys through."""

    def __init__(self, keys: _StepKeys, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._keys = keys

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:
        """The usual editor, with the step keys let through."""
        editor = super().createEditor(parent, option, index)
        editor.installEventFilter(self._keys)
        return editor


class StepsGrid(QTableWidget):
    """The steps of a tariff: upper bound, price, add-on. Tab walks the cells and leaves the grid
    after the last one (Shift+Tab before the first); typing in a cell replaces it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(0, 3, parent)
        self._keys = _StepKeys(self)
        self.installEventFilter(self._keys)
        self.setItemDelegate(_StepDelegate(self._keys, self))
        self.setHorizontalHeaderLabels([_("Upper bound"), _("Price (yuan)"), _("Add-on (yuan)")])
        self.setTabKeyNavigation(True)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)

    def focusNextPrevChild(self, next_: bool) -> bool:
        """Tab past the last cell (Shift+Tab before the first) leaves the grid."""
        row, column = self.currentRow(), self.currentColumn()
        last = row == self.rowCount() - 1 and column == self.columnCount() - 1
        first = row <= 0 and column <= 0
        if self.state() != QAbstractItemView.State.EditingState and (
            (next_ and last) or (not next_ and first)
        ):
            return QWidget.focusNextPrevChild(self, next_)
        return super().focusNextPrevChild(next_)

    def add_step(self, values: tuple[str, str, str] = ("", "", "")) -> None:
        """A step at the end (before the one without a limit, typed last), the cursor in it."""
        row = self.rowCount()
        self.insertRow(row)
        for column, text in enumerate(values):
            self.setItem(row, column, QTableWidgetItem(text))
        self.setCurrentCell(row, 0)

    def remove_step(self) -> None:
        """Remove the step under the cursor (a tariff keeps at least one)."""
        row = self.currentRow()
        if self.rowCount() > 1 and row >= 0:
            self.removeRow(row)
            self.setCurrentCell(min(row, self.rowCount() - 1), 0)

    def text(self, row: int, column: int) -> str:
        """A cell's text, trimmed."""
        item = self.item(row, column)
        return item.text().strip() if item is not None else ""

    def fit_rows(self, shown: int = 4) -> None:
        """Tall enough for ``shown`` steps without scrolling."""
        height = (
            self.horizontalHeader().sizeHint().height() + shown * self.verticalHeader().defaultSectionSize()
        )
        self.setMinimumHeight(height + 2 * self.frameWidth())


def _number(text: str) -> str:
    """A typed number without thousands separators and full-width digits made plain."""
    import unicodedata

    return unicodedata.normalize("NFKC", text).replace(",", "").replace(" ", "").strip()


def read_steps(grid: StepsGrid) -> tuple[TariffStepInput, ...]:
    """The grid's steps.

    Raises:
        ValidationError: ``steps.N.upper|price|addon`` for a cell that is not a number.
    """
    steps = []
    for row in range(grid.rowCount()):
        upper_text, price_text, addon_text = (_number(grid.text(row, c)) for c in (UPPER, PRICE, ADDON))
        if not (upper_text or price_text or addon_text) and grid.rowCount() > 1:
            continue  # an empty step added and left
        if upper_text and not upper_text.isdecimal():
            raise ValidationError(
                f"steps.{row}.upper",
                _("Type the upper bound as a whole number, or leave it empty for no limit."),
            )
        prices = []
        for field, text in (("price", price_text), ("addon", addon_text or "0")):
            try:
                prices.append(Decimal(text))
            except InvalidOperation:
                raise ValidationError(
                    f"steps.{row}.{field}", _("Type the price in yuan, e.g. 0.68.")
                ) from None
        steps.append(TariffStepInput(int(upper_text) if upper_text else None, prices[0], prices[1]))
    return tuple(steps)


class TariffDialog(FormDialog):
    """A kind's tariff from a month on: flat (one step) or tiers, monthly or annual cumulative; each
    step's upper bound, price and add-on in a small grid (Ctrl+Ins adds a step, Ctrl+Del removes one).
    The tariff in words is shown as it is typed."""

    entity = ENTITY

    def __init__(
        self, context: AppContext, base: TariffRow | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(context, _("New tariff"), parent)
        self.kind = QComboBox()
        for kind in MeterKind:
            self.kind.addItem(label(kind), kind.value)
        self.month = month_field(next_month(local_today()))
        self.period = QComboBox()
        for period in TierPeriod:
            self.period.addItem(label(period), period.value)
        self.steps = StepsGrid()
        self.steps.setToolTip(
            _("The last step has no upper bound. {add} adds a step, {remove} removes one.").format(
                add=ADD_STEP, remove=REMOVE_STEP
            )
        )
        self.steps.fit_rows()
        self.words = QLabel()
        self.words.setWordWrap(True)
        self.words.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.add_button = QPushButton(_("&Add step ({key})").format(key=ADD_STEP))
        self.remove_button = QPushButton(_("Re&move step ({key})").format(key=REMOVE_STEP))
        for button in (self.add_button, self.remove_button):
            button.setAutoDefault(False)  # Enter saves the tariff
        tools = QWidget()
        row = QHBoxLayout(tools)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.add_button)
        row.addWidget(self.remove_button)
        row.addStretch(1)
        self.add_field(_("&Kind"), "kind", self.kind)
        self.add_field(_("&From month"), "from_month", self.month)
        self.add_field(_("Tier &period"), "period", self.period)
        self.add_field(_("&Steps"), "steps", self.steps)
        self.form.addRow(QLabel(), tools)
        bounds = _("Upper bound: the usage in the tier period. One step is a flat price; the last has none.")
        self.form.addRow(QLabel(), hint(bounds))
        self.form.addRow(_("In words"), self.words)
        self.setMinimumWidth(640)
        self._start_from(base)
        self.add_button.clicked.connect(self.add_step)
        self.remove_button.clicked.connect(self.steps.remove_step)
        QShortcut(QKeySequence(ADD_STEP), self, self.add_step)
        QShortcut(QKeySequence(REMOVE_STEP), self, self.steps.remove_step)
        self.steps.itemChanged.connect(lambda _item: self._show_words())
        self.steps.model().rowsRemoved.connect(lambda *_a: self._show_words())
        self.steps.itemChanged.connect(lambda _item: self.errors.clear("steps"))
        self.kind.currentIndexChanged.connect(lambda _i: self._show_words())
        self.period.currentIndexChanged.connect(lambda _i: self._show_words())
        self.month.installEventFilter(self)
        self._show_words()
        if base is not None:
            self.month.setFocus()  # the kind and its steps are there: the month is what changes

    def _start_from(self, base: TariffRow | None) -> None:
        if base is None:
            self.steps.add_step()
            return
        self.kind.setCurrentIndex(self.kind.findData(base.kind.value))
        self.period.setCurrentIndex(self.period.findData(base.period.value))
        for step in base.steps:
            upper = "" if step.upper is None else str(step.upper)
            addon = "" if not step.addon else f"{step.addon.normalize():f}"
            self.steps.add_step((upper, f"{step.price.normalize():f}", addon))
        self.steps.setCurrentCell(0, 0)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Select the month's text on entering it (typing replaces the suggested month)."""
        if watched is self.month and event.type() == QEvent.Type.FocusIn:
            self.month.selectAll()
        return super().eventFilter(watched, event)

    def add_step(self) -> None:
        """A step at the end, the cursor in its first cell."""
        if self.steps.rowCount() >= MAX_STEPS:
            self.errors.set("steps", _("A tariff has 1 to {n} steps.").format(n=MAX_STEPS))
            return
        self.steps.add_step()
        self.steps.setFocus(Qt.FocusReason.OtherFocusReason)

    def _show_words(self) -> None:
        try:
            steps = read_steps(self.steps)
        except ValidationError:
            steps = ()
        if not steps or any(s.upper is None for s in steps[:-1]) or steps[-1].upper is not None:
            self.words.setText(_("(complete the steps: the last without an upper bound)"))
            return
        kind, period = MeterKind(self.kind.currentData()), TierPeriod(self.period.currentData())
        self.words.setText(tariff_words(kind, period, steps))

    def _job(self) -> Callable[[], TariffRow]:
        tariff = TariffInput(
            str(self.kind.currentData()),
            self.month.text().strip(),
            str(self.period.currentData()),
            read_steps(self.steps),
        )
        actor, utilities = self._context.require_actor(), self._context.services.utilities
        return lambda: utilities.save_tariff(actor=actor, tariff=tariff)

    def _on_failed(self, exc: BaseException) -> None:
        """A step's problem is shown under the grid, naming the step, with the cursor on its cell."""
        if isinstance(exc, ValidationError) and exc.field.startswith("steps."):
            _steps, row, field = [*exc.field.split("."), ""][:3]
            if row.isdigit():
                column = {"upper": UPPER, "price": PRICE, "addon": ADDON}.get(field, PRICE)
                self.errors.set("steps", _("Step {n}: {problem}").format(n=int(row) + 1, problem=exc.message))
                self.steps.setCurrentCell(int(row), column)
                self.adjustSize()
                return
        super()._on_failed(exc)


class TariffsView(QWidget):
    """The "Tariffs" tab: the tariffs of each kind, in words, and their tools."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self.dialog: QDialog | None = None  # the dialog open over the list, if any
        self.sheets = SheetFiles(
            self,
            context,
            "tariffs",
            ENTITY,
            lambda n: ngettext("{n} tariff saved.", "{n} tariffs saved.", n).format(n=n),
        )
        self.shown_kind = QComboBox()
        self.model = TariffModel(self)
        self.proxy = sorting_proxy(self.model, self)
        self.table = QTableView()
        self.admin_note = hint(_("Prices are office settings: only an administrator changes them."))
        self.new_button = QPushButton(_("&New tariff …"))
        self.import_button = QPushButton(_("&Import tariffs …"))
        self.export_button = QPushButton(_("E&xport tariffs …"))
        self._build_ui()
        self._connect_signals()

    def _build_ui(self) -> None:
        self.shown_kind.addItem(_("Every kind"), "")
        for kind in MeterKind:
            self.shown_kind.addItem(label(kind), kind.value)
        self.shown_kind.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.proxy.setFilterKeyColumn(0)
        self.table.setModel(self.proxy)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(True)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        caption = QLabel(_("&Kind"))
        caption.setBuddy(self.shown_kind)
        top = QHBoxLayout()
        top.addWidget(caption)
        top.addWidget(self.shown_kind)
        top.addStretch(1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.new_button)
        buttons.addStretch(1)
        buttons.addWidget(self.import_button)
        buttons.addWidget(self.export_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addWidget(
            hint(
                _("A tariff holds from its month on, until the next one of its kind; a closed month's stays.")
            )
        )
        layout.addWidget(self.admin_note)
        layout.addLayout(buttons)
        self.setTabOrder(self.shown_kind, self.table)

    def _connect_signals(self) -> None:
        self.shown_kind.currentIndexChanged.connect(lambda _i: self._filter())
        self.new_button.clicked.connect(self.new_tariff)
        self.import_button.clicked.connect(self.import_tariffs)
        self.export_button.clicked.connect(lambda: self.sheets.export())
        self._context.bus.subscribe(self, self._on_changed)
        admin = self._context.can(Permission.SETTINGS)
        self.new_button.setEnabled(admin)
        self.import_button.setEnabled(admin)
        self.admin_note.setVisible(not admin)

    def _filter(self) -> None:
        kind = self.shown_kind.currentData()
        self.proxy.setFilterFixedString(label(MeterKind(kind)) if kind else "")

    def activate(self) -> None:
        """The tab was shown: the tariffs afresh."""
        self.reload()

    def reload(self) -> None:
        """Read the tariffs."""
        actor, utilities = self._context.require_actor(), self._context.services.utilities
        self._context.runner.submit(lambda: utilities.tariffs(actor=actor), self._on_rows, owner=self)

    def _on_rows(self, rows: list[TariffRow]) -> None:
        self.model.show(rows)
        self.table.resizeRowsToContents()

    def _on_changed(self, entity: str) -> None:
        if entity == ENTITY:
            self.reload()

    def current_tariff(self) -> TariffRow | None:
        """The tariff the cursor is on."""
        index = self.table.currentIndex()
        return self.model.row(self.proxy.mapToSource(index).row()) if index.isValid() else None

    def new_tariff(self) -> None:
        """The new-tariff dialog, starting from the tariff under the cursor (if any)."""
        if not self.new_button.isEnabled():
            return
        dialog = TariffDialog(self._context, self.current_tariff(), self)
        self.dialog = dialog
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(lambda _result: setattr(self, "dialog", None))
        dialog.open()

    def import_tariffs(self) -> None:
        """Tariffs from a workbook: every row or none; a refused one lists its problems row by row."""
        if self.import_button.isEnabled():
            self.sheets.import_()
