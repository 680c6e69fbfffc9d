"""Registers the meters and utilities page (水电抄表, Shift+F7): the fees' F7, shifted, since the
round ends in charges on the unit accounts.

Imports no page: it is imported when first opened, so start-up draws only what it shows.
"""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from frontdesk.auth import Permission
from frontdesk.i18n import N_
from ui.kit.context import AppContext
from ui.kit.pages import Navigator, PageSpec, register_page

PAGE = "utilities"


def _utilities_page(context: AppContext, _navigator: Navigator) -> QWidget:
    from ui.utilities.page import UtilitiesPage  # imported when first opened

    return UtilitiesPage(context)


def register_utilities() -> None:
    """Register the page (idempotent)."""
    register_page(
        PageSpec(
            PAGE,
            N_("Utilities"),
            "utilities",
            "Shift+F7",
            _utilities_page,
            permission=Permission.DESK_WORK,
            order=115,  # after the fees (F7), whose accounts the month's charges reach
        )
    )
