"""The work slip (派工單) and the daily work plan (工作計劃表), read back: every field in Chinese,
two copies marked, reprints marked, A5 or A4 as the office sets, the font embedded."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable, Iterator
from dataclasses import replace
from io import BytesIO
from pathlib import Path

import pytest
from pypdf import PdfReader

from frontdesk.callbacks.paper import CallLine
from frontdesk.i18n import current_language, set_language
from frontdesk.workorders.document import PlanLine, PlanTechnician, SlipMaterial, WorkPlan, WorkSlip
from reports.pdf import MM
from reports.work_plan import work_plan_pdf
from reports.work_slip import work_slip_pdf

PageTexts = Callable[[bytes], list[str]]
SLIP = WorkSlip(
    office_name="幸福里物业管理处",
    title="派工单",
    number="GC-20261123-0007",
    paper="A5",
    copies=("第一联 工程部联", "第二联 办公室联"),
    fields=(
        ("报修时间", "2026-11-23 10:00"),
        ("房号或地点", "3-1502"),
        ("报修人", "李秀英"),
        ("电话", "138****5678"),
        ("类别", "给排水"),
        ("紧急程度", "紧急"),
        ("响应时限", "2026-11-23 10:30"),
        ("完成时限", "2026-11-23 14:00"),
        ("预约时间", "2026-11-23 13:00–15:00"),
        ("收费", "有偿服务"),
    ),
    problem="厨房水管漏水，楼下天花板渗水",
    technician="张师傅",
    signed_for="2026-11-23 10:20",
    findings="角阀老化开裂",
    quote="人工 ¥120.00，材料 ¥35.50，合计 ¥155.50",
    work_done="更换角阀并试水",
    materials=(SlipMaterial("角阀", "1", "个", "35.50"), SlipMaterial("生料带", "2", "卷", "0.00")),
    hours="1.5",
    fee="155.50",
    progress=(("已派工", "前台 林晓燕 2026-11-23 10:05", "张师傅具备“给排水”技能"),),
    calls=(CallLine("2026-11-24 15:00", "王芳", "电话", "满意", "结案", "修好了，谢谢"),),
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
    pages = [_flat(p) for p in poppler_pages(work_slip_pdf(SLIP))]
    assert len(pages) % 2 == 0
    first = "".join(pages[: len(pages) // 2])
    for expected in (
        "幸福里物业管理处", "派工单", "GC-20261123-0007", "3-1502", "李秀英", "138****5678", "给排水", "紧急",
        "2026-11-2310:30", "2026-11-2314:00", "13:00–15:00", "有偿服务", "厨房水管漏水，楼下天花板渗水",
        "张师傅", "签领（签名、时间）", "2026-11-2310:20", "勘察结果", "角阀老化开裂", "合计¥155.50",
        "材料及工时", "角阀", "生料带", "金额（元）", "工时：1.5", "费用", "155.50", "完成情况",
        "更换角阀并试水", "完工（维修人员）", "验收（住户）", "回访", "修好了，谢谢", "满意", "处理过程",
        "张师傅具备“给排水”技能",
    ):  # fmt: skip
        assert _flat(expected) in first, expected
    assert "副本" not in first


def test_two_copies_each_marked_on_its_own_pages(poppler_pages: PageTexts) -> None:
    pages = [_flat(p) for p in poppler_pages(work_slip_pdf(SLIP))]
    half = len(pages) // 2
    for copy, mark in enumerate(("第一联工程部联", "第二联办公室联")):
        own = pages[copy * half : (copy + 1) * half]
        assert all(mark in p and "GC-20261123-0007" in p for p in own)
        assert f"第{half}页，共{half}页" in own[-1]
    assert "第二联办公室联" not in "".join(pages[:half])


def test_a_reprint_is_marked_on_every_page(poppler_pages: PageTexts) -> None:
    pages = poppler_pages(work_slip_pdf(replace(SLIP, reprint=True)))
    assert pages and all("副本/REPRINT" in _flat(p) for p in pages)


def test_a_blank_slip_leaves_room_to_write_and_sign(poppler_pages: PageTexts) -> None:
    blank = replace(SLIP, signed_for="", findings="", quote="", work_done="", materials=(), hours="", fee="",
                    calls=(), progress=(), callback_due="")  # fmt: skip
    pages = poppler_pages(work_slip_pdf(blank))
    assert len(pages) == 2  # the slip handed over at dispatch: one A5 page a copy
    text = _flat("".join(pages))
    assert "工时：____" in text and "勘察结果" in text and "报价" not in text and "回访" in text


def test_a5_or_a4_as_the_office_sets_it() -> None:
    for paper, size in (("A5", (148, 210)), ("A4", (210, 297))):
        reader = PdfReader(BytesIO(work_slip_pdf(replace(SLIP, paper=paper))))
        box = reader.pages[0].mediabox
        assert (round(float(box.width) / MM), round(float(box.height) / MM)) == size


def test_the_chinese_font_is_embedded(tmp_path: Path) -> None:
    binary = shutil.which("pdffonts")
    if binary is None:
        pytest.skip("pdffonts (poppler-utils) is not installed")
    for name, data in (("slip", work_slip_pdf(SLIP)), ("plan", work_plan_pdf(PLAN))):
        path = tmp_path / f"{name}.pdf"
        path.write_bytes(data)
        lines = subprocess.run(
            [binary, str(path)], capture_output=True, text=True, check=True
        ).stdout.splitlines()
        fonts = [line.split() for line in lines[2:]]
        assert fonts and all(row[1] == "TrueType" and row[-5] == "yes" for row in fonts), lines


PLAN = WorkPlan(
    office_name="幸福里物业管理处",
    day="2026-11-23",
    printed_at="2026-11-23 08:00",
    technicians=(
        PlanTechnician(
            "张师傅",
            "工程部",
            True,
            (
                PlanLine(
                    "2026-11-23 13:00–15:00",
                    "GC-20261123-0002",
                    "3-1502",
                    "电气",
                    "一般",
                    "修门锁",
                    "已派工",
                    "2026-11-26 10:00",
                    "",
                ),
                PlanLine(
                    "2026-11-23 14:00 前",
                    "GC-20261123-0003",
                    "5栋大堂",
                    "电气",
                    "紧急",
                    "停电",
                    "已派工",
                    "2026-11-23 14:00",
                    "未按时签领",
                ),
            ),
        ),
        PlanTechnician("李师傅", "工程部", True, ()),
    ),
)


def test_the_plan_gives_each_technician_a_page_in_time_order(poppler_pages: PageTexts) -> None:
    pages = [_flat(p) for p in poppler_pages(work_plan_pdf(PLAN))]
    assert len(pages) == 2
    assert "工作计划表·2026-11-23" in pages[0] and "张师傅·工程部·当班" in pages[0]
    assert pages[0].index("GC-20261123-0002") < pages[0].index("GC-20261123-0003")
    for expected in ("修门锁", "停电", "未按时签领", "5栋大堂", "完成时限", "完成（签名）", "维修人员：____"):
        assert _flat(expected) in pages[0], expected
    assert "李师傅" in pages[1] and "没有未完成的单。" in pages[1]
    reader = PdfReader(BytesIO(work_plan_pdf(PLAN)))
    assert float(reader.pages[0].mediabox.width) > float(reader.pages[0].mediabox.height)  # landscape
