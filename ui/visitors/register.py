"""The visitors module's page (F2), Today tiles and Ctrl+K search provider, registered with the shell."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QWidget

from frontdesk.auth import Permission
from frontdesk.i18n import N_, _, ngettext
from ui.kit.context import AppContext
from ui.kit.pages import Navigator, PageSpec, register_opener, register_page
from ui.kit.search import SearchProvider, SearchResult
from ui.kit.tiles import TileSpec, TileValue, register_tile

if TYPE_CHECKING:
    from frontdesk.visitors.rows import VisitorHit


def _page(context: AppContext, _navigator: Navigator) -> QWidget:
    from ui.visitors.page import VisitorsPage  # imported when first opened: start-up draws only what it shows

    return VisitorsPage(context)


def _open_visitor(navigator: Navigator, hit: VisitorHit) -> None:
    from ui.visitors.page import VisitorsPage  # imported when first opened: start-up draws only what it shows

    page = navigator.open_page("visitors")
    if isinstance(page, VisitorsPage):
        page.pick_visitor(hit)


def _open_visit(navigator: Navigator, key: str) -> None:
    """``key`` is ``"<visit id>@<its day>"`` (the unit panel's lines)."""
    from datetime import date

    from ui.visitors.page import VisitorsPage  # imported when first opened: start-up draws only what it shows

    visit_id, _sep, day = key.partition("@")
    page = navigator.open_page("visitors")
    if isinstance(page, VisitorsPage) and visit_id.isdigit():
        page.show_visit(int(visit_id), date.fromisoformat(day) if day else None)


def visitor_search(context: AppContext, navigator: Navigator) -> SearchProvider:
    """Returning visitors by phone, phone suffix, name or ID digits; choosing one starts a registration."""

    def provider(text: str) -> list[SearchResult]:
        from ui.visitors.search_box import hit_text  # the Visitors page's module: loaded when first used

        found = context.services.visitors.find_returning(actor=context.require_actor(), text=text, limit=10)
        return [
            SearchResult(
                hit.name,
                _("Visitor · {details}").format(details=hit_text(hit)),
                partial(_open_visitor, navigator, hit),
            )
            for hit in found.hits
        ]

    return provider


def _on_site(context: AppContext) -> TileValue:
    counts = context.services.visitors.today_counts(actor=context.require_actor())
    detail = _("Sign them out when they leave; F2 opens the list.")
    return TileValue(str(counts.on_site), detail)


def _visits_today(context: AppContext) -> TileValue:
    counts = context.services.visitors.today_counts(actor=context.require_actor())
    refused = ngettext("{n} refused", "{n} refused", counts.refused_today).format(n=counts.refused_today)
    return TileValue(str(counts.visits_today), refused)


def register_visitors() -> None:
    """Register the Visitors page (F2), its tiles, its search provider and what opens a visit
    (idempotent)."""
    register_opener("visit", _open_visit)
    register_page(
        PageSpec(
            "visitors", N_("Visitors"), "visitors", "F2", _page,
            permission=Permission.DESK_WORK, order=50, search=visitor_search, search_rank=20,
        )
    )  # fmt: skip
    register_tile(
        TileSpec("visitors_on_site", N_("Visitors on site"), _on_site, Permission.DESK_WORK, 40, ("visit",))
    )
    register_tile(
        TileSpec("visits_today", N_("Visits today"), _visits_today, Permission.DESK_WORK, 41, ("visit",))
    )
