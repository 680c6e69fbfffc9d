"""The visitors' use cases (``services.visitors``): one object, several rooms."""

from __future__ import annotations

from frontdesk.visitors.documents import DocumentService
from frontdesk.visitors.onsite import OnSiteService
from frontdesk.visitors.registration import RegistrationService
from frontdesk.visitors.retention import RetentionService
from frontdesk.visitors.search import SearchService
from frontdesk.visitors.watch import WatchService


class VisitorService(
    RegistrationService, OnSiteService, SearchService, WatchService, RetentionService, DocumentService
):
    """Register, notify, sign out and find visitors; the watch list; retention.

    Each part lives in its own module (``registration``, ``onsite``, ``search``, ``watch``,
    ``retention``, ``documents``); they share the clock and the ID key ring
    (``VisitorService(keyring=IdKeyRing(path))``, ``now=…`` and ``today=…`` in tests).
    """
