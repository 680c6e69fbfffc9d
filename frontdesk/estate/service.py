"""The estate service the interfaces receive as ``services.estate``: one object, several rooms."""

from __future__ import annotations

from frontdesk.estate.accounts import AccountService
from frontdesk.estate.billing import BillingService
from frontdesk.estate.instructions import InstructionService
from frontdesk.estate.layout import LayoutService
from frontdesk.estate.panel import PanelService
from frontdesk.estate.registry import RegistryService
from frontdesk.estate.residents import ResidentService
from frontdesk.estate.search import SearchService
from frontdesk.estate.units import UnitService


class EstateService(
    RegistryService,
    LayoutService,
    UnitService,
    ResidentService,
    InstructionService,
    AccountService,
    BillingService,
    SearchService,
    PanelService,
):
    """Registry, residents, unit accounts, search and the unit panel behind one facade.

    Each part lives in its own module (``registry``, ``layout``, ``units``, ``residents``, ``instructions``,
    ``accounts``, ``billing``, ``search``, ``panel``) and can be used alone; they share only the
    clock, e.g. ``EstateService(today=lambda: date(2026, 3, 31))`` in tests, and the panel's
    section registry (``panel_sections``), where later modules add their part of the unit panel.
    """
