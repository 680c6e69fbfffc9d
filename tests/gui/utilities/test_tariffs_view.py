"""The tariffs on a real database: each kind's tariffs in words (flat with its add-on, annual tiers
with their bounds), a new tiered tariff typed by keys into the steps grid (Tab through the cells,
Ctrl+Ins for a step), a bad price and falling bounds refused beside the grid naming the step and
kept typed, nothing saved; a clerk may read but not change prices; tariffs imported all or nothing
with the row-by-row report; screenshots at 1366 × 768 in each language."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from frontdesk import i18n
from frontdesk.auth import Actor
from frontdesk.utilities.kinds import MeterKind, TierPeriod
from frontdesk.utilities.models import TariffStep
from frontdesk.utilities.rows import TariffStepInput
from frontdesk.utilities.service import UtilityService
from tests.gui.utilities.test_meters_view import fits, host, key, laptop, typed, workbook
from tests.unit.frontdesk.utilities.conftest import TODAY
from ui.kit import messages
from ui.kit.context import AppContext
from ui.utilities import tariffs_view
from ui.utilities.tariffs_view import TariffDialog, TariffsView, tariff_words

ANNUAL = (
    TariffStepInput(2760, Decimal("0.4883")),
    TariffStepInput(4800, Decimal("0.5383")),
    TariffStepInput(None, Decimal("0.7883")),
)


def test_a_tariff_in_words() -> None:
    electricity = tariff_words(MeterKind.ELECTRICITY, TierPeriod.YEAR, ANNUAL)
    assert electricity == "0–2,760 kWh/year ¥0.4883 · 2,761–4,800 ¥0.5383 · above 4,800 ¥0.7883"
    water = (TariffStepInput(None, Decimal("3.45"), Decimal("0.95")),)
    assert tariff_words(MeterKind.WATER, TierPeriod.MONTH, water) == "¥3.45 per m³ + ¥0.95 add-on"
    monthly = (TariffStepInput(20, Decimal(4)), TariffStepInput(None, Decimal("5.5"), Decimal("1")))
    assert tariff_words(MeterKind.GAS, TierPeriod.MONTH, monthly) == (
        "0–20 m³/month ¥4.00 · above 20 ¥5.50 + ¥1.00 add-on"
    )
    i18n.set_language("zh_CN")
    try:
        assert tariff_words(MeterKind.ELECTRICITY, TierPeriod.YEAR, ANNUAL) == (
            "0–2,760 度/年 ¥0.4883 · 2,761–4,800 ¥0.5383 · 4,800以上 ¥0.7883"
        )
        assert tariff_words(MeterKind.WATER, TierPeriod.MONTH, water) == "每立方米¥3.45 + 附加费¥0.95"
    finally:
        i18n.set_language("en")


@pytest.fixture(autouse=True)
def _today(monkeypatch: pytest.MonkeyPatch) -> None:
    """The desk's day is the core tests' (5 March 2026): a tariff from 2027 is still to come."""
    monkeypatch.setattr(tariffs_view, "local_today", lambda: TODAY)


@pytest.fixture
def view(qtbot, admin_context: AppContext, tariffs: None) -> TariffsView:
    shown = TariffsView(admin_context)
    host(qtbot, shown)
    shown.activate()
    return shown


def shown_rows(view: TariffsView) -> list[tuple[str, ...]]:
    proxy = view.proxy
    return [tuple(str(proxy.index(r, c).data()) for c in range(5)) for r in range(proxy.rowCount())]


def test_each_kind_shows_its_tariffs_in_words(qtbot, view: TariffsView) -> None:
    assert shown_rows(view) == [
        ("Water", "2020-01", "In force", "Flat", "¥3.45 per m³ + ¥0.95 add-on"),
        (
            "Electricity",
            "2020-01",
            "In force",
            "Annual cumulative tiers",
            "0–2,160 kWh/year ¥0.68 · 2,161–4,200 ¥0.73 · above 4,200 ¥0.98",
        ),
    ]
    key(qtbot, "Alt+K")
    key(qtbot, "End")  # gas: none yet
    assert view.proxy.rowCount() == 0
    assert view.admin_note.isHidden() and view.new_button.isEnabled()


def open_tariff_dialog(qtbot, view: TariffsView) -> TariffDialog:
    key(qtbot, "Alt+N")
    qtbot.waitUntil(lambda: view.dialog is not None and view.dialog.isVisible())
    dialog = view.dialog
    assert isinstance(dialog, TariffDialog)
    qtbot.waitUntil(lambda: dialog.isAncestorOf(QApplication.focusWidget()))
    return dialog


def test_a_tiered_tariff_typed_by_keys_bad_cells_kept_with_their_message(
    qtbot, view: TariffsView, utilities: UtilityService, admin: Actor
) -> None:
    before = TariffStep.select().count()
    view.table.clearSelection()
    view.table.setCurrentIndex(view.proxy.index(-1, -1))
    dialog = open_tariff_dialog(qtbot, view)
    assert dialog.steps.rowCount() == 1
    key(qtbot, "Alt+K")
    key(qtbot, "Down")  # electricity
    key(qtbot, "Alt+F")
    typed(qtbot, "2027-01")
    key(qtbot, "Alt+P")
    key(qtbot, "Down")  # annual cumulative
    key(qtbot, "Alt+S")
    assert QApplication.focusWidget() is dialog.steps
    typed(qtbot, "2,760")
    key(qtbot, "Tab")
    typed(qtbot, "0.4883")
    key(qtbot, "Tab")
    key(qtbot, "Ctrl+Ins")
    typed(qtbot, "2000")  # below the step before: the core refuses it
    key(qtbot, "Tab")
    typed(qtbot, "0.5383")
    key(qtbot, "Ctrl+Ins")
    key(qtbot, "Tab")
    typed(qtbot, "0.7883")
    key(qtbot, "Tab")
    typed(qtbot, "一角")  # not a price
    key(qtbot, "Return")  # the cell is taken
    key(qtbot, "Return")  # and the tariff saved
    assert dialog.isVisible()
    assert dialog.errors.message("steps") == "Step 3: Type the price in yuan, e.g. 0.68."
    assert (dialog.steps.currentRow(), dialog.steps.currentColumn()) == (2, 2)
    assert dialog.steps.text(2, 2) == "一角"
    typed(qtbot, "0")
    key(qtbot, "Return")
    key(qtbot, "Return")
    assert dialog.isVisible()
    assert dialog.errors.message("steps") == (
        "Step 2: Each step's upper bound is a whole number above the one before."
    )
    assert (dialog.steps.currentRow(), dialog.steps.currentColumn()) == (1, 0)
    assert TariffStep.select().count() == before  # nothing half-saved
    typed(qtbot, "4800")
    key(qtbot, "Return")
    assert dialog.words.text() == "0–2,760 kWh/year ¥0.4883 · 2,761–4,800 ¥0.5383 · above 4,800 ¥0.7883"
    key(qtbot, "Return")
    qtbot.waitUntil(lambda: view.dialog is None)
    [saved] = [t for t in utilities.tariffs(actor=admin) if t.from_month == "2027-01"]
    assert (saved.kind, saved.period, saved.steps) == (MeterKind.ELECTRICITY, TierPeriod.YEAR, ANNUAL)
    assert shown_rows(view)[1][:3] == ("Electricity", "2027-01", "Coming")


def test_a_new_tariff_starts_from_the_one_under_the_cursor(qtbot, view: TariffsView) -> None:
    view.table.setFocus()
    view.table.setCurrentIndex(view.proxy.index(1, 0))
    dialog = open_tariff_dialog(qtbot, view)
    assert dialog.kind.currentData() == "electricity" and dialog.period.currentData() == "year"
    assert [dialog.steps.text(r, 0) for r in range(dialog.steps.rowCount())] == ["2160", "4200", ""]
    assert QApplication.focusWidget() is dialog.month and dialog.month.selectedText() == dialog.month.text()
    key(qtbot, "Alt+S")
    key(qtbot, "Ctrl+Del")  # the first step goes
    assert [dialog.steps.text(r, 0) for r in range(dialog.steps.rowCount())] == ["4200", ""]
    assert dialog.words.text() == "0–4,200 kWh/year ¥0.73 · above 4,200 ¥0.98"
    key(qtbot, "Escape")
    qtbot.waitUntil(lambda: view.dialog is None)


def test_a_clerk_reads_the_prices_but_does_not_change_them(
    qtbot, clerk_context: AppContext, tariffs: None
) -> None:
    view = TariffsView(clerk_context)
    host(qtbot, view)
    view.activate()
    assert len(shown_rows(view)) == 2
    assert not view.new_button.isEnabled() and not view.import_button.isEnabled()
    assert view.export_button.isEnabled() and view.admin_note.isVisible()
    view.new_tariff()
    assert view.dialog is None


TARIFF_HEADERS = ["类别", "起始月份", "阶梯周期", "阶梯上限", "单价", "附加费"]


def test_tariffs_imported_all_or_nothing(
    qtbot, view: TariffsView, tmp_path: Path, chosen: list[Path]
) -> None:
    before = TariffStep.select().count()
    chosen.append(
        workbook(
            tmp_path / "tariffs.xlsx",
            TARIFF_HEADERS,
            [["燃气", "2027-01", "月", None, "3.2", None], ["燃气", "2027-13", "月", None, "abc", None]],
        )
    )
    key(qtbot, "Alt+I")
    qtbot.waitUntil(lambda: view.sheets.problems_dialog is not None)
    report = view.sheets.problems_dialog
    assert report is not None and report.windowTitle() == "Tariffs not imported"
    problems = {report.problems.item(r, 0).text() for r in range(report.problems.rowCount())}
    assert problems == {"4"}  # the title row, the headers, a good row, then the wrong one
    assert TariffStep.select().count() == before
    report.reject()
    chosen.append(
        workbook(tmp_path / "good.xlsx", TARIFF_HEADERS, [["燃气", "2027-01", "月", None, "3.2", "0.5"]])
    )
    key(qtbot, "Alt+I")
    qtbot.waitUntil(lambda: len(shown_rows(view)) == 3)
    assert shown_rows(view)[2] == ("Gas", "2027-01", "Coming", "Flat", "¥3.20 per m³ + ¥0.50 add-on")
    assert messages.shown()[-1].text == "1 tariff saved."


@pytest.mark.parametrize("language", ["zh_CN", "zh_TW", "en"])
def test_the_tariffs_and_the_dialog_fit_the_laptop(
    qtbot, admin_context: AppContext, tariffs: None, language: str
) -> None:
    """At 1366 × 768 in each language (screenshots in shots/utilities/)."""
    with laptop(language):
        view = TariffsView(admin_context)
        window = host(qtbot, view)
        view.activate()
        view.table.setCurrentIndex(view.proxy.index(1, 0))
        fits(qtbot, window, f"tariffs-{language}")
        dialog = TariffDialog(admin_context, view.current_tariff(), view)
        dialog.errors.set("steps", "Step 2: Each step's upper bound is a whole number above the one before.")
        fits(qtbot, dialog, f"tariff-dialog-{language}")
        dialog.reject()
