"""Excel workbooks from column specs and rows, with user text kept as text (never a formula).

openpyxl turns any string starting with "=" into a formula, so an exported name or remark
could run in Excel. Every value of a "text" column is forced to a string cell, and the ones
that look like formulas also get Excel's quote prefix so that editing them keeps them text.

openpyxl is imported inside ``write_table``, never when this module is imported.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING, BinaryIO, Literal, cast

if TYPE_CHECKING:
    from openpyxl.cell.cell import Cell
    from openpyxl.worksheet._write_only import WriteOnlyWorksheet
    from openpyxl.worksheet.worksheet import Worksheet

ColumnKind = Literal["text", "int", "money", "date", "datetime"]

TITLE_ROW = 1
"""Row of the table title."""
HEADER_ROW = 2
"""Row of the column headers (bold, filtered, frozen above the data)."""
FIRST_DATA_ROW = 3
"""First row of data."""

NUMBER_FORMATS: dict[ColumnKind, str] = {
    "text": "@",
    "int": "0",
    "money": "#,##0.00",
    "date": "yyyy-mm-dd",
    "datetime": "yyyy-mm-dd hh:mm",
}
#: first characters that make Excel (or a CSV reader) treat text as a formula
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r", "\n")
MAX_CELL_CHARS = 32_767  # Excel's limit; longer text corrupts the file for Excel
_SHEET_NAME_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
# XML 1.0 forbids these control characters; openpyxl raises on them
_ILLEGAL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_HEADER_FILL = "E6EBF1"


@dataclass(frozen=True)
class Column:
    """One exported column: header text, width in characters and the kind of its values."""

    header: str
    width: float = 14.0
    kind: ColumnKind = "text"


def write_table(
    stream: BinaryIO,
    *,
    title: str,
    columns: Sequence[Column],
    rows: Iterable[Sequence[object]],
    sheet_name: str | None = None,
) -> None:
    """Write a one-sheet workbook: title row, bold frozen header with a filter, then the rows.

    Args:
        stream: a binary stream the .xlsx file is written to.
        title: shown in the first row and stored as the workbook title.
        columns: the column specs, in order.
        rows: one sequence of values per row, matching ``columns``; ``None`` is an empty
            cell. "text": anything, written with ``str()``; "int": int; "money": int fen,
            written as yuan; "date": date; "datetime": datetime (aware ones in local time).
        sheet_name: the sheet's tab name (default: the title), made valid for Excel.

    Raises:
        ValueError: no columns, or a row of the wrong length.
        TypeError: a value that does not suit its column's kind.
    """
    from openpyxl import Workbook

    if not columns:
        raise ValueError("a table needs at least one column")
    # Write-only: each row goes to the file as it is appended, so memory does not grow with rows.
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(safe_sheet_name(sheet_name or title))
    # openpyxl gives a write-only sheet the layout attributes of a normal one; the stubs omit them
    _lay_out_sheet(cast("Worksheet", sheet), columns)
    try:
        last_row = _append_rows(sheet, title, columns, rows)
    except BaseException:
        _discard(sheet)
        raise
    sheet.auto_filter.ref = f"A{HEADER_ROW}:{_last_letter(columns)}{last_row}"  # written after the rows
    workbook.properties.title = title
    workbook.properties.creator = "frontdesk"
    workbook.save(stream)


def safe_sheet_name(name: str) -> str:
    """A valid Excel sheet name: no ``[]:*?/\\``, no edge apostrophes, at most 31 characters.

    Args:
        name: the wished-for name.

    Returns:
        The cleaned name, or "Sheet1" when nothing is left.
    """
    cleaned = _SHEET_NAME_FORBIDDEN.sub(" ", name).strip().strip("'")[:31].strip()
    return cleaned or "Sheet1"


def _lay_out_sheet(sheet: Worksheet, columns: Sequence[Column]) -> None:
    """Widths, frozen header, title height and print setup: a write-only sheet needs them first."""
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.properties import PageSetupProperties

    for index, column in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = column.width
    sheet.row_dimensions[TITLE_ROW].height = 24
    sheet.freeze_panes = f"A{FIRST_DATA_ROW}"
    sheet.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    sheet.page_setup.orientation = "landscape" if len(columns) > 6 else "portrait"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)


def _append_rows(
    sheet: WriteOnlyWorksheet, title: str, columns: Sequence[Column], rows: Iterable[Sequence[object]]
) -> int:
    """Title, header and data rows, each written out as it is appended; returns the last row."""
    sheet.append(_title_row(sheet, title))
    sheet.append(_header_row(sheet, columns))
    cells = _DataCells(sheet, columns)
    _take_cells_as_given(sheet)
    last_row = HEADER_ROW
    for last_row, values in enumerate(rows, start=FIRST_DATA_ROW):
        sheet.append(cells.row(last_row, values))
    return last_row


def _take_cells_as_given(sheet: WriteOnlyWorksheet) -> None:
    """Have ``sheet.append`` write the rows of ``_DataCells.row`` as they are: cells already placed.

    openpyxl's write-only ``append`` first tries each item as a plain value; a cell is not one, so
    openpyxl raises, formats and catches a ``ValueError`` (the cell's ``repr`` included) for every
    styled cell: on a million-row export that cost about a third of the writing. The rows given
    here hold cells already placed (``row`` and ``column`` set) and ``None`` for empty ones, so
    they need no conversion. Without the hook (another openpyxl), ``append`` converts them the slow
    way, with the same result.
    """
    if hasattr(sheet, "_values_to_row"):  # openpyxl 3.1's conversion step of write-only rows
        sheet._values_to_row = _placed_cells  # private: on this sheet only


def _placed_cells(cells: Sequence[Cell | None], _row_index: int) -> list[Cell]:
    """The cells of a row of ``_DataCells.row``, empty ones left out (as openpyxl leaves them out)."""
    return [cell for cell in cells if cell is not None]


def _discard(sheet: WriteOnlyWorksheet) -> None:
    """Close a sheet abandoned part-way and delete the temporary file holding its rows so far.

    openpyxl streams a write-only sheet to a temporary file until the workbook is saved; left
    alone it would stay (personal data included) until the process ends, and its half-written
    XML generator would complain when collected.
    """
    if not sheet.closed:
        sheet.close()
    writer = getattr(sheet, "_writer", None)  # openpyxl has no public way to drop an unsaved sheet
    if writer is not None:
        writer.cleanup()


def _last_letter(columns: Sequence[Column]) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(len(columns))


def _title_row(sheet: WriteOnlyWorksheet, title: str) -> list[Cell]:
    from openpyxl.styles import Font

    cell = _text_cell(sheet, title)
    cell.font = Font(bold=True, size=14)
    return [cell]


def _header_row(sheet: WriteOnlyWorksheet, columns: Sequence[Column]) -> list[Cell]:
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

    bottom = Border(bottom=Side(style="thin", color="8A94A0"))
    cells = []
    for column in columns:
        cell = _text_cell(sheet, column.header)
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor=_HEADER_FILL)
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        cell.border = bottom
        cells.append(cell)
    return cells


class _DataCells:
    """One styled cell per column, refilled for every row.

    A write-only sheet writes each appended row out before ``append`` returns, so a row's cells
    are free again once it is appended: reusing them spares creating and styling twelve cells per
    row, which cost as much as openpyxl's own writing.
    """

    def __init__(self, sheet: WriteOnlyWorksheet, columns: Sequence[Column]) -> None:
        self._columns = columns
        self._plain = [_styled_cell(sheet, column, n, quoted=False) for n, column in enumerate(columns)]
        # openpyxl registers a cell's style object itself, not a copy: a reused cell's style must
        # never change, so formula-like text goes to a second cell styled with the quote prefix
        self._quoted = [_styled_cell(sheet, column, n, quoted=True) for n, column in enumerate(columns)]

    def row(self, number: int, values: Sequence[object]) -> list[Cell | None]:
        """The cells of row ``number`` holding ``values``, placed in it (``None`` leaves a cell empty)."""
        if len(values) != len(self._columns):
            raise ValueError(f"row {number} has {len(values)} values for {len(self._columns)} columns")
        return [
            None if value is None else self._filled(index, value, number)
            for index, value in enumerate(values)
        ]

    def _filled(self, index: int, value: object, number: int) -> Cell:
        column = self._columns[index]
        if column.kind != "text":
            cell = self._plain[index]
            cell.value = _typed_value(value, column)
        else:
            text = _clean_text(value)
            cell = self._quoted[index] if text.startswith(FORMULA_PREFIXES) else self._plain[index]
            cell.value = text
            cell.data_type = "s"  # openpyxl has just made "=..." a formula; user text is never one
        cell.row = number
        return cell


def _styled_cell(sheet: WriteOnlyWorksheet, column: Column, index: int, *, quoted: bool) -> Cell:
    from openpyxl.cell import WriteOnlyCell

    cell = WriteOnlyCell(sheet)
    cell.column = index + 1
    cell.number_format = NUMBER_FORMATS[column.kind]
    if quoted:
        cell.quotePrefix = True
    return cell


def _text_cell(sheet: WriteOnlyWorksheet, value: object) -> Cell:
    from openpyxl.cell import WriteOnlyCell

    cell = WriteOnlyCell(sheet)
    _set_text(cell, value)
    return cell


def _set_text(cell: Cell, value: object) -> None:
    text = _clean_text(value)
    cell.value = text
    # openpyxl has just made "=..." a formula; user text is never one.
    cell.data_type = "s"
    if text.startswith(FORMULA_PREFIXES):
        cell.quotePrefix = True


def _clean_text(value: object) -> str:
    # A bare CR would come back as LF anyway (XML end-of-line handling): say so up front.
    text = str(value).replace("\r\n", "\n").replace("\r", "\n")
    return _ILLEGAL_CHARS.sub("", text)[:MAX_CELL_CHARS]


def _typed_value(value: object, column: Column) -> int | Decimal | date | datetime:
    kind = column.kind
    if kind in ("int", "money") and isinstance(value, int) and not isinstance(value, bool):
        return Decimal(value).scaleb(-2) if kind == "money" else value
    if kind == "datetime" and isinstance(value, datetime):
        # Excel has no time zones: show an aware time as the local wall-clock time.
        return value.astimezone().replace(tzinfo=None) if value.tzinfo else value
    if kind == "date" and isinstance(value, date) and not isinstance(value, datetime):
        return value
    expected = "int fen" if kind == "money" else kind
    raise TypeError(f"column {column.header!r} expects {expected}, got {type(value).__name__}: {value!r}")
