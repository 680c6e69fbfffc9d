"""Tests for a supervisor's authority at the desk (StaffService.authorize) and audited exports."""

from __future__ import annotations

import pytest

from frontdesk import audit
from frontdesk.auth import Actor, Permission, Role, Staff
from frontdesk.errors import PermissionDenied, UserError, ValidationError
from frontdesk.services import Services
from frontdesk.staff import MAX_FAILED_LOGINS

pytestmark = pytest.mark.usefixtures("fast_argon2")

PASSWORD = "password-123"


def _signed_in(services: Services, admin: Actor, username: str, role: Role) -> Actor:
    services.staff.add(
        actor=admin, username=username, display_name=f"{username} 陈", role=role, password=PASSWORD
    )
    return services.staff.authenticate(username=username, password=PASSWORD)


@pytest.fixture
def clerk(services: Services, admin_actor: Actor) -> Actor:
    return _signed_in(services, admin_actor, "clerk", Role.CLERK)


@pytest.fixture
def boss(services: Services, admin_actor: Actor) -> Actor:
    return _signed_in(services, admin_actor, "boss", Role.SUPERVISOR)


def _authorize(services: Services, clerk: Actor, username: str = "boss", password: str = PASSWORD) -> Actor:
    return services.staff.authorize(
        username=username,
        password=password,
        permission=Permission.OVERRIDE,
        requested_by=clerk,
        reason="业主已当面缴清",
    )


def test_a_supervisor_authorises_and_it_is_audited(services: Services, clerk: Actor, boss: Actor) -> None:
    assert _authorize(services, clerk, username=" boss ") == boss
    entry = audit.recent(limit=1)[0]
    assert (entry.action, entry.actor, entry.entity, entry.entity_id) == (
        "authorize",
        "boss",
        "staff",
        str(boss.staff_id),
    )
    assert entry.after == {"permission": "desk.override", "requested_by": "clerk", "reason": "业主已当面缴清"}


@pytest.mark.parametrize(("username", "password"), [("boss", "wrong-password"), ("nobody", PASSWORD)])
def test_wrong_credentials_are_refused_at_the_password(
    services: Services, clerk: Actor, boss: Actor, username: str, password: str
) -> None:
    with pytest.raises(ValidationError) as caught:
        _authorize(services, clerk, username=username, password=password)
    assert caught.value.field == "password"
    assert "wrong" in caught.value.message
    assert audit.recent(limit=1)[0].action != "authorize"


def test_wrong_passwords_count_towards_the_lock_out(services: Services, clerk: Actor, boss: Actor) -> None:
    for _ in range(MAX_FAILED_LOGINS):
        with pytest.raises(ValidationError):
            _authorize(services, clerk, password="wrong-password")
    with pytest.raises(UserError) as caught:
        _authorize(services, clerk)  # the right password, but the account is locked now
    assert "locked" in caught.value.message
    assert Staff.get(Staff.username == "boss").locked_until is not None
    with pytest.raises(UserError):
        services.staff.authenticate(username="boss", password=PASSWORD)  # the same lock as sign-in


def test_success_resets_the_failure_count(services: Services, clerk: Actor, boss: Actor) -> None:
    with pytest.raises(ValidationError):
        _authorize(services, clerk, password="wrong-password")
    assert Staff.get(Staff.username == "boss").failed_logins == 1
    _authorize(services, clerk)
    assert Staff.get(Staff.username == "boss").failed_logins == 0


def test_someone_without_the_permission_is_refused(
    services: Services, clerk: Actor, admin_actor: Actor
) -> None:
    _signed_in(services, admin_actor, "guard", Role.GUARD)
    with pytest.raises(ValidationError) as caught:
        _authorize(services, clerk, username="guard")
    assert caught.value.field == "username"
    assert "guard 陈 may not authorise" in caught.value.message


def test_the_clerks_own_login_cannot_override(services: Services, clerk: Actor) -> None:
    with pytest.raises(ValidationError) as caught:
        _authorize(services, clerk, username="clerk")
    assert caught.value.field == "username"
    assert "own sign-in" in caught.value.message


def test_a_supervisor_at_the_desk_confirms_their_own_authority(services: Services, boss: Actor) -> None:
    assert _authorize(services, boss, username="boss") == boss
    assert audit.recent(limit=1)[0].after["requested_by"] == "boss"


def test_a_disabled_supervisor_cannot_authorise(services: Services, clerk: Actor, boss: Actor) -> None:
    Staff.update(active=False).where(Staff.username == "boss").execute()
    with pytest.raises(UserError) as caught:
        _authorize(services, clerk)
    assert "disabled" in caught.value.message


def test_an_overlong_reason_is_refused(services: Services, clerk: Actor, boss: Actor) -> None:
    with pytest.raises(ValidationError) as caught:
        services.staff.authorize(
            username="boss",
            password=PASSWORD,
            permission=Permission.OVERRIDE,
            requested_by=clerk,
            reason="很" * 201,
        )
    assert caught.value.field == "reason"


# --- audited exports --------------------------------------------------------------------------


def test_an_export_is_audited(services: Services, clerk: Actor) -> None:
    services.audit.record_export(actor=clerk, what="staff", rows=3, file_name="员工.xlsx", personal=False)
    entry = audit.recent(limit=1)[0]
    assert (entry.action, entry.actor, entry.entity) == ("export", "clerk", "staff")
    assert entry.after == {"rows": 3, "file": "员工.xlsx", "personal": False}


def test_a_clerk_may_not_export_personal_data_alone(services: Services, clerk: Actor) -> None:
    with pytest.raises(PermissionDenied):
        services.audit.record_export(actor=clerk, what="residents", rows=3, file_name="a.xlsx", personal=True)
    assert audit.recent(limit=1)[0].action != "export"


def test_a_personal_export_authorised_by_a_supervisor(services: Services, clerk: Actor, boss: Actor) -> None:
    services.audit.record_export(
        actor=clerk, what="residents", rows=2, file_name="住户.xlsx", personal=True, authorized_by=boss
    )
    entry = audit.recent(limit=1)[0]
    assert entry.actor == "clerk"
    assert entry.after == {"rows": 2, "file": "住户.xlsx", "personal": True, "authorized_by": "boss"}


def test_a_supervisor_exports_personal_data(services: Services, boss: Actor) -> None:
    services.audit.record_export(actor=boss, what="residents", rows=0, file_name="r.xlsx", personal=True)
    assert audit.recent(limit=1)[0].after["personal"] is True


def test_an_export_needs_a_list_name(services: Services, boss: Actor) -> None:
    with pytest.raises(ValidationError):
        services.audit.record_export(actor=boss, what=" ", rows=1, file_name="r.xlsx", personal=False)
