"""Add or edit an owner or tenant of a unit, and record that one moved out (they stay in its history)."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtWidgets import QCheckBox, QComboBox, QLineEdit, QWidget

from frontdesk.clock import local_today
from frontdesk.errors import ValidationError
from frontdesk.estate.kinds import ResidentKind, UnitStatus, label
from frontdesk.estate.rows import ResidentDetail, ResidentRow, ResidentSaved, UnitRow
from frontdesk.i18n import N_, _
from frontdesk.identity import DocumentType
from ui.estate.form import FormDialog, date_edit, hint, pydate, qdate
from ui.kit import messages
from ui.kit.context import AppContext

ID_TYPES: dict[DocumentType, str] = {
    DocumentType.MAINLAND_ID: N_("Resident ID card (mainland)"),
    DocumentType.HK_ID: N_("Hong Kong ID card"),
    DocumentType.TW_ID: N_("Taiwan ID card"),
    DocumentType.HK_MO_PERMIT: N_("Permit for Hong Kong / Macao residents"),
    DocumentType.TW_PERMIT: N_("Permit for Taiwan residents"),
    DocumentType.PASSPORT: N_("Passport"),
    DocumentType.OTHER: N_("Other document"),
}


def describe(resident: ResidentRow) -> str:
    """A resident in a chooser: kind, name and masked phone."""
    text = _("{kind}: {name}").format(kind=label(resident.kind), name=resident.name)
    return text + (f" · {resident.phone_masked}" if resident.phone_masked else "")


def chooser(residents: Sequence[ResidentRow], chosen: int | None) -> QComboBox:
    """A list of the unit's residents with ``chosen`` selected."""
    box = QComboBox()
    for resident in residents:
        box.addItem(describe(resident), resident.id)
    box.setCurrentIndex(max(0, box.findData(chosen)))
    return box


class ResidentDialog(FormDialog):
    """Add a resident to a unit, or edit one of its residents (the ID shown masked; typing replaces it)."""

    def __init__(
        self,
        context: AppContext,
        unit: UnitRow,
        residents: Sequence[ResidentRow] = (),
        resident_id: int | None = None,
        parent: QWidget | None = None,
    ) -> None:
        editing = resident_id is not None
        title = _("Edit resident · {unit}") if editing else _("Add resident · {unit}")
        super().__init__(context, title.format(unit=unit.code), parent)
        self.unit = unit
        self.current: ResidentDetail | None = None
        self.who = chooser(residents, resident_id) if editing else None
        self.kind = QComboBox()
        for kind in ResidentKind:
            self.kind.addItem(label(kind), kind.value)
        self.name = QLineEdit()
        self.name.setMaxLength(80)
        self.phone = QLineEdit()
        self.phone.setPlaceholderText(_("e.g. 138 1234 5678"))
        self.id_type = QComboBox()
        for doc_type, text in ID_TYPES.items():
            self.id_type.addItem(_(text), doc_type.value)
        self.id_number = QLineEdit()
        self.id_number.setToolTip(_("Checked, then kept masked: only the last digits stay readable"))
        self.moved_in = QCheckBox(_("Moved &in on"))
        self.move_in = date_edit(local_today())
        self.move_in.setEnabled(False)
        self.moved_in.toggled.connect(self.move_in.setEnabled)
        self.remarks = QLineEdit()
        # adding someone to a vacant unit usually means it is lived in now (the monthly fees follow it)
        self.occupy = QCheckBox(_("Mar&k {unit} occupied").format(unit=unit.code))
        self.occupy.setChecked(True)
        self.offer_occupy = not editing and unit.status is UnitStatus.VACANT
        if self.who is not None:
            self.add_field(_("&Resident"), "resident", self.who)
            self.who.currentIndexChanged.connect(self._load)
        self.add_field(_("&Owner or tenant"), "kind", self.kind)
        self.add_field(_("&Name"), "name", self.name)
        self.add_field(_("&Phone"), "phone", self.phone)
        self.add_field(_("ID &document"), "id_type", self.id_type)
        self.add_field(_("ID n&umber"), "id_number", self.id_number)
        self.form.addRow(self.moved_in, self.errors.wrap("move_in", self.move_in))
        self.add_field(_("Re&marks"), "remarks", self.remarks)
        if self.offer_occupy:
            self.form.addRow("", self.occupy)
        self.setMinimumWidth(460)
        if self.who is not None:
            self.form.addRow(hint(_("Leave the ID number empty to keep the one on record.")))
            self._load()
        else:
            self.id_number.setPlaceholderText(_("Optional"))
            self.name.setFocus()

    def _load(self) -> None:
        """Fill the form with the chosen resident (full phone number: the clerk is editing it)."""
        assert self.who is not None
        resident_id, actor, estate = (
            self.who.currentData(),
            self._context.require_actor(),
            self._context.services.estate,
        )
        if resident_id is not None:
            self._context.runner.submit(
                lambda: estate.resident(actor=actor, resident_id=int(resident_id)),
                self._on_loaded,
                owner=self,
            )

    def _on_loaded(self, detail: ResidentDetail) -> None:
        self.current, row = detail, detail.row
        self.kind.setCurrentIndex(self.kind.findData(row.kind.value))
        self.name.setText(row.name)
        self.phone.setText(detail.phone)
        self.id_type.setCurrentIndex(max(0, self.id_type.findData(row.id_type)))
        self.id_number.clear()
        self.id_number.setPlaceholderText(
            _("On record: {masked} — type to replace").format(masked=row.id_number_masked)
            if row.id_number_masked
            else _("Optional")
        )
        self.moved_in.setChecked(row.move_in is not None)
        if row.move_in is not None:
            self.move_in.setDate(qdate(row.move_in))
        self.remarks.setText(row.remarks)
        self.errors.clear()

    def _job(self) -> Callable[[], object]:
        actor, estate = self._context.require_actor(), self._context.services.estate
        kind, name, phone = str(self.kind.currentData()), self.name.text(), self.phone.text()
        id_type, id_number = str(self.id_type.currentData()), self.id_number.text().strip()
        move_in = pydate(self.move_in.date()) if self.moved_in.isChecked() else None
        remarks, client_id, unit_id = self.remarks.text(), self.client_id, self.unit.id
        occupy = self.offer_occupy and self.occupy.isChecked()
        if self.who is None:
            return lambda: estate.add_resident(
                actor=actor,
                unit_id=unit_id,
                kind=kind,
                name=name,
                phone=phone,
                id_type=id_type if id_number else None,
                id_number=id_number or None,
                move_in=move_in,
                remarks=remarks,
                occupy=occupy,
                client_id=client_id,
            )
        current = self.current
        if current is None:
            raise ValidationError("resident", _("Choose the resident to edit."))
        type_changed = bool(current.row.id_number_masked) and id_type != current.row.id_type
        return lambda: estate.update_resident(
            actor=actor,
            resident_id=current.row.id,
            version=current.row.version,
            kind=kind,
            name=name,
            phone=phone,
            id_type=id_type if id_number or type_changed else None,
            id_number=id_number or None,
            move_in=move_in,
            remarks=remarks,
        )

    def _on_saved(self, result: object) -> None:
        super()._on_saved(result)
        if isinstance(result, ResidentSaved) and result.warnings:
            messages.inform(self.parentWidget(), "\n".join(result.warnings))


class MoveOutDialog(FormDialog):
    """Record the day a resident moved out; they stay in the unit's history."""

    def __init__(
        self,
        context: AppContext,
        unit: UnitRow,
        residents: Sequence[ResidentRow],
        resident_id: int | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(context, _("Move out · {unit}").format(unit=unit.code), parent)
        self.residents = {r.id: r for r in residents}
        self.who = chooser(residents, resident_id)
        self.day = date_edit(local_today())
        self.day.setMaximumDate(qdate(local_today()))
        self.add_field(_("&Resident"), "resident", self.who)
        self.add_field(_("Moved &out on"), "move_out", self.day)
        self.vacate = QCheckBox(
            _("Mar&k {unit} vacant when nobody lives there any more").format(unit=unit.code)
        )
        self.vacate.setChecked(True)
        self.offer_vacate = unit.status is UnitStatus.OCCUPIED
        if self.offer_vacate:
            self.form.addRow("", self.vacate)
        self.form.addRow(hint(_("They stay in the unit's history and in the audit trail.")))
        self.setMinimumWidth(420)

    def _job(self) -> Callable[[], object]:
        resident = self.residents.get(self.who.currentData())
        if resident is None:
            raise ValidationError("resident", _("Choose the resident who moved out."))
        actor, estate, day = (
            self._context.require_actor(),
            self._context.services.estate,
            pydate(self.day.date()),
        )
        vacate = self.offer_vacate and self.vacate.isChecked()
        return lambda: estate.move_out(
            actor=actor, resident_id=resident.id, version=resident.version, on=day, vacate=vacate
        )
