"""The month's documents made on the worker thread: the table (xlsx, PDF) and the payment notices.

Each job reports its progress to a :class:`~ui.utilities.month_progress.Watch`, writes the file
beside its place and moves it in only when complete and audited (a cancelled or failed job leaves
no half file), and records the export: the documents name the residents.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from frontdesk.auth import Actor
from frontdesk.services import Services
from frontdesk.utilities.rows import UtilityTable
from reports.utility_sheets import NoticeLayout
from ui.utilities.month_history import History, gather
from ui.utilities.month_progress import Watch


@dataclass(frozen=True)
class Request:
    """What a document job needs, captured on the GUI thread."""

    services: Services
    actor: Actor
    authorized_by: Actor | None
    month: str
    building_id: int | None
    table: UtilityTable  # the whole estate's, as shown
    history: History | None  # the chart's months, when already gathered for this month
    font_file: str | None


@dataclass(frozen=True)
class Written:
    """A document saved: where, and how many lines or notices it holds."""

    path: Path
    count: int
    history: History | None = None  # the months gathered for the printed chart, kept for the screen's


def _table(request: Request) -> UtilityTable:
    """The table of the building chosen (its own subtotals and total), or the estate's as shown."""
    if request.building_id is None:
        return request.table
    return request.services.utilities.month_table(
        actor=request.actor, month=request.month, building_id=request.building_id
    )


def line_count(table: UtilityTable) -> int:
    """The table's meter lines (units' and public)."""
    return sum(len(b.lines) + len(b.public) for b in table.buildings) + len(table.public)


def unit_count(table: UtilityTable) -> int:
    """How many units have a line (a payment notice each)."""
    return len({line.unit_id for b in table.buildings for line in b.lines if line.unit_id is not None})


def _office(services: Services) -> str:
    office = services.setup.office()
    return office.name if office else ""


def _save(
    request: Request, path: Path, what: str, count: int, write: Callable[[BinaryIO], object]
) -> Written:
    """Write beside ``path``, record the export, then put the file in place."""
    partial = path.with_name(path.name + ".part")
    try:
        with partial.open("wb") as stream:
            write(stream)
        request.services.audit.record_export(
            actor=request.actor,
            what=what,
            rows=count,
            file_name=path.name,
            personal=True,
            authorized_by=request.authorized_by,
        )
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)
    return Written(path, count)


def table_xlsx(request: Request, path: Path, watch: Watch) -> Written:
    """The table as a workbook (summary and a sheet per building)."""
    from reports.utility_table import write_utility_table

    table = _table(request)
    return _save(
        request,
        path,
        "utility_table",
        line_count(table),
        lambda s: write_utility_table(s, table, progress=watch),
    )


def table_pdf_bytes(request: Request, watch: Watch) -> tuple[bytes, int, History]:
    """The table as a PDF with the month-on-month chart (the twelve months gathered first if needed),
    how many lines it holds, and the months gathered."""
    from reports.utility_table import utility_table_pdf

    table = _table(request)
    history = request.history
    if history is None or history.month != request.month:
        history = gather(
            request.services.utilities, request.actor, request.month, current=request.table, progress=watch
        )
    watch.next_phase()
    data = utility_table_pdf(
        table,
        office_name=_office(request.services),
        font_file=request.font_file,
        history=history.amounts_before(request.building_id),
        progress=watch,
    )
    return data, line_count(table), history


def table_pdf(request: Request, path: Path, watch: Watch) -> Written:
    """The table as a PDF file."""
    data, count, history = table_pdf_bytes(request, watch)
    written = _save(request, path, "utility_table", count, lambda s: s.write(data))
    return Written(written.path, written.count, history)


def notices(request: Request, path: Path, layout: NoticeLayout, watch: Watch) -> Written:
    """The payment notices of a building or all, one per unit."""
    from reports.utility_sheets import notices_pdf

    table = _table(request)
    office = _office(request.services)
    data = notices_pdf(table, office_name=office, font_file=request.font_file, layout=layout, progress=watch)
    return _save(request, path, "utility_notices", unit_count(table), lambda s: s.write(data))
