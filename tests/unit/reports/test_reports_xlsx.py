"""Excel export: cells read back one by one, formula injection kept out."""

from __future__ import annotations

import zipfile
from collections.abc import Iterable, Sequence
from datetime import date, datetime, timedelta, timezone
from io import BytesIO

import pytest
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from reports.xlsx import (
    FIRST_DATA_ROW,
    HEADER_ROW,
    Column,
    safe_sheet_name,
    write_table,
)

COLUMNS = (
    Column("姓名", 12),
    Column("次数", 8, "int"),
    Column("金额（元）", 14, "money"),
    Column("日期", 12, "date"),
    Column("登记时间", 18, "datetime"),
    Column("备注", 30),
)
INJECTIONS = (
    "=1+1",
    "+86 138 0013 8000",
    "-5",
    "@SUM(A1)",
    '=HYPERLINK("http://example.com","点我")',
    "\t=1+1",
    "\r=cmd|' /C calc'!A0",
)


def _workbook_bytes(
    rows: Iterable[Sequence[object]], columns: Sequence[Column] = COLUMNS, **kwargs: str
) -> bytes:
    stream = BytesIO()
    write_table(stream, title=kwargs.pop("title", "访客登记"), columns=columns, rows=rows, **kwargs)
    return stream.getvalue()


def _sheet(data: bytes) -> Worksheet:
    sheet = load_workbook(BytesIO(data)).active
    assert isinstance(sheet, Worksheet)
    return sheet


def _row(name: object = "王伟", **changes: object) -> list[object]:
    values: dict[str, object] = {
        "name": name, "count": 3, "fen": 12345, "day": date(2024, 5, 6),
        "at": datetime(2024, 5, 6, 7, 8), "remark": "已办结",
    }  # fmt: skip
    values.update(changes)
    return list(values.values())


def test_cells_read_back_with_values_types_and_formats() -> None:
    sheet = _sheet(_workbook_bytes([_row("张秀英"), _row("王伟", fen=-5, remark=None)]))
    assert sheet.cell(1, 1).value == "访客登记"
    assert [c.value for c in sheet[HEADER_ROW]] == [c.header for c in COLUMNS]
    first = sheet[FIRST_DATA_ROW]
    assert [c.value for c in first] == [
        "张秀英", 3, 123.45, datetime(2024, 5, 6), datetime(2024, 5, 6, 7, 8), "已办结",
    ]  # fmt: skip
    assert [c.data_type for c in first] == ["s", "n", "n", "d", "d", "s"]
    assert [c.number_format for c in first] == [
        "@", "0", "#,##0.00", "yyyy-mm-dd", "yyyy-mm-dd hh:mm", "@",
    ]  # fmt: skip
    second = sheet[FIRST_DATA_ROW + 1]
    assert second[2].value == -0.05
    assert second[5].value is None
    assert sheet.max_row == FIRST_DATA_ROW + 1


def test_money_is_exact_yuan_in_the_file() -> None:
    fens = [12345, 10, 1, 0, -5, 123456789012, 1999]
    data = _workbook_bytes([_row(fen=f) for f in fens])
    sheet = _sheet(data)
    values = [sheet.cell(FIRST_DATA_ROW + i, 3).value for i in range(len(fens))]
    assert values == [123.45, 0.1, 0.01, 0, -0.05, 1234567890.12, 19.99]
    xml = zipfile.ZipFile(BytesIO(data)).read("xl/worksheets/sheet1.xml").decode()
    for text in ("<v>123.45</v>", "<v>0.1</v>", "<v>-0.05</v>", "<v>1234567890.12</v>"):
        assert text in xml


@pytest.mark.parametrize("text", INJECTIONS)
def test_formula_like_text_stays_a_string(text: str) -> None:
    data = _workbook_bytes([_row(text, remark=text)])
    sheet = _sheet(data)
    for cell in (sheet.cell(FIRST_DATA_ROW, 1), sheet.cell(FIRST_DATA_ROW, 6)):
        assert cell.value == text.replace("\r", "\n")  # XML reads a bare CR as LF
        assert cell.data_type == "s"
        assert cell.quotePrefix is True
    xml = zipfile.ZipFile(BytesIO(data)).read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in xml


def test_headers_and_title_are_text_too() -> None:
    columns = (Column("=SUM(A1:A9)"), Column("@名单"))
    sheet = _sheet(_workbook_bytes([("a", "b")], columns, title="=1+2"))
    for cell in (sheet.cell(1, 1), sheet.cell(HEADER_ROW, 1), sheet.cell(HEADER_ROW, 2)):
        assert cell.data_type == "s"
    assert [sheet.cell(1, 1).value, sheet.cell(HEADER_ROW, 1).value] == ["=1+2", "=SUM(A1:A9)"]


def test_plain_text_is_not_quote_prefixed_and_numbers_in_text_columns_stay_text() -> None:
    sheet = _sheet(_workbook_bytes([_row(13800138000, remark="00123")]))
    name, remark = sheet.cell(FIRST_DATA_ROW, 1), sheet.cell(FIRST_DATA_ROW, 6)
    assert (name.value, name.data_type, name.quotePrefix) == ("13800138000", "s", False)
    assert (remark.value, remark.data_type) == ("00123", "s")


def test_control_characters_are_dropped_and_long_text_is_cut() -> None:
    sheet = _sheet(_workbook_bytes([_row("王\x00伟\x1b\r\n先生", remark="长" * 40_000)]))
    assert sheet.cell(FIRST_DATA_ROW, 1).value == "王伟\n先生"
    assert sheet.cell(FIRST_DATA_ROW, 6).value == "长" * 32_767


def test_an_aware_datetime_is_written_as_local_wall_clock_time() -> None:
    aware = datetime(2024, 5, 6, 7, 8, tzinfo=timezone(timedelta(hours=8)))
    sheet = _sheet(_workbook_bytes([_row(at=aware)]))
    assert sheet.cell(FIRST_DATA_ROW, 5).value == aware.astimezone().replace(tzinfo=None)


def test_layout_bold_frozen_filtered_and_sized() -> None:
    sheet = _sheet(_workbook_bytes([_row(), _row()], sheet_name="访客"))
    assert sheet.title == "访客"
    assert sheet.cell(1, 1).font.b is True
    assert all(cell.font.b for cell in sheet[HEADER_ROW])
    assert sheet.freeze_panes == "A3"
    assert sheet.auto_filter.ref == "A2:F4"
    assert [sheet.column_dimensions[letter].width for letter in "ABCDEF"] == [
        12, 8, 14, 12, 18, 30,
    ]  # fmt: skip
    assert sheet.print_title_rows == "$2:$2"


def test_no_rows_gives_a_header_only_sheet() -> None:
    sheet = _sheet(_workbook_bytes([]))
    assert sheet.max_row == HEADER_ROW
    assert sheet.auto_filter.ref == "A2:F2"
    assert sheet.title == "访客登记"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"fen": 1.5}, "expects int fen, got float"),
        ({"fen": "123"}, "expects int fen, got str"),
        ({"count": True}, "expects int, got bool"),
        ({"day": datetime(2024, 1, 1)}, "expects date, got datetime"),
        ({"at": date(2024, 1, 1)}, "expects datetime, got date"),
    ],
)
def test_a_value_of_the_wrong_kind_is_a_bug(change: dict[str, object], message: str) -> None:
    with pytest.raises(TypeError, match=message):
        _workbook_bytes([_row(**change)])


def test_shape_errors() -> None:
    with pytest.raises(ValueError, match="row 3 has 2 values for 6 columns"):
        _workbook_bytes([("王伟", 1)])
    with pytest.raises(ValueError, match="at least one column"):
        _workbook_bytes([], columns=())


@pytest.mark.parametrize(
    ("wished", "valid"),
    [
        ("2024/05 水费[草稿]", "2024 05 水费 草稿"),
        ("'报表'", "报表"),
        ("很" * 40, "很" * 31),
        ("???", "Sheet1"),
        ("", "Sheet1"),
    ],
    ids=["forbidden-characters", "edge-apostrophes", "too-long", "nothing-left", "empty"],
)
def test_safe_sheet_name(wished: str, valid: str) -> None:
    assert safe_sheet_name(wished) == valid
