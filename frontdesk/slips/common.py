"""What the slip service's parts share: the clock, fetching a slip by number, rows from models."""

from __future__ import annotations

import hmac
from collections.abc import Callable
from datetime import date, datetime

from frontdesk.clock import local_today, utcnow
from frontdesk.errors import NotFound
from frontdesk.i18n import _
from frontdesk.identity import mask_phone
from frontdesk.slips.code import (
    SEALED_FIELDS,
    SlipContent,
    parse_gate_text,
    qr_payload,
    seal,
    verification_code,
)
from frontdesk.slips.document import SlipItemLine
from frontdesk.slips.keyfile import SlipKeyRing
from frontdesk.slips.models import ReleaseSlip, SlipItem
from frontdesk.slips.rows import ApplicantKind, SlipReason, SlipRow, SlipStatus

#: stored statuses that read as "expired" once the validity has passed
EXPIRING = (SlipStatus.ISSUED.value, SlipStatus.PENDING.value)


class SlipBase:
    """The desk's clock and the slip key, shared by every part of the slip service (tests pass their own)."""

    def __init__(
        self,
        *,
        today: Callable[[], date] = local_today,
        now: Callable[[], datetime] = utcnow,
        keyring: SlipKeyRing | None = None,
    ) -> None:
        self._today = today
        self._now = now
        self.keyring = keyring if keyring is not None else SlipKeyRing()

    def key(self) -> bytes:
        """The slip key (raises ``SlipKeyProblem`` with a message when its file is missing or wrong)."""
        return self.keyring.key()

    def today(self) -> date:
        """The desk's date."""
        return self._today()

    def now(self) -> datetime:
        """The current moment, naive UTC."""
        return self._now()


def effective_status(stored: str, valid_until: date, today: date) -> SlipStatus:
    """The status a slip reads as today: an issued or pending slip past its validity is expired."""
    if stored in EXPIRING and valid_until < today:
        return SlipStatus.EXPIRED
    return SlipStatus(stored)


def slip_row(slip: ReleaseSlip, today: date) -> SlipRow:
    """The row of a slip model (personal data masked)."""
    return SlipRow(
        id=slip.id,
        number=slip.number,
        status=effective_status(slip.status, slip.valid_until, today),
        stored_status=SlipStatus(slip.status),
        unit_id=slip.unit_id,
        unit_code=slip.unit_code,
        applicant_kind=ApplicantKind(slip.applicant_kind),
        applicant_name=slip.applicant_name,
        applicant_phone_masked=mask_phone(slip.applicant_phone) if slip.applicant_phone else "",
        applicant_id_type=slip.applicant_id_type,
        applicant_id_masked=slip.applicant_id_masked,
        reason=SlipReason(slip.reason),
        reason_note=slip.reason_note,
        valid_until=slip.valid_until,
        issued_at=slip.issued_at,
        issued_on=slip.issued_on,
        issued_by=slip.issued_by,
        issued_by_name=slip.issued_by_name,
        item_count=slip.item_count,
        arrears_fen=slip.arrears_fen,
        overridden=bool(slip.override_by),
        override_by=slip.override_by,
        override_by_name=slip.override_by_name,
        override_reason=slip.override_reason,
        confirmation=slip.confirmation,
        verification_code=slip.verification_code,
        qr_payload=qr_payload(slip.number, slip.verification_code),
        used_at=slip.used_at,
        used_by=slip.used_by,
        carrier_name=slip.carrier_name,
        plate=slip.plate,
        voided_at=slip.voided_at,
        voided_by=slip.voided_by,
        void_reason=slip.void_reason,
        print_count=slip.print_count,
        purged=slip.purged_at is not None,
        version=slip.version,
    )


def item_lines(slip_id: int) -> tuple[SlipItemLine, ...]:
    """A slip's goods in the order typed."""
    query = SlipItem.select().where(SlipItem.slip == slip_id).order_by(SlipItem.position)
    return tuple(SlipItemLine(i.description, i.quantity, i.unit, i.remarks) for i in query)


def content_of(slip: ReleaseSlip, items: tuple[SlipItemLine, ...]) -> SlipContent:
    """What the verification code covers, read from the stored slip."""
    return SlipContent(
        number=slip.number,
        unit_id=slip.unit_id,
        unit_code=slip.unit_code,
        applicant_kind=slip.applicant_kind,
        applicant_name=slip.applicant_name,
        applicant_id_masked=slip.applicant_id_masked,
        reason=slip.reason,
        reason_note=slip.reason_note,
        valid_until=slip.valid_until,
        issued_on=slip.issued_on,
        items=items,
    )


def sealed_fields(slip: ReleaseSlip) -> dict[str, object]:
    """The stored values the seal covers."""
    return {name: getattr(slip, name) for name in SEALED_FIELDS}


def intact(slip: ReleaseSlip, items: tuple[SlipItemLine, ...], key: bytes) -> bool:
    """True when the stored slip still matches its seal and, until the purge, its code.

    The purge blanks the applicant's name, so the code can no longer be recomputed then; the seal
    (goods, unit, dates, status, override) is never blanked, so purging turns no check off.
    """
    if not hmac.compare_digest(slip.seal, seal(sealed_fields(slip), items, key)):
        return False
    if slip.purged_at is not None:
        return True
    return hmac.compare_digest(verification_code(content_of(slip, items), key), slip.verification_code)


def reseal(slip_id: int, key: bytes) -> ReleaseSlip:
    """Renew a slip's seal after the program changed its status (inside that transaction)."""
    slip = ReleaseSlip.get_by_id(slip_id)
    slip.seal = seal(sealed_fields(slip), item_lines(slip_id), key)
    ReleaseSlip.update(seal=slip.seal).where(ReleaseSlip.id == slip_id).execute()
    return slip


def normal_number(number: str) -> str:
    """A typed number in its stored form (``fx 20261123 0007`` → ``FX-20261123-0007``), else as typed."""
    parsed = parse_gate_text(number)
    return parsed.number if parsed is not None else number.strip()


def get_slip(number: str) -> ReleaseSlip:
    """The slip with this number, or NotFound."""
    slip = ReleaseSlip.get_or_none(ReleaseSlip.number == normal_number(number))
    if slip is None:
        raise NotFound(_("No release slip has the number {number}.").format(number=number.strip()))
    return slip
