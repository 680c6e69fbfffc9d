"""The utilities' sheets as workbooks: meters, tariffs and readings, written as the imports read them.

Headers and words (kinds, tier periods, sharing) come from ``frontdesk.utilities.sheets`` in the
user's language; numbers are numbers, dates are dates, prices are text (four decimals exactly).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import BinaryIO

from frontdesk.errors import UserError
from frontdesk.i18n import _
from frontdesk.utilities.kinds import MeterKind, ShareBasis, TierPeriod
from frontdesk.utilities.sheets import (
    HEADERS,
    SheetKind,
    kind_word,
    looks_like_header,
    period_word,
    share_word,
)
from reports.xlsx import Column, ColumnKind, write_table
from reports.xlsx_read import SheetTable

_KINDS: dict[str, tuple[ColumnKind, float]] = {
    "unit": ("text", 12),
    "place": ("text", 16),
    "building": ("text", 8),
    "kind": ("text", 10),
    "meter": ("text", 16),
    "multiplier": ("int", 8),
    "digits": ("int", 8),
    "initial": ("int", 12),
    "installed": ("date", 12),
    "share": ("text", 10),
    "from": ("text", 10),
    "period": ("text", 10),
    "upper": ("int", 12),
    "price": ("text", 10),
    "addon": ("text", 10),
    "current": ("int", 12),
    "old_final": ("int", 14),
    "new_initial": ("int", 14),
    "replaced_on": ("date", 12),
}


def _title(sheet: SheetKind, month: str) -> str:
    if sheet == "meters":
        return _("Meters")
    if sheet == "tariffs":
        return _("Tariffs")
    return _("Meter readings {month}").format(month=month)


def _cell(value: object) -> object:
    if isinstance(value, MeterKind):
        return kind_word(value)
    if isinstance(value, TierPeriod):
        return period_word(value)
    if isinstance(value, ShareBasis):
        return share_word(value)
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    if isinstance(value, str | int | date) or value is None:
        return value
    return str(value)


def write_sheet(
    stream: BinaryIO, sheet: SheetKind, rows: Sequence[Mapping[str, object]], *, month: str = ""
) -> None:
    """The rows (``UtilityService.export_rows``) as the workbook the import reads."""
    fields = HEADERS[sheet]
    columns = [Column(_(header), _KINDS[name][1], _KINDS[name][0]) for name, header in fields]
    lines = ([_cell(row.get(name)) for name, _h in fields] for row in rows)
    write_table(stream, title=_title(sheet, month), columns=columns, rows=lines)


def read_sheet(source: Path) -> SheetTable:
    """The workbook's table, its header found by the utilities' column names.

    Raises:
        UserError: the file cannot be read or is not a workbook.
    """
    from reports.xlsx_read import SheetTooLarge, read_table

    try:
        with source.open("rb") as stream:
            return read_table(stream, is_header=looks_like_header)
    except OSError as exc:
        raise UserError(_("Cannot read {file}: {reason}").format(file=source, reason=exc.strerror)) from None
    except SheetTooLarge as exc:
        raise UserError(exc.message) from None
    except ValueError:
        raise UserError(_("{file} is not an Excel workbook (.xlsx).").format(file=source)) from None
