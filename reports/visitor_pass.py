"""The visitor pass (訪客證): A6, or a 90 × 54 mm label, with the pass number and its validity."""

from __future__ import annotations

from io import BytesIO
from typing import TYPE_CHECKING, Literal

from frontdesk.i18n import _
from reports.fonts import cjk_font_name
from reports.pdf import MM

if TYPE_CHECKING:
    from reportlab.pdfgen.canvas import Canvas

    from frontdesk.visitors.documents import VisitorPassDocument

PassSize = Literal["A6", "label"]
_SIZES_MM: dict[str, tuple[float, float]] = {"A6": (105, 148), "label": (90, 54)}


def _fit(canvas: Canvas, text: str, font: str, size: float, width: float) -> float:
    """The largest size up to ``size`` at which ``text`` fits in ``width``."""
    while size > 6 and canvas.stringWidth(text, font, size) > width:
        size -= 0.5
    return size


def _lines(document: VisitorPassDocument) -> list[tuple[str, str]]:
    who = document.name_masked
    if document.companions:  # "+2": the people who came along, on the visitor's line to keep the pass short
        who += f" +{document.companions}"
    lines = [
        (_("Visitor"), who),
        (_("Visiting"), document.host),
        (_("Purpose"), document.purpose),
        (_("Time in"), document.time_in.strftime("%Y-%m-%d %H:%M")),
        (_("Valid until"), document.valid_until.strftime("%Y-%m-%d %H:%M")),
    ]
    if document.plate:
        lines.append((_("Vehicle"), document.plate))
    return lines


def _draw(canvas: Canvas, document: VisitorPassDocument, font: str, width: float, height: float) -> None:
    margin = 5 * MM if width < 100 * MM else 8 * MM
    usable = width - 2 * margin
    compact = height < 80 * MM
    y = height - margin - 4 * MM
    canvas.setFont(font, _fit(canvas, document.office_name, font, 9, usable))
    canvas.drawCentredString(width / 2, y, document.office_name)
    y -= (6 if compact else 10) * MM
    title = _("VISITOR PASS")
    canvas.setFont(font, 12 if compact else 16)
    canvas.drawCentredString(width / 2, y, title)
    y -= (9 if compact else 16) * MM
    size = _fit(canvas, document.pass_number, font, 18 if compact else 26, usable)
    canvas.setFont(font, size)
    canvas.drawCentredString(width / 2, y, document.pass_number)
    y -= (3 if compact else 6) * MM
    canvas.setLineWidth(0.6)
    canvas.line(margin, y, width - margin, y)
    body = 7.5 if compact else 12
    y -= body * 1.4
    step = body * (1.35 if compact else 1.8)
    for caption, value in _lines(document):
        if y < margin:
            break
        canvas.setFont(font, body)
        canvas.drawString(margin, y, caption)
        canvas.setFont(font, _fit(canvas, value, font, body, usable * 0.68))
        canvas.drawString(margin + usable * 0.32, y, value)
        y -= step
    if not compact:
        canvas.setFont(font, 7.5)
        canvas.drawCentredString(
            width / 2, margin, _("Please wear this pass on site and return it when you leave.")
        )


def visitor_pass_pdf(
    document: VisitorPassDocument, *, size: PassSize = "A6", font_file: str | None = None
) -> bytes:
    """The visitor pass as a one-page PDF.

    Args:
        document: the pass's data (name already masked).
        size: "A6" (105 × 148 mm) or "label" (90 × 54 mm, for a label printer).
        font_file: the Chinese font chosen in the settings, if any.

    Returns:
        The PDF's bytes.
    """
    from reportlab.pdfgen.canvas import Canvas

    font = cjk_font_name(font_file)
    width, height = (side * MM for side in _SIZES_MM[size])
    buffer = BytesIO()
    canvas = Canvas(buffer, pagesize=(width, height), pageCompression=1)
    canvas.setTitle(_("Visitor pass {number}").format(number=document.pass_number))
    _draw(canvas, document, font, width, height)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()
