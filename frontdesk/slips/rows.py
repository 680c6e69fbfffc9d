"""What the slip service takes and returns: codes, form inputs and frozen rows (never peewee objects)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from frontdesk.auth import Actor
from frontdesk.estate.ledger import ArrearsSummary
from frontdesk.estate.rows import InstructionRow
from frontdesk.slips.document import SlipItemLine


class SlipStatus(StrEnum):
    """A slip's state; ``EXPIRED`` is never stored: an issued or pending slip past its validity reads so."""

    ISSUED = "issued"
    PENDING = "pending"  # the owner could not be reached yet
    REFUSED = "refused"  # the owner refused on the phone
    USED = "used"
    VOIDED = "voided"
    EXPIRED = "expired"


class ApplicantKind(StrEnum):
    """Who asks for the slip."""

    OWNER = "owner"
    TENANT = "tenant"
    AGENT = "agent"  # mover, decorator, anyone acting for a resident


class SlipReason(StrEnum):
    """Why the goods leave the estate; ``OTHER`` needs a note."""

    MOVING_OUT = "moving_out"
    REPAIR = "repair"
    RENTED_RETURN = "rented_return"
    OTHER = "other"


class ConfirmationAnswer(StrEnum):
    """What the owner said on the phone."""

    AGREED = "agreed"
    REFUSED = "refused"
    UNREACHABLE = "unreachable"


class GateResult(StrEnum):
    """The gate check's verdict; only ``VALID`` lets the goods out."""

    VALID = "valid"
    USED = "used"
    EXPIRED = "expired"
    VOIDED = "voided"
    REFUSED = "refused"
    PENDING = "pending"
    UNKNOWN = "unknown"
    TAMPERED = "tampered"
    CODE_NEEDED = "code_needed"  # a typed number alone: numbers are easy to guess, the code is not


@dataclass(frozen=True)
class ApplicantInput:
    """Step 1 of the form: who applies and their identity document (``resident_id`` for an owner/tenant)."""

    kind: str  # ApplicantKind value
    resident_id: int | None
    name: str
    phone: str
    id_type: str  # identity.DocumentType value
    id_number: str


@dataclass(frozen=True)
class ItemInput:
    """One line of goods as typed; ``quantity`` is text ("2", "1.5", "２")."""

    description: str
    quantity: str
    unit: str
    remarks: str = ""


@dataclass(frozen=True)
class OverrideInput:
    """A supervisor lets a unit in arrears have its slip; ``supervisor`` comes from ``staff.authorize``."""

    supervisor: Actor
    reason: str


@dataclass(frozen=True)
class ConfirmationInput:
    """The phone call to an owner: whom, which number, when (naive UTC or aware), and the answer."""

    owner_resident_id: int
    phone_called: str
    called_at: datetime
    answer: str  # ConfirmationAnswer value
    note: str = ""


@dataclass(frozen=True)
class ContactRow:
    """An owner or tenant of the unit as the slip form lists them (phone masked)."""

    resident_id: int
    name: str
    kind: str  # "owner" / "tenant"
    phone_masked: str
    has_phone: bool


@dataclass(frozen=True)
class SlipContext:
    """Step 2 of the form: the unit with its owners, tenants, arrears and standing instructions."""

    unit_id: int
    unit_code: str
    estate_name: str
    owners: tuple[ContactRow, ...]
    tenants: tuple[ContactRow, ...]
    arrears: ArrearsSummary
    blocked: bool  # arrears > 0: only a supervisor's override lets the slip be issued
    instructions: tuple[InstructionRow, ...]  # standing instructions in force today


@dataclass(frozen=True)
class SlipRow:
    """A slip in lists, on the gate screen and as the result of every change (personal data masked).

    ``status`` is the effective status (``expired`` computed at read time); ``stored_status`` what the
    database holds. ``page_key`` is what ``list_slips(before=...)`` takes to fetch the next page.
    """

    id: int
    number: str
    status: SlipStatus
    stored_status: SlipStatus
    unit_id: int
    unit_code: str
    applicant_kind: ApplicantKind
    applicant_name: str
    applicant_phone_masked: str
    applicant_id_type: str
    applicant_id_masked: str
    reason: SlipReason
    reason_note: str
    valid_until: date
    issued_at: datetime  # naive UTC
    issued_on: date  # the desk's date of issue
    issued_by: str  # username
    issued_by_name: str
    item_count: int
    arrears_fen: int  # the unit's arrears when the slip was made
    overridden: bool
    override_by: str
    override_by_name: str
    override_reason: str
    confirmation: str  # last ConfirmationAnswer value, or "" when none was needed
    verification_code: str  # "K7Q3-9XPA"
    qr_payload: str  # "FX-20261123-0007 K7Q3-9XPA"
    used_at: datetime | None
    used_by: str
    carrier_name: str
    plate: str
    voided_at: datetime | None
    voided_by: str
    void_reason: str
    print_count: int
    purged: bool  # personal data removed after the retention period
    version: int

    @property
    def page_key(self) -> tuple[datetime, int]:
        """The keyset position of this row in ``list_slips`` (newest first)."""
        return (self.issued_at, self.id)


@dataclass(frozen=True)
class ConfirmationRow:
    """One recorded phone call to an owner (phone masked)."""

    owner_resident_id: int | None
    owner_name: str
    phone_masked: str
    called_at: datetime  # naive UTC
    answer: ConfirmationAnswer
    note: str
    recorded_by: str
    recorded_at: datetime


@dataclass(frozen=True)
class SlipDetail:
    """A slip with its item lines and the phone calls made for it."""

    slip: SlipRow
    items: tuple[SlipItemLine, ...]
    confirmations: tuple[ConfirmationRow, ...]


@dataclass(frozen=True)
class GateCheck:
    """What the gate screen shows for a typed or scanned slip; ``message`` says what the guard must do."""

    result: GateResult
    slip: SlipRow | None
    items: tuple[SlipItemLine, ...]
    message: str
    used_at: datetime | None = None
    used_by: str = ""
    code: str = ""  # the verification code the slip was checked with (only when it matched)


@dataclass(frozen=True)
class SlipCounts:
    """A day's slips for the Today tiles: issued (usable slips made), used, pending, refused, voided."""

    issued: int
    used: int
    pending: int
    refused: int
    voided: int
    expired: int = 0
