"""Privileged operations check the staff table at the moment they run; the purge's clock is checked."""

from __future__ import annotations

from datetime import timedelta

import pytest

from frontdesk.auth import Actor, Permission, Role, confirm
from frontdesk.clock import utcnow
from frontdesk.errors import PermissionDenied, UserError
from frontdesk.retention import purge_moment, server_now
from frontdesk.services import Services
from tests.conftest import make_actor


@pytest.fixture(autouse=True)
def _cheap_hashes(fast_argon2: None) -> None:
    """Staff sign in here: use the cheap argon2 parameters."""


def test_a_made_up_administrator_cannot_manage_staff_or_settings(services: Services) -> None:
    forged = Actor(username="nobody", display_name="nobody", role=Role.ADMIN)
    with pytest.raises(PermissionDenied, match="not a staff account"):
        services.staff.add(
            actor=forged, username="mole", display_name="鼹鼠", role=Role.ADMIN, password="password-123"
        )
    with pytest.raises(PermissionDenied):
        services.settings.set(actor=forged, key="visitor_retention_days", value=7)
    assert services.staff.count() == 1
    assert services.settings.get("visitor_retention_days") == 30


def test_an_actor_claiming_another_accounts_id_is_refused(services: Services, admin: Actor) -> None:
    clerk = make_actor(services, admin, Role.CLERK)
    impostor = Actor(username="admin", display_name="王主任", role=Role.ADMIN, staff_id=clerk.staff_id)
    with pytest.raises(PermissionDenied):
        confirm(impostor, Permission.SETTINGS)
    confirm(admin, Permission.SETTINGS)  # the real one passes


def test_an_administrator_disabled_meanwhile_cannot_change_settings(services: Services, admin: Actor) -> None:
    second = make_actor(services, admin, Role.ADMIN, "admin2")
    row = next(r for r in services.staff.list(actor=admin) if r.username == "admin2")
    services.staff.update(actor=admin, staff_id=row.id, version=row.version, active=False)
    with pytest.raises(PermissionDenied, match="disabled"):
        services.settings.set(actor=second, key="idle_lock_minutes", value=10)
    with pytest.raises(PermissionDenied, match="disabled"):
        services.staff.change_password(actor=second, username="admin", new_password="password-456")


def test_the_command_line_is_the_administrator(services: Services) -> None:
    cli = Actor.command_line("desk")
    services.settings.set(actor=cli, key="visitor_retention_days", value=20)
    assert services.settings.get("visitor_retention_days") == 20


def test_the_purge_never_counts_from_past_the_present(services: Services) -> None:
    desk_now = utcnow()
    assert purge_moment(desk_now, None) == desk_now or server_now() is not None
    with pytest.raises(UserError, match="future"):
        purge_moment(desk_now, desk_now + timedelta(days=365))
    assert purge_moment(desk_now, desk_now - timedelta(days=3)) == desk_now - timedelta(days=3)


def test_a_desk_clock_a_year_ahead_never_sets_the_cutoff(services: Services) -> None:
    """SQLite: the desk's clock is the clock, so one far past the newest event stops the purge;
    PostgreSQL: the server's clock caps the desk's."""
    ahead = utcnow() + timedelta(days=365)
    server = server_now()
    if server is None:
        with pytest.raises(UserError, match="clock"):
            purge_moment(ahead, None)
    else:
        assert abs(purge_moment(ahead, None) - server) < timedelta(minutes=1)


def test_a_desk_clock_hours_ahead_still_purges(services: Services) -> None:
    ahead = utcnow() + timedelta(hours=3)
    assert purge_moment(ahead, None) <= ahead
