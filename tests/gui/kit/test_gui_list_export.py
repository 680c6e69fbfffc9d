"""Exporting lists to Excel: exactly what the view shows, typed cells, audited, personal data guarded."""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from openpyxl.worksheet.worksheet import Worksheet
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QTableView

from frontdesk.auth import Actor, Role
from frontdesk.clock import format_local, to_local
from frontdesk.money import fen_to_text
from tests.conftest import make_actor
from ui.audit.page import AuditPage
from ui.kit import authorize, list_export, messages, paper
from ui.kit.context import AppContext
from ui.kit.table_model import Column, RowTableModel, sorting_proxy
from ui.kit.tasks import TaskRunner
from ui.shell.main_window import MainWindow
from ui.staff.page import StaffPage


@dataclass(frozen=True)
class Charge:
    unit: str
    name: str
    months: int
    fen: int
    due: date
    at: datetime
    remark: str


COLUMNS: list[Column[Charge]] = [
    Column("Unit", lambda c: c.unit),
    Column("Name", lambda c: c.name),
    Column("Months", lambda c: c.months),
    Column("Amount", lambda c: c.fen, format=fen_to_text),
    Column("Due", lambda c: c.due),
    Column("Called at", lambda c: c.at, format=format_local),
    Column("Remark", lambda c: c.remark),
]
AT = datetime(2026, 11, 2, 1, 30)  # stored naive UTC
CHARGES = [
    Charge("1-2-301", "张秀英", 3, 123456, date(2026, 10, 1), AT, '=HYPERLINK("http://x")'),
    Charge("3-1-1502", "王伟", 1, 5, date(2026, 11, 1), AT, "已电话催缴"),
    Charge("5-3-702", "李娜", 12, 1_000_000_01, date(2026, 9, 1), AT, ""),
    Charge("8-1-101", "刘洋", 2, 9900, date(2026, 8, 1), AT, "-5 元差额"),
]


@dataclass
class SaveDialog:
    """Stands in for the save dialog: answers export-1, export-2 … in a folder, records suggestions."""

    folder: Path
    suggested: list[Path]

    def __call__(self, parent: object, *, caption: str, suggested: Path, file_filter: str) -> Path:
        self.suggested.append(suggested)
        return self.folder / f"export-{len(self.suggested)}"

    def last(self) -> Path:
        """The file written after the last answer (".xlsx" is added)."""
        return self.folder / f"export-{len(self.suggested)}.xlsx"


@pytest.fixture
def chosen(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> SaveDialog:
    """The save dialog, replaced the way the program allows (``paper.choose_save_path``)."""
    dialog = SaveDialog(tmp_path / "exports", [])
    dialog.folder.mkdir()
    monkeypatch.setattr(paper, "choose_save_path", dialog)
    return dialog


def _minute(moment: datetime | None) -> datetime:
    """A stored time as the lists show it: local, to the minute."""
    assert moment is not None
    return to_local(moment).replace(second=0, microsecond=0)


def _view(qtbot) -> QTableView:
    model: RowTableModel[Charge] = RowTableModel(COLUMNS, CHARGES)
    view = QTableView()
    qtbot.addWidget(view)
    proxy = sorting_proxy(model, view)
    view.setModel(proxy)
    view.setSortingEnabled(True)
    view.sortByColumn(3, Qt.SortOrder.DescendingOrder)  # by amount, largest first
    proxy.setFilterFixedString("-")  # every unit has a dash …
    view.setRowHidden(1, True)  # … and the user hid one row
    view.horizontalHeader().moveSection(1, 0)  # name before unit
    view.setColumnHidden(4, True)  # no due date
    return view


def _sheet(path: Path) -> Worksheet:
    sheet = openpyxl.load_workbook(path).active
    assert isinstance(sheet, Worksheet)
    return sheet


def _values(path: Path) -> list[list[object]]:
    return [list(row) for row in _sheet(path).iter_rows(min_row=2, values_only=True)]


def test_the_view_is_exported_as_shown_with_typed_cells(
    qtbot, admin_context: AppContext, services, admin: Actor, chosen: SaveDialog
) -> None:
    path = list_export.export_view(
        admin_context, None, _view(qtbot), title="欠费清单", file_stem="欠费", what="arrears"
    )
    assert path is not None and path.name == "export-1.xlsx"
    assert chosen.suggested[0].name.startswith("欠费 ") and chosen.suggested[0].suffix == ".xlsx"
    local = to_local(AT)
    assert _values(path) == [
        ["Name", "Unit", "Months", "Amount", "Called at", "Remark"],
        ["李娜", "5-3-702", 12, 1000000.01, local, None],  # 1-2-301 (second) is hidden by the user
        ["刘洋", "8-1-101", 2, 99, local, "-5 元差额"],
        ["王伟", "3-1-1502", 1, 0.05, local, "已电话催缴"],
    ]
    sheet = _sheet(path)
    assert sheet["A1"].value == "欠费清单"
    assert Decimal(str(sheet["D3"].value)) == Decimal("1000000.01")
    assert (sheet["C3"].number_format, sheet["D3"].number_format, sheet["E3"].number_format) == (
        "0",
        "#,##0.00",
        "yyyy-mm-dd hh:mm",
    )
    entry = services.audit.recent(actor=admin, limit=1)[0]
    assert (entry.action, entry.entity, entry.actor) == ("export", "arrears", "admin")
    assert entry.after == {"rows": 3, "file": "export-1.xlsx", "personal": False}
    assert messages.shown()[-1].text == f"Exported 3 rows to {path}."


def test_formula_like_text_stays_text(qtbot, admin_context: AppContext, chosen: SaveDialog) -> None:
    view = _view(qtbot)
    view.model().setFilterFixedString("")
    view.setRowHidden(1, False)
    path = list_export.export_view(admin_context, None, view, title="t", file_stem="s", what="arrears")
    assert path is not None
    cells = {c.value: c for row in _sheet(path).iter_rows(min_row=3) for c in row if isinstance(c.value, str)}
    formula = cells['=HYPERLINK("http://x")']
    assert formula.data_type == "s" and formula.quotePrefix
    assert cells["-5 元差额"].data_type == "s"


def test_the_staff_page_exports_through_its_button(
    open_window, admin_context: AppContext, services, admin: Actor, chosen: SaveDialog
) -> None:
    make_actor(services, admin, Role.CLERK, "lixy")
    make_actor(services, admin, Role.CLERK, "chen")
    window: MainWindow = open_window(admin_context)
    page = window.open_page("staff")
    assert isinstance(page, StaffPage)
    page.filter.setText("l")  # the clerks, not admin
    page.table.sortByColumn(0, Qt.SortOrder.DescendingOrder)
    page.export_button.click()
    rows = _values(chosen.last())
    assert rows[0] == ["User name", "Name", "Role", "Status", "Last sign-in"]
    listed = {r.username: r for r in services.staff.list(actor=admin)}
    assert rows[1:] == [
        ["lixy", "clerk 张", "Clerk", "Active", _minute(listed["lixy"].last_login_at)],
        ["chen", "clerk 张", "Clerk", "Active", _minute(listed["chen"].last_login_at)],
    ]
    entry = services.audit.recent(actor=admin, limit=1)[0]
    assert (entry.action, entry.entity, entry.after["rows"]) == ("export", "staff", 2)


def _latest(chosen: SaveDialog) -> Path:
    """The file the last save dialog answered (see ``chosen``)."""
    return chosen[-1].parent / f"export-{len(chosen)}.xlsx"


def test_the_audit_page_exports_with_ctrl_e(
    qtbot, open_window, admin_context: AppContext, services, admin: Actor, chosen: SaveDialog
) -> None:
    window: MainWindow = open_window(admin_context)
    page = window.open_page("audit")
    assert isinstance(page, AuditPage)
    shown = page.model.rowCount()
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    rows = _values(chosen.last())
    assert rows[0] == ["Time", "Staff", "From", "Action", "Record", "Changes"]
    assert len(rows) - 1 == shown
    for cells, row in zip(rows[1:], page.model.rows(), strict=True):
        assert cells[0] == _minute(row.at)
        assert cells[1] == row.actor
    entry = services.audit.recent(actor=admin, limit=1)[0]
    assert (entry.action, entry.entity, entry.after["rows"]) == ("export", "audit", shown)


def test_a_clerk_exporting_personal_data_needs_a_supervisor(
    qtbot, make_context, services, admin: Actor, clerk: Actor, chosen: SaveDialog
) -> None:
    make_actor(services, admin, Role.SUPERVISOR, "boss")
    context = make_context(clerk)
    view = _view(qtbot)
    authorize.set_headless(True, [None, authorize.Answer("boss", "wrong-password", "业主委托"),
                                  authorize.Answer("boss", "password-123", "业主委托")])  # fmt: skip
    try:
        assert (
            list_export.export_view(
                context, None, view, title="t", file_stem="s", what="residents", personal=True
            )
            is None
        )
        assert (
            list_export.export_view(
                context, None, view, title="t", file_stem="s", what="residents", personal=True
            )
            is None
        )
        assert authorize.refusals() == ["The user name or the password is wrong."]
        path = list_export.export_view(
            context, None, view, title="t", file_stem="s", what="residents", personal=True
        )
    finally:
        authorize.set_headless(False)
    assert path is not None and len(_values(path)) == 4
    entry = services.audit.recent(actor=admin, limit=1)[0]
    assert (entry.action, entry.actor, entry.entity) == ("export", clerk.username, "residents")
    assert entry.after == {"rows": 3, "file": path.name, "personal": True, "authorized_by": "boss"}
    assert len(chosen.suggested) == 1, "the file is asked for only once authorised"


def test_long_lists_are_written_on_the_worker(qtbot, make_context, admin: Actor, chosen: SaveDialog) -> None:
    charges = [
        Charge(f"{n % 9}-1-{n}", "张秀英", n % 12, n * 37, date(2026, 1, 1), AT, "备注") for n in range(5000)
    ]
    columns = [*COLUMNS, *COLUMNS[:5]]  # 12 columns
    model: RowTableModel[Charge] = RowTableModel(columns, charges)
    view = QTableView()
    qtbot.addWidget(view)
    view.setModel(sorting_proxy(model, view))
    context = make_context(admin)
    context.runner = TaskRunner()
    try:
        started = time.perf_counter()
        path = list_export.export_view(context, view, view, title="t", file_stem="s", what="arrears")
        returned = time.perf_counter() - started
        assert path is not None and not path.exists(), "the GUI thread does not wait for the workbook"
        qtbot.waitUntil(lambda: path.exists() and bool(messages.shown()), timeout=30_000)
    finally:
        context.runner.stop()
    print(f"5,000 x 12: back in the event loop after {returned:.2f} s")
    assert len(_values(path)) == 5001
