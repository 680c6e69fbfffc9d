"""Schema 9: work orders (with their events, materials, technicians and categories); the phone log's
link to the order made from a call; the built-in categories are written here."""

from __future__ import annotations

import peewee as pw

from frontdesk.db import database_proxy
from frontdesk.migrations import add_column_if_missing
from frontdesk.workorders.dispatch import seed_categories
from frontdesk.workorders.models import WORK_ORDER_TABLES


def apply() -> None:
    """Create the tables, link calls to orders, and seed the categories a new office starts with."""
    database_proxy.create_tables(list(WORK_ORDER_TABLES), safe=True)
    add_column_if_missing("phone_call", "work_order_ref", pw.CharField(max_length=24, default=""))
    seed_categories()
