"""The fees module's page (F7) and its Today tile (units in arrears), registered with the shell."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from frontdesk.auth import Permission
from frontdesk.i18n import N_, _, ngettext
from frontdesk.money import fen_to_text
from ui.kit.context import AppContext
from ui.kit.pages import Navigator, PageSpec, register_page
from ui.kit.tiles import TileSpec, TileValue, register_tile


def _arrears_tile(context: AppContext) -> TileValue:
    found = context.services.estate.arrears_totals(actor=context.require_actor())
    if found.units == 0:
        return TileValue("0", _("No unit owes anything."), "ok")
    return TileValue(
        ngettext("{n} unit", "{n} units", found.units).format(n=found.units),
        _("¥{total} owed in all (Fees, F7)").format(total=fen_to_text(found.total_fen)),
        "warn",
    )


def _fees(context: AppContext, navigator: Navigator) -> QWidget:
    from ui.fees.page import FeesPage  # imported when first opened: start-up draws only what it shows

    return FeesPage(context, navigator)


def register_fees() -> None:
    """The Fees page and the Today tile: how many units owe and how much in all."""
    fees = N_("Fees and arrears")
    register_page(PageSpec("fees", fees, "fees", "F7", _fees, permission=Permission.DESK_WORK, order=110))
    register_tile(
        TileSpec(
            "arrears",
            N_("Units in arrears"),
            _arrears_tile,
            permission=Permission.DESK_WORK,
            order=60,
            refresh_on=("estate",),
        )
    )
