"""The self-test documents, and the promise that importing ``reports`` stays cheap."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from io import BytesIO
from pathlib import Path

from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from reports.samples import (
    SAMPLE_HEADERS,
    SAMPLE_OFFICE,
    SAMPLE_ROWS,
    SAMPLE_TITLE,
    format_fen,
    sample_pdf,
    sample_xlsx,
)
from reports.xlsx import FIRST_DATA_ROW, HEADER_ROW

PageTexts = Callable[[bytes], list[str]]
ROOT = Path(__file__).resolve().parents[3]


def test_format_fen() -> None:
    assert [format_fen(f) for f in (123456, 5, -250, 0)] == ["1,234.56", "0.05", "-2.50", "0.00"]


def test_sample_pdf_shows_the_chinese_text(pypdf_pages: PageTexts, poppler_pages: PageTexts) -> None:
    pdf = sample_pdf()
    assert pdf.startswith(b"%PDF-")
    for pages in (pypdf_pages(pdf), poppler_pages(pdf)):
        assert len(pages) == 1
        text = pages[0]
        for expected in (
            SAMPLE_TITLE,
            SAMPLE_OFFICE,
            "张秀英",
            "王伟",
            "1,234.56",
            "合计：3,353.56 元",
        ):
            assert expected in text
        assert all(header in text for header in SAMPLE_HEADERS)


def test_sample_xlsx_reads_back() -> None:
    sheet = load_workbook(BytesIO(sample_xlsx())).active
    assert isinstance(sheet, Worksheet)
    assert sheet.title == "自检"
    assert sheet.cell(1, 1).value == SAMPLE_TITLE
    assert [c.value for c in sheet[HEADER_ROW]] == [*SAMPLE_HEADERS, "备注"]
    first = [c.value for c in sheet[FIRST_DATA_ROW]]
    assert first[:5] == ["1-2-301", "张秀英", SAMPLE_ROWS[0][2], 1, 1234.56]
    assert (first[7], sheet.cell(FIRST_DATA_ROW, 8).data_type) == ("=1+1", "s")
    assert sheet.max_row == FIRST_DATA_ROW + len(SAMPLE_ROWS) - 1


def test_importing_reports_loads_neither_reportlab_openpyxl_nor_qt() -> None:
    code = (
        "import sys, reports, reports.fonts, reports.pdf, reports.xlsx, reports.samples\n"
        "heavy = ('reportlab', 'openpyxl', 'PySide6')\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in heavy))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"
