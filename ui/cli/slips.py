"""``frontdesk print release-slip`` and ``frontdesk export release-slips``: the slip's paper and list."""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from pathlib import Path

from frontdesk import config
from frontdesk.clock import to_local
from frontdesk.i18n import _
from frontdesk.slips.labels import label
from frontdesk.slips.rows import SlipRow
from reports.xlsx import Column, write_table
from ui.cli.common import EXIT_OK, written
from ui.cli.database import opened


def print_command(args: argparse.Namespace, settings: config.LocalSettings) -> int:
    """Write the slip's PDF (the same as the program's) and record the print."""
    # reportlab loads only when a slip is printed, not for every export
    from reports.release_slip import render_release_slip

    copies = [c.strip() for c in str(args.copies).split(",")]
    target: Path = args.pdf
    with opened(args, settings) as (services, actor):
        document = services.slips.document(actor=actor, number=args.number, copies=copies)
        pdf = render_release_slip(document, font_file=settings.pdf_font or None)
        target.write_bytes(pdf)
        services.slips.record_print(
            actor=actor,
            number=document.number,
            copies=document.copies,
            destination=_("PDF file {path}").format(path=target),
        )
    print(_("Release slip {number} written to {file}.").format(number=document.number, file=target))
    return EXIT_OK


def _row(slip: SlipRow) -> Sequence[object]:
    return (
        slip.number,
        label(slip.status),
        to_local(slip.issued_at),
        slip.unit_code,
        label(slip.applicant_kind),
        slip.applicant_name,
        slip.applicant_phone_masked,
        slip.applicant_id_masked,
        label(slip.reason) + (f": {slip.reason_note}" if slip.reason_note else ""),
        slip.item_count,
        slip.valid_until,
        slip.override_by_name or slip.override_by,
        slip.override_reason,
        slip.issued_by_name or slip.issued_by,
        to_local(slip.used_at) if slip.used_at else None,
        slip.used_by,
        slip.void_reason,
    )


def export_slips(args: argparse.Namespace, settings: config.LocalSettings) -> int:
    """``frontdesk export release-slips FILE.xlsx [--month YYYY-MM]``: masked, recorded as an export."""
    target: Path = args.file
    month = getattr(args, "month", None)
    columns = [
        Column(_("Number"), 18),
        Column(_("Status"), 12),
        Column(_("Issued at"), 17, "datetime"),
        Column(_("Unit"), 12),
        Column(_("Applicant is"), 12),
        Column(_("Applicant"), 14),
        Column(_("Phone"), 14),
        Column(_("ID number"), 22),
        Column(_("Reason"), 16),
        Column(_("Item lines"), 8, "int"),
        Column(_("Valid until"), 12, "date"),
        Column(_("Allowed by"), 12),
        Column(_("Why allowed"), 24),
        Column(_("Clerk"), 12),
        Column(_("Used at"), 17, "datetime"),
        Column(_("Checked by"), 12),
        Column(_("Void reason"), 24),
    ]
    title = _("Release slips {month}").format(month=month) if month else _("Release slips")
    with opened(args, settings) as (services, actor):
        export = services.slips.export(actor=actor, month=month, destination=target.name)
        with written(target) as stream, export as slips:
            write_table(stream, title=title, columns=columns, rows=(_row(s) for s in slips))
    print(_("Exported {n} rows to {file}.").format(n=slips.count, file=target))
    return EXIT_OK
