"""Schema 3: visitors, visits, notifications and the watch list."""

from __future__ import annotations

from frontdesk.db import database_proxy
from frontdesk.visitors.models import VISITOR_TABLES


def apply() -> None:
    """Create the visitors' tables."""
    database_proxy.create_tables(list(VISITOR_TABLES), safe=True)
