"""The work orders on the command line: the work slip, the daily work plan, the export."""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from frontdesk import config
from frontdesk.clock import to_local
from frontdesk.errors import ValidationError
from frontdesk.i18n import _
from frontdesk.workorders.labels import label
from frontdesk.workorders.rows import OrderRow
from reports.xlsx import Column, write_table
from ui.cli.common import EXIT_OK, written
from ui.cli.database import opened


def print_command(args: argparse.Namespace, settings: config.LocalSettings) -> int:
    """``frontdesk print work-order NUMBER --pdf FILE`` (counted as a print) or ``print work-plan``."""
    if args.document == "work-plan":
        return _print_plan(args, settings)
    # reportlab loads only when a document is printed, not for every export
    from reports.work_slip import work_slip_pdf

    target: Path = args.pdf
    with opened(args, settings) as (services, actor):
        slip = services.workorders.work_slip(actor=actor, number=args.number)
        target.write_bytes(work_slip_pdf(slip, font_file=settings.pdf_font or None))
    print(_("Work order {number} written to {file}.").format(number=slip.number, file=target))
    return EXIT_OK


def _print_plan(args: argparse.Namespace, settings: config.LocalSettings) -> int:
    from reports.work_plan import work_plan_pdf

    target: Path = args.pdf
    try:
        day = date.fromisoformat(args.date) if args.date else None
    except ValueError:
        raise ValidationError("date", _("Type the date as YYYY-MM-DD.")) from None
    with opened(args, settings) as (services, actor):
        plan = services.workorders.work_plan(actor=actor, day=day)
        target.write_bytes(work_plan_pdf(plan, font_file=settings.pdf_font or None))
    print(_("The work plan of {day} written to {file}.").format(day=plan.day, file=target))
    return EXIT_OK


def _money(fen: int | None) -> int | None:
    return fen if fen else None


def _order(o: OrderRow) -> Sequence[object]:
    return (
        o.number,
        to_local(o.received_at),
        label(o.department),
        o.unit_code or o.place,
        o.category_name,
        label(o.urgency),
        o.problem,
        o.reporter_name,
        o.reporter_phone_masked,
        _("Paid service") if o.paid else _("Free of charge"),
        label(o.status),
        o.technician_name,
        to_local(o.respond_by),
        to_local(o.signed_at) if o.signed_at else None,
        to_local(o.finish_by),
        to_local(o.completed_at) if o.completed_at else None,
        f"{o.hours_tenths // 10}.{o.hours_tenths % 10}" if o.hours_tenths is not None else "",
        _money(o.fee_fen),
        _("Yes") if o.overdue else "",
        o.reopen_count,
        o.cancel_reason,
        f"{o.source_kind}:{o.source_ref}" if o.source_kind else "",
    )


def export_work_orders(args: argparse.Namespace, settings: config.LocalSettings) -> int:
    """``frontdesk export work-orders FILE.xlsx [--month YYYY-MM]``: phones masked, recorded as an export."""
    target: Path = args.file
    month = getattr(args, "month", None) or ""
    columns = [
        Column(_("Number"), 18),
        Column(_("Received"), 17, "datetime"),
        Column(_("Department"), 10),
        Column(_("Unit or place"), 14),
        Column(_("Category"), 12),
        Column(_("Urgency"), 8),
        Column(_("Problem"), 36),
        Column(_("Reporter"), 12),
        Column(_("Phone"), 14),
        Column(_("Charge"), 10),
        Column(_("Status"), 14),
        Column(_("Technician"), 10),
        Column(_("Respond by"), 17, "datetime"),
        Column(_("Signed for"), 17, "datetime"),
        Column(_("Finish by"), 17, "datetime"),
        Column(_("Completed"), 17, "datetime"),
        Column(_("Hours"), 7, "text"),
        Column(_("Fee"), 10, "money"),
        Column(_("Overdue"), 8),
        Column(_("Reopened"), 8, "int"),
        Column(_("Cancelled"), 20),
        Column(_("Came from"), 20),
    ]
    title = _("Work orders {month}").format(month=month) if month else _("Work orders")
    with opened(args, settings) as (services, actor):
        rows = services.workorders.month(actor=actor, month=month)
        services.audit.record_export(
            actor=actor, what="work_order", rows=len(rows), file_name=target.name, personal=True
        )
        with written(target) as stream:
            write_table(stream, title=title, columns=columns, rows=(_order(o) for o in rows))
    print(_("Exported {n} rows to {file}.").format(n=len(rows), file=target))
    return EXIT_OK
