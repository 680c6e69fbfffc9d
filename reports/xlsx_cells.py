"""The cells of one sheet of an .xlsx workbook, straight from its XML (for ``reports.xlsx_read``).

openpyxl reads the workbook's parts (its sheets, shared strings, styles and date system); the
sheet's own XML is walked here with ``xml.etree``'s ``iterparse``. The cells a typed sheet is made
of (shared strings, plain inline strings, numbers) are read directly; every other cell (dates,
booleans, errors, rich inline text, a cell without a reference) goes through openpyxl's own cell
parser, so a value is what openpyxl's read-only mode gives. openpyxl's read-only sheet is not
used: opening one reads its whole XML once more when it does not state its size (as a sheet
openpyxl writes in write-only mode), and it builds an object per inline string.

openpyxl is imported inside the functions, never when this module is imported.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, BinaryIO
from xml.etree.ElementTree import Element, ParseError, iterparse

_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_ROW, _VALUE = f"{_MAIN}row", f"{_MAIN}v"
_INLINE, _TEXT, _MERGE = f"{_MAIN}is", f"{_MAIN}t", f"{_MAIN}mergeCell"
_DIGITS = "0123456789"
_LAST_COLUMN = 16_384  # XFD, the last column a sheet has
_COLUMNS: dict[str, int] = {}  # column letters → number, filled as the sheet's columns are met

#: what a row of cells becomes: the cells' (column, value) pairs in the sheet's order
Cells = list[tuple[int, object]]


@dataclass(frozen=True)
class Sheet:
    """One sheet of an open workbook: what reading its cells needs."""

    title: str
    path: str  # the sheet's XML inside the archive
    archive: zipfile.ZipFile
    shared_strings: Any  # openpyxl's list of the workbook's shared strings
    parser: Any  # openpyxl's cell parser for the cells not read directly
    date_styles: frozenset[int]


@contextmanager
def open_sheet(stream: BinaryIO, sheet_name: str | None = None) -> Iterator[Sheet]:
    """The named sheet (default: the active one, else the first worksheet) of a workbook.

    Raises:
        ValueError: the file is not a workbook openpyxl can read, there is no such sheet, or
            the sheet is a chart.
    """
    from openpyxl.reader.excel import ExcelReader
    from openpyxl.styles.stylesheet import apply_stylesheet
    from openpyxl.worksheet._reader import WorkSheetParser

    try:
        reader = ExcelReader(stream, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError) as exc:
        raise ValueError(f"not an .xlsx workbook: {exc}") from exc
    try:
        try:
            reader.read_manifest()
            reader.read_strings()
            reader.read_workbook()
            apply_stylesheet(reader.archive, reader.wb)
            sheets = [
                (s.name, rel) for s, rel in reader.parser.find_sheets() if rel.target in reader.valid_files
            ]
        except (zipfile.BadZipFile, KeyError, OSError, ParseError, TypeError) as exc:
            raise ValueError(f"not an .xlsx workbook: {exc}") from exc
        book: Any = reader.wb  # its date formats are not in openpyxl's stubs
        title, rel = _chosen(sheets, sheet_name, book._active_sheet_index)
        parser = WorkSheetParser(
            io.BytesIO(),  # only its cell parser is used
            reader.shared_strings,
            data_only=True,
            epoch=book.epoch,
            date_formats=book._date_formats,
            timedelta_formats=book._timedelta_formats,
        )
        styles = frozenset(book._date_formats)
        yield Sheet(title, rel.target, reader.archive, reader.shared_strings, parser, styles)
    finally:
        reader.archive.close()


def _chosen(sheets: list[tuple[str, Any]], name: str | None, active: int) -> tuple[str, Any]:
    """The sheet asked for by name, else the active one, else the first worksheet."""
    if name is not None:
        named = [(title, rel) for title, rel in sheets if title == name]
        if not named:
            raise ValueError(f"no sheet named {name!r}")
        chosen = named[0]
    elif 0 <= active < len(sheets):
        chosen = sheets[active]
    else:
        worksheets = [(title, rel) for title, rel in sheets if "chartsheet" not in rel.Type]
        if not worksheets:
            raise ValueError("the workbook has no sheet")
        chosen = worksheets[0]
    if "chartsheet" in chosen[1].Type:
        raise ValueError("the sheet is a chart, not a table")
    return chosen


def read_cells(sheet: Sheet, take: Callable[[int, Cells], bool], *, max_columns: int) -> list[str]:
    """Give ``take`` each row the sheet's XML holds: its number and its cells up to ``max_columns``.

    ``take`` returns False once it wants no more rows: the rest of the XML is still read for the
    merged ranges (after the rows), its cells are not.

    Returns:
        The merged ranges (``"A1:D1"`` …).

    Raises:
        ValueError: the sheet's XML is not well formed, or a cell's reference is not one.
    """
    merges: list[str] = []
    number, wanted = 0, True
    try:
        with sheet.archive.open(sheet.path) as source:
            for _event, element in iterparse(source):
                tag = element.tag
                if tag == _ROW:
                    number = _row_number(element.get("r"), number)
                    if wanted:
                        wanted = take(number, _cells(element, sheet, max_columns))
                    element.clear()
                elif tag == _MERGE:
                    merges.append(element.get("ref", ""))
    except (ParseError, KeyError, IndexError) as exc:
        raise ValueError(f"the sheet cannot be read: {exc}") from exc
    return merges


def _row_number(text: str | None, previous: int) -> int:
    if text is None:
        return previous + 1
    try:
        return int(text)
    except ValueError:
        number = float(text)
        if not number.is_integer():
            raise ValueError(f"{text} is not a valid row number") from None
        return int(number)


def _cells(row: Element, sheet: Sheet, max_columns: int) -> Cells:
    """A row's cells as openpyxl's read-only mode gives their values (data only)."""
    cells: Cells = []
    column = 0
    for cell in row:
        reference = cell.get("r")
        column = _column(reference) if reference else column + 1
        if column > max_columns:
            continue
        kind = cell.get("t")
        value: object
        if kind == "s":
            index = cell.findtext(_VALUE)
            value = sheet.shared_strings[int(index)] if index else None
        elif kind == "inlineStr" and (text := _plain_text(cell)) is not None:
            value = text
        elif (kind is None or kind == "n") and not _styled_as_date(cell.get("s"), sheet.date_styles):
            value = _number(cell.findtext(_VALUE))
        else:
            value = sheet.parser.parse_cell(cell)["value"]
        cells.append((column, value))
    return cells


def _plain_text(cell: Element) -> str | None:
    """An inline string's text when it is one plain run (None when it has formatted runs)."""
    box = cell.find(_INLINE)
    if box is None or len(box) != 1 or box[0].tag != _TEXT:
        return None
    return box[0].text or ""


def _styled_as_date(style: str | None, date_styles: frozenset[int]) -> bool:
    return style is not None and style != "" and int(style) in date_styles


def _number(text: str | None) -> int | float | None:
    """A number cell's value as openpyxl reads it: ``int`` unless written with a point or exponent."""
    if not text:
        return None
    if "." in text or "e" in text or "E" in text:
        return float(text)
    return int(text)


def _column(reference: str) -> int:
    """The column number of a cell reference (``"AB12"`` → 28)."""
    letters = reference.rstrip(_DIGITS)
    column = _COLUMNS.get(letters)
    if column is None:
        if not letters or not letters.isascii() or not letters.isupper() or not letters.isalpha():
            raise ValueError(f"{reference!r} is not a cell reference")
        column = 0
        for letter in letters:
            column = column * 26 + ord(letter) - 64
        if column <= _LAST_COLUMN:  # a hostile file's made-up columns are not kept
            _COLUMNS[letters] = column
    return column
