"""What the callback service takes and returns: codes and frozen rows (never peewee objects)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum


class CallbackMethod(StrEnum):
    """How the resident was reached."""

    PHONE = "phone"
    VISIT = "visit"


class Satisfaction(StrEnum):
    """What the resident thinks of the handling, best first."""

    VERY_SATISFIED = "very_satisfied"
    SATISFIED = "satisfied"
    NEUTRAL = "neutral"
    DISSATISFIED = "dissatisfied"


class CallbackOutcome(StrEnum):
    """What a call made of the case; ``ESCALATED`` is told to the owner, never typed."""

    CLOSED = "closed"
    REOPENED = "reopened"
    UNREACHABLE = "unreachable"
    ESCALATED = "escalated"


#: the outcomes a clerk records
RECORDED_OUTCOMES = (CallbackOutcome.CLOSED, CallbackOutcome.REOPENED, CallbackOutcome.UNREACHABLE)


@dataclass(frozen=True)
class CallbackInput:
    """One call as the callback form gives it (``called_at`` naive UTC; None: now)."""

    method: str  # CallbackMethod value
    words: str  # what the resident said
    satisfaction: str  # Satisfaction value; "" only when unreachable
    outcome: str  # closed / reopened / unreachable
    called_at: datetime | None = None


@dataclass(frozen=True)
class AttemptRow:
    """One call made for a callback."""

    called_at: datetime
    method: CallbackMethod
    caller: str
    caller_name: str
    words: str
    satisfaction: Satisfaction | None
    outcome: CallbackOutcome


@dataclass(frozen=True)
class CallbackRow:
    """A callback in the queue, on a case's record and in the month's list (phone masked)."""

    id: int
    module: str
    case_id: int
    case_ref: str
    unit_id: int | None
    unit_code: str
    resident_name: str
    phone_masked: str
    handled_by: tuple[str, ...]
    handled_by_name: str
    scheduled_at: datetime
    due_at: datetime
    due_on: date
    status: str  # open / done
    outcome: CallbackOutcome | None
    attempts: int
    escalated: bool
    overdue: bool  # open past its due moment
    done_at: datetime | None
    done_by: str
    version: int
    calls: tuple[AttemptRow, ...] = ()
