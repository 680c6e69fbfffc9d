"""The unit dialogs of the Residents page and the account view: a payment, a collection call."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, time

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QLineEdit,
    QWidget,
)

from frontdesk.clock import local_today
from frontdesk.errors import ValidationError
from frontdesk.estate.kinds import CollectionMethod, PaymentMethod, label
from frontdesk.i18n import _
from frontdesk.money import yuan_to_fen
from ui.estate.form import FormDialog, pydate, qdate
from ui.kit.context import AppContext


class _UnitDialog(FormDialog):
    """A form about one unit (payments, collection calls)."""

    def __init__(self, context: AppContext, unit_id: int, title: str, parent: QWidget | None) -> None:
        super().__init__(context, title, parent)
        self.unit_id = unit_id


class PaymentDialog(_UnitDialog):
    """Record a payment: amount in yuan, method, receipt number, date."""

    def __init__(
        self, context: AppContext, unit_id: int, unit_code: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(context, unit_id, _("Record payment · {unit}").format(unit=unit_code), parent)
        self.amount = QLineEdit()
        self.amount.setPlaceholderText(_("e.g. 1280.50"))
        self.amount.setToolTip(_("The amount in yuan, with up to two decimals"))
        self.method = QComboBox()
        for method in PaymentMethod:
            self.method.addItem(label(method), method.value)
        self.receipt = QLineEdit()
        self.paid_on = QDateEdit(qdate(local_today()))
        self.paid_on.setCalendarPopup(True)
        self.paid_on.setDisplayFormat("yyyy-MM-dd")
        self.paid_on.setMaximumDate(qdate(local_today()))
        self.form.addRow(_("&Amount (¥)"), self.errors.wrap("amount_fen", self.amount))
        self.form.addRow(_("&Method"), self.errors.wrap("method", self.method))
        self.form.addRow(_("&Receipt no."), self.errors.wrap("receipt_no", self.receipt))
        self.form.addRow(_("&Date paid"), self.errors.wrap("paid_at", self.paid_on))

    def _job(self) -> Callable[[], object]:
        try:
            amount_fen = yuan_to_fen(self.amount.text())
        except ValueError as exc:
            raise ValidationError("amount_fen", str(exc)) from exc
        day = pydate(self.paid_on.date())
        paid_at = (
            None
            if day >= local_today()
            else datetime.combine(day, time(12)).astimezone(UTC).replace(tzinfo=None)
        )
        actor, estate, unit_id, client_id = (
            self._context.require_actor(),
            self._context.services.estate,
            self.unit_id,
            self.client_id,
        )
        method, receipt_no = str(self.method.currentData()), self.receipt.text().strip()
        return lambda: estate.record_payment(
            actor=actor,
            unit_id=unit_id,
            amount_fen=amount_fen,
            method=method,
            paid_at=paid_at,
            receipt_no=receipt_no,
            client_id=client_id,
        )


class CollectionDialog(_UnitDialog):
    """Log a reminder of arrears: how, what the resident said, the date they promised to pay by."""

    def __init__(
        self, context: AppContext, unit_id: int, unit_code: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(context, unit_id, _("Log collection call · {unit}").format(unit=unit_code), parent)
        self.method = QComboBox()
        for method in CollectionMethod:
            self.method.addItem(label(method), method.value)
        self.said = QLineEdit()
        self.promised = QCheckBox(_("Promised to pay by"))
        self.promised_on = QDateEdit(qdate(local_today()))
        self.promised_on.setCalendarPopup(True)
        self.promised_on.setDisplayFormat("yyyy-MM-dd")
        self.promised_on.setEnabled(False)
        self.promised.toggled.connect(self.promised_on.setEnabled)
        self.form.addRow(_("&Method"), self.errors.wrap("method", self.method))
        self.form.addRow(_("&Resident said"), self.errors.wrap("resident_said", self.said))
        self.form.addRow(self.promised, self.errors.wrap("promised_date", self.promised_on))

    def _job(self) -> Callable[[], object]:
        actor, estate, unit_id, client_id = (
            self._context.require_actor(),
            self._context.services.estate,
            self.unit_id,
            self.client_id,
        )
        method, said = str(self.method.currentData()), self.said.text().strip()
        promised = pydate(self.promised_on.date()) if self.promised.isChecked() else None
        return lambda: estate.log_collection(
            actor=actor,
            unit_id=unit_id,
            method=method,
            resident_said=said,
            promised_date=promised,
            client_id=client_id,
        )
