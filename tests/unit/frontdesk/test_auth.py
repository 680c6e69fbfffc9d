"""Tests for frontdesk.auth: argon2id hashes with the real parameters, roles and permissions."""

from __future__ import annotations

import re

import pytest
from argon2 import PasswordHasher

from frontdesk import audit
from frontdesk.auth import (
    ROLE_PERMISSIONS,
    Actor,
    Permission,
    Role,
    Staff,
    hash_password,
    needs_rehash,
    password_problem,
    role_label,
    verify_password,
)
from frontdesk.errors import PermissionDenied
from frontdesk.services import Services

HASH_RE = re.compile(r"^\$argon2id\$v=19\$m=(\d+),t=(\d+),p=(\d+)\$[A-Za-z0-9+/]+\$[A-Za-z0-9+/]+$")


def test_hash_is_argon2id_above_the_owasp_minimum() -> None:
    hashed = hash_password("correct horse 1")
    match = HASH_RE.match(hashed)
    assert match is not None, hashed
    memory, time_cost, parallelism = (int(g) for g in match.groups())
    assert memory >= 19456
    assert time_cost >= 2
    assert parallelism >= 1


def test_hashes_are_salted() -> None:
    assert hash_password("same password") != hash_password("same password")


def test_verify_password() -> None:
    hashed = hash_password("correct horse 1")
    assert verify_password(hashed, "correct horse 1")
    assert not verify_password(hashed, "correct horse 2")
    assert not verify_password(hashed, "")
    assert not verify_password("not a hash", "correct horse 1")


def test_weaker_hashes_need_a_rehash() -> None:
    weak = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1).hash("correct horse 1")
    assert needs_rehash(weak)
    assert verify_password(weak, "correct horse 1")  # still accepted, then upgraded at sign-in
    assert not needs_rehash(hash_password("correct horse 1"))


def test_sign_in_with_the_real_parameters_upgrades_a_weak_hash(services: Services) -> None:
    weak = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1).hash("admin-pass-1")
    Staff.update(password_hash=weak).where(Staff.username == "admin").execute()

    actor = services.staff.authenticate(username="admin", password="admin-pass-1")

    stored = Staff.get(Staff.username == "admin")
    assert actor.role is Role.ADMIN
    assert actor.staff_id == stored.id
    assert stored.password_hash != weak
    assert HASH_RE.match(stored.password_hash)
    assert not needs_rehash(stored.password_hash)
    assert stored.last_login_at is not None
    assert next(r.action for r in audit.history("staff", stored.id)) == "login"


@pytest.mark.parametrize(
    ("password", "problem"),
    [
        ("short12", "at least 8"),
        (" leading-space", "space"),
        ("trailing-space ", "space"),
        ("", "at least 8"),
    ],
)
def test_password_problems(password: str, problem: str) -> None:
    message = password_problem(password)
    assert message is not None
    assert problem in message


def test_acceptable_password_has_no_problem() -> None:
    assert password_problem("密码足够长的句子") is None
    assert password_problem("12345678") is None


def test_admin_may_do_everything_and_the_desk_roles_may_not_manage() -> None:
    assert ROLE_PERMISSIONS[Role.ADMIN] == frozenset(Permission)
    clerk = Actor(username="c", display_name="小李", role=Role.CLERK)
    assert clerk.can(Permission.DESK_WORK)
    for permission in (
        Permission.STAFF_MANAGE,
        Permission.SETTINGS,
        Permission.BACKUP,
        Permission.AUDIT_VIEW,
        Permission.OVERRIDE,
    ):
        assert not clerk.can(permission)
    supervisor = Actor(username="s", display_name="s", role=Role.SUPERVISOR)
    assert supervisor.can(Permission.BACKUP) and supervisor.can(Permission.AUDIT_VIEW)
    assert not supervisor.can(Permission.STAFF_MANAGE)
    assert not supervisor.can(Permission.SETTINGS)
    guard = Actor(username="g", display_name="g", role=Role.GUARD)
    assert [p for p in Permission if guard.can(p)] == [Permission.GATE]


def test_require_names_the_role_person_and_permission() -> None:
    clerk = Actor(username="c", display_name="小李", role=Role.CLERK)
    clerk.require(Permission.DESK_WORK)
    with pytest.raises(PermissionDenied) as caught:
        clerk.require(Permission.BACKUP)
    assert caught.value.message == "Clerk 小李 may not do this (backup.run); ask a supervisor."


def test_role_labels_are_translated() -> None:
    assert role_label("admin") == "Administrator"
    assert role_label(Role.GUARD) == "Guard"
    with pytest.raises(ValueError):
        role_label("boss")


def test_command_line_acts_as_an_audited_administrator() -> None:
    actor = Actor.command_line(desk="desk 1")
    assert actor.role is Role.ADMIN
    assert actor.source == "cli"
    assert actor.username.startswith("cli:")
    assert actor.desk == "desk 1"
    assert actor.staff_id is None
