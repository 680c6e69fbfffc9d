"""The arrears workbook: every unit owing money, its residents masked, how much and since when."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from frontdesk.auth import Actor
from frontdesk.clock import local_today
from frontdesk.estate import exporting
from frontdesk.i18n import _
from reports.xlsx import Column


def arrears_table(
    actor: Actor, destination: str, as_of: date | None = None
) -> tuple[str, list[Column], list[Sequence[object]]]:
    """Title, columns and rows of the arrears export on ``as_of`` (default today); audited."""
    day = as_of if as_of is not None else local_today()
    found = exporting.export_arrears(actor=actor, as_of=day, destination=destination)
    columns = [
        Column(_("Unit"), 12),
        Column(_("Building"), 10),
        Column(_("Residents"), 34),
        Column(_("Charged"), 14, "money"),
        Column(_("Paid"), 14, "money"),
        Column(_("Arrears"), 14, "money"),
        Column(_("Oldest unpaid"), 14, "date"),
        Column(_("Days unpaid"), 12, "int"),
    ]
    rows: list[Sequence[object]] = [
        (
            r.unit_code,
            r.building_name,
            r.residents,
            r.arrears.charged_fen,
            r.arrears.paid_fen,
            r.arrears.arrears_fen,
            r.arrears.oldest_unpaid_due,
            r.arrears.oldest_unpaid_days,
        )
        for r in found
    ]
    if any(r.arrears.late_fee_permyriad for r in found):  # the office set a contract rate: show it
        columns.append(Column(_("Late fee (not charged)"), 16, "money"))
        rows = [(*row, r.arrears.late_fee_fen) for row, r in zip(rows, found, strict=True)]
    title = _("Arrears on {day}").format(day=day.isoformat())
    return title, columns, rows
