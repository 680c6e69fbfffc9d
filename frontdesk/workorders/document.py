"""What the work slip (派工單) and the daily work plan (工作計劃表) print: plain, translated, masked data."""

from __future__ import annotations

from dataclasses import dataclass

from frontdesk.callbacks.paper import CallLine


@dataclass(frozen=True)
class SlipMaterial:
    """A line of the materials table (amount already as text)."""

    name: str
    quantity: str
    unit: str
    amount: str


@dataclass(frozen=True)
class WorkSlip:
    """The work slip: A5 or A4 (office setting), two copies (engineering / office) each marked.

    Every text is in the user's language; ``fields`` are (label, value) pairs in order; ``progress``
    the recorded steps (step, who and when, what); ``reprint`` marks every page as a reprint.
    """

    office_name: str
    title: str
    number: str
    paper: str  # "A5" or "A4"
    copies: tuple[str, ...]  # each copy's name, printed in the band of its pages
    fields: tuple[tuple[str, str], ...]
    problem: str
    technician: str
    signed_for: str  # "" while not signed for: the slip leaves a line to sign
    findings: str
    quote: str
    work_done: str
    materials: tuple[SlipMaterial, ...]
    hours: str
    fee: str
    progress: tuple[tuple[str, str, str], ...]
    calls: tuple[CallLine, ...]
    callback_due: str = ""
    reprint: bool = False


@dataclass(frozen=True)
class PlanLine:
    """One order on a technician's plan."""

    time: str  # the resident's window, or "by" the deadline
    number: str
    place: str
    category: str
    urgency: str
    problem: str
    status: str
    deadline: str
    flag: str  # "overdue", "not signed for" … in words; "" for none


@dataclass(frozen=True)
class PlanTechnician:
    """A technician's part of the plan."""

    name: str
    department: str
    on_duty: bool
    lines: tuple[PlanLine, ...]


@dataclass(frozen=True)
class WorkPlan:
    """The daily work plan: each technician's open orders in time order."""

    office_name: str
    day: str
    printed_at: str
    technicians: tuple[PlanTechnician, ...]
