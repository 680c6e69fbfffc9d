"""Residents' phones and identity numbers as stored: normalised phones, masked IDs, keyed fingerprints.

A resident's full ID number is never stored: only its masked form, its last four characters (to
find someone by them) and an HMAC-SHA256 fingerprint under the office's key (to find someone by
the full number typed again). The key lives in the ``registry_secret`` table, made by migration 2.
"""

from __future__ import annotations

import functools
import hashlib
import hmac
import re
import secrets
import unicodedata
from dataclasses import dataclass

from frontdesk import identity
from frontdesk.errors import ValidationError
from frontdesk.estate.models import RegistrySecret
from frontdesk.i18n import _

#: the ``registry_secret`` row keying ID fingerprints (HMAC-SHA256)
ID_HASH_KEY = "id_hash_key"
_PHONE_PUNCTUATION_RE = re.compile(r"[\s\-().·/]")
_NOT_DIGITS_RE = re.compile(r"[^0-9]+")
_COUNTRY_CODES = ("86", "852", "853", "886")
_MIN_PHONE_DIGITS, _MAX_PHONE_DIGITS = 3, 20


@dataclass(frozen=True)
class StoredPhone:
    """A phone number as stored: as written (tidied), digits only, and the last four digits."""

    phone: str
    digits: str
    suffix4: str


@dataclass(frozen=True)
class StoredId:
    """An identity document as stored: never the full number."""

    id_type: str
    masked: str
    last4: str
    fingerprint: str
    warnings: tuple[str, ...] = ()


NO_ID = StoredId("", "", "", "")
NO_PHONE = StoredPhone("", "", "")


def _without_country_code(text: str, digits: str) -> str:
    international = text.startswith("+") or digits.startswith("00")
    rest = digits[2:] if digits.startswith("00") else digits
    for code in _COUNTRY_CODES:
        mainland_mobile = code == "86" and len(rest) == 13 and rest[2] == "1"
        if rest.startswith(code) and (international or mainland_mobile):
            return rest[len(code) :]
    return digits


def phone_digits(text: str) -> str:
    """The digits of a phone number, any country code dropped (``+86 138-1234-5678`` → ``13812345678``)."""
    tidy = unicodedata.normalize("NFKC", text).strip()
    digits = _NOT_DIGITS_RE.sub("", tidy)
    return _without_country_code(tidy, digits)


def store_phone(text: str) -> StoredPhone:
    """Check and normalise a phone number as typed.

    Args:
        text: e.g. ``"138 1234 5678"``, ``"+852 9123-4567"``, ``"０７５５－８６６８８８８８"``;
            empty for none.

    Returns:
        The stored parts.

    Raises:
        ValidationError: on ``phone``, when it holds letters or too few or too many digits.
    """
    tidy = " ".join(unicodedata.normalize("NFKC", text).split())
    if not tidy:
        return NO_PHONE
    bare = _PHONE_PUNCTUATION_RE.sub("", tidy).removeprefix("+")
    if not bare.isdigit() or not bare.isascii():
        raise ValidationError("phone", _("A phone number holds only digits, spaces, - and +."))
    digits = phone_digits(tidy)
    if not _MIN_PHONE_DIGITS <= len(digits) <= _MAX_PHONE_DIGITS:
        raise ValidationError("phone", _("A phone number has 3 to 20 digits."))
    return StoredPhone(tidy, digits, digits[-4:])


def ensure_fingerprint_key() -> None:
    """Make the fingerprint secret unless it exists (migration 2 does this once per database)."""
    RegistrySecret.insert(name=ID_HASH_KEY, value=secrets.token_hex(32)).on_conflict_ignore().execute()


def fingerprint_key() -> bytes:
    """The secret keying ID fingerprints (made here if a database somehow lacks it)."""
    row = RegistrySecret.get_or_none(RegistrySecret.name == ID_HASH_KEY)
    if row is None:
        ensure_fingerprint_key()
        row = RegistrySecret.get(RegistrySecret.name == ID_HASH_KEY)
    return bytes.fromhex(row.value)


def id_fingerprint(number: str, key: bytes | None = None) -> str:
    """The keyed fingerprint of an ID number: the same for ``A123456(3)`` and ``a1234563``."""
    compact = identity.ascii_alnum(identity.normalize(number).upper())
    return _fingerprint(compact, key if key is not None else fingerprint_key())


@functools.lru_cache(maxsize=4)
def _keyed(key: bytes) -> hmac.HMAC:
    """HMAC-SHA256 with the key taken in: copied for each number (an import fingerprints thousands)."""
    return hmac.new(key, digestmod=hashlib.sha256)


def _fingerprint(alnum: str, key: bytes) -> str:
    """HMAC-SHA256 of an ID number's ASCII letters and digits (upper case), as hex."""
    keyed = _keyed(key).copy()
    keyed.update(alnum.encode("ascii"))
    return keyed.hexdigest()


def store_id(id_type: str | None, number: str | None) -> StoredId:
    """Validate an identity document and keep only what may be stored.

    Args:
        id_type: a :class:`identity.DocumentType` value; empty or None with no number.
        number: the number as typed; empty or None for none.

    Returns:
        The masked number, last four characters, fingerprint and any warnings.

    Raises:
        ValidationError: on ``id_type`` (unknown or missing) or ``id_number`` (rejected by
            the document's rules: the first error is the message).
    """
    if not (number or "").strip():
        return NO_ID
    try:
        kind = identity.DocumentType(id_type or "")
    except ValueError:
        raise ValidationError("id_type", _("Choose the type of identity document.")) from None
    check = identity.validate(kind, number or "")
    if not check.valid:
        raise ValidationError("id_number", check.errors[0])
    return keep_id(kind, check.number, warnings=check.warnings)


def keep_id(
    kind: identity.DocumentType | None,
    number: str,
    key: bytes | None = None,
    warnings: tuple[str, ...] = (),
) -> StoredId:
    """What is kept of a number its document's checks accepted (``NO_ID`` without one).

    Args:
        kind: the document's type.
        number: the number as the checks returned it.
        key: the fingerprint key, when the caller read it once for many numbers.
        warnings: the checks' warnings.
    """
    if kind is None or not number:
        return NO_ID
    compact = identity.normalize(number).upper()  # what masking, last digits and fingerprint start from
    alnum = identity.ascii_alnum(compact)
    secret = key if key is not None else fingerprint_key()
    return StoredId(
        kind.value, identity.mask(kind, compact), alnum[-4:], _fingerprint(alnum, secret), warnings
    )
