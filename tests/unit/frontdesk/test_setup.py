"""Tests for frontdesk.setup: the first-run set-up and office-wide settings."""

from __future__ import annotations

from typing import Any

import pytest

from frontdesk import audit
from frontdesk.auth import Actor, Role, Staff
from frontdesk.errors import Conflict, PermissionDenied, ValidationError
from frontdesk.estate.models import Estate
from frontdesk.office import SETTINGS, Office, Setting, read_setting
from frontdesk.services import Services
from frontdesk.setup import OfficeInfo

pytestmark = pytest.mark.usefixtures("fast_argon2")


def _setup_values(**changes: Any) -> dict[str, Any]:
    values: dict[str, Any] = {
        "actor": None,
        "office_name": " 幸福里物业管理处 ",
        "estate_name": " 幸福里 ",
        "admin_username": "admin",
        "admin_display_name": "王主任",
        "admin_password": "admin-pass-1",
        "visitor_retention_days": 30,
        "slip_retention_days": 365,
    }
    return {**values, **changes}


def _nothing_written() -> bool:
    return (
        Office.select().count(),
        Estate.select().count(),
        Staff.select().count(),
        Setting.select().count(),
        audit.AuditEntry.select().count(),
    ) == (0, 0, 0, 0, 0)


def test_initialize_creates_office_estate_admin_and_policy(bare_services: Services) -> None:
    assert not bare_services.setup.is_initialized()
    assert bare_services.setup.office() is None

    admin = bare_services.setup.initialize(**_setup_values())

    assert (admin.username, admin.display_name, admin.role) == ("admin", "王主任", Role.ADMIN)
    assert bare_services.setup.is_initialized()
    assert bare_services.setup.office() == OfficeInfo("幸福里物业管理处", "", "")
    assert [e.name for e in Estate.select()] == ["幸福里"]
    assert read_setting("visitor_retention_days") == 30
    assert read_setting("slip_retention_days") == 365
    assert read_setting("retention_policy_confirmed") is True
    assert bare_services.staff.authenticate(username="admin", password="admin-pass-1").role is Role.ADMIN


def test_initialize_from_the_command_line_records_that_actor(bare_services: Services) -> None:
    cli = Actor.command_line(desk="server")
    bare_services.setup.initialize(**_setup_values(actor=cli))
    assert {e.actor for e in audit.AuditEntry.select()} == {cli.username}
    assert Office.get().updated_by == cli.username


def test_initialize_twice_is_a_conflict(services: Services) -> None:
    with pytest.raises(Conflict, match="already set up"):
        services.setup.initialize(**_setup_values(office_name="另一个处", admin_username="boss"))
    assert Office.select().count() == 1
    assert Staff.select().count() == 1
    assert not Staff.select().where(Staff.username == "boss").exists()


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"visitor_retention_days": 0}, "visitor_retention_days"),
        ({"visitor_retention_days": 3651}, "visitor_retention_days"),
        ({"slip_retention_days": 29}, "slip_retention_days"),
        ({"slip_retention_days": 3651}, "slip_retention_days"),
        ({"office_name": "  "}, "office_name"),
        ({"estate_name": ""}, "estate_name"),
        ({"admin_password": "short"}, "password"),
        ({"admin_username": "two words"}, "username"),
        ({"admin_display_name": ""}, "display_name"),
        ({"visitor_retention_days": "30"}, "visitor_retention_days"),
        ({"slip_retention_days": True}, "slip_retention_days"),
    ],
)
def test_initialize_validates_and_writes_nothing(
    bare_services: Services, changes: dict[str, Any], field: str
) -> None:
    with pytest.raises(ValidationError) as caught:
        bare_services.setup.initialize(**_setup_values(**changes))
    assert caught.value.field == field
    assert _nothing_written()
    assert not bare_services.setup.is_initialized()


@pytest.mark.parametrize(("visitor", "slip"), [(1, 30), (3650, 3650)])
def test_retention_bounds_are_inclusive(bare_services: Services, visitor: int, slip: int) -> None:
    bare_services.setup.initialize(**_setup_values(visitor_retention_days=visitor, slip_retention_days=slip))
    assert (read_setting("visitor_retention_days"), read_setting("slip_retention_days")) == (visitor, slip)


def test_retention_message_names_the_bounds(bare_services: Services) -> None:
    with pytest.raises(ValidationError) as caught:
        bare_services.setup.initialize(**_setup_values(slip_retention_days=10))
    assert caught.value.message == "Choose between 30 and 3650 days."


# --- office-wide settings --------------------------------------------------------------------


def test_settings_have_defaults(bare_services: Services) -> None:
    for key, spec in SETTINGS.items():
        assert bare_services.settings.get(key) == spec.default


def test_set_stores_audits_and_counts_versions(services: Services, admin_actor: Actor) -> None:
    services.settings.set(actor=admin_actor, key="idle_lock_minutes", value=15)
    services.settings.set(actor=admin_actor, key="idle_lock_minutes", value=240)
    assert services.settings.get("idle_lock_minutes") == 240
    row = Setting.get_by_id("idle_lock_minutes")
    assert (row.version, row.updated_by) == (2, "admin")
    entries = audit.history("setting", "idle_lock_minutes")
    assert [(e.before, e.after) for e in entries] == [
        ({"value": 15}, {"value": 240}),
        ({"value": 5}, {"value": 15}),
    ]


def test_existing_setting_is_updated(services: Services, admin_actor: Actor) -> None:
    services.settings.set(actor=admin_actor, key="visitor_retention_days", value=90)
    assert services.settings.get("visitor_retention_days") == 90
    assert Setting.get_by_id("visitor_retention_days").version == 2
    assert audit.history("setting", "visitor_retention_days")[0].before == {"value": 30}


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("idle_lock_minutes", 0),
        ("idle_lock_minutes", 241),
        ("idle_lock_minutes", "5"),
        ("idle_lock_minutes", 5.0),
        ("idle_lock_minutes", True),
        ("slip_retention_days", 29),
        ("backup_interval_hours", 25),
        ("no_such_setting", 1),
    ],
)
def test_set_refuses_values_out_of_bounds(
    services: Services, admin_actor: Actor, key: str, value: object
) -> None:
    start = audit.AuditEntry.select().count()
    before = services.settings.get(key) if key in SETTINGS else None
    with pytest.raises(ValidationError) as caught:
        services.settings.set(actor=admin_actor, key=key, value=value)
    assert caught.value.field == key
    assert audit.AuditEntry.select().count() == start
    if key in SETTINGS:
        assert services.settings.get(key) == before


def test_set_accepts_the_bounds(services: Services, admin_actor: Actor) -> None:
    services.settings.set(actor=admin_actor, key="idle_lock_minutes", value=1)
    assert services.settings.get("idle_lock_minutes") == 1
    services.settings.set(actor=admin_actor, key="backup_warn_hours", value=24 * 30)
    assert services.settings.get("backup_warn_hours") == 720


def test_supervisor_may_not_change_settings(services: Services) -> None:
    supervisor = Actor(username="s", display_name="s", role=Role.SUPERVISOR)
    with pytest.raises(PermissionDenied):
        services.settings.set(actor=supervisor, key="idle_lock_minutes", value=10)
    assert services.settings.get("idle_lock_minutes") == 5
