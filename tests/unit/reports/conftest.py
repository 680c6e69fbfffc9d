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
def truetype_font() -> Path:
    """The Chinese TrueType font this machine offers (skips when there is none)."""
    path = find_cjk_font_file()
    if path is None:
        pytest.skip("no Chinese TrueType font installed (e.g. Debian fonts-wqy-microhei)")
    return path
