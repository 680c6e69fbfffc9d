"""The Residents page: search while typing, the unit panel, payments and collection calls."""

from __future__ import annotations

from datetime import date

import pytest
from openpyxl import load_workbook
from PySide6.QtWidgets import QApplication

from frontdesk.auth import Actor
from frontdesk.demo import load_demo
from frontdesk.estate.models import Resident
from frontdesk.money import fen_to_text
from frontdesk.services import Services
from tests.qt_helpers import type_text
from ui.estate.account_view import AccountDialog, VoidDialog
from ui.estate.page import CollectionDialog, PaymentDialog, RegistryPage
from ui.kit import paper
from ui.kit.context import AppContext


@pytest.fixture
def estate(services: Services, admin: Actor) -> Resident:
    """A small demo estate; returns a current resident with a three-character name."""
    load_demo(actor=admin, units=30, years=1, seed=1)
    residents = [r for r in Resident.select().where(Resident.active) if len(r.name) == 3]
    given = [r.name[1:] for r in residents]
    # a given name no other resident shares, so the search finds exactly one
    return next(
        r
        for r in residents
        if given.count(r.name[1:]) == 1 and r.name[1:] not in [x.name[0] for x in residents]
    )


def _page(qtbot, context: AppContext) -> RegistryPage:
    page = RegistryPage(context)
    qtbot.addWidget(page)
    page.resize(1100, 700)
    page.show()
    page.activate()
    return page


def _choose(qtbot, page: RegistryPage, resident: Resident) -> None:
    type_text(qtbot, page.search, resident.name[1:])
    qtbot.waitUntil(lambda: any(h.resident_id == resident.id for h in page.model.rows()), timeout=2000)
    row = next(n for n, h in enumerate(page.model.rows()) if h.resident_id == resident.id)
    page.table.selectRow(row)
    qtbot.waitUntil(lambda: page.panel.data is not None and page.panel.data.unit.id == resident.unit_id)


def test_search_select_and_panel(qtbot, admin_context: AppContext, estate: Resident) -> None:
    page = _page(qtbot, admin_context)
    _choose(qtbot, page, estate)
    text = page.panel.text()
    assert estate.name in text
    arrears = admin_context.services.estate.arrears(
        actor=admin_context.require_actor(), unit_id=estate.unit_id
    )
    if arrears.arrears_fen > 0:
        assert fen_to_text(arrears.arrears_fen) in text
    assert page.payment_button.isEnabled()


def test_record_payment(qtbot, admin_context: AppContext, estate: Resident) -> None:
    services, actor = admin_context.services, admin_context.require_actor()
    page = _page(qtbot, admin_context)
    _choose(qtbot, page, estate)
    before = services.estate.arrears(actor=actor, unit_id=estate.unit_id).balance_fen
    page.payment_button.click()
    dialog = page.dialog
    assert isinstance(dialog, PaymentDialog)
    type_text(qtbot, dialog.amount, "100.50")
    type_text(qtbot, dialog.receipt, "R-0001")
    dialog.save()
    assert not dialog.isVisible()
    after = services.estate.arrears(actor=actor, unit_id=estate.unit_id).balance_fen
    assert before - after == 10050
    payments = services.estate.payments(actor=actor, unit_id=estate.unit_id)
    assert payments[0].amount_fen == 10050 and payments[0].receipt_no == "R-0001"
    trail = services.audit.recent(actor=actor, limit=5)
    assert any(e.entity == "payment" for e in trail), trail
    assert page.panel.data is not None and page.panel.data.arrears.balance_fen == after


def test_bad_amount_keeps_the_form(qtbot, admin_context: AppContext, estate: Resident) -> None:
    services, actor = admin_context.services, admin_context.require_actor()
    page = _page(qtbot, admin_context)
    _choose(qtbot, page, estate)
    count = len(services.estate.payments(actor=actor, unit_id=estate.unit_id))
    page.payment_button.click()
    dialog = page.dialog
    assert isinstance(dialog, PaymentDialog)
    type_text(qtbot, dialog.amount, "abc")
    dialog.save()
    assert dialog.isVisible()
    assert dialog.amount.text() == "abc"
    assert dialog.errors.message("amount_fen")
    assert len(services.estate.payments(actor=actor, unit_id=estate.unit_id)) == count
    dialog.save()  # trying again changes nothing
    assert len(services.estate.payments(actor=actor, unit_id=estate.unit_id)) == count
    dialog.reject()


def test_log_collection_as_clerk(qtbot, clerk_context: AppContext, estate: Resident) -> None:
    services, actor = clerk_context.services, clerk_context.require_actor()
    page = _page(qtbot, clerk_context)
    _choose(qtbot, page, estate)
    page.collection_button.click()
    dialog = page.dialog
    assert isinstance(dialog, CollectionDialog)
    type_text(qtbot, dialog.said, "月底前交")
    dialog.promised.setChecked(True)
    dialog.save()
    assert not dialog.isVisible()
    log = services.estate.collection_log(actor=actor, unit_id=estate.unit_id)
    assert log[0].resident_said == "月底前交" and log[0].promised_date is not None


def test_global_search_opens_the_unit(
    qtbot, admin_context: AppContext, estate: Resident, open_window
) -> None:
    window = open_window(admin_context)
    from ui.estate.register import estate_search

    results = estate_search(admin_context, window)(estate.name[1:])
    assert results
    results[0].action()
    page = window.open_page("registry")
    assert isinstance(page, RegistryPage)
    assert page.panel.data is not None
    QApplication.processEvents()


def _account(qtbot, context: AppContext, resident: Resident) -> tuple[RegistryPage, AccountDialog]:
    page = _page(qtbot, context)
    _choose(qtbot, page, resident)
    assert page.account_button.isEnabled()
    page.account_button.click()
    dialog = page.dialog
    assert isinstance(dialog, AccountDialog)
    return page, dialog


def test_account_shows_the_ledger_and_voids_with_a_reason(
    qtbot, qtmodeltester, admin_context: AppContext, estate: Resident
) -> None:
    services, actor = admin_context.services, admin_context.require_actor()
    charge = services.estate.add_charge(
        actor=actor, unit_id=estate.unit_id, kind="other", amount_fen=12345, due_date=date(2020, 1, 1)
    )
    _page_kept, dialog = _account(qtbot, admin_context, estate)
    qtmodeltester.check(dialog.model)
    charges = services.estate.charges(actor=actor, unit_id=estate.unit_id)
    payments = services.estate.payments(actor=actor, unit_id=estate.unit_id)
    assert dialog.model.rowCount() == len(charges) + len(payments)
    before = services.estate.arrears(actor=actor, unit_id=estate.unit_id)
    assert fen_to_text(before.arrears_fen) in dialog.summary.text()
    assert f"{before.oldest_unpaid_days} days" in dialog.summary.text()
    row = next(n for n, line in enumerate(dialog.model.rows()) if line.charge and line.charge.id == charge.id)
    assert dialog.model.index(row, 3).data() == "123.45"
    dialog.table.selectRow(row)
    dialog.void_button.click()
    void = dialog.dialog
    assert isinstance(void, VoidDialog)
    void.save()  # no reason: said beside the field, nothing voided
    assert void.isVisible() and void.errors.message("reason")
    type_text(qtbot, void.reason, "重复录入")
    void.save()
    assert not void.isVisible()
    (voided,) = [c for c in services.estate.charges(actor=actor, unit_id=estate.unit_id) if c.id == charge.id]
    assert voided.voided and voided.void_reason == "重复录入"
    after = services.estate.arrears(actor=actor, unit_id=estate.unit_id)
    assert before.balance_fen - after.balance_fen == 12345
    trail = services.audit.recent(actor=actor, limit=5)
    assert any(e.action == "void" and e.entity == "charge" for e in trail)
    line = next(line for line in dialog.model.rows() if line.charge and line.charge.id == charge.id)
    assert line.status == "Voided: 重复录入"  # kept in the list, marked
    dialog.table.selectRow(dialog.model.rows().index(line))
    assert not dialog.void_button.isEnabled()
    dialog.grab().save("/tmp/h5_account.png")


def test_account_records_and_voids_a_payment(qtbot, admin_context: AppContext, estate: Resident) -> None:
    services, actor = admin_context.services, admin_context.require_actor()
    _page_kept, dialog = _account(qtbot, admin_context, estate)
    count = dialog.model.rowCount()
    dialog.payment_button.click()
    pay = dialog.dialog
    assert isinstance(pay, PaymentDialog)
    type_text(qtbot, pay.amount, "88")
    pay.save()
    assert dialog.model.rowCount() == count + 1
    (payment,) = [
        p for p in services.estate.payments(actor=actor, unit_id=estate.unit_id) if p.amount_fen == 8800
    ]
    row = next(
        n for n, line in enumerate(dialog.model.rows()) if line.payment and line.payment.id == payment.id
    )
    assert dialog.model.index(row, 4).data() == "88.00"
    dialog.table.selectRow(row)
    dialog.void_button.click()
    void = dialog.dialog
    assert isinstance(void, VoidDialog)
    type_text(qtbot, void.reason, "刷错卡")
    void.save()
    (again,) = [
        p for p in services.estate.payments(actor=actor, unit_id=estate.unit_id) if p.id == payment.id
    ]
    assert again.voided and again.void_reason == "刷错卡"


def test_the_lists_export_what_they_show(
    qtbot, admin_context: AppContext, estate: Resident, tmp_path, monkeypatch: pytest.MonkeyPatch
) -> None:
    answers = iter([tmp_path / "found.xlsx", tmp_path / "account.xlsx"])
    monkeypatch.setattr(paper, "choose_save_path", lambda *_args, **_kw: next(answers))
    page = _page(qtbot, admin_context)
    _choose(qtbot, page, estate)
    page.export_button.click()
    sheet = load_workbook(tmp_path / "found.xlsx").active
    assert sheet is not None
    assert [c.value for c in sheet[2]] == ["Unit", "Name", "Owner or tenant", "Phone"]
    shown = [[page.model.index(r, c).data() for c in range(4)] for r in range(page.model.rowCount())]
    assert [[c.value or "" for c in row] for row in sheet.iter_rows(min_row=3)] == shown
    phone = Resident.get_by_id(estate.id).phone
    assert all(phone not in str(c.value) for row in sheet.iter_rows() for c in row)
    page.account_button.click()
    dialog = page.dialog
    assert isinstance(dialog, AccountDialog)
    dialog.export_button.click()
    account = load_workbook(tmp_path / "account.xlsx").active
    assert account is not None
    assert account.max_row - 2 == dialog.model.rowCount()
    assert account.cell(3, 2).value == dialog.model.index(0, 1).data()


def test_unit_hits_show_who_lives_there_in_natural_order(
    qtbot, admin_context: AppContext, services: Services, admin: Actor
) -> None:
    estate_id = services.estate.estates(actor=admin)[0].id
    building = services.estate.add_building(actor=admin, estate_id=estate_id, name="1栋")
    for number in ("1001", "101", "102"):
        services.estate.add_unit(actor=admin, building_id=building.id, number=number, area_m2="80")
    unit = services.estate.resolve_unit(actor=admin, text="1-101").unit
    assert unit is not None
    services.estate.add_resident(actor=admin, unit_id=unit.id, kind="owner", name="王秀英")
    page = _page(qtbot, admin_context)
    assert not page.export_button.isEnabled()  # nothing found yet: nothing to export
    type_text(qtbot, page.search, "1-10")
    qtbot.waitUntil(lambda: page.model.rowCount() == 3, timeout=2000)
    assert [page.model.index(r, 0).data() for r in range(3)] == ["1-101", "1-102", "1-1001"]
    assert page.model.index(0, 1).data() == "王秀英"
    assert page.model.index(1, 1).data() == "Vacant / no residents"
    assert page.export_button.isEnabled()
