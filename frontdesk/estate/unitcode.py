"""Unit codes as offices write them ("3-1502", "3棟1502室", "A座12F-03") read into one normal form.

The normal form is a building code and a unit number: ``3`` and ``1502`` (shown ``3-1502``). A floor
and flat written apart ("12F-03", "12樓03室") become the usual number ``1203``; an entrance
(單元) becomes part of the number (``3栋2单元1502`` → ``3-2-1502``). Pure functions, no database.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass

_DASHES = str.maketrans({"－": "-", "−": "-", "–": "-", "—": "-", "‐": "-", "‑": "-", "_": "-"})
_BUILDING = r"(?P<building>[A-Z]{1,2}[0-9]{0,2}|[0-9]{1,3}[A-EG-Z]?)"  # "12F" is a floor, not a building
_BUILDING_WORD = r"(?:号楼|號樓|号樓|號楼|栋|棟|幢|座)"
# what ends a building code: a building word (maybe after "#"), "#" alone, "#楼", a dash, spaces
_BUILDING_END = rf"(?:\s*#?\s*{_BUILDING_WORD}\s*|\s*#\s*(?:楼|樓)?\s*|\s*-\s*|\s+)"
_ENTRANCE = r"(?:(?P<entrance>[0-9]{1,2})(?:\s*(?:单元|單元)\s*|\s*-\s*))?"
_FLOOR_MARK = r"(?:/?F|层|層|楼|樓)"
_ROOM = (
    rf"(?:(?P<floor>[0-9]{{1,3}})\s*{_FLOOR_MARK}(?:\s*-?\s*(?P<flat>[0-9]{{1,3}}[A-Z]?|[A-Z]))?"
    r"|(?P<room>[0-9]{1,5}[A-Z]?))"
)
_ROOM_DIGITS = 5  # a bare room number has at most this many digits (as in _ROOM)
_ROOM_WORD = r"(?:\s*(?:室|房|号|號))?"
_UNIT_RE = re.compile(rf"(?:{_BUILDING}{_BUILDING_END})?{_ENTRANCE}{_ROOM}{_ROOM_WORD}")
_BUILDING_NAME_RE = re.compile(rf"{_BUILDING}\s*(?:#\s*(?:楼|樓)?|{_BUILDING_WORD})?")
_CODE_CHARS_RE = re.compile(r"[0-9A-Z-]+")


@dataclass(frozen=True)
class UnitCode:
    """A unit code in normal form; ``building`` is None when only the number was typed."""

    building: str | None
    number: str

    @property
    def text(self) -> str:
        """The code as lists show it: ``3-1502``, or ``1502`` without a building."""
        return unit_code(self.building, self.number) if self.building else self.number


def _prepare(text: str) -> str:
    return unicodedata.normalize("NFKC", text).translate(_DASHES).strip().upper()


def _trim_zeros(code: str) -> str:
    """``03`` → ``3``, ``03A`` → ``3A``; letters first (``B02``) are kept as written."""
    digits = code.rstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
    if digits and digits.isdigit():
        return str(int(digits)) + code[len(digits) :]
    return code


def _number(match: re.Match[str]) -> str:
    if match["room"] is not None:
        room = match["room"]
    elif match["flat"] is None:
        room = f"{int(match['floor'])}F"
    elif match["flat"].isalpha():
        room = f"{int(match['floor'])}{match['flat']}"
    else:
        room = f"{int(match['floor'])}{_trim_zeros(match['flat']).zfill(2)}"
    if match["entrance"] is not None:
        return f"{int(match['entrance'])}-{room}"
    return room


def parse_unit_code(text: str) -> UnitCode | None:
    """Read a unit code the way offices write it.

    Args:
        text: e.g. ``"3-1502"``, ``"3棟1502"``, ``"3栋1502室"``, ``"3号楼1502"``, ``"3#1502"``,
            ``"A座12F-03"``, ``"a座 12f"``, ``"３－１５０２"``, ``" 1502 "``.

    Returns:
        The normal form (``UnitCode("3", "1502")``, ``UnitCode("A", "1203")``,
        ``UnitCode("A", "12F")``, ``UnitCode(None, "1502")``), or None when the text is not
        a unit code.
    """
    if text.isascii() and text.isdigit():  # "1502": a bare number (the search's commonest text)
        return UnitCode(None, text) if len(text) <= _ROOM_DIGITS else None
    match = _UNIT_RE.fullmatch(_prepare(text))
    if match is None:
        return None
    building = _trim_zeros(match["building"]) if match["building"] else None
    return UnitCode(building, _number(match))


@functools.lru_cache(maxsize=1024)  # a sheet names the same few buildings on thousands of rows
def parse_building_code(text: str) -> str | None:
    """The building code in a building's name or code: ``"3棟"`` → ``"3"``, ``"a座"`` → ``"A"``.

    Args:
        text: a name such as ``"3棟"``, ``"3号楼"``, ``"A座"``, ``"12#"``, or a bare code.

    Returns:
        The code, or None when the name holds none (then the code must be typed).
    """
    match = _BUILDING_NAME_RE.fullmatch(_prepare(text))
    return _trim_zeros(match["building"]) if match else None


def normalize_number(text: str) -> str | None:
    """A unit number alone in normal form (``"12F-03"`` → ``"1203"``), or None if it is not one."""
    parsed = parse_unit_code(text)
    return parsed.number if parsed is not None and parsed.building is None else None


def unit_code(building_code: str | None, number: str) -> str:
    """The full code of a unit: ``unit_code("3", "1502")`` → ``"3-1502"``."""
    return f"{building_code}-{number}" if building_code else number


def floor_of(number: str) -> int | None:
    """The floor a unit number implies: ``1502`` → 15, ``12F`` → 12, ``2-302`` → 3, ``08`` → None."""
    room = number.rsplit("-", 1)[-1]
    digits = room.rstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
    if room.endswith("F") and digits.isdigit():
        return int(digits)
    if len(digits) >= 3 and digits.isdigit():
        return int(digits[:-2])
    return None


def code_prefix(text: str) -> str | None:
    """The typed text as the start of a normal code (``"3-15"``), for searching as one types."""
    prepared = "".join(_prepare(text).split())
    return prepared if _CODE_CHARS_RE.fullmatch(prepared) else None


_DIGIT_RUNS_RE = re.compile(r"(\d+)")


def natural_key(code: str) -> tuple[tuple[int, int | str], ...]:
    """A sort key for unit codes that compares runs of digits as numbers: 1-101 < 1-1001 < 2-101."""
    return tuple(
        (0, int(part)) if part.isdigit() else (1, part.casefold())
        for part in _DIGIT_RUNS_RE.split(code)
        if part
    )
