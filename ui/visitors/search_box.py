"""The returning-visitor search at the top of the registration form: type, see matches, Enter picks."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QWidget

from frontdesk.clock import format_local
from frontdesk.i18n import _
from frontdesk.visitors.rows import VisitorHit
from ui.kit.context import AppContext
from ui.kit.finder import Finder, Found

VISIBLE_ROWS = 5


def hit_text(hit: VisitorHit) -> str:
    """One line per match: name, masked phone and ID, last visit and host."""
    parts = [hit.name, hit.phone_masked, hit.id_number_masked]
    if hit.last_visit_at is not None:
        last = _("last {when}").format(when=format_local(hit.last_visit_at))
        host = hit.last_host_unit_code or hit.last_host_department
        parts.append(f"{last} → {host}" if host else last)
    return " · ".join(p for p in parts if p)


class ReturningSearch(Finder[VisitorHit]):
    """A search box and the list of matches under it; the notice says when ID digits cannot match."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(
            context,
            placeholder=_("Returning visitor? Phone, last 4 digits, name or ID digits"),
            visible_rows=VISIBLE_ROWS,
            parent=parent,
        )

    def search(self, text: str) -> Callable[[], Found[VisitorHit]]:
        actor, visitors = self._context.require_actor(), self._context.services.visitors

        def job() -> Found[VisitorHit]:
            found = visitors.find_returning(actor=actor, text=text)
            return found.hits, found.notice

        return job

    def hit_text(self, hit: VisitorHit) -> str:
        return hit_text(hit)
