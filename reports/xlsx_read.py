"""Read the first (or a named) sheet of an .xlsx workbook as plain rows of cell values.

Offices' sheets are untidy: a title row above the header, merged cells (one building name
spanning many rows), blank spacer rows, phone numbers typed as numbers (``13812345678.0``) and
unit numbers as full-width text. This module gives the core plain values it can check:

- merged ranges are filled with their top-left value in every cell they cover;
- rows with nothing typed in them are skipped, even inside a merged range (the sheet's row
  numbers are kept for messages);
- text is stripped; text that is only a number (``"１５０２"``, ``" 138 1234 5678 "``) is made
  half-width; whole-number floats become ``int`` (``13812345678.0`` → ``13812345678``);
- date cells at midnight become ``date``.

openpyxl is imported inside ``read_table``, never when this module is imported.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal
from typing import TYPE_CHECKING, BinaryIO

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet

CellValue = str | int | float | Decimal | date | datetime | bool | None
_NUMBER_TEXT_RE = re.compile(r"[+\-]?[0-9][0-9\s\-().]*")
#: how many rows from the top are searched for the header row
HEADER_SEARCH_ROWS = 20


@dataclass(frozen=True)
class SheetTable:
    """A sheet read as a table: its header row and the data rows below it.

    ``rows[i]`` maps each non-empty header to the cell's value and came from sheet row
    ``row_numbers[i]`` (1-based, as Excel shows it).
    """

    sheet_name: str
    header_row: int
    headers: tuple[str, ...]
    rows: list[dict[str, CellValue]] = field(default_factory=list)
    row_numbers: list[int] = field(default_factory=list)


def clean_value(value: object) -> CellValue:
    """One cell's value as the core wants it (see the module's notes); empty text is None."""
    if isinstance(value, str):
        text = value.strip()
        if not text:
            return None
        half = unicodedata.normalize("NFKC", text)
        return half if _NUMBER_TEXT_RE.fullmatch(half) else text
    if isinstance(value, bool):
        return value
    if isinstance(value, float):
        if value.is_integer():
            return int(value)
        return Decimal(repr(value))
    if isinstance(value, datetime):
        return value.date() if value.time() == time(0) else value
    if isinstance(value, int | Decimal | date) or value is None:
        return value
    return str(value)


def default_is_header(cells: Sequence[CellValue]) -> bool:
    """A row with at least two different text values (a merged title row repeats one)."""
    texts = {c for c in cells if isinstance(c, str)}
    return len(texts) >= 2


def read_table(
    stream: BinaryIO,
    *,
    sheet_name: str | None = None,
    is_header: Callable[[Sequence[CellValue]], bool] = default_is_header,
) -> SheetTable:
    """Read a sheet as a header row and data rows.

    Args:
        stream: the .xlsx file, opened for binary reading.
        sheet_name: the sheet to read (default: the active one, else the first).
        is_header: tells the header row; the first of the top ``HEADER_SEARCH_ROWS``
            non-blank rows it accepts is the header (else the first non-blank row).

    Returns:
        The table; empty when the sheet has no rows.

    Raises:
        ValueError: the file is not a workbook openpyxl can read, or there is no such sheet.
    """
    grid = read_rows(stream, sheet_name=sheet_name)
    name, numbered = grid
    if not numbered:
        return SheetTable(name, 0, ())
    header_index = 0
    for index, (_number, cells) in enumerate(numbered[:HEADER_SEARCH_ROWS]):
        if is_header(cells):
            header_index = index
            break
    header_number, header_cells = numbered[header_index]
    headers = tuple("" if c is None else str(c).strip() for c in header_cells)
    rows: list[dict[str, CellValue]] = []
    numbers: list[int] = []
    for number, cells in numbered[header_index + 1 :]:
        row = {h: v for h, v in zip(headers, cells, strict=False) if h}
        if all(v is None for v in row.values()):
            continue
        rows.append(row)
        numbers.append(number)
    return SheetTable(name, header_number, headers, rows, numbers)


def read_rows(
    stream: BinaryIO, *, sheet_name: str | None = None
) -> tuple[str, list[tuple[int, list[CellValue]]]]:
    """Every non-blank row of a sheet with its 1-based row number, merged cells filled.

    Args:
        stream: the .xlsx file, opened for binary reading.
        sheet_name: the sheet to read (default: the active one, else the first).

    Returns:
        The sheet's name and its rows, each as long as the sheet is wide.

    Raises:
        ValueError: the file is not a workbook openpyxl can read, or there is no such sheet.
    """
    import zipfile

    from openpyxl import load_workbook
    from openpyxl.worksheet.worksheet import Worksheet

    try:
        workbook = load_workbook(stream, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError) as exc:
        raise ValueError(f"not an .xlsx workbook: {exc}") from exc
    try:
        chosen: object
        if sheet_name is not None:
            if sheet_name not in workbook.sheetnames:
                raise ValueError(f"no sheet named {sheet_name!r}")
            chosen = workbook[sheet_name]
        else:
            chosen = workbook.active if workbook.active is not None else workbook.worksheets[0]
        if not isinstance(chosen, Worksheet):
            raise ValueError("the sheet is a chart, not a table")
        return chosen.title, _rows_of(chosen)
    finally:
        workbook.close()


def _rows_of(sheet: Worksheet) -> list[tuple[int, list[CellValue]]]:
    grid = [[clean_value(v) for v in row] for row in sheet.iter_rows(values_only=True)]
    # blank before filling: a row holding only a merged range's copies of another row's value is blank
    blank = [all(c is None for c in cells) for cells in grid]
    for merged in sheet.merged_cells.ranges:
        min_col, min_row, max_col, max_row = merged.bounds
        if min_row > len(grid):
            continue
        value = grid[min_row - 1][min_col - 1]
        for r in range(min_row, min(max_row, len(grid)) + 1):
            for c in range(min_col, max_col + 1):
                grid[r - 1][c - 1] = value
    return [(number, cells) for number, cells in enumerate(grid, start=1) if not blank[number - 1]]
