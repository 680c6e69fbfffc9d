"""Import residents from a sheet's rows: recognise the columns, check every row, then import all.

The rows are plain data (the interfaces read the workbook): one mapping of header text to cell
value per row, with the sheet's row numbers for messages. Headers are recognised in Simplified
Chinese, Traditional Chinese and English (``房号``/``房號``/``Unit``, ``姓名``/``Name``, …;
``residents_sheet``).

Every row is checked before anything is written, against the registry read once into memory
(``residents_check``); each problem becomes a :class:`RowError` naming the sheet row, the column,
what is wrong and how to fix it. By default nothing is imported while any row is wrong; then all
rows are imported in one transaction by bulk inserts (``residents_write``), with the buildings and
units the sheet names that the registry lacks when ``create_units`` is asked for. The import is
audited by one entry naming what it added (and one per building added).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from frontdesk.auth import Actor, Permission
from frontdesk.db import storage_errors, transaction
from frontdesk.estate.progress import Progress, no_progress
from frontdesk.estate.residents_check import NewBuilding, NewUnit, ResidentLine, RowChecker
from frontdesk.estate.residents_sheet import HEADER_ALIASES, RowError, field_of_header
from frontdesk.estate.residents_write import write_residents
from frontdesk.estate.service import EstateService
from frontdesk.i18n import _

__all__ = ["ImportReport", "NewBuilding", "NewUnit", "ResidentLine", "check_residents", "import_residents"]
#: rows checked between two progress reports (and chances to cancel)
_PROGRESS_EVERY = 1000


@dataclass
class ImportReport:
    """What the check found and what the import did."""

    rows_read: int
    lines: list[ResidentLine] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    new_buildings: list[NewBuilding] = field(default_factory=list)  # to add (with ``create_units``)
    new_units: list[NewUnit] = field(default_factory=list)
    imported: int = 0
    units_created: int = 0
    buildings_created: int = 0

    @property
    def valid(self) -> int:
        """Rows without problems."""
        return len(self.lines)

    @property
    def ok(self) -> bool:
        """True when no row has a problem."""
        return not self.errors


def check_residents(
    estate: EstateService,
    *,
    actor: Actor,
    rows: Sequence[Mapping[str, object]],
    row_numbers: Sequence[int] | None = None,
    create_units: bool = False,
    progress: Progress = no_progress,
) -> ImportReport:
    """Check a sheet of residents without writing anything.

    Args:
        estate: the estate service.
        actor: who imports (needs registry editing).
        rows: one mapping of header text (as written in the sheet) to cell value per row.
        row_numbers: the sheet row of each row (default: 2, 3, … below a header on row 1).
        create_units: a unit not in the registry is planned (the row must give its area), and
            its building too when the registry has none with that code (in the office's only
            estate), instead of being an error.
        progress: told ``(rows checked, rows)`` now and then; may raise ``Cancelled``.

    Returns:
        The report: checked lines, row errors, and the buildings and units the good rows need.

    Raises:
        PermissionDenied: the actor may not edit the registry.
    """
    actor.require(Permission.REGISTRY_EDIT)
    numbers = list(row_numbers) if row_numbers is not None else list(range(2, len(rows) + 2))
    headers = dict.fromkeys(h for row in rows for h in row)  # in the sheet's order
    columns: dict[str, str] = {}
    for header in headers:
        found = field_of_header(header)
        if found is not None:
            columns.setdefault(found, header)
    report = ImportReport(rows_read=len(rows))
    header_row = numbers[0] - 1 if numbers else 1
    problems = {"unit": _("The sheet has no unit column."), "name": _("The sheet has no name column.")}
    for name, problem in problems.items():
        if name not in columns:
            aliases = " / ".join((*HEADER_ALIASES[name][:2], name.title()))
            fix = _("Name a column {aliases}.").format(aliases=aliases)
            report.errors.append(RowError(header_row, "", problem, fix))
    if report.errors:
        return report
    with storage_errors():
        checker = RowChecker(columns, create_units=create_units)
        fields = list(columns.items())
        for done, (number, row) in enumerate(zip(numbers, rows, strict=True), start=1):
            line = checker.check(number, {f: row.get(header) for f, header in fields})
            if line is not None:
                report.lines.append(line)
            if done % _PROGRESS_EVERY == 0 or done == len(rows):
                progress(done, len(rows))
    order = {header: index for index, header in enumerate(headers)}
    report.errors = sorted(checker.errors, key=lambda e: (e.row, order.get(e.column, len(order))))
    _plan(report, checker)
    return report


def _plan(report: ImportReport, checker: RowChecker) -> None:
    """The new units and buildings the good rows need (a wrong row's unit is not added)."""
    units = {line.new_unit.code: line.new_unit for line in report.lines if line.new_unit is not None}
    report.new_units = list(units.values())
    needed = {unit.building_code for unit in report.new_units if unit.building_id is None}
    report.new_buildings = [b for code, b in checker.new_buildings.items() if code in needed]


def import_residents(
    estate: EstateService,
    *,
    actor: Actor,
    rows: Sequence[Mapping[str, object]],
    row_numbers: Sequence[int] | None = None,
    allow_partial: bool = False,
    create_units: bool = False,
    source: str = "",
    progress: Progress = no_progress,
) -> ImportReport:
    """Check a sheet of residents, then import it in one transaction.

    Args:
        estate: the estate service.
        actor: who imports (needs registry editing).
        rows: one mapping of header text to cell value per row.
        row_numbers: the sheet row of each row (default: 2, 3, …).
        allow_partial: import the good rows even when others are wrong (default: nothing is
            imported while any row is wrong).
        create_units: create units missing from the registry (see :func:`check_residents`).
        source: the file's name, for the audit trail.
        progress: told ``(done, total)`` while checking, then while importing; raising
            ``Cancelled`` from it rolls everything back.

    Returns:
        The report; ``imported`` counts the residents added.

    Raises:
        PermissionDenied: the actor may not edit the registry.
        UserError: a new building was refused while importing (nothing is imported).
        Conflict: another desk added one of the new units meanwhile (nothing is imported).
    """
    report = check_residents(
        estate, actor=actor, rows=rows, row_numbers=row_numbers, create_units=create_units, progress=progress
    )
    if (report.errors and not allow_partial) or not report.lines:
        return report
    with transaction():
        written = write_residents(
            estate,
            actor,
            report.lines,
            report.new_buildings,
            report.new_units,
            summary={"rows": report.rows_read, "valid": report.valid, "problem_rows": _problem_rows(report)},
            source=source,
            progress=progress,
        )
    report.imported, report.units_created = written.residents, written.units
    report.buildings_created = written.buildings
    return report


def _problem_rows(report: ImportReport) -> int:
    return len({e.row for e in report.errors})
