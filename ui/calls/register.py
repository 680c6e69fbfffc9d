"""Registers the phone log page (F11).

Imports no page: it is imported when first opened, so start-up draws only what it shows.
"""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from frontdesk.auth import Permission
from frontdesk.i18n import N_
from ui.kit.context import AppContext
from ui.kit.pages import Navigator, PageSpec, register_page

PAGE = "calls"


def _page(context: AppContext, navigator: Navigator) -> QWidget:
    from ui.calls.page import CallsPage  # imported when first opened: start-up draws only what it shows

    return CallsPage(context, navigator)


def register_calls() -> None:
    """Register the phone log page (idempotent)."""
    register_page(
        PageSpec(PAGE, N_("Phone calls"), "calls", "F11", _page, permission=Permission.DESK_WORK, order=72)
    )
