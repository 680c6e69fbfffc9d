"""Fixtures for the slip tests: a desk clock the test moves, a unit with owners, tenants and arrears."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

import pytest

from frontdesk.auth import Actor, Role
from frontdesk.estate.models import Estate
from frontdesk.estate.service import EstateService
from frontdesk.services import Services
from frontdesk.slips.panel import register_panel
from frontdesk.slips.rows import ApplicantInput, ConfirmationInput, ItemInput
from frontdesk.slips.service import SlipService
from tests.conftest import make_actor
from tests.unit.frontdesk.estate.estate_data import mainland_id

START = date(2026, 11, 23)
OWNER_ID = mainland_id("11010119800101123")
AGENT_ID = mainland_id("44030419900202456")


class DeskClock:
    """The desk's date and time; tests move it forward."""

    def __init__(self, day: date, hour: int = 10) -> None:
        self.moment = datetime.combine(day, time(hour)).astimezone(UTC).replace(tzinfo=None)

    def today(self) -> date:
        """The local date of the current moment."""
        return self.moment.replace(tzinfo=UTC).astimezone().date()

    def now(self) -> datetime:
        """The current moment, naive UTC."""
        return self.moment

    def advance(self, **delta: float) -> None:
        """Move the clock forward."""
        self.moment += timedelta(**delta)


@dataclass(frozen=True)
class World:
    """A small estate: unit 3-1502 with an owner and a tenant, 3-1501 in arrears, 3-0101 with no owner."""

    unit: int
    arrears_unit: int
    ownerless_unit: int
    owner: int
    owner2: int
    tenant: int
    arrears_owner: int


@pytest.fixture(autouse=True)
def _cheap_hashes(fast_argon2: None) -> None:
    """Staff sign in here: use the cheap argon2 parameters."""


@pytest.fixture
def clock() -> DeskClock:
    """10:00 on 23 November 2026 at the desk."""
    return DeskClock(START)


@pytest.fixture
def slips(services: Services, clock: DeskClock) -> SlipService:
    """The slip service on the test database, on the test clock (the estate's clock too)."""
    services.estate = EstateService(today=clock.today)
    services.slips = SlipService(today=clock.today, now=clock.now)
    register_panel(services.estate.panel_sections, services)  # the setter skips the wiring
    return services.slips


@pytest.fixture
def guard(services: Services, admin: Actor) -> Actor:
    """A signed-in guard."""
    return make_actor(services, admin, Role.GUARD)


@pytest.fixture
def engineer(services: Services, admin: Actor) -> Actor:
    """A signed-in engineer: neither desk nor gate work."""
    return make_actor(services, admin, Role.ENGINEER)


@pytest.fixture
def world(services: Services, slips: SlipService, admin: Actor) -> World:
    """The registry the slips are issued against."""
    estate = services.estate
    building = estate.add_building(actor=admin, estate_id=Estate.get().id, name="3棟")
    unit = estate.add_unit(actor=admin, building_id=building.id, number="1502", area_m2="89.37")
    arrears_unit = estate.add_unit(actor=admin, building_id=building.id, number="1501", area_m2="120")
    ownerless = estate.add_unit(actor=admin, building_id=building.id, number="0101", area_m2="50")

    def person(unit_id: int, kind: str, name: str, phone: str) -> int:
        saved = estate.add_resident(actor=admin, unit_id=unit_id, kind=kind, name=name, phone=phone)
        return saved.resident.id

    owner = person(unit.id, "owner", "李秀英", "13812345678")
    owner2 = person(unit.id, "owner", "李建国", "13912345678")
    tenant = person(unit.id, "tenant", "王小明", "13700001111")
    arrears_owner = person(arrears_unit.id, "owner", "赵大海", "13600002222")
    person(ownerless.id, "tenant", "孙租客", "13500003333")
    estate.add_charge(
        actor=admin,
        unit_id=arrears_unit.id,
        kind="other",
        amount_fen=123_450,
        due_date=START - timedelta(days=40),
        description="管理费",
    )
    return World(unit.id, arrears_unit.id, ownerless.id, owner, owner2, tenant, arrears_owner)


def owner_applicant(world: World, name: str = "李秀英") -> ApplicantInput:
    """The unit's owner applying in person."""
    return ApplicantInput("owner", world.owner, name, "13812345678", "cn_id", OWNER_ID)


def agent_applicant(name: str = "搬家师傅陈", phone: str = "15011112222") -> ApplicantInput:
    """A mover applying for the owner."""
    return ApplicantInput("agent", None, name, phone, "cn_id", AGENT_ID)


def sofa(description: str = "三人沙发", quantity: str = "1", unit: str = "张") -> ItemInput:
    """One line of goods."""
    return ItemInput(description, quantity, unit)


def call(
    world: World, clock: DeskClock, answer: str = "agreed", owner: int | None = None
) -> ConfirmationInput:
    """The clerk's call to the owner a few minutes ago."""
    called_at = clock.now() - timedelta(minutes=3)
    return ConfirmationInput(owner or world.owner, "138 1234 5678", called_at, answer)
