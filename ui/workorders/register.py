"""Registers the work-orders page (F5), its Today tile, the Ctrl+K search for an order by number,
and what opens an order from a reference (``"work_order:GC-20261205-0001"``, as the unit panel's
work-order lines carry it).

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
from ui.kit.settings_sections import SectionSpec, register_section
from ui.kit.tiles import TileSpec, TileValue, register_tile

PAGE = "workorders"
ENTITY = "work_order"  # ui.workorders.common.ENTITY, repeated to keep this module light
FROM_CALL = "work_order_call"  # "work_order_call:<call id>": a new order filled in from a logged call


def _workorders_page(context: AppContext, _navigator: Navigator) -> QWidget:
    from ui.workorders.page import WorkOrdersPage  # imported when first opened

    return WorkOrdersPage(context)


def open_work_order(navigator: Navigator, number: str) -> None:
    """Show work order ``number`` with its next step on the work-orders page."""
    from ui.workorders.page import WorkOrdersPage  # imported when first opened

    page = navigator.open_page(PAGE)
    if isinstance(page, WorkOrdersPage):
        page.show_order(number)


def order_from_call(navigator: Navigator, call_id: str) -> None:
    """The new-order form filled in from a logged call (``"work_order_call:<call id>"``)."""
    from ui.workorders.page import WorkOrdersPage  # imported when first opened

    page = navigator.open_page(PAGE)
    if isinstance(page, WorkOrdersPage) and call_id.strip().isdigit():
        page.new_from_call(int(call_id))


def looks_like_number(text: str) -> bool:
    """``GC-…`` (a work order) or ``XT-…`` (a coordination slip) with digits."""
    folded = text.strip().upper()
    return folded.startswith(("GC", "XT")) and any(ch.isdigit() for ch in folded)


def work_order_search(context: AppContext, navigator: Navigator) -> SearchProvider:
    """Work orders by number (``GC-20261205-0001``); runs on the worker thread."""

    def provider(text: str) -> list[SearchResult]:
        from frontdesk.errors import NotFound
        from frontdesk.workorders.labels import label

        if not looks_like_number(text):
            return []
        try:
            detail = context.services.workorders.get(actor=context.require_actor(), number=text.strip())
        except NotFound:
            return []
        row = detail.order
        return [
            SearchResult(
                row.number,
                _("Work order · {place} · {category} · {status}").format(
                    place=row.unit_code or row.place, category=row.category_name, status=label(row.status)
                ),
                partial(open_work_order, navigator, row.number),
            )
        ]

    return provider


def _workorders_today(context: AppContext) -> TileValue:
    counts = context.services.workorders.today_counts(actor=context.require_actor())
    parts = []
    if counts.overdue:
        parts.append(ngettext("{n} overdue", "{n} overdue", counts.overdue).format(n=counts.overdue))
    if counts.urgent_unsigned:
        parts.append(
            ngettext("{n} urgent not signed for", "{n} urgent not signed for", counts.urgent_unsigned).format(
                n=counts.urgent_unsigned
            )
        )
    detail = " · ".join(parts) if parts else _("none overdue")
    tone = "bad" if parts else "neutral"
    return TileValue(_("{n} open").format(n=counts.open), detail, tone)


def _settings_panel(context: AppContext) -> QWidget:
    from ui.workorders.settings import WorkOrderSettingsPanel  # imported when Settings is first opened

    return WorkOrderSettingsPanel(context)


def _people_panel(context: AppContext) -> QWidget:
    from ui.workorders.technicians import TechniciansPanel  # imported when Settings is first opened

    return TechniciansPanel(context)


def register_workorders() -> None:
    """Register the page, the tile, the search provider, what opens an order and its settings (idempotent)."""
    register_section(
        SectionSpec("work_order_settings", _settings_panel, permission=Permission.SETTINGS, order=55)
    )
    register_section(
        SectionSpec("work_order_people", _people_panel, permission=Permission.SETTINGS, order=56)
    )
    register_opener(ENTITY, open_work_order)
    register_opener(FROM_CALL, order_from_call)
    register_page(
        PageSpec(
            PAGE,
            N_("Work orders"),
            "workorder",
            "F5",
            _workorders_page,
            permission=Permission.DESK_WORK,
            order=80,  # after complaints (F4), calls and callbacks
            search=work_order_search,
            search_rank=36,
        )
    )
    register_tile(
        TileSpec(
            "workorders_open",
            N_("Work orders open"),
            _workorders_today,
            permission=Permission.DESK_WORK,
            order=52,
            refresh_on=(ENTITY, "callback"),
        )
    )
