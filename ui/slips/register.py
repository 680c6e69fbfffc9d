"""Registers the slip pages (F3, F8), the Today tile and the Ctrl+K search for a slip by number.

Imports no page: each is imported when first opened, so start-up draws only what it shows.
"""

from __future__ import annotations

from functools import partial

from PySide6.QtWidgets import QWidget

from frontdesk.auth import Permission
from frontdesk.i18n import N_, _
from ui.kit.context import AppContext
from ui.kit.pages import Navigator, PageSpec, register_opener, register_page
from ui.kit.search import SearchProvider, SearchResult
from ui.kit.tiles import TileSpec, TileValue, register_tile

ENTITY = "release_slip"  # ui.slips.common.ENTITY, repeated to keep this module light


def _slips_page(context: AppContext, _navigator: Navigator) -> QWidget:
    from ui.slips.page import SlipsPage  # imported when first opened: start-up draws only what it shows

    return SlipsPage(context)


def _gate_page(context: AppContext, _navigator: Navigator) -> QWidget:
    from ui.slips.gate_page import GatePage  # imported when first opened: start-up draws only what it shows

    return GatePage(context)


def _open_slip(navigator: Navigator, number: str) -> None:
    from ui.slips.page import SlipsPage  # imported when first opened: start-up draws only what it shows

    page = navigator.open_page("release_slips")
    if isinstance(page, SlipsPage):
        page.show_slip(number)


def slip_search(context: AppContext, navigator: Navigator) -> SearchProvider:
    """Slips by number (or its digits); runs on the worker thread."""

    def provider(text: str) -> list[SearchResult]:
        # the slips' core loads when first searched, not with the desk
        from frontdesk.slips.labels import label

        if not any(ch.isdigit() for ch in text):
            return []  # a slip is found by its number; names are the registry's search
        rows = context.services.slips.list_slips(actor=context.require_actor(), text=text, limit=5)
        return [
            SearchResult(
                row.number,
                _("Release slip · {unit} · {status}").format(unit=row.unit_code, status=label(row.status)),
                partial(_open_slip, navigator, row.number),
            )
            for row in rows
        ]

    return provider


def _slips_today(context: AppContext) -> TileValue:
    counts = context.services.slips.today_counts(actor=context.require_actor())
    detail = _("{used} used · {pending} waiting for the owner · {refused} refused").format(
        used=counts.used, pending=counts.pending, refused=counts.refused
    )
    return TileValue(_("{n} issued").format(n=counts.issued), detail, "warn" if counts.pending else "neutral")


def register_slips() -> None:
    """Register the pages, the tile, the search provider and what opens a slip (idempotent)."""
    register_opener(ENTITY, _open_slip)
    register_page(
        PageSpec(
            "release_slips",
            N_("Release slips"),
            "slip",
            "F3",
            _slips_page,
            permission=Permission.DESK_WORK,
            order=60,  # after the visitors (F2), as the function keys run
            search=slip_search,
            search_rank=30,
        )
    )
    register_page(
        PageSpec("gate", N_("Gate check"), "gate", "F8", _gate_page, permission=Permission.GATE, order=90)
    )
    register_tile(
        TileSpec(
            "slips_today",
            N_("Release slips today"),
            _slips_today,
            permission=Permission.GATE,
            order=45,
            refresh_on=(ENTITY,),
        )
    )
