"""The look: a CJK-capable default font at a legible size, the style sheet and the icons."""

from __future__ import annotations

import sys
from functools import cache

from PySide6.QtCore import QBuffer, QByteArray, QSize
from PySide6.QtGui import QFont, QFontDatabase, QIcon, QImageReader, QPixmap
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


ICON_SIZES = (16, 20, 22, 24, 32, 44, 48, 64)  # rendered ahead, so that no size is scaled up


def _render(svg: bytes, size: int) -> QPixmap:
    buffer = QBuffer()
    buffer.setData(QByteArray(svg))
    reader = QImageReader(buffer, QByteArray(b"svg"))
    reader.setScaledSize(QSize(size, size))
    return QPixmap.fromImage(reader.read())


@cache
def icon(name: str) -> QIcon:
    """An icon from ``resources/icons/<name>.svg``, drawn white when selected (empty if missing)."""
    path = resources_dir() / "icons" / f"{name}.svg"
    if not path.exists():
        return QIcon()
    ink = path.read_bytes()
    white = ink.replace(INK.encode(), b"#ffffff")
    result = QIcon()
    for size in ICON_SIZES:
        result.addPixmap(_render(ink, size), QIcon.Mode.Normal)
        result.addPixmap(_render(white, size), QIcon.Mode.Selected)
    return result
