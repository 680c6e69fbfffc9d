"""The gate screen: a scan or a typed number, the verdict in words and colour, marking a slip used."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from frontdesk.auth import Actor, Role
from frontdesk.services import Services
from frontdesk.slips.rows import GateResult, SlipStatus
from tests.conftest import make_actor
from tests.gui.conftest import ContextFactory
from tests.gui.slips.test_gui_slips import World, build_world, cheap_hashes, issue_owner_slip  # noqa: F401
from tests.qt_helpers import press, type_text
from ui.kit.context import AppContext
from ui.kit.pages import pages_for
from ui.shell.modules import register_modules
from ui.slips.common import GATE_LOOK
from ui.slips.gate_page import GatePage


@pytest.fixture
def world(services: Services, admin: Actor) -> World:
    return build_world(services, admin)


@pytest.fixture
def guard_context(make_context: ContextFactory, services: Services, admin: Actor) -> AppContext:
    return make_context(make_actor(services, admin, Role.GUARD))


@pytest.fixture
def gate(qtbot, guard_context: AppContext) -> GatePage:
    page = GatePage(guard_context)
    qtbot.addWidget(page)
    page.resize(1000, 700)
    page.show()
    page.activate()
    return page


def scan(qtbot, gate: GatePage, text: str) -> None:
    type_text(qtbot, gate.scan, text)
    press(qtbot, gate.scan, Qt.Key.Key_Return)  # a scanner ends with Enter


def test_a_guard_has_the_gate_page_and_not_the_desk_form(guard_context: AppContext) -> None:
    register_modules()
    ids = [p.id for p in pages_for(guard_context.require_actor())]
    assert "gate" in ids and "release_slips" not in ids


def test_a_valid_scan_shows_the_goods_and_is_marked_used(
    qtbot, gate: GatePage, guard_context: AppContext, clerk: Actor, world: World
) -> None:
    row = issue_owner_slip(guard_context.services, clerk, world, lines=3)
    scan(qtbot, gate, row.qr_payload)
    assert gate.scan.text() == "" and gate.scan.hasFocus()  # ready for the next scan
    assert gate.check is not None and gate.check.result is GateResult.VALID
    assert "Valid" in gate.verdict.text() and row.number in gate.verdict.text()
    assert GATE_LOOK[GateResult.VALID][0] in gate.verdict.styleSheet()
    assert [i.description for i in gate.items.rows()] == ["纸箱1号", "纸箱2号", "纸箱3号"]
    assert gate.use_button.isEnabled()
    type_text(qtbot, gate.carrier, "陈师傅")
    type_text(qtbot, gate.plate, "粤b12345")
    gate.use_button.click()
    used = guard_context.services.slips.get(actor=guard_context.require_actor(), number=row.number).slip
    assert used.status is SlipStatus.USED and used.carrier_name == "陈师傅" and used.plate == "粤B12345"
    assert used.used_by == guard_context.require_actor().username
    assert not gate.use_button.isEnabled()
    scan(qtbot, gate, row.number)  # typed by hand this time; the goods must not leave twice
    assert gate.check is not None and gate.check.result is GateResult.USED
    assert "Already used" in gate.verdict.text() and not gate.use_button.isEnabled()
    assert GATE_LOOK[GateResult.USED][0] in gate.verdict.styleSheet()


def test_an_unknown_number_and_a_tampered_code_are_refused(
    qtbot, gate: GatePage, guard_context: AppContext, clerk: Actor, world: World
) -> None:
    row = issue_owner_slip(guard_context.services, clerk, world)
    scan(qtbot, gate, "FX-20990101-0001")
    assert gate.check is not None and gate.check.result is GateResult.UNKNOWN
    assert "Unknown" in gate.verdict.text() and not gate.use_button.isEnabled()
    code = row.verification_code
    forged = code[:-1] + ("A" if code[-1] != "A" else "B")
    scan(qtbot, gate, f"{row.number} {forged}")
    assert gate.check is not None and gate.check.result is GateResult.TAMPERED
    assert "does not match" in gate.verdict.text() and not gate.use_button.isEnabled()
    assert GATE_LOOK[GateResult.TAMPERED][0] in gate.verdict.styleSheet()
    assert "forged" in gate.message.text()
    assert gate.scan.text() == ""


def test_the_gate_model_passes_the_model_tester(
    qtmodeltester, qtbot, gate: GatePage, clerk: Actor, guard_context: AppContext, world: World
) -> None:
    row = issue_owner_slip(guard_context.services, clerk, world, lines=4)
    scan(qtbot, gate, row.number)
    qtmodeltester.check(gate.items)


def test_one_line_of_goods_is_said_in_the_singular(
    qtbot, gate: GatePage, guard_context: AppContext, clerk: Actor, world: World
) -> None:
    """ "1 lines of goods" read wrong in English (the slip form's recap and the unit panel said it too)."""
    row = issue_owner_slip(guard_context.services, clerk, world, lines=1)
    scan(qtbot, gate, row.qr_payload)
    assert "1 line of goods" in gate.details.text() and "lines" not in gate.details.text()
    panel = guard_context.services.estate.unit_panel(actor=clerk, unit_id=world.unit)
    slips = next(s for s in panel.sections if s.key == "release_slips")
    assert "1 line ·" in slips.lines[0].detail
