"""Proposing a technician: skill first, then the office's rule (longest idle, fewest open, round robin),
with the reason said; technicians and categories kept by the office."""

from __future__ import annotations

from datetime import datetime

import pytest

from frontdesk.auth import Actor
from frontdesk.errors import PermissionDenied, ValidationError
from frontdesk.services import Services
from frontdesk.workorders.dispatch import Candidate, rank
from frontdesk.workorders.models import Technician
from frontdesk.workorders.rows import DispatchRule, OrderRow, TechnicianInput
from frontdesk.workorders.service import WorkOrderService
from tests.unit.frontdesk.workorders.conftest import DeskClock, World, issue

T0 = datetime(2026, 11, 20, 8)


def _at(hour: int | None) -> datetime | None:
    return T0.replace(hour=hour) if hour is not None else None


def _c(id_: int, open_: int = 0, assigned: int | None = None, idle: int | None = None) -> Candidate:
    return Candidate(id_, f"t{id_}", id_, open_, _at(assigned), _at(idle))


@pytest.mark.parametrize(
    ("rule", "candidates", "best_first"),
    [
        # idle ones (no open order) before busy ones; the longest since their last completion first
        (DispatchRule.LONGEST_IDLE, [_c(1, idle=10), _c(2, idle=9), _c(3, open_=1, idle=1)], [2, 1, 3]),
        # never completed an order: idle the longest
        (DispatchRule.LONGEST_IDLE, [_c(1, idle=9), _c(2)], [2, 1]),
        # all busy: the fewest open
        (DispatchRule.LONGEST_IDLE, [_c(1, open_=3), _c(2, open_=1, idle=12)], [2, 1]),
        (DispatchRule.FEWEST_OPEN, [_c(1, open_=2), _c(2, open_=1), _c(3, open_=1, assigned=9)], [2, 3, 1]),
        (DispatchRule.FEWEST_OPEN, [_c(1, open_=1, assigned=11), _c(2, open_=1, assigned=10)], [2, 1]),
        # round robin: never assigned first, then the least recently assigned
        (DispatchRule.ROUND_ROBIN, [_c(1, assigned=11), _c(2, assigned=9), _c(3)], [3, 2, 1]),
        (DispatchRule.ROUND_ROBIN, [_c(2), _c(1)], [1, 2]),  # ties: the office's order
    ],
)
def test_the_rules_rank_as_the_office_expects(
    rule: DispatchRule, candidates: list[Candidate], best_first: list[int]
) -> None:
    assert [c.id for c in rank(rule, candidates)] == best_first


def _done(orders: WorkOrderService, clerk: Actor, world: World, tech: int, clock: DeskClock) -> OrderRow:
    row = issue(orders, clerk, world, category="electrical")
    row = orders.dispatch(actor=clerk, number=row.number, version=row.version, technician_id=tech)
    row = orders.sign_for(actor=clerk, number=row.number, version=row.version)
    row = orders.survey(actor=clerk, number=row.number, version=row.version, findings="x")
    row = orders.start_work(actor=clerk, number=row.number, version=row.version)
    clock.advance(minutes=30)
    return orders.complete(actor=clerk, number=row.number, version=row.version, work_done="ok", hours="0.5")


def test_skill_first_and_the_reason_said(orders: WorkOrderService, world: World, clerk: Actor) -> None:
    row = issue(orders, clerk, world, category="water")
    proposal = orders.propose(actor=clerk, number=row.number)
    assert (proposal.technician_id, proposal.skilled, proposal.rule) == (
        world.zhang,
        True,
        DispatchRule.LONGEST_IDLE,
    )
    assert proposal.reason == (
        "张师傅 has the skill “Water supply and drainage”; has no open order and has not completed one yet."
    )
    assert proposal.ranking == (world.zhang,)  # 李师傅 has no water skill, 王师傅 is off duty


def test_longest_idle_proposes_who_finished_first(
    orders: WorkOrderService, world: World, clerk: Actor, clock: DeskClock
) -> None:
    _done(orders, clerk, world, world.li, clock)  # 李 finished first
    clock.advance(hours=1)
    _done(orders, clerk, world, world.zhang, clock)
    row = issue(orders, clerk, world, category="electrical")
    proposal = orders.propose(actor=clerk, number=row.number)
    assert proposal.technician_id == world.li and proposal.ranking == (world.li, world.zhang)
    assert "idle since 2026-11-23" in proposal.reason and "the longest" in proposal.reason
    # kept with the order when the dispatcher takes it
    row = orders.dispatch(actor=clerk, number=row.number, version=row.version, technician_id=world.li)
    assert row.proposal_reason == proposal.reason


def test_fewest_open_and_round_robin_from_the_settings(
    services: Services, orders: WorkOrderService, world: World, clerk: Actor, admin: Actor, clock: DeskClock
) -> None:
    for tech in (world.zhang, world.zhang, world.li):
        row = issue(orders, clerk, world, category="electrical")
        orders.dispatch(actor=clerk, number=row.number, version=row.version, technician_id=tech)
        clock.advance(minutes=5)
    row = issue(orders, clerk, world, category="electrical")
    services.settings.set(actor=admin, key="work_order_dispatch_rule", value="fewest_open")
    proposal = orders.propose(actor=clerk, number=row.number)
    assert proposal.technician_id == world.li
    assert proposal.reason.endswith("the fewest open orders (1).")
    services.settings.set(actor=admin, key="work_order_dispatch_rule", value="round_robin")
    proposal = orders.propose(actor=clerk, number=row.number)
    assert proposal.technician_id == world.zhang  # assigned before 李's last one
    assert "is next in turn (last order dispatched 2026-11-23" in proposal.reason
    # the dispatcher may ask for another rule
    assert orders.propose(actor=clerk, number=row.number, rule="fewest_open").technician_id == world.li
    with pytest.raises(ValidationError):
        orders.propose(actor=clerk, number=row.number, rule="random")


def test_nobody_with_the_skill_on_duty_falls_back_and_says_so(
    orders: WorkOrderService, world: World, clerk: Actor
) -> None:
    li = next(t for t in orders.technicians(actor=clerk) if t.id == world.li)
    orders.set_on_duty(actor=clerk, technician_id=li.id, version=li.version, on_duty=False)
    row = issue(orders, clerk, world, category="lift", problem="电梯困人")
    proposal = orders.propose(actor=clerk, number=row.number)
    assert (proposal.technician_id, proposal.skilled) == (world.zhang, False)
    assert proposal.reason.startswith("Nobody on duty has the skill “Lift”; 张师傅 is on duty")
    zhang = next(t for t in orders.technicians(actor=clerk) if t.id == world.zhang)
    orders.set_on_duty(actor=clerk, technician_id=zhang.id, version=zhang.version, on_duty=False)
    empty = orders.propose(actor=clerk, number=row.number)
    assert empty.technician_id is None and empty.reason == "Nobody of the department is on duty."


def test_technicians_and_categories_are_the_offices_to_edit(
    orders: WorkOrderService, world: World, clerk: Actor, admin: Actor
) -> None:
    codes = [c.code for c in orders.categories(actor=clerk)]
    assert codes == ["water", "electrical", "doors_locks", "lift", "civil", "public_facilities", "other"]
    added = orders.save_category(actor=admin, name="消防设施")
    assert added.name == "消防设施" and added.code in [c.code for c in orders.categories(actor=clerk)]
    orders.save_category(actor=admin, code="lift", name="", active=False)
    assert "lift" not in [c.code for c in orders.categories(actor=clerk)]
    with pytest.raises(ValidationError) as bad:
        issue(orders, clerk, world, category="lift")
    assert bad.value.field == "category"
    with pytest.raises(PermissionDenied):
        orders.save_category(actor=clerk, name="x")
    with pytest.raises(ValidationError) as bad:
        orders.save_technician(actor=admin, technician=TechnicianInput("孙师傅", skills=("plumbing",)))
    assert bad.value.field == "skills"
    with pytest.raises(ValidationError) as bad:
        orders.save_technician(actor=admin, technician=TechnicianInput(" "))
    assert bad.value.field == "name"
    zhang = next(t for t in orders.technicians(actor=clerk) if t.id == world.zhang)
    assert zhang.skills == ("water", "electrical") and zhang.phone_masked == "139****1111"
    changed = orders.save_technician(
        actor=admin,
        technician_id=zhang.id,
        version=zhang.version,
        technician=TechnicianInput("张师傅", skills=("water", added.code), phone="13900001111"),
    )
    assert changed.skills == ("water", added.code)
    with pytest.raises(PermissionDenied):
        orders.save_technician(actor=clerk, technician=TechnicianInput("x"))


def test_the_masked_phone_and_a_hidden_skill_are_kept_on_a_change(
    orders: WorkOrderService, world: World, clerk: Actor, admin: Actor
) -> None:
    zhang = next(t for t in orders.technicians(actor=clerk) if t.id == world.zhang)
    orders.save_category(actor=admin, code="electrical", name="", active=False)
    kept = orders.save_technician(
        actor=admin,
        technician_id=zhang.id,
        version=zhang.version,
        technician=TechnicianInput("张师傅", phone=zhang.phone_masked, skills=zhang.skills, on_duty=False),
    )
    assert kept.phone_masked == "139****1111" and kept.skills == ("water", "electrical")
    assert Technician.get_by_id(zhang.id).phone == "13900001111"  # not replaced by its mask
    with pytest.raises(ValidationError) as bad:  # a hidden category is not given to someone new
        orders.save_technician(actor=admin, technician=TechnicianInput("孙师傅", skills=("electrical",)))
    assert bad.value.field == "skills"
    with pytest.raises(ValidationError) as bad:  # another's masked number is no number
        orders.save_technician(actor=admin, technician=TechnicianInput("孙师傅", phone="139****1111"))
    assert bad.value.field == "phone"
    changed = orders.save_technician(
        actor=admin,
        technician_id=zhang.id,
        version=kept.version,
        technician=TechnicianInput("张师傅", phone="13700002222", skills=("water",)),
    )
    assert changed.phone_masked == "137****2222" and changed.skills == ("water",)
