"""The bare-reportlab side of the slip benchmarks: what a careful hand writes for any A5 slip in copies.

A canvas numbering "page x of y" per copy, the band with the office, the slip's name and the
copy's label, a plain grid, a page break that moves on to the next copy's label, the A5
document; and the alternating timer both slip benchmarks use.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable, Sequence
from io import BytesIO
from typing import Any, TypeVar

from reportlab.lib import colors
from reportlab.lib.pagesizes import A5
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, PageBreak, SimpleDocTemplate, Table, TableStyle

T = TypeVar("T")


class BareSlip:
    """One slip's copies drawn with plain platypus in ``font``."""

    def __init__(self, font: str, office: str, heading: str, labels: Sequence[str]) -> None:
        self.font, self.office, self.heading, self.labels = font, office, heading, tuple(labels)
        self.copy = 0

    def grid(self, rows: list[list[Any]], widths: list[float], header: bool = False) -> Table:
        """A grid table in the slip's font (its header row repeated on a new page when ``header``)."""
        table = Table(rows, colWidths=widths, repeatRows=1 if header else 0)
        table.setStyle(
            TableStyle(
                [("FONT", (0, 0), (-1, -1), self.font, 8), ("GRID", (0, 0), (-1, -1), 0.25, colors.grey)]
            )
        )
        return table

    def next_copy(self) -> list[Flowable]:
        """The page break before the next copy, whose band then shows that copy's label.

        A page break itself is never drawn, so a zero-size mark drawn at the end of the copy moves
        the label on (the next page's band is drawn after it).
        """
        slip = self

        class Mark(Flowable):  # type: ignore[misc]
            def wrap(self, *_args: float) -> tuple[float, float]:
                return 0, 0

            def draw(self) -> None:
                slip.copy += 1

        return [Mark(), PageBreak()]

    def _band(self, canvas: Canvas, _doc: Any) -> None:
        top = A5[1] - 12 * mm
        canvas.setFont(self.font, 10)
        canvas.drawString(12 * mm, top - 10, self.office)
        canvas.setFont(self.font, 8)
        canvas.drawString(12 * mm, top - 22, self.heading)
        canvas.setFont(self.font, 11)
        canvas.rect(A5[0] - 12 * mm - 90, top - 16, 90, 16)
        canvas.drawRightString(A5[0] - 12 * mm - 6, top - 12, self.labels[self.copy])

    def build(self, story: list[Any]) -> bytes:
        """The PDF of ``story`` on A5 with the band and the per-copy page numbers."""
        font, copies = self.font, len(self.labels)

        class Numbered(Canvas):  # type: ignore[misc]
            """The textbook "page x of y" canvas, per copy."""

            def __init__(self, *args: Any, **kwargs: Any) -> None:
                super().__init__(*args, **kwargs)
                self._pages: list[dict[str, Any]] = []

            def showPage(self) -> None:
                self._pages.append(dict(self.__dict__))
                self._startPage()

            def save(self) -> None:
                per_copy = max(1, len(self._pages) // copies)
                for index, state in enumerate(self._pages):
                    self.__dict__.update(state)
                    self.setFont(font, 8)
                    self.drawRightString(
                        A5[0] - 12 * mm, 12 * mm, f"第 {index % per_copy + 1} 页，共 {per_copy} 页"
                    )
                    super().showPage()
                super().save()

        self.copy = 0
        stream = BytesIO()
        pdf = SimpleDocTemplate(
            stream,
            pagesize=A5,
            leftMargin=12 * mm,
            rightMargin=12 * mm,
            topMargin=27 * mm,
            bottomMargin=19 * mm,
        )
        pdf.build(story, onFirstPage=self._band, onLaterPages=self._band, canvasmaker=Numbered)
        return stream.getvalue()


def alternate(
    ours: Callable[[T], bytes], bare: Callable[[T], bytes], doc: T, runs: int
) -> tuple[float, float]:
    """Median seconds of ``ours(doc)`` and ``bare(doc)``, warmed up, then timed in turn ``runs`` times."""
    for _ in range(3):  # warm: imports, font metrics, style caches
        ours(doc)
        bare(doc)
    times: tuple[list[float], list[float]] = ([], [])
    for _ in range(runs):
        for side, make in zip(times, (ours, bare), strict=True):
            start = time.perf_counter()
            make(doc)
            side.append(time.perf_counter() - start)
    return statistics.median(times[0]), statistics.median(times[1])
