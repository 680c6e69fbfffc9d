"""Checking and importing a residents sheet vs reading the same sheet with bare openpyxl (read-only).

A fresh database with 50 buildings receives a sheet of ``--rows`` residents (default 50,000), each
in a unit the import adds (``--create-units``), as ``frontdesk import residents`` does: the sheet is
read (``reports.xlsx_read``), every row checked, the units and residents written in one
transaction. The baseline is openpyxl's read-only mode iterating the same sheet's values. The
target is a ratio of at most 2. The last line printed is the ratio.

    .venv/bin/python benchmarks/import_residents.py [--rows 50000]
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from openpyxl import Workbook, load_workbook

from frontdesk.auth import Actor
from frontdesk.db import parse_target
from frontdesk.estate import importing, residents_sheet
from frontdesk.estate.models import Estate
from frontdesk.i18n import set_language
from frontdesk.services import Services, connect
from reports.xlsx_read import read_table

BUILDINGS = 50
TARGET = 2.0


def write_sheet(path: Path, rows: int) -> None:
    """The office's sheet: building, room, area, owner, phone, type."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet("业主资料")
    sheet.append(["楼栋", "房号", "面积", "姓名", "电话", "类型"])
    for n in range(rows):
        building, rest = divmod(n, rows // BUILDINGS + 1)
        floor, unit = divmod(rest, 20)
        sheet.append(
            [f"{building + 1}", f"{floor + 1}{unit + 1:02d}", 89.5, f"业主{n}", f"138{n:08d}", "业主"]
        )
    book.save(path)


def set_up(folder: Path) -> Services:
    """A set-up database with the estate's buildings and no units."""
    services = connect(parse_target(folder / "bench.db"), backup_folder=folder / "bk", create=True)
    services.setup.initialize(
        actor=None, office_name="基准物业管理处", estate_name="基准小区", admin_username="admin",
        admin_display_name="admin", admin_password="bench-password-1", visitor_retention_days=30,
        slip_retention_days=365,
    )  # fmt: skip
    estate_id = Estate.select().first().id
    for b in range(1, BUILDINGS + 1):
        services.estate.add_building(actor=Actor.command_line(), estate_id=estate_id, name=f"{b}栋")
    return services


def time_bare(path: Path) -> float:
    """Seconds to read every value of the sheet with openpyxl's read-only mode."""
    start = time.perf_counter()
    book = load_workbook(path, read_only=True, data_only=True)
    count = sum(1 for _row in book.active.iter_rows(values_only=True))
    book.close()
    assert count > 0
    return time.perf_counter() - start


def time_import(path: Path, services: Services) -> tuple[float, int]:
    """Seconds to read, check and import the sheet (all or nothing), and the residents imported."""
    start = time.perf_counter()
    with path.open("rb") as stream:
        table = read_table(stream, is_header=residents_sheet.looks_like_header)
    report = importing.import_residents(
        services.estate, actor=Actor.command_line(), rows=table.rows, row_numbers=table.row_numbers,
        allow_partial=False, create_units=True, source=path.name,
    )  # fmt: skip
    return time.perf_counter() - start, report.imported


def main() -> None:
    """Print both timings, then the ratio."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=50_000)
    args = parser.parse_args()
    set_language("en")
    with tempfile.TemporaryDirectory() as folder:
        sheet = Path(folder) / "residents.xlsx"
        write_sheet(sheet, args.rows)
        services = set_up(Path(folder))
        try:
            bare = time_bare(sheet)
            ours, imported = time_import(sheet, services)
        finally:
            services.close()
    print(f"rows: {args.rows}, imported: {imported}")
    print(f"bare openpyxl read-only: {bare:.2f} s; read + check + import: {ours:.2f} s (target ≤ {TARGET}×)")
    print(f"{ours / bare:.2f}")


if __name__ == "__main__":
    main()
