"""Schema 10: meters, their monthly readings, tariff steps, utility months and adjustments."""

from __future__ import annotations

from frontdesk.db import database_proxy
from frontdesk.utilities.models import UTILITY_TABLES


def apply() -> None:
    """Create the utilities' tables."""
    database_proxy.create_tables(list(UTILITY_TABLES), safe=True)
