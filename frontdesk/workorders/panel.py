"""The work-orders section of the unit panel: the unit's open orders, those standing out first."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from frontdesk.auth import Actor, Permission
from frontdesk.clock import format_local
from frontdesk.i18n import _
from frontdesk.workorders.labels import label

if TYPE_CHECKING:
    from frontdesk.estate.panel import PanelSection, PanelSections
    from frontdesk.services import Services

SHOWN = 5


def register_panel(sections: PanelSections, services: Services) -> None:
    """Add the "open work orders" section to the unit panel."""

    def provider(actor: Actor, unit_id: int, _today: date) -> PanelSection | None:
        from frontdesk.estate.panel import PanelLine, PanelSection

        if not actor.can(Permission.DESK_WORK):
            return None
        rows = services.workorders.open_for_unit(actor=actor, unit_id=unit_id, limit=SHOWN)
        lines = tuple(
            PanelLine(
                f"{o.number} {format_local(o.received_at)}",
                _("{status} · {category}{flag}").format(
                    status=label(o.status),
                    category=o.category_name,
                    flag=(_(" · overdue") if o.overdue else _(" · urgent, not signed for"))
                    if o.attention
                    else "",
                ),
                attention=o.attention,
                ref=f"work_order:{o.number}",
            )
            for o in rows
        )
        if not lines:
            return None
        return PanelSection(
            "work_orders",
            _("Open work orders"),
            lines,
            len(lines),
            attention=any(line.attention for line in lines),
        )

    sections.register("work_orders", provider, order=160)
