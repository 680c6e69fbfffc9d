"""The fixed choices of the visitors module, with their names for the UI."""

from __future__ import annotations

from enum import StrEnum

from frontdesk.i18n import N_, _


class Purpose(StrEnum):
    """Why someone came (問明來意)."""

    VISIT_RESIDENT = "visit_resident"
    DELIVERY = "delivery"
    CONTRACTOR = "contractor"
    JOB_INTERVIEW = "job_interview"
    OFFICIAL = "official"
    OTHER = "other"


class IdStatus(StrEnum):
    """How the visitor's identity was confirmed (確認身份)."""

    NOT_ASKED = "not_asked"
    SEEN = "seen"
    RECORDED = "recorded"
    RESIDENT_CONFIRMED = "resident_confirmed"


class VisitStatus(StrEnum):
    """Where a visit stands."""

    ON_SITE = "on_site"
    SIGNED_OUT = "signed_out"
    REFUSED = "refused"


class SignOutKind(StrEnum):
    """How a visit was signed out."""

    NORMAL = "normal"
    END_OF_DAY = "end_of_day"


class NotifyMethod(StrEnum):
    """How the host was told (通報)."""

    PHONE = "phone"
    INTERCOM = "intercom"
    IN_PERSON = "in_person"
    MESSAGE = "message"


class Answer(StrEnum):
    """What the host answered."""

    AGREED = "agreed"
    REFUSED = "refused"
    UNREACHABLE = "unreachable"


class IdPolicy(StrEnum):
    """The office's policy on visitors' ID documents (setting ``visitor_id_policy``)."""

    NOT_ASKED = "not_asked"
    SEEN = "seen"
    RECORDED = "recorded"


_LABELS: dict[type[StrEnum], dict[str, str]] = {
    Purpose: {
        "visit_resident": N_("Visiting a resident"),
        "delivery": N_("Delivery"),
        "contractor": N_("Contractor"),
        "job_interview": N_("Job interview"),
        "official": N_("Official business"),
        "other": N_("Other"),
    },
    IdStatus: {
        "not_asked": N_("Not asked"),
        "seen": N_("Seen, not recorded"),
        "recorded": N_("Recorded"),
        "resident_confirmed": N_("Confirmed by the resident"),
    },
    VisitStatus: {"on_site": N_("On site"), "signed_out": N_("Signed out"), "refused": N_("Refused")},
    SignOutKind: {"normal": N_("Signed out"), "end_of_day": N_("End-of-day sign-out")},
    NotifyMethod: {
        "phone": N_("Phone"),
        "intercom": N_("Intercom"),
        "in_person": N_("In person"),
        "message": N_("Message"),
    },
    Answer: {"agreed": N_("Agreed"), "refused": N_("Refused"), "unreachable": N_("Unreachable")},
    IdPolicy: {"not_asked": N_("Not asked"), "seen": N_("Seen, not recorded"), "recorded": N_("Recorded")},
}


def label(choice: StrEnum) -> str:
    """The choice's name in the current language."""
    return _(_LABELS[type(choice)][choice.value])


def allowed_id_statuses(policy: IdPolicy) -> tuple[IdStatus, ...]:
    """The ID steps a clerk may record under ``policy``: the policy's own, or the resident's confirmation."""
    own = {IdPolicy.NOT_ASKED: IdStatus.NOT_ASKED, IdPolicy.SEEN: IdStatus.SEEN}.get(
        policy, IdStatus.RECORDED
    )
    return (own, IdStatus.RESIDENT_CONFIRMED)
