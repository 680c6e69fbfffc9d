"""A case's callbacks as its record shows them (a complaint's case, a work order): each one's state —
due, overdue, or its outcome — and every call made, who called, how, and what the resident said."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from frontdesk.callbacks.labels import label
from frontdesk.callbacks.rows import CallbackRow
from frontdesk.clock import format_local
from frontdesk.i18n import _

BAD, MUTED = "#b3261e", "#5c6670"


def callbacks_html(callbacks: Sequence[CallbackRow], none_yet: str) -> str:
    """The callbacks as rich-text lines; ``none_yet`` says when there is none."""
    if not callbacks:
        return f"<div style='color:{MUTED}'>{escape(none_yet)}</div>"
    parts: list[str] = []
    for cb in callbacks:
        state = (
            _("due {due}").format(due=format_local(cb.due_at))
            if cb.status == "open"
            else label(cb.outcome)
            if cb.outcome is not None
            else cb.status
        )
        late = _("overdue")
        overdue = f" <b style='color:{BAD}'>{escape(late)}</b>" if cb.overdue else ""
        line = _("Callback: {state}").format(state=state)
        parts.append(f"<div>{escape(line)}{overdue}</div>")
        for call in cb.calls:
            said = " · ".join(
                p
                for p in (
                    format_local(call.called_at),
                    call.caller_name or call.caller,
                    label(call.method),
                    label(call.satisfaction) if call.satisfaction else "",
                    label(call.outcome),
                    call.words,
                )
                if p
            )
            parts.append(f"<div style='margin-left:18px'>{escape(said)}</div>")
    return "".join(parts)
