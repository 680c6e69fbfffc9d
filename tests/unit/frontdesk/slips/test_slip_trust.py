"""The core believes the staff table, not a caller-built Actor: overrides, voids, exports, purges."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest

from frontdesk.audit import AuditEntry
from frontdesk.auth import Actor, Role
from frontdesk.errors import PermissionDenied, ValidationError
from frontdesk.services import Services
from frontdesk.slips.models import ReleaseSlip
from frontdesk.slips.rows import ApplicantInput, OverrideInput, SlipRow
from frontdesk.slips.service import SlipService
from tests.unit.frontdesk.slips.conftest import DeskClock, World, owner_applicant, sofa


def _arrears_slip(slips: SlipService, clerk: Actor, world: World, supervisor: Actor) -> SlipRow:
    applicant = ApplicantInput(
        "owner", world.arrears_owner, "赵大海", "13600002222", "cn_id", "11010119800101123" + "2"
    )
    return slips.issue_slip(
        actor=clerk,
        client_id=str(uuid.uuid4()),
        unit_id=world.arrears_unit,
        applicant=applicant,
        items=[sofa()],
        reason="moving_out",
        override=OverrideInput(supervisor, "业主承诺明天交"),
    )


def test_a_made_up_supervisor_cannot_override_arrears(slips: SlipService, world: World, clerk: Actor) -> None:
    nobody = Actor(username="nobody", display_name="无名", role=Role.SUPERVISOR)
    with pytest.raises(ValidationError) as caught:
        _arrears_slip(slips, clerk, world, nobody)
    assert caught.value.field == "override" and "not a staff account" in caught.value.message
    assert ReleaseSlip.select().count() == 0


def test_a_supervisor_disabled_after_signing_in_keeps_no_power(
    services: Services, slips: SlipService, world: World, clerk: Actor, supervisor: Actor, admin: Actor
) -> None:
    row = next(r for r in services.staff.list(actor=admin) if r.username == supervisor.username)
    services.staff.update(actor=admin, staff_id=row.id, version=row.version, active=False)
    with pytest.raises(ValidationError, match="disabled"):
        _arrears_slip(slips, clerk, world, supervisor)
    with pytest.raises(PermissionDenied, match="disabled"):
        slips.export_rows(actor=supervisor)
    assert ReleaseSlip.select().count() == 0
    assert not AuditEntry.select().where(AuditEntry.action == "export").exists()


def test_a_supervisor_demoted_to_clerk_is_refused_and_the_honest_one_still_allowed(
    services: Services, slips: SlipService, world: World, clerk: Actor, supervisor: Actor, admin: Actor
) -> None:
    assert _arrears_slip(slips, clerk, world, supervisor).override_by == supervisor.username
    row = next(r for r in services.staff.list(actor=admin) if r.username == supervisor.username)
    services.staff.update(actor=admin, staff_id=row.id, version=row.version, role=Role.CLERK)
    with pytest.raises(ValidationError, match="now Clerk"):
        _arrears_slip(slips, clerk, world, supervisor)
    assert ReleaseSlip.select().count() == 1


def test_voiding_needs_an_account_that_exists_now(slips: SlipService, world: World, clerk: Actor) -> None:
    slip = slips.issue_slip(
        actor=clerk,
        client_id=str(uuid.uuid4()),
        unit_id=world.unit,
        applicant=owner_applicant(world),
        items=[sofa()],
        reason="moving_out",
    )
    ghost = Actor(username="ghost", display_name="鬼", role=Role.CLERK)
    with pytest.raises(PermissionDenied):
        slips.void(actor=ghost, number=slip.number, reason="写错了")
    assert ReleaseSlip.get_by_id(slip.id).status == "issued"
    assert slips.void(actor=clerk, number=slip.number, reason="写错了").status.value == "voided"


def test_only_an_administrator_purges_and_never_from_the_future(
    slips: SlipService, world: World, clerk: Actor, supervisor: Actor, admin: Actor, clock: DeskClock
) -> None:
    with pytest.raises(PermissionDenied):
        slips.purge_personal_data(actor=clerk)
    with pytest.raises(PermissionDenied):
        slips.purge_personal_data(actor=supervisor)
    slips.issue_slip(
        actor=clerk,
        client_id=str(uuid.uuid4()),
        unit_id=world.unit,
        applicant=owner_applicant(world),
        items=[sofa()],
        reason="moving_out",
    )
    with pytest.raises(ValidationError) as caught:
        slips.purge_personal_data(actor=admin, now=clock.now() + timedelta(days=365 * 74))
    assert caught.value.field == "now" and "future" in caught.value.message
    assert ReleaseSlip.select().where(ReleaseSlip.purged_at.is_null(False)).count() == 0
    assert slips.purge_personal_data(actor=admin, dry_run=True).eligible == 0
