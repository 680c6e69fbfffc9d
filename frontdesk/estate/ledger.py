"""A unit's account in plain data: charge, payment and reminder rows, and the arrears arithmetic.

Arrears on a day = the charges due by then (not voided) − the payments made by then (not voided).
Payments settle the oldest due charges first, so the oldest charge not fully paid dates the debt.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from frontdesk.clock import to_local
from frontdesk.estate.kinds import ChargeKind, CollectionMethod, PaymentMethod
from frontdesk.estate.late_fees import late_fee_fen
from frontdesk.estate.models import Charge, CollectionLog, Payment


@dataclass(frozen=True)
class ChargeRow:
    """A charge on a unit's account."""

    id: int
    unit_id: int
    kind: ChargeKind
    period: str
    description: str
    amount_fen: int
    due_date: date
    voided: bool
    void_reason: str
    version: int

    @classmethod
    def of(cls, charge: Charge) -> ChargeRow:
        """The row for a model instance."""
        return cls(
            charge.id,
            charge.unit_id,
            ChargeKind(charge.kind),
            charge.period,
            charge.description,
            charge.amount_fen,
            charge.due_date,
            charge.voided,
            charge.void_reason,
            charge.version,
        )


@dataclass(frozen=True)
class PaymentRow:
    """A payment into a unit's account."""

    id: int
    unit_id: int
    amount_fen: int
    paid_at: datetime
    method: PaymentMethod
    receipt_no: str
    voided: bool
    void_reason: str
    version: int

    @classmethod
    def of(cls, payment: Payment) -> PaymentRow:
        """The row for a model instance."""
        return cls(
            payment.id,
            payment.unit_id,
            payment.amount_fen,
            payment.paid_at,
            PaymentMethod(payment.method),
            payment.receipt_no,
            payment.voided,
            payment.void_reason,
            payment.version,
        )


LedgerLine = ChargeRow | PaymentRow
#: lines of a unit's account read per page: about three screens of the account, two short indexed queries
LEDGER_PAGE = 50


def line_day(line: LedgerLine) -> date:
    """The day a line stands on in the account: a charge's due date, a payment's local date."""
    if isinstance(line, ChargeRow):
        return line.due_date
    return to_local(line.paid_at).date()


def line_order(line: LedgerLine) -> tuple[date, bool]:
    """The account's order, newest first when reversed: by day, a payment after a charge of its day."""
    return line_day(line), isinstance(line, PaymentRow)


@dataclass(frozen=True)
class LedgerPosition:
    """Where a page of a unit's account ended: the last charge and the last payment read so far.

    The account is two keyset streams merged, charges by ``(due_date, id)`` and payments by
    ``(paid_at, id)``, newest first; ``None`` is a stream not read from yet, ``done`` one read to
    its end.
    """

    charge: tuple[date, int] | None = None
    payment: tuple[datetime, int] | None = None
    charges_done: bool = False
    payments_done: bool = False


@dataclass(frozen=True)
class LedgerPage:
    """One page of a unit's account, newest first, and where the next one starts (None: no more)."""

    lines: tuple[LedgerLine, ...]
    next: LedgerPosition | None


def merge_page(
    charges: list[ChargeRow], payments: list[PaymentRow], limit: int, after: LedgerPosition
) -> LedgerPage:
    """The first ``limit`` lines of two newest-first streams, each read ``limit + 1`` rows past ``after``.

    The row past ``limit`` says whether a stream goes on; a stream is done once every row it gave
    is on a page. A line the page had no room for is read again with the next page.
    """
    both: list[LedgerLine] = [*charges, *payments]
    lines = sorted(both, key=line_order, reverse=True)[:limit]
    used_charges = [line for line in lines if isinstance(line, ChargeRow)]
    used_payments = [line for line in lines if isinstance(line, PaymentRow)]
    last_charge, last_payment = after.charge, after.payment
    if used_charges:
        last_charge = (used_charges[-1].due_date, used_charges[-1].id)
    if used_payments:
        last_payment = (used_payments[-1].paid_at, used_payments[-1].id)
    position = LedgerPosition(
        last_charge,
        last_payment,
        after.charges_done or len(used_charges) == len(charges),
        after.payments_done or len(used_payments) == len(payments),
    )
    more = not (position.charges_done and position.payments_done)
    return LedgerPage(tuple(lines), position if more else None)


@dataclass(frozen=True)
class CollectionRow:
    """One reminder of arrears in the collection log."""

    id: int
    unit_id: int
    at: datetime
    staff: str
    method: CollectionMethod
    resident_said: str
    promised_date: date | None

    @classmethod
    def of(cls, entry: CollectionLog) -> CollectionRow:
        """The row for a model instance."""
        return cls(
            entry.id,
            entry.unit_id,
            entry.at,
            entry.staff,
            CollectionMethod(entry.method),
            entry.resident_said,
            entry.promised_date,
        )


@dataclass(frozen=True)
class DueCharge:
    """What the arithmetic needs of a charge: its id (for a stable order), due date and amount."""

    id: int
    due_date: date
    amount_fen: int


@dataclass(frozen=True)
class NotYetDue:
    """Charges billed to a unit that fall due after the day asked about (a month's utilities just
    posted): not arrears, but what the resident will be asked for next."""

    amount_fen: int
    first_due: date | None  # the earliest of their due dates (None when there are none)


@dataclass(frozen=True)
class ArrearsSummary:
    """A unit's account on one day."""

    unit_id: int
    as_of: date
    charged_fen: int  # charges due by ``as_of``, not voided
    paid_fen: int  # payments made by ``as_of``, not voided
    oldest_unpaid_due: date | None  # due date of the oldest charge payments have not covered
    oldest_unpaid_days: int  # its age on ``as_of`` (0 when nothing is unpaid)
    late_fee_fen: int = 0  # worked out at read time (late_fees.py), never part of the balance
    late_fee_permyriad: int = 0  # the office's rate per day when reckoned; 0 = late fees are off

    @property
    def balance_fen(self) -> int:
        """Charges due minus payments: positive is owed, negative is paid in advance."""
        return self.charged_fen - self.paid_fen

    @property
    def arrears_fen(self) -> int:
        """What the unit owes (欠費), never negative."""
        return max(self.balance_fen, 0)

    @property
    def credit_fen(self) -> int:
        """What the unit paid ahead of its charges."""
        return max(-self.balance_fen, 0)

    @property
    def overdue(self) -> bool:
        """True when a charge due before ``as_of`` is still unpaid (one due that very day is not yet)."""
        return self.oldest_unpaid_due is not None and self.oldest_unpaid_due < self.as_of


@dataclass(frozen=True)
class ArrearsRow:
    """A unit in arrears, for the arrears list and its export."""

    unit_id: int
    unit_code: str
    building_name: str
    owner_names: tuple[str, ...]
    arrears: ArrearsSummary


def oldest_unpaid(charges: Iterable[DueCharge], paid_fen: int) -> date | None:
    """The due date of the first charge, oldest first, that ``paid_fen`` does not fully cover."""
    remaining = paid_fen
    for charge in sorted(charges, key=lambda c: (c.due_date, c.id)):
        if remaining < charge.amount_fen:
            return charge.due_date
        remaining -= charge.amount_fen
    return None


def summarize(
    unit_id: int, as_of: date, charges: Iterable[DueCharge], paid_fen: int, late_fee_permyriad: int = 0
) -> ArrearsSummary:
    """A unit's arrears on ``as_of``.

    Args:
        unit_id: the unit.
        as_of: the day of the reckoning; charges due later are not owed yet.
        charges: the unit's live (not voided) charges, any due date.
        paid_fen: the sum of its live payments made by ``as_of``.
        late_fee_permyriad: the office's late fee per day in ten-thousandths (0 = none).

    Returns:
        The summary, with the oldest unpaid charge found by settling the oldest first.
    """
    due = [c for c in charges if c.due_date <= as_of]
    oldest = oldest_unpaid(due, paid_fen)
    age = (as_of - oldest).days if oldest is not None else 0
    late = late_fee_fen(due, paid_fen, as_of, late_fee_permyriad)
    charged = sum(c.amount_fen for c in due)
    return ArrearsSummary(unit_id, as_of, charged, paid_fen, oldest, age, late, late_fee_permyriad)
