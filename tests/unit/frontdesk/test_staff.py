"""Tests for frontdesk.staff: sign-in, lock-out, permissions, validation, idempotence, versions."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest

from frontdesk import audit
from frontdesk.auth import Actor, Role, Staff, StaffRow
from frontdesk.clock import utcnow
from frontdesk.errors import Conflict, NotFound, PermissionDenied, UserError, ValidationError
from frontdesk.office import read_setting
from frontdesk.services import Services
from frontdesk.staff import LOCKOUT, MAX_FAILED_LOGINS

pytestmark = pytest.mark.usefixtures("fast_argon2")

PASSWORD = "password-123"


def _add(services: Services, admin: Actor, username: str, role: Role = Role.CLERK) -> StaffRow:
    return services.staff.add(
        actor=admin, username=username, display_name=f"{username} 李", role=role, password=PASSWORD
    )


def _actions(entity_id: int) -> list[str]:
    return [r.action for r in reversed(audit.history("staff", entity_id))]


# --- signing in ------------------------------------------------------------------------------


def test_authenticate_returns_the_actor(services: Services, admin_actor: Actor) -> None:
    row = _add(services, admin_actor, "li")
    actor = services.staff.authenticate(username=" li ", password=PASSWORD)
    assert actor == Actor(
        username="li", display_name="li 李", role=Role.CLERK, source="gui", desk="test-desk", staff_id=row.id
    )
    stored = Staff.get_by_id(row.id)
    assert stored.last_login_at is not None
    assert abs(stored.last_login_at - utcnow()) < timedelta(minutes=1)
    assert _actions(row.id) == ["create", "login"]


def test_wrong_password_and_unknown_user_get_the_same_message(services: Services, admin_actor: Actor) -> None:
    _add(services, admin_actor, "li")
    with pytest.raises(UserError) as wrong_password:
        services.staff.authenticate(username="li", password="not-the-password")
    with pytest.raises(UserError) as unknown_user:
        services.staff.authenticate(username="nobody", password=PASSWORD)
    assert wrong_password.value.message == unknown_user.value.message
    assert "wrong" in wrong_password.value.message


def test_five_failures_lock_the_account_and_are_audited(services: Services, admin_actor: Actor) -> None:
    row = _add(services, admin_actor, "li")
    for _ in range(MAX_FAILED_LOGINS):
        with pytest.raises(UserError, match="wrong"):
            services.staff.authenticate(username="li", password="guess-guess")

    with pytest.raises(UserError) as caught:  # even the right password is refused now
        services.staff.authenticate(username="li", password=PASSWORD)

    assert "locked" in caught.value.message
    stored = Staff.get_by_id(row.id)
    assert stored.locked_until is not None
    assert abs(stored.locked_until - (utcnow() + LOCKOUT)) < timedelta(minutes=1)
    failures = [r for r in reversed(audit.history("staff", row.id)) if r.action == "login_failed"]
    assert [r.after for r in failures] == [
        {"failures": n, "locked": n == MAX_FAILED_LOGINS} for n in range(1, MAX_FAILED_LOGINS + 1)
    ]
    assert all(r.actor == "li" for r in failures)
    assert "login" not in _actions(row.id)


def test_account_opens_again_when_the_lock_expires(services: Services, admin_actor: Actor) -> None:
    row = _add(services, admin_actor, "li")
    for _ in range(MAX_FAILED_LOGINS):
        with pytest.raises(UserError):
            services.staff.authenticate(username="li", password="guess-guess")
    Staff.update(locked_until=utcnow() - timedelta(seconds=1)).where(Staff.id == row.id).execute()

    actor = services.staff.authenticate(username="li", password=PASSWORD)

    assert actor.staff_id == row.id
    stored = Staff.get_by_id(row.id)
    assert stored.locked_until is None
    assert stored.failed_logins == 0


def test_a_success_resets_the_failure_count(services: Services, admin_actor: Actor) -> None:
    row = _add(services, admin_actor, "li")
    for _ in range(MAX_FAILED_LOGINS - 1):
        with pytest.raises(UserError):
            services.staff.authenticate(username="li", password="guess-guess")
    assert Staff.get_by_id(row.id).failed_logins == MAX_FAILED_LOGINS - 1
    services.staff.authenticate(username="li", password=PASSWORD)
    assert Staff.get_by_id(row.id).failed_logins == 0
    with pytest.raises(UserError, match="wrong"):
        services.staff.authenticate(username="li", password="guess-guess")
    assert Staff.get_by_id(row.id).locked_until is None


def test_disabled_account_is_refused(services: Services, admin_actor: Actor) -> None:
    row = _add(services, admin_actor, "li")
    clerk = services.staff.authenticate(username="li", password=PASSWORD)
    services.staff.update(actor=admin_actor, staff_id=row.id, version=row.version, active=False)
    with pytest.raises(UserError, match="disabled"):
        services.staff.authenticate(username="li", password=PASSWORD)
    with pytest.raises(UserError, match="disabled"):  # the lock screen says why, too
        services.staff.verify(actor=clerk, password=PASSWORD)
    assert ("li", "li 李") not in services.staff.names()


def test_verify_rechecks_the_signed_in_password(services: Services, admin_actor: Actor) -> None:
    assert services.staff.verify(actor=admin_actor, password="admin-pass-1")
    assert not services.staff.verify(actor=admin_actor, password="admin-pass-2")


def test_wrong_passwords_at_the_lock_screen_count_like_failed_sign_ins(
    services: Services, admin_actor: Actor
) -> None:
    row = _add(services, admin_actor, "li")
    li = services.staff.authenticate(username="li", password=PASSWORD)
    assert not services.staff.verify(actor=li, password="guess-guess")
    assert services.staff.verify(actor=li, password=PASSWORD)  # a right one starts the count again
    for _ in range(MAX_FAILED_LOGINS):
        assert not services.staff.verify(actor=li, password="guess-guess")
    with pytest.raises(UserError, match="locked"):  # the lock screen is no way round the lock-out
        services.staff.verify(actor=li, password=PASSWORD)
    failures = [r for r in audit.history("staff", row.id) if r.action == "login_failed"]
    assert len(failures) == MAX_FAILED_LOGINS + 1 and Staff.get_by_id(row.id).locked_until is not None


# --- permissions -----------------------------------------------------------------------------


def test_clerk_may_not_add_staff(services: Services, clerk_actor: Actor) -> None:
    with pytest.raises(PermissionDenied, match=r"staff\.manage"):
        services.staff.add(
            actor=clerk_actor, username="x", display_name="x", role=Role.ADMIN, password=PASSWORD
        )
    assert services.staff.count() == 1
    assert not Staff.select().where(Staff.username == "x").exists()


def test_clerk_may_not_change_settings(services: Services, clerk_actor: Actor) -> None:
    with pytest.raises(PermissionDenied, match=r"settings\.manage"):
        services.settings.set(actor=clerk_actor, key="idle_lock_minutes", value=60)
    assert read_setting("idle_lock_minutes") == 5


def test_clerk_may_not_back_up(services: Services, clerk_actor: Actor) -> None:
    with pytest.raises(PermissionDenied, match=r"backup\.run"):
        services.maintenance.backup_now(actor=clerk_actor)
    assert not services.maintenance.backup_folder.exists() or not any(
        services.maintenance.backup_folder.iterdir()
    )


def test_clerk_may_not_list_update_or_reset_passwords(
    services: Services, admin_actor: Actor, clerk_actor: Actor
) -> None:
    other = _add(services, admin_actor, "wang")
    with pytest.raises(PermissionDenied):
        services.staff.list(actor=clerk_actor)
    with pytest.raises(PermissionDenied):
        services.staff.update(actor=clerk_actor, staff_id=other.id, version=1, role=Role.ADMIN)
    with pytest.raises(PermissionDenied):
        services.staff.change_password(actor=clerk_actor, username="wang", new_password="new-pass-123")
    assert Staff.get_by_id(other.id).role == "clerk"
    services.staff.authenticate(username="wang", password=PASSWORD)


def test_last_admin_cannot_be_demoted_or_disabled(services: Services, admin_actor: Actor) -> None:
    admin_row = next(r for r in services.staff.list(actor=admin_actor) if r.username == "admin")
    with pytest.raises(ValidationError) as demoted:
        services.staff.update(
            actor=admin_actor, staff_id=admin_row.id, version=admin_row.version, role=Role.CLERK
        )
    with pytest.raises(ValidationError) as disabled:
        services.staff.update(
            actor=admin_actor, staff_id=admin_row.id, version=admin_row.version, active=False
        )
    assert demoted.value.field == disabled.value.field == "role"
    assert "last active administrator" in demoted.value.message
    stored = Staff.get_by_id(admin_row.id)
    assert (stored.role, stored.active, stored.version) == ("admin", True, admin_row.version)


def test_an_admin_can_be_demoted_when_another_remains(services: Services, admin_actor: Actor) -> None:
    _add(services, admin_actor, "admin2", Role.ADMIN)
    admin_row = next(r for r in services.staff.list(actor=admin_actor) if r.username == "admin")
    saved = services.staff.update(
        actor=admin_actor, staff_id=admin_row.id, version=admin_row.version, role=Role.SUPERVISOR
    )
    assert saved.role is Role.SUPERVISOR
    assert saved.version == admin_row.version + 1


def test_a_disabled_admin_does_not_count_as_the_remaining_one(services: Services, admin_actor: Actor) -> None:
    second = _add(services, admin_actor, "admin2", Role.ADMIN)
    services.staff.update(actor=admin_actor, staff_id=second.id, version=second.version, active=False)
    admin_row = next(r for r in services.staff.list(actor=admin_actor) if r.username == "admin")
    with pytest.raises(ValidationError, match="last active administrator"):
        services.staff.update(
            actor=admin_actor, staff_id=admin_row.id, version=admin_row.version, role=Role.CLERK
        )


# --- passwords -------------------------------------------------------------------------------


def test_change_own_password_needs_the_old_one(services: Services, admin_actor: Actor) -> None:
    _add(services, admin_actor, "li")
    clerk = services.staff.authenticate(username="li", password=PASSWORD)
    with pytest.raises(ValidationError) as wrong_old:
        services.staff.change_password(
            actor=clerk, username="li", new_password="new-pass-123", old_password="not-it-at-all"
        )
    assert wrong_old.value.field == "old_password"
    with pytest.raises(PermissionDenied):  # without the old password it is a reset
        services.staff.change_password(actor=clerk, username="li", new_password="new-pass-123")
    services.staff.authenticate(username="li", password=PASSWORD)  # unchanged so far

    services.staff.change_password(
        actor=clerk, username="li", new_password="new-pass-123", old_password=PASSWORD
    )

    assert services.staff.authenticate(username="li", password="new-pass-123").username == "li"
    with pytest.raises(UserError, match="wrong"):
        services.staff.authenticate(username="li", password=PASSWORD)


def test_admin_resets_a_password_and_unlocks(services: Services, admin_actor: Actor) -> None:
    row = _add(services, admin_actor, "li")
    for _ in range(MAX_FAILED_LOGINS):
        with pytest.raises(UserError):
            services.staff.authenticate(username="li", password="guess-guess")

    services.staff.change_password(actor=admin_actor, username="li", new_password="fresh-pass-1")

    assert services.staff.authenticate(username="li", password="fresh-pass-1").staff_id == row.id
    entry = next(r for r in audit.history("staff", row.id) if r.action == "password")
    assert entry.actor == "admin"
    assert entry.after == {"username": "li"}
    assert Staff.get_by_id(row.id).updated_by == "admin"


def test_change_password_of_unknown_user(services: Services, admin_actor: Actor) -> None:
    with pytest.raises(NotFound):
        services.staff.change_password(actor=admin_actor, username="ghost", new_password="new-pass-123")


def test_new_password_is_validated(services: Services, admin_actor: Actor) -> None:
    with pytest.raises(ValidationError) as caught:
        services.staff.change_password(actor=admin_actor, username="admin", new_password="short")
    assert caught.value.field == "password"


# --- validation ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"username": ""}, "username"),
        ({"username": "   "}, "username"),
        ({"username": "li ming"}, "username"),
        ({"username": "x" * 41}, "username"),
        ({"username": "admin"}, "username"),  # taken
        ({"password": "short"}, "password"),
        ({"password": " leading-space"}, "password"),
        ({"display_name": "  "}, "display_name"),
        ({"role": "boss"}, "role"),
    ],
)
def test_add_validates_each_field(
    services: Services, admin_actor: Actor, changes: dict[str, str], field: str
) -> None:
    values = {"username": "li", "display_name": "李明", "role": "clerk", "password": PASSWORD}
    with pytest.raises(ValidationError) as caught:
        services.staff.add(actor=admin_actor, **{**values, **changes})
    assert caught.value.field == field
    assert caught.value.message
    assert services.staff.count() == 1


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"display_name": " "}, "display_name"),
        ({"role": "boss"}, "role"),
    ],
)
def test_update_validates_each_field(
    services: Services, admin_actor: Actor, changes: dict[str, str], field: str
) -> None:
    row = _add(services, admin_actor, "li")
    with pytest.raises(ValidationError) as caught:
        services.staff.update(actor=admin_actor, staff_id=row.id, version=row.version, **changes)
    assert caught.value.field == field
    assert Staff.get_by_id(row.id).version == row.version


def test_add_stores_trimmed_values_and_a_hash(services: Services, admin_actor: Actor) -> None:
    row = services.staff.add(
        actor=admin_actor, username=" li ", display_name=" 李明 ", role="supervisor", password=PASSWORD
    )
    assert (row.username, row.display_name, row.role, row.active, row.version) == (
        "li",
        "李明",
        Role.SUPERVISOR,
        True,
        1,
    )
    stored = Staff.get_by_id(row.id)
    assert stored.password_hash.startswith("$argon2id$")
    assert PASSWORD not in stored.password_hash
    assert stored.updated_by == "admin"


# --- idempotence and optimistic locking ------------------------------------------------------


def test_same_client_id_twice_creates_one_account(services: Services, admin_actor: Actor) -> None:
    client_id = uuid.uuid4()
    first = services.staff.add(
        actor=admin_actor,
        username="li",
        display_name="李明",
        role="clerk",
        password=PASSWORD,
        client_id=client_id,
    )
    retry = services.staff.add(
        actor=admin_actor,
        username="li",
        display_name="李明",
        role="clerk",
        password=PASSWORD,
        client_id=client_id,
    )
    assert retry == first
    assert Staff.select().where(Staff.username == "li").count() == 1
    assert _actions(first.id) == ["create"]
    assert str(Staff.get_by_id(first.id).client_id) == str(client_id)


def test_a_new_client_id_with_a_taken_name_is_refused(services: Services, admin_actor: Actor) -> None:
    services.staff.add(
        actor=admin_actor,
        username="li",
        display_name="李明",
        role="clerk",
        password=PASSWORD,
        client_id=uuid.uuid4(),
    )
    with pytest.raises(ValidationError, match="taken"):
        services.staff.add(
            actor=admin_actor,
            username="li",
            display_name="李明",
            role="clerk",
            password=PASSWORD,
            client_id=uuid.uuid4(),
        )


def test_stale_copy_is_refused_naming_who_changed_it(services: Services, admin_actor: Actor) -> None:
    row = _add(services, admin_actor, "li")
    _add(services, admin_actor, "zhou", Role.ADMIN)
    other_desk = Actor(username="zhou", display_name="周", role=Role.ADMIN, desk="desk 2")

    first = services.staff.update(
        actor=other_desk, staff_id=row.id, version=row.version, display_name="李明明"
    )
    with pytest.raises(Conflict) as caught:
        services.staff.update(actor=admin_actor, staff_id=row.id, version=row.version, role=Role.SUPERVISOR)

    assert "Changed by zhou at " in caught.value.message
    assert "not saved" in caught.value.message
    stored = Staff.get_by_id(row.id)
    assert (stored.display_name, stored.role, stored.version) == ("李明明", "clerk", 2)
    assert first.version == 2
    assert _actions(row.id) == ["create", "update"]
    entry = audit.history("staff", row.id)[0]
    assert (entry.actor, entry.before, entry.after) == (
        "zhou",
        {"display_name": "li 李"},
        {"display_name": "李明明"},
    )


def test_update_of_a_missing_record(services: Services, admin_actor: Actor) -> None:
    with pytest.raises(NotFound):
        services.staff.update(actor=admin_actor, staff_id=9999, version=1, display_name="x")


# --- lists -----------------------------------------------------------------------------------


def test_lists_and_names(services: Services, admin_actor: Actor) -> None:
    zhou = _add(services, admin_actor, "zhou")
    _add(services, admin_actor, "li")
    services.staff.update(actor=admin_actor, staff_id=zhou.id, version=zhou.version, active=False)
    assert [r.username for r in services.staff.list(actor=admin_actor)] == ["admin", "li", "zhou"]
    assert [r.username for r in services.staff.list(actor=admin_actor, include_inactive=False)] == [
        "admin",
        "li",
    ]
    assert services.staff.names() == [("admin", "王主任"), ("li", "li 李")]
    assert services.staff.count() == 3
