"""Schema 4: release slips, their item lines, the owners' phone confirmations and the code key."""

from __future__ import annotations

from frontdesk.db import database_proxy
from frontdesk.slips.models import SLIP_TABLES


def apply() -> None:
    """Create the release slips' tables (the code key lives in a file: ``frontdesk.slips.keyfile``)."""
    database_proxy.create_tables(list(SLIP_TABLES), safe=True)
