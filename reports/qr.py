"""QR codes a desk's scanner reads back (the release slip's, the visitor pass's number).

Encoded once and drawn as one filled path: a reportlab Drawing of some 160 shapes was the costliest
part of the slip, drawn on every copy. A scanner types exactly what is encoded, then Enter.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import lru_cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from reportlab.pdfgen.canvas import Canvas
    from reportlab.platypus import Flowable

Module = tuple[float, float, float, float]


def qr_widget(payload: str, size: float) -> Any:
    """The QR code widget of ``payload``, ``size`` points square (``.value`` is what it encodes).

    Args:
        payload: the text the scanner will type.
        size: the side of the square, quiet zone included, in points.

    Returns:
        A reportlab ``QrCodeWidget``.
    """
    from reportlab.graphics.barcode.qr import QrCodeWidget

    return QrCodeWidget(payload, barLevel="M", barBorder=2, barWidth=size, barHeight=size)


def qr_modules(payload: str, size: float) -> list[Module]:
    """The dark modules of ``payload``'s QR code as rectangles (x, y, width, height) in ``size``.

    Args:
        payload: the text the scanner will type.
        size: the side of the square, quiet zone included, in points.

    Returns:
        The rectangles the widget draws, each row's runs already merged by reportlab.
    """
    from reportlab.graphics.shapes import Rect

    group = qr_widget(payload, size).draw()
    return [(r.x, r.y, r.width, r.height) for r in group.getContents() if isinstance(r, Rect) and r.fillColor]


def draw_qr(canvas: Canvas, modules: Sequence[Module], x: float, y: float) -> None:
    """Fill ``modules`` (from :func:`qr_modules`) in black as one path, the square's corner at (x, y)."""
    path = canvas.beginPath()
    for left, bottom, width, height in modules:
        path.rect(x + left, y + bottom, width, height)
    canvas.saveState()
    canvas.setFillGray(0)
    canvas.drawPath(path, stroke=0, fill=1)
    canvas.restoreState()


def qr_drawing(payload: str, size: float) -> Flowable:
    """A QR code of ``payload`` as a flowable ``size`` points square, encoded once.

    Args:
        payload: the text the scanner will type.
        size: the side of the square, quiet zone included, in points.

    Returns:
        The flowable; the same object serves every copy of a document.
    """
    flowable: Flowable = _qr_class()(qr_modules(payload, size), size)
    return flowable


@lru_cache(maxsize=1)
def _qr_class() -> Callable[..., Flowable]:
    from reportlab.platypus import Flowable as Base

    class QrFlowable(Base):  # type: ignore[misc, unused-ignore]
        def __init__(self, modules: list[Module], size: float) -> None:
            super().__init__()
            self.modules = modules
            self.width = self.height = size

        def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
            return self.width, self.height

        def draw(self) -> None:
            draw_qr(self.canv, self.modules, 0, 0)

    return QrFlowable
