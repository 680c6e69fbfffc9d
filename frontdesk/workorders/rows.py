"""What the work-order service takes and returns: codes, the one transition table, inputs, frozen rows."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from enum import StrEnum

from frontdesk.callbacks.rows import CallbackRow


class Urgency(StrEnum):
    """Urgent: someone goes now; normal: scheduled."""

    URGENT = "urgent"
    NORMAL = "normal"


class Department(StrEnum):
    """Who an order goes to: engineering (a work order) or another department (a coordination slip)."""

    ENGINEERING = "engineering"
    SECURITY = "security"
    CLEANING = "cleaning"
    GREENING = "greening"


class OrderStatus(StrEnum):
    """Where an order stands."""

    CREATED = "created"
    DISPATCHED = "dispatched"  # slip printed, engineering notified, technician assigned
    SIGNED_FOR = "signed_for"  # the technician signed for the slip
    SURVEYED = "surveyed"  # findings on site
    QUOTED = "quoted"  # paid orders: labour and materials quoted
    APPROVED = "approved"  # the supervisor approved the quote
    REFUSED = "refused"  # the supervisor did not: quote again or cancel
    IN_PROGRESS = "in_progress"
    COMPLETED = "completed"  # awaiting its callback
    CLOSED = "closed"
    CANCELLED = "cancelled"


_S = OrderStatus
#: the one transition table: each status and where it may go next (cancelling aside)
TRANSITIONS: dict[OrderStatus, frozenset[OrderStatus]] = {
    _S.CREATED: frozenset({_S.DISPATCHED}),
    _S.DISPATCHED: frozenset({_S.DISPATCHED, _S.SIGNED_FOR}),  # dispatched again: another technician
    _S.SIGNED_FOR: frozenset({_S.SURVEYED}),
    _S.SURVEYED: frozenset({_S.QUOTED, _S.IN_PROGRESS}),  # paid orders must be quoted
    _S.QUOTED: frozenset({_S.APPROVED, _S.REFUSED}),
    _S.REFUSED: frozenset({_S.QUOTED}),
    _S.APPROVED: frozenset({_S.IN_PROGRESS}),
    _S.IN_PROGRESS: frozenset({_S.COMPLETED}),
    _S.COMPLETED: frozenset({_S.CLOSED, _S.IN_PROGRESS}),  # the callback closes or reopens it
    _S.CLOSED: frozenset(),
    _S.CANCELLED: frozenset(),
}

#: statuses an order may be cancelled from (with a reason)
CANCELLABLE: frozenset[OrderStatus] = frozenset(
    {
        _S.CREATED,
        _S.DISPATCHED,
        _S.SIGNED_FOR,
        _S.SURVEYED,
        _S.QUOTED,
        _S.REFUSED,
        _S.APPROVED,
        _S.IN_PROGRESS,
    }
)
#: an order still to be worked on (a technician's load, the work plan, the completion deadline)
WORKING: tuple[OrderStatus, ...] = (
    _S.CREATED,
    _S.DISPATCHED,
    _S.SIGNED_FOR,
    _S.SURVEYED,
    _S.QUOTED,
    _S.REFUSED,
    _S.APPROVED,
    _S.IN_PROGRESS,
)
#: an order not yet closed or cancelled (the open list)
OPEN_STATUSES: tuple[OrderStatus, ...] = (*WORKING, _S.COMPLETED)


class DispatchRule(StrEnum):
    """How the program proposes a technician among those with the skill (the office's setting)."""

    LONGEST_IDLE = "longest_idle"
    FEWEST_OPEN = "fewest_open"
    ROUND_ROBIN = "round_robin"


@dataclass(frozen=True)
class ReporterInput:
    """Who reports: a resident of the registry (``resident_id``) or a free name and phone."""

    resident_id: int | None = None
    name: str = ""
    phone: str = ""


@dataclass(frozen=True)
class OrderInput:
    """The order form: where, what, category, urgency, the wanted window, reporter, paid, source."""

    unit_id: int | None
    place: str
    problem: str
    category: str  # a category code of the office's list
    urgency: str  # Urgency value
    reporter: ReporterInput
    paid: bool = False
    window_start: datetime | None = None  # naive UTC
    window_end: datetime | None = None
    department: str = "engineering"  # Department value; another than engineering: a coordination slip
    source_complaint: str = ""  # the complaint's number it came from
    source_call: int | None = None  # the phone call's id it came from


@dataclass(frozen=True)
class MaterialInput:
    """A material used, as typed on completion (``amount`` in yuan)."""

    name: str
    quantity: str = ""
    unit: str = ""
    amount: Decimal | str = Decimal(0)


@dataclass(frozen=True)
class MaterialRow:
    """A material used on an order."""

    name: str
    quantity: str
    unit: str
    amount_fen: int


@dataclass(frozen=True)
class EventRow:
    """A recorded transition or follow-up note."""

    action: str  # an OrderStatus value, "note", "reassign" or "reopened"
    from_status: str
    done_at: datetime
    done_by: str
    done_by_name: str
    technician_name: str
    text: str


@dataclass(frozen=True)
class OrderRow:
    """An order in lists and as the result of every change (phone masked).

    ``overdue``: still to be worked on past its completion deadline; ``unsigned_late``: not signed
    for past its response deadline (an urgent one stands out); ``attention``: either, for an order
    that is urgent-unsigned or overdue — as of the moment the row was read.
    """

    id: int
    number: str
    department: Department
    unit_id: int | None
    unit_code: str
    place: str
    problem: str
    category: str
    category_name: str
    urgency: Urgency
    window_start: datetime | None
    window_end: datetime | None
    reporter_name: str
    reporter_phone_masked: str
    paid: bool
    source_kind: str
    source_ref: str
    status: OrderStatus
    received_at: datetime
    clerk: str
    clerk_name: str
    respond_by: datetime
    finish_by: datetime
    technician_id: int | None
    technician_name: str
    proposal_reason: str
    dispatched_at: datetime | None
    signed_at: datetime | None
    surveyed_at: datetime | None
    findings: str
    labour_fen: int | None
    materials_fen: int | None
    started_at: datetime | None
    completed_at: datetime | None
    work_done: str
    hours_tenths: int | None
    fee_fen: int | None
    charge_id: int | None
    closed_at: datetime | None
    cancelled_at: datetime | None
    cancel_reason: str
    reopen_count: int
    overdue: bool
    unsigned_late: bool
    purged: bool
    version: int

    @property
    def attention(self) -> bool:
        """Overdue, or urgent and not signed for in time: stands out on the list, Today and the panel."""
        return self.overdue or (self.unsigned_late and self.urgency is Urgency.URGENT)

    @property
    def quote_fen(self) -> int | None:
        """The quoted total (labour and materials), None before a quote."""
        if self.labour_fen is None:
            return None
        return self.labour_fen + (self.materials_fen or 0)


@dataclass(frozen=True)
class OrderDetail:
    """An order with its transitions and notes, materials and callbacks."""

    order: OrderRow
    events: tuple[EventRow, ...]
    materials: tuple[MaterialRow, ...]
    callbacks: tuple[CallbackRow, ...]


@dataclass(frozen=True)
class TechnicianRow:
    """A technician: skills, on duty, open orders now."""

    id: int
    name: str
    phone_masked: str
    staff_id: int | None
    department: Department
    skills: tuple[str, ...]
    on_duty: bool
    active: bool
    open_orders: int
    last_assigned_at: datetime | None
    version: int


@dataclass(frozen=True)
class TechnicianInput:
    """A technician as the settings form gives it.

    On a change, ``phone`` given back as the row showed it (``TechnicianRow.phone_masked``) keeps the
    stored number, and a skill whose category has been hidden since stays held.
    """

    name: str
    phone: str = ""
    department: str = "engineering"
    skills: tuple[str, ...] = ()
    on_duty: bool = True
    active: bool = True
    staff_id: int | None = None


@dataclass(frozen=True)
class Proposal:
    """The technician the office's rule proposes, and why (``technician_id`` None: nobody on duty)."""

    technician_id: int | None
    technician_name: str
    rule: DispatchRule
    reason: str
    skilled: bool  # the proposed one has the order's category among their skills
    ranking: tuple[int, ...] = ()  # every candidate's id, best first


@dataclass(frozen=True)
class CategoryRow:
    """A category of the editable list (``name`` in the user's language)."""

    code: str
    name: str
    active: bool


@dataclass(frozen=True)
class TodayCounts:
    """The Today page's work-order tiles."""

    received_today: int
    open: int
    overdue: int
    urgent_unsigned: int
    awaiting_callback: int


@dataclass(frozen=True)
class OrderFigures:
    """A month's figures for the orders received in it (cancelled ones counted apart).

    Response: from receipt to the technician signing for the slip, against ``respond_by``;
    completion: from receipt to completion, against ``finish_by``. ``overdue``: completed after
    ``finish_by``, or still to be worked on past it. ``reopened``: orders a callback reopened at
    least once, out of ``completed`` (the reopen rate). ``satisfaction``: every answered callback
    call for them, by satisfaction.
    """

    month: str
    received: int
    cancelled: int = 0
    by_category: dict[str, int] = field(default_factory=dict)
    responded: int = 0
    responded_in_target: int = 0
    average_response_minutes: float = 0.0
    completed: int = 0
    completed_in_target: int = 0
    average_completion_hours: float = 0.0
    overdue: int = 0
    reopened: int = 0
    satisfaction: dict[str, int] = field(default_factory=dict)

    @property
    def reopen_rate(self) -> float:
        """Reopened out of completed (0 when none)."""
        return self.reopened / self.completed if self.completed else 0.0

    @property
    def response_in_target_share(self) -> float:
        """Signed for within target, out of those signed for (0 when none)."""
        return self.responded_in_target / self.responded if self.responded else 0.0

    @property
    def completion_in_target_share(self) -> float:
        """Completed within target, out of those completed (0 when none)."""
        return self.completed_in_target / self.completed if self.completed else 0.0

    @property
    def satisfied_share(self) -> float:
        """Very satisfied or satisfied, out of the answered calls (0 when none)."""
        total = sum(self.satisfaction.values())
        good = self.satisfaction.get("very_satisfied", 0) + self.satisfaction.get("satisfied", 0)
        return good / total if total else 0.0


@dataclass(frozen=True)
class ListFilter:
    """The order list's filters."""

    status: str = ""  # an OrderStatus value; "" for any
    month: str = ""  # YYYY-MM received; "" for any
    open_only: bool = False  # not closed nor cancelled
    attention_only: bool = False  # overdue, or urgent and not signed for in time
    unit_id: int | None = None
    technician_id: int | None = None
    department: str = ""  # "" for any
