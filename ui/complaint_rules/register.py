"""Registers the complaint settings as a section of the Settings page (administrators).

Imports no panel: it is imported when the Settings page is first opened.
"""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from frontdesk.auth import Permission
from ui.kit.context import AppContext
from ui.kit.settings_sections import SectionSpec, register_section


def _panel(context: AppContext) -> QWidget:
    from ui.complaint_rules.panel import ComplaintRulesPanel  # imported when the page is first opened

    return ComplaintRulesPanel(context)


def _settings_panel(context: AppContext) -> QWidget:
    from ui.complaint_rules.office import ComplaintSettingsPanel  # imported when the page is first opened

    return ComplaintSettingsPanel(context)


def register_complaint_rules() -> None:
    """The complaint settings, keyword rules and departments on the Settings page (idempotent)."""
    register_section(
        SectionSpec("complaint_settings", _settings_panel, permission=Permission.SETTINGS, order=45)
    )
    register_section(SectionSpec("complaint_rules", _panel, permission=Permission.SETTINGS, order=50))
