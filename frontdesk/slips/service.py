"""The release slips' use cases (``services.slips``)."""

from __future__ import annotations

from frontdesk.slips.context import ContextService
from frontdesk.slips.gate import GateService
from frontdesk.slips.issuing import IssuingService
from frontdesk.slips.printing import PrintingService
from frontdesk.slips.reading import ReadingService
from frontdesk.slips.retention import RetentionService


class SlipService(
    ContextService, IssuingService, GateService, ReadingService, PrintingService, RetentionService
):
    """Issue, print, verify, use and void release slips; retention.

    Each part lives in its own module (``context``, ``issuing``, ``gate``, ``reading``, ``printing``,
    ``retention``); they share the clock: ``SlipService(today=..., now=...)`` in tests.
    """
