"""The staff module's page (F10) and its Ctrl+K search provider, registered with the shell."""

from __future__ import annotations

from functools import partial

from PySide6.QtWidgets import QWidget

from frontdesk.auth import Permission, role_label
from frontdesk.i18n import N_, _
from ui.kit.context import AppContext
from ui.kit.pages import Navigator, PageSpec, register_page
from ui.kit.search import SearchProvider, SearchResult


def _open_staff(navigator: Navigator, staff_id: int) -> None:
    from ui.staff.page import StaffPage  # imported when first opened: start-up draws only what it shows

    page = navigator.open_page("staff")
    if isinstance(page, StaffPage):
        page.select(staff_id)


def staff_search(context: AppContext, navigator: Navigator) -> SearchProvider:
    """Staff by name or user name (administrators); runs on the worker thread."""

    def provider(text: str) -> list[SearchResult]:
        rows = context.services.staff.search(actor=context.require_actor(), text=text, limit=10)
        return [
            SearchResult(
                row.display_name,
                _("Staff · {username} · {role}").format(username=row.username, role=role_label(row.role)),
                partial(_open_staff, navigator, row.id),
            )
            for row in rows
        ]

    return provider


def _staff(context: AppContext, _navigator: Navigator) -> QWidget:
    from ui.staff.page import StaffPage  # imported when first opened: start-up draws only what it shows

    return StaffPage(context)


def register_staff() -> None:
    """The Staff page, for administrators."""
    register_page(
        PageSpec(
            "staff",
            N_("Staff"),
            "staff",
            "F10",
            _staff,
            permission=Permission.STAFF_MANAGE,
            order=910,
            search=staff_search,
        )
    )
