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

openpyxl is imported inside ``read_rows``, never when this module is imported; the sheet's XML is
streamed (``reports.xlsx_cells``), and only the rows the file holds are read.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal
from typing import BinaryIO

from frontdesk.i18n import _
from reports.xlsx_cells import Cells, Sheet, open_sheet, read_cells

CellValue = str | int | float | Decimal | date | datetime | bool | None
_NUMBER_TEXT_RE = re.compile(r"[+\-]?[0-9][0-9\s\-().]*")
#: how many rows from the top are searched for the header row
HEADER_SEARCH_ROWS = 20
#: the most rows of data a sheet may hold (more is refused with a message)
MAX_ROWS = 100_000
#: columns past this one are not read (a stray cell far to the right is no column of the table)
MAX_COLUMNS = 200
#: this many rows without data end the table (a stray cell far below it is not read)
BLANK_RUN = 1000


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


class SheetTooLarge(ValueError):
    """The sheet holds more rows of data than the program reads; ``message`` says so, translated."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def read_rows(
    stream: BinaryIO, *, sheet_name: str | None = None, max_rows: int = MAX_ROWS
) -> tuple[str, list[tuple[int, list[CellValue]]]]:
    """Every non-blank row of a sheet with its 1-based row number, merged cells filled.

    Only the rows the file holds are read, never the sheet's declared size (one stray cell at
    XFD1048576 declares a sheet of 17 billion cells); columns past ``MAX_COLUMNS`` are not read,
    and reading stops after ``BLANK_RUN`` rows without data (a stray value far below the table).

    Args:
        stream: the .xlsx file, opened for binary reading.
        sheet_name: the sheet to read (default: the active one, else the first).
        max_rows: the most rows of data read; a sheet with more is refused.

    Returns:
        The sheet's name and its rows, each as long as the widest row.

    Raises:
        SheetTooLarge: the sheet has more than ``max_rows`` rows of data.
        ValueError: the file is not a workbook openpyxl can read, or there is no such sheet.
    """
    with open_sheet(stream, sheet_name) as sheet:
        rows, merges = _parse(sheet, max_rows)
        return sheet.title, _filled(rows, merges)


def _parse(sheet: Sheet, max_rows: int) -> tuple[dict[int, dict[int, CellValue]], list[str]]:
    """The rows holding data (row -> column -> value) and the merged ranges, from the sheet's XML."""
    rows: dict[int, dict[int, CellValue]] = {}
    last = 0

    def take(number: int, cells: Cells) -> bool:
        nonlocal last
        if last and number - last > BLANK_RUN:
            return False  # past the table; the rest of the file is still read for merged ranges
        values: dict[int, CellValue] = {
            column: v for column, value in cells if (v := clean_value(value)) is not None
        }
        if values:
            rows[number], last = values, number
            if len(rows) > max_rows:
                raise SheetTooLarge(
                    _("The sheet has more than {n} rows of data: split it into several workbooks.").format(
                        n=f"{max_rows:,}"
                    )
                )
        return True

    return rows, read_cells(sheet, take, max_columns=MAX_COLUMNS)


def _filled(rows: dict[int, dict[int, CellValue]], merges: list[str]) -> list[tuple[int, list[CellValue]]]:
    """Rows as lists, merged ranges filled with their top-left value in the rows that hold data.

    A row holding only a merged range's copies of another row's value stays blank (skipped).
    """
    from openpyxl.utils.cell import range_boundaries

    width = max((max(cells) for cells in rows.values()), default=0)
    grid = {number: [cells.get(c) for c in range(1, width + 1)] for number, cells in sorted(rows.items())}
    for ref in merges:
        bounds = range_boundaries(ref)
        if None in bounds:  # a whole row or column merged: nothing an office's table does
            continue
        min_col, min_row, max_col, max_row = (int(b or 0) for b in bounds)
        value = rows.get(min_row, {}).get(min_col)
        for number in range(min_row, max_row + 1):
            if number in grid:
                for column in range(min_col, min(max_col, width) + 1):
                    grid[number][column - 1] = value
    return list(grid.items())
