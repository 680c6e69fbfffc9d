"""The A5 release slip, read back with poppler: Chinese text, embedded font, copies, pages, QR."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import date, datetime
from io import BytesIO
from pathlib import Path

import pytest
from pypdf import PdfReader

from frontdesk.i18n import current_language, set_language
from frontdesk.slips.document import SlipDocument, SlipItemLine
from frontdesk.slips.labels import copy_label
from reports.qr import qr_drawing, qr_modules, qr_widget
from reports.release_slip import QR_SIZE, render_release_slip

PageTexts = Callable[[bytes], list[str]]
LONG = "实木双人床一张（含床垫、两个床头柜，已拆装打包，床头板单独包装）"
DOC = SlipDocument(
    office_name="示例物业服务中心",
    estate_name="翠苑小区",
    number="FX-20261123-0007",
    status="issued",
    issued_at=datetime(2026, 11, 23, 9, 15),
    valid_until=date(2026, 11, 23),
    unit_code="3-1502",
    applicant_name="王伟",
    applicant_kind="代理人（搬家、装修）",
    applicant_id_masked="110101********1234",
    applicant_phone_masked="138****5678",
    reason="搬出",
    items=(
        SlipItemLine("冰箱", "1", "台", "双开门"),
        SlipItemLine(LONG, "1", "套"),
        SlipItemLine("纸箱", "12", "箱"),
    ),
    arrears_note="欠费 1,234.56 元；主管李娜准予放行：业主承诺本周缴清",
    confirmation_note="已致电业主张秀英（139****0001），09:10，同意放行",
    clerk_name="陈静",
    verification_code="7KQ3-9XPD",
    qr_payload="FX-20261123-0007.7KQ39XPD",
)


@pytest.fixture(autouse=True)
def chinese() -> Iterator[None]:
    before = current_language()
    set_language("zh_CN")
    yield
    set_language(before)


@pytest.fixture(autouse=True)
def _font(truetype_font: Path) -> None:
    """Every check here needs the embedded TrueType font (skips without one)."""


def _flat(text: str) -> str:
    return "".join(text.split())


def test_the_slip_reads_back_with_every_field_in_chinese(poppler_pages: PageTexts) -> None:
    pages = poppler_pages(render_release_slip(replace(DOC, copies=("applicant",))))
    assert len(pages) == 1
    text = _flat(pages[0])
    for expected in (
        "示例物业服务中心", "放行条", "FX-20261123-0007", "3-1502", "王伟", "代理人（搬家、装修）",
        "110101********1234", "138****5678", "搬出", "2026-11-23", "冰箱", "双开门", "纸箱",
        "欠费1,234.56元；主管李娜准予放行", "已致电业主张秀英", "陈静", "核验码：7KQ3-9XPD",
        "申请人签名", "门岗", copy_label("applicant"), "物品", "数量", "单位", "备注",
    ):  # fmt: skip
        assert _flat(expected) in text, expected
    assert _flat(LONG) in text  # wrapped inside its cell, still whole and in order
    assert "副本" not in text and "作废" not in text


def test_the_chinese_font_is_embedded_and_nothing_else_is_used(tmp_path: Path) -> None:
    binary = shutil.which("pdffonts")
    if binary is None:
        pytest.skip("pdffonts (poppler-utils) is not installed")
    path = tmp_path / "slip.pdf"
    path.write_bytes(render_release_slip(DOC))
    lines = subprocess.run(
        [binary, str(path)], capture_output=True, text=True, check=True
    ).stdout.splitlines()
    fonts = [line.split() for line in lines[2:]]
    assert fonts, "no font in the PDF"
    for row in fonts:
        assert row[1] == "TrueType" and row[-5] == "yes", row  # emb column


def test_each_copy_is_its_own_page_set_marked_with_its_name(poppler_pages: PageTexts) -> None:
    pages = [_flat(p) for p in poppler_pages(render_release_slip(DOC))]
    assert len(pages) == 3
    marks = [_flat(copy_label(c)) for c in ("applicant", "gate", "office")]
    assert len(set(marks)) == 3 and all("联" in m for m in marks)
    for page, mark in zip(pages, marks, strict=True):
        assert mark in page
        assert "王伟" in page and "核验码：7KQ3-9XPD" in page
        assert "第1页，共1页" in page  # page count within the copy


def test_thirty_lines_continue_on_a_second_page_with_the_header_repeated(poppler_pages: PageTexts) -> None:
    items = tuple(
        SlipItemLine(f"第{n}件：{LONG}" if n % 4 == 0 else f"纸箱{n}号", str(n), "件") for n in range(1, 31)
    )
    pages = [_flat(p) for p in poppler_pages(render_release_slip(replace(DOC, items=items)))]
    per_copy = len(pages) // 3
    assert per_copy >= 2 and len(pages) == 3 * per_copy
    for copy, mark in enumerate(_flat(copy_label(c)) for c in ("applicant", "gate", "office")):
        own = pages[copy * per_copy : (copy + 1) * per_copy]
        assert all(mark in p and "FX-20261123-0007" in p for p in own)
        with_items = [p for p in own if "纸箱1号" in p or "纸箱30号" in p or "纸箱15号" in p]
        assert len(with_items) >= 2
        assert all("序号物品数量单位" in p for p in with_items)  # the table header on each page
        joined = "".join(own)
        assert all(f"纸箱{n}号" in joined for n in range(1, 31) if n % 4)
        assert f"第{per_copy}页，共{per_copy}页" in own[-1]


def test_a_reprint_is_marked_on_every_page(poppler_pages: PageTexts) -> None:
    pages = poppler_pages(render_release_slip(replace(DOC, reprint=True)))
    assert len(pages) == 3
    assert all("副本/REPRINT" in _flat(p) for p in pages)


@pytest.mark.parametrize(
    ("status", "mark"),
    [("voided", "已作废—不得放行"), ("refused", "业主拒绝—不得放行"), ("pending", "待业主确认—尚不能放行")],
)
def test_a_slip_that_is_not_valid_says_so(poppler_pages: PageTexts, status: str, mark: str) -> None:
    pages = poppler_pages(render_release_slip(replace(DOC, status=status, copies=("gate",))))
    assert mark in _flat(pages[0])


def test_the_qr_code_encodes_the_payload_and_is_drawn() -> None:
    assert qr_widget(DOC.qr_payload, QR_SIZE).value == DOC.qr_payload
    modules = qr_modules(DOC.qr_payload, QR_SIZE)
    assert len(modules) > 50  # dark modules, not an empty box
    assert all(
        x >= 0 and x + w <= QR_SIZE + 0.01 and y >= 0 and y + h <= QR_SIZE + 0.01 for x, y, w, h in modules
    )
    flowable = qr_drawing(DOC.qr_payload, QR_SIZE)
    assert flowable.wrap(500, 500) == (QR_SIZE, QR_SIZE)
    # The same modules land on the page, filled.
    reader = PdfReader(BytesIO(render_release_slip(replace(DOC, copies=("gate",)))))
    content = reader.pages[0].get_contents()
    assert content is not None and content.get_data().count(b" re") >= len(modules)


def test_the_qr_code_decodes_when_a_decoder_is_installed(qr_codes: PageTexts) -> None:
    assert qr_codes(render_release_slip(replace(DOC, copies=("gate",)))) == [DOC.qr_payload]


def test_in_english_the_labels_keep_their_words_and_ascii_punctuation(poppler_pages: PageTexts) -> None:
    """The English slip broke "Quantit y" and "ID documen t", and printed "Clerk：" with a Chinese colon."""
    set_language("en")
    english = replace(DOC, applicant_kind="Agent", clerk_name="Chen Jing", copies=("applicant",))
    (page,) = poppler_pages(render_release_slip(english))
    words = page.split()
    for word in ("Quantity", "document", "measure", "Remarks"):
        assert word in words, word
    assert "Clerk: Chen Jing" in page and "signature：" not in page and "signature:" in page
    assert "王伟 (Agent)" in page


def test_in_chinese_the_applicant_and_signatures_use_chinese_punctuation(poppler_pages: PageTexts) -> None:
    (page,) = poppler_pages(render_release_slip(replace(DOC, copies=("gate",))))
    text = _flat(page)
    assert "王伟（代理人（搬家、装修））" in text and "前台：陈静" in text and "申请人签名：" in text
