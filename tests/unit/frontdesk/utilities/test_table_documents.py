"""The month's table as a workbook and a PDF, read back against ``month_table``'s rows (``test_month``)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from io import BytesIO
from typing import Any

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader
from reportlab.graphics.charts.barcharts import VerticalBarChart

from frontdesk.auth import Actor
from frontdesk.i18n import current_language, set_language
from frontdesk.utilities.kinds import MeterKind
from frontdesk.utilities.rows import MeterInput, ReadingInput, UtilityTable
from frontdesk.utilities.service import UtilityService
from reports.pdf import document_bytes
from reports.utility_sheets import notices_pdf, round_sheet_pdf
from reports.utility_table import MonthAmounts, _chart, month_amounts, utility_table_pdf, write_utility_table
from tests.unit.frontdesk.utilities.conftest import Block
from tests.unit.frontdesk.utilities.test_month import JANUARY, _read


@pytest.fixture(autouse=True)
def chinese() -> Iterator[None]:
    before = current_language()
    set_language("zh_CN")
    yield
    set_language(before)


@pytest.fixture
def table(utilities: UtilityService, clerk: Actor, block: Block, tariffs: None) -> UtilityTable:
    _read(utilities, clerk, block, "2026-01", {**JANUARY, "W1601": 90})  # below: a flag left open
    return utilities.month_table(actor=clerk, month="2026-01")


def _number(value: object) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def test_the_workbook_holds_every_line_subtotal_and_the_total(table: UtilityTable) -> None:
    workbook = load_workbook(BytesIO(document_bytes(lambda s: write_utility_table(s, table))))
    assert workbook.sheetnames == ["汇总", "3栋"]
    sheet = workbook["3栋"]
    assert sheet["A1"].value.startswith("水电费月度表 2026-01")
    headers = [c.value for c in sheet[2]]
    assert headers == [
        "单元或地点",
        "住户",
        "类型",
        "表号",
        "上期读数",
        "本期读数",
        "倍率",
        "用量",
        "阶梯及附加",
        "金额",
        "提示",
    ]
    (building,) = table.buildings
    kinds = {"water": "水费", "electricity": "电费"}
    for number, line in enumerate(building.lines, start=3):
        row = [c.value for c in sheet[number]]
        assert row[0] == line.unit_code and (row[1] or "") == line.resident and row[3] == line.meter_number
        assert row[2] == kinds[line.kind.value]
        assert (row[4], row[5], row[6]) == (line.previous, line.current, line.multiplier)
        assert _number(row[7]) == line.usage
        assert _number(row[9]) == Decimal(line.amount_fen) / 100
        assert len((row[8] or "").splitlines()) == len(line.lines)
        assert ("低于上月读数" in (row[10] or "")) == bool(line.flags)
    first = [c.value for c in sheet[3]]
    assert first[8] == "第1档：12 × 3.45 = 41.40\n附加费：12 × 0.95 = 11.40" and first[9] == 52.8
    flagged = [c.value for c in sheet[3 + 6]]  # 3-1601's water: 100 → 90
    assert flagged[0] == "3-1601" and flagged[10] == "低于上月读数"
    after = 3 + len(building.lines)
    subtotals = [[c.value for c in sheet[after + i]] for i in range(3)]
    assert [(r[0], _number(r[7]), _number(r[9])) for r in subtotals] == [
        ("小计 水费", Decimal(17), Decimal("74.80")),
        ("小计 电费", Decimal(2550), Decimal("1754.40")),
        ("小计 3栋", None, Decimal("1829.20")),
    ]
    assert subtotals[0][7] == 17  # 12 + 5 + 0 (the flagged reading counts nothing yet)
    public = [c.value for c in sheet[after + 4]]
    assert public[0] == "3栋公共照明" and public[3] == "P3" and public[9] == 20.4
    assert "合计按四舍五入后的各行相加" in sheet.cell(after + 6, 1).value
    assert sheet.freeze_panes == "A3" and sheet.print_title_rows == "$2:$2"
    assert sheet.page_setup.orientation == "landscape" and sheet.page_setup.paperSize == 9
    assert sheet.page_setup.fitToWidth == 1 and sheet.sheet_properties.pageSetUpPr.fitToPage
    assert sheet["J3"].number_format == "#,##0.00"
    summary = [[c.value for c in row] for row in workbook["汇总"].iter_rows(min_row=3, max_col=4)]
    assert summary[:6] == [
        ["3栋", "水费", 17, 74.8],
        ["3栋", "电费", 2550, 1754.4],
        ["小计 3栋", None, None, 1829.2],
        ["合计", "水费", 17, 74.8],
        ["合计", "电费", 2550, 1754.4],
        ["合计", None, None, 1829.2],
    ]
    assert table.amount_fen == 182920 and table.unresolved == 1
    assert "待确认或更正的标记及未抄的表：1" in summary[7][0]


def test_the_pdf_reads_back_with_its_figures(table: UtilityTable) -> None:
    data = utility_table_pdf(table, office_name="幸福里物业管理处")
    reader = PdfReader(BytesIO(data))
    text = "\n".join(page.extract_text() for page in reader.pages)
    for expected in (
        "幸福里物业管理处",
        "水电费月度表 2026-01",
        "李秀英",
        "3-1502",
        "W1502",
        "金额",
        "小计 3栋",
    ):
        assert expected in text
    assert "1,829.20" in text and "1,462.00" in text and "低于上月读数" in text
    assert f"第 1 页，共 {len(reader.pages)} 页" in text
    fonts = [f.get_object() for page in reader.pages for f in page["/Resources"]["/Font"].values()]
    assert fonts and all(_embedded(f) for f in fonts)


def _embedded(font: Any) -> bool:
    descendant = font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
    descriptor = descendant["/FontDescriptor"].get_object()
    return "/FontFile2" in descriptor


def test_a_long_building_repeats_the_header_on_every_page(
    utilities: UtilityService, clerk: Actor, table: UtilityTable
) -> None:
    (building,) = table.buildings
    many = building.__class__(
        building.building_id, building.code, building.name, building.lines * 40, building.public,
        building.totals, building.amount_fen,
    )  # fmt: skip
    long = table.__class__(table.month, table.status, (many,), (), table.totals, table.amount_fen, 0)
    pages = [p.extract_text() for p in PdfReader(BytesIO(utility_table_pdf(long, office_name="x"))).pages]
    assert len(pages) > 3
    assert all("上期读数" in page and f"共 {len(pages)} 页" in page for page in pages)


def test_english_headers_say_amount(table: UtilityTable) -> None:
    set_language("en")
    workbook = load_workbook(BytesIO(document_bytes(lambda s: write_utility_table(s, table))))
    assert workbook.sheetnames[0] == "Summary" and workbook["3栋"]["J2"].value == "Amount"


def test_the_estate_public_meters_get_their_own_sheet_and_section(
    utilities: UtilityService, clerk: Actor, admin: Actor, block: Block, tariffs: None
) -> None:
    garden = utilities.add_meter(
        actor=admin, meter=MeterInput("water", "PW1", 5, date(2020, 1, 1), place="小区绿化")
    )
    _read(utilities, clerk, block, "2026-01", {**JANUARY})
    utilities.record_reading(actor=clerk, month="2026-01", entry=ReadingInput(garden.id, 40))
    table = utilities.month_table(actor=clerk, month="2026-01")
    assert [line.meter_number for line in table.public] == ["PW1"]
    workbook = load_workbook(BytesIO(document_bytes(lambda s: write_utility_table(s, table))))
    assert workbook.sheetnames == ["汇总", "3栋", "小区公共表"]
    rows = [[c.value for c in row] for row in workbook["小区公共表"].iter_rows(min_row=3, max_col=11)]
    assert rows[0][0].startswith("公共表")
    assert (rows[1][0], rows[1][3], rows[1][5], rows[1][7], rows[1][9]) == ("小区绿化", "PW1", 40, 40, 176)
    text = "".join(
        p.extract_text() for p in PdfReader(BytesIO(utility_table_pdf(table, office_name="x"))).pages
    )
    assert "小区公共表" in text and "小区绿化" in text and "176.00" in text


def test_the_round_sheet_lists_the_meters_with_previous_and_expected_range(
    utilities: UtilityService, clerk: Actor, block: Block, tariffs: None
) -> None:
    for month, reading in (("2025-11", 104), ("2025-12", 108), ("2026-01", 112)):
        utilities.record_reading(actor=clerk, month=month, entry=ReadingInput(block.meters["W1501"], reading))
    rows = utilities.round_rows(actor=clerk, month="2026-02", building_id=block.building)
    data = round_sheet_pdf(rows, month="2026-02", building="3栋", office_name="幸福里物业管理处")
    pages = [p.extract_text() for p in PdfReader(BytesIO(data)).pages]
    text = "\n".join(pages)
    assert "抄表单 3栋 2026-02" in text and "上期读数" in text and "正常范围" in text and "抄表人" in text
    assert [r.meter_number for r in rows] == ["W1501", "E1501", "W1502", "E1502", "W1601", "E1601", "P3"]
    positions = [text.index(r.meter_number) for r in rows]
    assert positions == sorted(positions)  # the walking order
    first = rows[0]
    assert first.previous == 112 and first.expected_low is not None and first.expected_high is not None
    assert f"{first.expected_low}–{first.expected_high}" in text and "112" in text
    assert "3栋公共照明" in text and f"第 1 页，共 {len(pages)} 页" in text


def test_a_payment_notice_per_unit_with_its_lines_and_total(table: UtilityTable) -> None:
    pages = [
        p.extract_text() for p in PdfReader(BytesIO(notices_pdf(table, office_name="幸福里物业管理处"))).pages
    ]
    assert len(pages) == 3  # 3-1501, 3-1502, 3-1601
    first, second, third = pages
    assert "水电费交费通知单 2026-01" in first and "3-1501" in first and "李秀英" in first
    assert "第1档：2150 × 0.68 = 1,462.00" in first and "分摊：15 → 10.20" in first
    assert "应交金额：1,525.00 元。" in first  # 52.80 + 1,462.00 + 10.20 (the share of P3)
    assert (
        "3-1502" in second and "陈晓" in second and "应交金额：299.10 元。" in second
    )  # 22.00 + 272.00 + 5.10
    assert "3-1601" in third and "应交金额：5.10 元。" in third and "待核对：低于上月读数" in third
    assert "3-1502" not in first and "请到幸福里物业管理处交费" in third


def test_the_month_on_month_chart_follows_the_summary(table: UtilityTable) -> None:
    december = MonthAmounts("2025-12", ((MeterKind.WATER, 6000), (MeterKind.ELECTRICITY, 150000)))
    november = MonthAmounts("2025-11", ((MeterKind.ELECTRICITY, 120050),))
    drawing = _chart([november, december, month_amounts(table)], "Helvetica", 500)
    (chart,) = [c for c in drawing.contents if isinstance(c, VerticalBarChart)]
    assert chart.data == [[0, 60.0, 74.8], [1200.5, 1500.0, 1754.4]]  # water, electricity in yuan
    assert chart.categoryAxis.categoryNames == ["2025-11", "2025-12", "2026-01"]
    data = utility_table_pdf(table, office_name="x", history=[november, december])
    text = "".join(p.extract_text() for p in PdfReader(BytesIO(data)).pages)
    assert "逐月对比" in text and "金额（元）" in text and "2025-11" in text and "2025-12" in text
    assert text.index("逐月对比") > text.index("汇总")
    assert "逐月对比" not in "".join(
        p.extract_text() for p in PdfReader(BytesIO(utility_table_pdf(table, office_name="x"))).pages
    )


def test_notices_two_to_an_a4_page_or_one_each(table: UtilityTable) -> None:
    two = PdfReader(BytesIO(notices_pdf(table, office_name="幸福里物业管理处", layout="a4x2")))
    one = PdfReader(BytesIO(notices_pdf(table, office_name="幸福里物业管理处", layout="a4")))
    assert len(two.pages) == 2 and len(one.pages) == 3  # three units: two on the first sheet
    box = two.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)  # A4
    first = two.pages[0].extract_text()
    assert "3-1501" in first and "3-1502" in first and "3-1601" not in first
    assert first.index("3-1501") < first.index("3-1502")  # the upper half first
    assert "3-1601" in two.pages[1].extract_text()
    with pytest.raises(ValueError):
        notices_pdf(table, office_name="x", layout="a3")  # type: ignore[arg-type]


def test_the_documents_say_how_far_they_are(table: UtilityTable) -> None:
    for make in (
        lambda told: write_utility_table(BytesIO(), table, progress=told),
        lambda told: utility_table_pdf(table, office_name="x", progress=told),
        lambda told: notices_pdf(table, office_name="x", layout="a4x2", progress=told),
    ):
        said: list[tuple[int, int]] = []
        make(lambda done, total, said=said: said.append((done, total)))
        assert said and said[-1][0] == said[-1][1] > 0  # ends at 100 %
        assert [d for d, _t in said] == sorted(d for d, _t in said)  # never goes back
