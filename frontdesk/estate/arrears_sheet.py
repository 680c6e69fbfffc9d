"""Reading an arrears/fees sheet kept in other software: its columns, amounts, months and fee items.

Pure rules, no database: headers recognised in Simplified and Traditional Chinese and English,
amounts read exactly into fen (rounded half-up, never through a binary float), months written the
way offices write them, and the fee item mapped to a charge kind.
"""

from __future__ import annotations

import calendar
import re
import unicodedata
from collections.abc import Sequence
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from frontdesk.estate.kinds import ChargeKind
from frontdesk.estate.residents_sheet import HEADER_ALIASES, cell_text, header_key
from frontdesk.money import MAX_FEN, round_half_up

#: recognised column headers of an arrears sheet (compared after ``header_key``), by field
ARREARS_ALIASES: dict[str, tuple[str, ...]] = {
    "unit": HEADER_ALIASES["unit"],
    "building": HEADER_ALIASES["building"],
    "item": (
        "项目",
        "項目",
        "收费项目",
        "收費項目",
        "费用项目",
        "費用項目",
        "费项",
        "費項",
        "科目",
        "摘要",
        "item",
        "chargeitem",
        "fee",
        "description",
    ),
    "period": (
        "期间",
        "期間",
        "所属期",
        "所屬期",
        "所属月份",
        "所屬月份",
        "月份",
        "账期",
        "帳期",
        "计费月份",
        "計費月份",
        "period",
        "month",
        "billingperiod",
    ),
    "due": (
        "应收",
        "應收",
        "应收金额",
        "應收金額",
        "应缴",
        "應繳",
        "应缴金额",
        "應繳金額",
        "金额",
        "金額",
        "amountdue",
        "due",
        "amount",
        "charged",
    ),
    "paid": (
        "已收",
        "已缴",
        "已繳",
        "实收",
        "實收",
        "已收金额",
        "已收金額",
        "已缴金额",
        "已繳金額",
        "实收金额",
        "實收金額",
        "paid",
        "amountpaid",
        "received",
    ),
    "arrears": (
        "欠费",
        "欠費",
        "欠费金额",
        "欠費金額",
        "未缴",
        "未繳",
        "未缴金额",
        "未繳金額",
        "欠款",
        "arrears",
        "outstanding",
        "balance",
    ),
    "due_date": (
        "到期日",
        "到期日期",
        "缴费期限",
        "繳費期限",
        "应缴日期",
        "應繳日期",
        "截止日期",
        "duedate",
        "dueby",
    ),
}
_FIELD_OF_KEY = {header_key(alias): name for name, aliases in ARREARS_ALIASES.items() for alias in aliases}
_KIND_WORDS: dict[ChargeKind, frozenset[str]] = {
    ChargeKind.MANAGEMENT: frozenset(
        ("管理费", "管理費", "物业费", "物業費", "物业管理费", "物業管理費", "management", "managementfee")
    ),
    ChargeKind.WATER: frozenset(("水费", "水費", "water", "waterfee")),
    ChargeKind.ELECTRICITY: frozenset(("电费", "電費", "electricity", "electricityfee", "power")),
}
#: rows whose unit cell says this are the sheet's totals, not a unit's fees
TOTAL_WORDS = frozenset(("合计", "合計", "总计", "總計", "小计", "小計", "total", "subtotal", "sum"))
_MONTH_RE = re.compile(r"(\d{4})\s*(?:[-/.年]\s*(\d{1,2})\s*月?|(\d{2}))(?:\s*[-/.]?\s*\d{1,2}\s*日?)?")
_AMOUNT_MARKS = ("RMB", "CNY", "¥", "元", ",", " ")


def field_of_header(text: str) -> str | None:
    """The field an arrears column header names (``"應收金額"`` → ``"due"``), or None."""
    return _FIELD_OF_KEY.get(header_key(text))


def looks_like_header(cells: Sequence[object]) -> bool:
    """True when a row names the unit and at least one amount column (the header below a title)."""
    fields = {field_of_header(c) for c in cells if isinstance(c, str)}
    return "unit" in fields and bool(fields & {"due", "paid", "arrears"})


def charge_kind(item: str) -> ChargeKind:
    """The kind of a fee item: management, water, electricity, else other (empty: management)."""
    key = header_key(item)
    if not key:
        return ChargeKind.MANAGEMENT  # an arrears sheet without an item column lists management fees
    for kind, words in _KIND_WORDS.items():
        if key in words:
            return kind
    return ChargeKind.OTHER


def parse_month(value: object) -> str:
    """A month as ``YYYY-MM`` from ``2026-03``, ``2026/3``, ``2026年3月``, ``202603`` or a date; "" if empty.

    Raises:
        ValueError: not a month.
    """
    if isinstance(value, datetime | date):
        return f"{value.year:04d}-{value.month:02d}"
    text = unicodedata.normalize("NFKC", cell_text(value))
    if not text:
        return ""
    match = _MONTH_RE.fullmatch(text)
    if match is None:
        raise ValueError(text)
    month = int(match[2] or match[3])
    if not 1 <= month <= 12:
        raise ValueError(text)
    return f"{int(match[1]):04d}-{month:02d}"


def month_end(period: str) -> date:
    """The last day of a ``YYYY-MM`` month (when a sheet gives no due date)."""
    year, month = int(period[:4]), int(period[5:])
    return date(year, month, calendar.monthrange(year, month)[1])


def parse_fen(value: object) -> int | None:
    """An amount in yuan as fen, rounded half-up: ``"¥1,234.505"`` → 123451; None when empty.

    Raises:
        ValueError: not an amount, negative or too large.
    """
    if value is None or isinstance(value, bool):
        if value is None:
            return None
        raise ValueError(str(value))
    if isinstance(value, float):
        amount = Decimal(repr(value))  # the shortest text of the float: what Excel showed
    elif isinstance(value, int | Decimal):
        amount = Decimal(value)
    else:
        text = unicodedata.normalize("NFKC", str(value)).upper()
        for mark in _AMOUNT_MARKS:
            text = text.replace(mark, "")
        if not text:
            return None
        try:
            amount = Decimal(text)
        except InvalidOperation:
            raise ValueError(str(value)) from None
    if not amount.is_finite() or amount < 0:
        raise ValueError(str(value))
    fen = round_half_up(amount)
    if fen > MAX_FEN:
        raise ValueError(str(value))
    return fen
