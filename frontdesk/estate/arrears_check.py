"""Checking one arrears-sheet row against the registry and the unit's account (see ``arrears_import``)."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date

from frontdesk.estate import arrears_sheet as sheet
from frontdesk.estate.kinds import PERIODIC_CHARGES, ChargeKind, label
from frontdesk.estate.models import Charge, Payment
from frontdesk.estate.residents_check import RowChecker
from frontdesk.estate.residents_sheet import cell_text, header_key, parse_day
from frontdesk.i18n import _
from frontdesk.money import fen_to_text

_NAMESPACE = uuid.UUID("6f1d2c8e-4b7a-5e8f-9c3d-a1b2c3d4e5f6")
_ITEM_LENGTH = 200


@dataclass(frozen=True)
class ArrearsLine:
    """One checked row and what importing it will write."""

    row: int
    unit_id: int
    kind: ChargeKind
    period: str
    item: str
    due_fen: int
    paid_fen: int
    due_date: date
    add_charge: bool  # False: the account already holds this charge
    add_payment: bool  # False: nothing paid, or the payment is already there

    @property
    def key(self) -> str:
        """What identifies the charge: unit, kind, month (and the item of an "other" charge)."""
        item = header_key(self.item) if self.kind is ChargeKind.OTHER else ""
        return f"{self.unit_id}|{self.kind.value}|{self.period}|{item}"

    @property
    def charge_id(self) -> uuid.UUID:
        """The submission id of the imported charge."""
        return uuid.uuid5(_NAMESPACE, f"charge|{self.key}|{self.due_fen}")

    @property
    def payment_id(self) -> uuid.UUID:
        """The submission id of the imported payment."""
        return uuid.uuid5(_NAMESPACE, f"payment|{self.key}|{self.paid_fen}")

    @property
    def receipt_no(self) -> str:
        """The receipt number imported payments of this charge carry (to find them again)."""
        return "IMP-" + uuid.uuid5(_NAMESPACE, self.key).hex[:12].upper()


class ArrearsChecker(RowChecker):
    """Checks arrears rows; reuses the resident checker's unit resolution and error list."""

    def __init__(self, columns: dict[str, str]):
        super().__init__(columns)
        self.keys: set[str] = set()
        self.left_voided = 0

    def check_row(self, number: int, values: Mapping[str, object]) -> ArrearsLine | None:
        before = len(self.errors)
        item = cell_text(values.get("item"))[:_ITEM_LENGTH]
        kind, period = sheet.charge_kind(item), self._period(number, values.get("period"))
        due, paid = self._amounts(number, values)
        if kind in PERIODIC_CHARGES and period == "":
            period = self._month_of_due_date(values.get("due_date"))
        if kind in PERIODIC_CHARGES and period == "":
            self.fail(
                number,
                "period",
                _("{item} needs the month it is for.").format(item=label(kind)),
                _("Write the month, e.g. 2026-03 or 2026年3月."),
            )
            period = None  # the month's problem is reported: no second one about the due date
        due_date = self._due_date(number, values.get("due_date"), period)
        unit = self._unit(number, values)
        if len(self.errors) > before or unit is None or unit[0] is None or period is None:
            return None
        if due is None or paid is None or due_date is None:
            return None
        line = ArrearsLine(number, unit[0], kind, period, item, due, paid, due_date, True, paid > 0)
        if line.key in self.keys:
            self.fail(number, "unit", _("This fee appears twice in the sheet."), _("Delete one of the rows."))
            return None
        self.keys.add(line.key)
        return self._against_account(line)

    def _period(self, number: int, value: object) -> str | None:
        try:
            return sheet.parse_month(value)
        except ValueError:
            self.fail(
                number,
                "period",
                _("“{value}” is not a month.").format(value=cell_text(value)),
                _("Write the month, e.g. 2026-03 or 2026年3月."),
            )
            return None

    @staticmethod
    def _month_of_due_date(value: object) -> str:
        """The month a periodic fee is for, from its due date when the sheet has no month."""
        try:
            return sheet.parse_month(parse_day(value))
        except ValueError:
            return ""  # the due date's own problem is reported by ``_due_date``

    def _fen(self, number: int, fieldname: str, value: object) -> tuple[bool, int | None]:
        try:
            return True, sheet.parse_fen(value)
        except ValueError:
            self.fail(
                number,
                fieldname,
                _("“{value}” is not an amount of money.").format(value=cell_text(value)),
                _("Write the amount in yuan, e.g. 1234.50 (no minus sign)."),
            )
            return False, None

    def _amounts(self, number: int, values: Mapping[str, object]) -> tuple[int | None, int | None]:
        read = [self._fen(number, name, values.get(name)) for name in ("due", "paid", "arrears")]
        if not all(ok for ok, _value in read):
            return None, None
        due, paid, owed = (value for _ok, value in read)
        if due is None and owed is not None:
            due = owed + (paid or 0)  # a sheet of arrears only: what is owed was charged
        paid = paid or 0
        if due is None or due <= 0:
            self.fail(number, "due", _("There is no amount due."), _("Write the amount due, e.g. 268.10."))
            return None, None
        if paid > due:
            self.fail(
                number,
                "paid",
                _("Paid ({paid}) is more than due ({due}).").format(
                    paid=fen_to_text(paid), due=fen_to_text(due)
                ),
                _("Correct the amounts; an advance payment is recorded at the desk."),
            )
            return None, None
        if owed is not None and due - paid != owed:
            self.fail(
                number,
                "arrears",
                _("Due {due} minus paid {paid} is not {owed}.").format(
                    due=fen_to_text(due), paid=fen_to_text(paid), owed=fen_to_text(owed)
                ),
                _("Correct one of the three amounts."),
            )
            return None, None
        return due, paid

    def _due_date(self, number: int, value: object, period: str | None) -> date | None:
        try:
            day = parse_day(value)
        except ValueError:
            self.fail(
                number,
                "due_date",
                _("“{value}” is not a date.").format(value=cell_text(value)),
                _("Write the date like 2023-05-01 or 2023年5月1日."),
            )
            return None
        if day is not None or period is None:
            return day
        if period:
            return sheet.month_end(period)
        self.fail(
            number,
            "due_date",
            _("The row has neither a due date nor a month."),
            _("Write the due date or the month the fee is for."),
        )
        return None

    def _against_account(self, line: ArrearsLine) -> ArrearsLine | None:
        """The line as the unit's account already holds it, or None with a problem (or voided here)."""
        own = Charge.get_or_none(Charge.client_id == line.charge_id)
        if own is not None and own.voided:
            self.left_voided += 1
            return None
        live = _live_charge(line)
        if live is None:
            return line
        if live.amount_fen != line.due_fen:
            self.fail(
                line.row,
                "due",
                _("The account already holds this fee at {amount}, due {day}.").format(
                    amount=fen_to_text(live.amount_fen), day=live.due_date.isoformat()
                ),
                _("If the sheet is right, void that charge in the unit's account and import again."),
            )
            return None
        if live.client_id != line.charge_id:  # the desk's own charge: its payments stand
            return _with(line, add_charge=False, add_payment=False)
        return self._payment_against_account(line)

    def _payment_against_account(self, line: ArrearsLine) -> ArrearsLine | None:
        imported = list(
            Payment.select().where(
                (Payment.unit == line.unit_id) & (Payment.receipt_no == line.receipt_no) & ~Payment.voided
            )
        )
        if not imported:
            if Payment.get_or_none(Payment.client_id == line.payment_id) is not None:
                return _with(line, add_charge=False, add_payment=False)  # imported, then voided here
            return _with(line, add_charge=False, add_payment=line.paid_fen > 0)
        if sum(p.amount_fen for p in imported) == line.paid_fen:
            return _with(line, add_charge=False, add_payment=False)
        self.fail(
            line.row,
            "paid",
            _("Paid was imported before as {amount} (receipt {receipt}).").format(
                amount=fen_to_text(sum(p.amount_fen for p in imported)), receipt=line.receipt_no
            ),
            _("If the sheet is right, void that payment in the unit's account and import again."),
        )
        return None


def _with(line: ArrearsLine, *, add_charge: bool, add_payment: bool) -> ArrearsLine:
    return replace(line, add_charge=add_charge, add_payment=add_payment)


def _live_charge(line: ArrearsLine) -> Charge | None:
    query = Charge.select().where(
        (Charge.unit == line.unit_id)
        & (Charge.kind == line.kind.value)
        & (Charge.period == line.period)
        & ~Charge.voided
    )
    for charge in query.order_by(Charge.id):
        if line.kind is not ChargeKind.OTHER or header_key(charge.description) == header_key(line.item):
            return charge
    return None
