"""Schema 1: staff, audit trail, document counters, office, settings, estates."""

from __future__ import annotations

from frontdesk import audit
from frontdesk.auth import Staff
from frontdesk.db import database_proxy
from frontdesk.estate.models import Estate
from frontdesk.numbering import DocumentCounter
from frontdesk.office import Office, Setting


def apply() -> None:
    """Create the foundation's tables and the audit trail's append-only guards."""
    database_proxy.create_tables(
        [Staff, audit.AuditEntry, DocumentCounter, Office, Setting, Estate], safe=True
    )
    audit.install_guards()
