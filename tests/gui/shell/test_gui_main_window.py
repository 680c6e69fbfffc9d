"""The main window: status bar, pages by shortcut, global search, what a clerk may see, remembered page."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from frontdesk.errors import PermissionDenied
from tests.qt_helpers import type_text
from ui.kit.tiles import TileValue
from ui.settings.page import SettingsPage
from ui.shell.main_window import MainWindow
from ui.shell.today import TodayPage
from ui.staff.page import StaffPage


def test_status_bar_shows_user_role_desk_and_database(open_window, admin_context) -> None:
    window: MainWindow = open_window(admin_context)
    text = window.status.summary()
    assert "王主任 (Administrator)" in text
    assert "Desk: desk-1" in text
    assert f"SQLite · {admin_context.services.target.location}" in text


def test_every_page_has_a_shortcut(qtbot, open_window, admin_context) -> None:
    window: MainWindow = open_window(admin_context)
    assert window.workspace.sidebar.page_ids() == [
        "today",
        "visitors",
        "release_slips",
        "complaints",
        "calls",
        "callbacks",
        "workorders",
        "gate",
        "registry",
        "fees",
        "utilities",
        "audit",
        "staff",
        "settings",
    ]
    for key, page_id in (
        (Qt.Key.Key_F2, "visitors"),
        (Qt.Key.Key_F3, "release_slips"),
        (Qt.Key.Key_F4, "complaints"),
        (Qt.Key.Key_F5, "workorders"),
        (Qt.Key.Key_F8, "gate"),
        (Qt.Key.Key_F6, "registry"),
        (Qt.Key.Key_F7, "fees"),
        (Qt.Key.Key_F10, "staff"),
        (Qt.Key.Key_F12, "settings"),
        (Qt.Key.Key_F9, "audit"),
        (Qt.Key.Key_F11, "calls"),
        (Qt.Key.Key_F1, "today"),
    ):
        qtbot.keyClick(window.workspace.sidebar, key)
        assert window.workspace.current_page_id() == page_id
    for key, page_id in (
        (Qt.Key.Key_F4, "callbacks"),
        (Qt.Key.Key_F7, "utilities"),
        (Qt.Key.Key_F1, "today"),
    ):
        modifier = (
            Qt.KeyboardModifier.ShiftModifier if key != Qt.Key.Key_F1 else Qt.KeyboardModifier.NoModifier
        )
        qtbot.keyClick(window.workspace.sidebar, key, modifier)
        assert window.workspace.current_page_id() == page_id
    assert isinstance(window.workspace.page("settings"), SettingsPage)


def test_ctrl_k_search_finds_staff_typed_in_chinese_and_enter_opens_them(
    qtbot,
    open_window,
    admin_context,
    staff_member,
) -> None:
    window: MainWindow = open_window(admin_context)
    box = window.workspace.search_box
    qtbot.keyClick(window.workspace.sidebar, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    assert box.hasFocus()
    with qtbot.waitSignal(box.sig_results_shown, timeout=2000):
        type_text(qtbot, box, "秀英")
    assert [r.title for r in box.results()] == ["李秀英"]
    assert box.popup().isVisible()
    assert "lixy" in box.popup().item(0).text()
    qtbot.keyClick(box, Qt.Key.Key_Return)
    page = window.workspace.page("staff")
    assert isinstance(page, StaffPage) and window.workspace.current_page_id() == "staff"
    chosen = page.selected()
    assert chosen is not None and chosen.username == "lixy"
    assert not box.popup().isVisible() and box.text() == ""


def test_search_finds_modules_by_name(qtbot, open_window, admin_context) -> None:
    window: MainWindow = open_window(admin_context)
    box = window.workspace.search_box
    window.workspace.focus_search()
    with qtbot.waitSignal(box.sig_results_shown, timeout=2000):
        type_text(qtbot, box, "sett")
    assert [r.title for r in box.results()] == ["Settings"]
    qtbot.keyClick(box, Qt.Key.Key_Escape)
    assert not box.popup().isVisible()


def test_a_clerk_sees_no_staff_page_and_the_core_refuses_anyway(
    qtbot,
    open_window,
    clerk_context,
    staff_member,
) -> None:
    window: MainWindow = open_window(clerk_context)
    assert window.workspace.sidebar.page_ids() == [
        "today",
        "visitors",
        "release_slips",
        "complaints",
        "calls",
        "callbacks",
        "workorders",
        "gate",
        "registry",
        "fees",
        "utilities",
        "settings",
    ]
    assert window.open_page("staff") is None
    qtbot.keyClick(window.workspace.sidebar, Qt.Key.Key_F10)
    assert window.workspace.current_page_id() == "today"
    box = window.workspace.search_box
    window.workspace.focus_search()
    with qtbot.waitSignal(box.sig_results_shown, timeout=2000):
        type_text(qtbot, box, "秀英")
    assert box.results() == [], "staff search is for administrators"
    with pytest.raises(PermissionDenied):
        clerk_context.services.staff.list(actor=clerk_context.actor)
    with pytest.raises(PermissionDenied):
        clerk_context.services.staff.search(actor=clerk_context.actor, text="秀英")
    settings = window.open_page("settings")
    assert isinstance(settings, SettingsPage)
    assert settings.office is None and settings.safety is None
    assert not settings.local.desk_name.isEnabled() and settings.local.language.isEnabled()


def test_the_last_page_and_geometry_are_remembered(qtbot, open_window, admin_context) -> None:
    window: MainWindow = open_window(admin_context)
    window.open_page("staff")
    window.workspace.splitter.setSizes([300, 700])
    window.close()
    again = MainWindow(admin_context)
    qtbot.addWidget(again)
    again.start()
    assert again.workspace.current_page_id() == "staff"
    assert again.workspace.splitter.sizes()[0] == 300
    again.shut_down()


def test_today_shows_office_user_and_the_backup_taken_at_start(qtbot, open_window, admin_context) -> None:
    window: MainWindow = open_window(admin_context)
    today = window.workspace.page("today")
    assert isinstance(today, TodayPage)
    assert today.tile("office").value_label.text() == "幸福里物业管理处"
    assert today.tile("signed_in").value_label.text() == "王主任"
    assert today.tile("signed_in").detail_label.text() == "Administrator · desk desk-1"
    # taken once the desk is drawn and its first page's figures have loaded
    qtbot.waitUntil(lambda: "Automatic backup saved: frontdesk-" in window.status.summary())
    backup = today.tile("last_backup")
    assert backup.value_label.text() == "just now" and backup.property("status") == "ok"
    assert "Automatic backup saved: frontdesk-" in window.status.summary()
    copies = admin_context.settings.backup_folder().glob("*.db")
    assert [p.name.endswith("-auto.db") for p in copies] == [True]


def test_backup_tile_warns_when_old_and_alarms_when_missing(admin_context) -> None:
    from ui.shell.today import _last_backup

    assert _last_backup(admin_context) == TileValue("No backup yet", "Use Settings › Back up now.", "bad")
    copy = admin_context.services.maintenance.backup_now(actor=admin_context.actor)
    old = copy.path.with_name("frontdesk-20200101-080000-manual.db")
    copy.path.rename(old)
    copy.path.with_name(copy.path.name + ".sha256").rename(old.with_name(old.name + ".sha256"))
    value = _last_backup(admin_context)
    assert value.status == "warn" and value.value.endswith("days ago")
    assert "older than 48 hours" in value.detail


def test_backup_tile_says_when_the_newest_copy_failed_its_check(admin_context) -> None:
    from frontdesk import backup
    from ui.shell.today import _last_backup

    maintenance = admin_context.services.maintenance
    maintenance.backup_now(actor=admin_context.actor)
    copy = maintenance.closing_backup(actor=admin_context.actor)
    backup.write_state(copy.path, backup.FAILED, problems=["database disk image is malformed"])
    value = _last_backup(admin_context)
    assert value.status == "bad" and f"The newest backup {copy.path.name} failed its check" in value.detail
