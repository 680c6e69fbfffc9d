"""Billing a month's management fees for the estate: month, rate per m², due date, a preview, then the run."""

from __future__ import annotations

import unicodedata
from datetime import date
from decimal import Decimal, InvalidOperation

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QDateEdit,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from frontdesk.clock import local_today, month_of
from frontdesk.errors import ValidationError
from frontdesk.estate.billing import BillingResult
from frontdesk.i18n import _, ngettext
from frontdesk.money import fen_to_text
from ui.kit.context import AppContext
from ui.kit.dialog import Dialog
from ui.kit.forms import FieldErrors, month_field

RATE_FIELD = "rate_fen_per_m2"


def rate_fen(text: str) -> Decimal:
    """A rate typed in yuan per m² (``"1.875"``) as exact fen per m² (``Decimal("187.5")``)."""
    cleaned = unicodedata.normalize("NFKC", text).replace("元", "").replace("¥", "").strip()
    try:
        rate = Decimal(cleaned) * 100
    except InvalidOperation:
        rate = Decimal(-1)
    if not rate.is_finite() or rate <= 0:
        raise ValidationError(RATE_FIELD, _("Type the monthly rate in yuan per m², e.g. 1.875."))
    return rate


def result_text(result: BillingResult, *, done: bool) -> str:
    """What a preview or a run says: units charged, their total, units skipped and why."""
    if done:
        head = ngettext(
            "{month}: charged {n} unit, ¥{total} in all.", "{month}: charged {n} units, ¥{total} in all.",
            result.created,
        )  # fmt: skip
    else:
        head = ngettext(
            "{month}: {n} occupied unit will be charged, ¥{total} in all.",
            "{month}: {n} occupied units will be charged, ¥{total} in all.",
            result.created,
        )
    parts = [head.format(month=result.period, n=result.created, total=fen_to_text(result.total_fen))]
    if result.already_billed:
        parts.append(
            ngettext(
                "{n} unit already billed for this month is skipped (nobody is charged twice).",
                "{n} units already billed for this month are skipped (nobody is charged twice).",
                result.already_billed,
            ).format(n=result.already_billed)
        )
    if result.without_area:
        parts.append(
            ngettext(
                "{n} unit without an area is skipped: enter its area on the Residents page.",
                "{n} units without an area are skipped: enter their area on the Residents page.",
                result.without_area,
            ).format(n=result.without_area)
        )
    return "\n".join(parts)


class BillingDialog(Dialog):
    """Bill management fees for a month: Preview first (nothing is written), then Bill."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self.errors = FieldErrors()
        today = local_today()
        self.month = month_field(month_of(today))
        self.rate = QLineEdit()
        self.due = QDateEdit(QDate(today.year, today.month, min(today.day, 15)))
        self.outcome = QLabel(_("Preview first: nothing is charged until you press Bill."))
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.preview_button = QPushButton(_("&Preview"))
        self.bill_button = QPushButton(_("&Bill"))
        self.last: BillingResult | None = None
        self._build_ui()
        self.preview_button.clicked.connect(self.preview)
        self.bill_button.clicked.connect(self.bill)
        self.buttons.rejected.connect(self.reject)
        for field in (self.month, self.rate):
            field.textEdited.connect(self._on_edited)
        self.due.dateChanged.connect(self._on_edited)

    def _build_ui(self) -> None:
        self.setWindowTitle(_("Bill management fees"))
        self.rate.setPlaceholderText(_("e.g. 1.875"))
        self.due.setCalendarPopup(True)
        self.due.setDisplayFormat("yyyy-MM-dd")
        self.outcome.setWordWrap(True)
        self.outcome.setMinimumWidth(420)
        self.buttons.addButton(self.preview_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.buttons.addButton(self.bill_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.bill_button.setEnabled(False)
        self.preview_button.setDefault(True)
        form = QFormLayout()
        form.addRow(_("&Month"), self.errors.wrap("period", self.month))
        form.addRow(_("&Rate (yuan per m² a month)"), self.errors.wrap(RATE_FIELD, self.rate))
        form.addRow(_("&Due on"), self.due)
        hint = QLabel(_("Every occupied unit is charged its area × the rate, rounded half-up to the fen."))
        hint.setObjectName("hint")
        hint.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(hint)
        layout.addWidget(self.outcome)
        layout.addWidget(self.buttons)
        self.rate.setFocus()

    def _inputs(self) -> tuple[str, Decimal, date]:
        due = self.due.date()
        return self.month.text(), rate_fen(self.rate.text()), date(due.year(), due.month(), due.day())

    def _on_edited(self) -> None:
        self.bill_button.setEnabled(False)  # what was previewed no longer matches
        self.preview_button.setDefault(True)

    def preview(self) -> None:
        """Count the units and the total on the worker thread; nothing is written."""
        self.errors.clear()
        actor, estate = self._context.require_actor(), self._context.services.estate
        try:
            month, rate, _due = self._inputs()
        except ValidationError as exc:
            self.errors.show(self, exc)
            return
        self._context.runner.submit(
            lambda: estate.billing_preview(actor=actor, period=month, rate_fen_per_m2=rate),
            self._on_previewed,
            self._on_failed,
            owner=self,
        )

    def _on_previewed(self, result: BillingResult) -> None:
        self.last = result
        self.outcome.setText(result_text(result, done=False))
        self.bill_button.setEnabled(result.created > 0)
        self.bill_button.setDefault(result.created > 0)

    def bill(self) -> None:
        """Charge the month on the worker thread and say what was done."""
        self.errors.clear()
        actor, estate = self._context.require_actor(), self._context.services.estate
        try:
            month, rate, due = self._inputs()
        except ValidationError as exc:
            self.errors.show(self, exc)
            return
        self.bill_button.setEnabled(False)
        self._context.runner.submit(
            lambda: estate.bill_management_fees(
                actor=actor, period=month, rate_fen_per_m2=rate, due_date=due
            ),
            self._on_billed,
            self._on_failed,
            owner=self,
        )

    def _on_billed(self, result: BillingResult) -> None:
        self.last = result
        self.outcome.setText(result_text(result, done=True))
        self._context.bus.notify("estate")

    def _on_failed(self, exc: BaseException) -> None:
        self.errors.show(self, exc)
