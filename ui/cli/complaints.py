"""The complaints on the command line: exports, the keyword rules in and out, the record sheet."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from frontdesk import config
from frontdesk.callbacks.labels import label as callback_label
from frontdesk.callbacks.rows import CallbackRow
from frontdesk.clock import to_local
from frontdesk.complaints.labels import kind_label, label
from frontdesk.complaints.rows import ComplaintRow
from frontdesk.errors import ValidationErrors
from frontdesk.i18n import _
from reports.xlsx import Column, write_table
from ui.cli.common import EXIT_OK, EXIT_USER, written
from ui.cli.database import opened
from ui.workbooks.complaint_rules import write_rules


def print_command(args: argparse.Namespace, settings: config.LocalSettings) -> int:
    """Write the complaint record sheet's PDF and record the print."""
    # reportlab loads only when a sheet is printed, not for every export
    from reports.complaint_sheet import complaint_sheet_pdf

    target: Path = args.pdf
    with opened(args, settings) as (services, actor):
        sheet = services.complaints.record_sheet(actor=actor, number=args.number)
        target.write_bytes(complaint_sheet_pdf(sheet, font_file=settings.pdf_font or None))
    print(_("Complaint {number} written to {file}.").format(number=sheet.number, file=target))
    return EXIT_OK


def _complaint(c: ComplaintRow) -> Sequence[object]:
    return (
        c.number,
        to_local(c.received_at),
        label(c.channel),
        c.unit_code or c.place,
        c.complainant_name,
        c.complainant_phone_masked,
        label(c.cls),
        kind_label(c.kind),
        label(c.status),
        c.department,
        c.content,
        c.clerk_name or c.clerk,
        to_local(c.close_by),
        to_local(c.closed_at) if c.closed_at else None,
        _("Yes") if c.overdue else "",
        c.reclass_count,
        c.reopen_count,
    )


def export_complaints(args: argparse.Namespace, settings: config.LocalSettings) -> int:
    """``frontdesk export complaints FILE.xlsx [--month YYYY-MM]``: phones masked, recorded as an export."""
    target: Path = args.file
    month = getattr(args, "month", None) or ""
    columns = [
        Column(_("Number"), 18),
        Column(_("Received"), 17, "datetime"),
        Column(_("Channel"), 10),
        Column(_("Unit or place"), 14),
        Column(_("Complainant"), 12),
        Column(_("Phone"), 14),
        Column(_("Class"), 12),
        Column(_("Kind"), 14),
        Column(_("Status"), 12),
        Column(_("Department"), 12),
        Column(_("Content"), 40),
        Column(_("Clerk"), 12),
        Column(_("Close by"), 17, "datetime"),
        Column(_("Closed"), 17, "datetime"),
        Column(_("Overdue"), 8),
        Column(_("Reclassified"), 8, "int"),
        Column(_("Reopened"), 8, "int"),
    ]
    title = _("Complaints {month}").format(month=month) if month else _("Complaints")
    with opened(args, settings) as (services, actor):
        rows = services.complaints.month(actor=actor, month=month)
        services.audit.record_export(
            actor=actor, what="complaint", rows=len(rows), file_name=target.name, personal=True
        )
        with written(target) as stream:
            write_table(stream, title=title, columns=columns, rows=(_complaint(c) for c in rows))
    print(_("Exported {n} rows to {file}.").format(n=len(rows), file=target))
    return EXIT_OK


def _callback_lines(cb: CallbackRow) -> list[Sequence[object]]:
    head = (cb.case_ref, cb.unit_code, cb.resident_name, cb.phone_masked, to_local(cb.due_at))
    if not cb.calls:
        return [(*head, _("Overdue") if cb.overdue else _("Due"), None, "", "", "", "", "")]
    return [
        (
            *head,
            callback_label(cb.outcome) if cb.outcome else (_("Overdue") if cb.overdue else _("Due")),
            to_local(call.called_at),
            call.caller_name or call.caller,
            callback_label(call.method),
            callback_label(call.satisfaction) if call.satisfaction else "",
            callback_label(call.outcome),
            call.words,
        )
        for call in cb.calls
    ]


def export_callbacks(args: argparse.Namespace, settings: config.LocalSettings) -> int:
    """``frontdesk export callbacks FILE.xlsx [--month YYYY-MM]``: one line per call (or per callback not
    yet made), phones masked, recorded as an export."""
    target: Path = args.file
    month = getattr(args, "month", None) or ""
    columns = [
        Column(_("Case"), 18),
        Column(_("Unit or place"), 14),
        Column(_("Resident"), 12),
        Column(_("Phone"), 14),
        Column(_("Due"), 17, "datetime"),
        Column(_("Callback"), 12),
        Column(_("Called at"), 17, "datetime"),
        Column(_("Caller"), 12),
        Column(_("Method"), 8),
        Column(_("Satisfaction"), 10),
        Column(_("Outcome"), 10),
        Column(_("What the resident said"), 40),
    ]
    title = _("Callbacks {month}").format(month=month) if month else _("Callbacks")
    with opened(args, settings) as (services, actor):
        callbacks = services.callbacks.month(actor=actor, month=month)
        lines = [line for cb in callbacks for line in _callback_lines(cb)]
        services.audit.record_export(
            actor=actor, what="callback", rows=len(lines), file_name=target.name, personal=True
        )
        with written(target) as stream:
            write_table(stream, title=title, columns=columns, rows=lines)
    print(_("Exported {n} rows to {file}.").format(n=len(lines), file=target))
    return EXIT_OK


def export_rules(args: argparse.Namespace, settings: config.LocalSettings) -> int:
    """``frontdesk export complaint-rules FILE.xlsx``: the keyword rules, to edit and import again."""
    target: Path = args.file
    with opened(args, settings) as (services, actor):
        rules = services.complaints.rules(actor=actor)
        services.audit.record_export(
            actor=actor, what="complaint_rules", rows=len(rules), file_name=target.name, personal=False
        )
        with written(target) as stream:
            write_rules(stream, rules)
    print(_("Exported {n} rows to {file}.").format(n=len(rules), file=target))
    return EXIT_OK


def import_rules(args: argparse.Namespace, settings: config.LocalSettings) -> int:
    """``frontdesk import complaint-rules FILE.xlsx``: the sheet replaces the rules, all or nothing."""
    # the sheet reader is loaded only to import: every export would otherwise pay for it
    from ui.workbooks.complaint_rules import read_rules

    source: Path = args.file
    try:
        with source.open("rb") as stream:
            sheet = read_rules(stream)
    except (OSError, ValueError) as exc:
        print(_("frontdesk: error: {message}").format(message=exc), file=sys.stderr)
        return EXIT_USER
    with opened(args, settings) as (services, actor):
        try:
            saved = services.complaints.replace_rules(actor=actor, rules=sheet.rules)
        except ValidationErrors as exc:
            for line in sheet.problems(exc):
                print(line, file=sys.stderr)
            print(_("Nothing was imported."), file=sys.stderr)
            return EXIT_USER
    print(_("Imported {n} keyword rules.").format(n=len(saved)))
    return EXIT_OK
