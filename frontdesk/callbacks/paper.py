"""A case's callbacks as its paper shows them (the complaint record sheet, the work slip).

Documents take plain text; this module reads the calls and words them in the user's language.
"""

from __future__ import annotations

from dataclasses import dataclass

from frontdesk.callbacks.labels import label
from frontdesk.callbacks.models import Callback
from frontdesk.callbacks.service import calls_of
from frontdesk.clock import format_local


@dataclass(frozen=True)
class CallLine:
    """One callback call on paper: when, who, how, the resident's satisfaction, the outcome, their words."""

    when: str
    caller: str
    method: str
    satisfaction: str
    outcome: str
    words: str


def case_calls(module: str, case_id: int) -> tuple[tuple[CallLine, ...], str]:
    """The calls made to call back case ``case_id`` of ``module``, in order, and when the open one is due."""
    found = list(
        Callback.select()
        .where((Callback.module == module) & (Callback.case_id == case_id))
        .order_by(Callback.id)
    )
    calls_by = calls_of([cb.id for cb in found])
    lines = tuple(
        CallLine(
            format_local(a.called_at),
            a.caller_name or a.caller,
            label(a.method),
            label(a.satisfaction) if a.satisfaction else "",
            label(a.outcome),
            a.words,
        )
        for cb in found
        for a in calls_by[cb.id]
    )
    due = next((format_local(cb.due_at) for cb in reversed(found) if cb.status == "open"), "")
    return lines, due
