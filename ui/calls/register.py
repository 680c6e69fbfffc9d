"""Registers the phone log page (F11).

Imports no page: it is imported when first opened, so start-up draws only what it shows.
"""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from frontdesk.auth import Permission
from frontdesk.i18n import N_, _, ngettext
from ui.kit.context import AppContext
from ui.kit.pages import Navigator, PageSpec, register_page
from ui.kit.tiles import TileSpec, TileValue, register_tile

PAGE = "calls"
ENTITY = "phone_call"  # ui.calls.dialogs.ENTITY, repeated to keep this module light


def _page(context: AppContext, navigator: Navigator) -> QWidget:
    from ui.calls.page import CallsPage  # imported when first opened: start-up draws only what it shows

    return CallsPage(context, navigator)


def _calls_today(context: AppContext) -> TileValue:
    counts = context.services.calls.today_counts(actor=context.require_actor())
    if counts.awaiting_reply:
        detail = ngettext(
            "{n} left a contact for a reply (F11)",
            "{n} left a contact for a reply (F11)",
            counts.awaiting_reply,
        )
        return TileValue(str(counts.today), detail.format(n=counts.awaiting_reply), "warn")
    return TileValue(str(counts.today), _("None waiting for a reply."), "neutral")


def register_calls() -> None:
    """Register the phone log page and its Today tile (idempotent)."""
    register_tile(
        TileSpec(
            "calls_today",
            N_("Phone calls today"),
            _calls_today,
            permission=Permission.DESK_WORK,
            order=57,
            refresh_on=(ENTITY,),
        )
    )
    register_page(
        PageSpec(PAGE, N_("Phone calls"), "calls", "F11", _page, permission=Permission.DESK_WORK, order=72)
    )
