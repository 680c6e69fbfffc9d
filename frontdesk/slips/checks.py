"""Checks of the slip form's fields: each bad value raises a ValidationError naming its field."""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal, InvalidOperation

from frontdesk import identity
from frontdesk.auth import Actor, Permission, confirm
from frontdesk.errors import PermissionDenied, ValidationError
from frontdesk.estate.common import optional_text, required_text
from frontdesk.estate.privacy import StoredPhone, store_phone
from frontdesk.i18n import _
from frontdesk.slips.document import SlipItemLine
from frontdesk.slips.rows import ConfirmationAnswer, ConfirmationInput, ItemInput, OverrideInput, SlipReason

MAX_ITEMS = 100
MAX_VALIDITY_DAYS = 31
MAX_QUANTITY = Decimal(1_000_000)
#: a call may be recorded this long after it was made (the clerk types it in afterwards)
CALL_RECENT = timedelta(hours=24)
CALL_CLOCK_SLACK = timedelta(minutes=5)


def applicant_name(name: str) -> str:
    """The applicant's name, tidied."""
    return required_text("applicant_name", name, 80, _("Enter the applicant's name as on their ID."))


def phone(field: str, text: str, missing: str) -> StoredPhone:
    """A phone number that must be given, as stored (any field name)."""
    if not unicodedata.normalize("NFKC", text).strip():
        raise ValidationError(field, missing)
    try:
        return store_phone(text)
    except ValidationError as exc:
        raise ValidationError(field, exc.message) from None


def phone_or_record(field: str, text: str, on_record: str, missing: str) -> StoredPhone:
    """The phone number typed, or, when none is typed, the resident's number on record.

    The form shows the number on record masked, so the clerk need not retype (or see) it in full.
    """
    if on_record and not unicodedata.normalize("NFKC", text).strip():
        return store_phone(on_record)
    return phone(field, text, missing)


def id_document(id_type: str, id_number: str) -> tuple[str, str]:
    """The document type and the masked number; the full number is only checked, never kept."""
    try:
        kind = identity.DocumentType(id_type)
    except ValueError:
        raise ValidationError("applicant_id_type", _("Choose the type of the applicant's ID.")) from None
    if not identity.normalize(id_number):
        raise ValidationError("applicant_id", _("Enter the number of the ID the applicant shows."))
    check = identity.validate(kind, id_number)
    if not check.valid:
        raise ValidationError("applicant_id", check.errors[0])
    return kind.value, identity.mask(kind, check.number)


def quantity(field: str, text: str) -> str:
    """A positive quantity, normalised: ``"２"`` → ``"2"``, ``"1.50"`` → ``"1.5"``."""
    compact = unicodedata.normalize("NFKC", text).strip()
    message = _("Type the quantity as a number greater than zero, e.g. 2 or 1.5.")
    try:
        value = Decimal(compact)
    except InvalidOperation:
        raise ValidationError(field, message) from None
    if not value.is_finite() or value <= 0:
        raise ValidationError(field, message)
    if value >= MAX_QUANTITY:
        raise ValidationError(field, _("The quantity must be less than 1,000,000."))
    if value != value.quantize(Decimal("0.001")):
        raise ValidationError(field, _("A quantity has at most three decimals."))
    normal = format(value.normalize(), "f")
    return normal


def items(lines: Sequence[ItemInput]) -> tuple[SlipItemLine, ...]:
    """The goods, checked line by line (field names ``items.N.description`` etc., N from 0)."""
    if not lines:
        raise ValidationError("items", _("Add at least one line of goods to release."))
    if len(lines) > MAX_ITEMS:
        raise ValidationError("items", _("At most {n} lines of goods on one slip.").format(n=MAX_ITEMS))
    checked = []
    for n, line in enumerate(lines):
        description = required_text(
            f"items.{n}.description", line.description, 200, _("Describe the goods, e.g. 双人床垫.")
        )
        amount = quantity(f"items.{n}.quantity", line.quantity)
        unit = required_text(
            f"items.{n}.unit", line.unit, 20, _("Enter the unit of measure, e.g. 件, 箱, 台.")
        )
        remarks = optional_text(f"items.{n}.remarks", line.remarks, 200)
        checked.append(SlipItemLine(description, amount, unit, remarks))
    return tuple(checked)


def reason(code: str, note: str) -> tuple[str, str]:
    """The reason code and its note (required for "other")."""
    try:
        chosen = SlipReason(code)
    except ValueError:
        raise ValidationError("reason", _("Choose why the goods leave the estate.")) from None
    text = optional_text("reason_note", note, 200)
    if chosen is SlipReason.OTHER and not text:
        raise ValidationError("reason_note", _("Say what the other reason is."))
    return chosen.value, text


def validity(valid_until: date | None, today: date) -> date:
    """The last day the slip is valid: today by default, never before today, at most a month ahead."""
    if valid_until is None:
        return today
    if valid_until < today:
        raise ValidationError(
            "valid_until", _("A slip cannot be valid only in the past: choose today or later.")
        )
    if valid_until > today + timedelta(days=MAX_VALIDITY_DAYS):
        raise ValidationError(
            "valid_until", _("A slip is valid for at most {n} days.").format(n=MAX_VALIDITY_DAYS)
        )
    return valid_until


def override(given: OverrideInput | None, clerk: Actor) -> tuple[Actor, str]:
    """The supervisor and reason allowing a slip despite arrears."""
    if given is None:
        raise ValidationError(
            "override", _("The unit is in arrears: a supervisor must allow the slip, with a reason.")
        )
    supervisor = given.supervisor
    if not supervisor.can(Permission.OVERRIDE):
        raise ValidationError("override", _("Only a supervisor can allow a slip for a unit in arrears."))
    try:
        confirm(supervisor, Permission.OVERRIDE)  # the staff table, not the caller's word
    except PermissionDenied as exc:
        raise ValidationError("override", exc.message) from None
    same = supervisor.username == clerk.username or (
        supervisor.staff_id is not None and supervisor.staff_id == clerk.staff_id
    )
    if same:
        raise ValidationError(
            "override",
            _("The supervisor who allows the slip must be someone other than the clerk issuing it."),
        )
    text = required_text("override_reason", given.reason, 200, _("Give the reason for allowing the slip."))
    return supervisor, text


def as_utc(moment: datetime) -> datetime:
    """A naive-UTC timestamp (an aware one is converted)."""
    return moment.astimezone(UTC).replace(tzinfo=None) if moment.tzinfo is not None else moment


def confirmation(
    given: ConfirmationInput, now_utc: datetime, on_record: str = ""
) -> tuple[ConfirmationAnswer, StoredPhone, str]:
    """The phone call's answer, number and note; ``called_at`` must be recent and not in the future.

    No number typed means the owner's number on record (``on_record``) was called.
    """
    try:
        answer = ConfirmationAnswer(given.answer)
    except ValueError:
        raise ValidationError("confirmation_answer", _("Choose what the owner answered.")) from None
    called = phone_or_record(
        "confirmation_phone", given.phone_called, on_record, _("Enter the number you called.")
    )
    called_at = as_utc(given.called_at)
    if called_at > now_utc + CALL_CLOCK_SLACK:
        raise ValidationError("confirmation_called_at", _("The call cannot be in the future."))
    if called_at < now_utc - CALL_RECENT:
        raise ValidationError(
            "confirmation_called_at", _("The call was more than a day ago: call the owner again.")
        )
    note = optional_text("confirmation_note", given.note, 200)
    return answer, called, note
