"""The page machinery of the release slip: a labelled template per copy, marks, "page x / y" per copy.

reportlab is imported inside the functions, like everywhere in ``reports``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any, BinaryIO

from frontdesk.i18n import _
from reports.pdf import MM, PageSetup

if TYPE_CHECKING:
    from reportlab.pdfgen.canvas import Canvas
    from reportlab.platypus import BaseDocTemplate, Flowable


@dataclass(frozen=True)
class Band:
    """What the band of every page shows besides the copy's name."""

    font: str
    office: str
    title: str
    number: str
    reprint: str  # "" for an original
    watermark: str  # "" for a valid slip


def build_copies(stream: BinaryIO, stories: Sequence[Sequence[Flowable]], labels: Sequence[str],
                 band: Band, setup: PageSetup) -> None:  # fmt: skip
    """Lay out one story per copy, each starting on a new page with its own labelled template.

    Args:
        stream: where the PDF is written.
        stories: the flowables of each copy.
        labels: the copy names printed in the band, one per story.
        band: the rest of the band.
        setup: the paper (its margins and content size).
    """
    from functools import partial

    from reportlab.platypus import BaseDocTemplate, Frame, NextPageTemplate, PageBreak, PageTemplate

    width, height = setup.pagesize
    top_band, bottom_band = 15 * MM, 7 * MM
    doc = BaseDocTemplate(
        stream, pagesize=(width, height), leftMargin=setup.margin, rightMargin=setup.margin,
        topMargin=setup.margin, bottomMargin=setup.margin, title=band.title, author=band.office,
        creator="frontdesk", lang="zh-CN", initialFontName=band.font,
    )  # fmt: skip
    frame_height = height - 2 * setup.margin - top_band - bottom_band
    templates = [
        PageTemplate(
            id=f"copy{n}",
            frames=[Frame(setup.margin, setup.margin + bottom_band, setup.content_width, frame_height,
                          leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)],
            onPage=partial(_draw_band, band=band, label=label, setup=setup),
            onPageEnd=partial(_draw_watermark, band=band, setup=setup),
        )
        for n, label in enumerate(labels)
    ]  # fmt: skip
    doc.addPageTemplates(templates)
    flow: list[Flowable] = []
    for n, story in enumerate(stories):
        if n:
            flow += [NextPageTemplate(f"copy{n}"), PageBreak()]
        flow += story
    maker: Callable[..., Canvas] = _canvas_class()
    doc.build(flow, canvasmaker=partial(maker, font=band.font, setup=setup, copies=len(stories)))


def _draw_band(canvas: Canvas, doc: BaseDocTemplate, *, band: Band, label: str, setup: PageSetup) -> None:
    """Office and number on the left, the copy's name boxed on the right, marks across the page."""
    from reportlab.lib import colors

    width, height = setup.pagesize
    left, right, top = setup.margin, width - setup.margin, height - setup.margin
    canvas.saveState()
    canvas.setFont(band.font, 10)
    canvas.drawString(left, top - 10, band.office)
    canvas.setFont(band.font, 8)
    canvas.setFillColor(colors.HexColor("#4A4F55"))
    canvas.drawString(left, top - 22, f"{band.title}  {band.number}")
    box_w = canvas.stringWidth(label, band.font, 11) + 12
    canvas.setLineWidth(1)
    canvas.rect(right - box_w, top - 16, box_w, 16)
    canvas.setFillColor(colors.black)
    canvas.setFont(band.font, 11)
    canvas.drawRightString(right - 6, top - 12, label)
    if band.reprint:
        canvas.setFillColor(colors.HexColor("#B00020"))
        canvas.setStrokeColor(colors.HexColor("#B00020"))
        mark_w = canvas.stringWidth(band.reprint, band.font, 11) + 12
        canvas.rect(right - box_w - mark_w - 4, top - 16, mark_w, 16)
        canvas.drawRightString(right - box_w - 10, top - 12, band.reprint)
    canvas.setStrokeColor(colors.HexColor("#8A94A0"))
    canvas.setLineWidth(0.5)
    canvas.line(left, top - 28, right, top - 28)
    canvas.restoreState()


def _draw_watermark(canvas: Canvas, doc: BaseDocTemplate, *, band: Band, setup: PageSetup) -> None:
    """Big, light and diagonal, drawn over the content so table fills cannot hide it."""
    from reportlab.lib import colors

    text = band.watermark or band.reprint
    if not text:
        return
    width, height = setup.pagesize
    canvas.saveState()
    canvas.setFillColor(colors.Color(0.75, 0, 0.1, alpha=0.16))
    canvas.setFont(band.font, 34)
    canvas.translate(width / 2, height / 2)
    canvas.rotate(35)
    canvas.drawCentredString(0, 0, text)
    canvas.restoreState()


@lru_cache(maxsize=1)
def _canvas_class() -> Callable[..., Canvas]:
    """A canvas that holds pages back so each footer can say "page x / y" within its copy."""
    from reportlab.pdfgen.canvas import Canvas

    class CopyCanvas(Canvas):  # type: ignore[misc, unused-ignore]
        def __init__(self, *args: Any, font: str, setup: PageSetup, copies: int, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._fd = (font, setup, copies)
            self._fd_pages: list[dict[str, Any]] = []

        def showPage(self) -> None:
            self._fd_pages.append(dict(self.__dict__))
            self._startPage()  # type: ignore[attr-defined, unused-ignore]  # private: not in stubs

        def save(self) -> None:
            font, setup, copies = self._fd
            per_copy = max(1, len(self._fd_pages) // copies)  # every copy has the same content
            for index, state in enumerate(self._fd_pages):
                self.__dict__.update(state)
                self.setFont(font, 8)
                self.setFillGray(0.3)
                text = _("Page {page} / {total}").format(page=index % per_copy + 1, total=per_copy)
                self.drawRightString(setup.pagesize[0] - setup.margin, setup.margin, text)
                super().showPage()
            super().save()

    return CopyCanvas
