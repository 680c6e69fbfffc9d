"""The complaints section of the unit panel: the unit's open complaints, overdue ones standing out."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from frontdesk.auth import Actor, Permission
from frontdesk.clock import format_local
from frontdesk.complaints.labels import kind_label, label
from frontdesk.i18n import _

if TYPE_CHECKING:
    from frontdesk.estate.panel import PanelSection, PanelSections
    from frontdesk.services import Services

SHOWN = 5


def register_panel(sections: PanelSections, services: Services) -> None:
    """Add the "open complaints" section to the unit panel."""

    def provider(actor: Actor, unit_id: int, _today: date) -> PanelSection | None:
        from frontdesk.estate.panel import PanelLine, PanelSection

        if not actor.can(Permission.DESK_WORK):
            return None
        rows = services.complaints.open_for_unit(actor=actor, unit_id=unit_id, limit=SHOWN)
        lines = tuple(
            PanelLine(
                f"{c.number} {format_local(c.received_at)}",
                _("{status} · {kind}{overdue}").format(
                    status=label(c.status),
                    kind=kind_label(c.kind),
                    overdue=_(" · overdue") if c.overdue else "",
                ),
                attention=c.overdue,
                ref=f"complaint:{c.number}",
            )
            for c in rows
        )
        if not lines:
            return None
        return PanelSection(
            "complaints",
            _("Open complaints"),
            lines,
            len(lines),
            attention=any(line.attention for line in lines),
        )

    sections.register("complaints", provider, order=150)
