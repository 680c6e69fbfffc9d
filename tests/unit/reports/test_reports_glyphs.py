"""A character the embedded font cannot draw is printed as "□", never left out of the PDF."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from reportlab.pdfbase import pdfmetrics

from frontdesk.visitors.documents import mask_name
from reports._glyphs import REPLACEMENT
from reports.fonts import cjk_font_name
from reports.release_slip import render_release_slip
from reports.visitor_pass import visitor_pass_pdf
from tests.unit.reports.conftest import PdfReader
from tests.unit.reports.test_release_slip import DOC
from tests.unit.reports.test_visitor_documents import PASS


@pytest.fixture(autouse=True)
def _font(truetype_font: Path) -> None:
    """Every check here needs the embedded TrueType font (skips without one)."""


def _flat(text: str) -> str:
    return "".join(text.split())


def test_an_emoji_in_a_name_on_the_pass_is_printed_as_a_square(poppler_pages: PdfReader) -> None:
    document = replace(PASS, name_masked=mask_name("Tom😀"), host="3-1502 王😀秀英")
    text = _flat(poppler_pages(visitor_pass_pdf(document, size="A6"))[0])
    assert f"T**{REPLACEMENT}" in text
    assert f"3-1502王{REPLACEMENT}秀英" in text


def test_an_emoji_in_a_name_on_the_release_slip_is_printed_as_a_square(poppler_pages: PdfReader) -> None:
    document = replace(DOC, applicant_name="王😀伟", copies=("applicant",))
    text = _flat(poppler_pages(render_release_slip(document))[0])
    assert f"王{REPLACEMENT}伟" in text
    assert "冰箱" in text and "7KQ3-9XPD" in text  # the rest as before


def test_joiners_and_skin_tones_go_with_the_emoji_they_belong_to() -> None:
    font = pdfmetrics.getFont(cjk_font_name())
    assert font.printable("李👍🏻明❤️") == f"李{REPLACEMENT}明" + (
        "❤" if ord("❤") in font.face.charToGlyph else REPLACEMENT
    )
    assert font.printable("王秀英 A-1") == "王秀英 A-1"
    assert (
        font.stringWidth("王😀伟", 10)
        == font.stringWidth(f"王{REPLACEMENT}伟", 10)
        > font.stringWidth("王伟", 10)
    )
