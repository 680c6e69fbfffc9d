"""Checks of a visit's fields as typed: pure functions, each raising a message for its field."""

from __future__ import annotations

import re
import unicodedata

from frontdesk.errors import ValidationError
from frontdesk.i18n import _
from frontdesk.text import check_text

MAX_COMPANIONS = 50
_PROVINCES = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼滬雲遼魯蘇贛晉陝閩貴粵寧瓊使领領"
_LETTERS = "A-HJ-NP-Z"  # mainland plates never use I or O
_MAINLAND_PLATE_RE = re.compile(
    rf"[{_PROVINCES}][{_LETTERS}](?:[{_LETTERS}0-9]{{4}}[{_LETTERS}0-9挂學学警港澳]|[{_LETTERS}0-9]{{6}})"
)
_OTHER_PLATE_RE = re.compile(r"[A-Z0-9]{2,8}")  # Hong Kong, Macau, Taiwan and foreign plates
_PASS_RE = re.compile(r"[A-Za-z0-9\-]{1,30}")
_PLATE_SEPARATORS = str.maketrans({" ": None, "·": None, "•": None, ".": None, "-": None})


def tidy(text: str) -> str:
    """Full-width letters and digits made ASCII, runs of spaces made one."""
    return " ".join(unicodedata.normalize("NFKC", text).split())


def visitor_name(value: str) -> str:
    """A visitor's name: required, at most 80 characters, no digits only."""
    text = check_text("name", tidy(value))
    if not text:
        raise ValidationError("name", _("Enter the visitor's name (or search for a returning visitor)."))
    if len(text) > 80:
        raise ValidationError("name", _("At most {n} characters.").format(n=80))
    if not any(ch.isalpha() for ch in text):
        raise ValidationError(
            "name", _("A name has letters or Chinese characters, not only digits or signs.")
        )
    return text


def plate(value: str) -> str:
    """A vehicle plate, upper case without separators (``粤b·12345`` → ``粤B12345``); empty for none."""
    text = tidy(value).upper().translate(_PLATE_SEPARATORS)
    if not text:
        return ""
    if _MAINLAND_PLATE_RE.fullmatch(text):
        return text
    if text.isascii() and _OTHER_PLATE_RE.fullmatch(text) and any(ch.isdigit() for ch in text):
        return text
    if text[0] not in _PROVINCES and not text[0].isascii():
        raise ValidationError(
            "plate", _("“{c}” is not a province on a plate: type it like 粤B12345.").format(c=text[0])
        )
    raise ValidationError(
        "plate",
        _("Not a plate number: type it like 粤B12345 (new-energy 粤BD12345) or, from Hong Kong, AB1234."),
    )


def companions(value: int | str) -> int:
    """How many came along: a whole number from 0 to 50."""
    if isinstance(value, bool):
        raise ValidationError(
            "companions", _("Type how many came along, from 0 to {n}.").format(n=MAX_COMPANIONS)
        )
    try:
        number = int(str(value).strip() or "0")
    except ValueError:
        raise ValidationError(
            "companions", _("Type how many came along, from 0 to {n}.").format(n=MAX_COMPANIONS)
        ) from None
    if not 0 <= number <= MAX_COMPANIONS:
        raise ValidationError(
            "companions", _("Type how many came along, from 0 to {n}.").format(n=MAX_COMPANIONS)
        )
    return number


def pass_number(value: str) -> str:
    """A pass or badge number as printed on it (letters, digits, -); empty: the desk issues one."""
    text = tidy(value).upper()
    if text and not _PASS_RE.fullmatch(text):
        raise ValidationError(
            "pass_number", _("A pass number has only letters, digits and -, at most 30 (e.g. 12 or B-07).")
        )
    return text


def short_text(field: str, value: str, max_length: int) -> str:
    """Free text of at most ``max_length`` characters on one line, spaces tidied."""
    text = tidy(value)
    if len(text) > max_length:
        raise ValidationError(field, _("At most {n} characters.").format(n=max_length))
    return check_text(field, text)


def required_short_text(field: str, value: str, max_length: int, message: str) -> str:
    """Free text that must not be empty."""
    text = short_text(field, value, max_length)
    if not text:
        raise ValidationError(field, message)
    return text
