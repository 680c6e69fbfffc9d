"""Checking and importing a residents sheet vs reading the same sheet with bare openpyxl (read-only).

A fresh office (set up, no buildings yet) imports its sheet of ``--rows`` residents (default
50,000) in 50 buildings, each in a unit the import adds with its building (``--create-units``), as
``frontdesk import residents`` does: the sheet is read (``reports.xlsx_read``), every row checked,
the buildings, units and residents written in one transaction. Then the same sheet with one row
in fifty wrong (bad areas, phones, dates) is read, checked and refused, every problem listed. The
baseline is openpyxl's read-only mode iterating the same sheet's values. The target is a ratio of
at most 2 for the import. The last line printed is that ratio.

    PYTHONPATH=. .venv/bin/python benchmarks/import_residents.py [--rows 50000]

(``PYTHONPATH=.`` measures this checkout's code rather than the installed one's.)
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
from pathlib import Path

from openpyxl import Workbook, load_workbook

from frontdesk.auth import Actor
from frontdesk.db import parse_target
from frontdesk.demo.people import person
from frontdesk.estate import importing, residents_sheet
from frontdesk.i18n import set_language
from frontdesk.services import Services, connect
from reports.xlsx_read import read_table

BUILDINGS = 50
TARGET = 2.0


def write_sheet(path: Path, rows: int, *, wrong_every: int = 0) -> None:
    """The office's sheet: building, room, area, owner, phone, ID number, type, move-in (real-looking
    names, mobiles and valid ID numbers); every ``wrong_every``th row with a bad area, phone or date."""
    rng = random.Random(20240601)
    book = Workbook(write_only=True)
    sheet = book.create_sheet("业主资料")
    sheet.append(["楼栋", "房号", "面积", "业主", "电话", "身份证号", "类型", "入住日期"])
    for n in range(rows):
        building, rest = divmod(n, rows // BUILDINGS + 1)
        floor, unit = divmod(rest, 20)
        who = person(rng)
        row: list[object] = [f"{building + 1}栋", f"{floor + 1}{unit + 1:02d}", 89.5, who.name, who.phone]
        row += [who.id_number, "业主" if n % 4 else "租户", "2019-06-01"]
        if wrong_every and n % wrong_every == 0:
            row[(2, 4, 7)[n // wrong_every % 3]] = "-1"  # a bad area, phone or date
        sheet.append(row)
    book.save(path)


def set_up(folder: Path) -> Services:
    """A set-up database: the office and its estate, no buildings yet."""
    services = connect(parse_target(folder / "bench.db"), backup_folder=folder / "bk", create=True)
    services.setup.initialize(
        actor=None, office_name="基准物业管理处", estate_name="基准小区", admin_username="admin",
        admin_display_name="admin", admin_password="bench-password-1", visitor_retention_days=30,
        slip_retention_days=365,
    )  # fmt: skip
    return services


def time_bare(path: Path) -> float:
    """Seconds to read every value of the sheet with openpyxl's read-only mode."""
    start = time.perf_counter()
    book = load_workbook(path, read_only=True, data_only=True)
    count = sum(1 for _row in book.active.iter_rows(values_only=True))
    book.close()
    assert count > 0
    return time.perf_counter() - start


def time_import(path: Path, services: Services) -> tuple[float, importing.ImportReport]:
    """Seconds to read, check and import the sheet (all or nothing), and the report."""
    start = time.perf_counter()
    with path.open("rb") as stream:
        table = read_table(stream, is_header=residents_sheet.looks_like_header)
    report = importing.import_residents(
        services.estate, actor=Actor.command_line(), rows=table.rows, row_numbers=table.row_numbers,
        allow_partial=False, create_units=True, source=path.name,
    )  # fmt: skip
    return time.perf_counter() - start, report


def main() -> None:
    """Print the timings, then the import's ratio."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=50_000)
    args = parser.parse_args()
    set_language("en")
    with tempfile.TemporaryDirectory() as folder:
        sheet, wrong = Path(folder) / "residents.xlsx", Path(folder) / "wrong.xlsx"
        write_sheet(sheet, args.rows)
        write_sheet(wrong, args.rows, wrong_every=50)
        services = set_up(Path(folder))
        try:
            bare = time_bare(sheet)
            refused_s, refused = time_import(wrong, services)
            ours, report = time_import(sheet, services)
            assert refused.imported == 0 and report.ok, report.errors[:3]
            checked = services.maintenance.check()
        finally:
            services.close()
    print(
        f"rows: {args.rows}; imported: {report.imported} residents, {report.units_created} units, "
        f"{report.buildings_created} buildings; audit chain {'verified' if checked.ok else 'BROKEN'}"
    )
    print(f"bare openpyxl read-only: {bare:.2f} s")
    print(
        f"sheet with {len({e.row for e in refused.errors})} wrong rows, read + checked + refused: "
        f"{refused_s:.2f} s ({refused_s / bare:.2f}×)"
    )
    print(f"read + check + import: {ours:.2f} s (target ≤ {TARGET}×)")
    print(f"{ours / bare:.2f}")


if __name__ == "__main__":
    main()
