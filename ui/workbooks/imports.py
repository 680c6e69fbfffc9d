"""Importing a workbook of residents or arrears: reading it, running the core's import, summing up.

Qt-free, shared by ``frontdesk import`` and the import dialog, so that both read a sheet, report
its problems and write ``FILE.errors.xlsx`` the same way.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from frontdesk.auth import Actor
from frontdesk.errors import UserError
from frontdesk.estate import arrears_import, arrears_sheet, importing, residents_sheet
from frontdesk.estate.progress import Progress, no_progress
from frontdesk.estate.residents_check import NewBuilding, NewUnit
from frontdesk.estate.residents_sheet import RowError
from frontdesk.i18n import N_, _
from frontdesk.services import Services
from reports.xlsx_read import SheetTable

SheetKind = Literal["residents", "arrears"]
#: what a workbook may hold, with its name for the user
SHEET_KINDS: dict[SheetKind, str] = {"residents": N_("Residents"), "arrears": N_("Arrears and fees")}
_FIELD_NAMES = {
    "unit": N_("Unit"),
    "building": N_("Building"),
    "name": N_("Name"),
    "phone": N_("Phone"),
    "id_number": N_("ID number"),
    "kind": N_("Type"),
    "move_in": N_("Move-in"),
    "remarks": N_("Remarks"),
    "area": N_("Area (m²)"),
    "item": N_("Item"),
    "period": N_("Month"),
    "due": N_("Amount due"),
    "paid": N_("Paid"),
    "arrears": N_("Arrears"),
    "due_date": N_("Due date"),
}


@dataclass(frozen=True)
class ImportOutcome:
    """What an import found and did, for the command line's lines and the dialog's result page."""

    kind: SheetKind
    rows_read: int
    valid: int
    errors: tuple[RowError, ...]
    done: tuple[str, ...]  # translated lines saying what was written

    @property
    def problem_rows(self) -> int:
        """How many sheet rows have at least one problem."""
        return len({e.row for e in self.errors})

    def counts_line(self) -> str:
        """The counts line, e.g. "Rows read: 3, valid: 2, with problems: 1."."""
        return _("Rows read: {rows}, valid: {valid}, with problems: {bad}.").format(
            rows=self.rows_read, valid=self.valid, bad=self.problem_rows
        )


def read_sheet(source: Path, kind: SheetKind) -> SheetTable:
    """The workbook's table, its header found by the kind's column names.

    Raises:
        UserError: the file cannot be read or is not a workbook.
    """
    # openpyxl loads when a sheet is read, not with the Residents page
    from reports.xlsx_read import SheetTooLarge, read_table

    is_header = residents_sheet.looks_like_header if kind == "residents" else arrears_sheet.looks_like_header
    try:
        with source.open("rb") as stream:
            return read_table(stream, is_header=is_header)
    except OSError as exc:
        raise UserError(_("Cannot read {file}: {reason}").format(file=source, reason=exc.strerror)) from None
    except SheetTooLarge as exc:
        raise UserError(exc.message) from None
    except ValueError:
        raise UserError(_("{file} is not an Excel workbook (.xlsx).").format(file=source)) from None


def recognised_columns(table: SheetTable, kind: SheetKind) -> dict[str, str]:
    """Each header of the sheet mapped to the field it was recognised as ("" when not used)."""
    field_of = residents_sheet.field_of_header if kind == "residents" else arrears_sheet.field_of_header
    found: dict[str, str] = {}
    used: set[str] = set()
    for header in table.headers:
        name = field_of(header) if header else None
        found[header] = _(_FIELD_NAMES[name]) if name is not None and name not in used else ""
        if name is not None:
            used.add(name)
    return found


@dataclass(frozen=True)
class Additions:
    """The buildings and units importing a residents sheet adds to the registry (``create_units``)."""

    buildings: tuple[NewBuilding, ...]
    units: tuple[NewUnit, ...]

    def line(self) -> str:
        """What will be added, in one line for the preview."""
        if not self.units:
            return _("Every unit of the sheet is in the registry: none will be added.")
        names = "、".join(b.name for b in self.buildings) or _("none")
        return _("Importing also adds {units} units and these buildings: {names}.").format(
            units=len(self.units), names=names
        )


def planned_additions(services: Services, actor: Actor, table: SheetTable) -> Additions:
    """What importing ``table``'s residents with ``create_units`` would add (the good rows' units)."""
    report = importing.check_residents(
        services.estate, actor=actor, rows=table.rows, row_numbers=table.row_numbers, create_units=True
    )
    return Additions(tuple(report.new_buildings), tuple(report.new_units))


def run_import(
    services: Services,
    actor: Actor,
    kind: SheetKind,
    table: SheetTable,
    *,
    source: str,
    allow_partial: bool = False,
    create_units: bool = False,
    progress: Progress = no_progress,
) -> ImportOutcome:
    """Import the table's rows as residents or arrears (all or nothing unless ``allow_partial``)."""
    if kind == "residents":
        report = importing.import_residents(
            services.estate,
            actor=actor,
            rows=table.rows,
            row_numbers=table.row_numbers,
            allow_partial=allow_partial,
            create_units=create_units,
            source=source,
            progress=progress,
        )
        done = [
            _("Residents imported: {n}; units created: {units}.").format(
                n=report.imported, units=report.units_created
            )
        ]
        if report.buildings_created:
            done.append(_("Buildings created: {n}.").format(n=report.buildings_created))
        return ImportOutcome(kind, report.rows_read, report.valid, tuple(report.errors), tuple(done))
    arrears = arrears_import.import_arrears(
        services.estate,
        actor=actor,
        rows=table.rows,
        row_numbers=table.row_numbers,
        allow_partial=allow_partial,
        source=source,
        progress=progress,
    )
    lines = [
        _("Charges added: {charges}; payments added: {payments}; already in the accounts: {same}.").format(
            charges=arrears.charges_added, payments=arrears.payments_added, same=arrears.unchanged
        )
    ]
    if arrears.left_voided:
        lines.append(
            _("Rows whose imported charge was voided here since, left voided: {n}.").format(
                n=arrears.left_voided
            )
        )
    if arrears.totals_skipped:
        lines.append(_("Total rows skipped: {n}.").format(n=arrears.totals_skipped))
    return ImportOutcome(kind, arrears.rows_read, arrears.valid, tuple(arrears.errors), tuple(lines))


def nothing_written(outcome: ImportOutcome, allow_partial: bool) -> bool:
    """True when problems stopped the whole import."""
    return bool(outcome.errors) and not allow_partial
