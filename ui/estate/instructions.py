"""Add a standing instruction about a unit, or end one (it stays in the unit's history)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import timedelta

from PySide6.QtWidgets import QCheckBox, QComboBox, QLineEdit, QWidget

from frontdesk.clock import local_today
from frontdesk.errors import ValidationError
from frontdesk.estate.rows import InstructionRow, UnitRow
from frontdesk.i18n import _
from ui.estate.form import FormDialog, date_edit, hint, pydate, qdate
from ui.kit.context import AppContext


def describe(instruction: InstructionRow) -> str:
    """An instruction in a chooser: its text and, when it has one, its last day."""
    if instruction.until is None:
        return instruction.text
    return instruction.text + _(" (until {date})").format(date=instruction.until.isoformat())


class InstructionDialog(FormDialog):
    """A standing instruction: the text the desk sees beside every form, in force until ended or a day."""

    def __init__(self, context: AppContext, unit: UnitRow, parent: QWidget | None = None) -> None:
        super().__init__(context, _("Add standing instruction · {unit}").format(unit=unit.code), parent)
        self.unit = unit
        self.text = QLineEdit()
        self.text.setMaxLength(1000)
        self.text.setPlaceholderText(_("e.g. Owner abroad until March: call before releasing any goods"))
        self.limited = QCheckBox(_("In force &until"))
        self.until = date_edit(local_today() + timedelta(days=30))
        self.until.setMinimumDate(qdate(local_today()))
        self.until.setEnabled(False)
        self.limited.toggled.connect(self.until.setEnabled)
        self.add_field(_("&Instruction"), "text", self.text)
        self.form.addRow(self.limited, self.errors.wrap("until", self.until))
        self.form.addRow(hint(_("Shown in red on the unit panel beside every form until it ends.")))
        self.setMinimumWidth(520)

    def _job(self) -> Callable[[], object]:
        actor, estate, unit_id, client_id = (
            self._context.require_actor(),
            self._context.services.estate,
            self.unit.id,
            self.client_id,
        )
        text, until = self.text.text(), pydate(self.until.date()) if self.limited.isChecked() else None
        return lambda: estate.add_instruction(
            actor=actor, unit_id=unit_id, text=text, until=until, client_id=client_id
        )


class EndInstructionDialog(FormDialog):
    """End one of the unit's instructions in force, on a chosen last day (yesterday: no longer today)."""

    def __init__(
        self,
        context: AppContext,
        unit: UnitRow,
        instructions: Sequence[InstructionRow],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(context, _("End standing instruction · {unit}").format(unit=unit.code), parent)
        self.instructions = {i.id: i for i in instructions}
        self.which = QComboBox()
        for instruction in instructions:
            self.which.addItem(describe(instruction), instruction.id)
        yesterday = local_today() - timedelta(days=1)
        self.last_day = date_edit(yesterday)
        self.last_day.setMinimumDate(qdate(yesterday))
        self.add_field(_("&Instruction"), "instruction", self.which)
        self.add_field(_("&Last day in force"), "last_day", self.last_day)
        self.form.addRow(
            hint(_("Yesterday ends it now; a later day ends it then. It stays in the unit's history."))
        )
        self.setMinimumWidth(520)

    def _job(self) -> Callable[[], object]:
        chosen = self.instructions.get(self.which.currentData())
        if chosen is None:
            raise ValidationError("instruction", _("The unit has no instruction in force."))
        actor, estate, day = (
            self._context.require_actor(),
            self._context.services.estate,
            pydate(self.last_day.date()),
        )
        return lambda: estate.end_instruction(
            actor=actor, instruction_id=chosen.id, version=chosen.version, last_day=day
        )
