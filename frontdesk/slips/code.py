"""The slip's verification code and seal: HMAC-SHA256 under a key kept outside the database.

A paper slip carries its serial number and an 8-character code ("K7Q3-9XPA", Crockford base32:
no I, L, O or U, so a guard cannot confuse letters with digits). The gate recomputes the code from
the stored slip: a forged paper (wrong code) or a row altered behind the program's back (content no
longer matching its code) both fail. The QR code encodes ``"{number} {code}"``, which a scanner
types like a keyboard.

The code covers what is printed, the applicant's name included, so it can be recomputed only until
the personal data is purged. The seal covers what stays for ever (the goods, the unit, the dates,
the status and who set it, the override): it is renewed by the program at every status change and
keeps the slip verifiable after the purge; a status set back, or an ``override_by`` written behind
the program's back, no longer matches it.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from frontdesk.slips.document import SlipItemLine

CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
_CODE_CHARS = 8
# Characters a guard may type for a look-alike code character.
_LOOKALIKES = str.maketrans({"O": "0", "I": "1", "L": "1"})
_SEPARATORS = r"[\s\-_/.#:]*"
_GATE_RE = re.compile(
    rf"(?:FX)?{_SEPARATORS}(\d{{8}}){_SEPARATORS}(\d{{4,6}}?)"
    rf"(?:{_SEPARATORS}([0-9A-Z]{{4}}){_SEPARATORS}([0-9A-Z]{{4}}))?"
)


@dataclass(frozen=True)
class SlipContent:
    """What the code covers: everything printed that the gate relies on (not the status)."""

    number: str
    unit_id: int
    unit_code: str
    applicant_kind: str
    applicant_name: str
    applicant_id_masked: str
    reason: str
    reason_note: str
    valid_until: date
    issued_on: date
    items: Sequence[SlipItemLine]


@dataclass(frozen=True)
class GateText:
    """A typed or scanned gate entry, parsed: the serial number and the code if one came with it."""

    number: str
    code: str  # "" when only the number was typed


#: the stored fields the seal covers: none of them personal, so none is blanked by the purge
SEALED_FIELDS = (
    *("number", "unit_id", "unit_code", "applicant_kind", "reason", "reason_note", "valid_until"),
    *("issued_on", "issued_by", "arrears_fen", "override_by", "override_reason", "status"),
    *("used_by", "voided_by", "void_reason"),
)


def canonical(content: SlipContent) -> bytes:
    """The content as one unambiguous byte string (JSON, sorted keys, NFC text)."""

    def text(value: str) -> str:
        return unicodedata.normalize("NFC", value)

    data = {
        "v": 1,
        "number": content.number,
        "unit_id": content.unit_id,
        "unit_code": text(content.unit_code),
        "applicant_kind": content.applicant_kind,
        "applicant_name": text(content.applicant_name),
        "applicant_id": content.applicant_id_masked,
        "reason": content.reason,
        "reason_note": text(content.reason_note),
        "valid_until": content.valid_until.isoformat(),
        "issued_on": content.issued_on.isoformat(),
        "items": [[text(i.description), i.quantity, text(i.unit), text(i.remarks)] for i in content.items],
    }
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")


def verification_code(content: SlipContent, key: bytes) -> str:
    """The 8-character code of a slip's content, in two groups: ``"K7Q3-9XPA"``."""
    digest = hmac.new(key, canonical(content), hashlib.sha256).digest()
    bits = int.from_bytes(digest[:5], "big")  # 40 bits = 8 base32 characters
    chars = "".join(CROCKFORD[(bits >> shift) & 31] for shift in range(35, -5, -5))
    return f"{chars[:4]}-{chars[4:]}"


def seal(fields: Mapping[str, object], items: Sequence[SlipItemLine], key: bytes) -> str:
    """The seal of a slip's lasting fields (``SEALED_FIELDS``, read from ``fields``) and its goods."""
    data = {
        "v": 1,
        **{name: unicodedata.normalize("NFC", str(fields[name] or "")) for name in SEALED_FIELDS},
        "items": [[i.description, i.quantity, i.unit, i.remarks] for i in items],
    }
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hmac.new(key, b"seal\0" + text.encode("utf-8"), hashlib.sha256).hexdigest()


def qr_payload(number: str, code: str) -> str:
    """What the QR code holds and a scanner types at the gate."""
    return f"{number} {code}"


def parse_gate_text(text: str) -> GateText | None:
    """Read a hand-typed number or a scanned payload, forgiving case, spaces, dashes and full width.

    Args:
        text: e.g. ``"FX-20261123-0007 K7Q3-9XPA"``, ``"fx 20261123 7"`` is refused (the sequence
            has four digits), ``"ＦＸ２０２６１１２３０００７"``, ``"20261123-0007"``.

    Returns:
        The normalised number (``FX-20261123-0007``) and code (``K7Q3-9XPA`` or ""), or None when
        the text is not a slip number.
    """
    compact = unicodedata.normalize("NFKC", text).strip().upper()
    found = _GATE_RE.fullmatch(compact)
    if found is None:
        return None
    day, sequence, head, tail = found.groups()
    code = f"{head}-{tail}".translate(_LOOKALIKES) if head else ""
    return GateText(f"FX-{day}-{sequence}", code)


_CODE_RE = re.compile(rf"{_SEPARATORS}([0-9A-Z]{{4}}){_SEPARATORS}([0-9A-Z]{{4}}){_SEPARATORS}")


def normalise_code(text: str) -> str:
    """A code as a guard types or a scanner sends it (any case, full width, look-alike letters,
    any separator) in its printed form ``K7Q3-9XPA``; "" when it is not a code."""
    found = _CODE_RE.fullmatch(unicodedata.normalize("NFKC", text).upper())
    return f"{found[1]}-{found[2]}".translate(_LOOKALIKES) if found else ""


def codes_match(given: str, stored: str) -> bool:
    """Constant-time comparison of two codes (both in ``XXXX-XXXX`` form)."""
    return hmac.compare_digest(given.encode("ascii", "replace"), stored.encode("ascii", "replace"))
