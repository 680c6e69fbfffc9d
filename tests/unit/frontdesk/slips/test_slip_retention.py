"""Purging the slips' personal data after the retention period: dry run, batches, what is kept."""

from __future__ import annotations

import uuid
from datetime import timedelta

from frontdesk.audit import AuditEntry
from frontdesk.auth import Actor
from frontdesk.services import Services
from frontdesk.slips.models import ReleaseSlip, SlipConfirmation, SlipItem
from frontdesk.slips.rows import GateResult, SlipRow
from frontdesk.slips.service import SlipService
from tests.unit.frontdesk.slips.conftest import DeskClock, World, agent_applicant, call, sofa


def _issue(slips: SlipService, clerk: Actor, world: World, clock: DeskClock) -> SlipRow:
    return slips.issue_slip(
        actor=clerk,
        client_id=str(uuid.uuid4()),
        unit_id=world.unit,
        applicant=agent_applicant(),
        items=[sofa()],
        reason="moving_out",
        confirmation=call(world, clock),
    )


def test_purge_in_batches_after_a_year(
    slips: SlipService, world: World, clerk: Actor, guard: Actor, admin: Actor, clock: DeskClock
) -> None:
    clock.advance(days=-370)  # the desk's clock never runs past the present (nor the newest event)
    old = [_issue(slips, clerk, world, clock) for _ in range(5)]
    slips.mark_used(
        actor=guard,
        number=old[0].number,
        code=old[0].verification_code,
        carrier_name="刘师傅",
        plate="粤B12345",
    )
    clock.advance(days=200)
    recent = _issue(slips, clerk, world, clock)
    clock.advance(days=170)  # the first five are now 370 days old, the last 170

    dry = slips.purge_personal_data(actor=admin, dry_run=True)
    assert (dry.kind, dry.eligible, dry.purged, dry.held, dry.dry_run) == ("release_slips", 5, 5, 0, True)
    assert ReleaseSlip.select().where(ReleaseSlip.purged_at.is_null(False)).count() == 0

    report = slips.purge_personal_data(actor=admin, batch_size=2)
    assert (report.eligible, report.purged, report.dry_run) == (5, 5, False)
    assert report.cutoff == clock.now() - timedelta(days=365)
    assert AuditEntry.select().where(AuditEntry.action == "purge").count() == 3  # 2 + 2 + 1

    for slip in ReleaseSlip.select().where(ReleaseSlip.id.in_([s.id for s in old])):
        assert (slip.applicant_name, slip.applicant_phone, slip.applicant_id_masked) == ("", "", "")
        assert (slip.carrier_name, slip.plate) == ("", "")
        assert slip.number and slip.unit_code == "3-1502" and slip.verification_code  # the slip stays
    assert ReleaseSlip.select().count() == 6 and SlipItem.select().count() == 6
    calls = SlipConfirmation.select().where(SlipConfirmation.slip.in_([s.id for s in old]))
    assert {(c.phone, c.owner_name) for c in calls} == {("", "")}
    kept = ReleaseSlip.get_by_id(recent.id)
    assert kept.applicant_name == "搬家师傅陈" and kept.purged_at is None

    assert slips.purge_personal_data(actor=admin).purged == 0  # nothing left to do
    # a purged slip is still checked at the gate (by its stored code) and reads as used / expired
    assert slips.gate_check(actor=guard, text=old[0].qr_payload).result is GateResult.USED
    assert slips.gate_check(actor=guard, text=old[1].qr_payload).result is GateResult.EXPIRED
    assert slips.get(actor=clerk, number=old[1].number).slip.purged


def test_the_retention_setting_is_read(
    slips: SlipService, world: World, clerk: Actor, clock: DeskClock, services: Services, admin: Actor
) -> None:
    clock.advance(days=-31)
    _issue(slips, clerk, world, clock)
    services.settings.set(actor=admin, key="slip_retention_days", value=30)
    clock.advance(days=31)
    assert slips.purge_personal_data(actor=admin, dry_run=True).eligible == 1
