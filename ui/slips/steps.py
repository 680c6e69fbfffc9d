"""The four steps of the slip form, in the office's order: applicant, unit, goods, confirmation."""

from __future__ import annotations

from PySide6.QtCore import QDate, QDateTime, Qt, QTime
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDateTimeEdit,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from frontdesk.clock import local_today, to_local, utcnow
from frontdesk.i18n import _
from frontdesk.slips.labels import label
from frontdesk.slips.rows import ApplicantKind, ConfirmationAnswer, SlipContext, SlipReason
from ui.kit.context import AppContext
from ui.kit.forms import FieldErrors
from ui.slips.common import ID_TYPES, qdate
from ui.slips.items_grid import ItemsGrid


def desk_now() -> QDateTime:
    """The desk's clock now, as the time of a call just made."""
    now = to_local(utcnow())
    return QDateTime(QDate(now.year, now.month, now.day), QTime(now.hour, now.minute))


def _combo(choices: list[tuple[str, object]]) -> QComboBox:
    box = QComboBox()
    for text, data in choices:
        box.addItem(text, data)
    return box


def _hint(text: str) -> QLabel:
    hint = QLabel(text)
    hint.setObjectName("hint")
    hint.setWordWrap(True)
    return hint


class ApplicantStep(QWidget):
    """① Who applies, and the ID document they show (checked before the form moves on)."""

    def __init__(self, errors: FieldErrors, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.kind = _combo([(label(k), k.value) for k in ApplicantKind])
        self.name = QLineEdit()
        self.name.setPlaceholderText(_("As on the ID document"))
        self.id_type = _combo([(_(text), code) for code, text in ID_TYPES.items()])
        self.id_number = QLineEdit()
        self.id_number.setPlaceholderText(_("The number on the document the applicant shows"))
        self.phone = QLineEdit()
        self.kind.currentIndexChanged.connect(lambda: self.show_phone_on_record(None))
        self.show_phone_on_record(None)
        form = QFormLayout(self)
        form.addRow(_hint(_("Ask for the applicant's ID document and check that the photo matches.")))
        form.addRow(_("Applicant &is"), errors.wrap("applicant_kind", self.kind))
        form.addRow(_("&Name"), errors.wrap("applicant_name", self.name))
        form.addRow(_("ID &document"), errors.wrap("applicant_id_type", self.id_type))
        form.addRow(_("ID n&umber"), errors.wrap("applicant_id", self.id_number))
        form.addRow(_("&Phone"), errors.wrap("applicant_phone", self.phone))

    def show_phone_on_record(self, masked: str | None) -> None:
        """Say what a blank phone means: an owner's or tenant's number on record (``masked``: known)."""
        if self.kind_value() is ApplicantKind.AGENT:
            text = _("e.g. 13800138000")
        elif masked is None:
            text = _("Blank: the resident's number on record")
        elif masked:
            text = _("Blank: the number on record, {phone}").format(phone=masked)
        else:
            text = _("No number on record: type the applicant's phone")
        self.phone.setPlaceholderText(text)

    def kind_value(self) -> ApplicantKind:
        """The chosen kind of applicant."""
        return ApplicantKind(str(self.kind.currentData()))

    def clear(self) -> None:
        """Empty the step."""
        self.kind.setCurrentIndex(0)
        self.id_type.setCurrentIndex(0)
        for edit in (self.name, self.id_number, self.phone):
            edit.clear()
        self.show_phone_on_record(None)


class GoodsStep(QWidget):
    """③ The goods, line by line, why they leave, and until when the slip is valid."""

    def __init__(self, errors: FieldErrors, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.grid = ItemsGrid()
        self.reason = _combo([(label(r), r.value) for r in SlipReason])
        self.reason_note = QLineEdit()
        self.reason_note.setPlaceholderText(_("Required for “Other”"))
        self.valid_until = QDateEdit(qdate(local_today()))
        self.valid_until.setCalendarPopup(True)
        self.valid_until.setDisplayFormat("yyyy-MM-dd")
        form = QFormLayout(self)
        form.addRow(_hint(self.grid.toolTip()))
        form.addRow(errors.wrap("items", self.grid))
        form.addRow(_("&Reason"), errors.wrap("reason", self.reason))
        form.addRow(_("N&ote"), errors.wrap("reason_note", self.reason_note))
        form.addRow(_("&Valid until"), errors.wrap("valid_until", self.valid_until))

    def clear(self) -> None:
        """One empty line, the first reason, valid today."""
        self.grid.items_model.reset()
        self.grid.setCurrentIndex(self.grid.items_model.index(0, 0))
        self.reason.setCurrentIndex(0)
        self.reason_note.clear()
        self.valid_until.setDate(qdate(local_today()))


class ConfirmStep(QWidget):
    """④ Identity confirmed: for an applicant who is not an owner, the call to an owner and the answer."""

    def __init__(self, errors: FieldErrors, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self._unit_id: int | None = None
        self.recap = QLabel()
        self.recap.setWordWrap(True)
        self.recap.setTextFormat(Qt.TextFormat.RichText)
        self.owner = QComboBox()
        # the clerk must read the digits to dial them: shown on request, for this owner, audited
        self.dial_button = QPushButton(_("Show the number to &dial"))
        self.dial_number = QLabel()
        self.dial_number.setObjectName("dialNumber")
        self.dial_number.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.dial_button.clicked.connect(self._on_dial_button_clicked)
        self.owner.currentIndexChanged.connect(self.dial_number.clear)
        self.phone = QLineEdit()
        self._on_record: dict[int, str] = {}  # owner → masked number, for the phone's placeholder
        self.owner.currentIndexChanged.connect(self._show_number_on_record)
        self.called_at = QDateTimeEdit(desk_now())
        self.called_at.setDisplayFormat("yyyy-MM-dd HH:mm")
        self.answer = _combo([(_("— choose what the owner said —"), None)])
        for answer in ConfirmationAnswer:
            self.answer.addItem(label(answer), answer.value)
        self.note = QLineEdit()
        self.call = QWidget()
        form = QFormLayout(self.call)
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow(
            _hint(_("The applicant is not an owner: phone an owner and ask whether the goods may leave."))
        )
        form.addRow(_("&Owner called"), errors.wrap("confirmation_owner", self.owner))
        dial = QHBoxLayout()
        dial.addWidget(self.dial_button)
        dial.addWidget(self.dial_number, 1)
        form.addRow("", dial)
        form.addRow(_("&Number called"), errors.wrap("confirmation_phone", self.phone))
        form.addRow(_("Ca&lled at"), errors.wrap("confirmation_called_at", self.called_at))
        form.addRow(_("Owner's &answer"), errors.wrap("confirmation_answer", self.answer))
        form.addRow(_("No&te"), errors.wrap("confirmation_note", self.note))
        general = QLabel()
        general.setObjectName("fieldError")
        general.setWordWrap(True)
        general.hide()
        errors.attach("confirmation", self.owner, general)
        layout = QVBoxLayout(self)
        layout.addWidget(self.recap)
        layout.addWidget(self.call)
        layout.addWidget(general)
        layout.addStretch(1)

    def _show_number_on_record(self) -> None:
        masked = self._on_record.get(self.owner.currentData(), "")
        self.phone.setPlaceholderText(
            _("Blank: the owner's number on record, {phone}").format(phone=masked)
            if masked
            else _("The number you dialled")
        )

    def _on_dial_button_clicked(self) -> None:
        resident_id, unit_id = self.owner.currentData(), self._unit_id
        if resident_id is None or unit_id is None:
            return
        actor, slips = self._context.require_actor(), self._context.services.slips

        def failed(exc: BaseException) -> None:
            self.dial_number.setText(str(getattr(exc, "message", exc)))

        self._context.runner.submit(
            lambda: slips.number_to_call(actor=actor, unit_id=unit_id, resident_id=resident_id),
            self.dial_number.setText,
            failed,
            owner=self,
        )

    def prepare(self, context: SlipContext, kind: ApplicantKind, recap: str) -> None:
        """Show the recap and, for a non-owner, the call form with the unit's owners."""
        self._unit_id = context.unit_id
        self.dial_number.clear()
        self.recap.setText(recap)
        self.call.setVisible(kind is not ApplicantKind.OWNER)
        current = self.owner.currentData()
        self._on_record = {p.resident_id: p.phone_masked for p in context.owners}
        self.owner.clear()
        for person in context.owners:
            text = f"{person.name} · {person.phone_masked}" if person.phone_masked else person.name
            self.owner.addItem(text, person.resident_id)
        if current is not None and self.owner.findData(current) >= 0:
            self.owner.setCurrentIndex(self.owner.findData(current))
        if not self.phone.text():
            self.called_at.setDateTime(desk_now())

    def clear(self) -> None:
        """Empty the step."""
        self.owner.clear()
        self.dial_number.clear()
        self.phone.clear()
        self.note.clear()
        self.answer.setCurrentIndex(0)
        self.called_at.setDateTime(desk_now())
