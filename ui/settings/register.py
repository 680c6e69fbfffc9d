"""The settings page (F12), registered with the shell."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from frontdesk.i18n import N_
from ui.kit.context import AppContext
from ui.kit.pages import Navigator, PageSpec, register_page


def _settings(context: AppContext, _navigator: Navigator) -> QWidget:
    from ui.settings.page import SettingsPage  # imported when first opened: start-up draws only what it shows

    return SettingsPage(context)


def register_settings() -> None:
    """The Settings page, open to everyone signed in (each section checks its own permission)."""
    register_page(PageSpec("settings", N_("Settings"), "settings", "F12", _settings, order=990))
