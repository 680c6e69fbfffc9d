"""Staff accounts, roles and permissions; argon2id password hashes; who is acting."""

from __future__ import annotations

import getpass
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING

import peewee as pw

from frontdesk.base import SubmittedModel
from frontdesk.errors import PermissionDenied
from frontdesk.i18n import N_, _

if TYPE_CHECKING:
    from argon2 import PasswordHasher


class Role(StrEnum):
    """What a staff member is at the office."""

    CLERK = "clerk"
    SUPERVISOR = "supervisor"
    ENGINEER = "engineer"
    GUARD = "guard"
    ADMIN = "admin"


ROLE_LABELS: dict[Role, str] = {
    Role.CLERK: N_("Clerk"),
    Role.SUPERVISOR: N_("Supervisor"),
    Role.ENGINEER: N_("Engineer"),
    Role.GUARD: N_("Guard"),
    Role.ADMIN: N_("Administrator"),
}


def role_label(role: Role | str) -> str:
    """The role's name in the current language."""
    return _(ROLE_LABELS[Role(role)])


class Permission(StrEnum):
    """One thing a service operation may require; checked in the core, not only by hiding buttons."""

    DESK_WORK = "desk.work"  # everyday front-desk procedures
    REGISTRY_EDIT = "registry.edit"
    OVERRIDE = "desk.override"  # arrears override, watch-list release, full-number reveal
    PERSONAL_EXPORT = "personal.export"
    REPORTS = "reports.view"
    GATE = "gate.check"
    ENGINEERING = "engineering.work"
    STAFF_MANAGE = "staff.manage"
    SETTINGS = "settings.manage"
    PURGE = "personal.purge"  # removing personal data past retention: administrators (and the daily job)
    BACKUP = "backup.run"
    AUDIT_VIEW = "audit.view"


_DESK = {Permission.DESK_WORK, Permission.REGISTRY_EDIT, Permission.GATE}
ROLE_PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.CLERK: frozenset(_DESK),
    Role.SUPERVISOR: frozenset(
        _DESK
        | {
            Permission.OVERRIDE,
            Permission.PERSONAL_EXPORT,
            Permission.REPORTS,
            Permission.AUDIT_VIEW,
            Permission.BACKUP,
            Permission.ENGINEERING,
        }
    ),
    Role.ENGINEER: frozenset({Permission.ENGINEERING}),
    Role.GUARD: frozenset({Permission.GATE}),
    Role.ADMIN: frozenset(Permission),
}

# argon2id at RFC 9106's low-memory profile: above OWASP's minimum (19 MiB, t=2, p=1)
ARGON2_TIME_COST = 3
ARGON2_MEMORY_KIB = 65536
ARGON2_PARALLELISM = 4
MIN_PASSWORD_LENGTH = 8


class Staff(SubmittedModel):
    """A person who signs in to the program."""

    username = pw.CharField(max_length=40, unique=True)
    display_name = pw.CharField(max_length=80)
    role = pw.CharField(max_length=20)
    password_hash = pw.CharField(max_length=200)
    active = pw.BooleanField(default=True)
    failed_logins = pw.IntegerField(default=0)
    locked_until = pw.DateTimeField(null=True)
    last_login_at = pw.DateTimeField(null=True)

    class Meta:
        table_name = "staff"


@dataclass(frozen=True)
class Actor:
    """Who is doing something: a signed-in staff member, or the command line."""

    username: str
    display_name: str
    role: Role
    source: str = "gui"  # "gui" or "cli"
    desk: str = ""
    staff_id: int | None = None

    @classmethod
    def command_line(cls, desk: str = "") -> Actor:
        """The command line acts as administrator, recorded under the operating-system user."""
        try:
            user = getpass.getuser()
        except (KeyError, OSError):  # no passwd entry (containers)
            user = "unknown"
        return cls(username=f"cli:{user}", display_name=user, role=Role.ADMIN, source="cli", desk=desk)

    @property
    def is_command_line(self) -> bool:
        """True for the command line's actor (its gate is the database file's permissions)."""
        return self.source == "cli" and self.username.startswith("cli:")

    def can(self, permission: Permission) -> bool:
        """True when this actor's role grants ``permission``."""
        return permission in ROLE_PERMISSIONS[self.role]

    def require(self, permission: Permission) -> None:
        """Raise :class:`PermissionDenied` unless this actor may do ``permission``."""
        if not self.can(permission):
            raise PermissionDenied(
                _("{role} {name} may not do this ({permission}); ask a supervisor.").format(
                    role=role_label(self.role), name=self.display_name, permission=permission.value
                )
            )


def confirm(actor: Actor, permission: Permission) -> None:
    """Check ``permission`` against the staff table now, not against what the caller claims.

    For privileged operations (overrides, reveals, personal exports, voids, purges, staff and
    settings changes): the person must exist, be active and hold a role granting ``permission``
    at this moment. A made-up :class:`Actor`, or a supervisor disabled or demoted after signing
    in, is refused. The command line's actor is taken as it is: whoever can open the database
    file (or holds the server's credentials) is its administrator.

    Raises:
        PermissionDenied: the actor's role, or the staff table, does not allow it.
    """
    from frontdesk.db import storage_errors

    actor.require(permission)
    if actor.is_command_line:
        return
    with storage_errors():
        staff = Staff.get_or_none(Staff.username == actor.username)
    if staff is None or (actor.staff_id is not None and staff.id != actor.staff_id):
        raise PermissionDenied(
            _("{name} is not a staff account of this office: refused.").format(name=actor.username)
        )
    if not staff.active:
        raise PermissionDenied(
            _("The account of {name} is disabled: refused.").format(name=staff.display_name)
        )
    if permission not in ROLE_PERMISSIONS[Role(staff.role)]:
        raise PermissionDenied(
            _("{name} is now {role} and may not do this ({permission}).").format(
                name=staff.display_name, role=role_label(staff.role), permission=permission.value
            )
        )


@dataclass(frozen=True)
class StaffRow:
    """A staff account as lists and forms show it (never the hash)."""

    id: int
    username: str
    display_name: str
    role: Role
    active: bool
    version: int
    last_login_at: datetime | None

    @classmethod
    def of(cls, staff: Staff) -> StaffRow:
        """The row for a model instance."""
        return cls(
            staff.id,
            staff.username,
            staff.display_name,
            Role(staff.role),
            staff.active,
            staff.version,
            staff.last_login_at,
        )


def _hasher() -> PasswordHasher:  # imported lazily: argon2 is not needed to draw the window
    from argon2 import PasswordHasher

    return PasswordHasher(
        time_cost=ARGON2_TIME_COST, memory_cost=ARGON2_MEMORY_KIB, parallelism=ARGON2_PARALLELISM
    )


def hash_password(password: str) -> str:
    """An argon2id hash of ``password``."""
    return str(_hasher().hash(password))


def verify_password(password_hash: str, password: str) -> bool:
    """True when ``password`` matches ``password_hash``."""
    from argon2.exceptions import InvalidHashError, VerificationError

    try:
        return bool(_hasher().verify(password_hash, password))
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    """True when the hash was made with weaker parameters than today's."""
    return bool(_hasher().check_needs_rehash(password_hash))


def password_problem(password: str) -> str | None:
    """Why ``password`` is not acceptable, or None."""
    if len(password) < MIN_PASSWORD_LENGTH:
        return _("The password needs at least {n} characters.").format(n=MIN_PASSWORD_LENGTH)
    if password.strip() != password:
        return _("The password must not start or end with a space.")
    return None
