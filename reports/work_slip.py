"""The work slip (派工單, A5 or A4): two copies, engineering and office, each marked; reprints marked.

Pure function of a ``WorkSlip`` (already translated and masked) to PDF bytes, on the release slip's
page machinery: each copy its own page set with the copy's name in the band, "page x / y" per copy.
The slip carries what the office's paper does: the order's particulars, the problem, the technician
and the sign-for line, the survey's findings, the quote, the materials and hours table, the work
done, the completion and resident-acceptance signatures and the callback section.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from frontdesk.i18n import _
from frontdesk.workorders.document import WorkSlip
from reports._slip_pages import Band, build_copies
from reports.fonts import cjk_font_name
from reports.pdf import MM, PageSetup, Styles, data_table, document_bytes, make_styles, paragraph

if TYPE_CHECKING:
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Flowable

#: blank lines of the materials table when nothing was entered yet (written in by hand)
BLANK_MATERIALS = 2


@lru_cache(maxsize=8)
def _styles(font: str, paper: str) -> Styles:
    """Styles for ``font`` on ``paper``, made once per process (style objects are never mutated)."""
    return make_styles(font, base_size=9 if paper == "A5" else 10)


@lru_cache(maxsize=8)
def _label_style(font: str, paper: str) -> ParagraphStyle:
    from reportlab.lib import colors
    from reportlab.lib.styles import ParagraphStyle

    base = _styles(font, paper)
    return ParagraphStyle("work-label", parent=base.cell, textColor=colors.HexColor("#4A4F55"))


def work_slip_pdf(slip: WorkSlip, *, font_file: str | None = None) -> bytes:
    """The work slip as a PDF on the office's paper: one page set per copy, marked with its name.

    Args:
        slip: what the slip shows, translated and masked by the service.
        font_file: a Chinese font chosen in the settings, if any.

    Returns:
        The PDF's bytes.
    """
    font = cjk_font_name(font_file)
    setup = PageSetup(size="A4" if slip.paper == "A4" else "A5")
    band = Band(
        font=font,
        office=slip.office_name,
        title=slip.title,
        number=slip.number,
        reprint=_("REPRINT") if slip.reprint else "",
        watermark="",
    )
    # a fresh story per copy: platypus keeps layout state on the flowables it splits
    stories = [_body(slip, font, setup) for _copy in slip.copies]
    return document_bytes(lambda stream: build_copies(stream, stories, slip.copies, band, setup))


def _grid(rows: Sequence[Sequence[Any]], widths: Sequence[float], font: str) -> Flowable:
    from reportlab.lib import colors
    from reportlab.platypus import Table, TableStyle

    grey = colors.HexColor("#8A94A0")
    table = Table([list(r) for r in rows], colWidths=list(widths), spaceBefore=2, spaceAfter=4)
    table.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), font, 8),  # else Helvetica is listed as not embedded
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("TOPPADDING", (0, 0), (-1, -1), 2),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
                ("LEFTPADDING", (0, 0), (-1, -1), 3),
                ("RIGHTPADDING", (0, 0), (-1, -1), 3),
                ("BOX", (0, 0), (-1, -1), 0.6, grey),
                ("INNERGRID", (0, 0), (-1, -1), 0.25, grey),
            ]
        )
    )
    return table


def _body(slip: WorkSlip, font: str, setup: PageSetup) -> list[Flowable]:
    """The flowables of one copy."""
    styles, label = _styles(font, setup.size), _label_style(font, setup.size)
    width = setup.content_width
    story: list[Flowable] = [paragraph(slip.title, styles.title), _facts(slip, styles, label, width)]
    story.append(_boxed(_("Problem"), slip.problem, styles, label, width))
    story.append(_sign_for(slip, styles, label, width))
    story.append(_boxed(_("Survey findings"), slip.findings, styles, label, width, blank=not slip.findings))
    if slip.quote:
        story.append(_boxed(_("Quote"), slip.quote, styles, label, width))
    story.append(paragraph(_("Materials and hours"), styles.heading))
    rows: list[tuple[object, ...]] = [
        (n, m.name, m.quantity, m.unit, m.amount) for n, m in enumerate(slip.materials, 1)
    ]
    blank = BLANK_MATERIALS if not rows else 0
    rows += [("", "", "", "", "")] * blank
    rows.append(("", _("Hours worked: {h}").format(h=slip.hours or "____"), "", _("Fee"), slip.fee or "____"))
    table = data_table(
        [_("No."), _("Material"), _("Quantity"), _("Unit of measure"), _("Amount (¥)")],
        rows,
        styles,
        width=width,
        col_widths=(0.6, 3.6, 1.1, 1.2, 1.4),
        align=("center", "left", "right", "center", "right"),
    )
    for row in range(1, blank + 1):
        table._argH[row] = 6 * MM  # type: ignore[attr-defined]  # room to write by hand
    story.append(table)
    story.append(_boxed(_("Work done"), slip.work_done, styles, label, width, blank=not slip.work_done))
    story.append(_signatures(styles, width, font))
    story += _callback(slip, styles, width)
    if slip.progress:
        steps = data_table(
            [_("Step"), _("By, when"), _("What was recorded")],
            slip.progress,
            styles,
            width=width,
            col_widths=(1.2, 1.8, 3.0),
        )
        story.append(_headed([paragraph(_("Progress"), styles.heading)], steps))
    return story


def _headed(heading: list[Flowable], table: Flowable) -> Flowable:
    """A heading kept on the page of the table it heads."""
    from reportlab.platypus import KeepTogether

    return KeepTogether([*heading, table])


def _facts(slip: WorkSlip, styles: Styles, label: ParagraphStyle, width: float) -> Flowable:
    """Two label/value pairs per row: number first, then the order's particulars."""
    pairs = [(_("Serial number"), slip.number), *slip.fields]
    if len(pairs) % 2:
        pairs.append(("", ""))
    rows = [
        [
            paragraph(a[0], label),
            paragraph(a[1], styles.cell),
            paragraph(b[0], label),
            paragraph(b[1], styles.cell),
        ]
        for a, b in zip(pairs[::2], pairs[1::2], strict=True)
    ]
    return _grid(rows, (0.17 * width, 0.33 * width, 0.17 * width, 0.33 * width), styles.font)


def _boxed(
    title: str, text: str, styles: Styles, label: ParagraphStyle, width: float, *, blank: bool = False
) -> Flowable:
    """A labelled box with the text, or room to write it in by hand."""
    table = _grid(
        [[paragraph(title, label), paragraph(text, styles.cell)]], (0.17 * width, 0.83 * width), styles.font
    )
    if blank:
        table._argH[0] = 12 * MM  # type: ignore[attr-defined]  # room to write by hand
    return table


def _sign_for(slip: WorkSlip, styles: Styles, label: ParagraphStyle, width: float) -> Flowable:
    """The technician and the sign-for line (簽領): the time once signed, room to sign either way."""
    rows = [
        [
            paragraph(_("Technician"), label),
            paragraph(slip.technician or "____", styles.cell),
            paragraph(_("Signed for (signature, time)"), label),
            paragraph(slip.signed_for, styles.cell),
        ]
    ]
    table = _grid(rows, (0.17 * width, 0.23 * width, 0.25 * width, 0.35 * width), styles.font)
    table._argH[0] = 10 * MM  # type: ignore[attr-defined]  # room to sign
    return table


def _signatures(styles: Styles, width: float, font: str) -> Flowable:
    """Completion and resident-acceptance signatures, with the date."""
    heads = [_("Completed (technician)"), _("Accepted (resident)"), _("Date")]
    rows = [[paragraph(h, styles.cell) for h in heads], [paragraph("", styles.cell)] * 3]
    table = _grid(rows, (width / 3,) * 3, font)
    table._argH[1] = 11 * MM  # type: ignore[attr-defined]  # room to sign
    return table


def _callback(slip: WorkSlip, styles: Styles, width: float) -> list[Flowable]:
    """The callback section: the calls made, or a line to record one by hand; its heading kept with it."""
    heading: list[Flowable] = [paragraph(_("Callback"), styles.heading)]
    if slip.callback_due:
        heading.append(paragraph(_("Callback due by {when}.").format(when=slip.callback_due), styles.small))
    rows = [(c.when, c.caller, c.method, c.satisfaction, c.outcome, c.words) for c in slip.calls]
    heads = [
        _("When"),
        _("Caller"),
        _("Method"),
        _("Satisfaction"),
        _("Outcome"),
        _("What the resident said"),
    ]
    table = data_table(
        heads,
        rows or [("", "", "", "", "", "")],
        styles,
        width=width,
        col_widths=(1.3, 0.9, 0.7, 0.9, 0.8, 2.4),
    )
    if not rows:
        table._argH[1] = 8 * MM  # type: ignore[attr-defined]  # room to write the call in by hand
    return [_headed(heading, table)]
