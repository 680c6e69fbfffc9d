"""The Residents page: search while typing, the unit panel, payments and collection calls."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication

from frontdesk.auth import Actor
from frontdesk.demo import load_demo
from frontdesk.estate.models import Resident
from frontdesk.money import fen_to_text
from frontdesk.services import Services
from tests.qt_helpers import type_text
from ui.context import AppContext
from ui.registry_page import CollectionDialog, PaymentDialog, RegistryPage


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
    from ui.builtin import estate_search

    results = estate_search(admin_context, window)(estate.name[1:])
    assert results
    results[0].action()
    page = window.open_page("registry")
    assert isinstance(page, RegistryPage)
    assert page.panel.data is not None
    QApplication.processEvents()
