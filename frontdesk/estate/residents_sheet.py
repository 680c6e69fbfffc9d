"""The residents sheet's columns and cells: headers in three scripts, cell text, dates and areas.

Shared by every sheet import (the arrears sheet borrows the unit and building headers, the cell
helpers and :class:`RowError`). Pure functions, no database.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from frontdesk.i18n import _

#: recognised column headers (compared after :func:`header_key`), by field
HEADER_ALIASES: dict[str, tuple[str, ...]] = {
    "unit": (
        "房号",
        "房號",
        "单元",
        "單元",
        "单元号",
        "單元號",
        "房间",
        "房間",
        "房间号",
        "房間號",
        "户号",
        "戶號",
        "房屋",
        "unit",
        "unitno",
        "unitnumber",
        "room",
        "flat",
    ),
    "name": (
        *("姓名", "名字", "业主姓名", "業主姓名", "住户姓名", "住戶姓名", "业主", "業主", "住户", "住戶"),
        *("name", "fullname", "owner", "resident"),
    ),
    "phone": (
        "电话",
        "電話",
        "手机",
        "手機",
        "手机号",
        "手機號",
        "手机号码",
        "手機號碼",
        "联系电话",
        "聯絡電話",
        "聯繫電話",
        "phone",
        "mobile",
        "tel",
        "telephone",
        "phonenumber",
    ),
    "id_number": (
        "身份证号",
        "身份證號",
        "身分證號",
        "身份证",
        "身份證",
        "身分證",
        "身份证号码",
        "身份證號碼",
        "身分證號碼",
        "证件号码",
        "證件號碼",
        "证件号",
        "證件號",
        "idnumber",
        "idno",
        "id",
    ),
    "kind": ("类型", "類型", "身份", "住户类型", "住戶類型", "业主租户", "業主租戶", "type", "ownertenant"),
    "move_in": ("入住日期", "入住时间", "入住時間", "入伙日期", "入夥日期", "movein", "moveindate"),
    "remarks": ("备注", "備註", "備注", "remarks", "remark", "notes", "note"),
    "area": ("面积", "面積", "建筑面积", "建築面積", "area"),
    "building": ("楼栋", "樓棟", "楼号", "樓號", "栋", "棟", "楼", "樓", "座", "building", "block"),
}
_OWNER_WORDS = frozenset(("业主", "業主", "产权人", "產權人", "房主", "owner"))
_TENANT_WORDS = frozenset(("租户", "租戶", "租客", "承租人", "tenant"))
_HEADER_NOISE_RE = re.compile(r"[\s*_\-/:()\[\]（）【】：·.]+")
_UNIT_SUFFIXES = ("m2", "平方米", "平米", "sqm")
_DATE_RE = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?")
_COMPACT_DATE_RE = re.compile(r"(\d{4})(\d{2})(\d{2})")
_EXACT_INT_LIMIT = 2**53  # a number above this was a float in Excel: its last digits are gone


def header_key(text: str) -> str:
    """A header compared loosely: half-width, lower case, no spaces, punctuation or area unit."""
    key = _HEADER_NOISE_RE.sub("", unicodedata.normalize("NFKC", text).lower())
    for suffix in _UNIT_SUFFIXES:
        if key.endswith(suffix) and len(key) > len(suffix):
            key = key[: -len(suffix)]
    return key


_FIELD_OF_KEY = {header_key(alias): name for name, aliases in HEADER_ALIASES.items() for alias in aliases}


def field_of_header(text: str) -> str | None:
    """The field a column header names (``"房號"`` → ``"unit"``), or None when unknown."""
    return _FIELD_OF_KEY.get(header_key(text))


def looks_like_header(cells: Sequence[object]) -> bool:
    """True when a row names at least two known columns (to find the header below a title)."""
    return len({field_of_header(c) for c in cells if isinstance(c, str)} - {None}) >= 2


@dataclass(frozen=True)
class RowError:
    """One problem in the sheet: row as Excel numbers it, the column's header, what and how to fix."""

    row: int
    column: str
    problem: str
    fix: str


def cell_text(value: object) -> str:
    """A cell as text: ``13812345678.0`` → ``"13812345678"``, ``None`` → ``""``."""
    if isinstance(value, str):  # most cells: first, for a sheet of 50,000 rows
        return value.strip()
    if value is None:
        return ""
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    return str(value).strip()


def parse_day(value: object) -> date | None:
    """A date from an Excel date, ``2023-05-01``, ``2023/5/1``, ``2023年5月1日`` or ``20230501``.

    Raises:
        ValueError: the value is not a date.
    """
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = unicodedata.normalize("NFKC", cell_text(value))
    if not text:
        return None
    match = _DATE_RE.fullmatch(text) or _COMPACT_DATE_RE.fullmatch(text)
    if match is None:
        raise ValueError(text)
    return date(int(match[1]), int(match[2]), int(match[3]))


#: the largest area a unit of the sheet may have, in m² (a bigger one is a typing slip)
MAX_SHEET_AREA_M2 = Decimal(10_000)
_AREA_NOISE_RE = re.compile(r"[\s,，]+")


def parse_area(value: object) -> Decimal | None:
    """An area in m² from a cell: ``89.37``, ``"89.37"``, ``"89.37㎡"``, ``"1,089.5 平方米"``; None if empty.

    Raises:
        ValueError: the value is no area: not a number, not more than 0, over
            ``MAX_SHEET_AREA_M2`` or with more than two decimals; its text is the message.
    """
    if isinstance(value, Decimal | int) and not isinstance(value, bool):  # a number, as read from the sheet
        area = Decimal(value)
    else:
        text = _AREA_NOISE_RE.sub("", unicodedata.normalize("NFKC", cell_text(value)).lower())
        for suffix in (*_UNIT_SUFFIXES, "m"):
            text = text.removesuffix(suffix)
        if not text:
            return None
        try:
            area = Decimal(text)
        except InvalidOperation:
            problem = _("“{value}” is not an area in square metres.").format(value=cell_text(value))
            raise ValueError(problem) from None
    if not area.is_finite() or area <= 0 or area > MAX_SHEET_AREA_M2:
        raise ValueError(
            _("An area must be more than 0 and at most {most} m².").format(most=f"{MAX_SHEET_AREA_M2:,}")
        )
    if area != area.quantize(Decimal("0.01")):
        raise ValueError(_("An area has at most two decimals."))
    return area
