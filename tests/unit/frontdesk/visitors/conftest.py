"""Fixtures for the visitors' tests: a service with its own key file and clock, a unit with residents."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from frontdesk.auth import Actor
from frontdesk.estate.models import Estate
from frontdesk.services import Services
from frontdesk.visitors.idkey import IdKeyRing
from frontdesk.visitors.service import VisitorService
from tests.unit.frontdesk.visitors.visitor_data import Clock, Host


@pytest.fixture(autouse=True)
def _cheap_hashes(fast_argon2: None) -> None:
    """Tests here sign staff in: use the cheap argon2 parameters."""


@pytest.fixture
def clock() -> Clock:
    """The service's clock (UTC)."""
    return Clock()


@pytest.fixture
def key_file(tmp_path: Path) -> Path:
    """Where this test's ID key file lives."""
    return tmp_path / "keys" / "visitor-id.key"


@pytest.fixture
def visitors(services: Services, key_file: Path, clock: Clock) -> VisitorService:
    """The visitor service with a key file under tmp_path and a settable clock."""
    services.visitors = VisitorService(
        keyring=IdKeyRing(key_file), now=clock, today=lambda: date(2026, 3, 31)
    )
    return services.visitors


@pytest.fixture
def host(services: Services, admin: Actor) -> Host:
    """Unit 3-1502 with its owner 王秀英."""
    estate = services.estate
    building = estate.add_building(actor=admin, estate_id=Estate.get().id, name="3棟")
    unit = estate.add_unit(actor=admin, building_id=building.id, number="1502", area_m2="89.37")
    owner = estate.add_resident(
        actor=admin, unit_id=unit.id, kind="owner", name="王秀英", phone="13800001111"
    )
    return Host(unit.id, unit.code, owner.resident.id, "王秀英")
