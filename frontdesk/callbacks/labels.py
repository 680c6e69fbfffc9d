"""The callbacks' codes in the user's language."""

from __future__ import annotations

from enum import StrEnum

from frontdesk.callbacks.rows import CallbackMethod, CallbackOutcome, Satisfaction
from frontdesk.i18n import N_, _

_LABELS: dict[type[StrEnum], dict[str, str]] = {
    CallbackMethod: {"phone": N_("Phone"), "visit": N_("Visit")},
    Satisfaction: {
        "very_satisfied": N_("Very satisfied"),
        "satisfied": N_("Satisfied"),
        "neutral": N_("Neutral"),
        "dissatisfied": N_("Dissatisfied"),
    },
    CallbackOutcome: {
        "closed": N_("Closed"),
        "reopened": N_("Reopened"),
        "unreachable": N_("Unreachable"),
        "escalated": N_("Escalated to the supervisor"),
    },
}


def label(choice: StrEnum) -> str:
    """The choice's name in the current language."""
    return _(_LABELS[type(choice)][choice.value])
