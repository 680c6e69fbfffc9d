"""The slips section of the unit panel: the unit's latest release slips, open ones standing out."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from frontdesk.auth import Actor, Permission
from frontdesk.clock import format_local
from frontdesk.i18n import _, ngettext
from frontdesk.slips.labels import label
from frontdesk.slips.rows import SlipStatus

if TYPE_CHECKING:
    from frontdesk.estate.panel import PanelSection, PanelSections
    from frontdesk.services import Services

RECENT = 5
#: statuses that want the clerk's attention: goods may still leave, or the owner is to be called again
_OPEN = (SlipStatus.ISSUED, SlipStatus.PENDING)


def register_panel(sections: PanelSections, services: Services) -> None:
    """Add the "recent release slips" section to the unit panel."""

    def provider(actor: Actor, unit_id: int, _today: date) -> PanelSection | None:
        from frontdesk.estate.panel import PanelLine, PanelSection

        if not actor.can(Permission.DESK_WORK):
            return None
        recent = services.slips.recent_for_unit(actor=actor, unit_id=unit_id, limit=RECENT)
        lines = tuple(
            PanelLine(
                f"{s.number} {format_local(s.issued_at)}",
                ngettext(
                    "{status} · {items} line · {name}", "{status} · {items} lines · {name}", s.item_count
                ).format(status=label(s.status), items=s.item_count, name=s.applicant_name or _("(purged)")),
                attention=s.status in _OPEN,
                ref=f"release_slip:{s.number}",
            )
            for s in recent
        )
        return PanelSection(
            "release_slips",
            _("Recent release slips"),
            lines,
            len(lines),
            attention=any(line.attention for line in lines),
        )

    sections.register("release_slips", provider, order=210)
