"""The small form of each lifecycle step; the order view shows the one that comes next.

Dispatch (to the proposed technician, the reason shown) → sign for → survey → paid: quote →
approve or refuse → start the work → complete (work done, hours, materials, the fee). Each form
reads its fields into the service call it makes; the service checks them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateTimeEdit,
    QLabel,
    QLineEdit,
    QWidget,
)

from frontdesk.auth import Actor
from frontdesk.errors import ValidationError
from frontdesk.i18n import _
from frontdesk.money import fen_to_text
from frontdesk.services import Services
from frontdesk.workorders.rows import MaterialInput, OrderRow, OrderStatus, Proposal, TechnicianRow
from ui.kit.moments import local_qdatetime, utc_of
from ui.kit.steps import StepForm as KitStepForm
from ui.kit.steps import text_box
from ui.workorders.common import BAD, GOOD

Job = Callable[[], OrderRow]


@dataclass(frozen=True)
class StepContext:
    """What a step form is prepared with: the order, the rule's proposal and the technicians."""

    row: OrderRow
    proposal: Proposal | None
    technicians: tuple[TechnicianRow, ...]


class StepForm(KitStepForm):
    """One step's fields; ``job`` reads them into the service call (checks first, on the GUI thread)."""

    def title(self) -> str:
        """The step's name, shown above it."""
        raise NotImplementedError

    def prepare(self, loaded: StepContext) -> None:
        """Made ready for the order (with what was loaded with it)."""

    def job(self, services: Services, actor: Actor, row: OrderRow) -> Job:
        """The service call recording the step (raises ValidationError for a choice not made)."""
        raise NotImplementedError


def _amount(field: str, text: str, message: str) -> Decimal:
    try:
        value = Decimal(text.strip() or "0")
    except InvalidOperation:
        raise ValidationError(field, message) from None
    return value


class DispatchStep(StepForm):
    """Send the order to a technician: the one the office's rule proposes is chosen, its reason shown."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(
            _("The technician the office's rule proposes is chosen: Ctrl+Enter sends the order."), parent
        )
        self.technician = QComboBox()
        self.technician.setPlaceholderText(_("Choose the technician"))
        self.reason = QLabel()
        self.reason.setWordWrap(True)
        self.reason.setTextFormat(Qt.TextFormat.RichText)
        self.add(_("&Technician"), "technician", self.technician)
        self.form.addRow(self.reason)

    def title(self) -> str:
        return _("Dispatch to a technician")

    def prepare(self, loaded: StepContext) -> None:
        self.technician.clear()
        for tech in loaded.technicians:
            if not tech.active:
                continue
            text = _("{name} · {n} open").format(name=tech.name, n=tech.open_orders)
            if not tech.on_duty:
                text += " · " + _("off duty")
            self.technician.addItem(text, tech.id)
        proposal = loaded.proposal
        if proposal is not None and proposal.technician_id is not None:
            self.technician.setCurrentIndex(self.technician.findData(proposal.technician_id))
            colour = GOOD if proposal.skilled else BAD
            self.reason.setText(
                f"<span style='color:{colour}'>"
                + escape(
                    _("Proposed: {name} — {reason}").format(
                        name=proposal.technician_name, reason=proposal.reason
                    )
                )
                + "</span>"
            )
        else:
            self.technician.setCurrentIndex(-1)
            self.reason.setText(
                f"<b style='color:{BAD}'>" + escape(_("Nobody is on duty: choose a technician.")) + "</b>"
            )

    def first_input(self) -> QWidget:
        return self.technician

    def clear(self) -> None:
        super().clear()
        self.technician.setCurrentIndex(-1)

    def job(self, services: Services, actor: Actor, row: OrderRow) -> Job:
        chosen = self.technician.currentData()
        if chosen is None:
            raise ValidationError("technician", _("Choose the technician."))
        technician_id = int(chosen)
        return lambda: services.workorders.dispatch(
            actor=actor, number=row.number, version=row.version, technician_id=technician_id
        )


class SignForStep(StepForm):
    """The technician signed for the slip (now, or when they did)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(_("When the technician signed for the slip; leave it for now."), parent)
        self.signed_at = QDateTimeEdit()
        self.signed_at.setDisplayFormat("yyyy-MM-dd HH:mm")
        self.add(_("Si&gned at"), "signed_at", self.signed_at)
        self._initial = local_qdatetime()

    def title(self) -> str:
        return _("Signed for by the technician")

    def prepare(self, loaded: StepContext) -> None:
        self._initial = local_qdatetime()
        self.signed_at.setDateTime(self._initial)

    def job(self, services: Services, actor: Actor, row: OrderRow) -> Job:
        typed = self.signed_at.dateTime()
        at = None if typed == self._initial else utc_of(typed)
        return lambda: services.workorders.sign_for(
            actor=actor, number=row.number, version=row.version, signed_at=at
        )


class SurveyStep(StepForm):
    """What the technician found on site; whether the owner pays."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(_("What the technician found on site."), parent)
        self.findings = text_box(_("e.g. the pipe under the sink leaks at the joint"))
        self.paid = QCheckBox(_("Pa&id: the owner pays (quoted first)"))
        self.add(_("&Findings"), "findings", self.findings)
        self.form.addRow("", self.errors.wrap("paid", self.paid))

    def title(self) -> str:
        return _("Survey on site")

    def prepare(self, loaded: StepContext) -> None:
        self.paid.setChecked(loaded.row.paid)
        self.paid.setEnabled(loaded.row.unit_id is not None)

    def job(self, services: Services, actor: Actor, row: OrderRow) -> Job:
        findings, paid = self.findings.toPlainText(), self.paid.isChecked()
        return lambda: services.workorders.survey(
            actor=actor, number=row.number, version=row.version, findings=findings, paid=paid
        )


class QuoteStep(StepForm):
    """A paid order's quote: labour and materials, for the supervisor to approve."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(_("The quote for the owner, in yuan; the supervisor approves it."), parent)
        self.labour, self.materials, self.note = QLineEdit(), QLineEdit(), QLineEdit()
        self.labour.setPlaceholderText(_("e.g. 80"))
        self.materials.setPlaceholderText(_("e.g. 35.50"))
        self.add(_("Labo&ur ¥"), "labour", self.labour)
        self.add(_("&Materials ¥"), "materials", self.materials)
        self.add(_("Remar&k"), "note", self.note)

    def title(self) -> str:
        return _("Quote")

    def prepare(self, loaded: StepContext) -> None:
        if loaded.row.status is OrderStatus.REFUSED:
            self.intro.setText(_("The quote was refused: quote again, or cancel the order."))
        else:
            self.intro.setText(_("The quote for the owner, in yuan; the supervisor approves it."))

    def job(self, services: Services, actor: Actor, row: OrderRow) -> Job:
        labour, materials, note = self.labour.text().strip(), self.materials.text().strip(), self.note.text()
        return lambda: services.workorders.quote(
            actor=actor, number=row.number, version=row.version, labour=labour, materials=materials, note=note
        )


class DecideStep(StepForm):
    """The supervisor approves the quote or refuses it (with a reason)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(_("A supervisor approves the quote, or refuses it saying why."), parent)
        self.quoted = QLabel()
        self.decision = QComboBox()
        self.decision.addItem(_("Approve the quote"), True)
        self.decision.addItem(_("Refuse the quote"), False)
        self.note = QLineEdit()
        self.form.addRow(_("Quoted"), self.quoted)
        self.add(_("Dec&ision"), "approve", self.decision)
        self.add(_("Remar&k"), "note", self.note)

    def title(self) -> str:
        return _("Approve or refuse the quote")

    def prepare(self, loaded: StepContext) -> None:
        row = loaded.row
        self.quoted.setText(
            _("¥{total} (labour ¥{labour}, materials ¥{materials})").format(
                total=fen_to_text(row.quote_fen or 0),
                labour=fen_to_text(row.labour_fen or 0),
                materials=fen_to_text(row.materials_fen or 0),
            )
        )
        self.decision.setCurrentIndex(0)

    def clear(self) -> None:
        super().clear()
        self.decision.setCurrentIndex(0)

    def job(self, services: Services, actor: Actor, row: OrderRow) -> Job:
        approve, note = bool(self.decision.currentData()), self.note.text()
        return lambda: services.workorders.decide_quote(
            actor=actor, number=row.number, version=row.version, approve=approve, note=note
        )


class StartStep(StepForm):
    """The work starts."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(_("The technician starts the work: Ctrl+Enter records it."), parent)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # the cursor rests here: Enter records it

    def title(self) -> str:
        return _("Start the work")

    def first_input(self) -> QWidget:
        return self

    def job(self, services: Services, actor: Actor, row: OrderRow) -> Job:
        return lambda: services.workorders.start_work(actor=actor, number=row.number, version=row.version)


def parse_materials(text: str) -> list[MaterialInput]:
    """One material a line: ``name, quantity, unit, amount`` (commas or spaces; the amount in yuan)."""
    found: list[MaterialInput] = []
    for number, line in enumerate(text.splitlines(), start=1):
        parts = [p for p in line.replace("，", ",").replace(",", " ").split() if p]
        if not parts:
            continue
        name, rest = parts[0], parts[1:]
        amount = rest[-1] if rest else "0"
        quantity = rest[0] if len(rest) >= 2 else ""
        unit = rest[1] if len(rest) >= 3 else ""
        _amount("materials", amount, _("Line {n}: the amount is not a number.").format(n=number))
        found.append(MaterialInput(name=name, quantity=quantity, unit=unit, amount=amount))
    return found


class CompleteStep(StepForm):
    """The work is done: what, how long, the materials used and a paid order's fee."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(
            _("The work is done: the callback is scheduled and a paid order's fee charged."), parent
        )
        self.work_done = text_box(_("What was done"))
        self.hours = QLineEdit()
        self.hours.setPlaceholderText(_("e.g. 1.5"))
        self.materials = text_box(_("One a line: name, quantity, unit, amount, e.g. 水龙头 1 个 45"))
        self.fee = QLineEdit()
        self.fee_caption = QLabel(_("&Fee ¥"))
        self.fee_caption.setBuddy(self.fee)
        self.add(_("&Work done"), "work_done", self.work_done)
        self.add(_("&Hours"), "hours", self.hours)
        self.add(_("&Materials"), "materials", self.materials)
        self.form.addRow(self.fee_caption, self.errors.wrap("fee", self.fee))

    def title(self) -> str:
        return _("Complete the work")

    def prepare(self, loaded: StepContext) -> None:
        row = loaded.row
        self.fee_caption.setVisible(row.paid)
        box = self.fee.parentWidget()
        if box is not None:
            box.setVisible(row.paid)
        if row.paid and not self.fee.text():
            self.fee.setPlaceholderText(
                _("the quote: {total}").format(total=fen_to_text(row.quote_fen or 0)) if row.quote_fen else ""
            )

    def job(self, services: Services, actor: Actor, row: OrderRow) -> Job:
        work_done, hours = self.work_done.toPlainText(), self.hours.text().strip()
        materials = parse_materials(self.materials.toPlainText())
        fee_text = self.fee.text().strip()
        fee: str | None = fee_text if row.paid and fee_text else None
        if row.paid and fee is None and row.quote_fen is not None:
            fee = fen_to_text(row.quote_fen).replace(",", "")
        return lambda: services.workorders.complete(
            actor=actor,
            number=row.number,
            version=row.version,
            work_done=work_done,
            hours=hours,
            materials=materials,
            fee=fee,
        )


def next_form(row: OrderRow, forms: dict[str, StepForm]) -> StepForm | None:
    """The form of the step that comes next for ``row`` (None when nothing is left to do here)."""
    status = row.status
    if status is OrderStatus.SURVEYED:
        return forms["quote"] if row.paid else forms["start"]
    return forms.get(
        {
            OrderStatus.CREATED: "dispatch",
            OrderStatus.DISPATCHED: "sign_for",
            OrderStatus.SIGNED_FOR: "survey",
            OrderStatus.QUOTED: "decide",
            OrderStatus.REFUSED: "quote",
            OrderStatus.APPROVED: "start",
            OrderStatus.IN_PROGRESS: "complete",
        }.get(status, "")
    )


def step_forms() -> dict[str, StepForm]:
    """Every step's form, by name."""
    return {
        "dispatch": DispatchStep(),
        "sign_for": SignForStep(),
        "survey": SurveyStep(),
        "quote": QuoteStep(),
        "decide": DecideStep(),
        "start": StartStep(),
        "complete": CompleteStep(),
    }
