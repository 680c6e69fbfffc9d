"""Fixtures for the utility tests: a small building with meters, tariffs, and the service on a fixed clock."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

import pytest

from frontdesk.auth import Actor
from frontdesk.estate.models import Estate
from frontdesk.estate.service import EstateService
from frontdesk.services import Services
from frontdesk.utilities.rows import MeterInput, TariffStepInput
from frontdesk.utilities.service import UtilityService
from frontdesk.utilities.tariffs import TariffInput

TODAY = date(2026, 3, 5)


@dataclass(frozen=True)
class Block:
    """Building 3: 3-1501 (100 m², occupied), 3-1502 (50 m², occupied), 3-1601 (50 m², vacant).

    Each unit has a water meter (W…) and an electricity meter (E…); 3-1502's electricity meter has
    a multiplier of 40; the building has a public lighting meter shared by area.
    """

    building: int
    big: int
    small: int
    vacant: int
    meters: dict[str, int]


@pytest.fixture
def utilities(services: Services) -> UtilityService:
    """The utility service on 5 March 2026."""
    services.estate = EstateService(today=lambda: TODAY)
    services.utilities = UtilityService(today=lambda: TODAY, now=lambda: datetime(2026, 3, 5, 2, 0))
    return services.utilities


@pytest.fixture
def block(services: Services, utilities: UtilityService, admin: Actor) -> Block:
    """The building, its units, residents and meters (see :class:`Block`)."""
    estate = services.estate
    building = estate.add_building(actor=admin, estate_id=Estate.get().id, name="3栋", code="3")
    units = {}
    for number, area, status, floor in (
        ("1501", "100", "occupied", 15),
        ("1502", "50", "occupied", 15),
        ("1601", "50", "vacant", 16),
    ):
        units[number] = estate.add_unit(
            actor=admin, building_id=building.id, number=number, area_m2=area, status=status, floor=floor
        ).id
    estate.add_resident(actor=admin, unit_id=units["1501"], kind="owner", name="李秀英", phone="13812345678")
    estate.add_resident(actor=admin, unit_id=units["1502"], kind="owner", name="王建国", phone="13900001111")
    estate.add_resident(actor=admin, unit_id=units["1502"], kind="tenant", name="陈晓", phone="13700002222")
    meters = {}
    installed = date(2020, 1, 1)
    for number, unit in units.items():
        meters[f"W{number}"] = utilities.add_meter(
            actor=admin, meter=MeterInput("water", f"W{number}", 5, installed, unit, initial_reading=100)
        ).id
        meters[f"E{number}"] = utilities.add_meter(
            actor=admin,
            meter=MeterInput(
                "electricity", f"E{number}", 6, installed, unit, multiplier=40 if number == "1502" else 1
            ),
        ).id
    meters["P3"] = utilities.add_meter(
        actor=admin,
        meter=MeterInput(
            "electricity", "P3", 6, installed, building_id=building.id, place="3栋公共照明", share="area"
        ),
    ).id
    return Block(building.id, units["1501"], units["1502"], units["1601"], meters)


@pytest.fixture
def tariffs(utilities: UtilityService, admin: Actor) -> None:
    """Water 3.45 yuan/m³ + 0.95 sewage; electricity in annual tiers 0.68 / 0.73 / 0.98 (2,160, 4,200)."""
    utilities.save_tariff(
        actor=admin,
        tariff=TariffInput(
            "water", "2020-01", "month", (TariffStepInput(None, Decimal("3.45"), Decimal("0.95")),)
        ),
    )
    steps = (
        TariffStepInput(2160, Decimal("0.68")),
        TariffStepInput(4200, Decimal("0.73")),
        TariffStepInput(None, Decimal("0.98")),
    )
    utilities.save_tariff(actor=admin, tariff=TariffInput("electricity", "2020-01", "year", steps))
