"""The Fees page: bill a month, the units in arrears (filter, sort, open, export), late fees, the tile."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from openpyxl.worksheet.worksheet import Worksheet
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QApplication, QTableView

from frontdesk.auth import Actor
from frontdesk.clock import local_today
from frontdesk.errors import ValidationError
from frontdesk.estate.arrears_list import ArrearsListRow
from frontdesk.estate.ledger import ArrearsSummary
from frontdesk.estate.models import Estate
from frontdesk.money import fen_to_text
from frontdesk.services import Services
from tests.qt_helpers import type_text
from ui.estate.account_view import AccountDialog
from ui.estate.page import RegistryPage
from ui.fees.bill import BillingDialog, rate_fen
from ui.fees.model import UnitOrder, columns
from ui.fees.page import FeesPage
from ui.kit import paper
from ui.kit.context import AppContext
from ui.kit.table_model import SORT_ROLE, RowTableModel
from ui.settings.office import OfficeSettingsPanel
from ui.shell.today import TodayPage

LATE = "late_fee_per_day_permyriad"


@dataclass(frozen=True)
class Units:
    """The small estate: three occupied units (one in building 2), one vacant."""

    u101: int
    u102: int
    u201: int
    vacant: int


@pytest.fixture
def units(services: Services, admin: Actor) -> Units:
    """Buildings 1栋 and 2栋; 1-101 89.37 m², 1-102 120 m², 2-201 66.5 m² occupied; 1-103 vacant."""
    estate, estate_id = services.estate, Estate.get().id
    b1 = estate.add_building(actor=admin, estate_id=estate_id, name="1栋")
    b2 = estate.add_building(actor=admin, estate_id=estate_id, name="2栋")
    made = [
        estate.add_unit(actor=admin, building_id=b, number=n, area_m2=a, status=s).id
        for b, n, a, s in (
            (b1.id, "101", "89.37", "occupied"),
            (b1.id, "102", "120", "occupied"),
            (b2.id, "201", "66.5", "occupied"),
            (b1.id, "103", "70", "vacant"),
        )
    ]
    estate.add_resident(actor=admin, unit_id=made[0], kind="owner", name="王秀英", phone="13912345678")
    estate.add_resident(actor=admin, unit_id=made[1], kind="owner", name="李建国", phone="13698765432")
    return Units(*made)


@pytest.fixture
def save_to(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """The save dialog answers tmp_path/arrears.xlsx."""
    path = tmp_path / "arrears.xlsx"
    monkeypatch.setattr(paper, "choose_save_path", lambda *_a, **_k: path)
    return path


def _page(qtbot, context: AppContext, navigator: object = None) -> FeesPage:
    page = FeesPage(context, navigator)  # type: ignore[arg-type]
    qtbot.addWidget(page)
    page.resize(1200, 600)
    page.show()
    page.activate()
    return page


def _bill(qtbot, page: FeesPage, month: str, rate: str, due_days_ago: int) -> BillingDialog:
    page.bill_button.click()
    dialog = page.dialog
    assert isinstance(dialog, BillingDialog)
    dialog.month.setText(month)
    due = local_today() - timedelta(days=due_days_ago)
    dialog.due.setDate(QDate(due.year, due.month, due.day))
    dialog.rate.clear()
    type_text(qtbot, dialog.rate, rate)
    return dialog


def _shown(page: FeesPage) -> list[list[str]]:
    proxy = page.table.model()
    return [
        [str(proxy.index(r, c).data() or "") for c in range(proxy.columnCount())]
        for r in range(proxy.rowCount())
    ]


def _as_shown(value: object, text: str) -> str:
    """A cell read back from the workbook written the way the list shows it."""
    if isinstance(value, int | float) and "." in text:  # money: yuan as a number
        return fen_to_text(int(Decimal(str(value)) * 100))
    if isinstance(value, date | datetime):
        return value.isoformat()[: len(text)]
    return str(value)


def _headers(page: FeesPage) -> list[str]:
    return [page.model.headerData(c, Qt.Orientation.Horizontal) for c in range(page.model.columnCount())]


def _month(days_ago: int) -> str:
    return (local_today() - timedelta(days=days_ago)).strftime("%Y-%m")


def test_rates_are_read_exactly() -> None:
    assert str(rate_fen("1.875")) == "187.500"
    assert str(rate_fen("２.３５元")) == "235.00"
    for bad in ("", "abc", "0", "-1"):
        with pytest.raises(ValidationError, match="yuan per m²"):
            rate_fen(bad)


def test_bill_a_month_preview_then_run_and_never_twice(
    qtbot, admin_context: AppContext, services: Services, admin: Actor, units: Units
) -> None:
    page = _page(qtbot, admin_context)
    assert page.model.rowCount() == 0
    month = _month(40)
    dialog = _bill(qtbot, page, month, "1.875", 30)
    assert not dialog.bill_button.isEnabled(), "Bill waits for a preview"
    dialog.preview_button.click()
    # 89.37 × 187.5 = 16756.875 → 16757; 120 → 22500; 66.5 → 12468.75 → 12469 (half-up)
    assert "3 occupied units will be charged, ¥517.26 in all" in dialog.outcome.text()
    assert services.estate.arrears_totals(actor=admin).units == 0, "a preview charges nobody"
    dialog.bill_button.click()
    assert "charged 3 units, ¥517.26 in all" in dialog.outcome.text()
    assert [row[0] for row in _shown(page)] == ["1-101", "1-102", "2-201"]
    assert _shown(page)[0][1:4] == ["王秀英", page.model.rows()[0].phone_masked, "167.57"]
    assert "5678" in _shown(page)[0][2] and "12345678" not in _shown(page)[0][2]
    dialog.preview_button.click()
    assert "3 units already billed for this month are skipped" in dialog.outcome.text()
    dialog.bill_button.setEnabled(True)  # even if pressed again, the core charges nobody twice
    dialog.bill_button.click()
    assert "charged 0 units" in dialog.outcome.text()
    assert services.estate.arrears_totals(actor=admin).total_fen == 51726
    dialog.rate.clear()
    type_text(qtbot, dialog.rate, "abc")
    dialog.preview_button.click()
    assert "yuan per m²" in dialog.errors.message("rate_fen_per_m2")


def test_overdue_rows_say_so_by_text_and_colour_and_filter(
    qtbot, admin_context: AppContext, services: Services, admin: Actor, units: Units
) -> None:
    page = _page(qtbot, admin_context)
    _bill(qtbot, page, _month(40), "2", 30).bill_button.setEnabled(True)
    assert isinstance(page.dialog, BillingDialog)
    page.dialog.bill_button.click()
    services.estate.add_charge(
        actor=admin, unit_id=units.vacant, kind="other", amount_fen=5000, due_date=local_today(), period=""
    )
    page.reload()
    rows = {row[0]: row for row in _shown(page)}
    assert set(rows) == {"1-101", "1-102", "1-103", "2-201"}
    status = page.model.columnCount() - 3  # Status, then last reminder and promise
    assert rows["1-101"][5] == "30" and "Overdue" in rows["1-101"][status]
    assert rows["1-103"][5] == "0" and "Overdue" not in rows["1-103"][status]
    red = page.model.index(0, 3).data(Qt.ItemDataRole.ForegroundRole)
    assert red is not None and red.name() == "#b3261e"
    page.building.setCurrentIndex(page.building.findText("2栋"))
    assert [row[0] for row in _shown(page)] == ["2-201"]
    page.building.setCurrentIndex(0)
    type_text(qtbot, page.min_amount, "200")
    assert [row[0] for row in _shown(page)] == ["1-102"]  # 240.00; 1-101 owes 178.74
    page.min_amount.clear()
    page.min_days.setValue(1)
    assert "1-103" not in [row[0] for row in _shown(page)]
    assert "3 units in arrears" in page.summary.text()
    page.min_days.setValue(0)
    page.table.sortByColumn(3, Qt.SortOrder.DescendingOrder)
    assert [row[0] for row in _shown(page)] == ["1-102", "1-101", "2-201", "1-103"]


def test_export_reads_back_cell_by_cell(
    qtbot, admin_context: AppContext, services: Services, admin: Actor, units: Units, save_to: Path
) -> None:
    services.estate.bill_management_fees(
        actor=admin, period=_month(40), rate_fen_per_m2="187.5", due_date=local_today() - timedelta(days=9)
    )
    services.estate.log_collection(
        actor=admin, unit_id=units.u101, method="phone", promised_date=local_today() + timedelta(days=5)
    )
    page = _page(qtbot, admin_context)
    page.table.sortByColumn(3, Qt.SortOrder.DescendingOrder)
    page.export_button.click()
    sheet = openpyxl.load_workbook(save_to).active
    assert isinstance(sheet, Worksheet)
    cells = [["" if v is None else v for v in row] for row in sheet.iter_rows(values_only=True)]
    proxy = page.table.model()
    headers = [proxy.headerData(c, Qt.Orientation.Horizontal) for c in range(proxy.columnCount())]
    header_row = next(n for n, row in enumerate(cells) if row[: len(headers)] == headers)
    body = cells[header_row + 1 :]
    assert len(body) == 3
    for shown, written in zip(_shown(page), body, strict=True):
        for text, value in zip(shown, written, strict=False):
            assert _as_shown(value, text) == text
    assert [row[0] for row in body] == ["1-102", "1-101", "2-201"]
    entry = services.audit.recent(actor=admin, limit=1)[0]
    assert (entry.action, entry.entity, entry.after["rows"], entry.after["personal"]) == (
        "export",
        "arrears",
        3,
        True,
    )


def test_enter_opens_the_unit_on_the_residents_page(
    qtbot, open_window, admin_context: AppContext, services: Services, admin: Actor, units: Units
) -> None:
    services.estate.bill_management_fees(
        actor=admin, period=_month(40), rate_fen_per_m2=100, due_date=local_today() - timedelta(days=3)
    )
    window = open_window(admin_context)
    page = window.open_page("fees")
    assert isinstance(page, FeesPage)
    page.table.setFocus()
    page.table.selectRow(1)
    page.table.setCurrentIndex(page.table.model().index(1, 0))
    qtbot.keyClick(page.table, Qt.Key.Key_Return)
    registry = window.workspace.page("registry")
    assert isinstance(registry, RegistryPage) and window.workspace.current_page_id() == "registry"
    qtbot.waitUntil(lambda: registry.panel.data is not None and registry.panel.data.unit.id == units.u102)
    assert "李建国" in registry.panel.text()


def test_the_late_fee_rate_changes_the_figures(
    qtbot, admin_context: AppContext, services: Services, admin: Actor, units: Units
) -> None:
    services.estate.bill_management_fees(
        actor=admin, period=_month(40), rate_fen_per_m2=100, due_date=local_today() - timedelta(days=10)
    )
    page = _page(qtbot, admin_context)
    assert "Late fee (¥)" not in [
        page.model.headerData(c, Qt.Orientation.Horizontal) for c in range(page.model.columnCount())
    ]
    panel = OfficeSettingsPanel(admin_context)
    qtbot.addWidget(panel)
    panel.load()
    box = panel.boxes[LATE]
    assert (box.value(), box.minimum(), box.maximum()) == (0, 0, 30)
    box.setValue(5)
    panel.save_button.click()
    assert services.settings.get(LATE) == 5
    assert services.audit.recent(actor=admin, limit=1)[0].entity_id == LATE
    # the bus said "setting": the page reloaded with the late fee column
    headers = _headers(page)
    assert "Late fee (¥)" in headers
    late = headers.index("Late fee (¥)")
    # 1-102: 120 m² × 100 fen = 12,000 fen, 10 days at 5/10,000 = 60 fen
    row = next(r for r in _shown(page) if r[0] == "1-102")
    assert row[late] == "0.60" and "late fees ¥" in page.summary.text()
    registry = RegistryPage(admin_context)
    qtbot.addWidget(registry)
    registry.show_unit(units.u102)
    qtbot.waitUntil(lambda: registry.panel.data is not None)
    assert "Late fee ¥0.60 (5/10,000 a day, not charged)" in registry.panel.text()
    account = AccountDialog(admin_context, units.u102, "1-102")
    qtbot.addWidget(account)
    assert "Late fee ¥0.60 (5/10,000 a day, not charged)" in account.summary.text()
    services.settings.set(actor=admin, key=LATE, value=0)
    admin_context.bus.notify("setting")
    assert "Late fee (¥)" not in _headers(page) and "late fees" not in page.summary.text()
    account.reload()
    assert "Late fee" not in account.summary.text()


def test_the_today_tile_counts_units_in_arrears(
    qtbot, admin_context: AppContext, services: Services, admin: Actor, units: Units
) -> None:
    today = TodayPage(admin_context)
    qtbot.addWidget(today)
    today.activate()
    tile = today.tile("arrears")
    assert tile is not None and tile.value_label.text() == "0"
    services.estate.bill_management_fees(
        actor=admin, period=_month(40), rate_fen_per_m2=100, due_date=local_today() - timedelta(days=1)
    )
    admin_context.bus.notify("estate")
    assert tile.value_label.text() == "3 units" and "¥275.87" in tile.detail_label.text()


def test_the_models_pass_the_model_tester(
    qtbot, qtmodeltester, admin_context: AppContext, services: Services, admin: Actor, units: Units
) -> None:
    services.estate.bill_management_fees(
        actor=admin, period=_month(40), rate_fen_per_m2=100, due_date=local_today() - timedelta(days=1)
    )
    page = _page(qtbot, admin_context)
    qtmodeltester.check(page.model)
    qtmodeltester.check(page.proxy)
    assert QApplication.instance() is not None


def test_units_sort_in_natural_order_and_by_amount(qtbot, qtmodeltester) -> None:
    def row(code: str, fen: int) -> ArrearsListRow:
        summary = ArrearsSummary(1, local_today(), fen, 0, local_today(), 3)
        return ArrearsListRow(1, code, 1, "", (), "", summary)

    model = RowTableModel(columns(False), [row("10-101", 500), row("2-1001", 300), row("2-201", 900)])
    view = QTableView()
    qtbot.addWidget(view)
    proxy = UnitOrder(view)
    proxy.setSourceModel(model)
    proxy.setSortRole(SORT_ROLE)
    qtmodeltester.check(proxy)
    proxy.sort(0)
    assert [proxy.index(r, 0).data() for r in range(3)] == ["2-201", "2-1001", "10-101"]
    proxy.sort(3, Qt.SortOrder.DescendingOrder)
    assert [proxy.index(r, 0).data() for r in range(3)] == ["2-201", "10-101", "2-1001"]
