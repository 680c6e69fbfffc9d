"""The work-order module's codes in the user's language, and the built-in categories."""

from __future__ import annotations

from enum import StrEnum

from frontdesk.i18n import N_, NC_, _
from frontdesk.workorders.rows import Department, DispatchRule, OrderStatus, Urgency

_LABELS: dict[type[StrEnum], dict[str, str]] = {
    Urgency: {"urgent": N_("Urgent"), "normal": N_("Normal")},
    Department: {
        "engineering": N_("Engineering"),
        "security": NC_("department", "Security"),
        "cleaning": N_("Cleaning"),
        "greening": N_("Greening"),
    },
    OrderStatus: {
        "created": N_("Created"),
        "dispatched": N_("Dispatched"),
        "signed_for": N_("Signed for"),
        "surveyed": N_("Surveyed"),
        "quoted": N_("Quoted"),
        "approved": N_("Quote approved"),
        "refused": N_("Quote refused"),
        "in_progress": N_("In progress"),
        "completed": N_("Completed, awaiting callback"),
        "closed": N_("Closed"),
        "cancelled": N_("Cancelled"),
    },
    DispatchRule: {
        "longest_idle": N_("Longest idle"),
        "fewest_open": N_("Fewest open orders"),
        "round_robin": N_("Round robin"),
    },
}

#: the categories every office starts with (code → name); the office edits the list
CATEGORIES: dict[str, str] = {
    "water": N_("Water supply and drainage"),
    "electrical": N_("Electrical"),
    "doors_locks": N_("Doors and locks"),
    "lift": N_("Lift"),
    "civil": N_("Civil works"),
    "public_facilities": N_("Public facilities"),
    "other": N_("Other"),
}

#: what the event log says for actions that are not a status
EVENT_ACTIONS: dict[str, str] = {
    "note": N_("Follow-up note"),
    "reassign": N_("Dispatched again"),
    "reopened": N_("Reopened by the callback"),
}


def label(choice: StrEnum) -> str:
    """The choice's name in the current language."""
    return _(_LABELS[type(choice)][choice.value])


def category_label(code: str, name: str = "") -> str:
    """A category's name: the office's own, or the built-in one's in the current language."""
    if name:
        return name
    return _(CATEGORIES[code]) if code in CATEGORIES else code


def event_label(action: str) -> str:
    """What a recorded event is called: a status reached, a note, a reassignment, a reopening."""
    if action in EVENT_ACTIONS:
        return _(EVENT_ACTIONS[action])
    return label(OrderStatus(action))
