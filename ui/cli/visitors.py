"""``frontdesk purge`` and ``frontdesk export visitors`` (Qt-free, like the rest of the command line)."""

from __future__ import annotations

import argparse
import functools
from collections.abc import Callable
from enum import StrEnum
from pathlib import Path

from frontdesk import config
from frontdesk.clock import format_local, to_local
from frontdesk.i18n import _
from frontdesk.retention import PurgeReport
from frontdesk.visitors.daily_purge import purge_all
from frontdesk.visitors.kinds import label
from frontdesk.visitors.rows import VisitRow
from reports.xlsx import Column, write_table
from ui.cli.common import EXIT_OK, written
from ui.cli.database import opened


def report_line(report: PurgeReport) -> str:
    """One line per kind of record: how many were (or would be) purged, held, and the cutoff."""
    names = {"visits": _("visits"), "complaints": _("complaints"), "work_orders": _("work orders")}
    kind = names.get(report.kind, _("release slips"))
    if report.dry_run:
        text = _("{kind}: {n} would be purged ({held} held), older than {cutoff} (dry run, nothing changed)")
    else:
        text = _("{kind}: {n} purged ({held} held), older than {cutoff}")
    return text.format(kind=kind, n=report.purged, held=report.held, cutoff=format_local(report.cutoff))


def purge_command(args: argparse.Namespace, settings: config.LocalSettings) -> int:
    """``frontdesk purge [--dry-run]``: personal data past the office's retention periods."""
    with opened(args, settings) as (services, actor):
        reports = purge_all(services, actor=actor, dry_run=args.dry_run)
    for report in reports:
        print(report_line(report))
    return EXIT_OK


def _row(visit: VisitRow, label_of: Callable[[StrEnum], str] = label) -> tuple[object, ...]:
    return (
        visit.pass_number, visit.name, visit.phone_masked, visit.id_number_masked, label_of(visit.purpose),
        visit.host, visit.companions, visit.plate, to_local(visit.time_in),
        to_local(visit.time_out) if visit.time_out else None, label_of(visit.status), visit.clerk,
    )  # fmt: skip


def export_visitors(args: argparse.Namespace, settings: config.LocalSettings) -> int:
    """``frontdesk export visitors FILE.xlsx [--month YYYY-MM]``: phones and IDs masked; audited."""
    target: Path = args.file
    columns = [
        Column(_("Pass"), 18), Column(_("Name"), 14), Column(_("Phone"), 14), Column(_("ID number"), 20),
        Column(_("Purpose"), 12), Column(_("Visiting"), 20), Column(_("Companions"), 8, "int"),
        Column(_("Plate"), 10), Column(_("Time in"), 16, "datetime"), Column(_("Time out"), 16, "datetime"),
        Column(_("Status"), 10), Column(_("Clerk"), 10),
    ]  # fmt: skip
    title = _("Visits {month}").format(month=args.month) if args.month else _("Visits")
    label_of = functools.cache(label)  # a handful of purposes and statuses, looked up once each
    # the rows stream from the database into the workbook: memory stays flat however many there are
    with opened(args, settings) as (services, actor):
        export = services.visitors.export(actor=actor, month=args.month)  # permission checked here
        with written(target) as stream, export as visits:
            write_table(stream, title=title, columns=columns, rows=(_row(v, label_of) for v in visits))
    print(_("Exported {n} rows to {file}.").format(n=visits.count, file=target))
    return EXIT_OK
