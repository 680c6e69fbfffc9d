"""What a printed release slip shows: plain data handed to ``reports`` (which never queries)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime


@dataclass(frozen=True)
class SlipItemLine:
    """One line of goods to be released."""

    description: str
    quantity: str  # as the clerk typed it, normalised ("2", "1.5")
    unit: str  # unit of measure: 件, 箱, 台 …
    remarks: str = ""


@dataclass(frozen=True)
class SlipDocument:
    """Everything the A5 slip prints, already in the user's language and already masked.

    ``copies`` names the copies to print, one page set each (e.g. ("applicant", "gate", "office"));
    ``reprint`` marks every page "副本 / REPRINT". ``qr_payload`` is what the QR code encodes
    (the serial number and the verification code, as a scanner will type them at the gate).
    """

    office_name: str
    estate_name: str
    number: str
    status: str  # issued / used / voided / refused / pending / expired (code, not label)
    issued_at: datetime  # local time
    valid_until: date
    unit_code: str
    applicant_name: str
    applicant_kind: str  # label: 业主 / 租户 / 代理人(搬家、装修) …
    applicant_id_masked: str
    applicant_phone_masked: str
    reason: str  # label, with the clerk's note for "other"
    items: tuple[SlipItemLine, ...]
    arrears_note: str  # "无欠费" or the arrears and, when overridden, who allowed it and why
    confirmation_note: str  # "" or who confirmed by phone, which number (masked), when, their answer
    clerk_name: str
    verification_code: str
    qr_payload: str
    copies: tuple[str, ...] = ("applicant", "gate", "office")
    reprint: bool = False
    remarks: str = ""
