"""Issuing release slips along the office's procedure: owners, agents, the owner's call, arrears."""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

import pytest

from frontdesk.audit import AuditEntry
from frontdesk.auth import Actor, Role
from frontdesk.errors import NotFound, PermissionDenied, UserError, ValidationError
from frontdesk.services import Services
from frontdesk.slips.models import ReleaseSlip, SlipConfirmation, SlipItem
from frontdesk.slips.rows import ApplicantInput, ItemInput, OverrideInput, SlipRow, SlipStatus
from frontdesk.slips.service import SlipService
from tests.conftest import make_actor
from tests.unit.frontdesk.slips.conftest import (
    DeskClock,
    World,
    agent_applicant,
    call,
    owner_applicant,
    sofa,
)


def _issue(slips: SlipService, actor: Actor, unit: int, applicant: ApplicantInput, **extra: Any) -> SlipRow:
    kwargs: dict[str, Any] = {"items": [sofa()], "reason": "moving_out", **extra}
    return slips.issue_slip(
        actor=actor, client_id=str(uuid.uuid4()), unit_id=unit, applicant=applicant, **kwargs
    )


def test_an_owner_applying_in_person_gets_a_slip_valid_today(
    slips: SlipService, world: World, clerk: Actor
) -> None:
    slip = _issue(slips, clerk, world.unit, owner_applicant(world))
    assert slip.status is SlipStatus.ISSUED
    assert slip.number == "FX-20261123-0001"
    assert slip.valid_until == slip.issued_on
    assert slip.applicant_id_masked == "110101********1232"
    assert slip.applicant_phone_masked == "138****5678"
    assert slip.confirmation == "" and not slip.overridden
    assert len(slip.verification_code) == 9 and slip.verification_code[4] == "-"
    assert slip.qr_payload == f"{slip.number} {slip.verification_code}"
    stored = ReleaseSlip.get(ReleaseSlip.number == slip.number)
    assert "110101" not in stored.applicant_id_masked[6:]  # only the masked number is kept
    entry = AuditEntry.get((AuditEntry.entity == "release_slip") & (AuditEntry.action == "create"))
    assert entry.entity_id == slip.number and "李秀英" in entry.after


def test_items_are_kept_in_order_and_quantities_normalised(
    slips: SlipService, world: World, clerk: Actor
) -> None:
    lines = [
        ItemInput("双人床垫", "２", "张", "旧"),
        ItemInput("纸箱", "12.50", "箱"),
        ItemInput("台灯", "1", "个"),
    ]
    slip = _issue(slips, clerk, world.unit, owner_applicant(world), items=lines)
    detail = slips.get(actor=clerk, number=slip.number)
    assert [(i.description, i.quantity, i.unit, i.remarks) for i in detail.items] == [
        ("双人床垫", "2", "张", "旧"),
        ("纸箱", "12.5", "箱", ""),
        ("台灯", "1", "个", ""),
    ]
    assert slip.item_count == 3


def test_an_agent_needs_the_owners_call(slips: SlipService, world: World, clerk: Actor) -> None:
    with pytest.raises(ValidationError) as caught:
        _issue(slips, clerk, world.unit, agent_applicant())
    assert caught.value.field == "confirmation"
    assert ReleaseSlip.select().count() == 0


@pytest.mark.parametrize(
    ("answer", "status"),
    [("agreed", SlipStatus.ISSUED), ("refused", SlipStatus.REFUSED), ("unreachable", SlipStatus.PENDING)],
)
def test_the_owners_answer_decides_the_slip(
    slips: SlipService, world: World, clerk: Actor, clock: DeskClock, answer: str, status: SlipStatus
) -> None:
    slip = _issue(slips, clerk, world.unit, agent_applicant(), confirmation=call(world, clock, answer))
    assert slip.status is status
    assert slip.number.startswith("FX-20261123-")  # a refused or pending slip still has its serial
    detail = slips.get(actor=clerk, number=slip.number)
    (confirmation,) = detail.confirmations
    assert confirmation.owner_name == "李秀英"
    assert confirmation.phone_masked == "138****5678"
    assert confirmation.answer.value == answer


def test_a_tenant_also_needs_the_owners_call(
    slips: SlipService, world: World, clerk: Actor, clock: DeskClock
) -> None:
    tenant = ApplicantInput(
        "tenant", world.tenant, "王小明", "13700001111", "cn_id", "11010119800101123" + "2"
    )
    slip = _issue(slips, clerk, world.unit, tenant, confirmation=call(world, clock, owner=world.owner2))
    assert slip.status is SlipStatus.ISSUED and slip.confirmation == "agreed"


def test_the_called_owner_must_own_the_unit(
    slips: SlipService, world: World, clerk: Actor, clock: DeskClock
) -> None:
    with pytest.raises(ValidationError) as caught:
        _issue(
            slips, clerk, world.unit, agent_applicant(), confirmation=call(world, clock, owner=world.tenant)
        )
    assert caught.value.field == "confirmation_owner"
    with pytest.raises(ValidationError) as caught:
        _issue(
            slips,
            clerk,
            world.unit,
            agent_applicant(),
            confirmation=call(world, clock, owner=world.arrears_owner),
        )
    assert caught.value.field == "confirmation_owner"


def test_a_unit_without_an_owner_cannot_confirm(
    slips: SlipService, world: World, clerk: Actor, clock: DeskClock
) -> None:
    with pytest.raises(ValidationError) as caught:
        _issue(slips, clerk, world.ownerless_unit, agent_applicant(), confirmation=call(world, clock))
    assert caught.value.field == "confirmation_owner"
    assert "Residents" in caught.value.message


def test_an_owner_applicant_must_be_an_owner_of_this_unit(
    slips: SlipService, world: World, clerk: Actor
) -> None:
    for resident in (world.tenant, world.arrears_owner, None, 999_999):
        applicant = ApplicantInput(
            "owner", resident, "李秀英", "13812345678", "cn_id", "11010119800101123" + "2"
        )
        with pytest.raises(ValidationError) as caught:
            _issue(slips, clerk, world.unit, applicant)
        assert caught.value.field == "applicant_resident"


def test_pending_slip_is_completed_by_a_later_call(
    slips: SlipService, world: World, clerk: Actor, clock: DeskClock
) -> None:
    slip = _issue(slips, clerk, world.unit, agent_applicant(), confirmation=call(world, clock, "unreachable"))
    clock.advance(minutes=30)
    still = slips.confirm_pending(
        actor=clerk, number=slip.number, confirmation=call(world, clock, "unreachable")
    )
    assert still.status is SlipStatus.PENDING
    clock.advance(minutes=30)
    done = slips.confirm_pending(
        actor=clerk, number=slip.number.lower(), confirmation=call(world, clock, "agreed", owner=world.owner2)
    )
    assert done.status is SlipStatus.ISSUED and done.verification_code == slip.verification_code
    assert SlipConfirmation.select().where(SlipConfirmation.slip == slip.id).count() == 3
    with pytest.raises(UserError):
        slips.confirm_pending(actor=clerk, number=slip.number, confirmation=call(world, clock))


def test_pending_slip_refused_later(slips: SlipService, world: World, clerk: Actor, clock: DeskClock) -> None:
    slip = _issue(slips, clerk, world.unit, agent_applicant(), confirmation=call(world, clock, "unreachable"))
    done = slips.confirm_pending(actor=clerk, number=slip.number, confirmation=call(world, clock, "refused"))
    assert done.status is SlipStatus.REFUSED


def test_a_pending_slip_past_its_validity_cannot_be_confirmed(
    slips: SlipService, world: World, clerk: Actor, clock: DeskClock
) -> None:
    slip = _issue(slips, clerk, world.unit, agent_applicant(), confirmation=call(world, clock, "unreachable"))
    clock.advance(days=1)
    assert slips.get(actor=clerk, number=slip.number).slip.status is SlipStatus.EXPIRED
    with pytest.raises(UserError, match="expired"):
        slips.confirm_pending(actor=clerk, number=slip.number, confirmation=call(world, clock))


def test_arrears_block_the_slip_without_a_supervisor(slips: SlipService, world: World, clerk: Actor) -> None:
    context = slips.slip_context(actor=clerk, unit_id=world.arrears_unit)
    assert context.blocked and context.arrears.arrears_fen == 123_450
    applicant = ApplicantInput(
        "owner", world.arrears_owner, "赵大海", "13600002222", "cn_id", "11010119800101123" + "2"
    )
    with pytest.raises(ValidationError) as caught:
        _issue(slips, clerk, world.arrears_unit, applicant)
    assert caught.value.field == "override"
    assert ReleaseSlip.select().count() == 0


def test_a_clerk_cannot_override_arrears(
    slips: SlipService, world: World, clerk: Actor, services: Services, admin: Actor
) -> None:
    other_clerk = make_actor(services, admin, Role.CLERK, "clerk2")
    applicant = ApplicantInput(
        "owner", world.arrears_owner, "赵大海", "13600002222", "cn_id", "11010119800101123" + "2"
    )
    for who in (clerk, other_clerk):
        with pytest.raises(ValidationError) as caught:
            _issue(slips, clerk, world.arrears_unit, applicant, override=OverrideInput(who, "业主承诺明天交"))
        assert caught.value.field == "override"


def test_the_supervisor_must_be_someone_else(slips: SlipService, world: World, supervisor: Actor) -> None:
    applicant = ApplicantInput(
        "owner", world.arrears_owner, "赵大海", "13600002222", "cn_id", "11010119800101123" + "2"
    )
    with pytest.raises(ValidationError) as caught:
        _issue(slips, supervisor, world.arrears_unit, applicant, override=OverrideInput(supervisor, "急需"))
    assert caught.value.field == "override"


def test_a_supervisor_override_is_recorded_on_the_slip(
    slips: SlipService, world: World, clerk: Actor, supervisor: Actor
) -> None:
    applicant = ApplicantInput(
        "owner", world.arrears_owner, "赵大海", "13600002222", "cn_id", "11010119800101123" + "2"
    )
    with pytest.raises(ValidationError) as caught:
        _issue(slips, clerk, world.arrears_unit, applicant, override=OverrideInput(supervisor, "  "))
    assert caught.value.field == "override_reason"
    slip = _issue(
        slips, clerk, world.arrears_unit, applicant, override=OverrideInput(supervisor, "业主承诺明天交清")
    )
    assert slip.overridden and slip.override_by == supervisor.username
    assert slip.override_reason == "业主承诺明天交清" and slip.arrears_fen == 123_450
    document = slips.document(actor=clerk, number=slip.number)
    assert "1,234.50" in document.arrears_note and "业主承诺明天交清" in document.arrears_note


def test_a_retry_with_the_same_client_id_returns_the_first_slip(
    slips: SlipService, world: World, clerk: Actor
) -> None:
    client_id = str(uuid.uuid4())
    first = slips.issue_slip(
        actor=clerk,
        client_id=client_id,
        unit_id=world.unit,
        applicant=owner_applicant(world),
        items=[sofa()],
        reason="repair",
    )
    again = slips.issue_slip(
        actor=clerk,
        client_id=client_id,
        unit_id=world.unit,
        applicant=owner_applicant(world),
        items=[sofa()],
        reason="repair",
    )
    assert again == first
    assert ReleaseSlip.select().count() == 1 and SlipItem.select().count() == 1
    assert AuditEntry.select().where(AuditEntry.entity == "release_slip").count() == 1


def test_numbers_run_per_day(slips: SlipService, world: World, clerk: Actor, clock: DeskClock) -> None:
    numbers = [_issue(slips, clerk, world.unit, owner_applicant(world)).number for _ in range(3)]
    clock.advance(days=1)
    numbers.append(_issue(slips, clerk, world.unit, owner_applicant(world)).number)
    assert numbers == ["FX-20261123-0001", "FX-20261123-0002", "FX-20261123-0003", "FX-20261124-0001"]


def test_validity_may_be_later_but_never_past(
    slips: SlipService, world: World, clerk: Actor, clock: DeskClock
) -> None:
    today = clock.today()
    slip = _issue(slips, clerk, world.unit, owner_applicant(world), valid_until=today + timedelta(days=2))
    assert slip.valid_until == today + timedelta(days=2)
    for bad in (today - timedelta(days=1), today + timedelta(days=40)):
        with pytest.raises(ValidationError) as caught:
            _issue(slips, clerk, world.unit, owner_applicant(world), valid_until=bad)
        assert caught.value.field == "valid_until"


def test_context_brings_owners_tenants_and_standing_instructions(
    slips: SlipService, world: World, clerk: Actor, services: Services, admin: Actor
) -> None:
    services.estate.add_instruction(actor=admin, unit_id=world.unit, text="业主出国：放行物品须先电话确认")
    context = slips.slip_context(actor=clerk, unit_id=world.unit)
    assert context.unit_code == "3-1502" and context.estate_name == "幸福里"
    assert [o.name for o in context.owners] == ["李秀英", "李建国"]
    assert [(t.name, t.phone_masked, t.has_phone) for t in context.tenants] == [
        ("王小明", "137****1111", True)
    ]
    assert not context.blocked
    assert [i.text for i in context.instructions] == ["业主出国：放行物品须先电话确认"]
    with pytest.raises(NotFound):
        slips.slip_context(actor=clerk, unit_id=999_999)


def test_only_desk_staff_issue(slips: SlipService, world: World, guard: Actor) -> None:
    with pytest.raises(PermissionDenied):
        _issue(slips, guard, world.unit, owner_applicant(world))
    with pytest.raises(PermissionDenied):
        slips.slip_context(actor=guard, unit_id=world.unit)


def test_unknown_unit_is_refused(slips: SlipService, world: World, clerk: Actor) -> None:
    with pytest.raises(NotFound):
        _issue(slips, clerk, 999_999, agent_applicant())


def test_two_saves_of_the_same_form_at_once_make_one_slip(
    slips: SlipService, world: World, clerk: Actor, monkeypatch: pytest.MonkeyPatch
) -> None:
    from frontdesk.slips import issuing

    client_id = str(uuid.uuid4())
    form = {"unit_id": world.unit, "applicant": owner_applicant(world), "items": [sofa()], "reason": "repair"}
    first = slips.issue_slip(actor=clerk, client_id=client_id, **form)
    real, calls = issuing.find_submitted, []

    def not_yet_visible(model: Any, cid: Any) -> Any:
        calls.append(cid)
        return None if len(calls) == 1 else real(model, cid)  # the other desk's save lands meanwhile

    monkeypatch.setattr(issuing, "find_submitted", not_yet_visible)
    again = slips.issue_slip(actor=clerk, client_id=client_id, **form)
    assert again == first and len(calls) == 2
    assert ReleaseSlip.select().count() == 1
    assert _issue(slips, clerk, world.unit, owner_applicant(world)).number == "FX-20261123-0002"
