"""The slip list a page at a time: the newest slips first, older ones as the clerk scrolls down by key."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from frontdesk.auth import Actor
from frontdesk.demo import load_demo
from frontdesk.services import Services
from ui.kit import authorize, paper
from ui.kit.context import AppContext
from ui.shell.style import apply_style
from ui.slips import slip_list
from ui.slips.page import SlipsPage

PAGE = 7  # a small page, so a small estate's slips make several


@pytest.fixture
def page(qtbot, admin_context: AppContext, services: Services, admin: Actor, monkeypatch) -> SlipsPage:
    load_demo(actor=admin, units=30, years=1, seed=1)
    apply_style(QApplication.instance())  # the program's fonts and row heights, whichever test ran before
    monkeypatch.setattr(slip_list, "PAGE_SIZE", PAGE)
    widget = SlipsPage(admin_context)
    qtbot.addWidget(widget)
    widget.resize(1200, 360)  # the first page overflows the list, as a real page of 100 does
    widget.show()
    widget.activate()
    widget.tabs.setCurrentWidget(widget.list)
    listed = widget.list
    listed.period.setCurrentIndex(listed.period.findData("all"))  # every date: the whole history
    qtbot.waitUntil(lambda: listed.model.rowCount() == PAGE)
    listed.table.setFocus()
    return widget


def _newest_first(services: Services, admin: Actor) -> list[str]:
    return [row.number for row in services.slips.list_slips(actor=admin, limit=5000)]


def test_the_list_shows_the_newest_page_and_the_next_as_the_clerk_scrolls(
    qtbot, page: SlipsPage, services: Services, admin: Actor
) -> None:
    every = _newest_first(services, admin)
    assert len(every) > 3 * PAGE
    listed = page.list
    assert [r.number for r in listed.model.rows()] == every[:PAGE]
    while listed.model.rowCount() < len(every):  # Ctrl+End: to the last slip listed, the next page comes
        shown = listed.model.rowCount()
        qtbot.keyClick(listed.table, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
        qtbot.waitUntil(lambda shown=shown: listed.model.rowCount() > shown, timeout=15000)
        assert listed.model.rowCount() == min(shown + PAGE, len(every))
    qtbot.keyClick(listed.table, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)  # the end: no more
    assert [r.number for r in listed.model.rows()] == every  # each slip once, newest first
    assert listed.model.complete


def test_a_new_filter_starts_again_from_its_newest_page(
    qtbot, page: SlipsPage, services: Services, admin: Actor
) -> None:
    listed = page.list
    qtbot.keyClick(listed.table, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: listed.model.rowCount() == 2 * PAGE)
    number = _newest_first(services, admin)[-1]  # the oldest slip: not among the pages shown
    listed.show_slip(number)
    qtbot.waitUntil(lambda: [r.number for r in listed.model.rows()] == [number])
    assert listed.selected() is not None and listed.selected().number == number  # type: ignore[union-attr]


def test_an_export_reads_the_pages_not_yet_shown(
    qtbot, page: SlipsPage, services: Services, admin: Actor, tmp_path: Path, monkeypatch
) -> None:
    monkeypatch.setattr(slip_list, "EXPORT_ROWS", 4 * PAGE)
    monkeypatch.setattr(paper, "choose_save_path", lambda *_a, **_k: tmp_path / "slips.xlsx")
    monkeypatch.setattr(authorize, "ask_supervisor", lambda *_a, **_k: None)  # the admin has the right
    page.list.export()
    qtbot.waitUntil(lambda: (tmp_path / "slips.xlsx").exists(), timeout=5000)
    sheet = load_workbook(tmp_path / "slips.xlsx").active
    assert sheet is not None
    assert sheet.max_row - 2 == 4 * PAGE == page.list.model.rowCount()
