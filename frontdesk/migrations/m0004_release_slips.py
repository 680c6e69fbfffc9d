"""Schema 4: release slips, their item lines, the owners' phone confirmations and the code key."""

from __future__ import annotations

from frontdesk.db import database_proxy
from frontdesk.slips.code import ensure_code_key
from frontdesk.slips.models import SLIP_TABLES


def apply() -> None:
    """Create the release slips' tables and this database's secret for verification codes."""
    database_proxy.create_tables(list(SLIP_TABLES), safe=True)
    ensure_code_key()
