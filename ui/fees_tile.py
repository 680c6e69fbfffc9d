"""The Today tile of the Fees module: units in arrears, count and total (apart, so start-up stays light)."""

from __future__ import annotations

from frontdesk.auth import Permission
from frontdesk.i18n import N_, _, ngettext
from frontdesk.money import fen_to_text
from ui.context import AppContext
from ui.today import TileSpec, TileValue, register_tile


def _arrears_tile(context: AppContext) -> TileValue:
    found = context.services.estate.arrears_totals(actor=context.require_actor())
    if found.units == 0:
        return TileValue("0", _("No unit owes anything."), "ok")
    return TileValue(
        ngettext("{n} unit", "{n} units", found.units).format(n=found.units),
        _("¥{total} owed in all (Fees, F7)").format(total=fen_to_text(found.total_fen)),
        "warn",
    )


def register_fees_tile() -> None:
    """The Today tile: how many units owe and how much in all."""
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
