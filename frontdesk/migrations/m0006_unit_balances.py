"""Schema 6: each unit's balance, oldest unpaid charge and last reminder, kept in step with its account.

The Fees page and the Today tile read them instead of adding up every charge and payment (ten years
of fees read as fast as one). Databases from before get the rows worked out here from their
ledgers; a new index on ``payment.paid_at`` finds the few payments made after the day of a reckoning.
"""

from __future__ import annotations

from frontdesk.db import database_proxy
from frontdesk.estate import unit_balances
from frontdesk.estate.models import UnitBalance

#: declared on ``Payment`` too, under the name peewee gives it, so a fresh database has it already
PAID_AT_INDEX = "CREATE INDEX IF NOT EXISTS payment_paid_at ON payment (paid_at)"


def apply() -> None:
    """Create ``unit_balance`` and ``payment``'s date index, and fill the table from the ledger."""
    database_proxy.create_tables([UnitBalance], safe=True)
    database_proxy.execute_sql(PAID_AT_INDEX)
    unit_balances.refill()
