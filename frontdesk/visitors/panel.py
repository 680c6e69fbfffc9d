"""The visitors section of the unit panel."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from frontdesk.estate.panel import PanelSections
    from frontdesk.services import Services


def register_panel(sections: PanelSections, services: Services) -> None:
    """Add this module's section to the unit panel."""
