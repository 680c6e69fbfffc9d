"""The Settings page: this PC's settings saved to the file, office-wide ones audited, backup and check."""

from __future__ import annotations

import pytest

from frontdesk import config
from frontdesk.errors import ValidationError
from tests.qt_helpers import type_text
from ui.settings.page import SettingsPage
from ui.shell.main_window import MainWindow


@pytest.fixture
def page(open_window, admin_context) -> SettingsPage:
    """The Settings page in the administrator's window."""
    window: MainWindow = open_window(admin_context)
    page = window.open_page("settings")
    assert isinstance(page, SettingsPage)
    return page


def test_language_desk_and_backup_folder_are_saved_for_this_pc(qtbot, page: SettingsPage, tmp_path) -> None:
    local = page.local
    local.language.setCurrentIndex(local.language.findData("zh_TW"))
    local.desk_name.clear()
    type_text(qtbot, local.desk_name, "前台二号")
    local.backup_dir.setText(str(tmp_path / "elsewhere"))
    local.save_button.click()
    saved = config.load()
    assert (saved.language, saved.desk_name) == ("zh_TW", "前台二号")
    assert saved.backup_dir == str(tmp_path / "elsewhere")
    assert config.settings_file().is_relative_to(tmp_path), "tests never touch the real user folder"


def test_a_font_that_is_not_truetype_is_refused_next_to_the_field(page: SettingsPage, tmp_path) -> None:
    bogus = tmp_path / "font.otf"
    bogus.write_bytes(b"not a font")
    page.local.pdf_font.setText(str(bogus))
    page.local.save_button.click()
    assert "TrueType" in page.local.errors.message("pdf_font")
    assert page.local.pdf_font.text() == str(bogus)
    assert not config.settings_file().exists()


def test_office_wide_settings_are_saved_and_audited(page: SettingsPage, services, admin) -> None:
    office = page.office
    assert office is not None and office.boxes["idle_lock_minutes"].value() == 5
    office.boxes["idle_lock_minutes"].setValue(12)
    office.boxes["visitor_retention_days"].setValue(45)
    office.save_button.click()
    assert services.settings.get("idle_lock_minutes") == 12
    assert services.settings.get("visitor_retention_days") == 45
    latest = services.audit.recent(actor=admin, limit=2)
    changed = {row.entity_id for row in latest if row.entity == "setting"}
    assert changed == {"idle_lock_minutes", "visitor_retention_days"}
    assert office.result.text() == "Saved."
    window = page.window()
    assert isinstance(window, MainWindow) and window.idle.timeout_ms() == 12 * 60_000, "applied at once"


def test_the_visitors_id_policy_is_chosen_here_and_checked_in_the_core(
    page: SettingsPage, services, admin
) -> None:
    office = page.office
    assert office is not None and office.id_policy.currentData() == "not_asked"
    office.id_policy.setCurrentIndex(office.id_policy.findData("recorded"))
    office.save_button.click()
    assert services.settings.get("visitor_id_policy") == "recorded"
    assert [row.entity_id for row in services.audit.recent(actor=admin, limit=1)] == ["visitor_id_policy"]
    with pytest.raises(ValidationError):
        services.settings.set(actor=admin, key="visitor_id_policy", value="photocopied")


def test_back_up_now_creates_a_checked_copy(page: SettingsPage, local_settings) -> None:
    safety = page.safety
    assert safety is not None
    before = set(local_settings.backup_folder().glob("*-manual.db"))
    safety.backup_button.click()
    made = set(local_settings.backup_folder().glob("*-manual.db")) - before
    assert len(made) == 1
    copy = made.pop()
    assert copy.with_name(copy.name + ".sha256").exists()
    assert safety.backup_result.text().startswith("Done: ")
    assert safety.backup_result.property("status") == "ok"


def test_a_failing_backup_says_why_beside_the_button(page: SettingsPage, services, tmp_path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    services.maintenance.backup_folder = blocker
    page.safety.backup_button.click()
    assert page.safety.backup_result.text().startswith("Failed: Cannot write the backup")
    assert page.safety.backup_result.property("status") == "bad"


def test_check_database_lists_what_it_checked(page: SettingsPage) -> None:
    page.safety.check_button.click()
    text = page.safety.check_result.text()
    assert text.startswith("No problems found") and "audit_chain" in text


def test_the_visitors_id_key_file_is_this_pcs_and_takes_effect_at_once(
    page: SettingsPage, services, tmp_path
) -> None:
    shared = tmp_path / "office-server"
    shared.mkdir()
    page.local.key_file.setText(str(shared / "visitor-id.key"))
    page.local.save_button.click()
    assert config.load().visitor_key_file == str(shared / "visitor-id.key")
    assert services.visitors.keyring.path == shared / "visitor-id.key"


def test_a_key_file_in_a_missing_folder_is_refused_next_to_the_field(page: SettingsPage, tmp_path) -> None:
    wanted = tmp_path / "no-such-folder" / "visitor-id.key"
    page.local.key_file.setText(str(wanted))
    page.local.save_button.click()
    assert "folder" in page.local.errors.message("visitor_key_file")
    assert page.local.key_file.text() == str(wanted)
    assert not config.settings_file().exists()


def test_complaint_and_work_order_settings_are_saved_and_audited(page: SettingsPage, services, admin) -> None:
    from ui.complaint_rules.office import ComplaintSettingsPanel
    from ui.workorders.settings import WorkOrderSettingsPanel

    [complaints] = [s for s in page.sections if isinstance(s, ComplaintSettingsPanel)]
    [orders] = [s for s in page.sections if isinstance(s, WorkOrderSettingsPanel)]
    assert complaints.boxes["complaint_respond_minutes"].value() == 30
    handler = complaints.checks["callback_by_handler_allowed"]
    assert handler.isEnabled() and not handler.isChecked()
    rule = orders.combos["work_order_dispatch_rule"]
    assert [rule.itemText(i) for i in range(rule.count())] == [
        "Longest idle",
        "Fewest open orders",
        "Round robin",
    ]
    assert (
        rule.currentData() == "longest_idle" and orders.combos["work_order_slip_paper"].currentData() == "A5"
    )
    assert orders.boxes["work_order_urgent_respond_minutes"].maximum() == 24 * 60

    complaints.save_button.click()
    assert complaints.result.text() == "Nothing changed."
    handler.setChecked(True)
    complaints.boxes["complaint_respond_minutes"].setValue(45)
    complaints.save_button.click()
    assert services.settings.get("callback_by_handler_allowed") is True
    assert services.settings.get("complaint_respond_minutes") == 45
    rule.setCurrentIndex(rule.findData("fewest_open"))
    orders.combos["work_order_slip_paper"].setCurrentIndex(1)
    orders.save_button.click()
    assert services.settings.get("work_order_dispatch_rule") == "fewest_open"
    assert services.settings.get("work_order_slip_paper") == "A4"
    changed = {
        row.entity_id for row in services.audit.recent(actor=admin, limit=4) if row.entity == "setting"
    }
    assert changed == {
        "callback_by_handler_allowed",
        "complaint_respond_minutes",
        "work_order_dispatch_rule",
        "work_order_slip_paper",
    }
    assert orders.result.text() == "Saved." and orders.changed() == {}


def test_the_settings_sections_are_for_administrators_only(open_window, clerk_context) -> None:
    from ui.complaint_rules.office import ComplaintSettingsPanel
    from ui.workorders.settings import WorkOrderSettingsPanel

    window: MainWindow = open_window(clerk_context)
    page = window.open_page("settings")
    assert isinstance(page, SettingsPage)
    assert not [s for s in page.sections if isinstance(s, ComplaintSettingsPanel | WorkOrderSettingsPanel)]
