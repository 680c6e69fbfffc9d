"""The Residents page's registry actions: buttons, a menu and shortcuts that open the editing dialogs."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDialog, QMenu, QPushButton, QWidget

from frontdesk.auth import Permission
from frontdesk.estate.panel import UnitPanel as PanelData
from frontdesk.i18n import _
from ui.estate.buildings import BuildingDialog, UnitEditDialog
from ui.estate.instructions import EndInstructionDialog, InstructionDialog
from ui.estate.people import MoveOutDialog, ResidentDialog
from ui.kit import messages
from ui.kit.context import AppContext

ADD_RESIDENT_KEY = "Ctrl+N"
ADD_BUILDING_KEY = "Ctrl+Shift+N"
EDIT_UNIT_KEY = "Ctrl+U"
EDIT_RESIDENT_KEY = "Ctrl+Shift+R"
MOVE_OUT_KEY = "Ctrl+Shift+M"
ADD_INSTRUCTION_KEY = "Ctrl+I"
END_INSTRUCTION_KEY = "Ctrl+Shift+I"


def _keys(shortcut: str) -> str:
    return QKeySequence(shortcut).toString(QKeySequence.SequenceFormat.NativeText)


class RegistryActions:
    """Opens the registry dialogs for the unit the page shows; ``page`` provides panel and selection."""

    def __init__(
        self,
        context: AppContext,
        page: QWidget,
        data: Callable[[], PanelData | None],
        chosen_resident: Callable[[], int | None],
        open_dialog: Callable[[QDialog], None],
    ) -> None:
        self._context, self._page = context, page
        self._data, self._chosen_resident, self._open = data, chosen_resident, open_dialog
        self.add_building = self._action(_("Add &building …"), ADD_BUILDING_KEY, self._on_add_building)
        self.add_resident = self._action(_("Add &resident …"), ADD_RESIDENT_KEY, self._on_add_resident)
        self.edit_resident = self._action(_("&Edit resident …"), EDIT_RESIDENT_KEY, self._on_edit_resident)
        self.move_out = self._action(_("&Move out …"), MOVE_OUT_KEY, self._on_move_out)
        self.edit_unit = self._action(_("Edit &unit …"), EDIT_UNIT_KEY, self._on_edit_unit)
        self.add_instruction = self._action(
            _("Add &instruction …"), ADD_INSTRUCTION_KEY, self._on_add_instruction
        )
        self.end_instruction = self._action(
            _("E&nd instruction …"), END_INSTRUCTION_KEY, self._on_end_instruction
        )
        self.building_button = self._button(self.add_building)
        self.resident_button = self._button(self.add_resident)
        self.menu = QMenu(page)
        for action in (self.edit_resident, self.move_out, self.edit_unit):
            self.menu.addAction(action)
        self.menu.addSeparator()
        self.menu.addAction(self.add_instruction)
        self.menu.addAction(self.end_instruction)
        self.menu_button = QPushButton(_("C&hange"))
        self.menu_button.setToolTip(_("Edit the unit or a resident, move out, standing instructions"))
        self.menu_button.setMenu(self.menu)
        allowed = context.can(Permission.REGISTRY_EDIT)
        for widget in (self.building_button, self.resident_button, self.menu_button):
            widget.setVisible(allowed)
        self.update(False)

    def _action(self, text: str, shortcut: str, slot: Callable[[], None]) -> QAction:
        action = QAction(text, self._page)
        action.setShortcut(QKeySequence(shortcut))
        # only while the Residents page (or a widget on it) has the focus: other pages use the keys too
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        action.setToolTip(f"{text.replace('&', '').rstrip(' …')} ({_keys(shortcut)})")
        action.triggered.connect(slot)
        self._page.addAction(action)
        return action

    @staticmethod
    def _button(action: QAction) -> QPushButton:
        button = QPushButton(f"{action.text()}  {_keys(action.shortcut().toString())}")
        button.setToolTip(action.toolTip())
        button.clicked.connect(action.trigger)
        return button

    def update(self, unit_chosen: bool) -> None:
        """Enable what needs a unit once one is shown; adding buildings needs none."""
        allowed = self._context.can(Permission.REGISTRY_EDIT)
        self.add_building.setEnabled(allowed)
        self.building_button.setEnabled(allowed)
        for action in (
            self.add_resident,
            self.edit_resident,
            self.move_out,
            self.edit_unit,
            self.add_instruction,
            self.end_instruction,
        ):
            action.setEnabled(allowed and unit_chosen)
        self.resident_button.setEnabled(allowed and unit_chosen)
        self.menu_button.setEnabled(allowed and unit_chosen)

    def _on_add_building(self) -> None:
        self._open(BuildingDialog(self._context, self._page))

    def _on_add_resident(self) -> None:
        data = self._data()
        if data is not None:
            self._open(ResidentDialog(self._context, data.unit, parent=self._page))

    def _on_edit_resident(self) -> None:
        data = self._data()
        if data is not None and self._has_residents(data):
            chosen = self._chosen_resident() or data.residents[0].id
            self._open(ResidentDialog(self._context, data.unit, data.residents, chosen, self._page))

    def _on_move_out(self) -> None:
        data = self._data()
        if data is not None and self._has_residents(data):
            chosen = self._chosen_resident()
            self._open(MoveOutDialog(self._context, data.unit, data.residents, chosen, self._page))

    def _on_edit_unit(self) -> None:
        data = self._data()
        if data is not None:
            self._open(UnitEditDialog(self._context, data.unit, self._page))

    def _on_add_instruction(self) -> None:
        data = self._data()
        if data is not None:
            self._open(InstructionDialog(self._context, data.unit, self._page))

    def _on_end_instruction(self) -> None:
        data = self._data()
        if data is None:
            return
        if not data.instructions:
            messages.inform(
                self._page, _("{unit} has no standing instruction in force.").format(unit=data.unit.code)
            )
            return
        self._open(EndInstructionDialog(self._context, data.unit, data.instructions, self._page))

    def _has_residents(self, data: PanelData) -> bool:
        if not data.residents:
            messages.inform(self._page, _("Nobody lives in {unit} now.").format(unit=data.unit.code))
        return bool(data.residents)
