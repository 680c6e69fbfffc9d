"""The A5 release slip (放行条): one page set per copy, the verification code as text and QR.

Pure function of a ``SlipDocument`` (already translated and masked) to PDF bytes. Each copy
gets its own page template, so the copy's name, the serial number and the reprint mark sit in
the band of every page of that copy, and the footer counts pages within the copy.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from frontdesk.i18n import N_, _
from frontdesk.slips.document import SlipDocument
from frontdesk.slips.labels import COPIES, copy_label
from reports._slip_pages import Band, build_copies
from reports.fonts import cjk_font_name
from reports.pdf import MM, PageSetup, Styles, data_table, document_bytes, make_styles, paragraph
from reports.qr import qr_drawing

if TYPE_CHECKING:
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Flowable

#: status code -> the big mark on a slip that is not plainly valid ("issued" has none)
STATUS_MARKS: dict[str, str] = {
    "used": N_("USED"),
    "expired": N_("EXPIRED"),
    "voided": N_("VOIDED — NOT VALID"),
    "refused": N_("REFUSED — NOT VALID"),
    "pending": N_("PENDING — NOT YET VALID"),
}
_SETUP = PageSetup(size="A5")
QR_SIZE = 26 * MM


@lru_cache(maxsize=4)
def _styles(font: str) -> Styles:
    """Styles for ``font``, made once per process (style objects are never mutated)."""
    return make_styles(font, base_size=9)


@lru_cache(maxsize=4)
def _extra_styles(font: str) -> dict[str, ParagraphStyle]:
    from reportlab.lib import colors
    from reportlab.lib.styles import ParagraphStyle

    base = _styles(font)
    return {
        "title": ParagraphStyle(
            "slip-title", parent=base.title, fontSize=20, leading=24, spaceAfter=2
        ),
        "sub": ParagraphStyle("slip-sub", parent=base.small, alignment=1, spaceAfter=4),
        "status": ParagraphStyle(
            "slip-status", parent=base.body, fontSize=16, leading=22, alignment=1,
            textColor=colors.HexColor("#B00020"), borderColor=colors.HexColor("#B00020"),
            borderWidth=1.5, borderPadding=4, spaceBefore=4, spaceAfter=8,
        ),
        "label": ParagraphStyle("slip-label", parent=base.cell, textColor=colors.HexColor("#4A4F55")),
        "code": ParagraphStyle("slip-code", parent=base.body, fontSize=13, leading=17, spaceAfter=2),
    }  # fmt: skip


def render_release_slip(document: SlipDocument, *, font_file: str | None = None) -> bytes:
    """The slip as an A5 PDF: one page set per copy, marked with the copy's name.

    Args:
        document: what the slip shows, translated and masked by the service.
        font_file: a Chinese font chosen in the settings, if any.

    Returns:
        The PDF's bytes.
    """
    font = cjk_font_name(font_file)
    copies = document.copies or ("office",)
    band = Band(
        font=font,
        office=document.office_name,
        title=_("Release slip"),
        number=document.number,
        reprint=_("REPRINT") if document.reprint else "",
        watermark=_(STATUS_MARKS[document.status]) if document.status in STATUS_MARKS else "",
    )
    labels = [copy_label(c) if c in COPIES else c for c in copies]
    # A fresh story per copy: platypus keeps layout state on the flowables it splits.
    qr = qr_drawing(document.qr_payload, QR_SIZE)
    stories = [_body(document, font, qr) for _copy in copies]
    return document_bytes(lambda stream: build_copies(stream, stories, labels, band, _SETUP))


def _body(doc: SlipDocument, font: str, qr: Flowable) -> Sequence[Flowable]:
    """The flowables of one copy."""
    styles, extra = _styles(font), _extra_styles(font)
    story: list[Flowable] = [paragraph(_("Release slip"), extra["title"])]
    if doc.estate_name:
        story.append(paragraph(doc.estate_name, extra["sub"]))
    if doc.status in STATUS_MARKS:
        story.append(paragraph(_(STATUS_MARKS[doc.status]), extra["status"]))
    story.append(_facts(doc, styles, extra["label"]))
    story.append(
        data_table(
            [_("No."), _("Goods"), _("Quantity"), _("Unit of measure"), _("Remarks")],
            [(n, i.description, i.quantity, i.unit, i.remarks) for n, i in enumerate(doc.items, 1)],
            styles,
            width=_SETUP.content_width,
            col_widths=(0.7, 3.7, 1.15, 1.2, 2.2),  # "Quantity", "Unit of measure" whole in English
            align=("center", "left", "right", "center", "left"),
        )
    )
    story.append(_notes(doc, styles, extra["label"]))
    story.append(_signatures(doc, styles))
    story.append(_verification(doc, styles, extra["code"], qr))
    return story


def _grid(rows: Sequence[Sequence[Any]], widths: Sequence[float], font: str, *, lines: bool) -> Flowable:
    from reportlab.lib import colors
    from reportlab.platypus import Table, TableStyle

    table = Table([list(r) for r in rows], colWidths=list(widths), spaceBefore=2, spaceAfter=4)
    commands: list[tuple[Any, ...]] = [
        ("FONT", (0, 0), (-1, -1), font, 8),  # else Helvetica is listed as not embedded
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
    ]
    if lines:
        grey = colors.HexColor("#8A94A0")
        commands += [("BOX", (0, 0), (-1, -1), 0.6, grey), ("INNERGRID", (0, 0), (-1, -1), 0.25, grey)]
    table.setStyle(TableStyle(commands))
    return table


def _facts(doc: SlipDocument, styles: Styles, label: ParagraphStyle) -> Flowable:
    """Two label/value pairs per row: number, unit, applicant, ID, phone, reason, validity."""
    cell = styles.cell
    pairs = [
        (_("Serial number"), doc.number),
        (_("Issued at"), doc.issued_at.strftime("%Y-%m-%d %H:%M")),
        (_("Unit"), doc.unit_code),
        (_("Valid until"), _("{day} (inclusive)").format(day=doc.valid_until.isoformat())),
        (_("Applicant"), _("{name} ({kind})").format(name=doc.applicant_name, kind=doc.applicant_kind)),
        (_("ID document"), doc.applicant_id_masked or "—"),
        (_("Phone"), doc.applicant_phone_masked or "—"),
        (_("Reason"), doc.reason),
    ]
    rows: list[list[Flowable]] = []
    for left, right in zip(pairs[::2], pairs[1::2], strict=True):
        rows.append([paragraph(left[0], label), paragraph(left[1], cell)])
        rows[-1] += [paragraph(right[0], label), paragraph(right[1], cell)]
    w = _SETUP.content_width
    return _grid(rows, (0.17 * w, 0.33 * w, 0.17 * w, 0.33 * w), styles.font, lines=True)


def _notes(doc: SlipDocument, styles: Styles, label: ParagraphStyle) -> Flowable:
    """Arrears (and any override), the owner's phone confirmation, remarks."""
    rows = [[paragraph(_("Fees"), label), paragraph(doc.arrears_note or "—", styles.cell)]]
    if doc.confirmation_note:
        rows.append([paragraph(_("Owner confirmed"), label), paragraph(doc.confirmation_note, styles.cell)])
    if doc.remarks:
        rows.append([paragraph(_("Remarks"), label), paragraph(doc.remarks, styles.cell)])
    w = _SETUP.content_width
    return _grid(rows, (0.17 * w, 0.83 * w), styles.font, lines=True)


def _signatures(doc: SlipDocument, styles: Styles) -> Flowable:
    """Three signature boxes: applicant, clerk (name printed), gate."""
    heads = [_("Applicant's signature"), _("Clerk"), _("Gate (guard)")]
    names = ["", doc.clerk_name, ""]
    signed = [_("{role}: {name}").format(role=h, name=n) for h, n in zip(heads, names, strict=True)]
    rows = [[paragraph(text, styles.cell) for text in signed]]
    rows.append([paragraph("", styles.cell)] * 3)  # room to sign
    w = _SETUP.content_width / 3
    table = _grid(rows, (w, w, w), styles.font, lines=True)
    table._argH[1] = 11 * MM  # type: ignore[attr-defined]  # fixed signing height
    return table


def _verification(doc: SlipDocument, styles: Styles, code: ParagraphStyle, qr: Flowable) -> Flowable:
    """The QR code beside the verification code in text, kept together on one page."""
    from reportlab.platypus import KeepTogether

    text = [
        paragraph(_("Verification code: {code}").format(code=doc.verification_code), code),
        paragraph(
            _("The gate scans the QR code or types the serial number to check this slip."), styles.small
        ),
    ]
    w = _SETUP.content_width
    grid = _grid([[qr, text]], (QR_SIZE + 6, w - QR_SIZE - 6), styles.font, lines=False)
    return KeepTogether([grid])
