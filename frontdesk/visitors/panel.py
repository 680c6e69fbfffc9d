"""The visitors section of the unit panel: the unit's latest visitors (masked)."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from frontdesk.auth import Actor, Permission
from frontdesk.clock import format_local, to_local
from frontdesk.i18n import _, ngettext
from frontdesk.visitors.kinds import VisitStatus, label

if TYPE_CHECKING:
    from frontdesk.estate.panel import PanelSection, PanelSections
    from frontdesk.services import Services


def register_panel(sections: PanelSections, services: Services) -> None:
    """Add the "recent visitors" section to the unit panel."""

    def provider(actor: Actor, unit_id: int, _today: date) -> PanelSection | None:
        from frontdesk.estate.panel import PanelLine, PanelSection

        if not actor.can(Permission.DESK_WORK):
            return None
        recent, count = services.visitors.recent_for_unit(actor=actor, unit_id=unit_id)
        lines = tuple(
            PanelLine(
                f"{format_local(v.time_in)} {v.name or _('(purged)')}",
                label(v.status),
                attention=v.status is VisitStatus.REFUSED,
                ref=f"visit:{v.id}@{to_local(v.time_in).date().isoformat()}",  # the day shows its list
            )
            for v in recent
        )
        # the count is of the last 30 days, not of the lines shown: say so in the title itself
        title = ngettext(
            "Recent visitors ({n} visit in the last 30 days)",
            "Recent visitors ({n} visits in the last 30 days)",
            count,
        ).format(n=count)
        return PanelSection("visitors", title if count else _("Recent visitors"), lines)

    sections.register("visitors", provider, order=200)
