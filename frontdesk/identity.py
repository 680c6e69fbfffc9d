"""Identity documents: normalise, validate (check digits, birth dates), mask numbers."""

from __future__ import annotations

import operator
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from frontdesk.i18n import _


class DocumentType(StrEnum):
    """The kinds of identity document the desk records."""

    MAINLAND_ID = "cn_id"
    HK_ID = "hk_id"
    TW_ID = "tw_id"
    HK_MO_PERMIT = "hk_mo_permit"
    TW_PERMIT = "tw_permit"
    PASSPORT = "passport"
    OTHER = "other"


@dataclass(frozen=True)
class IdCheck:
    """The outcome of validating one document number (messages already translated)."""

    doc_type: DocumentType
    number: str
    valid: bool
    errors: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()
    birth_date: date | None = None
    kind: str = ""


@dataclass
class _Findings:
    """What one type's checker found, before it is frozen into an ``IdCheck``."""

    number: str
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    birth_date: date | None = None
    kind: str = ""


# GB 11643-1999: weights 2**(17-i) mod 11; the remainder indexes the check character.
_CN_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CN_CHECK_CHARS = "10X98765432"
_CN_ZERO_CODES = ord("0") * sum(_CN_WEIGHTS)
# GB/T 2260 province-level codes (71 Taiwan, 81 Hong Kong, 82 Macao).
_CN_PROVINCES = frozenset(
    (
        "11",
        "12",
        "13",
        "14",
        "15",
        "21",
        "22",
        "23",
        "31",
        "32",
        "33",
        "34",
        "35",
        "36",
        "37",
        "41",
        "42",
        "43",
        "44",
        "45",
        "46",
        "50",
        "51",
        "52",
        "53",
        "54",
        "61",
        "62",
        "63",
        "64",
        "65",
        "71",
        "81",
        "82",
    )
)
_CN_PERMIT_KINDS = {
    "810000": "hk_resident_permit",
    "820000": "mo_resident_permit",
    "830000": "tw_resident_permit",
}
# Taiwan letter codes 10..35 in code order (I, O, W-Z were added out of sequence).
_TW_LETTERS = "ABCDEFGHJKLMNPQRSTUVXYWZIO"
_HK_SPACE_VALUE = 36  # the blank before a one-letter prefix
_MRZ_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
_MRZ_WEIGHTS = (7, 3, 1)
# The full-width ASCII block (brackets included) and the ideographic space.
_HALF_WIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}
_CN_RE = re.compile(r"[0-9]{17}[0-9X]")
_HK_RE = re.compile(r"([A-Z]{1,2})([0-9]{6})(?:\(([0-9A])\)|([0-9A]))")
_TW_RE = re.compile(r"[A-Z][1289][0-9]{8}")
# Card since 2013: H/M + 8 digits; older booklets appended a 1-2 digit issue count.
_HK_MO_RE = re.compile(r"[HM][0-9]{8,10}")
_TW_PERMIT_RE = re.compile(r"[0-9]{8}")
_PASSPORT_RE = re.compile(r"[A-Z0-9]{5,20}")
_MRZ_LINE_RE = re.compile(r"[A-Z0-9<]{44}")
_CN_FIRST17_RE = re.compile(r"[0-9]{17}")
_NOT_ALNUM_RE = re.compile(r"[^0-9A-Za-z]+")  # what is not an ASCII letter or digit
_MOBILE_RE = re.compile(r"(?:86|0086)?(1[0-9]{10})")  # a mainland mobile, country code optional


def normalize(number: str) -> str:
    """Half-width, no spaces, ASCII brackets and a trailing ``x`` upper-cased.

    Args:
        number: the number as typed or scanned.

    Returns:
        The compact number; letters other than a trailing ``x`` keep their case.
    """
    compact = "".join(number.translate(_HALF_WIDTH).split())  # split() drops what isspace() calls space
    if compact.endswith("x"):
        compact = compact[:-1] + "X"
    return compact


def check_digit_cn(first17: str) -> str:
    """The ISO 7064 MOD 11-2 check character of a mainland ID (GB 11643-1999).

    Args:
        first17: the first 17 digits (anything else raises ``ValueError``).

    Returns:
        ``"0"``-``"9"`` or ``"X"``.
    """
    if not _CN_FIRST17_RE.fullmatch(first17):
        raise ValueError(f"expected 17 digits, got {first17!r}")
    # the digits' ASCII codes, less 48 (the code of "0") for each weight: 17 digits, 17 weights
    total = sum(map(operator.mul, first17.encode("ascii"), _CN_WEIGHTS)) - _CN_ZERO_CODES
    return _CN_CHECK_CHARS[total % 11]


def check_char_hk(body: str) -> str:
    """The mod-11 check character of a Hong Kong ID.

    Args:
        body: one or two letters and six digits (anything else raises ``ValueError``).

    Returns:
        ``"0"``-``"9"`` or ``"A"``.
    """
    body = body.upper()
    if not re.fullmatch(r"[A-Z]{1,2}[0-9]{6}", body):
        raise ValueError(f"expected 1-2 letters and 6 digits, got {body!r}")
    values = [_HK_SPACE_VALUE if ch == " " else int(ch, 36) for ch in body.rjust(8)]
    check = -sum(v * w for v, w in zip(values, range(9, 1, -1), strict=True)) % 11
    return "A" if check == 10 else str(check)


def check_digit_tw(body: str) -> str:
    """The weighted mod-10 check digit of a Taiwan national ID.

    Args:
        body: the letter and eight digits (anything else raises ``ValueError``).

    Returns:
        A digit ``"0"``-``"9"``.
    """
    body = body.upper()
    if not re.fullmatch(r"[A-Z][0-9]{8}", body):
        raise ValueError(f"expected a letter and 8 digits, got {body!r}")
    code = 10 + _TW_LETTERS.index(body[0])
    total = code // 10 + code % 10 * 9
    total += sum(int(d) * w for d, w in zip(body[1:], range(8, 0, -1), strict=True))
    return str(-total % 10)


def mrz_check_digit(s: str) -> str:
    """The ICAO 9303 check digit of a machine-readable-zone field.

    Args:
        s: the field: digits, letters, ``<`` fillers (others raise ``ValueError``).

    Returns:
        A digit ``"0"``-``"9"``.
    """
    try:
        values = [0 if ch == "<" else _MRZ_ALPHABET.index(ch) for ch in s.upper()]
    except ValueError:
        raise ValueError(f"not a machine-readable field: {s!r}") from None
    return str(sum(v * _MRZ_WEIGHTS[i % 3] for i, v in enumerate(values)) % 10)


def _format_message(doc_type: DocumentType) -> str:
    """The translated hint for a number that does not have its type's shape."""
    if doc_type is DocumentType.MAINLAND_ID:
        return _("A mainland ID number has 18 characters: 17 digits and a digit or X.")
    if doc_type is DocumentType.HK_ID:
        return _("A Hong Kong ID is 1-2 letters, 6 digits, then 0-9 or A: A123456(3).")
    if doc_type is DocumentType.TW_ID:
        return _("A Taiwan ID is a letter and 9 digits; the second is 1, 2, 8 or 9.")
    if doc_type is DocumentType.HK_MO_PERMIT:
        return _("A Home Return Permit number is H or M and 8 (old: 10) digits.")
    if doc_type is DocumentType.TW_PERMIT:
        return _("A Taiwan Compatriot Permit number has 8 digits.")
    return _("A passport number has 5 to 20 letters and digits.")


def _check_digit_message() -> str:
    return _("The check digit does not match: please check the last character.")


def _birth_date(yyyymmdd: str, today: date, found: _Findings) -> date | None:
    try:
        born = date(int(yyyymmdd[:4]), int(yyyymmdd[4:6]), int(yyyymmdd[6:]))
    except ValueError:
        found.errors.append(_("The birth date in the number is not a real date."))
        return None
    if born > today:
        found.errors.append(_("The birth date in the number lies in the future."))
        return None
    return born


def _cn_kind(number: str) -> str:
    if number[0] == "9":  # foreign permanent resident ID card, 2023 format
        return "foreign_permanent"
    return _CN_PERMIT_KINDS.get(number[:6], "resident")


def _check_mainland(number: str, today: date) -> _Findings:
    found = _Findings(number, kind=_cn_kind(number))
    found.birth_date = _birth_date(number[6:14], today, found)
    if check_digit_cn(number[:17]) != number[17]:
        found.errors.append(_check_digit_message())
    # The foreign card puts the issuing province after the leading 9.
    province = number[1:3] if found.kind == "foreign_permanent" else number[:2]
    if province not in _CN_PROVINCES and number[:6] not in _CN_PERMIT_KINDS:
        unknown = _("The region code is not known; please check the first six digits.")
        found.warnings.append(unknown)
    return found


def _check_hk(number: str, today: date) -> _Findings:
    compact = number.replace("(", "").replace(")", "")
    body, check = compact[:-1], compact[-1]
    found = _Findings(f"{body}({check})")
    if check_char_hk(body) != check:
        found.errors.append(_check_digit_message())
    return found


def _check_tw(number: str, today: date) -> _Findings:
    found = _Findings(number, kind="citizen" if number[1] in "12" else "resident")
    if check_digit_tw(number[:9]) != number[9]:
        found.errors.append(_check_digit_message())
    return found


# The shape every number of a type must have; ``OTHER`` numbers have none.
_SHAPE_OF: dict[DocumentType, re.Pattern[str]] = {
    DocumentType.MAINLAND_ID: _CN_RE,
    DocumentType.HK_ID: _HK_RE,
    DocumentType.TW_ID: _TW_RE,
    DocumentType.HK_MO_PERMIT: _HK_MO_RE,
    DocumentType.TW_PERMIT: _TW_PERMIT_RE,
    DocumentType.PASSPORT: _PASSPORT_RE,
}
# The checks a well-shaped number still has to pass.
_CHECKERS: dict[DocumentType, Callable[[str, date], _Findings]] = {
    DocumentType.MAINLAND_ID: _check_mainland,
    DocumentType.HK_ID: _check_hk,
    DocumentType.TW_ID: _check_tw,
    DocumentType.HK_MO_PERMIT: lambda number, today: _Findings(
        number, kind="hk_resident" if number[0] == "H" else "mo_resident"
    ),
}


def _freeze(doc_type: DocumentType, f: _Findings) -> IdCheck:
    errors, warnings = tuple(f.errors), tuple(f.warnings)
    return IdCheck(doc_type, f.number, not errors, errors, warnings, f.birth_date, f.kind)


def validate(doc_type: DocumentType | str, number: str, *, today: date | None = None) -> IdCheck:
    """Check a document number against the rules of its type.

    Args:
        doc_type: the type or its value, e.g. ``"cn_id"`` (others raise ``ValueError``).
        number: the number as typed.
        today: the date birth dates must not pass (default: the real today).

    Returns:
        The verdict, with the normalised number and translated errors and warnings.
    """
    kind = DocumentType(doc_type)
    compact = normalize(number)
    compact = compact if kind is DocumentType.OTHER else compact.upper()
    if not compact:
        return _freeze(kind, _Findings(compact, [_("Enter the document number.")]))
    shape = _SHAPE_OF.get(kind)
    if shape is not None and not shape.fullmatch(compact):
        return _freeze(kind, _Findings(compact, [_format_message(kind)]))
    return _checked(kind, compact, today if today is not None else date.today())


def _checked(kind: DocumentType, compact: str, today: date) -> IdCheck:
    """The verdict on a normalised number that has its type's shape."""
    check = _CHECKERS.get(kind)
    return _freeze(kind, check(compact, today) if check else _Findings(compact))


def guess_type(number: str) -> DocumentType | None:
    """The document type a number's shape suggests.

    Args:
        number: the number as typed.

    Returns:
        The best guess, or ``None`` when the number fits no type (e.g. it is empty).
    """
    found = identify(number)
    return found[0] if found is not None else None


def identify(number: str) -> tuple[DocumentType, IdCheck] | None:
    """The document type a number's shape suggests (see :func:`guess_type`) and that type's verdict.

    Args:
        number: the number as typed.

    Returns:
        The type and ``validate(type, number)``, or ``None`` when the number fits no type.
    """
    compact = normalize(number).upper()
    today = date.today()
    # Most specific shape first; one whose check digit also fits wins over the others.
    first: tuple[DocumentType, IdCheck | None] | None = None
    for kind, shape in _SHAPE_OF.items():
        if not shape.fullmatch(compact):
            continue
        check = None if kind is DocumentType.PASSPORT else _checked(kind, compact, today)
        if check is not None and check.valid:
            return kind, check
        first = first or (kind, check)
    if first is None:
        return None
    kind, check = first
    return kind, check if check is not None else _checked(kind, compact, today)


def _mask_tail(text: str, keep: int) -> str:
    return "*" * (len(text) - keep) + text[len(text) - keep :]


def mask(doc_type: DocumentType | str, number: str) -> str:
    """The number as it may be shown and stored: most characters replaced by ``*``.

    Args:
        doc_type: the document type or its value.
        number: the number as typed.

    Returns:
        e.g. ``110101********123X``, ``A******(3)``, ``A1******89``, ``*****5678``.
    """
    kind = DocumentType(doc_type)
    compact = normalize(number).upper()
    if kind is DocumentType.MAINLAND_ID and _CN_RE.fullmatch(compact):
        return compact[:6] + "*" * 8 + compact[-4:]
    hk = _HK_RE.fullmatch(compact) if kind is DocumentType.HK_ID else None
    if hk is not None:
        return f"{hk[1]}******({hk[3] or hk[4]})"
    if kind is DocumentType.TW_ID and _TW_RE.fullmatch(compact):
        return compact[:2] + "*" * 6 + compact[-2:]
    # Anything else shows its last 4 characters, and never more than half of them.
    return _mask_tail(compact, min(4, len(compact) // 2))


def mask_phone(phone: str) -> str:
    """A phone number with its middle digits replaced by ``*`` (punctuation dropped).

    Args:
        phone: the number as typed, e.g. ``138 1234 5678`` or ``+86 138-1234-5678``.

    Returns:
        ``138****5678`` for a mainland mobile (country code dropped); the first 3 and
        last 4 digits of other numbers of 8 digits or more; the last 2 of shorter ones.
    """
    digits = "".join(ch for ch in normalize(phone) if ch in "0123456789")
    mobile = _MOBILE_RE.fullmatch(digits)
    if mobile is not None:
        return mobile[1][:3] + "****" + mobile[1][-4:]
    if len(digits) >= 8:
        return digits[:3] + "*" * (len(digits) - 7) + digits[-4:]
    return _mask_tail(digits, 2 if len(digits) > 2 else 0)


def ascii_alnum(text: str) -> str:
    """Only the ASCII letters and digits of ``text``."""
    return _NOT_ALNUM_RE.sub("", text)


def last_digits(number: str, n: int = 4) -> str:
    """The last ``n`` letters or digits of a number, for searching by a partial number.

    Args:
        number: the number as typed.
        n: how many characters to keep.

    Returns:
        Up to ``n`` upper-case characters, brackets and punctuation dropped.
    """
    chars = ascii_alnum(normalize(number).upper())
    return chars[-n:] if n > 0 else ""


# ICAO 9303 TD3 line 2: (field start, field end = index of its check digit, error).
_MRZ_FIELDS: tuple[tuple[int, int, Callable[[], str]], ...] = (
    (0, 9, lambda: _("The passport number's check digit in the MRZ is wrong.")),
    (13, 19, lambda: _("The birth date's check digit in the MRZ is wrong.")),
    (21, 27, lambda: _("The expiry date's check digit in the MRZ is wrong.")),
    (28, 42, lambda: _("The personal number's check digit in the MRZ is wrong.")),
)


def _check_mrz_line(line: str, found: _Findings) -> None:
    for start, end, message in _MRZ_FIELDS:
        value, check = line[start:end], line[end]
        # An unused optional field may carry a filler instead of a check digit.
        filler = check == "<" and not value.strip("<")
        if check != mrz_check_digit(value) and not filler:
            found.errors.append(message())
    if mrz_check_digit(line[0:10] + line[13:20] + line[21:43]) != line[43]:
        found.errors.append(_("The final check digit of the MRZ is wrong."))


def validate_mrz_line2(line2: str, *, number: str | None = None) -> IdCheck:
    """Check the ICAO 9303 check digits of line 2 of a passport's MRZ.

    Args:
        line2: the 44-character second line of the machine-readable zone (MRZ).
        number: the passport number typed separately, which must match the line's.

    Returns:
        A passport verdict whose number is the line's document number.
    """
    line = normalize(line2).upper()
    found = _Findings(line[:9].replace("<", ""))
    if not _MRZ_LINE_RE.fullmatch(line):
        found.errors.append(_("The MRZ line has 44 letters, digits and < signs."))
        return _freeze(DocumentType.PASSPORT, found)
    _check_mrz_line(line, found)
    if number is not None and normalize(number).upper() != found.number:
        found.errors.append(_("The passport number does not match the MRZ."))
    return _freeze(DocumentType.PASSPORT, found)
