"""Add buildings with their units from the generator; edit one unit's floor, area, use, status, remarks."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QComboBox, QLineEdit, QSpinBox, QWidget

from frontdesk.errors import ValidationError
from frontdesk.estate.kinds import UnitStatus, UnitUse, label
from frontdesk.estate.layout import MAX_FLOOR, LayoutSaved
from frontdesk.estate.rows import EstateRow, UnitRow
from frontdesk.i18n import _, ngettext
from ui.estate.form import FormDialog, hint
from ui.estate.layout_form import LayoutForm
from ui.kit import messages
from ui.kit.context import AppContext


class BuildingDialog(FormDialog):
    """Add one or more buildings and all their units (vacant) in one go, after a preview of the codes."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, _("Add buildings and units"), parent)
        self.estate = QComboBox()
        self.layout_form = LayoutForm(self.errors)
        self.add_field(_("&Estate"), "estate_id", self.estate)
        self.form.addRow(self.layout_form)
        self.form.addRow(
            hint(_("The units are made vacant; add residents and fix single units on the Residents page."))
        )
        self.setMinimumWidth(560)
        actor, estate = context.require_actor(), context.services.estate
        context.runner.submit(lambda: estate.estates(actor=actor), self._on_estates_loaded, owner=self)

    def _on_estates_loaded(self, estates: list[EstateRow]) -> None:
        for row in estates:
            if row.active:
                self.estate.addItem(row.name, row.id)
        self.estate.setEnabled(self.estate.count() > 1)
        self.layout_form.buildings.setFocus()

    def _job(self) -> Callable[[], object]:
        if self.estate.currentData() is None:
            raise ValidationError("estate_id", _("This database has no active estate to add buildings to."))
        buildings, layout, area, use = self.layout_form.check()
        actor, estate, client_id = (
            self._context.require_actor(),
            self._context.services.estate,
            self.client_id,
        )
        estate_id = int(self.estate.currentData())
        return lambda: estate.add_buildings(
            actor=actor,
            estate_id=estate_id,
            buildings=buildings,
            layout=layout,
            area_m2=area,
            use=use,
            client_id=client_id,
        )

    def _on_saved(self, result: object) -> None:
        assert isinstance(result, LayoutSaved)
        super()._on_saved(result)
        names = "、".join(b.name for b in result.buildings)
        messages.inform(
            self.parentWidget(),
            ngettext("Added {buildings}: {n} unit.", "Added {buildings}: {n} units.", result.units).format(
                buildings=names, n=result.units
            ),
        )


class UnitEditDialog(FormDialog):
    """Change a unit's floor, area, use, status and remarks; a stale copy is refused ("changed by …")."""

    def __init__(self, context: AppContext, unit: UnitRow, parent: QWidget | None = None) -> None:
        super().__init__(context, _("Edit unit · {unit}").format(unit=unit.code), parent)
        self.unit = unit
        self.floor = QSpinBox()
        self.floor.setRange(-9, MAX_FLOOR)
        self.floor.setValue(unit.floor if unit.floor is not None else 0)
        self.area = QLineEdit(str(unit.area_m2))
        self.use = QComboBox()
        for use in UnitUse:
            self.use.addItem(label(use), use.value)
        self.use.setCurrentIndex(self.use.findData(unit.use.value))
        self.status = QComboBox()
        for status in UnitStatus:
            self.status.addItem(label(status), status.value)
        self.status.setCurrentIndex(self.status.findData(unit.status.value))
        self.remarks = QLineEdit(unit.remarks)
        self.add_field(_("&Floor"), "floor", self.floor)
        self.add_field(_("&Area (m²)"), "area_m2", self.area)
        self.add_field(_("&Use"), "use", self.use)
        self.add_field(_("&Status"), "status", self.status)
        self.add_field(_("&Remarks"), "remarks", self.remarks)
        self.setMinimumWidth(420)

    def _job(self) -> Callable[[], object]:
        actor, estate, unit = self._context.require_actor(), self._context.services.estate, self.unit
        floor, area = self.floor.value(), self.area.text()
        use, status, remarks = (
            str(self.use.currentData()),
            str(self.status.currentData()),
            self.remarks.text(),
        )
        return lambda: estate.update_unit(
            actor=actor,
            unit_id=unit.id,
            version=unit.version,
            floor=floor,
            area_m2=area,
            use=use,
            status=status,
            remarks=remarks,
        )
