"""A workbook is written in bounded memory: rows go to the file as they come, none are kept."""

from __future__ import annotations

import tracemalloc
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

from reports.xlsx import Column, write_table

COLUMNS = (Column("通行证"), Column("姓名"), Column("人数", kind="int"), Column("进入", kind="datetime"))


def _rows(count: int) -> Iterator[tuple[object, ...]]:
    start = datetime(2026, 3, 1, 8, 0)
    for n in range(count):
        yield (f"FK-20260301-{n:06d}", f"访客{n}", n % 4, start + timedelta(seconds=n))


def _peak_of_writing(path: Path, count: int) -> int:
    tracemalloc.start()
    try:
        with path.open("wb") as stream:
            write_table(stream, title="访客", columns=COLUMNS, rows=_rows(count))
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_four_times_the_rows_do_not_take_four_times_the_memory(tmp_path: Path) -> None:
    _peak_of_writing(tmp_path / "warm.xlsx", 10)  # openpyxl's imports and caches, untraced
    small = _peak_of_writing(tmp_path / "small.xlsx", 1_000)
    large = _peak_of_writing(tmp_path / "large.xlsx", 4_000)
    assert (tmp_path / "large.xlsx").stat().st_size > 3 * (tmp_path / "small.xlsx").stat().st_size
    assert large < 1.5 * small, f"{small:,} B for 1,000 rows, {large:,} B for 4,000"


def test_rows_alternating_formula_like_and_plain_text_keep_their_own_quote_prefix(tmp_path: Path) -> None:
    # the writer reuses cells from row to row: a quoted row must not change the rows before or after
    from openpyxl import load_workbook

    texts = ["-5 元差额", "已电话催缴", '=HYPERLINK("http://x")', "王伟", "+86 138"]
    path = tmp_path / "mixed.xlsx"
    with path.open("wb") as stream:
        write_table(stream, title="t", columns=[Column("备注")], rows=[(t,) for t in texts])
    sheet = load_workbook(path).active
    assert sheet is not None
    cells = [sheet.cell(3 + n, 1) for n in range(len(texts))]
    assert [c.value for c in cells] == texts
    assert [c.quotePrefix for c in cells] == [True, False, True, False, True]
    assert {c.data_type for c in cells} == {"s"} and {c.number_format for c in cells} == {"@"}
