"""The bare baseline for ``frontdesk export visitors``: the same rows with sqlite3, written by openpyxl.

One query joins each visit with its visitor, host unit and host resident, rows are iterated from
the cursor (never fetched all at once) and appended to a write-only workbook as plain values:
the phone masked by slicing, the host as one text, times parsed back to datetimes. No styles, no
number formats, no formula check, no translation, no audit entry — what a person writing a
one-off script would do. Run by ``benchmarks/visitor_export.py`` in a child process:

    .venv/bin/python benchmarks/_bare_export.py DB.sqlite OUT.xlsx [--month YYYY-MM]

Prints the number of rows written.
"""

from __future__ import annotations

import argparse
import sqlite3
from datetime import datetime

from openpyxl import Workbook

QUERY = """
SELECT v.pass_number, p.name, p.phone, p.id_number_masked, v.purpose,
       COALESCE(u.code, ''), COALESCE(r.name, ''), v.host_department, v.companions, v.plate,
       v.time_in, v.time_out, v.status, COALESCE(NULLIF(v.clerk_name, ''), v.clerk)
FROM visit v
JOIN visitor p ON p.id = v.visitor_id
LEFT JOIN unit u ON u.id = v.host_unit_id
LEFT JOIN resident r ON r.id = v.host_resident_id
{where}
ORDER BY v.time_in, v.id
"""
HEADERS = (
    "Pass", "Name", "Phone", "ID number", "Purpose", "Visiting", "Companions", "Plate",
    "Time in", "Time out", "Status", "Clerk",
)  # fmt: skip


def _masked(phone: str) -> str:
    digits = "".join(ch for ch in phone if ch.isdigit())
    return digits[:3] + "****" + digits[-4:] if len(digits) >= 8 else digits


def _when(text: str | None) -> datetime | None:
    return datetime.fromisoformat(text) if text else None


def _query(month: str | None) -> tuple[str, tuple[str, ...]]:
    if month is None:
        return QUERY.format(where=""), ()
    year, number = int(month[:4]), int(month[5:])
    following = f"{year + number // 12:04d}-{number % 12 + 1:02d}"
    return QUERY.format(where="WHERE v.time_in >= ? AND v.time_in < ?"), (f"{month}-01", f"{following}-01")


def export(database: str, target: str, month: str | None) -> int:
    """Write the visits to ``target``; returns how many rows were written."""
    connection = sqlite3.connect(f"file:{database}?mode=ro", uri=True)
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Visits")
    sheet.append(["Visits"])
    sheet.append(HEADERS)
    count = 0
    for row in connection.execute(*_query(month)):
        (badge, name, phone, id_masked, purpose, unit, resident, department, companions, plate) = row[:10]
        host = " ".join(p for p in (unit, resident) if p) or department
        time_in, time_out, status, clerk = _when(row[10]), _when(row[11]), row[12], row[13]
        masked = _masked(phone) if phone else ""
        sheet.append(
            [
                badge,
                name,
                masked,
                id_masked,
                purpose,
                host,
                companions,
                plate,
                time_in,
                time_out,
                status,
                clerk,
            ]
        )
        count += 1
    workbook.save(target)
    connection.close()
    return count


def main() -> None:
    """Parse the arguments and export."""
    parser = argparse.ArgumentParser()
    parser.add_argument("database")
    parser.add_argument("target")
    parser.add_argument("--month")
    args = parser.parse_args()
    print(export(args.database, args.target, args.month))


if __name__ == "__main__":
    main()
