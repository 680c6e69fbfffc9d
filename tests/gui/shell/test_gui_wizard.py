"""The first-run wizard creates the office, or says what is wrong next to the field and keeps the form."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWizard

from frontdesk.auth import Role
from frontdesk.config import LocalSettings
from frontdesk.services import Services
from tests.qt_helpers import type_text
from ui.kit import messages
from ui.kit.context import AppContext
from ui.kit.tasks import SynchronousRunner
from ui.shell.wizard import FirstRunWizard

PASSWORD = "desk-pass-9"


@pytest.fixture
def wizard(qtbot, bare_services: Services, local_settings: LocalSettings) -> FirstRunWizard:
    """The wizard on an empty database."""
    context = AppContext(local_settings, bare_services, SynchronousRunner())
    wizard = FirstRunWizard(context)
    qtbot.addWidget(wizard)
    wizard.show()
    qtbot.waitExposed(wizard)
    return wizard


def _next(wizard: FirstRunWizard) -> None:
    wizard.button(QWizard.WizardButton.NextButton).click()


def _fill_office(qtbot, wizard: FirstRunWizard) -> None:
    _next(wizard)
    type_text(qtbot, wizard.office.office_name, "幸福里物业管理处")
    type_text(qtbot, wizard.office.estate_name, "幸福里花园")
    _next(wizard)


def _fill_admin(qtbot, wizard: FirstRunWizard, password: str, again: str | None = None) -> None:
    wizard.admin.username.clear()
    type_text(qtbot, wizard.admin.username, "wang")
    type_text(qtbot, wizard.admin.display_name, "王主任")
    type_text(qtbot, wizard.admin.password, password)
    type_text(qtbot, wizard.admin.password_again, password if again is None else again)
    _next(wizard)


def test_wizard_creates_the_office_and_the_administrator(qtbot, wizard, bare_services) -> None:
    _fill_office(qtbot, wizard)
    _fill_admin(qtbot, wizard, PASSWORD)
    assert wizard.currentPage() is wizard.policy
    finish = wizard.button(QWizard.WizardButton.FinishButton)
    assert not finish.isEnabled(), "the policy must be confirmed actively"
    assert wizard.policy.visitor_days.value() == 30 and wizard.policy.slip_days.value() == 365
    wizard.policy.visitor_days.setValue(60)
    wizard.policy.confirmed.setChecked(True)
    with qtbot.waitSignal(wizard.sig_created) as created:
        finish.click()
    assert created.args == ["wang"]
    assert wizard.result() == QWizard.DialogCode.Accepted
    office = bare_services.setup.office()
    assert office is not None and office.name == "幸福里物业管理处"
    admin = bare_services.staff.authenticate(username="wang", password=PASSWORD)
    assert admin.role is Role.ADMIN and admin.display_name == "王主任"
    assert bare_services.settings.get("visitor_retention_days") == 60
    assert bare_services.settings.get("retention_policy_confirmed") is True


def test_short_password_is_refused_next_to_the_field_and_nothing_is_saved(
    qtbot,
    wizard,
    bare_services,
) -> None:
    _fill_office(qtbot, wizard)
    _fill_admin(qtbot, wizard, "short")
    assert wizard.currentPage() is wizard.admin
    assert "at least 8 characters" in wizard.errors.message("password")
    assert wizard.admin.display_name.text() == "王主任"
    assert wizard.admin.password.text() == "short"
    assert wizard.office.office_name.text() == "幸福里物业管理处"
    assert not bare_services.setup.is_initialized() and bare_services.staff.count() == 0
    type_text(qtbot, wizard.admin.password, "-longer")
    assert wizard.errors.message("password") == "", "editing the field clears its message"


def test_passwords_that_differ_are_refused(qtbot, wizard) -> None:
    _fill_office(qtbot, wizard)
    _fill_admin(qtbot, wizard, PASSWORD, again=PASSWORD + "x")
    assert wizard.currentPage() is wizard.admin
    assert "differ" in wizard.errors.message("password_again")


def test_a_field_the_core_refuses_at_the_end_is_shown_on_its_page(qtbot, wizard, bare_services) -> None:
    _fill_office(qtbot, wizard)
    wizard.admin.username.clear()
    type_text(qtbot, wizard.admin.username, "wang fang")  # no spaces allowed: only the core knows
    type_text(qtbot, wizard.admin.display_name, "王芳")
    type_text(qtbot, wizard.admin.password, PASSWORD)
    type_text(qtbot, wizard.admin.password_again, PASSWORD)
    _next(wizard)
    wizard.policy.confirmed.setChecked(True)
    wizard.button(QWizard.WizardButton.FinishButton).click()
    assert wizard.currentPage() is wizard.admin
    assert "no spaces" in wizard.errors.message("username")
    assert wizard.admin.username.text() == "wang fang"
    assert wizard.isVisible() and not bare_services.setup.is_initialized()
    assert messages.shown() == []


def test_choosing_a_language_is_announced(qtbot, wizard) -> None:
    combo = wizard.welcome.language
    with qtbot.waitSignal(wizard.sig_language_chosen) as chosen:
        combo.setFocus()
        qtbot.keyClick(combo, Qt.Key.Key_Up)  # from English (last) to 繁體中文
    assert chosen.args == ["zh_TW"]


def test_sample_data_fills_the_new_database_and_says_so(qtbot, wizard, bare_services) -> None:
    _next(wizard)
    type_text(qtbot, wizard.office.office_name, "幸福里物业管理处")
    type_text(qtbot, wizard.office.estate_name, "幸福里花园")
    wizard.office.sample.setChecked(True)
    assert wizard.office.office_name.text() == "幸福里物业管理处 (sample data)"
    wizard.office.sample.setChecked(False)  # taking it back takes the label off
    assert wizard.office.office_name.text() == "幸福里物业管理处"
    wizard.office.sample.setChecked(True)
    _next(wizard)
    _fill_admin(qtbot, wizard, PASSWORD)
    wizard.policy.confirmed.setChecked(True)
    busy: list[bool] = []
    wizard._context.runner.sig_busy.connect(lambda on: busy.append(on and wizard.policy.progress.isVisible()))
    with qtbot.waitSignal(wizard.sig_created):
        wizard.button(QWizard.WizardButton.FinishButton).click()
    assert True in busy, "the progress bar shows while the sample estate is written"
    assert messages.shown() == []
    office = bare_services.setup.office()
    assert office is not None and office.name.endswith("(sample data)")
    admin = bare_services.staff.authenticate(username="wang", password=PASSWORD)
    units = bare_services.estate.search(actor=admin, text="1-1", limit=500)
    assert len(units) >= 10
    assert bare_services.estate.units_in_arrears(actor=admin), "the sample has some arrears"
    assert any(e.action == "demo" for e in bare_services.audit.recent(actor=admin, limit=20))


def test_the_buildings_step_makes_the_units_of_an_office_without_a_sheet(
    qtbot, wizard, bare_services
) -> None:
    _next(wizard)
    type_text(qtbot, wizard.office.office_name, "幸福里物业管理处")
    type_text(qtbot, wizard.office.estate_name, "幸福里花园")
    wizard.office.layout_now.setChecked(True)
    _next(wizard)
    assert wizard.currentPage() is wizard.buildings
    form = wizard.buildings.layout_form
    type_text(qtbot, form.buildings, "1-2")
    form.last_floor.setValue(3)
    form.per_floor.setValue(2)
    _next(wizard)
    assert wizard.currentPage() is wizard.buildings, "the area is missing"
    assert "square metres" in wizard.errors.message("area_m2")
    type_text(qtbot, form.area, "95")
    assert "12" in form.preview.text() and "2-302" in form.preview.text()
    _next(wizard)
    _fill_admin(qtbot, wizard, PASSWORD)
    assert wizard.currentPage() is wizard.policy
    wizard.policy.confirmed.setChecked(True)
    with qtbot.waitSignal(wizard.sig_created):
        wizard.button(QWizard.WizardButton.FinishButton).click()
    assert messages.shown() == []
    admin = bare_services.staff.authenticate(username="wang", password=PASSWORD)
    found = bare_services.estate.resolve_unit(actor=admin, text="2栋302").unit
    assert found is not None and found.area_m2 == 95
    assert [
        b.code
        for b in bare_services.estate.buildings(
            actor=admin, estate_id=bare_services.estate.estates(actor=admin)[0].id
        )
    ] == [
        "1",
        "2",
    ]


def test_choosing_sample_data_skips_the_buildings_step(qtbot, wizard) -> None:
    _next(wizard)
    wizard.office.layout_now.setChecked(True)
    wizard.office.sample.setChecked(True)
    assert not wizard.office.layout_now.isChecked() and not wizard.office.layout_now.isEnabled()
    type_text(qtbot, wizard.office.estate_name, "幸福里花园")
    _next(wizard)
    assert wizard.currentPage() is wizard.admin
