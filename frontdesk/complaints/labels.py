"""The complaint module's codes in the user's language, and the built-in departments."""

from __future__ import annotations

from enum import StrEnum

from frontdesk.complaints.rows import (
    Channel,
    CommunicativeType,
    ComplaintClass,
    ComplaintStatus,
    Step,
    ValidKind,
)
from frontdesk.i18n import N_, NC_, _

_LABELS: dict[type[StrEnum], dict[str, str]] = {
    Channel: {
        "walk_in": N_("Walk-in"),
        "phone": N_("Phone"),
        "letter": N_("Letter"),
        "message": N_("Message"),
        "patrol": N_("Patrol finding"),
    },
    ComplaintClass: {"valid": N_("Valid complaint"), "communicative": N_("Communicative complaint")},
    ValidKind: {
        "cleaning": N_("Cleaning"),
        "parking": N_("Vehicles and parking"),
        "charges": N_("Charges"),
        "repair": N_("Equipment repair and maintenance"),
        "security": N_("Security"),
        "other": N_("Other service"),
    },
    CommunicativeType: {"help": N_("Help-seeking"), "enquiry": N_("Enquiry"), "venting": N_("Venting")},
    ComplaintStatus: {
        "open": N_("Open"),
        "in_handling": N_("In handling"),
        "awaiting_callback": N_("Awaiting callback"),
        "closed": N_("Closed"),
        "reopened": N_("Reopened"),
    },
    Step: {
        "record": N_("Complaint recorded"),
        "nature": N_("Judge the nature"),
        "department": N_("Responsible department"),
        "site_visit": N_("Site visit"),
        "handling": N_("Handling"),
        "identity": N_("Confirm identity"),
        "fee_status": N_("Fee status"),
        "response": N_("Notify or answer"),
        "callback": N_("Callback"),
    },
}

#: the departments every office starts with (code → name); the office edits the list
DEPARTMENTS: dict[str, str] = {
    "security": NC_("department", "Security"),
    "engineering": N_("Engineering"),
    "cleaning": N_("Cleaning"),
    "greening": N_("Greening"),
    "finance": N_("Finance"),
    "customer_service": N_("Customer service"),
}

#: the reminder the intake form shows (不能輕易向業主承諾)
NO_PROMISES = N_(
    "Do not make promises to the resident: record the complaint and say when they will hear back."
)


def label(choice: StrEnum) -> str:
    """The choice's name in the current language."""
    return _(_LABELS[type(choice)][choice.value])


def kind_label(kind: str) -> str:
    """The name of a valid complaint's kind or a communicative complaint's type."""
    if kind in ValidKind.__members__.values():
        return label(ValidKind(kind))
    return label(CommunicativeType(kind))


def department_label(code: str, name: str = "") -> str:
    """A department's name: the office's own, or the built-in one's in the current language."""
    if name:
        return name
    return _(DEPARTMENTS[code]) if code in DEPARTMENTS else code
