"""Shared fixtures: headless Qt, a fresh database per test on SQLite (and PostgreSQL when asked)."""

from __future__ import annotations

import contextlib
import os
import uuid
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest

from frontdesk import i18n
from frontdesk.auth import Actor, Role
from frontdesk.db import DatabaseTarget, parse_target
from frontdesk.services import Services, connect
from tests import pg_cluster
from tests.pg_cluster import Cluster

#: the offscreen screen is a usual office laptop's, 1366×768 (Qt's own offscreen screen is 800×800);
#: set before the first QApplication is made (pytest-qt makes it for the first test that needs it)
SCREEN = Path(__file__).with_name("offscreen-1366x768.json")
if os.environ.get("QT_QPA_PLATFORM", "offscreen") == "offscreen":
    # Qt splits the platform's options at ":", so a Windows path goes relative to the checkout
    _screen = SCREEN.relative_to(Path.cwd()) if os.name == "nt" else SCREEN
    os.environ["QT_QPA_PLATFORM"] = f"offscreen:configfile={_screen}"

PG_ENV = "FRONTDESK_TEST_PG"
#: the offscreen platform (tests only) cannot pass size hints to a window manager; real ones can
OFFSCREEN_ONLY = "This plugin does not support propagateSizeHints"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Ignore the offscreen platform's own warning; every other Qt warning fails a test."""
    for item in items:
        item.add_marker(pytest.mark.qt_log_ignore(OFFSCREEN_ONLY))


ADMIN_PASSWORD = "admin-pass-1"


def pg_server_url() -> str | None:
    """The PostgreSQL server named by FRONTDESK_TEST_PG, or None."""
    return os.environ.get(PG_ENV) or None


def _with_database(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, "/" + name, parts.query, parts.fragment))


@pytest.fixture(scope="session")
def pg_database() -> Iterator[str]:
    """A throw-away PostgreSQL database for this test session (skips without a server)."""
    url = pg_server_url()
    if url is None:
        pytest.skip(f"PostgreSQL tests skipped: set {PG_ENV}=postgresql://user@host:port/db to run them")
    import psycopg2

    name = f"frontdesk_t_{os.getpid()}_{uuid.uuid4().hex[:6]}"
    admin = psycopg2.connect(url, connect_timeout=5)
    admin.autocommit = True
    admin.cursor().execute(f'CREATE DATABASE "{name}"')
    try:
        yield _with_database(url, name)
    finally:
        admin.cursor().execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


def reset_pg(url: str) -> None:
    import psycopg2

    conn = psycopg2.connect(url, connect_timeout=5)
    conn.autocommit = True
    conn.cursor().execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public")
    conn.close()


@pytest.fixture
def own_pg_server() -> Iterator[Cluster]:
    """A running PostgreSQL server of this test's own, to stop and start (skips when none can be made).

    Never the shared server: a cluster made with initdb in a temporary folder, on a free port; it is
    stopped and removed at the end whatever happened.
    """
    why_not = pg_cluster.unavailable()
    if why_not:
        pytest.skip(f"a PostgreSQL server of the test's own cannot be made: {why_not}")
    cluster = Cluster()
    try:
        cluster.start()
        yield cluster
    finally:
        cluster.destroy()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def db_target(request: pytest.FixtureRequest, tmp_path: Path) -> DatabaseTarget:
    """An empty database on each engine: SQLite always, PostgreSQL when FRONTDESK_TEST_PG is set."""
    if request.param == "sqlite":
        return parse_target(tmp_path / "frontdesk.db")
    url = request.getfixturevalue("pg_database")
    reset_pg(url)
    return parse_target(url)


@pytest.fixture
def sqlite_target(tmp_path: Path) -> DatabaseTarget:
    """An empty SQLite database file (for SQLite-only behaviour)."""
    return parse_target(tmp_path / "frontdesk.db")


@pytest.fixture(autouse=True)
def _own_data_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Key files (slip codes, visitor IDs) made by default go to the test's own data folder."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))


@pytest.fixture(autouse=True)
def _english_messages() -> Iterator[None]:
    """Core messages in English unless a test switches language (and back afterwards)."""
    i18n.set_language("en")
    yield
    i18n.set_language("en")


@pytest.fixture
def bare_services(db_target: DatabaseTarget, tmp_path: Path) -> Iterator[Services]:
    """Services on an empty, migrated database (not set up yet)."""
    services = connect(db_target, backup_folder=tmp_path / "backups", desk="test-desk", create=True)
    yield services
    services.close()


@pytest.fixture
def services(bare_services: Services) -> Services:
    """Services on a database set up with an office, an estate and an admin."""
    bare_services.setup.initialize(
        actor=None,
        office_name="幸福里物业管理处",
        estate_name="幸福里",
        admin_username="admin",
        admin_display_name="王主任",
        admin_password=ADMIN_PASSWORD,
        visitor_retention_days=30,
        slip_retention_days=365,
    )
    return bare_services


@pytest.fixture
def admin(services: Services) -> Actor:
    """The signed-in administrator."""
    return services.staff.authenticate(username="admin", password=ADMIN_PASSWORD)


def make_actor(services: Services, admin: Actor, role: Role, username: str | None = None) -> Actor:
    """Create a staff member with ``role`` and sign them in."""
    name = username or f"{role.value}1"
    services.staff.add(
        actor=admin, username=name, display_name=f"{role.value} 张", role=role, password="password-123"
    )
    return services.staff.authenticate(username=name, password="password-123")


@pytest.fixture
def clerk(services: Services, admin: Actor) -> Actor:
    """A signed-in clerk."""
    return make_actor(services, admin, Role.CLERK)


@pytest.fixture
def supervisor(services: Services, admin: Actor) -> Actor:
    """A signed-in supervisor."""
    return make_actor(services, admin, Role.SUPERVISOR)


with contextlib.suppress(ImportError):  # the CJK typing helper is only for GUI tests
    from tests.qt_helpers import type_text  # noqa: F401
