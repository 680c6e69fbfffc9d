"""The look: a CJK-capable default font at a legible size, the style sheet and the icons."""

from __future__ import annotations

import sys
from functools import cache

from PySide6.QtCore import QBuffer, QByteArray, QRect, QSize
from PySide6.QtGui import QFont, QFontDatabase, QIcon, QIconEngine, QImageReader, QPainter, QPixmap
from PySide6.QtWidgets import QApplication

from frontdesk.paths import resources_dir

BASE_POINT_SIZE = 11
INK = "#24415f"  # the stroke colour of the icons in resources/icons
#: preferred families per platform, best first; the first installed one wins
FONT_FAMILIES = {
    "win32": ("Microsoft YaHei UI", "Microsoft YaHei", "SimSun"),
    "darwin": ("PingFang SC", "Heiti SC"),
    "linux": ("WenQuanYi Micro Hei", "Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Zen Hei"),
}


def preferred_family() -> str | None:
    """The first installed CJK-capable family for this platform, or None."""
    installed = set(QFontDatabase.families())
    key = "linux" if sys.platform.startswith("linux") else sys.platform
    return next((f for f in FONT_FAMILIES.get(key, ()) if f in installed), None)


def apply_style(app: QApplication) -> None:
    """Set the default font and the application style sheet."""
    font = QFont(app.font())
    family = preferred_family()
    if family:
        font.setFamilies([family])
    font.setPointSize(BASE_POINT_SIZE)
    app.setFont(font)
    sheet = resources_dir() / "styles" / "app.qss"
    if sheet.exists():  # url(@icons/x.svg) in the sheet: the icons folder wherever we are installed
        icons = (resources_dir() / "icons").as_posix()
        app.setStyleSheet(sheet.read_text(encoding="utf-8").replace("@icons/", icons + "/"))


class _SvgIconEngine(QIconEngine):
    """Draws an SVG icon at exactly the size asked for, when first asked (so nothing is scaled up and
    start-up renders only the sizes shown), white when the entry is selected."""

    def __init__(self, ink: bytes) -> None:
        super().__init__()
        self._ink = ink
        self._rendered: dict[tuple[int, bool], QPixmap] = {}  # filled ahead by :func:`warm_icons`

    def scaledPixmap(self, size: QSize, mode: QIcon.Mode, state: QIcon.State, scale: float) -> QPixmap:
        """The icon for ``size`` device-independent pixels at ``scale`` device pixels per pixel."""
        side = max(1, round(min(size.width(), size.height()) * scale))
        selected = mode == QIcon.Mode.Selected
        key = (side, selected)
        pixmap = self._rendered.get(key)
        if pixmap is None:
            svg = self._ink.replace(INK.encode(), b"#ffffff") if selected else self._ink
            buffer = QBuffer()
            buffer.setData(QByteArray(svg))
            reader = QImageReader(buffer, QByteArray(b"svg"))
            reader.setScaledSize(QSize(side, side))
            pixmap = self._rendered[key] = QPixmap.fromImage(reader.read())
        result = QPixmap(pixmap)
        result.setDevicePixelRatio(scale)
        return result

    def pixmap(self, size: QSize, mode: QIcon.Mode, state: QIcon.State) -> QPixmap:
        """The icon at ``size`` device pixels."""
        return self.scaledPixmap(size, mode, state, 1.0)

    def paint(self, painter: QPainter, rect: QRect, mode: QIcon.Mode, state: QIcon.State) -> None:
        """Draw into ``rect`` at the painter's pixel density."""
        scale = painter.device().devicePixelRatioF() if painter.device() is not None else 1.0
        painter.drawPixmap(rect, self.scaledPixmap(rect.size(), mode, state, scale))

    def clone(self) -> QIconEngine:
        """A copy (Qt detaches icons before changing them)."""
        return _SvgIconEngine(self._ink)


def warm_icons(names: list[str], side: int, scale: float) -> None:
    """Draw these icons at ``side`` pixels ahead of their first paint (while the clerk types)."""
    for name in names:
        engine_icon = icon(name)
        for mode in (QIcon.Mode.Normal, QIcon.Mode.Selected):
            engine_icon.pixmap(QSize(side, side), scale, mode)


@cache
def icon(name: str) -> QIcon:
    """An icon from ``resources/icons/<name>.svg``, drawn white when selected (empty if missing)."""
    path = resources_dir() / "icons" / f"{name}.svg"
    if not path.exists():
        return QIcon()
    return QIcon(_SvgIconEngine(path.read_bytes()))
