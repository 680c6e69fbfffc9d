"""Schema 7: complaints (with their steps, classifications, departments and keyword rules), the shared
callback queue and the phone call log; the default rules and departments are written here."""

from __future__ import annotations

from frontdesk.callbacks.models import CALLBACK_TABLES
from frontdesk.calls.models import CALL_TABLES
from frontdesk.complaints.models import COMPLAINT_TABLES
from frontdesk.complaints.rules import seed_defaults
from frontdesk.db import database_proxy


def apply() -> None:
    """Create the tables and seed the rules and departments a new office starts with."""
    database_proxy.create_tables([*CALLBACK_TABLES, *COMPLAINT_TABLES, *CALL_TABLES], safe=True)
    seed_defaults()
