"""The complaint record sheet (投訴處理單, A4): particulars, steps, classifications, callbacks."""

from __future__ import annotations

from typing import TYPE_CHECKING

from frontdesk.i18n import _
from reports.fonts import cjk_font_name
from reports.pdf import PageSetup, build_pdf, data_table, document_bytes, make_styles, paragraph

if TYPE_CHECKING:
    from reportlab.platypus import Flowable

    from frontdesk.complaints.document import ComplaintSheet


def complaint_sheet_pdf(sheet: ComplaintSheet, *, font_file: str | None = None) -> bytes:
    """The record sheet as an A4 PDF (Chinese embedded); a reprint is marked as a copy.

    Args:
        sheet: the complaint's content, already translated and masked.
        font_file: the Chinese font chosen in the settings, if any.

    Returns:
        The PDF's bytes.
    """
    font = cjk_font_name(font_file)
    styles = make_styles(font, base_size=10)
    setup = PageSetup(size="A4", office_name=sheet.office_name, title=_("Complaint record sheet"))
    width = setup.content_width
    title = _("Complaint record sheet") + (f" · {_('Copy')}" if sheet.reprint else "")
    story: list[Flowable] = [
        paragraph(title, styles.title),
        paragraph(_("No. {number}").format(number=sheet.number), styles.heading),
        data_table([_("Item"), _("Details")], sheet.fields, styles, width=width, col_widths=[1, 3]),
        paragraph(_("What the complainant said"), styles.heading),
        paragraph(sheet.content, styles.body),
        paragraph(_("Handling"), styles.heading),
    ]
    if sheet.steps:
        story.append(
            data_table(
                [_("Step"), _("By, when"), _("What was recorded")],
                sheet.steps,
                styles,
                width=width,
                col_widths=[1, 1.4, 3.6],
            )
        )
    else:
        story.append(paragraph(_("No step recorded yet."), styles.body))
    story.append(paragraph(_("Classification history"), styles.heading))
    story.append(
        data_table(
            [_("When"), _("By"), _("Classification"), _("Reason")],
            sheet.classes,
            styles,
            width=width,
            col_widths=[1.2, 1, 1.8, 2],
        )
    )
    story.append(paragraph(_("Callback record"), styles.heading))
    if sheet.callback_due:
        story.append(paragraph(_("Callback due by {when}.").format(when=sheet.callback_due), styles.body))
    if sheet.calls:
        story.append(
            data_table(
                [
                    _("When"),
                    _("Caller"),
                    _("Method"),
                    _("Satisfaction"),
                    _("Outcome"),
                    _("What the resident said"),
                ],
                [(c.when, c.caller, c.method, c.satisfaction, c.outcome, c.words) for c in sheet.calls],
                styles,
                width=width,
                col_widths=[1.2, 0.9, 0.7, 0.9, 0.8, 2.5],
            )
        )
    elif not sheet.callback_due:
        story.append(paragraph(_("No callback yet."), styles.body))
    story.append(
        paragraph(
            _("Signature of the handler: ____________    Signature of the supervisor: ____________"),
            styles.body,
        )
    )
    return document_bytes(lambda stream: build_pdf(stream, story, setup, styles))
