"""The utilities on the command line: meters, tariffs and readings in and out of Excel, closing a month."""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, cast

from frontdesk import config
from frontdesk.i18n import _
from frontdesk.money import fen_to_text
from frontdesk.utilities.sheets import SheetKind
from ui.cli.common import EXIT_OK, EXIT_USER, CliError, written
from ui.cli.database import opened
from ui.workbooks.utilities import write_sheet

if TYPE_CHECKING:
    from frontdesk.auth import Actor
    from frontdesk.services import Services


def _month(args: argparse.Namespace, required: bool) -> str:
    month = getattr(args, "month", None) or ""
    if required and not month:
        raise CliError(_("Give the month with --month YYYY-MM."))
    return str(month)


def import_command(args: argparse.Namespace, settings: config.LocalSettings) -> int:
    """``frontdesk import meters|tariffs|readings FILE.xlsx [--month YYYY-MM] [--allow-partial]``."""
    from ui.workbooks.problems import errors_path, write_errors
    from ui.workbooks.utilities import read_sheet

    sheet = cast(SheetKind, args.what)
    month = _month(args, sheet == "readings")
    source: Path = args.file
    table = read_sheet(source)
    with opened(args, settings) as (services, actor):
        utilities = services.utilities
        common = {"actor": actor, "rows": table.rows, "row_numbers": table.row_numbers}
        common |= {"allow_partial": args.allow_partial, "source": source.name}
        if sheet == "meters":
            report = utilities.import_meters(**common)  # type: ignore[arg-type]  # the keywords above
        elif sheet == "tariffs":
            report = utilities.import_tariffs(**common)  # type: ignore[arg-type]
        else:
            report = utilities.import_readings(month=month, **common)  # type: ignore[arg-type]
    bad = len({e.row for e in report.errors})
    print(
        _("Rows read: {rows}, valid: {valid}, with problems: {bad}.").format(
            rows=report.rows_read, valid=report.valid, bad=bad
        )
    )
    if report.errors:
        target = errors_path(source)
        write_errors(target, source, report.errors)
        if not args.allow_partial:
            print(_("Nothing was imported: see the problems listed in {file}.").format(file=target))
            return EXIT_USER
        print(_("Rows with problems were skipped: see {file}.").format(file=target))
    done = {
        "meters": _("Meters added: {n}."),
        "tariffs": _("Tariffs saved: {n}."),
        "readings": _("Readings saved: {n}; flagged to confirm or correct: {flagged}."),
    }[sheet]
    print(done.format(n=report.imported, flagged=report.flagged))
    return EXIT_OK


def export_command(args: argparse.Namespace, settings: config.LocalSettings) -> int:
    """``frontdesk export meters|tariffs|readings FILE.xlsx [--month YYYY-MM]``: what the import reads."""
    sheet = cast(SheetKind, args.what)
    month = _month(args, sheet == "readings")
    target: Path = args.file
    with opened(args, settings) as (services, actor):
        rows = services.utilities.export_rows(actor=actor, sheet=sheet, month=month)
        services.audit.record_export(
            actor=actor, what=sheet, rows=len(rows), file_name=target.name, personal=False
        )
        with written(target) as stream:
            write_sheet(stream, sheet, rows, month=month)
    print(_("Exported {n} rows to {file}.").format(n=len(rows), file=target))
    return EXIT_OK


def utilities_command(args: argparse.Namespace, settings: config.LocalSettings) -> int:
    """``frontdesk utilities close --month YYYY-MM [--due YYYY-MM-DD]``: post the month's charges."""
    due: date | None = args.due
    with opened(args, settings) as (services, actor):
        result = services.utilities.close_month(actor=actor, month=args.month, due_date=due)
    print(
        _("{month} closed: {n} charges posted, {total} yuan in all.").format(
            month=result.month, n=result.charges, total=fen_to_text(result.total_fen)
        )
    )
    if result.already_charged:
        print(
            _("Unit charges already on the accounts for the month, left as they were: {n}.").format(
                n=result.already_charged
            )
        )
    return EXIT_OK


def report_command(args: argparse.Namespace, settings: config.LocalSettings) -> int:
    """``frontdesk report utilities --month YYYY-MM [--building B] [--xlsx FILE] [--pdf FILE]``.

    The month's table (every building, or the one named by code or name) as a workbook, a PDF or
    both; recorded as an export, the residents' names being personal data.
    """
    from frontdesk.files import check_writable

    xlsx: Path | None = args.xlsx
    pdf: Path | None = args.pdf
    if xlsx is None and pdf is None:
        raise CliError(_("Give the file to write with --xlsx FILE, --pdf FILE or both."))
    for target in (xlsx, pdf):
        if target is not None:
            check_writable(target)
    with opened(args, settings) as (services, actor):
        building_id = _building_id(services, actor, args.building) if args.building else None
        table = services.utilities.month_table(actor=actor, month=args.month, building_id=building_id)
        lines = sum(len(b.lines) + len(b.public) for b in table.buildings) + len(table.public)
        office = services.setup.office()
        for target in (xlsx, pdf):
            if target is not None:
                services.audit.record_export(
                    actor=actor, what="utility_table", rows=lines, file_name=target.name, personal=True
                )
        if xlsx is not None:
            from reports.utility_table import write_utility_table

            with written(xlsx) as stream:
                write_utility_table(stream, table)
        if pdf is not None:
            from reports.utility_table import month_amounts, utility_table_pdf

            history = [
                month_amounts(services.utilities.month_table(actor=actor, month=m, building_id=building_id))
                for m in _months_before(table.month, args.history)
            ]
            data = utility_table_pdf(
                table,
                office_name=office.name if office else "",
                font_file=settings.pdf_font or None,
                history=history,
            )
            with written(pdf) as stream:
                stream.write(data)
    print(
        _("Utility table {month}: {n} lines, {total} yuan in all.").format(
            month=table.month, n=lines, total=fen_to_text(table.amount_fen)
        )
    )
    if table.unresolved:
        print(_("Flags still to confirm or correct, and meters not read: {n}.").format(n=table.unresolved))
    for target in (xlsx, pdf):
        if target is not None:
            print(_("Written to {file}.").format(file=target))
    return EXIT_OK


def _months_before(month: str, count: int) -> list[str]:
    """The ``count`` months before ``month`` (``YYYY-MM``), oldest first."""
    year, number = int(month[:4]), int(month[5:])
    index = year * 12 + number - 1
    return [f"{i // 12:04d}-{i % 12 + 1:02d}" for i in range(index - count, index)]


def _building_id(services: Services, actor: Actor, wanted: str) -> int:
    """The building whose code or name is ``wanted``, in any of the office's estates."""
    for estate in services.estate.estates(actor=actor):
        for building in services.estate.buildings(actor=actor, estate_id=estate.id):
            if wanted in (building.code, building.name):
                return building.id
    raise CliError(_("No building with the code or name {name}.").format(name=wanted))


def print_command(args: argparse.Namespace, settings: config.LocalSettings) -> int:
    """``frontdesk print round-sheet --month M --building B --pdf FILE`` or ``print utility-notices``."""
    from reports.utility_sheets import notices_pdf, round_sheet_pdf

    target: Path = args.pdf
    font = settings.pdf_font or None
    with opened(args, settings) as (services, actor):
        building_id = _building_id(services, actor, args.building) if args.building else None
        office = services.setup.office()
        office_name = office.name if office else ""
        if args.document == "round-sheet":
            assert building_id is not None  # required by the parser
            rows = services.utilities.round_rows(actor=actor, month=args.month, building_id=building_id)
            data = round_sheet_pdf(
                rows, month=args.month, building=args.building, office_name=office_name, font_file=font
            )
            done = _("Round sheet of {building}: {n} meters, written to {file}.").format(
                building=args.building, n=len(rows), file=target
            )
        else:
            table = services.utilities.month_table(actor=actor, month=args.month, building_id=building_id)
            units = len({line.unit_id for b in table.buildings for line in b.lines if line.unit_id})
            services.audit.record_export(
                actor=actor, what="utility_notices", rows=units, file_name=target.name, personal=True
            )
            data = notices_pdf(table, office_name=office_name, font_file=font, layout=args.paper)
            done = _("Payment notices: {n} units, written to {file}.").format(n=units, file=target)
        with written(target) as stream:
            stream.write(data)
    print(done)
    return EXIT_OK
