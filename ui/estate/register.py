"""The estate module's Residents page (F6) and its Ctrl+K search provider, registered with the shell."""

from __future__ import annotations

from functools import partial

from PySide6.QtWidgets import QWidget

from frontdesk.auth import Permission
from frontdesk.i18n import N_, _
from ui.kit.context import AppContext
from ui.kit.pages import RESIDENTS_PAGE, Navigator, PageSpec, open_unit, register_page
from ui.kit.search import SearchProvider, SearchResult


def estate_search(context: AppContext, navigator: Navigator) -> SearchProvider:
    """Units and residents by code, name, phone or ID digits (desk staff); runs on the worker thread."""

    def provider(text: str) -> list[SearchResult]:
        hits = context.services.estate.search(actor=context.require_actor(), text=text, limit=10)
        return [
            SearchResult(
                f"{hit.unit_code} · {hit.name}" if hit.name else hit.unit_code,
                _("Resident · {phone}").format(phone=hit.phone_masked) if hit.name else _("Unit"),
                partial(open_unit, navigator, hit.unit_id),
            )
            for hit in hits
        ]

    return provider


def _residents(context: AppContext, _navigator: Navigator) -> QWidget:
    from ui.estate.page import RegistryPage  # imported when first opened: start-up draws only what it shows

    return RegistryPage(context)


def register_estate() -> None:
    """The Residents page, for desk staff."""
    register_page(
        PageSpec(
            RESIDENTS_PAGE,
            N_("Residents"),
            "registry",
            "F6",
            _residents,
            permission=Permission.DESK_WORK,
            order=100,
            search=estate_search,
            search_rank=10,  # "3-404" finds the unit first, then its visitors' and slips' records
        )
    )
