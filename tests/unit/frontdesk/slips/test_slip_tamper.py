"""Tampering behind the program's back: the gate and ``check`` notice it; the key lives in a file."""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest

from frontdesk.auth import Actor
from frontdesk.clock import utcnow
from frontdesk.services import Services
from frontdesk.slips.keyfile import LEGACY_NAME, SlipKeyProblem, SlipKeyRing
from frontdesk.slips.models import ReleaseSlip, SlipItem, SlipSecret
from frontdesk.slips.rows import GateResult, SlipRow
from frontdesk.slips.service import SlipService
from tests.unit.frontdesk.slips.conftest import DeskClock, World, agent_applicant, call, owner_applicant, sofa


def _issue(slips: SlipService, clerk: Actor, world: World) -> SlipRow:
    return slips.issue_slip(
        actor=clerk,
        client_id=str(uuid.uuid4()),
        unit_id=world.unit,
        applicant=owner_applicant(world),
        items=[sofa()],
        reason="moving_out",
    )


def _problems(services: Services) -> tuple[str, ...]:
    return services.maintenance.check().problems


def test_setting_purged_at_does_not_switch_the_content_check_off(
    services: Services, slips: SlipService, world: World, clerk: Actor, guard: Actor
) -> None:
    slip = _issue(slips, clerk, world)
    SlipItem.update(description="金条").where(SlipItem.slip == slip.id).execute()
    ReleaseSlip.update(purged_at=utcnow()).where(ReleaseSlip.id == slip.id).execute()
    assert slips.gate_check(actor=guard, text=slip.qr_payload).result is GateResult.TAMPERED
    assert any(slip.number in p and "seal" in p for p in _problems(services))


def test_a_properly_purged_slip_is_still_verified(
    slips: SlipService, world: World, clerk: Actor, guard: Actor, admin: Actor, clock: DeskClock
) -> None:
    clock.advance(days=-400)
    slip = _issue(slips, clerk, world)
    clock.advance(days=400)
    assert slips.purge_personal_data(actor=admin).purged == 1
    assert slips.gate_check(actor=guard, text=slip.qr_payload).result is GateResult.EXPIRED
    SlipItem.update(quantity="100").where(SlipItem.slip == slip.id).execute()
    assert slips.gate_check(actor=guard, text=slip.qr_payload).result is GateResult.TAMPERED


@pytest.mark.parametrize("ending", ["used", "voided"])
def test_a_slip_set_back_to_issued_is_refused_at_the_gate_and_by_check(
    services: Services, slips: SlipService, world: World, clerk: Actor, guard: Actor, ending: str
) -> None:
    slip = _issue(slips, clerk, world)
    if ending == "used":
        slips.mark_used(actor=guard, number=slip.number, code=slip.verification_code)
    else:
        slips.void(actor=clerk, number=slip.number, reason="写错了")
    assert services.maintenance.check().ok
    ReleaseSlip.update(status="issued").where(ReleaseSlip.id == slip.id).execute()
    assert slips.gate_check(actor=guard, text=slip.number).result is GateResult.TAMPERED
    problems = _problems(services)
    assert any(slip.number in p and ending in p for p in problems), problems


def test_a_forged_override_by_is_noticed(
    services: Services, slips: SlipService, world: World, clerk: Actor, guard: Actor
) -> None:
    slip = _issue(slips, clerk, world)
    ReleaseSlip.update(override_by="supervisor1", override_reason="同意").where(
        ReleaseSlip.id == slip.id
    ).execute()
    assert slips.gate_check(actor=guard, text=slip.number).result is GateResult.TAMPERED
    assert any("supervisor1" in p for p in _problems(services))


def test_a_deleted_slip_is_noticed(
    services: Services, slips: SlipService, world: World, clerk: Actor
) -> None:
    first, second = _issue(slips, clerk, world), _issue(slips, clerk, world)
    assert services.maintenance.check().ok
    SlipItem.delete().where(SlipItem.slip == first.id).execute()
    ReleaseSlip.delete().where(ReleaseSlip.id == first.id).execute()
    problems = _problems(services)
    assert any(first.number in p and "missing" in p for p in problems), problems
    assert not any(second.number in p for p in problems)


def test_check_verifies_every_slip_code(
    services: Services, slips: SlipService, world: World, clerk: Actor
) -> None:
    slip = _issue(slips, clerk, world)
    ReleaseSlip.update(applicant_name="李四").where(ReleaseSlip.id == slip.id).execute()
    assert any(slip.number in p for p in _problems(services))
    assert "release_slips" in services.maintenance.check().checks


def test_the_key_lives_in_a_file_and_the_database_keeps_only_its_fingerprint(
    services: Services, world: World, clerk: Actor, tmp_path: Path, clock: DeskClock
) -> None:
    key_file = tmp_path / "office" / "slip-code.key"
    slips = SlipService(today=clock.today, now=clock.now, keyring=SlipKeyRing(key_file))
    _issue(slips, clerk, world)
    key = bytes.fromhex(key_file.read_text().strip())
    assert all(key.hex() not in s.value for s in SlipSecret.select())
    key_file.unlink()
    stranded = SlipService(today=clock.today, now=clock.now, keyring=SlipKeyRing(key_file))
    with pytest.raises(SlipKeyProblem, match="is missing"):
        _issue(stranded, clerk, world)
    other = tmp_path / "other.key"
    other.write_text("11" * 32)
    with pytest.raises(SlipKeyProblem, match="not the one"):
        _issue(SlipService(today=clock.today, now=clock.now, keyring=SlipKeyRing(other)), clerk, world)
    assert ReleaseSlip.select().count() == 1
    key_file.write_text(key.hex())
    assert _issue(stranded, clerk, world).number.endswith("0002")


def test_a_key_still_in_an_old_database_moves_to_the_file(
    services: Services, world: World, clerk: Actor, guard: Actor, tmp_path: Path, clock: DeskClock
) -> None:
    old_key = bytes(range(32))
    SlipSecret.create(name=LEGACY_NAME, value=old_key.hex())
    key_file = tmp_path / "slip-code.key"
    slips = SlipService(today=clock.today, now=clock.now, keyring=SlipKeyRing(key_file))
    slip = slips.issue_slip(
        actor=clerk,
        client_id=str(uuid.uuid4()),
        unit_id=world.unit,
        applicant=agent_applicant(),
        items=[sofa()],
        reason="moving_out",
        confirmation=call(world, clock),
    )
    assert bytes.fromhex(key_file.read_text().strip()) == old_key
    assert SlipSecret.get(SlipSecret.name == LEGACY_NAME).value == ""
    assert slips.gate_check(actor=guard, text=slip.qr_payload).result is GateResult.VALID
