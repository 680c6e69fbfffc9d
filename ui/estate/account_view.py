"""A unit's account: its charges and payments with dates, the arrears, payments and voiding with a reason."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from frontdesk.auth import Permission
from frontdesk.clock import to_local
from frontdesk.errors import UserError
from frontdesk.estate.kinds import label
from frontdesk.estate.ledger import (
    ArrearsSummary,
    ChargeRow,
    LedgerPage,
    LedgerPosition,
    NotYetDue,
    PaymentRow,
)
from frontdesk.i18n import N_, _
from frontdesk.money import fen_to_text
from ui.estate.payments import PaymentDialog
from ui.kit import messages
from ui.kit.context import AppContext
from ui.kit.dialog import Dialog
from ui.kit.forms import FieldErrors
from ui.kit.list_export import export_button, export_view
from ui.kit.table_model import RESIZE_ROWS, RIGHT, Column, PagedTableModel
from ui.kit.unit_panel import late_fee_text

ATTENTION = "#b3261e"
MUTED = "#6b6b6b"


@dataclass(frozen=True)
class LedgerLine:
    """One charge or payment as the account table shows it."""

    charge: ChargeRow | None
    payment: PaymentRow | None

    @property
    def day(self) -> date:
        """A charge's due date, a payment's local date."""
        if self.charge is not None:
            return self.charge.due_date
        assert self.payment is not None
        return to_local(self.payment.paid_at).date()

    @property
    def item(self) -> str:
        """What the line is: the charge's kind and text, or the payment's method and receipt."""
        if self.charge is not None:
            return " · ".join(p for p in (label(self.charge.kind), self.charge.description) if p)
        assert self.payment is not None
        receipt = (
            _("receipt {number}").format(number=self.payment.receipt_no) if self.payment.receipt_no else ""
        )
        return " · ".join(p for p in (_("Payment"), label(self.payment.method), receipt) if p)

    @property
    def voided(self) -> bool:
        """True when the line was voided (it no longer counts)."""
        record = self.charge or self.payment
        return record is not None and record.voided

    @property
    def status(self) -> str:
        """The void mark with its reason, or empty."""
        record = self.charge or self.payment
        if record is None or not record.voided:
            return ""
        return _("Voided: {reason}").format(reason=record.void_reason)


def _money(value: object) -> str:
    return fen_to_text(value) if isinstance(value, int) else ""


def _grey(line: LedgerLine) -> str | None:
    return MUTED if line.voided else None


COLUMNS: list[Column[LedgerLine]] = [
    Column(N_("Due / paid on"), lambda line: line.day, colour=_grey),
    Column(N_("Item"), lambda line: line.item, colour=_grey),
    Column(N_("Month"), lambda line: line.charge.period if line.charge else "", colour=_grey),
    Column(N_("Charged"), lambda line: line.charge.amount_fen if line.charge else None, _money, RIGHT, _grey),
    Column(N_("Paid"), lambda line: line.payment.amount_fen if line.payment else None, _money, RIGHT, _grey),
    Column(N_("Status"), lambda line: line.status, colour=_grey),
]


def ledger_line(row: ChargeRow | PaymentRow) -> LedgerLine:
    """A line of the account from the core's charge or payment."""
    return LedgerLine(row, None) if isinstance(row, ChargeRow) else LedgerLine(None, row)


def arrears_text(arrears: ArrearsSummary) -> str:
    """The account in one sentence: owing since when, paid up, or in credit."""
    if arrears.arrears_fen > 0:
        text = _("Owes ¥{amount}; the oldest unpaid charge was due {due} ({days} days ago).").format(
            amount=fen_to_text(arrears.arrears_fen),
            due=arrears.oldest_unpaid_due.isoformat() if arrears.oldest_unpaid_due else "",
            days=arrears.oldest_unpaid_days,
        )
        return text + late_fee_text(arrears)
    if arrears.credit_fen > 0:
        return _("Paid up, ¥{amount} in advance.").format(amount=fen_to_text(arrears.credit_fen))
    return _("Paid up.")


class VoidDialog(Dialog):
    """Void a charge or a payment: the reason is required and recorded; nothing is deleted."""

    def __init__(self, context: AppContext, line: LedgerLine, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._context, self.line = context, line
        self.errors = FieldErrors()
        self.reason = QLineEdit()
        self.reason.setPlaceholderText(_("e.g. entered twice"))
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.void_button = self.buttons.addButton(_("&Void"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        amount = line.charge.amount_fen if line.charge else line.payment.amount_fen if line.payment else 0
        what = QLabel(f"{line.day.isoformat()} · {line.item} · ¥{fen_to_text(amount)}")
        hint = QLabel(
            _("The line stays in the account, marked void with the reason; the audit trail records it.")
        )
        hint.setWordWrap(True)
        form = QFormLayout()
        form.addRow(what)
        form.addRow(_("&Reason"), self.errors.wrap("reason", self.reason))
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(hint)
        layout.addWidget(self.buttons)
        self.setWindowTitle(_("Void a charge") if line.charge else _("Void a payment"))

    def save(self) -> None:
        """Void on the worker thread; a missing reason is said beside the field."""
        self.errors.clear()
        actor, estate, reason = (
            self._context.require_actor(),
            self._context.services.estate,
            self.reason.text(),
        )
        charge, payment = self.line.charge, self.line.payment
        job: Callable[[], object]
        if charge is not None:
            job = lambda: estate.void_charge(  # noqa: E731 - one call, chosen by kind
                actor=actor, charge_id=charge.id, version=charge.version, reason=reason
            )
        else:
            assert payment is not None
            job = lambda: estate.void_payment(  # noqa: E731
                actor=actor, payment_id=payment.id, version=payment.version, reason=reason
            )
        self._context.runner.submit(job, self._on_saved, self._on_failed, owner=self)

    def _on_saved(self, _row: object) -> None:
        self._context.bus.notify("estate")
        self.accept()

    def _on_failed(self, exc: BaseException) -> None:
        self.errors.show(self, exc)


class AccountDialog(Dialog):
    """The unit's ledger with its arrears; record a payment, void a line, export the list.

    The ledger comes a page at a time (``estate.ledger``): the newest lines first, the next page
    as the clerk scrolls to the end, so ten years of an account open as fast as one.
    """

    def __init__(self, context: AppContext, unit_id: int, unit_code: str, parent: QWidget | None = None):
        super().__init__(parent)
        self._context, self.unit_id, self.unit_code = context, unit_id, unit_code
        self.model: PagedTableModel[LedgerLine] = PagedTableModel(COLUMNS, self._fetch_next, parent=self)
        self._next: LedgerPosition | None = None  # where the next page starts
        self._generation = 0  # a page asked for before the latest reload is not shown
        self.table = QTableView()
        self.summary = QLabel()
        self.payment_button = QPushButton(_("Record &payment …"))
        self.void_button = QPushButton(_("&Void …"))
        self.export_button = export_button(self, self.export)
        self.close_button = QPushButton(_("Close"))
        self.dialog: QDialog | None = None
        self._build_ui()
        self._connect_signals()
        self.reload()

    def _build_ui(self) -> None:
        self.setWindowTitle(_("Account · {unit}").format(unit=self.unit_code))
        self.resize(760, 480)
        self.summary.setWordWrap(True)
        self.summary.setObjectName("accountSummary")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setResizeContentsPrecision(RESIZE_ROWS)  # not every row of a long list
        self.table.horizontalHeader().setStretchLastSection(True)
        editing = self._context.can(Permission.REGISTRY_EDIT)
        self.payment_button.setVisible(editing)
        self.void_button.setVisible(editing)
        buttons = QHBoxLayout()
        for button in (self.payment_button, self.void_button, self.export_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)

    def _connect_signals(self) -> None:
        self.payment_button.clicked.connect(self._on_payment_button_clicked)
        self.void_button.clicked.connect(self._on_void_button_clicked)
        self.close_button.clicked.connect(self.accept)
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        self._context.bus.subscribe(self, self._on_bus_changed)
        self._update_buttons()

    def reload(self) -> None:
        """Load the account again from its newest lines (on the worker thread)."""
        self._generation += 1
        self._load(None)

    def _load(self, after: LedgerPosition | None) -> None:
        """One page after ``after`` (the first, with the arrears, when None)."""
        actor, estate, unit_id = self._context.require_actor(), self._context.services.estate, self.unit_id
        generation = self._generation

        def job() -> tuple[int, LedgerPage, tuple[ArrearsSummary, NotYetDue] | None]:
            page = estate.ledger(actor=actor, unit_id=unit_id, after=after)
            if after is not None:
                return generation, page, None
            account = estate.arrears(actor=actor, unit_id=unit_id)
            return generation, page, (account, estate.not_yet_due(actor=actor, unit_id=unit_id))

        self._context.runner.submit(job, self._on_loaded, self._on_page_failed, owner=self)

    def _fetch_next(self) -> None:
        """The table scrolled to its end: the next page."""
        self._load(self._next)

    def _on_loaded(self, result: tuple[int, LedgerPage, tuple[ArrearsSummary, NotYetDue] | None]) -> None:
        generation, page, account = result
        if generation != self._generation:
            return  # the account was reloaded meanwhile
        self._next = page.next
        lines = [ledger_line(row) for row in page.lines]
        self.model.show_page(lines, first=account is not None, more=page.next is not None)
        if account is not None:
            arrears, coming = account
            colour = ATTENTION if arrears.overdue else "inherit"
            mark = "⚠ " if arrears.overdue else ""
            text = escape(arrears_text(arrears))
            if coming.amount_fen > 0 and coming.first_due is not None:  # e.g. a month's utilities just posted
                text += " " + escape(
                    _("Billed, not yet due: ¥{amount} (from {due}).").format(
                        amount=fen_to_text(coming.amount_fen), due=coming.first_due.isoformat()
                    )
                )
            self.summary.setText(f"<b style='color:{colour}'>{mark}{text}</b>")
        self._update_buttons()

    def _on_page_failed(self, exc: BaseException) -> None:
        self.model.page_failed()
        self._on_failed(exc)

    def _on_failed(self, exc: BaseException) -> None:
        if isinstance(exc, UserError):
            self.summary.setText(exc.message)
        else:
            messages.show_error(self, exc)

    def selected(self) -> LedgerLine | None:
        """The line highlighted in the table."""
        rows = self.table.selectionModel().selectedRows()
        return self.model.row(rows[0].row()) if rows else None

    def _update_buttons(self) -> None:
        line = self.selected()
        self.void_button.setEnabled(line is not None and not line.voided)

    def _open(self, dialog: QDialog) -> None:
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.dialog = dialog
        dialog.open()

    def _on_payment_button_clicked(self) -> None:
        self._open(PaymentDialog(self._context, self.unit_id, self.unit_code, self))

    def _on_void_button_clicked(self) -> None:
        line = self.selected()
        if line is not None and not line.voided:
            self._open(VoidDialog(self._context, line, self))

    def export(self) -> None:
        """Export the whole account, as the table shows it, to Excel (the pages not yet shown first)."""
        if self._next is None:
            self._export_shown()
            return
        self._generation += 1  # a page on its way is part of the rest
        actor, estate, unit_id = self._context.require_actor(), self._context.services.estate, self.unit_id
        generation, after = self._generation, self._next

        def job() -> tuple[int, list[ChargeRow | PaymentRow]]:
            rows: list[ChargeRow | PaymentRow] = []
            position: LedgerPosition | None = after
            while position is not None:
                page = estate.ledger(actor=actor, unit_id=unit_id, after=position, limit=1000)
                rows += page.lines
                position = page.next
            return generation, rows

        self._context.runner.submit(job, self._on_rest_loaded, self._on_page_failed, owner=self)

    def _on_rest_loaded(self, result: tuple[int, list[ChargeRow | PaymentRow]]) -> None:
        generation, rows = result
        if generation != self._generation:
            return
        self._next = None
        self.model.show_page([ledger_line(row) for row in rows], first=False, more=False)
        self._export_shown()

    def _export_shown(self) -> None:
        export_view(
            self._context,
            self,
            self.table,
            title=_("Account of {unit}").format(unit=self.unit_code),
            file_stem=_("Account {unit}").format(unit=self.unit_code),
            what="account",
        )

    def _on_bus_changed(self, entity: str) -> None:
        if entity == "estate":
            self.reload()
