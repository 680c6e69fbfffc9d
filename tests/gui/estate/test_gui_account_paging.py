"""A unit's account a page at a time: the newest lines first, the next page as the clerk scrolls by key."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import Qt

from frontdesk.auth import Actor
from frontdesk.clock import to_local
from frontdesk.estate.ledger import LEDGER_PAGE
from frontdesk.services import Services
from ui.estate.account_view import AccountDialog
from ui.kit import paper
from ui.kit.context import AppContext

CHARGES = 190  # with the payments, five pages
PAYMENTS = 60


@pytest.fixture
def long_account(services: Services, admin: Actor) -> int:
    """A unit with years of monthly charges and payments: more lines than two pages."""
    estate_id = services.estate.estates(actor=admin)[0].id
    building = services.estate.add_building(actor=admin, estate_id=estate_id, name="1栋")
    unit = services.estate.add_unit(actor=admin, building_id=building.id, number="101", area_m2="80")
    first = date(2010, 1, 28)
    for n in range(CHARGES):
        services.estate.add_charge(
            actor=admin,
            unit_id=unit.id,
            kind="other",
            amount_fen=1000 + n,
            due_date=first + timedelta(days=20 * n),
        )
    for n in range(PAYMENTS):
        day = first + timedelta(days=60 * n)
        services.estate.record_payment(
            actor=admin,
            unit_id=unit.id,
            amount_fen=2000,
            method="cash",
            paid_at=datetime.combine(day, datetime.min.time()) + timedelta(hours=12),
        )
    return unit.id


def _expected(services: Services, actor: Actor, unit_id: int) -> list[tuple[str, int]]:
    """The whole account as one list: by day newest first, a day's payment above its charges."""
    lines = [
        (c.due_date, False, "charge", c.id) for c in services.estate.charges(actor=actor, unit_id=unit_id)
    ]
    lines += [
        (to_local(p.paid_at).date(), True, "payment", p.id)
        for p in services.estate.payments(actor=actor, unit_id=unit_id)
    ]
    return [(kind, ident) for _d, _p, kind, ident in sorted(lines, key=lambda x: x[:2], reverse=True)]


def _shown(dialog: AccountDialog) -> list[tuple[str, int]]:
    rows = [dialog.model.row(n) for n in range(dialog.model.rowCount())]
    return [
        ("charge", r.charge.id) if r.charge else ("payment", r.payment.id)
        for r in rows
        if r and (r.charge or r.payment)
    ]  # type: ignore[union-attr]


def _open(qtbot, context: AppContext, unit_id: int) -> AccountDialog:
    dialog = AccountDialog(context, unit_id, "1-101")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.table.setFocus()
    return dialog


def test_the_account_opens_on_its_newest_page_and_the_next_comes_as_the_clerk_scrolls(
    qtbot, admin_context: AppContext, services: Services, admin: Actor, long_account: int
) -> None:
    expected = _expected(services, admin, long_account)
    assert len(expected) == CHARGES + PAYMENTS
    dialog = _open(qtbot, admin_context, long_account)
    qtbot.waitUntil(lambda: dialog.model.rowCount() > 0)
    assert dialog.model.rowCount() == LEDGER_PAGE  # one page, not ten years
    assert _shown(dialog) == expected[:LEDGER_PAGE]
    assert not dialog.model.complete
    qtbot.keyClick(dialog.table, Qt.Key.Key_PageDown)  # a screen down: still far from the end
    assert dialog.model.rowCount() == LEDGER_PAGE
    while dialog.model.rowCount() < len(expected):  # to the last line: the next page comes
        shown = dialog.model.rowCount()
        qtbot.keyClick(dialog.table, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
        qtbot.waitUntil(lambda shown=shown: dialog.model.rowCount() > shown)
        assert dialog.model.rowCount() == min(shown + LEDGER_PAGE, len(expected))  # one page a time
    assert dialog.model.complete
    qtbot.keyClick(dialog.table, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)  # the end: nothing more
    assert dialog.model.rowCount() == len(expected)
    assert _shown(dialog) == expected  # every line once, in the account's order
    assert dialog.table.currentIndex().row() >= len(expected) - LEDGER_PAGE  # the cursor went down with them


def test_paying_reloads_from_the_newest_page(
    qtbot, admin_context: AppContext, services: Services, admin: Actor, long_account: int
) -> None:
    dialog = _open(qtbot, admin_context, long_account)
    qtbot.keyClick(dialog.table, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 2 * LEDGER_PAGE)
    services.estate.record_payment(
        actor=admin, unit_id=long_account, amount_fen=100, method="cash", paid_at=datetime(2030, 1, 1, 12)
    )
    admin_context.bus.notify("estate")
    qtbot.waitUntil(lambda: dialog.model.rowCount() == LEDGER_PAGE)
    assert _shown(dialog) == _expected(services, admin, long_account)[:LEDGER_PAGE]


def test_the_export_holds_the_whole_account_not_only_the_pages_shown(
    qtbot,
    admin_context: AppContext,
    services: Services,
    admin: Actor,
    long_account: int,
    tmp_path,
    monkeypatch,
) -> None:
    monkeypatch.setattr(paper, "choose_save_path", lambda *_a, **_k: tmp_path / "account.xlsx")
    dialog = _open(qtbot, admin_context, long_account)
    qtbot.waitUntil(lambda: dialog.model.rowCount() == LEDGER_PAGE)
    dialog.export_button.click()
    qtbot.waitUntil(lambda: (tmp_path / "account.xlsx").exists(), timeout=5000)
    sheet = load_workbook(tmp_path / "account.xlsx").active
    assert sheet is not None
    assert sheet.max_row - 2 == CHARGES + PAYMENTS == dialog.model.rowCount()
