"""What the slip pages share: status colours, ID document names, printing a slip through the preview."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QWidget

from frontdesk.i18n import N_, _
from frontdesk.identity import DocumentType
from frontdesk.slips.rows import GateResult, SlipStatus
from ui.kit.context import AppContext
from ui.kit.paper import PreviewDialog, preview_document

ENTITY = "release_slip"
"""Change-bus entity announced after a slip is issued, printed, used or voided."""
ALL_COPIES: tuple[str, ...] = ("applicant", "gate", "office")

GOOD, INFO, WARN, BAD = "#1b6e2a", "#24415f", "#8a5a00", "#b3261e"
#: text colour of each status in lists (the status is always written out as well)
STATUS_COLOURS: dict[str, str] = {
    SlipStatus.ISSUED.value: GOOD,
    SlipStatus.USED.value: INFO,
    SlipStatus.PENDING.value: WARN,
    SlipStatus.EXPIRED.value: WARN,
    SlipStatus.REFUSED.value: BAD,
    SlipStatus.VOIDED.value: BAD,
}
#: background of the gate's big verdict, and the sign in front of its text
GATE_LOOK: dict[GateResult, tuple[str, str]] = {
    GateResult.VALID: (GOOD, "✓"),
    GateResult.USED: (BAD, "✗"),  # alarming: the same goods must not leave twice
    GateResult.EXPIRED: (WARN, "✗"),
    GateResult.PENDING: (WARN, "!"),
    GateResult.VOIDED: (BAD, "✗"),
    GateResult.REFUSED: (BAD, "✗"),
    GateResult.UNKNOWN: (BAD, "?"),
    GateResult.TAMPERED: (BAD, "✗"),
    GateResult.CODE_NEEDED: (WARN, "?"),
}
ID_TYPES: dict[str, str] = {
    DocumentType.MAINLAND_ID.value: N_("Resident ID card (mainland)"),
    DocumentType.HK_ID.value: N_("Hong Kong ID card"),
    DocumentType.TW_ID.value: N_("Taiwan ID card"),
    DocumentType.HK_MO_PERMIT.value: N_("Permit for Hong Kong / Macao residents"),
    DocumentType.TW_PERMIT.value: N_("Permit for Taiwan residents"),
    DocumentType.PASSPORT.value: N_("Passport"),
    DocumentType.OTHER.value: N_("Other document"),
}


def qdate(day: date) -> QDate:
    """A Python date as a QDate."""
    return QDate(day.year, day.month, day.day)


def pydate(day: QDate) -> date:
    """A QDate as a Python date."""
    return date(day.year(), day.month(), day.day())


def preview_slip(
    context: AppContext, parent: QWidget | None, number: str, copies: Sequence[str] = ALL_COPIES
) -> QWidget:
    """Open the slip's preview (print to the remembered printer, save as PDF); every output is recorded.

    The PDF is made on the worker thread from the service's document; a slip printed before
    comes out marked as a reprint.
    """
    # reportlab loads when a document is made, not at start-up
    from reports.release_slip import render_release_slip

    actor, slips, chosen = context.require_actor(), context.services.slips, tuple(copies)
    font_file = context.settings.pdf_font or None  # the font chosen in this PC's settings

    def make_pdf() -> bytes:
        document = slips.document(actor=actor, number=number, copies=chosen)
        return render_release_slip(document, font_file=font_file)

    def on_output(action: str, destination: str) -> None:
        where = destination if action == "print" else _("PDF file {path}").format(path=destination)
        context.runner.submit(
            lambda: slips.record_print(
                actor=actor, number=number, copies=chosen, destination=where, on_paper=action == "print"
            ),
            lambda _done: recorded(),
            owner=parent,
        )

    def recorded() -> None:
        context.bus.notify(ENTITY)
        if shown:  # what comes out of this preview next is a reprint: show it marked so
            shown[0].load(make_pdf)

    shown: list[PreviewDialog] = []
    dialog = preview_document(
        context,
        parent,
        kind="release_slip",
        title=_("Release slip {number}").format(number=number),
        file_name=_("Release slip {number}.pdf").format(number=number),
        make_pdf=make_pdf,
        on_output=on_output,
    )
    shown.append(dialog)
    dialog.destroyed.connect(lambda *_args: shown.clear())
    return dialog
