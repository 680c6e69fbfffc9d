"""The month's utility table as documents: the workbook against bare openpyxl, the PDF against bare reportlab.

    nice -n 10 .venv/bin/python benchmarks/utility_table.py [--units 5000] [--folder DIR] [--rounds 3]

On the one-year demo database (5,000 units, two meters each, read every month; built once with the
command line by ``benchmarks/_demo.py`` and reused), ``month_table`` of the latest month is read
once; then, alternating so that the shared machine's drift hits both alike:

- ``write_utility_table`` (summary + one sheet per building, styles, number formats, print set-up)
  against bare openpyxl write-only appending the same cells' values (computed beforehand, outside
  the timing) to a sheet per building, unstyled;
- both of ours with a progress callback, as the desk calls them;
- ``utility_table_pdf`` (A4 landscape, running header, page x / y, grid, repeated header rows)
  against a bare reportlab ``SimpleDocTemplate`` with one ``Table`` per building of the same strings
  (computed beforehand), the same font and ``repeatRows=1``, nothing else.

Targets: both ratios ≤ 1.5×. The last two lines print them.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from io import BytesIO
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks._demo import demo_database, spread
from frontdesk.auth import Actor
from frontdesk.db import parse_target
from frontdesk.i18n import set_language
from frontdesk.services import connect
from frontdesk.utilities.rows import UtilityTable
from reports.fonts import cjk_font_name
from reports.utility_table import _columns, _pdf_cell, _section_rows, utility_table_pdf, write_utility_table

TARGET = 1.5


def _time(call: Callable[[], object]) -> float:
    start = time.perf_counter()
    call()
    return time.perf_counter() - start


def told(done: int, total: int) -> None:
    """The progress callback the desk passes (it stores a percentage for the progress bar)."""
    told.percent = 100 * done // total  # type: ignore[attr-defined]


def _sheets(table: UtilityTable) -> list[tuple[str, list[list[object]]]]:
    """The building sheets' cells as plain values (money as yuan), as a bare script would write them."""
    out = []
    columns = _columns()
    for building in table.buildings:
        rows: list[list[object]] = [[c.header for c in columns]]
        for values in _section_rows(building, building.public):
            row = list(values)
            if isinstance(row[9], int):
                row[9] = row[9] / 100
            rows.append(row)
        out.append((building.name, rows))
    return out


def bare_xlsx(sheets: list[tuple[str, list[list[object]]]]) -> bytes:
    """openpyxl write-only, one sheet per building, values appended as they are."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    for name, rows in sheets:
        sheet = workbook.create_sheet(name)
        for row in rows:
            sheet.append(row)
    stream = BytesIO()
    workbook.save(stream)
    return stream.getvalue()


def bare_pdf(sheets: list[tuple[str, list[list[str]]]], font: str) -> bytes:
    """reportlab: one plain Table per building, the CJK font, the header row repeated."""
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.platypus import SimpleDocTemplate, Table, TableStyle

    stream = BytesIO()
    doc = SimpleDocTemplate(stream, pagesize=landscape(A4), initialFontName=font)
    story: list[Any] = []
    for _name, rows in sheets:
        table = Table(rows, repeatRows=1)
        table.setStyle(TableStyle([("FONT", (0, 0), (-1, -1), font, 7.5)]))
        story.append(table)
    doc.build(story)
    return stream.getvalue()


def _pdf_strings(table: UtilityTable) -> list[tuple[str, list[list[str]]]]:
    columns = _columns()
    out = []
    for building in table.buildings:
        rows = [[c.header for c in columns]]
        for values in _section_rows(building, building.public):
            rows.append([_pdf_cell(v, c.number_format) for v, c in zip(values, columns, strict=True)])
        out.append((building.name, rows))
    return out


def main() -> None:
    """Build (or reuse) the demo database, measure, print the ratios."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--units", type=int, default=5000)
    parser.add_argument(
        "--folder", type=Path, default=Path(tempfile.gettempdir()) / "frontdesk-bench-utilities"
    )
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    args.folder.mkdir(parents=True, exist_ok=True)
    path = demo_database(args.folder, 1, args.units)
    today = date.today()
    month = f"{today.year - (today.month == 1)}-{(today.month - 2) % 12 + 1:02d}"  # the demo's latest
    set_language("zh_CN")
    services = connect(parse_target(path), backup_folder=path.parent / "bk", exclusive=False)
    try:
        table = services.utilities.month_table(actor=Actor.command_line(), month=month)
    finally:
        services.close()
    lines = sum(len(b.lines) for b in table.buildings)
    font = cjk_font_name()
    cells, strings = _sheets(table), _pdf_strings(table)
    xlsx_ratios, pdf_ratios = [], []
    ours_x = bare_x = ours_p = bare_p = 0.0
    for _round in range(args.rounds):
        ours_x = _time(lambda: write_utility_table(BytesIO(), table, progress=told))
        bare_x = _time(lambda: bare_xlsx(cells))
        xlsx_ratios.append(ours_x / bare_x)
        ours_p = _time(lambda: utility_table_pdf(table, office_name="基准物业管理处", progress=told))
        bare_p = _time(lambda: bare_pdf(strings, font))
        pdf_ratios.append(ours_p / bare_p)
    print(f"utility table {month}: {len(table.buildings)} buildings, {lines} lines")
    print(f"  xlsx: frontdesk {ours_x:.2f} s, bare openpyxl {bare_x:.2f} s (last round)")
    print(f"  pdf:  frontdesk {ours_p:.2f} s, bare reportlab {bare_p:.2f} s (last round)")
    print(f"xlsx frontdesk / bare openpyxl: {spread(xlsx_ratios)} (target ≤ {TARGET}x)")
    print(f"pdf frontdesk / bare reportlab: {spread(pdf_ratios)} (target ≤ {TARGET}x)")


if __name__ == "__main__":
    main()
