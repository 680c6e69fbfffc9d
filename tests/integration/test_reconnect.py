"""A PostgreSQL outage in the middle of a session: calls fail plainly, then work again without a restart.

The server is one of the test's own (``own_pg_server``), stopped and started during the test.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from frontdesk import audit
from frontdesk.auth import Actor, Role
from frontdesk.db import database_proxy, parse_target, transaction
from frontdesk.errors import DatabaseUnreachable
from frontdesk.services import Services, connect
from tests.conftest import ADMIN_PASSWORD
from tests.pg_cluster import Cluster

pytestmark = pytest.mark.slow


@pytest.fixture
def desk(own_pg_server: Cluster, tmp_path: Path) -> Iterator[Services]:
    """Services on a set-up database of the test's own server."""
    target = parse_target(own_pg_server.create_database("frontdesk"))
    services = connect(target, backup_folder=tmp_path / "backups", desk="outage-desk", create=True)
    services.setup.initialize(
        actor=None,
        office_name="幸福里物业管理处",
        estate_name="幸福里",
        admin_username="admin",
        admin_display_name="王主任",
        admin_password=ADMIN_PASSWORD,
        visitor_retention_days=30,
        slip_retention_days=365,
    )
    yield services
    services.close()


def _add_clerk(services: Services, admin: Actor, username: str) -> None:
    services.staff.add(
        actor=admin, username=username, display_name="李明", role=Role.CLERK, password="password-123"
    )


def _usernames(services: Services, admin: Actor) -> list[str]:
    return [row.username for row in services.staff.list(actor=admin)]


def test_the_same_services_work_again_after_the_server_comes_back(
    desk: Services, own_pg_server: Cluster
) -> None:
    admin = desk.staff.authenticate(username="admin", password=ADMIN_PASSWORD)
    _add_clerk(desk, admin, "before")
    entries = len(desk.audit.recent(actor=admin))

    own_pg_server.stop()
    for _attempt in range(2):  # the first call finds the old connection dead, the second connects anew
        with pytest.raises(DatabaseUnreachable, match="Cannot reach"):
            desk.staff.list(actor=admin)
        with pytest.raises(DatabaseUnreachable):
            _add_clerk(desk, admin, "during")
        with pytest.raises(DatabaseUnreachable):
            desk.ping()

    own_pg_server.start()
    assert _usernames(desk, admin) == ["admin", "before"]  # nothing of the refused write
    assert len(desk.audit.recent(actor=admin)) == entries
    _add_clerk(desk, admin, "during")  # the clerk saves again: recorded once
    assert _usernames(desk, admin) == ["admin", "before", "during"]
    report = desk.maintenance.check()
    assert report.ok, report.problems


def test_a_restart_while_the_desk_was_idle_goes_unnoticed(desk: Services, own_pg_server: Cluster) -> None:
    admin = desk.staff.authenticate(username="admin", password=ADMIN_PASSWORD)
    old = database_proxy.connection()

    own_pg_server.stop()
    own_pg_server.start()  # nobody asked anything meanwhile: the old connection is dead all the same

    _add_clerk(desk, admin, "after")
    assert _usernames(desk, admin) == ["admin", "after"]
    assert database_proxy.connection() is not old


def test_a_transaction_cut_off_by_the_outage_leaves_nothing(desk: Services, own_pg_server: Cluster) -> None:
    admin = desk.staff.authenticate(username="admin", password=ADMIN_PASSWORD)
    entries = len(desk.audit.recent(actor=admin))

    with pytest.raises(DatabaseUnreachable) as caught, transaction():
        audit.record(admin, "update", "setting", "idle_lock_minutes", after={"value": 7})
        own_pg_server.stop()
        audit.record(admin, "update", "setting", "idle_lock_minutes", after={"value": 8})
    assert "connection already closed" not in caught.value.hint  # the real cause, not the rollback's

    own_pg_server.start()
    assert len(desk.audit.recent(actor=admin)) == entries
    desk.settings.set(actor=admin, key="idle_lock_minutes", value=9)
    assert desk.settings.get("idle_lock_minutes") == 9
    assert desk.maintenance.check().ok


@pytest.mark.parametrize("db_target", ["sqlite"], indirect=True)
def test_sqlite_keeps_its_one_connection(services: Services, admin: Actor) -> None:
    connection = database_proxy.connection()
    _add_clerk(services, admin, "li")
    services.ping()
    assert _usernames(services, admin) == ["admin", "li"]
    assert database_proxy.connection() is connection
