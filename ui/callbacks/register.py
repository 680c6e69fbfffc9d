"""Registers the callback queue page (Shift+F4) and its Today tile.

Imports no page: it is imported when first opened, so start-up draws only what it shows.
"""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from frontdesk.auth import Permission
from frontdesk.i18n import N_, _, ngettext
from ui.callbacks.entities import CASE_ENTITIES, ENTITY
from ui.kit.context import AppContext
from ui.kit.pages import Navigator, PageSpec, register_page
from ui.kit.tiles import TileSpec, TileValue, register_tile

PAGE = "callbacks"


def _page(context: AppContext, navigator: Navigator) -> QWidget:
    from ui.callbacks.page import (
        CallbacksPage,  # imported when first opened
    )

    return CallbacksPage(context, navigator)


def _callbacks_today(context: AppContext) -> TileValue:
    queue = context.services.callbacks.due_queue(actor=context.require_actor())
    overdue = sum(1 for row in queue if row.overdue)
    value = str(len(queue))
    if overdue:
        detail = ngettext("{n} overdue: call them first", "{n} overdue: call them first", overdue)
        return TileValue(value, detail.format(n=overdue), "bad")
    if queue:
        return TileValue(value, _("None overdue; Shift+F4 opens the queue."), "warn")
    return TileValue(value, _("Nobody to call back today."), "ok")


def register_callbacks() -> None:
    """Register the queue page and its tile (idempotent)."""
    register_page(
        PageSpec(
            PAGE,
            N_("Callbacks"),
            "callbacks",
            "Shift+F4",  # the complaints' F4, shifted: the call that closes a case
            _page,
            permission=Permission.DESK_WORK,
            order=75,
        )
    )
    register_tile(
        TileSpec(
            "callbacks_due",
            N_("Callbacks due"),
            _callbacks_today,
            permission=Permission.DESK_WORK,
            order=55,
            refresh_on=(ENTITY, *CASE_ENTITIES),
        )
    )
