"""Helpers to read rendered documents back: PDF text through pypdf and through poppler."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable
from io import BytesIO
from pathlib import Path

import pytest

from reports.fonts import find_cjk_font_file

PdfReader = Callable[[bytes], list[str]]


def _pypdf_pages(data: bytes) -> list[str]:
    from pypdf import PdfReader as Reader

    return [page.extract_text() for page in Reader(BytesIO(data)).pages]


@pytest.fixture
def pypdf_pages() -> PdfReader:
    """Text of each page, extracted by pypdf."""
    return _pypdf_pages


@pytest.fixture
def poppler_pages(tmp_path: Path) -> PdfReader:
    """Text of each page, extracted by poppler's pdftotext (skips when it is not installed)."""
    binary = shutil.which("pdftotext")
    if binary is None:
        pytest.skip("pdftotext (Debian package poppler-utils) is not installed")

    def read(data: bytes) -> list[str]:
        path = tmp_path / "doc.pdf"
        path.write_bytes(data)
        done = subprocess.run([binary, "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True)
        return done.stdout.decode("utf-8").split("\f")[:-1]  # a form feed ends each page

    return read


@pytest.fixture
def qr_codes(tmp_path: Path) -> PdfReader:
    """What a scanner reads on each page: the page drawn at 200 dpi by pdftoppm, its codes decoded
    by zbarimg (skips when either is not installed)."""
    zbarimg, pdftoppm = shutil.which("zbarimg"), shutil.which("pdftoppm")
    if zbarimg is None or pdftoppm is None:
        pytest.skip("zbarimg (zbar-tools) and pdftoppm (poppler-utils) are needed to decode a QR code")

    def read(data: bytes) -> list[str]:
        path = tmp_path / "scanned.pdf"
        path.write_bytes(data)
        subprocess.run([pdftoppm, "-png", "-r", "200", str(path), str(tmp_path / "scanned")], check=True)
        images = sorted(tmp_path.glob("scanned*.png"))
        done = [
            subprocess.run([zbarimg, "--raw", "-q", str(i)], capture_output=True, text=True) for i in images
        ]
        return [d.stdout.strip() for d in done]

    return read


@pytest.fixture
def truetype_font() -> Path:
    """The Chinese TrueType font this machine offers (skips when there is none)."""
    path = find_cjk_font_file()
    if path is None:
        pytest.skip("no Chinese TrueType font installed (e.g. Debian fonts-wqy-microhei)")
    return path
