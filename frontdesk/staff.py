"""Use cases for staff accounts: sign-in, adding staff, passwords, roles."""

from __future__ import annotations

import builtins
import uuid
from datetime import datetime, timedelta

import peewee as pw

from frontdesk import audit
from frontdesk.auth import (
    Actor,
    Permission,
    Role,
    Staff,
    StaffRow,
    confirm,
    hash_password,
    needs_rehash,
    password_problem,
    verify_password,
)
from frontdesk.base import find_submitted, update_versioned
from frontdesk.clock import format_local, utcnow
from frontdesk.db import storage_errors, transaction
from frontdesk.errors import NotFound, UserError, ValidationError
from frontdesk.i18n import _
from frontdesk.text import check_text

MAX_FAILED_LOGINS = 5
LOCKOUT = timedelta(minutes=5)


def check_username(username: str) -> str:
    """The user name, tidied; a ValidationError on field "username" when it is not acceptable."""
    name = username.strip()
    if not name:
        raise ValidationError("username", _("Enter a user name."))
    if len(name) > 40 or any(c.isspace() for c in name):
        raise ValidationError("username", _("A user name has at most 40 characters and no spaces."))
    return check_text("username", name)


def check_display_name(display_name: str) -> str:
    """The person's name without surrounding spaces; a ValidationError on field "display_name"."""
    name = display_name.strip()
    if not name:
        raise ValidationError("display_name", _("Enter the person's name."))
    return check_text("display_name", name)


def check_password(password: str) -> None:
    """A ValidationError on field "password" when ``password`` is not acceptable."""
    problem = password_problem(password)
    if problem:
        raise ValidationError("password", problem)


def _check_role(role: Role | str) -> Role:
    try:
        return Role(role)
    except ValueError:
        raise ValidationError("role", _("Unknown role: {role}").format(role=role)) from None


class StaffService:
    """Staff accounts and signing in."""

    def __init__(self, desk: str = "") -> None:
        self.desk = desk

    def authenticate(self, *, username: str, password: str) -> Actor:
        """Check a sign-in and return who is acting.

        Raises:
            UserError: wrong name or password, account disabled or locked for a while.
        """
        wrong = UserError(_("The user name or the password is wrong."))
        with storage_errors():
            staff = Staff.get_or_none(Staff.username == username.strip())
        if staff is None:
            raise wrong
        actor = self._actor(staff)
        failures, locked = self._reserve_attempt(staff.id)
        accepted = verify_password(staff.password_hash, password)  # slow: outside the write lock
        with transaction():
            if accepted:
                self._record_login(staff, actor, password)
            else:
                self._record_failure(staff, actor, failures, locked)
        if not accepted:
            raise wrong
        return actor

    def authorize(
        self, *, username: str, password: str, permission: Permission, requested_by: Actor, reason: str = ""
    ) -> Actor:
        """A supervisor's authority, given with their password at someone else's desk.

        The password is checked with the same lock-out counting as signing in. The signed-in
        person's own account authorises only if it holds ``permission`` itself (a supervisor at
        the desk confirms with their password); a clerk's own login never overrides.

        Args:
            username: the supervisor's user name.
            password: the supervisor's password.
            permission: what is being authorised (e.g. ``Permission.OVERRIDE``).
            requested_by: who asked (the signed-in clerk).
            reason: why, recorded in the audit trail.

        Returns:
            The supervisor who authorised.

        Raises:
            ValidationError: wrong user name or password ("password"), the account may not
                authorise this ("username"), or the reason is too long ("reason").
            UserError: the account is disabled or locked for a while.
        """
        reason = reason.strip()
        if len(reason) > 200:
            raise ValidationError("reason", _("Keep the reason under 200 characters."))
        staff = self._authority_account(username, password)
        supervisor = self._actor(staff)
        if not supervisor.can(permission):
            raise ValidationError("username", self._refusal(supervisor, requested_by))
        with transaction():
            Staff.update(failed_logins=0, locked_until=None).where(Staff.id == staff.id).execute()
            audit.record(
                supervisor,
                "authorize",
                "staff",
                staff.id,
                after={
                    "permission": permission.value,
                    "requested_by": requested_by.username,
                    "reason": reason,
                },
            )
        return supervisor

    def _authority_account(self, username: str, password: str) -> Staff:
        wrong = ValidationError("password", _("The user name or the password is wrong."))
        with storage_errors():
            staff = Staff.get_or_none(Staff.username == username.strip())
        if staff is None:
            raise wrong
        failures, locked = self._reserve_attempt(staff.id)
        if not verify_password(staff.password_hash, password):  # slow: outside the write lock
            with transaction():
                self._record_failure(staff, self._actor(staff), failures, locked)
            raise wrong
        return staff

    @staticmethod
    def _refusal(supervisor: Actor, requested_by: Actor) -> str:
        if supervisor.username == requested_by.username:
            return _("Your own sign-in cannot authorise this: a supervisor must enter their user name.")
        return _("{name} may not authorise this; ask a supervisor.").format(name=supervisor.display_name)

    def verify(self, *, actor: Actor, password: str) -> bool:
        """Re-check the signed-in user's password (unlocking the screen).

        A wrong password counts like a failed sign-in (audited, and the account locks after
        ``MAX_FAILED_LOGINS``), so the lock screen is no way round the lock-out.

        Raises:
            UserError: the account is locked for a while or was disabled meanwhile.
        """
        with storage_errors():
            staff = Staff.get_or_none(Staff.username == actor.username)
        if staff is None:
            return False
        failures, locked = self._reserve_attempt(staff.id)
        accepted = verify_password(staff.password_hash, password)  # slow: outside the write lock
        with transaction():
            if accepted:
                Staff.update(failed_logins=0, locked_until=None).where(Staff.id == staff.id).execute()
            else:
                self._record_failure(staff, actor, failures, locked)
        return accepted

    def _actor(self, staff: Staff) -> Actor:
        return Actor(
            username=staff.username,
            display_name=staff.display_name,
            role=Role(staff.role),
            source="gui",
            desk=self.desk,
            staff_id=staff.id,
        )

    def _refuse_locked(self, staff: Staff) -> None:
        if not staff.active:
            raise UserError(_("This account is disabled; ask the administrator."))
        if staff.locked_until is not None and staff.locked_until > utcnow():
            raise UserError(
                _("Too many wrong passwords: this account is locked until {t}.").format(
                    t=format_local(staff.locked_until)
                )
            )

    def _reserve_attempt(self, staff_id: int) -> tuple[int, datetime | None]:
        """Count a password check before it is made, in one write transaction.

        The attempt is counted (and the account locked by the last one allowed) before the slow
        hash check, so desks guessing in parallel get ``MAX_FAILED_LOGINS`` checks in all, not
        that many each; a right password then clears the count. The UPDATE comes first so that
        it holds the row (PostgreSQL) or the database (SQLite) while the count is decided.

        Returns:
            The count including this attempt, and the lock-out it set (None if it set none).

        Raises:
            UserError: the account is disabled or locked.
        """
        with transaction():
            Staff.update(failed_logins=Staff.failed_logins + 1).where(Staff.id == staff_id).execute()
            staff = Staff.get_by_id(staff_id)
            self._refuse_locked(staff)  # raising rolls the count back
            now = utcnow()
            expired = staff.locked_until is not None and staff.locked_until <= now
            failures = 1 if expired else staff.failed_logins
            locked = now + LOCKOUT if failures >= MAX_FAILED_LOGINS else None
            Staff.update(failed_logins=failures, locked_until=locked).where(Staff.id == staff_id).execute()
        return failures, locked

    def _record_failure(self, staff: Staff, actor: Actor, failures: int, locked: datetime | None) -> None:
        audit.record(
            actor,
            "login_failed",
            "staff",
            staff.id,
            after={"failures": failures, "locked": locked is not None},
        )

    def _record_login(self, staff: Staff, actor: Actor, password: str) -> None:
        changes: dict[object, object] = {
            Staff.failed_logins: 0,
            Staff.locked_until: None,
            Staff.last_login_at: utcnow(),
        }
        if needs_rehash(staff.password_hash):
            changes[Staff.password_hash] = hash_password(password)
        Staff.update(changes).where(Staff.id == staff.id).execute()
        audit.record(actor, "login", "staff", staff.id)

    def add(
        self,
        *,
        actor: Actor,
        username: str,
        display_name: str,
        role: Role | str,
        password: str,
        client_id: uuid.UUID | None = None,
    ) -> StaffRow:
        """Create a staff account.

        Raises:
            PermissionDenied: the actor may not manage staff.
            ValidationError: a field is wrong (the field name says which).
        """
        confirm(actor, Permission.STAFF_MANAGE)
        return self.create_account(
            actor=actor,
            username=username,
            display_name=display_name,
            role=role,
            password=password,
            client_id=client_id,
        )

    def create_account(
        self,
        *,
        actor: Actor,
        username: str,
        display_name: str,
        role: Role | str,
        password: str,
        client_id: uuid.UUID | None = None,
    ) -> StaffRow:
        """Create an account without the permission check (first-run set-up calls this)."""
        name = check_username(username)
        person = check_display_name(display_name)
        checked_role = _check_role(role)
        check_password(password)
        password_hash = hash_password(password)  # slow: before taking the write lock
        with transaction():
            existing = find_submitted(Staff, client_id)
            if existing is not None:
                return StaffRow.of(existing)
            if Staff.select().where(Staff.username == name).exists():
                raise ValidationError("username", _("The user name {name} is taken.").format(name=name))
            staff = Staff.create(
                username=name,
                display_name=person,
                role=checked_role.value,
                password_hash=password_hash,
                updated_by=actor.username,
                client_id=client_id or uuid.uuid4(),
            )
            audit.record(
                actor,
                "create",
                "staff",
                staff.id,
                after={"username": name, "display_name": staff.display_name, "role": staff.role},
            )
        return StaffRow.of(staff)

    def change_password(
        self, *, actor: Actor, username: str, new_password: str, old_password: str | None = None
    ) -> None:
        """Set a new password: one's own (with the old one) or anyone's (staff managers)."""
        check_password(new_password)
        new_hash = hash_password(new_password)  # slow: before taking the write lock
        with transaction():
            staff = self._get(username)
            if staff.username == actor.username and old_password is not None:
                if not verify_password(staff.password_hash, old_password):
                    raise ValidationError("old_password", _("The current password is wrong."))
            else:
                confirm(actor, Permission.STAFF_MANAGE)
            update_versioned(
                Staff,
                staff.id,
                staff.version,
                {"password_hash": new_hash, "failed_logins": 0, "locked_until": None},
                by=actor.username,
            )
            audit.record(actor, "password", "staff", staff.id, after={"username": staff.username})

    def update(
        self,
        *,
        actor: Actor,
        staff_id: int,
        version: int,
        display_name: str | None = None,
        role: Role | str | None = None,
        active: bool | None = None,
    ) -> StaffRow:
        """Change a staff member's name, role or active flag (refused if changed meanwhile)."""
        confirm(actor, Permission.STAFF_MANAGE)
        changes: dict[str, object] = {}
        if display_name is not None:
            changes["display_name"] = check_display_name(display_name)
        if role is not None:
            changes["role"] = _check_role(role).value
        if active is not None:
            changes["active"] = active
        with transaction():
            staff = Staff.get_or_none(Staff.id == staff_id)
            if staff is None:
                raise NotFound(_("No such staff member."))
            self._keep_an_admin(staff, changes)
            before = {k: getattr(staff, k) for k in changes}
            saved = update_versioned(Staff, staff_id, version, changes, by=actor.username)
            old, new = audit.changed(before, changes)
            audit.record(actor, "update", "staff", staff_id, before=old, after=new)
        assert isinstance(saved, Staff)
        return StaffRow.of(saved)

    def _keep_an_admin(self, staff: Staff, changes: dict[str, object]) -> None:
        losing = staff.role == Role.ADMIN and (
            changes.get("role", Role.ADMIN.value) != Role.ADMIN.value or changes.get("active") is False
        )
        others = (
            Staff.select()
            .where((Staff.role == Role.ADMIN.value) & Staff.active & (Staff.id != staff.id))
            .exists()
        )
        if losing and not others:
            raise ValidationError("role", _("The last active administrator cannot be removed."))

    def search(self, *, actor: Actor, text: str, limit: int = 20) -> list[StaffRow]:
        """Staff whose user name or display name contains ``text`` (global search), by user name."""
        actor.require(Permission.STAFF_MANAGE)
        needle = text.strip()
        if not needle:
            return []
        with storage_errors():
            query = (
                Staff.select()
                .where(Staff.username.contains(needle) | Staff.display_name.contains(needle))
                .order_by(Staff.username)
                .limit(limit)
            )
            return [StaffRow.of(s) for s in query]

    def list(self, *, actor: Actor, include_inactive: bool = True) -> list[StaffRow]:
        """All staff accounts, by user name."""
        actor.require(Permission.STAFF_MANAGE)
        with storage_errors():
            query = Staff.select().order_by(Staff.username)
            if not include_inactive:
                query = query.where(Staff.active)
            return [StaffRow.of(s) for s in query]

    def names(self) -> builtins.list[tuple[str, str]]:
        """(user name, display name) of active staff, for pickers; needs no permission."""
        with storage_errors():
            return [
                (s.username, s.display_name)
                for s in Staff.select(Staff.username, Staff.display_name)
                .where(Staff.active)
                .order_by(Staff.username)
            ]

    def _get(self, username: str) -> Staff:
        staff = Staff.get_or_none(Staff.username == username.strip())
        if staff is None:
            raise NotFound(_("No staff member is called {name}.").format(name=username))
        return staff

    def count(self) -> int:
        """How many accounts exist (0 before the first-run set-up)."""
        with storage_errors():
            return int(Staff.select(pw.fn.COUNT(Staff.id)).scalar() or 0)
