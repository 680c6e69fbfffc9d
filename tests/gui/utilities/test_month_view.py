"""The month view on a real database: the table read back, closing refused then done, documents, chart.

The building, meters and tariffs are the hand-worked ones of ``tests/unit/frontdesk/utilities``
(January 2026: 3-1501 water 52.80, electricity 1,462.00, its share of the public lighting 10.20 …).
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from io import BytesIO
from pathlib import Path

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget

from frontdesk.auth import Actor
from frontdesk.estate.models import Charge
from frontdesk.i18n import current_language, set_language
from frontdesk.utilities.kinds import Flag, MonthStatus
from frontdesk.utilities.service import UtilityService
from tests.gui.conftest import ContextFactory
from tests.unit.frontdesk.utilities.conftest import Block
from tests.unit.frontdesk.utilities.test_month import JANUARY, _read
from ui.kit import messages, paper
from ui.kit.context import AppContext
from ui.kit.tasks import TaskRunner
from ui.utilities.month_dialogs import AdjustDialog
from ui.utilities.month_documents import Request, table_xlsx
from ui.utilities.month_model import Role
from ui.utilities.month_progress import Cancelled, Watch
from ui.utilities.month_view import MonthView

ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture
def chinese() -> Iterator[None]:
    before = current_language()
    set_language("zh_CN")
    yield
    set_language(before)


@pytest.fixture
def january(utilities: UtilityService, clerk: Actor, block: Block, tariffs: None) -> None:
    _read(utilities, clerk, block, "2026-01", {**JANUARY, "W1601": 90})  # below the previous 100: a flag


@pytest.fixture
def context(make_context: ContextFactory, admin: Actor) -> AppContext:
    return make_context(admin)


def _view(qtbot, context: AppContext, month: str = "2026-01") -> MonthView:
    view = MonthView(context)
    qtbot.addWidget(view)
    view.month.setText(month)
    view.resize(1366, 768)
    view.show()
    qtbot.waitExposed(view)
    view.reload()
    return view


def _cells(view: MonthView) -> list[list[str]]:
    model = view.model
    return [
        [str(model.index(r, c).data() or "") for c in range(model.columnCount())]
        for r in range(model.rowCount())
    ]


def _row(cells: list[list[str]], place: str, kind: str) -> list[str]:
    return next(r for r in cells if r[0] == place and r[2] == kind)


def _confirm_the_flag(utilities: UtilityService, clerk: Actor, block: Block) -> None:
    rows = utilities.round_rows(actor=clerk, month="2026-01", building_id=block.building)
    flagged = next(r for r in rows if r.meter_number == "W1601")
    assert flagged.flag is Flag.BELOW and flagged.reading_id is not None
    utilities.confirm_flag(
        actor=clerk, reading_id=flagged.reading_id, version=flagged.version, reason="表已核对，读数无误"
    )


def test_the_table_reads_back_with_its_subtotals_total_and_what_keeps_it_open(
    qtbot, context: AppContext, january: None
) -> None:
    view = _view(qtbot, context)
    cells = _cells(view)
    headers = [view.model.headerData(c, Qt.Orientation.Horizontal) for c in range(view.model.columnCount())]
    assert headers == [
        *("Unit or place", "Resident", "Kind", "Meter", "Previous", "Current"),
        *("Multiplier", "Usage", "Amount", "Flags"),
    ]
    assert cells[0][0] == "3栋"  # the building's heading
    water = _row(cells, "3-1501", "Water")
    assert water[1] == "李秀英" and water[3] == "W1501" and water[4:8] == ["100", "112", "1", "12 m³"]
    assert water[8] == "52.80"
    assert _row(cells, "3-1502", "Electricity")[6:9] == ["40", "400 kWh", "272.00"]  # 10 on the dial × 40
    assert _row(cells, "3-1601", "Water")[9] == "Below the previous reading"
    assert cells[-1][0] == "Total" and cells[-1][8] == "1,829.20"
    subtotal = next(r for r in cells if r[0] == "Subtotal 3栋")
    assert subtotal[8] == cells[-1][8]  # one building: its subtotal is the total
    flagged = view.model.row(next(i for i, r in enumerate(cells) if r[0] == "3-1601" and r[2] == "Water"))
    assert flagged is not None and flagged.unresolved and flagged.role is Role.LINE
    assert "rounded half-up" in view.note.text()
    assert "2026-01 is open" in view.state.text()
    attention = view.attention.text()
    assert view.attention.isVisible() and "3-1601 Water (Below the previous reading)" in attention
    assert "Meter round" in attention
    view.building.setCurrentIndex(1)  # 3栋: its own section, without the estate's total
    section = _cells(view)
    assert (
        section[0][0] == "3栋" and section[-1][0] == "3栋公共照明" and all(r[0] != "Total" for r in section)
    )


def test_closing_is_refused_while_a_flag_remains_then_posts_the_charges(
    qtbot,
    context: AppContext,
    january: None,
    utilities: UtilityService,
    clerk: Actor,
    block: Block,
) -> None:
    view = _view(qtbot, context)
    messages.set_headless(True)
    qtbot.mouseClick(view.close_button, Qt.MouseButton.LeftButton)
    shown = messages.shown()
    assert shown[0].kind == "confirm" and "Close 2026-01?" in shown[0].text
    assert "5 charges will be posted on the accounts of 3 units, ¥1,829.20 in all" in shown[0].detail
    assert shown[-1].kind == "warning" and "2026-01 cannot close: 1 readings are missing" in shown[-1].text
    assert "Not closed" in view.progress.status.text()
    assert utilities.month(actor=clerk, month="2026-01").status is MonthStatus.OPEN
    assert Charge.select().where(Charge.period == "2026-01").count() == 0

    _confirm_the_flag(utilities, clerk, block)
    view.reload()
    assert view.attention.isHidden()
    messages.set_headless(True)
    view.close_month()
    assert [m.kind for m in messages.shown()] == ["confirm"]
    assert view.progress.bar.value() == 100 and view.progress.watch is not None
    assert "2026-01 is closed: by admin" in view.state.text() and "¥1,829.20 posted" in view.state.text()
    assert Charge.select().where(Charge.period == "2026-01").count() == 5  # 3-1601: its share of P3 only
    assert not view.close_button.isEnabled()

    # an adjustment after closing, from the chosen unit line
    cells = _cells(view)
    row = next(i for i, r in enumerate(cells) if r[0] == "3-1501" and r[2] == "Water")
    view.table.setCurrentIndex(view.model.index(row, 0))
    assert view.adjust_button.isEnabled()
    line = view.selected_line()
    assert line is not None
    dialog = AdjustDialog(context, view, month="2026-01", line=line)
    qtbot.addWidget(dialog)
    dialog.amount.setText("abc")
    dialog.submit()
    assert dialog.errors.message("amount_fen") and dialog.saved is None  # said beside the field
    dialog.amount.setText("-12.50")
    dialog.submit()
    assert dialog.errors.message("reason") and dialog.saved is None  # a reason is needed
    dialog.reason.setText("读数更正：112 应为 110")
    dialog.submit()
    assert (
        dialog.saved is not None and dialog.saved.amount_fen == -1250 and dialog.saved.unit_code == "3-1501"
    )
    assert "1 adjustment since, ¥-12.50." in view.state.text()  # the bus reloaded the view


def test_the_documents_are_written_with_progress_and_read_back_in_chinese(
    qtbot, context: AppContext, january: None, chinese: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    view = _view(qtbot, context)
    targets = iter([tmp_path / "table.xlsx", tmp_path / "table.pdf", tmp_path / "notices.pdf"])
    monkeypatch.setattr(paper, "choose_save_path", lambda *_a, **_k: next(targets))

    view.save_xlsx()
    assert view.progress.bar.value() == 100 and view.progress.watch is not None
    assert view.progress.watch.percent == 100
    workbook = load_workbook(BytesIO((tmp_path / "table.xlsx").read_bytes()))
    assert workbook.sheetnames == ["汇总", "3栋"]
    sheet = workbook["3栋"]
    assert sheet["A1"].value.startswith("水电费月度表 2026-01")
    assert [c.value for c in sheet[3]][:4] == ["3-1501", "李秀英", "水费", "W1501"]

    view.save_pdf()
    assert view.progress.watch.percent == 100 and view.progress.bar.value() == 100
    text = _pdftotext(tmp_path / "table.pdf")
    assert "水电费月度表 2026-01" in text and "李秀英" in text and "逐月对比" in text and "1,829.20" in text
    assert view.history is not None and len(view.history.months) == 12  # gathered for the chart in the PDF

    view.write_notices(None, "a4x2")
    assert view.progress.watch.percent == 100
    notices = tmp_path / "notices.pdf"
    pages = _pdftotext(notices).split("\f")
    assert len([p for p in pages if p.strip()]) == 2  # three units, two to a sheet
    assert "水电费交费通知单 2026-01" in pages[0] and "3-1501" in pages[0] and "3-1502" in pages[0]
    assert not list(tmp_path.glob("*.part"))
    assert [m.kind for m in messages.shown()] == []  # nothing went wrong


def test_on_the_worker_thread_the_bar_fills_and_cancel_leaves_no_file(
    qtbot, context: AppContext, january: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    runner = TaskRunner()
    context.runner = runner
    try:
        view = _view(qtbot, context)
        qtbot.waitUntil(lambda: view.loaded is not None and not view.progress.running())
        monkeypatch.setattr(paper, "choose_save_path", lambda *_a, **_k: tmp_path / "threaded.pdf")
        view.save_pdf()
        assert view.progress.running() and not view.xlsx_button.isEnabled()  # nothing else meanwhile
        qtbot.waitUntil(lambda: not view.progress.running(), timeout=30000)
        assert view.progress.bar.value() == 100 and (tmp_path / "threaded.pdf").exists()
    finally:
        runner.stop()
    request = Request(
        context.services, context.require_actor(), None, "2026-01", None, view.loaded, None, None
    )  # fmt: skip
    watch = Watch()
    watch.cancelled = True
    with pytest.raises(Cancelled):
        table_xlsx(request, tmp_path / "cancelled.xlsx", watch)
    assert not list(tmp_path.glob("cancelled*"))  # neither the file nor its partial


def test_the_chart_loads_qt_charts_only_when_shown(qtbot, context: AppContext, january: None) -> None:
    probe = "import sys, ui.utilities.month_view; print('PySide6.QtCharts' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"
    view = _view(qtbot, context)
    assert view.chart is None
    view.tabs.setCurrentWidget(view.chart_page)
    assert view.chart is not None and view.history is not None
    assert view.history.months[0] == "2025-02" and view.history.months[-1] == "2026-01"
    sets = {s.label(): [s.at(i) for i in range(s.count())] for s in view.chart.sets}
    assert sets["Water"][-1] == pytest.approx(74.8) and sets["Water"][:-1] == [0] * 11
    assert sets["Electricity"][-1] == pytest.approx(1754.4)
    view.measure.setCurrentIndex(view.measure.findData("electricity"))
    (usage,) = view.chart.sets
    assert usage.at(11) == pytest.approx(
        2550
    )  # 2,150 + 400 + 0 (the public meter's reach the units as shares)
    assert "nothing to compare with" in view.change.text()


@pytest.mark.parametrize("language", ["zh_CN", "zh_TW", "en"])
def test_screenshots_at_1366_by_768_nothing_cut_off(
    qtbot, context: AppContext, january: None, language: str, tmp_path: Path
) -> None:
    before = current_language()
    set_language(language)
    try:
        view = _view(qtbot, context)
        view.tabs.setCurrentWidget(view.chart_page)
        window = QApplication.activeWindow() or view
        assert isinstance(window, QWidget)
        hint = view.minimumSizeHint()
        assert hint.width() <= 1366 and hint.height() <= 600  # fits the page area under the shell's bars
        for button in (view.close_button, view.notices_button, view.preview_button):
            assert button.width() >= button.sizeHint().width()  # no caption cut
        target = Path(os.environ.get("FRONTDESK_SHOTS", tmp_path))  # set it to look at them
        view.tabs.setCurrentWidget(view.table)
        view.grab().save(str(target / f"utilities-month-{language}.png"))
        view.tabs.setCurrentWidget(view.chart_page)
        qtbot.wait(50)  # the chart's layout and scene settle
        assert view.chart is not None and view.chart.height() >= 300
        view.grab().save(str(target / f"utilities-month-chart-{language}.png"))
    finally:
        set_language(before)


def _pdftotext(path: Path) -> str:
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
