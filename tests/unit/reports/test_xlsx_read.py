"""Reading untidy workbooks: title rows, merged cells, blank rows, numbers typed as numbers or text."""

from __future__ import annotations

import time
from datetime import date, datetime
from decimal import Decimal
from io import BytesIO

import pytest
from openpyxl import Workbook

from reports.xlsx import Column, write_table
from reports.xlsx_read import BLANK_RUN, SheetTooLarge, clean_value, read_rows, read_table


def _saved(workbook: Workbook) -> BytesIO:
    stream = BytesIO()
    workbook.save(stream)
    stream.seek(0)
    return stream


def _office_sheet() -> BytesIO:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["幸福里业主名册 2026"])  # a title above the header
    sheet.merge_cells("A1:D1")
    sheet.append([])  # a blank spacer row
    sheet.append(["楼栋", "房号", "姓名", "电话"])
    sheet.append(["3栋", 1502, "王秀英", 13812345678.0])
    sheet.append([None, "１５０３", "李雷", " 138 1234 5679 "])
    sheet.append([None, None, None, None])  # blank row inside the data
    sheet.append([None, "1601", "韩梅梅", None])
    sheet.merge_cells("A4:A7")  # the building spans its rows
    return _saved(workbook)


def test_header_below_a_merged_title_is_found() -> None:
    table = read_table(_office_sheet())
    assert table.header_row == 3
    assert table.headers == ("楼栋", "房号", "姓名", "电话")


def test_merged_cells_are_filled_and_blank_rows_skipped_keeping_row_numbers() -> None:
    table = read_table(_office_sheet())
    assert table.row_numbers == [4, 5, 7]
    assert [row["楼栋"] for row in table.rows] == ["3栋", "3栋", "3栋"]
    assert [row["姓名"] for row in table.rows] == ["王秀英", "李雷", "韩梅梅"]


def test_numbers_as_numbers_and_as_text_are_normalised() -> None:
    table = read_table(_office_sheet())
    first, second, third = table.rows
    assert first["电话"] == 13812345678 and isinstance(first["电话"], int)
    assert first["房号"] == 1502
    assert second["房号"] == "1503"  # full-width digits typed as text
    assert second["电话"] == "138 1234 5679"
    assert third["电话"] is None


def test_clean_value() -> None:
    assert clean_value("  ") is None
    assert clean_value(" 王 ") == "王"
    assert clean_value("＋８６－１３８") == "+86-138"
    assert clean_value("Ａ座") == "Ａ座"  # not a number: left as typed
    assert clean_value(89.37) == Decimal("89.37")
    assert clean_value(datetime(2023, 5, 1)) == date(2023, 5, 1)
    assert clean_value(datetime(2023, 5, 1, 9, 30)) == datetime(2023, 5, 1, 9, 30)
    assert clean_value(True) is True


def test_excel_dates_come_back_as_dates() -> None:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["Name", "Move-in"])
    sheet.append(["Ann", datetime(2023, 5, 1)])
    table = read_table(_saved(workbook))
    assert table.rows == [{"Name": "Ann", "Move-in": date(2023, 5, 1)}]
    assert table.row_numbers == [2]


def test_a_written_table_reads_back() -> None:
    stream = BytesIO()
    write_table(
        stream, title="Residents", columns=[Column("Name"), Column("Floor", kind="int")], rows=[["=1+1", 3]]
    )
    stream.seek(0)
    table = read_table(stream)
    assert table.header_row == 2
    assert table.rows == [{"Name": "=1+1", "Floor": 3}]


def test_custom_header_test_and_named_sheet() -> None:
    workbook = Workbook()
    first = workbook.active
    assert first is not None
    first.append(["x"])
    other = workbook.create_sheet("Data")
    other.append(["Note", "Other"])
    other.append(["Unit", "Name"])
    other.append(["3-1502", "Ann"])
    table = read_table(_saved(workbook), sheet_name="Data", is_header=lambda cells: "Unit" in cells)
    assert table.sheet_name == "Data"
    assert table.header_row == 2
    assert table.rows == [{"Unit": "3-1502", "Name": "Ann"}]


def test_empty_sheet_and_bad_files() -> None:
    table = read_table(_saved(Workbook()))
    assert table.rows == [] and table.headers == ()
    with pytest.raises(ValueError):
        read_rows(BytesIO(b"not a workbook"))
    with pytest.raises(ValueError):
        read_rows(_saved(Workbook()), sheet_name="Missing")


# --- hostile sheets: stray cells far away, too many rows ------------------------------------


def _with_stray(row: int, column: int) -> BytesIO:
    book = Workbook()
    sheet = book.active
    sheet.append(["楼栋", "房号", "业主"])
    sheet.append(["3栋", "1502", "王秀英"])
    sheet.cell(row=row, column=column, value="x")
    stream = BytesIO()
    book.save(stream)
    stream.seek(0)
    return stream


@pytest.mark.parametrize(("row", "column"), [(1_048_576, 16_384), (1_048_576, 4), (3, 16_384)])
def test_a_stray_cell_far_away_is_not_read_and_costs_nothing(row: int, column: int) -> None:
    stream = _with_stray(row, column)
    started = time.perf_counter()
    table = read_table(stream)
    assert time.perf_counter() - started < 2.0
    assert table.headers == ("楼栋", "房号", "业主")
    assert table.rows == [{"楼栋": "3栋", "房号": "1502", "业主": "王秀英"}]


def test_a_table_ends_after_a_long_run_of_blank_rows() -> None:
    stream = _with_stray(2 + BLANK_RUN + 5, 1)
    assert read_table(stream).row_numbers == [2]
    near = _with_stray(2 + BLANK_RUN - 5, 1)
    assert read_table(near).row_numbers == [2, 2 + BLANK_RUN - 5]


def test_a_sheet_past_the_stated_size_is_refused_with_a_message() -> None:
    book = Workbook(write_only=True)
    sheet = book.create_sheet()
    sheet.append(["房号", "业主"])
    for n in range(30):
        sheet.append([f"1-{n:04d}", f"业主{n}"])
    stream = BytesIO()
    book.save(stream)
    stream.seek(0)
    with pytest.raises(SheetTooLarge, match="more than 20 rows of data"):
        read_rows(stream, max_rows=20)
    stream.seek(0)
    assert len(read_rows(stream, max_rows=31)[1]) == 31
