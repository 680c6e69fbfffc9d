"""Registers the complaints page (F4), its Today tile, the Ctrl+K search for a complaint by number,
and what opens a complaint from a reference (``"complaint:TS-20261205-0001"``).

Imports no page: it is imported when first opened, so start-up draws only what it shows.
"""

from __future__ import annotations

from functools import partial

from PySide6.QtWidgets import QWidget

from frontdesk.auth import Permission
from frontdesk.i18n import N_, _, ngettext
from ui.kit.context import AppContext
from ui.kit.pages import Navigator, PageSpec, register_opener, register_page
from ui.kit.search import SearchProvider, SearchResult
from ui.kit.tiles import TileSpec, TileValue, register_tile

PAGE = "complaints"
ENTITY = "complaint"  # ui.complaints.common.ENTITY, repeated to keep this module light
SEARCH_LIMIT = 5


def _complaints_page(context: AppContext, _navigator: Navigator) -> QWidget:
    from ui.complaints.page import ComplaintsPage  # imported when first opened

    return ComplaintsPage(context)


def open_complaint(navigator: Navigator, number: str) -> None:
    """Show complaint ``number`` with its procedure on the complaints page."""
    from ui.complaints.page import ComplaintsPage  # imported when first opened

    page = navigator.open_page(PAGE)
    if isinstance(page, ComplaintsPage):
        page.show_complaint(number)


def _looks_like_number(text: str) -> bool:
    folded = text.strip().upper()
    return folded.startswith("TS") and any(ch.isdigit() for ch in folded)


def complaint_search(context: AppContext, navigator: Navigator) -> SearchProvider:
    """Complaints by number (``TS-20261205-0001``, or ``ts 20261205 1``); runs on the worker thread."""

    def provider(text: str) -> list[SearchResult]:
        # the complaints' core loads when first searched, not with the desk
        from frontdesk.complaints.labels import kind_label, label
        from frontdesk.errors import NotFound

        if not _looks_like_number(text):
            return []  # names and units are the registry's search
        try:
            detail = context.services.complaints.get(actor=context.require_actor(), number=text)
        except NotFound:
            return []
        row = detail.complaint
        return [
            SearchResult(
                row.number,
                _("Complaint · {place} · {kind} · {status}").format(
                    place=row.unit_code or row.place, kind=kind_label(row.kind), status=label(row.status)
                ),
                partial(open_complaint, navigator, row.number),
            )
        ]

    return provider


def _complaints_today(context: AppContext) -> TileValue:
    shown, overdue = context.services.complaints.open_counts(actor=context.require_actor())
    detail = (
        ngettext("{n} overdue", "{n} overdue", overdue).format(n=overdue) if overdue else _("none overdue")
    )
    return TileValue(_("{n} open").format(n=shown), detail, "bad" if overdue else "neutral")


def register_complaints() -> None:
    """Register the page, the tile, the search provider and what opens a complaint (idempotent)."""
    register_opener(ENTITY, open_complaint)
    register_page(
        PageSpec(
            PAGE,
            N_("Complaints"),
            "complaint",
            "F4",
            _complaints_page,
            permission=Permission.DESK_WORK,
            order=70,  # after the release slips (F3), as the function keys run
            search=complaint_search,
            search_rank=35,
        )
    )
    register_tile(
        TileSpec(
            "complaints_open",
            N_("Complaints waiting"),
            _complaints_today,
            permission=Permission.DESK_WORK,
            order=50,
            refresh_on=(ENTITY, "callback"),
        )
    )
