"""The slip module's codes in the user's language (statuses, applicant kinds, reasons, answers, copies)."""

from __future__ import annotations

from enum import StrEnum

from frontdesk.i18n import N_, _
from frontdesk.slips.rows import ApplicantKind, ConfirmationAnswer, GateResult, SlipReason, SlipStatus

# keyed by enum class first: several enums share values ("refused", "pending", "expired")
_LABELS: dict[type[StrEnum], dict[str, str]] = {
    SlipStatus: {
        "issued": N_("Issued"),
        "pending": N_("Waiting for the owner"),
        "refused": N_("Refused by the owner"),
        "used": N_("Used"),
        "voided": N_("Voided"),
        "expired": N_("Expired"),
    },
    ApplicantKind: {
        "owner": N_("Owner"),
        "tenant": N_("Tenant"),
        "agent": N_("Agent (mover, decorator)"),
    },
    SlipReason: {
        "moving_out": N_("Moving out"),
        "repair": N_("Repair"),
        "rented_return": N_("Returning rented goods"),
        "other": N_("Other"),
    },
    ConfirmationAnswer: {
        "agreed": N_("Agreed"),
        "refused": N_("Refused"),
        "unreachable": N_("Unreachable"),
    },
    GateResult: {
        "valid": N_("Valid"),
        "used": N_("Already used"),
        "expired": N_("Expired"),
        "voided": N_("Voided"),
        "refused": N_("Refused by the owner"),
        "pending": N_("Not confirmed yet"),
        "unknown": N_("Unknown number"),
        "tampered": N_("Code does not match"),
        "code_needed": N_("Type the slip's code"),
    },
}

#: the copies a slip prints, in order, with the word printed on each page
COPIES: dict[str, str] = {
    "applicant": N_("Applicant's copy"),
    "gate": N_("Gate copy"),
    "office": N_("Office copy"),
}


def label(choice: StrEnum) -> str:
    """The choice's name in the current language."""
    return _(_LABELS[type(choice)][choice.value])


def copy_label(copy: str) -> str:
    """The name printed on a copy's pages ("applicant" → 申请人联)."""
    return _(COPIES[copy])
