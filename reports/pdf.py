"""Shared reportlab building blocks: Chinese paragraph styles, page setup, tables, PDF bytes.

A document module registers the font, makes the styles, builds a story and calls
``build_pdf``::

    font = cjk_font_name(font_file)
    styles = make_styles(font)
    setup = PageSetup(size="A5", office_name=office, title=_("Release slip"))
    table = data_table(headers, rows, styles, width=setup.content_width)
    story = [paragraph(text, styles.body), table]
    build_pdf(stream, story, setup, styles)

reportlab is imported inside the functions, never when this module is imported.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from io import BytesIO
from typing import TYPE_CHECKING, BinaryIO, Literal

if TYPE_CHECKING:
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Flowable, Paragraph, Table

    from frontdesk.estate.progress import Progress

PageSize = Literal["A4", "A5"]
Align = Literal["left", "center", "right"]

MM = 72 / 25.4
"""One millimetre in PDF points."""

#: paper sizes in millimetres, portrait
_PAPER_MM: dict[str, tuple[float, float]] = {"A4": (210, 297), "A5": (148, 210)}
#: outer margin per paper size, millimetres
_MARGIN_MM: dict[str, float] = {"A4": 18, "A5": 12}
HEADER_HEIGHT = 10 * MM
"""Height of the running header band above the body frame."""
FOOTER_HEIGHT = 8 * MM
"""Height of the running footer band below the body frame."""

_ALIGNMENT: dict[Align, Literal[0, 1, 2]] = {"left": 0, "center": 1, "right": 2}


@dataclass(frozen=True)
class PageSetup:
    """Paper, orientation and the running header and footer of one document."""

    size: PageSize = "A4"
    landscape: bool = False
    office_name: str = ""
    title: str = ""
    printed_at: datetime | None = None  # None: the moment the document is built
    running_header: bool = True
    running_footer: bool = True

    @property
    def pagesize(self) -> tuple[float, float]:
        """Page width and height in points."""
        width, height = (side * MM for side in _PAPER_MM[self.size])
        return (height, width) if self.landscape else (width, height)

    @property
    def margin(self) -> float:
        """Outer margin on every side, in points."""
        return _MARGIN_MM[self.size] * MM

    @property
    def content_width(self) -> float:
        """Width of the body frame, in points: the width to give a full-width table."""
        return self.pagesize[0] - 2 * self.margin

    @property
    def content_height(self) -> float:
        """Height of the body frame, in points."""
        bands = HEADER_HEIGHT * self.running_header + FOOTER_HEIGHT * self.running_footer
        return self.pagesize[1] - 2 * self.margin - bands


@dataclass(frozen=True)
class Styles:
    """Paragraph styles for one font; derive more with ``ParagraphStyle(name, parent=...)``."""

    font: str
    title: ParagraphStyle
    heading: ParagraphStyle
    body: ParagraphStyle
    small: ParagraphStyle
    cell: ParagraphStyle
    cell_header: ParagraphStyle

    def aligned(self, style: ParagraphStyle, align: Align) -> ParagraphStyle:
        """A copy of ``style`` with another horizontal alignment.

        Args:
            style: one of this object's styles.
            align: "left", "center" or "right".

        Returns:
            A new style named after the original and the alignment.
        """
        from reportlab.lib.styles import ParagraphStyle

        return ParagraphStyle(f"{style.name}-{align}", parent=style, alignment=_ALIGNMENT[align])


def make_styles(font: str, *, base_size: float = 10.0) -> Styles:
    """Paragraph styles that wrap Chinese text and keep punctuation off line starts.

    Args:
        font: a registered reportlab font name, normally from ``fonts.cjk_font_name()``.
        base_size: body text size in points (10 suits A4, 9 suits A5).

    Returns:
        The styles, all in ``font`` with ``wordWrap="CJK"``.
    """
    from reportlab.lib import colors
    from reportlab.lib.styles import ParagraphStyle

    from reports._linebreak import install

    install()  # reportlab alone lets "，" start a line
    body = ParagraphStyle(
        "fd-body", fontName=font, fontSize=base_size, leading=base_size * 1.5, wordWrap="CJK"
    )
    size = base_size
    return Styles(
        font=font,
        title=ParagraphStyle(
            "fd-title", parent=body, fontSize=size * 1.6, leading=size * 2.2, alignment=1,
            spaceAfter=size * 0.8,
        ),
        heading=ParagraphStyle(
            "fd-heading", parent=body, fontSize=size * 1.2, leading=size * 1.7,
            spaceBefore=size * 0.6, spaceAfter=size * 0.3,
        ),
        # Left, not justified: reportlab justifies by widening spaces only, which Chinese
        # lines lack, so justified CJK text gets uneven gaps wherever a Latin word sits.
        body=ParagraphStyle("fd-body-text", parent=body, spaceAfter=size * 0.6),
        small=ParagraphStyle(
            "fd-small", parent=body, fontSize=size * 0.8, leading=size * 1.2,
            textColor=colors.HexColor("#555555"),
        ),
        cell=ParagraphStyle("fd-cell", parent=body, fontSize=size * 0.9, leading=size * 1.25),
        cell_header=ParagraphStyle(
            "fd-cell-header", parent=body, fontSize=size * 0.9, leading=size * 1.25,
            textColor=colors.HexColor("#1F2D3D"),
        ),
    )  # fmt: skip


def paragraph(text: str, style: ParagraphStyle) -> Paragraph:
    """A paragraph of plain (user-entered) text: markup characters escaped, newlines kept.

    Args:
        text: plain text; "<", ">" and "&" are shown as they are.
        style: the paragraph style.

    Returns:
        The paragraph flowable.
    """
    from xml.sax.saxutils import escape

    from reportlab.platypus import Paragraph

    return Paragraph(escape(text).replace("\n", "<br/>"), style)


def data_table(
    headers: Sequence[str],
    rows: Iterable[Sequence[object]],
    styles: Styles,
    *,
    width: float,
    col_widths: Sequence[float] | None = None,
    align: Sequence[Align] | None = None,
) -> Table:
    """A grid whose header row repeats on every page and whose cells wrap long text.

    Args:
        headers: column titles.
        rows: cell values; ``None`` is an empty cell, anything else is shown as ``str()``.
        styles: from ``make_styles``.
        width: total table width in points, e.g. ``PageSetup.content_width``.
        col_widths: relative column weights (default: equal).
        align: per-column alignment (default: left).

    Returns:
        The table flowable.
    """
    from reports._pages import make_table

    weights = list(col_widths or [1.0] * len(headers))
    aligns: list[Align] = list(align or ["left"] * len(headers))
    if not len(headers) == len(weights) == len(aligns):
        raise ValueError("headers, col_widths and align must have the same length")
    widths = [width * w / sum(weights) for w in weights]
    return make_table(headers, rows, styles, widths, aligns)


def build_pdf(
    stream: BinaryIO,
    story: Sequence[Flowable],
    setup: PageSetup,
    styles: Styles,
    *,
    progress: Progress | None = None,
    frames_per_page: int = 1,
) -> None:
    """Lay out ``story`` on pages with the running header and "page x / y" footer.

    Args:
        stream: a binary stream the PDF is written to.
        story: the flowables of the body.
        setup: paper, orientation, office name and title.
        styles: from ``make_styles``; its font is used for the header and footer.
        progress: told ``(done, total)`` as the story is laid out (a table counts by its rows).
        frames_per_page: stack this many equal parts on a page (two notices on an A4, cut apart);
            a ``FrameBreak`` in the story moves to the next part.
    """
    from reports._pages import build

    build(stream, story, setup, styles.font, progress=progress, frames_per_page=frames_per_page)


def document_bytes(build: Callable[[BytesIO], None]) -> bytes:
    """Run a document builder against an in-memory stream and return what it wrote.

    Args:
        build: writes one document (PDF or workbook) to the stream it is given.

    Returns:
        The document's bytes.
    """
    buffer = BytesIO()
    build(buffer)
    return buffer.getvalue()


def shorten(text: str, font: str, size: float, width: float) -> str:
    """``text``, cut with "…" so that it fits ``width`` points (empty if not even that fits)."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    if stringWidth(text, font, size) <= width:
        return text
    for end in range(len(text) - 1, -1, -1):
        if stringWidth(text[:end] + "…", font, size) <= width:
            return text[:end] + "…"
    return ""
