"""Finding and registering the Chinese PDF font."""

from __future__ import annotations

import logging
import subprocess
from pathlib import Path

import pytest
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from reports import fonts

TTF_HEADER = b"\x00\x01\x00\x00" + bytes(12)
CFF_HEADER = b"OTTO" + bytes(12)


def _collection(first_font_tag: bytes) -> bytes:
    # "ttcf", version, font count 1, offset of font 0 = 16, then that font's header
    return (
        b"ttcf"
        + b"\x00\x01\x00\x00"
        + (1).to_bytes(4, "big")
        + (16).to_bytes(4, "big")
        + (first_font_tag + bytes(12))
    )


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (TTF_HEADER, True),
        (b"true" + bytes(12), True),
        (CFF_HEADER, False),
        (_collection(b"\x00\x01\x00\x00"), True),
        (_collection(b"OTTO"), False),
        (b"not a font at all", False),
        (b"", False),
    ],
)
def test_is_truetype_file_reads_the_header(tmp_path: Path, content: bytes, expected: bool) -> None:
    path = tmp_path / "font.ttc"
    path.write_bytes(content)
    assert fonts.is_truetype_file(path) is expected


def test_is_truetype_file_is_false_for_a_missing_file(tmp_path: Path) -> None:
    assert fonts.is_truetype_file(tmp_path / "missing.ttf") is False


def test_find_prefers_the_font_from_the_settings(truetype_font: Path, tmp_path: Path) -> None:
    chosen = tmp_path / "chosen.ttf"
    chosen.write_bytes(truetype_font.read_bytes())
    assert fonts.find_cjk_font_file(str(chosen)) == chosen


def test_find_skips_an_opentype_cff_font_from_the_settings(truetype_font: Path, tmp_path: Path) -> None:
    cff = tmp_path / "NotoSansCJK.otf"
    cff.write_bytes(CFF_HEADER)
    assert fonts.find_cjk_font_file(str(cff)) == truetype_font


def test_fontconfig_list_keeps_truetype_files_only(monkeypatch: pytest.MonkeyPatch) -> None:
    listing = (
        "/f/b/wqy-zenhei.ttc: \n/f/a/NotoSansCJK-Regular.otf: \n/f/a/uming.TTC:\n"
        "/f/a/Droid.ttf: \n/f/a/Droid.ttf: \n"
    )
    monkeypatch.setattr("reports.fonts.shutil.which", lambda name: "/usr/bin/fc-list")
    monkeypatch.setattr(
        "reports.fonts.subprocess.run",
        lambda *a, **k: subprocess.CompletedProcess(a, 0, stdout=listing, stderr=""),
    )
    assert fonts._fontconfig_fonts() == [
        Path("/f/a/Droid.ttf"),
        Path("/f/a/uming.TTC"),
        Path("/f/b/wqy-zenhei.ttc"),
    ]


def test_fontconfig_absent_gives_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("reports.fonts.shutil.which", lambda name: None)
    assert fonts._fontconfig_fonts() == []


def test_cjk_font_name_registers_an_embeddable_truetype_font(truetype_font: Path) -> None:
    name = fonts.cjk_font_name()
    font = pdfmetrics.getFont(name)
    assert isinstance(font, TTFont)
    assert ord("张") in font.face.charToGlyph
    assert fonts.cjk_font_name() == name  # cached
    assert fonts.cjk_font_name(str(truetype_font)) == name  # same file, same registration


def test_a_font_without_chinese_glyphs_is_skipped(
    truetype_font: Path, caplog: pytest.LogCaptureFixture
) -> None:
    latin = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
    if not latin.exists():
        pytest.skip("DejaVuSans.ttf (Debian fonts-dejavu-core) is not installed")
    with caplog.at_level(logging.WARNING, logger="reports.fonts"):
        name = fonts.cjk_font_name(str(latin))
    assert name == fonts.cjk_font_name()
    assert "no Chinese glyphs" in caplog.text


def test_without_any_truetype_font_the_cid_font_is_used_with_a_warning(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setattr(fonts, "_platform_fonts", lambda: iter(()))
    missing = str(tmp_path / "gone.ttf")  # a fresh request: not in the cache yet
    with caplog.at_level(logging.WARNING, logger="reports.fonts"):
        name = fonts.cjk_font_name(missing)
    assert name == fonts.CID_FALLBACK == "STSong-Light"
    assert pdfmetrics.getFont(name).fontName == "STSong-Light"
    assert "No Chinese TrueType font found" in caplog.text
    assert "gone.ttf is missing or not TrueType" in caplog.text
