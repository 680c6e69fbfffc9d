"""PDF building blocks, checked by reading the rendered text back with pypdf and poppler."""

from __future__ import annotations

import re
import shutil
import subprocess
from collections import Counter
from collections.abc import Callable
from datetime import datetime
from io import BytesIO
from pathlib import Path

import pytest
from pypdf import PdfReader
from reportlab.platypus import Flowable

from reports.fonts import cjk_font_name
from reports.pdf import (
    MM,
    PageSetup,
    Styles,
    build_pdf,
    data_table,
    document_bytes,
    make_styles,
    paragraph,
)

PageTexts = Callable[[bytes], list[str]]
PRINTED_AT = datetime(2024, 5, 6, 7, 8)
HEADERS = ("序号", "住户姓名", "房号", "说明")
NAMES = ("张秀英", "王伟", "李娜", "刘洋", "陈静")
LONG_TEXT = "物业服务中心提醒：" + "请各位业主按时缴纳物业费，逾期将产生滞纳金。" * 12
CJK = re.compile(r"[\u3000-\u9fff\uff00-\uffef]")


def _render(story_of: Callable[[Styles, PageSetup], list[Flowable]], setup: PageSetup) -> bytes:
    styles = make_styles(cjk_font_name())
    story = story_of(styles, setup)
    return document_bytes(lambda stream: build_pdf(stream, story, setup, styles))


def _table_story(styles: Styles, setup: PageSetup) -> list[Flowable]:
    rows = [
        (n, NAMES[n % len(NAMES)], f"{n // 10 + 1}-1-{n:03d}", f"第{n:03d}行：装修押金退还")
        for n in range(1, 61)
    ]
    return [
        paragraph("住户名单", styles.title),
        data_table(HEADERS, rows, styles, width=setup.content_width, col_widths=(1, 2, 2, 5)),
    ]


@pytest.fixture(scope="module")
def table_pdf() -> bytes:
    setup = PageSetup(office_name="示例物业服务中心", title="住户名单", printed_at=PRINTED_AT)
    return _render(_table_story, setup)


def test_page_setup_sizes() -> None:
    a4 = PageSetup()
    assert a4.pagesize == pytest.approx((595.276, 841.890), abs=0.01)
    assert a4.content_width == pytest.approx((210 - 2 * 18) * MM)
    a5 = PageSetup(size="A5", landscape=True)
    assert a5.pagesize == pytest.approx((210 * MM, 148 * MM))
    assert a5.content_width == pytest.approx((210 - 2 * 12) * MM)
    bare = PageSetup(size="A5", running_header=False, running_footer=False)
    assert bare.content_height == pytest.approx((210 - 24) * MM)


def test_pypdf_and_pdftotext_read_the_same_chinese_text(
    table_pdf: bytes, pypdf_pages: PageTexts, poppler_pages: PageTexts
) -> None:
    by_pypdf = "".join(pypdf_pages(table_pdf))
    by_poppler = "".join(poppler_pages(table_pdf))
    for text in ("示例物业服务中心", "住户名单", "住户姓名", "张秀英", "第060行：装修押金退还"):
        assert text in by_pypdf
        assert text in by_poppler
    assert Counter(CJK.findall(by_pypdf)) == Counter(CJK.findall(by_poppler))


def test_the_truetype_font_is_embedded_and_nothing_else_is_used(
    table_pdf: bytes, truetype_font: Path, tmp_path: Path
) -> None:
    binary = shutil.which("pdffonts")
    if binary is None:
        pytest.skip("pdffonts (Debian package poppler-utils) is not installed")
    path = tmp_path / "doc.pdf"
    path.write_bytes(table_pdf)
    listing = subprocess.run([binary, str(path)], capture_output=True, text=True, check=True)
    fonts = listing.stdout.splitlines()[2:]  # after the two heading lines
    assert fonts, listing.stdout
    for line in fonts:
        name, kind, _encoding, embedded, subset, *_ = line.split()
        assert (kind, embedded, subset) == ("TrueType", "yes", "yes"), line
        assert name.split("+")[1].startswith(("WenQuanYi", "Droid", "AR", "Microsoft", "Sim"))


def test_a_sixty_row_table_continues_on_page_two_under_a_repeated_header(
    table_pdf: bytes, pypdf_pages: PageTexts
) -> None:
    pages = pypdf_pages(table_pdf)
    assert len(pages) == 2
    for page in pages:
        assert all(header in page for header in HEADERS)
    assert "第001行" in pages[0] and "第001行" not in pages[1]
    assert "第060行" in pages[1] and "第060行" not in pages[0]
    every_row = "".join(pages)
    assert all(every_row.count(f"第{n:03d}行") == 1 for n in range(1, 61))


def test_running_header_and_footer_on_every_page(table_pdf: bytes, pypdf_pages: PageTexts) -> None:
    pages = pypdf_pages(table_pdf)
    for number, page in enumerate(pages, start=1):
        assert "示例物业服务中心" in page
        assert f"{number} / 2" in page
        assert "2024-05-06 07:08" in page


def test_a_long_paragraph_wraps_within_the_page(pypdf_pages: PageTexts) -> None:
    setup = PageSetup(size="A5", printed_at=PRINTED_AT, running_header=False)
    pdf = _render(lambda styles, s: [paragraph(LONG_TEXT, styles.body)], setup)
    text = pypdf_pages(pdf)[0]
    lines = [line for line in text.splitlines() if CJK.search(line) and "Page" not in line]
    assert len(lines) >= 8
    assert "".join(lines) == LONG_TEXT
    assert not any(line.startswith(("，", "。", "：")) for line in lines)
    box = PdfReader(BytesIO(pdf)).pages[0].mediabox
    assert (float(box.width), float(box.height)) == pytest.approx((148 * MM, 210 * MM))


def test_paragraph_shows_markup_characters_and_keeps_newlines(pypdf_pages: PageTexts) -> None:
    setup = PageSetup(printed_at=PRINTED_AT)
    text = "备注：A<b>&amp; 王伟\n第二行"
    pdf = _render(lambda styles, s: [paragraph(text, styles.body)], setup)
    lines = pypdf_pages(pdf)[0].splitlines()
    assert "备注：A<b>&amp; 王伟" in lines
    assert "第二行" in lines


def test_empty_cells_and_numbers_in_a_table(pypdf_pages: PageTexts) -> None:
    setup = PageSetup(printed_at=PRINTED_AT)
    rows = [("王伟", None, 12), ("李娜", "已办结", 0)]
    pdf = _render(lambda styles, s: [data_table(("姓名", "状态", "次数"), rows, styles, width=300)], setup)
    lines = pypdf_pages(pdf)[0].splitlines()
    first = lines.index("王伟")
    assert lines[first : first + 5] == ["王伟", "12", "李娜", "已办结", "0"]


def test_table_shape_errors() -> None:
    styles = make_styles(cjk_font_name())
    with pytest.raises(ValueError, match="same length"):
        data_table(("a", "b"), [], styles, width=100, col_widths=(1,))
    with pytest.raises(ValueError, match="row has 1 cells, the table 2 columns"):
        data_table(("a", "b"), [("x",)], styles, width=100)


def test_styles_use_the_font_and_wrap_chinese() -> None:
    font = cjk_font_name()
    styles = make_styles(font, base_size=9)
    for style in (styles.title, styles.heading, styles.body, styles.small, styles.cell):
        assert style.fontName == font
        assert style.wordWrap == "CJK"
    assert styles.body.fontSize == 9
    assert styles.aligned(styles.cell, "right").alignment == 2
    assert styles.cell.alignment == 0


def test_document_bytes_returns_what_the_builder_wrote() -> None:
    def build(stream: BytesIO) -> None:
        stream.write(b"%PDF-1.4 ")
        stream.write("前台".encode())

    assert document_bytes(build) == "%PDF-1.4 前台".encode()


def test_a_title_too_long_for_the_header_is_shortened(pypdf_pages: PageTexts) -> None:
    title = "二〇二四年第二季度物业费、水费、电费及公共能耗分摊明细表" * 3
    setup = PageSetup(size="A5", office_name="示例物业服务中心", title=title, printed_at=PRINTED_AT)
    pdf = _render(lambda styles, s: [paragraph("正文", styles.body)], setup)
    header = next(line for line in pypdf_pages(pdf)[0].splitlines() if "…" in line)
    assert header.startswith("二〇二四年第二季度物业费")
    assert title.startswith(header.removesuffix("…"))
    assert len(header) < len(title) // 2
