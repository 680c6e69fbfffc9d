"""First-run set-up: the office, its first estate and the administrator, with the retention policy."""

from __future__ import annotations

import json
from dataclasses import dataclass

from frontdesk import audit
from frontdesk.auth import Actor, Role, StaffRow
from frontdesk.clock import utcnow
from frontdesk.db import storage_errors, transaction
from frontdesk.errors import Conflict, ValidationError
from frontdesk.estate.models import Estate
from frontdesk.i18n import _
from frontdesk.office import SETTINGS, Office, Setting, read_setting
from frontdesk.staff import StaffService, check_display_name, check_password, check_username
from frontdesk.text import check_text


@dataclass(frozen=True)
class OfficeInfo:
    """The office as headers and the status bar show it."""

    name: str
    phone: str
    address: str


def check_setup(
    *,
    office_name: str,
    estate_name: str,
    admin_username: str,
    admin_display_name: str,
    admin_password: str,
    visitor_retention_days: int,
    slip_retention_days: int,
) -> None:
    """Check the set-up's fields without a database: ``init`` asks before it creates one.

    Raises:
        ValidationError: a field is wrong (the field name says which).
    """
    if not office_name.strip():
        raise ValidationError("office_name", _("Enter the office's name."))
    check_text("office_name", office_name.strip())
    if not estate_name.strip():
        raise ValidationError("estate_name", _("Enter the estate's name."))
    check_text("estate_name", estate_name.strip())
    check_username(admin_username)
    check_display_name(admin_display_name)
    check_password(admin_password)
    retention = {"visitor_retention_days": visitor_retention_days, "slip_retention_days": slip_retention_days}
    for key, days in retention.items():
        spec = SETTINGS[key]
        if (
            isinstance(days, bool)
            or not isinstance(days, int)
            or not (spec.minimum or 0) <= days <= (spec.maximum or days)
        ):
            raise ValidationError(
                key, _("Choose between {a} and {b} days.").format(a=spec.minimum, b=spec.maximum)
            )


class SetupService:
    """Creates the office on first run and answers whether that happened."""

    def __init__(self, staff: StaffService) -> None:
        self._staff = staff

    def is_initialized(self) -> bool:
        """True once an office and an administrator exist."""
        with storage_errors():
            return Office.select().exists() and self._staff.count() > 0

    def office(self) -> OfficeInfo | None:
        """The office, or None before set-up."""
        with storage_errors():
            office = Office.select().order_by(Office.id).first()
        return OfficeInfo(office.name, office.phone, office.address) if office else None

    def initialize(
        self,
        *,
        actor: Actor | None,
        office_name: str,
        estate_name: str,
        admin_username: str,
        admin_display_name: str,
        admin_password: str,
        visitor_retention_days: int,
        slip_retention_days: int,
    ) -> StaffRow:
        """Create the office, its first estate and the admin account in one transaction.

        Args:
            actor: who runs the set-up (the command line), or None for the GUI wizard, where the
                new administrator is recorded as the actor.
            office_name: the management office's name, printed on every slip.
            estate_name: the first estate the office manages.
            admin_username: the administrator's user name.
            admin_display_name: the administrator's own name.
            admin_password: at least 8 characters.
            visitor_retention_days: how long visitors' personal data is kept.
            slip_retention_days: how long release slips' personal data is kept.

        Returns:
            The administrator's account.

        Raises:
            Conflict: the database is already set up.
            ValidationError: a field is wrong.
        """
        check_setup(
            office_name=office_name,
            estate_name=estate_name,
            admin_username=admin_username,
            admin_display_name=admin_display_name,
            admin_password=admin_password,
            visitor_retention_days=visitor_retention_days,
            slip_retention_days=slip_retention_days,
        )
        retention = {
            "visitor_retention_days": visitor_retention_days,
            "slip_retention_days": slip_retention_days,
        }
        with transaction():
            if Office.select().exists():
                raise Conflict(_("This database is already set up."))
            who = actor or Actor(
                username=admin_username.strip(),
                display_name=admin_display_name.strip(),
                role=Role.ADMIN,
                desk=self._staff.desk,
            )
            admin = self._staff.create_account(
                actor=who,
                username=admin_username,
                display_name=admin_display_name,
                role=Role.ADMIN,
                password=admin_password,
            )
            office = Office.create(name=office_name.strip(), updated_by=who.username)
            estate = Estate.create(name=estate_name.strip(), updated_by=who.username)
            audit.record(who, "create", "office", office.id, after={"name": office.name})
            audit.record(who, "create", "estate", estate.id, after={"name": estate.name})
            for key, value in {**retention, "retention_policy_confirmed": True}.items():
                Setting.create(key=key, value=json.dumps(value), updated_by=who.username)
                audit.record(who, "update", "setting", key, after={"value": value})
        return admin


class SettingsService:
    """Office-wide settings shared by every desk (idle lock, retention, …)."""

    def get(self, key: str) -> object:
        """The value of an office-wide setting (its default when unset)."""
        with storage_errors():
            return read_setting(key)

    def set(self, *, actor: Actor, key: str, value: object) -> None:
        """Change an office-wide setting (administrators only), audited."""
        from frontdesk.auth import Permission, confirm

        confirm(actor, Permission.SETTINGS)
        spec = SETTINGS.get(key)
        if spec is None:
            raise ValidationError(key, _("Unknown setting: {key}").format(key=key))
        whole_number = isinstance(spec.default, int) and not isinstance(spec.default, bool)
        if whole_number and (
            isinstance(value, bool)
            or not isinstance(value, int)  # True is an int
            or not (spec.minimum or 0) <= value <= (spec.maximum or value)
        ):
            raise ValidationError(
                key, _("Choose a whole number between {a} and {b}.").format(a=spec.minimum, b=spec.maximum)
            )
        if spec.choices and value not in spec.choices:
            raise ValidationError(key, _("Choose one of: {choices}.").format(choices=", ".join(spec.choices)))
        with transaction():
            before = read_setting(key)
            row = Setting.get_or_none(Setting.key == key)
            if row is None:
                Setting.create(key=key, value=json.dumps(value), updated_by=actor.username)
            else:
                Setting.update(
                    value=json.dumps(value),
                    version=Setting.version + 1,
                    updated_at=utcnow(),
                    updated_by=actor.username,
                ).where(Setting.key == key).execute()
            audit.record(actor, "update", "setting", key, before={"value": before}, after={"value": value})
