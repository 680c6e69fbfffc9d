"""Fixtures for the complaint tests: the desk clock, a small estate, the services on that clock."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import timedelta

import pytest

from frontdesk.auth import Actor, Role
from frontdesk.callbacks.service import CallbackService
from frontdesk.calls.service import CallService
from frontdesk.complaints.panel import register_panel
from frontdesk.complaints.procedure import register_callbacks
from frontdesk.complaints.rows import ComplainantInput, ComplaintRow, IntakeInput
from frontdesk.complaints.service import ComplaintService
from frontdesk.estate.models import Estate
from frontdesk.estate.service import EstateService
from frontdesk.services import Services
from tests.conftest import make_actor
from tests.unit.frontdesk.slips.conftest import START, DeskClock


@dataclass(frozen=True)
class World:
    """3棟1502 with an owner (李秀英, 13812345678); 3棟1501 in arrears with its owner."""

    unit: int
    arrears_unit: int
    owner: int
    arrears_owner: int


@pytest.fixture(autouse=True)
def _cheap_hashes(fast_argon2: None) -> None:
    """Staff sign in here: use the cheap argon2 parameters."""


@pytest.fixture
def clock() -> DeskClock:
    """10:00 on 23 November 2026 at the desk."""
    return DeskClock(START)


@pytest.fixture
def complaints(services: Services, clock: DeskClock) -> ComplaintService:
    """The complaint, callback and call services on the test clock, wired as ``Services`` wires them."""
    services.estate = EstateService(today=clock.today)
    services.complaints = ComplaintService(today=clock.today, now=clock.now)
    services.callbacks = CallbackService(today=clock.today, now=clock.now)
    services.calls = CallService(today=clock.today, now=clock.now)
    register_callbacks(services.callbacks.owners)  # the setters skip the wiring
    register_panel(services.estate.panel_sections, services)
    return services.complaints


@pytest.fixture
def clerk2(services: Services, admin: Actor) -> Actor:
    """A second clerk: the colleague who makes the callbacks."""
    return make_actor(services, admin, Role.CLERK, "clerk2")


@pytest.fixture
def world(services: Services, complaints: ComplaintService, admin: Actor) -> World:
    """The registry complaints are made against."""
    estate = services.estate
    building = estate.add_building(actor=admin, estate_id=Estate.get().id, name="3棟")
    unit = estate.add_unit(actor=admin, building_id=building.id, number="1502", area_m2="89.37")
    arrears_unit = estate.add_unit(actor=admin, building_id=building.id, number="1501", area_m2="120")
    owner = estate.add_resident(
        actor=admin, unit_id=unit.id, kind="owner", name="李秀英", phone="13812345678"
    )
    other = estate.add_resident(
        actor=admin, unit_id=arrears_unit.id, kind="owner", name="赵大海", phone="13600002222"
    )
    estate.add_charge(
        actor=admin,
        unit_id=arrears_unit.id,
        kind="other",
        amount_fen=123_450,
        due_date=START - timedelta(days=40),
        description="管理费",
    )
    return World(unit.id, arrears_unit.id, owner.resident.id, other.resident.id)


def intake(
    world: World,
    *,
    cls: str = "valid",
    kind: str = "charges",
    content: str = "物业费多收了一个月，乱收费！",
    channel: str = "walk_in",
    unit: int | None = -1,
    resident: bool = True,
    place: str = "",
    link_to: str = "",
) -> IntakeInput:
    """An intake form as a clerk fills it (the unit's owner complaining about charges)."""
    who = ComplainantInput(world.owner) if resident else ComplainantInput(None, "路人甲", "139 0000 1111")
    return IntakeInput(
        channel=channel,
        complainant=who,
        unit_id=world.unit if unit == -1 else unit,
        place=place,
        content=content,
        cls=cls,
        kind=kind,
        link_to=link_to,
    )


def take(complaints: ComplaintService, actor: Actor, world: World, **kwargs: object) -> ComplaintRow:
    """Record a complaint with a fresh submission id."""
    return complaints.take_complaint(actor=actor, client_id=str(uuid.uuid4()), intake=intake(world, **kwargs))  # type: ignore[arg-type]
