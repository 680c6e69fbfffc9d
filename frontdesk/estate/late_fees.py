"""Late fees (滯納金) on overdue charges, worked out when read and never stored as a charge.

The office's contracts set the rate in ten-thousandths of the overdue amount per day (每日萬分之五 is
5). Payments settle the oldest charges first, as in the arrears arithmetic; each charge still unpaid
after its due date accrues ``unpaid part × rate / 10,000 × days overdue``. The sum over the charges
is rounded once, half-up, to the fen. A charge due on the day of the reckoning is 0 days overdue.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from typing import Protocol

from frontdesk.i18n import _
from frontdesk.money import fen_half_up

PERMYRIAD = 10_000
#: the highest rate the office may set: 30/10,000 a day (about 11 % a month) is far above any contract
MAX_PERMYRIAD = 30


class Due(Protocol):
    """What the arithmetic needs of a charge (``ledger.DueCharge`` has it)."""

    @property
    def id(self) -> int: ...  # a stable order among charges due the same day

    @property
    def due_date(self) -> date: ...

    @property
    def amount_fen(self) -> int: ...


def unpaid_parts(charges: Iterable[Due], paid_fen: int) -> list[tuple[date, int]]:
    """(due date, part left unpaid) of each charge not fully paid, oldest first.

    Args:
        charges: the charges due (not voided), any order.
        paid_fen: what has been paid in all; it settles the oldest charges first.

    Returns:
        The due date and the unpaid fen of every charge the payments do not fully cover.
    """
    remaining, parts = max(paid_fen, 0), []
    for charge in sorted(charges, key=lambda c: (c.due_date, c.id)):
        settled = min(remaining, charge.amount_fen)
        remaining -= settled
        if charge.amount_fen - settled > 0:
            parts.append((charge.due_date, charge.amount_fen - settled))
    return parts


def late_fee_fen(charges: Iterable[Due], paid_fen: int, as_of: date, permyriad: int) -> int:
    """The late fee on ``as_of``: Σ unpaid part × rate / 10,000 × days overdue, rounded half-up.

    Args:
        charges: the unit's live charges; those due after ``as_of`` are not overdue and add nothing.
        paid_fen: the unit's live payments made by ``as_of``.
        as_of: the day of the reckoning.
        permyriad: the rate per day in ten-thousandths (0 = no late fee).

    Returns:
        The late fee in fen (0 when the rate is 0 or nothing is overdue).

    Raises:
        ValueError: the rate is negative, above ``MAX_PERMYRIAD`` or not a whole number.
    """
    if isinstance(permyriad, bool) or not isinstance(permyriad, int) or not 0 <= permyriad <= MAX_PERMYRIAD:
        raise ValueError(
            _("The late fee rate is a whole number of ten-thousandths a day from 0 to {most}.").format(
                most=MAX_PERMYRIAD
            )
        )
    if permyriad == 0:
        return 0
    due = [c for c in charges if c.due_date <= as_of]
    fen_days = sum(part * (as_of - day).days for day, part in unpaid_parts(due, paid_fen))
    return fen_half_up(Decimal(fen_days * permyriad) / PERMYRIAD)
