"""The meter register on a real database: a building's meters with its public ones, a unit's meter
added by keys (a unit that does not exist and bad digits refused beside their fields, kept typed,
nothing saved), a public area's meter shared by area, a meter retired with a reason (never
deleted), meters imported all or nothing with the row-by-row report, and exported; screenshots at
1366 × 768 in each language with nothing cut short and every Alt-letter reaching its field."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from openpyxl import Workbook
from PySide6.QtWidgets import QApplication, QDialog, QVBoxLayout, QWidget

from frontdesk import audit
from frontdesk.auth import Actor
from frontdesk.clock import local_today
from frontdesk.services import Services
from frontdesk.utilities.kinds import MeterKind, ShareBasis
from frontdesk.utilities.models import Meter
from frontdesk.utilities.service import UtilityService
from tests.qt_helpers import type_text
from tests.unit.frontdesk.utilities.conftest import Block
from ui.kit import messages, paper
from ui.kit.context import AppContext
from ui.kit.keyboard import dead_mnemonics, mnemonic_clashes
from ui.utilities.meter_dialogs import MeterDialog, RetireDialog
from ui.utilities.meters_view import MetersView
from ui.workbooks.utilities import read_sheet

SHOTS = Path(__file__).resolve().parents[3] / "shots" / "utilities"
HOSTS: list[QWidget] = []  # the windows shown, kept alive until the test's end


def host(qtbot, view: QWidget) -> QWidget:
    """The view in a window of the laptop's size, shown and active (Alt-letters reach it)."""
    window = QWidget()
    layout = QVBoxLayout(window)
    layout.setContentsMargins(24, 12, 24, 12)
    layout.addWidget(view)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    HOSTS.append(window)
    return window


@pytest.fixture(autouse=True)
def _hosts() -> Iterator[None]:
    yield
    while HOSTS:
        HOSTS.pop().close()


@pytest.fixture
def view(qtbot, admin_context: AppContext, block: Block) -> MetersView:
    shown = MetersView(admin_context)
    host(qtbot, shown)
    shown.activate()
    assert shown.building.currentData() == block.building
    return shown


def key(qtbot, sequence: str) -> None:
    """Press a key (with its modifiers) where the keyboard is."""
    from PySide6.QtGui import QKeySequence

    combo = QKeySequence(sequence)[0]
    if QApplication.activeWindow() is None and HOSTS:  # a dialog closed: its window has the keyboard again
        HOSTS[-1].activateWindow()
        qtbot.waitUntil(lambda: QApplication.activeWindow() is not None)
    target = QApplication.focusWidget() or QApplication.activeWindow()
    qtbot.keyClick(target, combo.key(), combo.keyboardModifiers())
    qtbot.wait(5)  # what the key queued (a grid's cell is committed after its Enter)


def typed(qtbot, text: str) -> None:
    """Type where the keyboard is, a character at a time (the first key into a grid opens its cell's
    editor, which takes the rest)."""
    for char in text:
        focus = QApplication.focusWidget()
        assert focus is not None
        type_text(qtbot, focus, char)


def open_dialog(qtbot, view: MetersView, sequence: str) -> MeterDialog | RetireDialog:
    key(qtbot, sequence)
    qtbot.waitUntil(lambda: view.dialog is not None and view.dialog.isVisible())
    dialog = view.dialog
    assert isinstance(dialog, MeterDialog | RetireDialog)
    qtbot.waitExposed(dialog)
    qtbot.waitUntil(lambda: dialog.isAncestorOf(QApplication.focusWidget()))
    return dialog


def listed(view: MetersView) -> list[tuple[str, str, str, str]]:
    model = view.proxy
    return [
        tuple(str(model.index(r, c).data()) for c in (0, 1, 2, 3))  # type: ignore[misc]
        for r in range(model.rowCount())
    ]


def test_a_building_lists_its_meters_and_its_public_ones(view: MetersView, block: Block) -> None:
    rows = listed(view)
    assert len(rows) == 7
    assert ("3-1502", "Electricity", "E1502", "40") in rows
    assert ("3栋公共照明 (3)", "Electricity", "P3", "1") in rows
    public = view.model.rows()[[m.number for m in view.model.rows()].index("P3")]
    assert view.model.index(view.model.rows().index(public), 7).data() == "Shared by area"
    assert view.count.text() == "7 meters in use"


def test_a_unit_meter_added_by_keys_bad_input_kept_beside_its_field(
    qtbot, view: MetersView, block: Block, services: Services, admin: Actor
) -> None:
    before = Meter.select().count()
    dialog = open_dialog(qtbot, view, "Alt+N")
    assert isinstance(dialog, MeterDialog)
    assert QApplication.focusWidget() is dialog.unit  # the first thing to type
    assert not dialog.place.isVisible() and not dialog.share.isVisible()
    typed(qtbot, "3-1701")
    key(qtbot, "Alt+K")
    assert QApplication.focusWidget() is dialog.kind
    key(qtbot, "End")  # gas, the last kind
    key(qtbot, "Alt+N")
    typed(qtbot, "G1601")
    key(qtbot, "Alt+G")
    typed(qtbot, "五")
    key(qtbot, "Return")
    assert dialog.isVisible()
    assert dialog.errors.message("digits") == "Type how many digits the dial has, e.g. 5."
    assert dialog.digits.text() == "五" and QApplication.focusWidget() is dialog.digits
    dialog.digits.selectAll()
    typed(qtbot, "5")
    key(qtbot, "Return")  # the unit is looked up as the meter is saved: there is no 3-1701
    assert dialog.isVisible() and dialog.errors.message("unit") == "There is no unit 3-1701."
    assert dialog.unit.text() == "3-1701" and dialog.number.text() == "G1601"
    assert Meter.select().count() == before
    dialog.unit.selectAll()
    typed(qtbot, "1601")  # the number alone: the unit of the building being viewed
    assert dialog.errors.message("unit") == ""
    key(qtbot, "Alt+R")
    dialog.initial.selectAll()
    typed(qtbot, "12")
    key(qtbot, "Return")
    qtbot.waitUntil(lambda: view.dialog is None)
    added = Meter.get(Meter.number == "G1601")
    assert (added.kind, added.unit_id, added.digits, added.initial_reading) == ("gas", block.vacant, 5, 12)
    assert added.installed_on == local_today()  # the day it is typed, unless changed
    assert ("3-1601", "Gas", "G1601", "1") in listed(view)
    assert view.count.text() == "8 meters in use"
    entry = (
        audit.AuditEntry.select()
        .where(audit.AuditEntry.entity == "meter")
        .order_by(audit.AuditEntry.id.desc())
    )
    assert entry.first().action == "create"


def test_a_public_area_meter_is_shared_as_chosen(
    qtbot,
    view: MetersView,
    block: Block,
    utilities: UtilityService,
    admin: Actor,
) -> None:
    dialog = open_dialog(qtbot, view, "Alt+N")
    assert isinstance(dialog, MeterDialog)
    key(qtbot, "Alt+B")
    key(qtbot, "Down")  # a public area
    assert dialog.place.isVisible() and not dialog.unit.isVisible()
    assert dialog.building.currentData() == block.building
    key(qtbot, "Alt+P")
    type_text(qtbot, dialog.place, "3栋电梯")
    key(qtbot, "Alt+H")
    key(qtbot, "Down")  # shared equally
    key(qtbot, "Alt+K")
    key(qtbot, "Down")  # electricity
    key(qtbot, "Alt+N")
    typed(qtbot, "P3L")
    key(qtbot, "Alt+G")
    typed(qtbot, "6")
    key(qtbot, "Return")
    qtbot.waitUntil(lambda: view.dialog is None)
    [meter] = [m for m in utilities.meters(actor=admin, building_id=block.building) if m.number == "P3L"]
    assert (meter.unit_id, meter.building_id, meter.place) == (None, block.building, "3栋电梯")
    assert (meter.kind, meter.share) == (MeterKind.ELECTRICITY, ShareBasis.EQUAL)
    assert ("3栋电梯 (3)", "Electricity", "P3L", "1") in listed(view)


def test_a_meter_is_retired_with_a_reason_and_kept(
    qtbot,
    view: MetersView,
    block: Block,
    utilities: UtilityService,
    admin: Actor,
) -> None:
    assert view.select_meter(block.meters["W1601"])
    view.table.setFocus()
    dialog = open_dialog(qtbot, view, "Alt+E")
    assert isinstance(dialog, RetireDialog)
    assert QApplication.focusWidget() is dialog.reason
    key(qtbot, "Return")
    assert dialog.isVisible() and dialog.errors.message("reason") == "Say why the meter is retired."
    typed(qtbot, "换成智能水表")
    key(qtbot, "Return")
    qtbot.waitUntil(lambda: view.dialog is None)
    assert Meter.get_by_id(block.meters["W1601"]).active is False  # retired, not deleted
    assert "W1601" not in [m.number for m in view.model.rows()]
    key(qtbot, "Alt+R")  # show retired
    qtbot.waitUntil(lambda: "W1601" in [m.number for m in view.model.rows()])
    assert view.retired.isChecked()
    view.select_meter(block.meters["W1601"])
    assert view.current_meter() is not None and not view.retire_button.isEnabled()
    row = [m.number for m in view.model.rows()].index("W1601")
    assert view.model.index(row, 8).data() == "Retired"
    assert view.count.text() == "6 meters in use"


METER_HEADERS = ["房号", "类别", "表号", "倍率", "位数", "初始读数", "安装日期"]


def workbook(path: Path, headers: list[str], rows: list[list[object]]) -> Path:
    """A sheet as an office keeps it: a title row, the headers, the rows."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append([path.stem])
    for row in [headers, *rows]:
        sheet.append(row)
    book.save(path)
    return path


def test_an_import_with_a_wrong_row_is_refused_with_the_report_then_a_good_one_imported(
    qtbot, view: MetersView, block: Block, tmp_path: Path, chosen: list[Path]
) -> None:
    before = Meter.select().count()
    bad = workbook(
        tmp_path / "meters.xlsx",
        METER_HEADERS,
        [
            ["3-1601", "燃气", "G1601", 1, 5, 0, "2024-05-01"],
            ["3-9999", "水", "W9999", 1, 5, 0, "2024-05-01"],
            ["3-1501", "电", "E1501", 1, 6, 0, "2024-05-01"],
        ],
    )
    chosen.append(bad)
    key(qtbot, "Alt+I")
    qtbot.waitUntil(lambda: view.sheets.problems_dialog is not None)
    report = view.sheets.problems_dialog
    assert report is not None and report.isVisible()
    problems = [
        tuple(report.problems.item(r, c).text() for c in (0, 1)) for r in range(report.problems.rowCount())
    ]
    assert problems == [("4", "房号"), ("5", "表号")]
    assert "Nothing was imported" in report.summary.text()
    assert "meters.errors.xlsx" in report.summary.text()
    assert (tmp_path / "meters.errors.xlsx").exists()
    assert Meter.select().count() == before
    report.reject()
    chosen.append(
        workbook(tmp_path / "good.xlsx", METER_HEADERS, [["3-1601", "燃气", "G1601", 1, 5, 0, "2024-05-01"]])
    )
    key(qtbot, "Alt+I")
    qtbot.waitUntil(lambda: "G1601" in [m.number for m in view.model.rows()])
    assert view.sheets.problems_dialog is None
    assert Meter.select().count() == before + 1
    assert messages.shown()[-1].text == "1 meter added."


def test_the_register_is_exported_as_the_import_reads_it(
    qtbot, view: MetersView, block: Block, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "out"
    monkeypatch.setattr(paper, "choose_save_path", lambda *_a, **_k: target)
    key(qtbot, "Alt+X")
    written = tmp_path / "out.xlsx"
    qtbot.waitUntil(written.exists)
    table = read_sheet(written)
    assert len(table.rows) == 7
    assert {str(r["Meter number"]) for r in table.rows} >= {"W1501", "E1502", "P3"}
    assert messages.shown()[-1].text == f"Exported 7 rows to {written}."


@contextmanager
def laptop(language: str) -> Iterator[None]:
    """The program's style and ``language`` (English again afterwards)."""
    from frontdesk import i18n
    from ui.shell.style import apply_style

    SHOTS.mkdir(parents=True, exist_ok=True)
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    font, sheet = app.font(), app.styleSheet()
    apply_style(app)
    i18n.set_language(language)
    try:
        yield
    finally:
        i18n.set_language("en")
        app.setStyleSheet(sheet)
        app.setFont(font)


def fits(qtbot, window: QWidget, name: str) -> None:
    """``window`` shown whole on the laptop, nothing cut short, every Alt-letter reaching one field;
    its screenshot in shots/utilities/NAME.png."""
    from tests.walkthrough.test_every_page import cut_texts

    if not window.isVisible():
        window.show()
        qtbot.waitExposed(window)
    faults = [f"Alt+{k}: {v}" for k, v in mnemonic_clashes(window).items()] + dead_mnemonics(window)
    assert not faults and not cut_texts(window), faults + cut_texts(window)
    frame = window.frameGeometry() if window.isWindow() and isinstance(window, QDialog) else window.geometry()
    assert frame.width() <= 1366 and frame.height() <= 768
    if not isinstance(window, QDialog):  # a tab: it fits the page beside the sidebar, under the tabs
        least = window.minimumSizeHint()
        assert least.width() <= 1366 - 260 and least.height() <= 768 - 160, least
    assert window.grab().save(str(SHOTS / f"{name}.png"))


@pytest.mark.parametrize("language", ["zh_CN", "zh_TW", "en"])
def test_the_register_and_its_dialogs_fit_the_laptop(
    qtbot, admin_context: AppContext, block: Block, language: str
) -> None:
    """At 1366 × 768 in each language (screenshots in shots/utilities/)."""
    with laptop(language):
        view = MetersView(admin_context)
        window = host(qtbot, view)
        view.activate()
        view.table.setFocus()
        view.select_meter(block.meters["P3"])
        fits(qtbot, window, f"meters-{language}")
        meter = view.current_meter()
        assert meter is not None
        unit = MeterDialog(admin_context, view._buildings, block.building, parent=view)
        unit.errors.set("digits", "Type how many digits the dial has, e.g. 5.")
        public = MeterDialog(admin_context, view._buildings, None, public=True, parent=view)
        for name, dialog in (
            ("meter-dialog", unit),
            ("meter-dialog-public", public),
            ("retire-dialog", RetireDialog(admin_context, meter, view)),
        ):
            fits(qtbot, dialog, f"{name}-{language}")
            dialog.reject()
        assert not unit.public() and public.public()
