"""What the visitors' services return: frozen rows, never live records (personal data masked)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from frontdesk.identity import mask_phone
from frontdesk.visitors.kinds import Answer, IdStatus, NotifyMethod, Purpose, SignOutKind, VisitStatus
from frontdesk.visitors.models import Notification, Visit, Visitor, WatchEntry


@dataclass(frozen=True)
class NotificationRow:
    """One notification of a visit's host."""

    told: str
    method: NotifyMethod
    answer: Answer
    at: datetime
    by: str

    @classmethod
    def of(cls, n: Notification) -> NotificationRow:
        """The row of a stored notification."""
        return cls(n.told, NotifyMethod(n.method), Answer(n.answer), n.at, n.by)


@dataclass(frozen=True)
class VisitRow:
    """A visit as lists, the pass and exports show it: the visitor's phone and ID masked."""

    id: int
    visitor_id: int
    name: str
    phone_masked: str
    id_number_masked: str
    purpose: Purpose
    purpose_note: str
    host_unit_id: int | None
    host_unit_code: str
    host_resident_id: int | None
    host_name: str
    host_department: str
    companions: int
    plate: str
    pass_number: str
    time_in: datetime
    time_out: datetime | None
    clerk: str
    id_status: IdStatus
    status: VisitStatus
    signout_kind: SignOutKind | None
    legal_hold: bool
    purged: bool
    watch_released_by: str = ""
    last_answer: Answer | None = None

    @property
    def host(self) -> str:
        """Whom they visit, as one text: ``3-1502 王秀英`` or the department."""
        return " ".join(p for p in (self.host_unit_code, self.host_name) if p) or self.host_department

    @classmethod
    def of(cls, v: Visit, person: Visitor, unit_code: str, host_name: str, answer: str | None) -> VisitRow:
        """The row of a stored visit (``unit_code``/``host_name`` fetched with it)."""
        return cls(
            v.id,
            person.id,
            person.name,
            mask_phone(person.phone) if person.phone else "",
            person.id_number_masked,
            Purpose(v.purpose),
            v.purpose_note,
            v.host_unit_id,
            unit_code,
            v.host_resident_id,
            host_name,
            v.host_department,
            v.companions,
            v.plate,
            v.pass_number,
            v.time_in,
            v.time_out,
            v.clerk_name or v.clerk,
            IdStatus(v.id_status),
            VisitStatus(v.status),
            SignOutKind(v.signout_kind) if v.signout_kind else None,
            v.legal_hold,
            v.purged_at is not None,
            v.released_by,
            Answer(answer) if answer else None,
        )


@dataclass(frozen=True)
class VisitorHit:
    """A returning visitor found by the search, with their last visit to fill the form."""

    visitor_id: int
    name: str
    phone_masked: str
    id_type: str
    id_number_masked: str
    has_id_on_file: bool
    matched: str
    visit_count: int
    last_visit_at: datetime | None
    last_purpose: Purpose | None = None
    last_host_unit_id: int | None = None
    last_host_unit_code: str = ""
    last_host_resident_id: int | None = None
    last_host_name: str = ""
    last_host_department: str = ""
    last_plate: str = ""


@dataclass(frozen=True)
class VisitorSearch:
    """The hits; ``notice`` says when matching by ID number is off (key file missing or different)."""

    hits: tuple[VisitorHit, ...]
    notice: str = ""


@dataclass(frozen=True)
class WatchRow:
    """A watch-list entry (phone and ID masked)."""

    id: int
    name: str
    phone_masked: str
    id_number_masked: str
    reason: str
    set_by: str
    set_at: datetime
    active: bool
    removed_by: str
    removed_reason: str

    @classmethod
    def of(cls, w: WatchEntry) -> WatchRow:
        """The row of a stored entry."""
        phone = mask_phone(w.phone_digits) if w.phone_digits else ""
        return cls(
            w.id,
            w.name,
            phone,
            w.id_number_masked,
            w.reason,
            w.set_by,
            w.set_at,
            w.active,
            w.removed_by,
            w.removed_reason,
        )


@dataclass(frozen=True)
class TodayCounts:
    """The Today page's visitor tiles."""

    on_site: int
    visits_today: int
    refused_today: int


@dataclass(frozen=True)
class RevealedContact:
    """A visitor's full phone number, revealed to a supervisor (audited); the ID is only ever kept masked."""

    visitor_id: int
    name: str
    phone: str
    id_number_masked: str
