"""Restore from a backup in Settings: checked first, the old file kept, everyone signs in again."""

from __future__ import annotations

from pathlib import Path

from frontdesk.auth import Role
from tests.conftest import ADMIN_PASSWORD
from ui.kit import messages
from ui.settings.page import SettingsPage


def _admin_window(context):  # type: ignore[no-untyped-def]
    services = context.services
    services.setup.initialize(
        actor=None,
        office_name="幸福里物业管理处",
        estate_name="幸福里",
        admin_username="admin",
        admin_display_name="王主任",
        admin_password=ADMIN_PASSWORD,
        visitor_retention_days=30,
        slip_retention_days=365,
    )
    context.actor = services.staff.authenticate(username="admin", password=ADMIN_PASSWORD)
    if context.session.wizard is not None:
        context.session.wizard.hide()
    window = context.session.show_main_window("settings")
    page = window.open_page("settings")
    assert isinstance(page, SettingsPage) and page.safety is not None
    return page.safety


def test_restore_replaces_the_database_and_asks_to_sign_in(gui, tmp_path: Path, monkeypatch) -> None:
    context = gui()
    safety = _admin_window(context)
    assert not safety.restore_button.isHidden()
    safety.backup_button.click()
    copy = next(context.settings.backup_folder().glob("*-manual.db"))
    admin = context.require_actor()
    context.services.staff.add(
        actor=admin, username="later", display_name="后来者", role=Role.CLERK, password="password-123"
    )
    monkeypatch.setattr(safety, "choose_restore_file", lambda: copy)
    safety.restore_button.click()

    assert context.session.window is None and context.session.login is not None
    assert context.actor is None
    assert any("restored" in m.text for m in messages.shown())
    names = [row.username for row in context.services.staff.list(actor=admin)]
    assert names == ["admin"]
    trail = context.services.audit.recent(actor=admin, limit=5)
    assert trail[0].action == "restore" and trail[0].entity_id == copy.name
    assert list(tmp_path.glob("desk.db.before-restore-*"))
    assert context.services.maintenance.check().ok


def test_a_damaged_backup_is_refused_and_the_database_stays(gui, monkeypatch) -> None:
    context = gui()
    safety = _admin_window(context)
    safety.backup_button.click()
    copy = next(context.settings.backup_folder().glob("*-manual.db"))
    data = bytearray(copy.read_bytes())
    data[len(data) // 2] ^= 0xFF
    copy.write_bytes(bytes(data))
    monkeypatch.setattr(safety, "choose_restore_file", lambda: copy)
    safety.restore_button.click()

    assert any("cannot be restored" in m.text for m in messages.shown())
    assert context.session.window is not None and context.actor is not None
    assert [r.username for r in context.services.staff.list(actor=context.actor)] == ["admin"]


def test_a_clerk_has_no_restore_button(open_window, clerk_context) -> None:
    window = open_window(clerk_context)
    page = window.open_page("settings")
    assert isinstance(page, SettingsPage)
    assert page.safety is None or page.safety.restore_button.isHidden()
