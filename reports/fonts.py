"""Find a Chinese TrueType font and register it with reportlab, once per process."""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
import threading
from collections.abc import Iterator
from pathlib import Path

log = logging.getLogger(__name__)

#: reportlab name of the first Chinese TrueType font registered in this process
FONT_NAME = "FrontdeskCJK"
#: built-in CID font used only when no TrueType font exists: not embedded, poor Latin spacing
CID_FALLBACK = "STSong-Light"
#: characters a font must have to count as a Chinese font
_PROBE = "中文前台"

_TRUETYPE_TAGS = (b"\x00\x01\x00\x00", b"true")
_COLLECTION_TAG = b"ttcf"

_LINUX_FONTS = (
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/truetype/arphic/uming.ttc",
)
_WINDOWS_FONTS = ("msyh.ttc", "msyh.ttf", "simsun.ttc", "simhei.ttf")

_lock = threading.Lock()
_name_by_request: dict[str | None, str] = {}
_name_by_path: dict[Path, str] = {}


def _windows_fonts() -> list[Path]:
    folder = Path(os.environ.get("WINDIR", r"C:\Windows")) / "Fonts"
    return [folder / name for name in _WINDOWS_FONTS]


def _fontconfig_fonts() -> list[Path]:
    """Chinese fonts fontconfig knows about, TrueType file names only, in a stable order."""
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return []
    try:
        done = subprocess.run(
            [fc_list, ":lang=zh", "file"], capture_output=True, text=True, timeout=10, check=False
        )
    except (OSError, subprocess.SubprocessError):
        return []
    files = {line.strip().rstrip(":").strip() for line in done.stdout.splitlines()}
    return sorted(Path(f) for f in files if f.lower().endswith((".ttf", ".ttc")))


def _macos_fonts() -> list[Path]:
    # PingFang is OpenType/CFF, which reportlab cannot embed: STHeiti is TrueType.
    return sorted(Path("/System/Library/Fonts").glob("STHeiti*.ttc"))


def _platform_fonts() -> Iterator[Path]:
    yield from _windows_fonts()
    yield from (Path(p) for p in _LINUX_FONTS)
    yield from _fontconfig_fonts()
    yield from _macos_fonts()


def _candidates(extra: str | None) -> Iterator[Path]:
    seen: set[Path] = set()
    if extra:
        seen.add(Path(extra))
        yield Path(extra)
    for path in _platform_fonts():
        if path not in seen:
            seen.add(path)
            yield path


def is_truetype_file(path: Path) -> bool:
    """Whether ``path`` is a TrueType font or collection (not OpenType/CFF), judged by its header.

    Args:
        path: the font file.

    Returns:
        True for ``.ttf`` outlines and collections whose first font has them.
    """
    try:
        with path.open("rb") as fh:
            tag = fh.read(4)
            if tag == _COLLECTION_TAG:
                fh.seek(12)  # offset of the first font in the collection
                fh.seek(int.from_bytes(fh.read(4), "big"))
                tag = fh.read(4)
    except OSError:
        return False
    return tag in _TRUETYPE_TAGS


def find_cjk_font_file(extra: str | None = None) -> Path | None:
    """The first TrueType font file among the places Chinese fonts are looked for.

    The file is judged by its header only (cheap); ``cjk_font_name`` loads it and moves on
    to the next one if it turns out unreadable or without Chinese glyphs.

    Args:
        extra: a font file chosen in the settings, tried before the well-known places.

    Returns:
        The font file, or None when only the non-embedded CID font is left.
    """
    return next((p for p in _candidates(extra) if is_truetype_file(p)), None)


def cjk_font_name(font_file: str | None = None) -> str:
    """Register a Chinese font with reportlab (once per process) and return its name.

    Args:
        font_file: a font file chosen in the settings, preferred when it is usable.

    Returns:
        The reportlab font name to use in styles, ``FONT_NAME`` normally, or
        ``CID_FALLBACK`` (logged as a warning) when no TrueType font can be loaded.
    """
    with _lock:
        name = _name_by_request.get(font_file)
        if name is None:
            name = _register_first_usable(font_file)
            _name_by_request[font_file] = name
        return name


def _register_first_usable(extra: str | None) -> str:
    for path in _candidates(extra):
        if is_truetype_file(path):
            name = _register_truetype(path)
            if name is not None:
                return name
        elif extra and path == Path(extra):
            log.warning("Font %s is missing or not TrueType; looking elsewhere", path)
    return _register_cid_fallback()


def _register_truetype(path: Path) -> str | None:
    if path in _name_by_path:
        return _name_by_path[path]
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFError

    from reports._glyphs import CoveredTTFont

    name = FONT_NAME if not _name_by_path else f"{FONT_NAME}{len(_name_by_path) + 1}"
    try:
        font = CoveredTTFont(name, str(path), subfontIndex=0)
    except (TTFError, OSError) as exc:
        log.warning("Cannot load font %s: %s", path, exc)
        return None
    if any(ord(ch) not in font.face.charToGlyph for ch in _PROBE):
        log.warning("Font %s has no Chinese glyphs; skipped", path)
        return None
    pdfmetrics.registerFont(font)
    _register_family(name)
    _name_by_path[path] = name
    log.info("PDF font: %s from %s", name, path)
    return name


def _register_cid_fallback() -> str:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont

    log.warning(
        "No Chinese TrueType font found; PDFs use the non-embedded font %s, which some "
        "viewers cannot show. Install one (e.g. fonts-wqy-microhei) or choose one in the settings.",
        CID_FALLBACK,
    )
    pdfmetrics.registerFont(UnicodeCIDFont(CID_FALLBACK))
    _register_family(CID_FALLBACK)
    return CID_FALLBACK


def _register_family(name: str) -> None:
    from reportlab.pdfbase import pdfmetrics

    # One face for every weight: Chinese fonts rarely ship a bold, and <b> must not fail.
    pdfmetrics.registerFontFamily(name, normal=name, bold=name, italic=name, boldItalic=name)
