"""The desk's daily automatic purge, asked for whenever the backup scheduler checks (worker thread)."""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject

from frontdesk.errors import FrontdeskError
from frontdesk.retention import PurgeReport
from ui.kit.context import AppContext

log = logging.getLogger(__name__)


def run_daily_purge(context: AppContext, *, owner: QObject) -> None:
    """Purge personal data past retention if no desk did within the day (the core decides, atomically)."""
    # the visitors' core loads once the desk is up, not with its first paint
    from frontdesk.visitors.daily_purge import purge_if_due

    actor, services = context.require_actor(), context.services

    def done(reports: list[PurgeReport] | None) -> None:
        if reports:
            context.bus.notify("visit")

    def failed(exc: BaseException) -> None:
        # tried again at the next check; a storage problem also shows through the backup's message
        log.warning(
            "automatic purge failed: %s",
            getattr(exc, "message", exc),
            exc_info=not isinstance(exc, FrontdeskError),
        )

    context.runner.submit(lambda: purge_if_due(services, actor=actor), done, failed, owner=owner)
