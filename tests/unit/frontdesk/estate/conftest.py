"""Fixtures for the estate tests: a fixed desk date, a small registry, cheap password hashes."""

from __future__ import annotations

import pytest

from frontdesk.auth import Actor, Role
from frontdesk.estate.models import Estate
from frontdesk.estate.service import EstateService
from frontdesk.services import Services
from tests.conftest import make_actor
from tests.unit.frontdesk.estate.estate_data import TODAY, Registry


@pytest.fixture(autouse=True)
def _cheap_hashes(fast_argon2: None) -> None:
    """Every test here signs staff in: use the cheap argon2 parameters."""


@pytest.fixture
def estate(services: Services) -> EstateService:
    """The estate service of the test database, with the desk's date fixed at TODAY."""
    services.estate = EstateService(today=lambda: TODAY)
    return services.estate


@pytest.fixture
def estate_id(services: Services) -> int:
    """The estate made by the first-run set-up."""
    return Estate.get().id


@pytest.fixture
def engineer(services: Services, admin: Actor) -> Actor:
    """A signed-in engineer: no desk work, no registry editing."""
    return make_actor(services, admin, Role.ENGINEER)


@pytest.fixture
def guard(services: Services, admin: Actor) -> Actor:
    """A signed-in guard: no desk work, no registry editing."""
    return make_actor(services, admin, Role.GUARD)


@pytest.fixture
def registry(estate: EstateService, admin: Actor, estate_id: int) -> Registry:
    """Buildings 3 and A; 1502 exists in both, so "1502" alone is ambiguous."""
    b3 = estate.add_building(actor=admin, estate_id=estate_id, name="3棟")
    ba = estate.add_building(actor=admin, estate_id=estate_id, name="A座")
    u3_1502 = estate.add_unit(
        actor=admin, building_id=b3.id, number="1502", area_m2="89.37", status="occupied"
    )
    u3_1501 = estate.add_unit(actor=admin, building_id=b3.id, number="1501", area_m2="120", status="occupied")
    ua_1502 = estate.add_unit(actor=admin, building_id=ba.id, number="1502", area_m2="66.5")
    ua_1203 = estate.add_unit(
        actor=admin, building_id=ba.id, number="12F-03", area_m2="1.05", status="occupied"
    )
    return Registry(b3, ba, u3_1502, u3_1501, ua_1502, ua_1203)
