"""The Fees page (F7): the units in arrears with whom to call, billing a month's management fees, export."""

from __future__ import annotations

from itertools import pairwise

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from frontdesk.auth import Permission
from frontdesk.clock import local_today
from frontdesk.estate.arrears_list import ArrearsListRow
from frontdesk.i18n import _, ngettext
from frontdesk.money import fen_to_text, yuan_to_fen
from ui.fees.bill import BillingDialog
from ui.fees.model import ATTENTION, ArrearsFilter, UnitOrder, columns
from ui.kit.context import AppContext
from ui.kit.list_export import export_button, export_view
from ui.kit.pages import Navigator, open_unit
from ui.kit.table_model import RESIZE_ROWS, SORT_ROLE, RowTableModel


class FeesPage(QWidget):
    """Units in arrears (filter, sort, open, export) and monthly management billing."""

    def __init__(self, context: AppContext, navigator: Navigator, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._context, self._navigator = context, navigator
        self.late_fees = False
        self.model: RowTableModel[ArrearsListRow] = RowTableModel(columns(False), parent=self)
        self.filter = ArrearsFilter(self)
        self.filter.setSourceModel(self.model)
        self.proxy = UnitOrder(self)
        self.proxy.setSourceModel(self.filter)
        self.proxy.setSortRole(SORT_ROLE)
        self.table = QTableView()
        self.building = QComboBox()
        self.min_amount = QLineEdit()
        self.min_days = QSpinBox()
        self.summary = QLabel()
        self.bill_button = QPushButton(_("&Bill management fees …"))
        self.refresh_button = QPushButton(_("&Refresh"))
        self.export_button = export_button(self, self.export)
        self.dialog: QWidget | None = None
        self._build_ui()
        self._connect_signals()

    def _build_ui(self) -> None:
        title = QLabel(_("Fees and arrears"))
        title.setObjectName("pageTitle")
        self.building.addItem(_("All buildings"), None)
        self.min_amount.setPlaceholderText(_("e.g. 500"))
        self.min_amount.setMaximumWidth(120)
        self.min_days.setRange(0, 3650)
        self.min_days.setSuffix(_(" days"))
        filters = QHBoxLayout()
        for text, widget in (
            (_("B&uilding"), self.building),
            (_("Owing at least ¥"), self.min_amount),
            (_("&Overdue at least"), self.min_days),
        ):
            caption = QLabel(text)
            caption.setBuddy(widget)
            filters.addWidget(caption)
            filters.addWidget(widget)
        filters.addStretch(1)
        filters.addWidget(self.refresh_button)
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setResizeContentsPrecision(RESIZE_ROWS)  # not every row of a long list
        self.table.horizontalHeader().setStretchLastSection(True)
        self.summary.setObjectName("hint")
        self.bill_button.setVisible(self._context.can(Permission.REGISTRY_EDIT))
        buttons = QHBoxLayout()
        buttons.addWidget(self.summary, 1)
        buttons.addWidget(self.bill_button)
        buttons.addWidget(self.export_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 16, 24, 16)
        layout.addWidget(title)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        order = [self.building, self.min_amount, self.min_days, self.refresh_button, self.table]
        order += [self.bill_button, self.export_button]
        for first, second in pairwise(order):
            QWidget.setTabOrder(first, second)

    def _connect_signals(self) -> None:
        self.building.currentIndexChanged.connect(self._apply_filter)
        self.min_amount.textChanged.connect(self._apply_filter)
        self.min_days.valueChanged.connect(self._apply_filter)
        self.refresh_button.clicked.connect(self.reload)
        self.bill_button.clicked.connect(self.open_billing)
        self.table.doubleClicked.connect(self.open_selected)
        for key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            QShortcut(
                QKeySequence(key), self.table, self.open_selected, context=Qt.ShortcutContext.WidgetShortcut
            )
        self._context.bus.subscribe(self, self._on_bus_changed)

    def activate(self) -> None:
        """Load the buildings and the list (the page was opened)."""
        actor, estate = self._context.require_actor(), self._context.services.estate

        def buildings() -> list[tuple[int, str]]:
            return [
                (b.id, b.name)
                for e in estate.estates(actor=actor)
                for b in estate.buildings(actor=actor, estate_id=e.id)
            ]

        self._context.runner.submit(buildings, self._on_buildings, owner=self)
        self.reload()

    def _on_buildings(self, found: list[tuple[int, str]]) -> None:
        chosen = self.building.currentData()
        self.building.blockSignals(True)
        self.building.clear()
        self.building.addItem(_("All buildings"), None)
        for building_id, name in found:
            self.building.addItem(name, building_id)
        self.building.setCurrentIndex(max(0, self.building.findData(chosen)))
        self.building.blockSignals(False)

    def reload(self) -> None:
        """Load the units in arrears on the worker thread."""
        actor, services = self._context.require_actor(), self._context.services
        self.summary.setText(_("Loading …"))

        def job() -> tuple[list[ArrearsListRow], int]:
            rate = services.settings.get("late_fee_per_day_permyriad")
            return services.estate.arrears_list(actor=actor), rate if isinstance(rate, int) else 0

        self._context.runner.submit(job, self._on_loaded, owner=self)

    def _on_loaded(self, result: tuple[list[ArrearsListRow], int]) -> None:
        rows, rate = result
        self.late_fees = rate > 0
        if self.model.columnCount() != len(columns(self.late_fees)):
            self.model = RowTableModel(columns(self.late_fees), parent=self)
            self.filter.setSourceModel(self.model)
        self.model.set_rows(rows)
        self._show_summary()

    def _apply_filter(self) -> None:
        try:
            min_fen = yuan_to_fen(self.min_amount.text()) if self.min_amount.text().strip() else 0
        except ValueError:
            min_fen = 0
        self.min_amount.setStyleSheet(
            "" if min_fen or not self.min_amount.text().strip() else f"color:{ATTENTION}"
        )
        self.filter.set_filter(self.building.currentData(), min_fen, self.min_days.value())
        self._show_summary()

    def _show_summary(self) -> None:
        shown = [
            self.model.row(self.filter.mapToSource(self.filter.index(n, 0)).row())
            for n in range(self.filter.rowCount())
        ]
        total = sum(r.arrears.arrears_fen for r in shown if r is not None)
        text = ngettext(
            "{n} unit in arrears, ¥{total} in all", "{n} units in arrears, ¥{total} in all", len(shown)
        ).format(n=len(shown), total=fen_to_text(total))
        if self.late_fees:
            late = sum(r.arrears.late_fee_fen for r in shown if r is not None)
            text += _("; late fees ¥{late} (not charged)").format(late=fen_to_text(late))
        self.summary.setText(text)

    def selected(self) -> ArrearsListRow | None:
        """The unit highlighted in the list."""
        index = self.table.currentIndex()
        if not index.isValid():
            return None
        return self.model.row(self.filter.mapToSource(self.proxy.mapToSource(index)).row())

    def open_selected(self) -> None:
        """Open the highlighted unit on the Residents page."""
        row = self.selected()
        if row is None:
            return
        open_unit(self._navigator, row.unit_id)

    def open_billing(self) -> None:
        """Open the billing dialog."""
        dialog = BillingDialog(self._context, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.dialog = dialog
        dialog.open()

    def export(self) -> None:
        """Export the list as shown (masked phones, names: personal data) to Excel."""
        export_view(
            self._context,
            self,
            self.table,
            title=_("Units in arrears on {day}").format(day=local_today().isoformat()),
            file_stem=_("Arrears"),
            what="arrears",
            personal=True,
        )

    def _on_bus_changed(self, entity: str) -> None:
        if entity in ("estate", "setting") and self.isVisible():
            self.reload()
