"""``frontdesk import`` and ``frontdesk export``: Excel in and out, wiring the reader, core and writer."""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from pathlib import Path

from frontdesk import config
from frontdesk.estate import exporting
from frontdesk.estate.kinds import label
from frontdesk.i18n import _
from reports.xlsx import Column, write_table
from ui.cli.common import EXIT_OK, EXIT_USER
from ui.cli.complaints import export_callbacks, export_complaints, export_rules, import_rules
from ui.cli.database import opened
from ui.cli.slips import export_slips
from ui.cli.visitors import export_visitors
from ui.workbooks.arrears import arrears_table

UTILITY_SHEETS = ("meters", "tariffs", "readings")


def import_command(args: argparse.Namespace, settings: config.LocalSettings) -> int:
    """``frontdesk import residents|arrears FILE.xlsx [--allow-partial] [--create-units]``."""
    # the import machinery (sheet reading, checks, the problems report) is loaded only to import:
    # every export would otherwise pay about 60 ms for it
    from ui.workbooks import imports
    from ui.workbooks.problems import errors_path, write_errors

    if args.what == "complaint-rules":
        return import_rules(args, settings)
    if args.what in UTILITY_SHEETS:
        from ui.cli.utilities import import_command as import_utilities

        return import_utilities(args, settings)
    source: Path = args.file
    table = imports.read_sheet(source, args.what)
    with opened(args, settings) as (services, actor):
        outcome = imports.run_import(
            services,
            actor,
            args.what,
            table,
            source=source.name,
            allow_partial=args.allow_partial,
            create_units=args.create_units,
        )
    print(outcome.counts_line())
    if outcome.errors:
        target = errors_path(source)
        write_errors(target, source, outcome.errors)
        if not args.allow_partial:
            print(_("Nothing was imported: see the problems listed in {file}.").format(file=target))
            return EXIT_USER
        print(_("Rows with problems were skipped: see {file}.").format(file=target))
    for line in outcome.done:
        print(line)
    return EXIT_OK


def export_command(args: argparse.Namespace, settings: config.LocalSettings) -> int:
    """``frontdesk export residents|units|arrears FILE.xlsx``: masked personal data, recorded as an export."""
    if args.what == "release-slips":
        return export_slips(args, settings)
    if args.what in UTILITY_SHEETS:
        from ui.cli.utilities import export_command as export_utilities

        return export_utilities(args, settings)
    if args.what == "complaints":
        return export_complaints(args, settings)
    if args.what == "work-orders":
        from ui.cli.workorders import export_work_orders

        return export_work_orders(args, settings)
    if args.what == "callbacks":
        return export_callbacks(args, settings)
    if args.what == "complaint-rules":
        return export_rules(args, settings)
    if args.what == "visitors":
        return export_visitors(args, settings)
    target: Path = args.file
    with opened(args, settings) as (services, actor):
        del services  # the export reads the registry directly, under the actor's permission
        if args.what == "residents":
            residents = exporting.export_residents(actor=actor, destination=target.name)
            columns = [
                Column(_("Unit"), 12),
                Column(_("Name"), 16),
                Column(_("Type"), 8),
                Column(_("Phone"), 16),
                Column(_("ID number"), 22),
                Column(_("Move-in"), 12, "date"),
                Column(_("Remarks"), 30),
            ]
            rows: list[Sequence[object]] = [
                (r.unit_code, r.name, label(r.kind), r.phone_masked, r.id_number_masked, r.move_in, r.remarks)
                for r in residents
            ]
            title = _("Residents")
        elif args.what == "arrears":
            title, columns, rows = arrears_table(actor, target.name)
        else:
            units = exporting.export_units(actor=actor, destination=target.name)
            columns = [
                Column(_("Unit"), 12),
                Column(_("Building"), 12),
                Column(_("Floor"), 8, "int"),
                Column(_("Area (m²)"), 12),
                Column(_("Use"), 12),
                Column(_("Status"), 12),
                Column(_("Remarks"), 30),
            ]
            rows = [
                (u.code, u.building_name, u.floor, str(u.area_m2), label(u.use), label(u.status), u.remarks)
                for u in units
            ]
            title = _("Units")
    with target.open("wb") as stream:
        write_table(stream, title=title, columns=columns, rows=rows)
    print(_("Exported {n} rows to {file}.").format(n=len(rows), file=target))
    return EXIT_OK
