"""Rows of placed cells skip openpyxl's per-value conversion, and the sheet written is the same."""

from __future__ import annotations

import io
import zipfile
from datetime import datetime

import pytest

from reports import xlsx
from reports.xlsx import Column, write_table

COLUMNS = (
    Column("通行证"), Column("人数", kind="int"), Column("金额", kind="money"),
    Column("进入", kind="datetime"), Column("备注"),
)  # fmt: skip
ROWS = [
    ("FK-1", 2, 12_345, datetime(2026, 3, 1, 8, 5), "=1+1"),
    ("FK-2", None, 0, None, "王伟"),
    (None, 0, None, datetime(2026, 3, 1, 9, 0), "-5 元差额"),
]


def _sheet_xml() -> bytes:
    stream = io.BytesIO()
    write_table(stream, title="访客", columns=COLUMNS, rows=ROWS)
    with zipfile.ZipFile(stream) as book:
        return book.read("xl/worksheets/sheet1.xml")


def test_the_sheet_is_the_one_openpyxl_writes_the_slow_way(monkeypatch: pytest.MonkeyPatch) -> None:
    fast = _sheet_xml()
    monkeypatch.setattr(xlsx, "_take_cells_as_given", lambda sheet: None)  # openpyxl converts each item
    assert fast == _sheet_xml()
    assert b'r="E3"' in fast and b'r="A5"' not in fast  # cells where they belong, empty ones left out


def test_openpyxl_still_has_the_conversion_step_the_export_skips() -> None:
    """Another openpyxl would still write correct sheets, only slower: this says when to look again."""
    from openpyxl.worksheet._write_only import WriteOnlyWorksheet

    assert callable(getattr(WriteOnlyWorksheet, "_values_to_row", None))
