"""Tests for the unit panel: residents masked, instructions in force, arrears, plugged-in sections."""

from __future__ import annotations

import logging
from datetime import date, timedelta

import pytest

from frontdesk.auth import Actor, Permission, Role
from frontdesk.errors import NotFound, PermissionDenied
from frontdesk.estate.panel import PanelLine, PanelSection, PanelSections
from frontdesk.estate.service import EstateService
from tests.unit.frontdesk.estate.estate_data import TODAY, Registry, mainland_id


@pytest.fixture
def furnished(estate: EstateService, admin: Actor, registry: Registry) -> int:
    """Unit 3-1502 with an owner, a tenant who left, instructions and an unpaid charge."""
    unit_id = registry.u3_1502.id
    estate.add_resident(
        actor=admin,
        unit_id=unit_id,
        kind="owner",
        name="王秀英",
        phone="13812345678",
        id_type="cn_id",
        id_number=mainland_id("11010519491231002"),
    )
    gone = estate.add_resident(actor=admin, unit_id=unit_id, kind="tenant", name="李娜").resident
    estate.move_out(actor=admin, resident_id=gone.id, version=gone.version)
    estate.add_instruction(actor=admin, unit_id=unit_id, text="業主出國，不得放行")
    ended = estate.add_instruction(actor=admin, unit_id=unit_id, text="舊指示")
    estate.end_instruction(actor=admin, instruction_id=ended.id, version=ended.version)
    estate.add_charge(
        actor=admin,
        unit_id=unit_id,
        kind="management",
        amount_fen=21002,
        due_date=TODAY - timedelta(days=45),
        period="2026-02",
    )
    return unit_id


def test_the_panel_tells_the_units_story(estate: EstateService, clerk: Actor, furnished: int) -> None:
    panel = estate.unit_panel(actor=clerk, unit_id=furnished)
    assert (panel.unit.code, panel.unit.building_name) == ("3-1502", "3棟")
    assert [(r.name, r.phone_masked, r.id_number_masked) for r in panel.residents] == [
        ("王秀英", "138****5678", "110105********002X")
    ]
    assert [i.text for i in panel.instructions] == ["業主出國，不得放行"]
    assert (panel.arrears.arrears_fen, panel.arrears.oldest_unpaid_days, panel.arrears.overdue) == (
        21002,
        45,
        True,
    )
    assert panel.sections == ()


def test_an_empty_unit(estate: EstateService, clerk: Actor, registry: Registry) -> None:
    panel = estate.unit_panel(actor=clerk, unit_id=registry.ua_1502.id)
    assert (panel.residents, panel.instructions, panel.arrears.arrears_fen) == ((), (), 0)


def test_the_panel_reads_a_bounded_number_of_queries(
    estate: EstateService, clerk: Actor, furnished: int, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.DEBUG, logger="peewee"):
        estate.unit_panel(actor=clerk, unit_id=furnished)
    queries = [r for r in caplog.records if r.name == "peewee" and isinstance(r.msg, tuple)]
    assert len(queries) <= 7  # unit, building, residents, instructions, charges, payments, late-fee rate


def test_modules_plug_sections_into_the_panel(estate: EstateService, clerk: Actor, furnished: int) -> None:
    seen: list[tuple[str, int, date]] = []

    def keys_out(actor: Actor, unit_id: int, today: date) -> PanelSection:
        seen.append((actor.username, unit_id, today))
        return PanelSection(
            "keys",
            "Keys out",
            (PanelLine("Front door key", "since 03-30", attention=True, ref="keyloan:7"),),
            count=1,
            attention=True,
        )

    def work_orders(actor: Actor, unit_id: int, today: date) -> PanelSection:
        return PanelSection("work_orders", "Open work orders", count=0)

    def visitors(actor: Actor, unit_id: int, today: date) -> PanelSection | None:
        return None if not actor.can(Permission.OVERRIDE) else PanelSection("visitors", "Recent visitors")

    estate.panel_sections.register("keys", keys_out, order=30)
    estate.panel_sections.register("work_orders", work_orders, order=10)
    estate.panel_sections.register("visitors", visitors, order=20)
    panel = estate.unit_panel(actor=clerk, unit_id=furnished)
    assert [s.key for s in panel.sections] == ["work_orders", "keys"]  # visitors: None for a clerk
    assert panel.sections[1].lines[0].ref == "keyloan:7"
    assert seen == [("clerk1", furnished, TODAY)]
    estate.panel_sections.unregister("keys")
    assert estate.panel_sections.keys() == ["work_orders", "visitors"]


def test_registering_a_key_again_replaces_the_section() -> None:
    sections = PanelSections()
    sections.register("keys", lambda actor, unit_id, today: PanelSection("keys", "old"))
    sections.register("keys", lambda actor, unit_id, today: PanelSection("keys", "new"))
    clerk = Actor(username="c", display_name="c", role=Role.CLERK)
    assert [s.title for s in sections.build(clerk, 1, TODAY)] == ["new"]


def test_the_panel_needs_desk_work_and_a_unit(
    estate: EstateService, engineer: Actor, clerk: Actor, furnished: int
) -> None:
    with pytest.raises(PermissionDenied):
        estate.unit_panel(actor=engineer, unit_id=furnished)
    with pytest.raises(NotFound):
        estate.unit_panel(actor=clerk, unit_id=987_654)
