"""The meter register (水电表台账) at the desk: a building's meters, its public areas' too.

``MetersView(context)`` is one tab of the Utilities page: pick a building (or the estate's own
public meters) and read its meters — unit or place, kind, number, multiplier, digits, installed,
initial reading, sharing, active. A meter is added in a dialog (a unit typed by its code, or a
public area with its building and sharing), retired with a reason (never deleted: its readings
stay), and the register comes in from and goes out to the workbook the command line reads. What
reads or writes runs on the worker thread; a change is announced on the change bus as ``meter``.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from frontdesk.auth import Permission
from frontdesk.estate.rows import BuildingRow
from frontdesk.i18n import N_, _, ngettext
from frontdesk.utilities.kinds import label, meter_label
from frontdesk.utilities.rows import MeterRow
from ui.kit.context import AppContext
from ui.kit.forms import hint
from ui.kit.table_model import RIGHT, Column, RowTableModel, sorting_proxy
from ui.kit.window_state import recall, remember
from ui.utilities.meter_dialogs import ENTITY, MeterDialog, RetireDialog, place_of
from ui.utilities.sheet_files import SheetFiles

ESTATE = -1  # the picker's entry for the estate's own public meters (of no building)
BUILDING_KEY = "utilities/building"  # the building last chosen on the utilities page

COLUMNS: list[Column[MeterRow]] = [
    Column(N_("Unit or public area"), place_of),
    Column(N_("Kind"), lambda m: meter_label(m.kind)),
    Column(N_("Meter number"), lambda m: m.number),
    Column(N_("Multiplier"), lambda m: m.multiplier, align=RIGHT),
    Column(N_("Digits"), lambda m: m.digits, align=RIGHT),
    Column(N_("Installed"), lambda m: m.installed_on),
    Column(N_("Initial reading"), lambda m: m.initial_reading, align=RIGHT),
    Column(N_("Sharing"), lambda m: label(m.share) if m.unit_id is None else ""),
    Column(
        N_("Active"),
        lambda m: _("Active") if m.active else _("Retired"),
        colour=lambda m: None if m.active else "#8a8a8a",
    ),
]


class MetersView(QWidget):
    """The "Meters" tab: the building picker, the register and its tools."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self._buildings: list[BuildingRow] = []
        self.dialog: QDialog | None = None  # the dialog open over the register, if any
        self.sheets = SheetFiles(
            self,
            context,
            "meters",
            ENTITY,
            lambda n: ngettext("{n} meter added.", "{n} meters added.", n).format(n=n),
        )
        self.building = QComboBox()
        self.retired = QCheckBox(_("Show &retired"))
        self.count = QLabel()
        self.model: RowTableModel[MeterRow] = RowTableModel(COLUMNS, parent=self)
        self.proxy = sorting_proxy(self.model, self)
        self.table = QTableView()
        self.add_button = QPushButton(_("&New meter …"))
        self.retire_button = QPushButton(_("R&etire …"))
        self.import_button = QPushButton(_("&Import meters …"))
        self.export_button = QPushButton(_("E&xport meters …"))
        self._build_ui()
        self._connect_signals()

    def _build_ui(self) -> None:
        self.building.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.building.setMinimumContentsLength(10)
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.count.setObjectName("hint")
        caption = QLabel(_("&Building"))
        caption.setBuddy(self.building)
        top = QHBoxLayout()
        top.addWidget(caption)
        top.addWidget(self.building)
        top.addSpacing(12)
        top.addWidget(self.retired)
        top.addSpacing(12)
        top.addWidget(self.count, 1)
        buttons = QHBoxLayout()
        for button in (self.add_button, self.retire_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        for button in (self.import_button, self.export_button):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addWidget(hint(_("A retired meter leaves the round; its readings and charges stay.")))
        layout.addLayout(buttons)
        self.setTabOrder(self.building, self.retired)
        self.setTabOrder(self.retired, self.table)

    def _connect_signals(self) -> None:
        self.building.activated.connect(lambda _i: self._on_building_chosen())
        self.retired.toggled.connect(lambda _on: self.reload())
        self.add_button.clicked.connect(self.add_meter)
        self.retire_button.clicked.connect(self.retire_meter)
        self.import_button.clicked.connect(self.import_meters)
        self.export_button.clicked.connect(lambda: self.sheets.export())
        self.table.selectionModel().currentChanged.connect(lambda *_a: self._update_buttons())
        self._context.bus.subscribe(self, self._on_changed)
        self._update_buttons()

    # --- loading ----------------------------------------------------------------------------

    def activate(self) -> None:
        """The tab was shown: the buildings (once), then the chosen building's meters."""
        if self._buildings:
            self.reload()
            return
        actor, estate = self._context.require_actor(), self._context.services.estate

        def buildings() -> list[BuildingRow]:
            return [
                b
                for e in estate.estates(actor=actor)
                for b in estate.buildings(actor=actor, estate_id=e.id)
                if b.active
            ]

        self._context.runner.submit(buildings, self._on_buildings, owner=self)

    def _on_buildings(self, buildings: list[BuildingRow]) -> None:
        self._buildings = buildings
        self.building.clear()
        for b in buildings:
            self.building.addItem(b.name or b.code, b.id)
        self.building.addItem(_("Estate's public areas"), ESTATE)
        remembered = recall(BUILDING_KEY)
        index = self.building.findData(int(remembered)) if remembered.isdigit() else -1
        self.building.setCurrentIndex(max(index, 0))
        self.reload()

    def _on_building_chosen(self) -> None:
        chosen = self.building_id()
        if chosen is not None:
            remember(BUILDING_KEY, str(chosen))
        self.reload()

    def building_id(self) -> int | None:
        """The chosen building (None for the estate's public areas, or before the list is read)."""
        value = self.building.currentData()
        return value if isinstance(value, int) and value != ESTATE else None

    def reload(self) -> None:
        """Read the chosen building's meters (or the estate's public ones) afresh."""
        chosen = self.building.currentData()
        if not isinstance(chosen, int):
            return
        actor, utilities, everything = (
            self._context.require_actor(),
            self._context.services.utilities,
            self.retired.isChecked(),
        )

        def job() -> list[MeterRow]:
            if chosen == ESTATE:
                found = utilities.meters(actor=actor, active_only=not everything)
                return [m for m in found if m.unit_id is None and m.building_id is None]
            return utilities.meters(actor=actor, building_id=chosen, active_only=not everything)

        self._context.runner.submit(job, lambda rows: self._on_rows(chosen, rows), owner=self)

    def _on_rows(self, chosen: int, rows: list[MeterRow]) -> None:
        if chosen != self.building.currentData():
            return  # another building was chosen meanwhile
        current = self.current_meter()
        self.model.set_rows(rows)
        active = sum(1 for m in rows if m.active)
        self.count.setText(ngettext("{n} meter in use", "{n} meters in use", active).format(n=active))
        if current is not None:
            self.select_meter(current.id)
        self._update_buttons()

    def _on_changed(self, entity: str) -> None:
        if entity == ENTITY and self._buildings:
            self.reload()

    # --- the selection ----------------------------------------------------------------------

    def current_meter(self) -> MeterRow | None:
        """The meter the cursor is on."""
        index = self.table.currentIndex()
        return self.model.row(self.proxy.mapToSource(index).row()) if index.isValid() else None

    def select_meter(self, meter_id: int) -> bool:
        """Put the cursor on a meter's row; False when it is not listed."""
        for number, row in enumerate(self.model.rows()):
            if row.id == meter_id:
                self.table.setCurrentIndex(self.proxy.mapFromSource(self.model.index(number, 0)))
                return True
        return False

    def _update_buttons(self) -> None:
        editor = self._context.can(Permission.REGISTRY_EDIT)
        meter = self.current_meter()
        for button in (self.add_button, self.import_button):
            button.setEnabled(editor)
        self.retire_button.setEnabled(editor and meter is not None and meter.active)

    # --- the tools --------------------------------------------------------------------------

    def _open(self, dialog: QDialog, after: Callable[[], None] = lambda: None) -> None:
        self.dialog = dialog
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

        def finished(result: int) -> None:
            self.dialog = None
            if result == QDialog.DialogCode.Accepted:
                after()
            self.table.setFocus(Qt.FocusReason.OtherFocusReason)

        dialog.finished.connect(finished)
        dialog.open()

    def add_meter(self) -> None:
        """The new-meter dialog, for the building being viewed."""
        if not self.add_button.isEnabled():
            return
        estate = self.building.currentData() == ESTATE
        self._open(
            MeterDialog(self._context, self._buildings, self.building_id(), public=estate, parent=self)
        )

    def retire_meter(self) -> None:
        """Retire the meter under the cursor, with a reason."""
        meter = self.current_meter()
        if meter is None or not self.retire_button.isEnabled():
            return
        self._open(RetireDialog(self._context, meter, self))

    def import_meters(self) -> None:
        """Meters from a workbook: every row or none; a refused one lists its problems row by row."""
        if self.import_button.isEnabled():
            self.sheets.import_()
