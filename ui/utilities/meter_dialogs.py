"""The meter register's dialogs: add a unit's or a public area's meter, retire a meter with a reason.

Both save on the worker thread and stay open and filled when the core refuses, with the message
beside the field concerned. The unit is typed as the office writes it (3-1502) and looked up as
the meter is saved; a number found in several buildings is taken in the building being viewed.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from datetime import date

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QComboBox, QDateEdit, QLabel, QLineEdit, QWidget

from frontdesk.clock import local_today
from frontdesk.errors import ValidationError
from frontdesk.estate.rows import BuildingRow
from frontdesk.estate.search import Resolution
from frontdesk.i18n import _
from frontdesk.utilities.kinds import MeterKind, ShareBasis, label, meter_label
from frontdesk.utilities.rows import MeterInput, MeterRow
from ui.kit.context import AppContext
from ui.kit.form_dialog import FormDialog
from ui.kit.forms import hint

ENTITY = "meter"  # announced on the change bus when a meter is added or retired
UNIT, PUBLIC = "unit", "public"


def whole(field: str, text: str, message: str) -> int:
    """A whole number typed in digits (full-width digits too).

    Raises:
        ValidationError: empty, letters, signs or a decimal point (``message`` under ``field``).
    """
    text = text.strip()
    if not text.isdecimal():
        raise ValidationError(field, message)
    return int(text)


def place_of(meter: MeterRow) -> str:
    """Where a meter is: its unit's code, or its public area (with the building, or the estate)."""
    if meter.unit_id is not None:
        return meter.unit_code
    where = meter.building_code or _("whole estate")
    return f"{meter.place} ({where})"


class MeterDialog(FormDialog):
    """Add a meter: a unit's (typed by its code) or a public area's (building and sharing); its
    kind, number, multiplier, digits, installed date and initial reading."""

    entity = ENTITY

    def __init__(
        self,
        context: AppContext,
        buildings: Sequence[BuildingRow],
        building_id: int | None = None,
        *,
        public: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(context, _("Add a meter"), parent)
        self.client_id = uuid.uuid4()  # made once: a retry of the same form records once
        self._building_id = building_id
        self.serves = QComboBox()
        self.serves.addItem(_("A unit"), UNIT)
        self.serves.addItem(_("A public area"), PUBLIC)
        self.unit = QLineEdit()
        self.unit.setPlaceholderText(_("e.g. 3-1502"))
        self.unit.setToolTip(_("The unit, typed as the office writes it"))
        self.place = QLineEdit()
        self.place.setMaxLength(60)
        self.place.setPlaceholderText(_("e.g. lobby lighting"))
        self.building = QComboBox()
        for b in buildings:
            self.building.addItem(b.name or b.code, b.id)
        self.building.addItem(_("Whole estate"), None)
        found = self.building.findData(building_id) if building_id is not None else -1
        self.building.setCurrentIndex(found if found >= 0 else self.building.count() - 1)
        self.share = QComboBox()
        for basis in (ShareBasis.AREA, ShareBasis.EQUAL, ShareBasis.NONE):
            self.share.addItem(label(basis), basis.value)
        self.kind = QComboBox()
        for kind in MeterKind:
            self.kind.addItem(meter_label(kind), kind.value)
        self.number = QLineEdit()
        self.number.setMaxLength(40)
        self.number.setMinimumWidth(self.number.fontMetrics().horizontalAdvance("M" * 18))
        self.multiplier = QLineEdit("1")
        self.digits = QLineEdit()
        self.digits.setPlaceholderText(_("e.g. 5"))
        self.digits.setToolTip(_("How many digits the dial has: the reading rolls over to 0 after 99999"))
        self.installed = QDateEdit(QDate(*local_today().timetuple()[:3]))
        self.installed.setCalendarPopup(True)
        self.installed.setDisplayFormat("yyyy-MM-dd")
        self.initial = QLineEdit("0")
        self.initial.setToolTip(_("The reading the meter showed when it was installed"))
        self.add_field(_("&Belongs to"), "serves", self.serves)
        self.add_field(_("&Unit"), "unit", self.unit)
        self.add_field(_("&Public area"), "place", self.place)
        self.add_field(_("Buil&ding"), "building", self.building)
        self.add_field(_("S&haring"), "share", self.share)
        self.add_field(_("&Kind"), "kind", self.kind)
        self.add_field(_("Meter &number"), "number", self.number)
        self.add_field(_("&Multiplier"), "multiplier", self.multiplier)
        self.add_field(_("Di&gits"), "digits", self.digits)
        self.add_field(_("&Installed on"), "installed_on", self.installed)
        self.add_field(_("Initial &reading"), "initial_reading", self.initial)
        self.serves.setCurrentIndex(1 if public else 0)
        self.serves.currentIndexChanged.connect(lambda _i: self._show_rows())
        self._show_rows()
        (self.place if public else self.unit).setFocus()  # what is typed first, the list set already

    def public(self) -> bool:
        """True when the meter serves a public area."""
        return bool(self.serves.currentData() == PUBLIC)

    def _show_rows(self) -> None:
        public = self.public()
        self.form.setRowVisible(1, not public)  # the unit
        for row in (2, 3, 4):  # the public area, its building and sharing
            self.form.setRowVisible(row, public)
        self.adjustSize()

    def _job(self) -> Callable[[], MeterRow]:
        number = self.number.text().strip()
        multiplier = whole(
            "multiplier", self.multiplier.text(), _("Type the multiplier as a whole number, e.g. 1.")
        )
        digits = whole("digits", self.digits.text(), _("Type how many digits the dial has, e.g. 5."))
        initial = whole(
            "initial_reading",
            self.initial.text(),
            _("Type the reading in digits only, as the dial shows it."),
        )
        kind = str(self.kind.currentData())
        installed: date = self.installed.date().toPython()  # type: ignore[assignment]  # a date
        actor, services, client_id = self._context.require_actor(), self._context.services, self.client_id
        if self.public():
            place = self.place.text().strip()
            building = self.building.currentData()
            meter = MeterInput(
                kind,
                number,
                digits,
                installed,
                building_id=building if isinstance(building, int) else None,
                place=place,
                multiplier=multiplier,
                initial_reading=initial,
                share=str(self.share.currentData()),
            )
            return lambda: services.utilities.add_meter(actor=actor, meter=meter, client_id=client_id)
        typed = self.unit.text().strip()
        if not typed:
            raise ValidationError("unit", _("Type the unit's number, e.g. 3-1502."))
        viewed = self._building_id

        def job() -> MeterRow:
            found = services.estate.resolve_unit(actor=actor, text=typed)
            unit = found.unit
            if found.status is Resolution.AMBIGUOUS:
                unit = next((u for u in found.candidates if u.building_id == viewed), None)
            if unit is None:
                raise ValidationError("unit", found.message)
            entry = MeterInput(
                kind, number, digits, installed, unit.id, multiplier=multiplier, initial_reading=initial
            )
            return services.utilities.add_meter(actor=actor, meter=entry, client_id=client_id)

        return job


class RetireDialog(FormDialog):
    """Retire a meter (taken off, or its unit merged): it leaves the round, its readings stay."""

    entity = ENTITY

    def __init__(self, context: AppContext, meter: MeterRow, parent: QWidget | None = None) -> None:
        super().__init__(context, _("Retire a meter"), parent)
        self.meter = meter
        what = QLabel(f"{place_of(meter)} · {meter_label(meter.kind)} · {meter.number}")
        what.setObjectName("subtitle")
        self.reason = QLineEdit()
        self.reason.setMaxLength(200)
        self.reason.setPlaceholderText(_("e.g. replaced by a smart meter"))
        self.reason.setMinimumWidth(self.reason.fontMetrics().horizontalAdvance("M" * 28))
        self.form.addRow(_("The meter"), what)
        self.add_field(_("&Reason"), "reason", self.reason)
        self.form.addRow(QLabel(), hint(_("The meter is never deleted: its readings and charges stay.")))

    def _job(self) -> Callable[[], MeterRow]:
        reason = self.reason.text()
        actor, utilities, meter = self._context.require_actor(), self._context.services.utilities, self.meter
        return lambda: utilities.retire_meter(
            actor=actor, meter_id=meter.id, version=meter.version, reason=reason
        )
