"""Fixtures for the work-order tests: the desk clock, a small estate, technicians, the services on it."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

import pytest

from frontdesk.auth import Actor, Role
from frontdesk.callbacks.service import CallbackService
from frontdesk.calls.service import CallService
from frontdesk.complaints.procedure import register_callbacks as complaint_callbacks
from frontdesk.complaints.service import ComplaintService
from frontdesk.estate.models import Estate
from frontdesk.estate.service import EstateService
from frontdesk.services import Services
from frontdesk.workorders.lifecycle import register_callbacks
from frontdesk.workorders.panel import register_panel
from frontdesk.workorders.rows import OrderInput, OrderRow, ReporterInput, TechnicianInput
from frontdesk.workorders.service import WorkOrderService
from tests.conftest import make_actor
from tests.unit.frontdesk.slips.conftest import START, DeskClock

__all__ = ["START", "DeskClock"]


@dataclass(frozen=True)
class World:
    """3棟1502 with its owner 李秀英 (13812345678); technicians 张师傅 (water, electrical), 李师傅
    (electrical, lift), 王师傅 (civil, off duty); 赵阿姨 of cleaning."""

    unit: int
    owner: int
    zhang: int
    li: int
    wang: int
    cleaner: int


@pytest.fixture(autouse=True)
def _cheap_hashes(fast_argon2: None) -> None:
    """Staff sign in here: use the cheap argon2 parameters."""


@pytest.fixture
def clock() -> DeskClock:
    """10:00 on 23 November 2026 at the desk."""
    return DeskClock(START)


@pytest.fixture
def orders(services: Services, clock: DeskClock) -> WorkOrderService:
    """The work-order, complaint, callback and call services on the test clock, wired as ``Services`` does."""
    services.estate = EstateService(today=clock.today)
    services.workorders = WorkOrderService(today=clock.today, now=clock.now)
    services.complaints = ComplaintService(today=clock.today, now=clock.now)
    services.callbacks = CallbackService(today=clock.today, now=clock.now)
    services.calls = CallService(today=clock.today, now=clock.now)
    register_callbacks(services.callbacks.owners)  # the setters skip the wiring
    complaint_callbacks(services.callbacks.owners)
    register_panel(services.estate.panel_sections, services)
    return services.workorders


@pytest.fixture
def clerk2(services: Services, admin: Actor) -> Actor:
    """A second clerk: the colleague who makes the callbacks, or the other desk."""
    return make_actor(services, admin, Role.CLERK, "clerk2")


def technician(orders: WorkOrderService, admin: Actor, name: str, *skills: str, **kw: object) -> int:
    """Add a technician; returns the id."""
    return orders.save_technician(
        actor=admin,
        technician=TechnicianInput(name=name, skills=skills, **kw),  # type: ignore[arg-type]
    ).id


@pytest.fixture
def world(services: Services, orders: WorkOrderService, admin: Actor) -> World:
    """The registry and the technicians orders are made against."""
    estate = services.estate
    building = estate.add_building(actor=admin, estate_id=Estate.get().id, name="3棟")
    unit = estate.add_unit(actor=admin, building_id=building.id, number="1502", area_m2="89.37")
    owner = estate.add_resident(
        actor=admin, unit_id=unit.id, kind="owner", name="李秀英", phone="13812345678"
    )
    return World(
        unit.id,
        owner.resident.id,
        technician(orders, admin, "张师傅", "water", "electrical", phone="13900001111"),
        technician(orders, admin, "李师傅", "electrical", "lift"),
        technician(orders, admin, "王师傅", "civil", on_duty=False),
        technician(orders, admin, "赵阿姨", "other", department="cleaning"),
    )


def order_input(world: World, **kwargs: object) -> OrderInput:
    """The order form as a clerk fills it: the owner of 3-1502, a leaking pipe, normal, free."""
    values: dict[str, object] = {
        "unit_id": world.unit,
        "place": "",
        "problem": "厨房水管漏水",
        "category": "water",
        "urgency": "normal",
        "reporter": ReporterInput(world.owner),
    }
    values.update(kwargs)
    return OrderInput(**values)  # type: ignore[arg-type]


def issue(orders: WorkOrderService, actor: Actor, world: World, **kwargs: object) -> OrderRow:
    """Issue an order with a fresh submission id."""
    return orders.create_order(actor=actor, client_id=str(uuid.uuid4()), order=order_input(world, **kwargs))
