"""The visitor pass (訪客證): A6, or a 90 × 54 mm label, with the pass number and its validity.

The pass number is printed in text and as a QR code of the number alone: the desk's scanner types
it into the on-site list's pass field, with its Enter, and the visitor is signed out.
"""

from __future__ import annotations

from io import BytesIO
from typing import TYPE_CHECKING, Literal

from frontdesk.i18n import _
from reports.fonts import cjk_font_name
from reports.pdf import MM, shorten
from reports.qr import draw_qr, qr_modules

if TYPE_CHECKING:
    from reportlab.pdfgen.canvas import Canvas

    from frontdesk.visitors.documents import VisitorPassDocument

PassSize = Literal["A6", "label"]
_SIZES_MM: dict[str, tuple[float, float]] = {"A6": (105, 148), "label": (90, 54)}
#: the QR code's side (quiet zone included): a module of a pass number's code is 1.2 mm on A6, 0.8 on a label
_QR_MM: dict[str, float] = {"A6": 30, "label": 20}


def _fit(canvas: Canvas, text: str, font: str, size: float, width: float) -> tuple[str, float]:
    """``text`` at the largest size up to ``size`` at which it fits in ``width``, cut with "…" if it
    does not fit even at 6 points; the font set to that size."""
    while size > 6 and canvas.stringWidth(text, font, size) > width:
        size -= 0.5
    canvas.setFont(font, size)
    return shorten(text, font, size, width), size


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


def _margin(width: float) -> float:
    return 5 * MM if width < 100 * MM else 8 * MM


def code_box(size: PassSize) -> tuple[float, float, float]:
    """Where the QR code goes: under the lines on A6, beside them (bottom right) on a label.

    Returns:
        The square's lower-left corner (x, y) and its side, in points from the page's lower left.
    """
    width, height = (side * MM for side in _SIZES_MM[size])
    margin, side = _margin(width), _QR_MM[size] * MM
    if height < 80 * MM:
        return width - margin - side, margin, side
    return (width - side) / 2, margin + 10 * MM, side


def _draw(canvas: Canvas, document: VisitorPassDocument, font: str, size: PassSize) -> None:
    width, height = (side * MM for side in _SIZES_MM[size])
    margin = _margin(width)
    usable = width - 2 * margin
    compact = height < 80 * MM
    y = height - margin - 4 * MM
    canvas.drawCentredString(width / 2, y, _fit(canvas, document.office_name, font, 9, usable)[0])
    y -= (6 if compact else 10) * MM
    title = _("VISITOR PASS")
    canvas.setFont(font, 12 if compact else 16)
    canvas.drawCentredString(width / 2, y, title)
    y -= (9 if compact else 16) * MM
    canvas.drawCentredString(
        width / 2, y, _fit(canvas, document.pass_number, font, 18 if compact else 26, usable)[0]
    )
    y -= (3 if compact else 6) * MM
    canvas.setLineWidth(0.6)
    canvas.line(margin, y, width - margin, y)
    qr_x, qr_y, side = code_box(size) if document.pass_number else (0, 0, 0)
    if side:
        draw_qr(canvas, qr_modules(document.pass_number, side), qr_x, qr_y)
    floor, value_width = (margin, usable * 0.68 - side) if compact else (qr_y + side, usable * 0.68)
    body = 7.5 if compact else 12
    y -= body * 1.4
    step = body * (1.35 if compact else 1.8)
    for caption, value in _lines(document):
        if y < floor:
            break
        canvas.setFont(font, body)
        canvas.drawString(margin, y, caption)
        canvas.drawString(margin + usable * 0.32, y, _fit(canvas, value, font, body, value_width)[0])
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
    _draw(canvas, document, font, size)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()
