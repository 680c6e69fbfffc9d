"""The generic table model: Qt's model checks, paging, sorting by raw values, a failing formatter."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from PySide6.QtCore import Qt

from ui.kit.table_model import RIGHT, SORT_ROLE, Column, RowTableModel, sorting_proxy


@dataclass(frozen=True)
class Row:
    """A row as a service would return it."""

    id: int
    name: str
    at: datetime | None


def _broken(_value: object) -> str:
    raise ValueError("formatter bug")


COLUMNS: list[Column[Row]] = [
    Column("Id", lambda r: r.id, align=RIGHT),
    Column("Name", lambda r: r.name, colour=lambda r: "#a3211b" if r.id == 2 else None),
    Column("When", lambda r: r.at),
]
ROWS = [Row(1, "王芳", datetime(2026, 1, 2, 9, 30)), Row(2, "李秀英", None), Row(10, "Ann", None)]


def test_model_passes_qt_model_tester(qtmodeltester) -> None:
    model: RowTableModel[Row] = RowTableModel(COLUMNS, ROWS)
    qtmodeltester.check(model)
    model.append_rows([Row(11, "陈", None)])
    qtmodeltester.check(model)
    assert model.rowCount() == 4


def test_cells_headers_and_alignment() -> None:
    model: RowTableModel[Row] = RowTableModel(COLUMNS, ROWS)
    assert model.headerData(1, Qt.Orientation.Horizontal) == "Name"
    assert model.data(model.index(0, 1)) == "王芳"
    assert model.data(model.index(0, 2)) == "2026-01-02 09:30"
    assert model.data(model.index(1, 2)) == ""
    assert model.data(model.index(0, 0), Qt.ItemDataRole.TextAlignmentRole) == int(RIGHT.value)
    assert model.data(model.index(1, 1), Qt.ItemDataRole.ForegroundRole).name() == "#a3211b"
    assert model.data(model.index(0, 1), Qt.ItemDataRole.ForegroundRole) is None


def test_paging_appends_after_existing_rows(qtbot) -> None:
    model: RowTableModel[Row] = RowTableModel(COLUMNS, ROWS[:1])
    with qtbot.waitSignal(model.rowsInserted) as blocker:
        model.append_rows(ROWS[1:])
    assert blocker.args[1:] == [1, 2]
    assert [r.id for r in model.rows()] == [1, 2, 10]
    model.append_rows([])
    assert model.rowCount() == 3


def test_proxy_sorts_numbers_as_numbers_and_filters_text() -> None:
    model: RowTableModel[Row] = RowTableModel(COLUMNS, ROWS)
    proxy = sorting_proxy(model)
    proxy.sort(0, Qt.SortOrder.DescendingOrder)
    assert [proxy.data(proxy.index(i, 0)) for i in range(3)] == ["10", "2", "1"]
    proxy.setFilterFixedString("秀英")
    assert proxy.rowCount() == 1
    assert model.data(model.index(0, 0), SORT_ROLE) == 1


def test_data_never_raises_even_when_a_formatter_fails(caplog) -> None:
    model: RowTableModel[Row] = RowTableModel([Column("Bad", lambda r: r.id, format=_broken)], ROWS)
    assert model.data(model.index(0, 0)) is None
    assert "cannot show column Bad" in caplog.text
    assert model.data(model.index(99, 0)) is None
    assert model.data(model.index(0, 5)) is None
    assert model.row(99) is None
