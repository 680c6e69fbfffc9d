"""What the complaint service takes and returns: codes, the two procedures, form inputs and frozen rows."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from frontdesk.callbacks.rows import CallbackRow


class Channel(StrEnum):
    """How the complaint reached the office."""

    WALK_IN = "walk_in"
    PHONE = "phone"
    LETTER = "letter"
    MESSAGE = "message"
    PATROL = "patrol"  # found by the clerk on patrol


class ComplaintClass(StrEnum):
    """有效投訴 (the service failed) or 溝通性投訴 (a grievance to answer)."""

    VALID = "valid"
    COMMUNICATIVE = "communicative"


class ValidKind(StrEnum):
    """What part of the service a valid complaint is about."""

    CLEANING = "cleaning"
    PARKING = "parking"  # vehicles and parking
    CHARGES = "charges"  # wrong or excessive charges (亂收費)
    REPAIR = "repair"  # equipment repair and maintenance
    SECURITY = "security"
    OTHER = "other"  # another service


class CommunicativeType(StrEnum):
    """What a communicative complaint is."""

    HELP = "help"  # 求助型: needs help, often a repair
    ENQUIRY = "enquiry"  # 咨詢型: a question or suggestion
    VENTING = "venting"  # 發泄型: frustration, a misunderstanding


#: the kinds each class allows
KINDS: dict[ComplaintClass, tuple[str, ...]] = {
    ComplaintClass.VALID: tuple(k.value for k in ValidKind),
    ComplaintClass.COMMUNICATIVE: tuple(t.value for t in CommunicativeType),
}


class ComplaintStatus(StrEnum):
    """Where a complaint stands."""

    OPEN = "open"
    IN_HANDLING = "in_handling"
    AWAITING_CALLBACK = "awaiting_callback"
    CLOSED = "closed"
    REOPENED = "reopened"  # an unsatisfied callback: handled again, then called back again


#: the one transition table: each status and where it may go next
TRANSITIONS: dict[ComplaintStatus, frozenset[ComplaintStatus]] = {
    ComplaintStatus.OPEN: frozenset({ComplaintStatus.IN_HANDLING}),
    ComplaintStatus.IN_HANDLING: frozenset({ComplaintStatus.AWAITING_CALLBACK}),
    ComplaintStatus.AWAITING_CALLBACK: frozenset({ComplaintStatus.CLOSED, ComplaintStatus.REOPENED}),
    ComplaintStatus.REOPENED: frozenset({ComplaintStatus.AWAITING_CALLBACK}),
    ComplaintStatus.CLOSED: frozenset(),
}

#: statuses of a complaint still being dealt with
OPEN_STATUSES = (
    ComplaintStatus.OPEN,
    ComplaintStatus.IN_HANDLING,
    ComplaintStatus.AWAITING_CALLBACK,
    ComplaintStatus.REOPENED,
)


class Step(StrEnum):
    """A step of one of the two procedures."""

    RECORD = "record"
    NATURE = "nature"  # valid ②: judge the nature
    DEPARTMENT = "department"  # valid ③: the responsible department
    SITE_VISIT = "site_visit"  # valid ④: to the site with the department's supervisor
    HANDLING = "handling"  # valid ⑤: handling led by that supervisor
    IDENTITY = "identity"  # communicative ②: is the complainant a resident of the unit?
    FEE_STATUS = "fee_status"  # communicative ③: the unit's fees seen
    RESPONSE = "response"  # communicative ④: notify the department or answer the resident
    CALLBACK = "callback"  # the last step of both


#: the two procedures, in order
PROCEDURES: dict[ComplaintClass, tuple[Step, ...]] = {
    ComplaintClass.VALID: (
        Step.RECORD,
        Step.NATURE,
        Step.DEPARTMENT,
        Step.SITE_VISIT,
        Step.HANDLING,
        Step.CALLBACK,
    ),
    ComplaintClass.COMMUNICATIVE: (
        Step.RECORD,
        Step.IDENTITY,
        Step.FEE_STATUS,
        Step.RESPONSE,
        Step.CALLBACK,
    ),
}


@dataclass(frozen=True)
class ComplainantInput:
    """Who complains: a resident of the registry (``resident_id``) or a free name and phone."""

    resident_id: int | None = None
    name: str = ""
    phone: str = ""


@dataclass(frozen=True)
class IntakeInput:
    """The intake form: channel, complainant, unit or public place, time, content, classification."""

    channel: str  # Channel value
    complainant: ComplainantInput
    unit_id: int | None
    place: str
    content: str
    cls: str  # ComplaintClass value
    kind: str  # a ValidKind or CommunicativeType value
    occurred_at: datetime | None = None  # naive UTC; None: now
    link_to: str = ""  # the number of an open complaint about the same matter
    suggested: str = ""  # what the form's suggestion was ("valid:charges"), kept for the hit rate


@dataclass(frozen=True)
class Suggestion:
    """What the keyword rules make of a text, and the words that matched (empty: no suggestion)."""

    cls: ComplaintClass | None
    kind: str
    words: tuple[str, ...]

    @property
    def code(self) -> str:
        """``"valid:charges"``, or ``""`` when nothing matched."""
        return f"{self.cls.value}:{self.kind}" if self.cls is not None else ""


@dataclass(frozen=True)
class RuleRow:
    """A keyword rule."""

    id: int
    keyword: str
    cls: ComplaintClass
    kind: str
    position: int


@dataclass(frozen=True)
class RuleInput:
    """A keyword rule as typed or read from the office's sheet."""

    keyword: str
    cls: str
    kind: str


@dataclass(frozen=True)
class DepartmentRow:
    """A department of the editable list (``name`` in the user's language)."""

    code: str
    name: str
    active: bool


@dataclass(frozen=True)
class StepRow:
    """A recorded step of the procedure."""

    step: Step
    done_at: datetime
    done_by: str
    done_by_name: str
    department: str = ""
    person: str = ""
    when: datetime | None = None
    flag: bool | None = None
    amount_fen: int | None = None
    text: str = ""
    result: str = ""


@dataclass(frozen=True)
class ClassChangeRow:
    """A classification in the history (the first one is the intake's)."""

    cls: ComplaintClass
    kind: str
    reason: str
    changed_at: datetime
    changed_by: str
    changed_by_name: str


@dataclass(frozen=True)
class ComplaintRow:
    """A complaint in lists and as the result of every change (phone masked).

    ``overdue``: still open past its response or closing deadline, as of the moment it was read.
    """

    id: int
    number: str
    channel: Channel
    complainant_name: str
    complainant_phone_masked: str
    complainant_resident_id: int | None
    unit_id: int | None
    unit_code: str
    place: str
    occurred_at: datetime
    received_at: datetime
    clerk: str
    clerk_name: str
    content: str
    cls: ComplaintClass
    kind: str
    suggested: str
    status: ComplaintStatus
    next_step: Step | None
    department: str
    linked_to: str
    work_order_request: str
    work_order_ref: str
    respond_by: datetime
    close_by: datetime
    closed_at: datetime | None
    reopen_count: int
    reclass_count: int
    escalated: bool
    escalation_reason: str
    overdue: bool
    purged: bool
    version: int


@dataclass(frozen=True)
class ComplaintDetail:
    """A complaint with its steps, classification history and callbacks (the record sheet's content)."""

    complaint: ComplaintRow
    steps: tuple[StepRow, ...]
    classes: tuple[ClassChangeRow, ...]
    callbacks: tuple[CallbackRow, ...]
    similar_open: tuple[str, ...] = ()  # numbers of other open complaints about the unit and matter


@dataclass(frozen=True)
class ComplaintFigures:
    """A month's figures for the complaints received in it (the monthly report draws them).

    ``closed_in_target``: closed (after their callback) by their closing deadline.
    ``callbacks_due``: whose handling finished; ``callbacks_done``: of those, called back with an
    answer (closed or reopened). ``satisfaction``: every answered call for them, by satisfaction.
    ``reclassifications``: reclassifications made of them (the intake's classification not counted).
    """

    month: str
    received: int
    by_class: dict[str, int] = field(default_factory=dict)
    by_kind: dict[str, int] = field(default_factory=dict)
    by_department: dict[str, int] = field(default_factory=dict)
    closed: int = 0
    closed_in_target: int = 0
    callbacks_due: int = 0
    callbacks_done: int = 0
    satisfaction: dict[str, int] = field(default_factory=dict)
    reclassifications: int = 0

    @property
    def closed_in_target_share(self) -> float:
        """Closed within target, out of those received (0 when none)."""
        return self.closed_in_target / self.received if self.received else 0.0

    @property
    def callback_rate(self) -> float:
        """Called back, out of those whose handling finished (0 when none)."""
        return self.callbacks_done / self.callbacks_due if self.callbacks_due else 0.0


@dataclass(frozen=True)
class ListFilter:
    """The complaint list's filters: status, month received, overdue only, unit."""

    status: str = ""  # a ComplaintStatus value; "" for any
    month: str = ""  # YYYY-MM received; "" for any
    open_only: bool = False  # any status but closed
    overdue_only: bool = False
    unit_id: int | None = None
