"""What the complaint views share: colours, the classification choices, times, printing the record sheet."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QWidget

from frontdesk.complaints.labels import kind_label, label
from frontdesk.complaints.rows import KINDS, ComplaintClass, ComplaintRow, ComplaintStatus
from frontdesk.i18n import _
from ui.kit.context import AppContext
from ui.kit.paper import PreviewDialog, preview_document

ENTITY = "complaint"
"""Change-bus entity announced after a complaint is taken or changed (the callback queue's too)."""
CALLBACK_ENTITY = "callback"

GOOD, INFO, WARN, BAD, MUTED = "#1b6e2a", "#24415f", "#8a5a00", "#b3261e", "#5c6670"
#: text colour of each status in lists (the status is always written out as well)
STATUS_COLOURS: dict[str, str] = {
    ComplaintStatus.OPEN.value: WARN,
    ComplaintStatus.IN_HANDLING.value: INFO,
    ComplaintStatus.AWAITING_CALLBACK.value: INFO,
    ComplaintStatus.CLOSED.value: GOOD,
    ComplaintStatus.REOPENED.value: BAD,
}


def class_code(cls: ComplaintClass | str, kind: str) -> str:
    """``"valid:charges"``: a class and kind as one choice."""
    return f"{ComplaintClass(cls).value}:{kind}"


def class_text(cls: ComplaintClass | str, kind: str) -> str:
    """``Valid complaint · Charges`` in the user's language."""
    return f"{label(ComplaintClass(cls))} · {kind_label(kind)}"


def fill_classes(combo: QComboBox, placeholder: str) -> None:
    """Every class and kind as one list (``"valid:charges"`` as data), nothing chosen."""
    combo.clear()
    for cls, kinds in KINDS.items():
        for kind in kinds:
            combo.addItem(class_text(cls, kind), class_code(cls, kind))
    combo.setPlaceholderText(placeholder)
    combo.setCurrentIndex(-1)


def split_class(code: object) -> tuple[str, str]:
    """(class, kind) of a ``"valid:charges"`` choice; ("", "") when nothing is chosen."""
    cls, _sep, kind = str(code or "").partition(":")
    return cls, kind


def status_text(row: ComplaintRow) -> str:
    """The status written out, overdue said in words as well as colour."""
    text = label(row.status)
    return _("{status} · overdue").format(status=text) if row.overdue else text


def preview_sheet(context: AppContext, parent: QWidget | None, number: str) -> PreviewDialog:
    """Preview the complaint's record sheet (A4); a print on paper is counted and audited, and what
    comes out of the preview next is marked as a copy (a PDF saved leaves the paper original)."""
    # reportlab loads when a document is made, not at start-up
    from reports.complaint_sheet import complaint_sheet_pdf

    actor, complaints = context.require_actor(), context.services.complaints
    font_file = context.settings.pdf_font or None  # the font chosen in this PC's settings

    def make_pdf(count: bool = False) -> bytes:
        sheet = complaints.record_sheet(actor=actor, number=number, count_print=count)
        return complaint_sheet_pdf(sheet, font_file=font_file)

    def on_output(action: str, _destination: str) -> None:
        if action == "print":
            context.runner.submit(lambda: make_pdf(count=True), lambda _pdf: recorded(), owner=parent)

    def recorded() -> None:
        context.bus.notify(ENTITY)
        if shown:
            shown[0].load(make_pdf)

    shown: list[PreviewDialog] = []
    dialog = preview_document(
        context,
        parent,
        kind="complaint_sheet",
        title=_("Complaint record sheet {number}").format(number=number),
        file_name=_("Complaint {number}.pdf").format(number=number),
        make_pdf=make_pdf,
        on_output=on_output,
    )
    shown.append(dialog)
    dialog.destroyed.connect(lambda *_args: shown.clear())
    return dialog
