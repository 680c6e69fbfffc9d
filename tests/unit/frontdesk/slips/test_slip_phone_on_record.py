"""A resident applicant's phone, and the owner's number called, default to the number on record."""

from __future__ import annotations

import uuid
from dataclasses import replace
from typing import Any

import pytest

from frontdesk.audit import AuditEntry
from frontdesk.auth import Actor
from frontdesk.errors import NotFound, PermissionDenied, ValidationError
from frontdesk.services import Services
from frontdesk.slips.models import ReleaseSlip, SlipConfirmation
from frontdesk.slips.rows import ApplicantInput, SlipRow
from frontdesk.slips.service import SlipService
from tests.unit.frontdesk.slips.conftest import (
    AGENT_ID,
    DeskClock,
    World,
    agent_applicant,
    call,
    owner_applicant,
    sofa,
)


def _issue(
    slips: SlipService, actor: Actor, world: World, applicant: ApplicantInput, **extra: Any
) -> SlipRow:
    return slips.issue_slip(
        actor=actor,
        client_id=str(uuid.uuid4()),
        unit_id=world.unit,
        applicant=applicant,
        items=[sofa()],
        reason="moving_out",
        **extra,
    )


def test_an_owner_without_a_typed_phone_gets_the_number_on_record(
    slips: SlipService, world: World, clerk: Actor
) -> None:
    slip = _issue(slips, clerk, world, replace(owner_applicant(world), phone=""))
    assert ReleaseSlip.get_by_id(slip.id).applicant_phone == "13812345678"
    typed = _issue(slips, clerk, world, replace(owner_applicant(world), phone="139 0000 1111"))
    assert ReleaseSlip.get_by_id(typed.id).applicant_phone == "139 0000 1111"  # a new number wins


def test_a_tenant_without_a_typed_phone_gets_the_number_on_record(
    slips: SlipService, world: World, clerk: Actor, clock: DeskClock
) -> None:
    tenant = ApplicantInput("tenant", world.tenant, "王小明", "", "cn_id", AGENT_ID)
    slip = _issue(slips, clerk, world, tenant, confirmation=call(world, clock))
    assert ReleaseSlip.get_by_id(slip.id).applicant_phone == "13700001111"


def test_an_agent_or_a_resident_without_a_number_must_type_one(
    services: Services, slips: SlipService, world: World, clerk: Actor, admin: Actor, clock: DeskClock
) -> None:
    with pytest.raises(ValidationError) as caught:
        _issue(slips, clerk, world, agent_applicant(phone=""), confirmation=call(world, clock))
    assert caught.value.field == "applicant_phone"
    silent = services.estate.add_resident(actor=admin, unit_id=world.unit, kind="tenant", name="钱无电话")
    tenant = ApplicantInput("tenant", silent.resident.id, "钱无电话", "", "cn_id", AGENT_ID)
    with pytest.raises(ValidationError) as caught:
        _issue(slips, clerk, world, tenant, confirmation=call(world, clock))
    assert caught.value.field == "applicant_phone" and "钱无电话" in caught.value.message
    assert ReleaseSlip.select().count() == 0


def test_the_owners_number_on_record_is_the_number_called_when_none_is_typed(
    slips: SlipService, world: World, clerk: Actor, clock: DeskClock
) -> None:
    blank = replace(call(world, clock, owner=world.owner2), phone_called="")
    slip = _issue(slips, clerk, world, agent_applicant(), confirmation=blank)
    assert SlipConfirmation.get(SlipConfirmation.slip == slip.id).phone == "13912345678"


def test_step_one_accepts_a_blank_phone_only_for_a_resident(slips: SlipService) -> None:
    given = {"id_type": "cn_id", "id_number": AGENT_ID, "name": "王小明", "phone": ""}
    slips.validate_applicant(**given, on_record=True)
    with pytest.raises(ValidationError) as caught:
        slips.validate_applicant(**given)
    assert caught.value.field == "applicant_phone"
    with pytest.raises(ValidationError):
        slips.validate_applicant(**{**given, "phone": "x"}, on_record=True)  # a typed number is still checked


def test_the_clerk_sees_an_owners_full_number_to_dial_only_on_request_and_it_is_audited(
    slips: SlipService, world: World, clerk: Actor, guard: Actor
) -> None:
    number = slips.number_to_call(actor=clerk, unit_id=world.unit, resident_id=world.owner)
    assert number.isdigit() and len(number) == 11
    (entry,) = [e for e in AuditEntry.select().where(AuditEntry.action == "reveal")]
    assert (entry.actor, entry.entity, entry.entity_id) == (clerk.username, "resident", str(world.owner))
    assert number not in entry.after  # the audit says that it was shown, not what
    with pytest.raises(NotFound):  # a tenant is not called for the confirmation
        slips.number_to_call(actor=clerk, unit_id=world.unit, resident_id=world.tenant)
    with pytest.raises(NotFound):  # nor an owner of another unit
        slips.number_to_call(actor=clerk, unit_id=world.arrears_unit, resident_id=world.owner)
    with pytest.raises(PermissionDenied):
        slips.number_to_call(actor=guard, unit_id=world.unit, resident_id=world.owner)
