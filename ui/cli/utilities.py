"""The utilities on the command line: meters, tariffs and readings in and out of Excel, closing a month."""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path
from typing import cast

from frontdesk import config
from frontdesk.i18n import _
from frontdesk.money import fen_to_text
from frontdesk.utilities.sheets import SheetKind
from ui.cli.common import EXIT_OK, EXIT_USER, CliError, written
from ui.cli.database import opened
from ui.workbooks.utilities import write_sheet


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
