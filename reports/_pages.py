"""reportlab internals behind ``reports.pdf``: page frames, running header and footer, tables.

Imports reportlab at the top, so it is itself imported only inside ``reports.pdf`` functions.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace
from datetime import datetime
from functools import partial
from typing import TYPE_CHECKING, Any, BinaryIO

from reportlab.lib import colors
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    PageTemplate,
    Paragraph,
    Table,
)
from reportlab.platypus.tables import TableStyle

from frontdesk.estate.progress import Progress
from frontdesk.i18n import _
from reports.pdf import (
    FOOTER_HEIGHT,
    HEADER_HEIGHT,
    Align,
    PageSetup,
    Styles,
    paragraph,
    shorten,
)

if TYPE_CHECKING:
    from reportlab.lib.styles import ParagraphStyle

RULE_COLOR = colors.HexColor("#8A94A0")
TEXT_GREY = colors.HexColor("#4A4F55")
GRID_COLOR = colors.HexColor("#B5BDC6")
HEADER_FILL = colors.HexColor("#E6EBF1")
ZEBRA_FILL = colors.HexColor("#F6F8FA")
CELL_PADDING = 3.0
_CUT_GAP = 14.0  # points between a frame's content and the cut line


# misc: without types-reportlab Canvas is Any (no subclassing Any); unused-ignore: with it.
class _NumberedCanvas(Canvas):  # type: ignore[misc, unused-ignore]
    """A canvas that holds pages back until the end, so each footer can say "x / y"."""

    def __init__(self, *args: Any, font: str, setup: PageSetup, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._fd_font = font
        self._fd_setup = setup
        self._fd_pages: list[dict[str, Any]] = []

    def showPage(self) -> None:
        self._fd_pages.append(dict(self.__dict__))
        # The well-known "page x of y" recipe: start a fresh page, emit this one in save().
        self._startPage()  # type: ignore[attr-defined, unused-ignore]  # private: not in the stubs

    def save(self) -> None:
        total = len(self._fd_pages)
        for number, state in enumerate(self._fd_pages, start=1):
            self.__dict__.update(state)
            if self._fd_setup.running_footer:
                _draw_page_number(self, self._fd_font, self._fd_setup, number, total)
            super().showPage()
        super().save()


def _draw_page_number(canvas: Canvas, font: str, setup: PageSetup, number: int, total: int) -> None:
    width = setup.pagesize[0]
    canvas.saveState()
    canvas.setFont(font, 8)
    canvas.setFillColor(TEXT_GREY)
    text = _("Page {page} / {total}").format(page=number, total=total)
    canvas.drawRightString(width - setup.margin, setup.margin, text)
    canvas.restoreState()


def _draw_bands(
    canvas: Canvas, doc: BaseDocTemplate, *, font: str, setup: PageSetup, cuts: Sequence[float] = ()
) -> None:
    """Everything of the header and footer that does not need the page count; dashed cut lines."""
    width, height = setup.pagesize
    left, right = setup.margin, width - setup.margin
    canvas.saveState()
    canvas.setStrokeColor(RULE_COLOR)
    canvas.setLineWidth(0.5)
    if setup.running_header:
        top = height - setup.margin
        canvas.setFont(font, 10)
        canvas.setFillColor(colors.black)
        canvas.drawString(left, top - 10, setup.office_name)
        room = right - left - canvas.stringWidth(setup.office_name, font, 10) - 12
        canvas.setFont(font, 9)
        canvas.setFillColor(TEXT_GREY)
        canvas.drawRightString(right, top - 10, shorten(setup.title, font, 9, room))
        canvas.line(left, top - HEADER_HEIGHT + 6, right, top - HEADER_HEIGHT + 6)
    if setup.running_footer:
        bottom = setup.margin
        canvas.line(left, bottom + FOOTER_HEIGHT - 6, right, bottom + FOOTER_HEIGHT - 6)
        canvas.setFont(font, 8)
        canvas.setFillColor(TEXT_GREY)
        stamp = (setup.printed_at or datetime.now()).strftime("%Y-%m-%d %H:%M")
        canvas.drawString(left, bottom, _("Printed {time}").format(time=stamp))
    if cuts:
        canvas.setDash(4, 3)
        for y in cuts:
            canvas.line(0, y, width, y)
    canvas.restoreState()


def build(
    stream: BinaryIO,
    story: Sequence[Flowable],
    setup: PageSetup,
    font: str,
    *,
    progress: Progress | None = None,
    frames_per_page: int = 1,
) -> None:
    """Lay out ``story`` on ``setup``'s pages and write the PDF to ``stream``.

    ``frames_per_page`` stacks that many equal frames on each page (a ``FrameBreak`` moves to the
    next), with a dashed cut line between them; ``progress`` is told ``(rows laid out, rows)``.
    """
    setup = replace(setup, printed_at=setup.printed_at or datetime.now())  # one time on all pages
    width, height = setup.pagesize
    doc = BaseDocTemplate(
        stream,
        pagesize=(width, height),
        leftMargin=setup.margin,
        rightMargin=setup.margin,
        topMargin=setup.margin,
        bottomMargin=setup.margin,
        title=setup.title,
        author=setup.office_name,
        creator="frontdesk",
        lang="zh-CN",
        initialFontName=font,  # else the canvas starts in Helvetica, listed as not embedded
    )
    bottom = setup.margin + FOOTER_HEIGHT * setup.running_footer
    step = setup.content_height / frames_per_page
    frames = [
        Frame(
            setup.margin,
            bottom + (frames_per_page - 1 - n) * step,
            setup.content_width,
            step,
            leftPadding=0,
            rightPadding=0,
            topPadding=_CUT_GAP if n else 0,
            bottomPadding=_CUT_GAP if n < frames_per_page - 1 else 0,
            id=f"body{n}",
        )
        for n in range(frames_per_page)
    ]
    bands = partial(
        _draw_bands, font=font, setup=setup, cuts=[bottom + n * step for n in range(1, frames_per_page)]
    )
    doc.addPageTemplates([PageTemplate(id="page", frames=frames, onPage=bands)])
    pending = list(story)
    if progress is not None:
        doc.setProgressCallBack(_RowsLaidOut(pending, progress))
    doc.build(pending, canvasmaker=partial(_NumberedCanvas, font=font, setup=setup))


def _weight(flowable: Flowable) -> int:
    """What laying out a flowable costs, roughly: a table's rows, 1 for anything else."""
    return len(getattr(flowable, "_cellvalues", ())) or 1


class _RowsLaidOut:
    """reportlab's progress events turned into ``(rows laid out, rows)``.

    reportlab works through the story list in place: the flowable in front may be the rest of a
    table split at a page end, everything behind it is the story's untouched tail. So what remains
    is the front's weight plus a precomputed suffix sum: constant work per event, even for a
    thousand-page table or thousands of notices.
    """

    def __init__(self, pending: list[Flowable], progress: Progress) -> None:
        self._pending, self._progress = pending, progress
        self._tail = [0]
        for flowable in reversed(pending):
            self._tail.append(self._tail[-1] + _weight(flowable))
        self.total = self._tail[-1]
        self._done = 0

    def __call__(self, kind: str, _value: int) -> None:
        if kind not in ("PROGRESS", "FINISHED"):
            return
        pending = self._pending
        if kind == "FINISHED" or not pending:
            done = self.total
        else:
            rest = min(len(pending) - 1, len(self._tail) - 1)
            done = self.total - _weight(pending[0]) - self._tail[rest]
        if done > self._done:
            self._done = done
            self._progress(done, self.total)


def make_table(
    headers: Sequence[str],
    rows: Iterable[Sequence[object]],
    styles: Styles,
    widths: Sequence[float],
    aligns: Sequence[Align],
) -> Table:
    """The table behind ``reports.pdf.data_table``; widths in points."""
    head = [paragraph(h, styles.aligned(styles.cell_header, a)) for h, a in zip(headers, aligns, strict=True)]
    cell_styles = [styles.aligned(styles.cell, a) for a in aligns]
    body = [_row(row, cell_styles) for row in rows]
    table = Table([head, *body], colWidths=list(widths), repeatRows=1, spaceBefore=4, spaceAfter=6)
    table.setStyle(_table_style(styles.font, styles.cell.fontSize))
    return table


def _row(values: Sequence[object], cell_styles: Sequence[ParagraphStyle]) -> list[Paragraph]:
    if len(values) != len(cell_styles):
        raise ValueError(f"row has {len(values)} cells, the table {len(cell_styles)} columns")
    return [paragraph("" if v is None else str(v), s) for v, s in zip(values, cell_styles, strict=True)]


def _table_style(font: str, size: float) -> TableStyle:
    commands: list[tuple[Any, ...]] = [
        # Table sets this font even around Paragraph cells: without it, Helvetica
        # lands in the PDF as a non-embedded font.
        ("FONT", (0, 0), (-1, -1), font, size),
        ("BACKGROUND", (0, 0), (-1, 0), HEADER_FILL),
        ("LINEBELOW", (0, 0), (-1, 0), 0.8, RULE_COLOR),
        ("INNERGRID", (0, 0), (-1, -1), 0.25, GRID_COLOR),
        ("BOX", (0, 0), (-1, -1), 0.5, RULE_COLOR),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, -1), CELL_PADDING),
        ("BOTTOMPADDING", (0, 0), (-1, -1), CELL_PADDING),
        ("LEFTPADDING", (0, 0), (-1, -1), CELL_PADDING + 1),
        ("RIGHTPADDING", (0, 0), (-1, -1), CELL_PADDING + 1),
        ("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, ZEBRA_FILL]),
    ]
    return TableStyle(commands)
