"""A PostgreSQL server of a test's own, to stop and start at will (the shared one on 5432 is never touched).

The cluster is made with ``initdb`` in a temporary folder and run with ``pg_ctl`` on a free port of
127.0.0.1, with trust authentication. ``initdb`` and ``postgres`` refuse to run as root, so as root
(CI) they run as the ``postgres`` OS user, in a folder that user owns. :func:`unavailable` says why a
cluster cannot be made here (no binaries, root without a ``postgres`` user), for a clear skip.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

#: the machine is slow and shared: starting or stopping may take a while
TIMEOUT_S = 180
#: where Debian puts each PostgreSQL version's programs
BIN_GLOB = "/usr/lib/postgresql/*/bin"


def find_bin() -> Path | None:
    """The newest PostgreSQL version's programs folder holding initdb and pg_ctl, or None."""

    def version(folder: Path) -> float:
        try:
            return float(folder.parent.name)
        except ValueError:
            return 0.0

    folders = [Path(p) for p in sorted(Path("/").glob(BIN_GLOB.lstrip("/")))]
    usable = [f for f in folders if (f / "initdb").is_file() and (f / "pg_ctl").is_file()]
    return max(usable, key=version) if usable else None


def _as_root() -> bool:
    return hasattr(os, "geteuid") and os.geteuid() == 0


def unavailable() -> str:
    """Why a cluster of the test's own cannot be made here ("" when it can)."""
    if find_bin() is None:
        return f"no PostgreSQL server programs (initdb, pg_ctl) under {BIN_GLOB}"
    if _as_root():
        import pwd

        try:
            pwd.getpwnam("postgres")
        except KeyError:
            return "running as root and there is no 'postgres' OS user to run initdb and postgres as"
        if shutil.which("runuser") is None:
            return "running as root and 'runuser' is missing (needed to run postgres as its own user)"
    return ""


def free_port() -> int:
    """A TCP port on 127.0.0.1 nobody listens on now (never 5432)."""
    while True:
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
            probe.bind(("127.0.0.1", 0))
            port = int(probe.getsockname()[1])
        if port != 5432:
            return port


class Cluster:
    """A throw-away cluster: ``start()``, ``stop()``, its ``url``; ``destroy()`` stops it and removes it."""

    def __init__(self) -> None:
        self.bin = find_bin()
        if self.bin is None:
            raise RuntimeError(unavailable())
        self.folder = Path(tempfile.mkdtemp(prefix="frontdesk-pg-"))
        self.data = self.folder / "data"
        self.log = self.folder / "server.log"
        self.port = free_port()
        if _as_root():
            import pwd

            user = pwd.getpwnam("postgres")
            os.chown(self.folder, user.pw_uid, user.pw_gid)
        self._started = False
        try:
            self._run(
                "initdb", "-D", str(self.data), "-U", "postgres", "--auth=trust", "--no-sync", "-E", "UTF8"
            )
        except BaseException:
            shutil.rmtree(self.folder, ignore_errors=True)
            raise

    @property
    def url(self) -> str:
        """The ``postgres`` database of this cluster."""
        return self.database_url("postgres")

    def database_url(self, name: str) -> str:
        """A database of this cluster, by name."""
        return f"postgresql://postgres@127.0.0.1:{self.port}/{name}"

    def create_database(self, name: str) -> str:
        """Create database ``name``; return its URL."""
        import psycopg2

        admin = psycopg2.connect(self.url, connect_timeout=10)
        try:
            admin.autocommit = True
            admin.cursor().execute(f'CREATE DATABASE "{name}"')
        finally:
            admin.close()
        return self.database_url(name)

    def start(self) -> None:
        """Start the server and wait until it accepts connections.

        The first start takes another free port if someone took this one meanwhile; later ones keep
        the port (the URL was handed out).
        """
        for attempt in range(3):
            try:
                self._run("pg_ctl", "start", "-D", str(self.data), "-l", str(self.log), "-w",
                          "-t", str(TIMEOUT_S), "-o", self._options())  # fmt: skip
                break
            except RuntimeError:
                if self._started or attempt == 2 or "could not bind" not in self._log_tail():
                    raise
                self.port = free_port()
        self._started = True
        self._wait_accepting()

    def _options(self) -> str:
        return f"-p {self.port} -c listen_addresses=127.0.0.1 -k {self.folder} -c fsync=off"

    def _log_tail(self) -> str:
        return self.log.read_text(errors="replace")[-2000:] if self.log.exists() else ""

    def stop(self) -> None:
        """Stop the server (fast: open sessions are ended, as in a real outage); no-op when stopped."""
        if self.running():
            self._run("pg_ctl", "stop", "-D", str(self.data), "-m", "fast", "-w", "-t", str(TIMEOUT_S))

    def running(self) -> bool:
        """True while the server's process is up."""
        if not (self.data / "postmaster.pid").exists():
            return False
        status = self._run("pg_ctl", "status", "-D", str(self.data), check=False)
        return status.returncode == 0

    def destroy(self) -> None:
        """Stop the server (immediately, if a fast stop fails) and remove its folder."""
        try:
            self.stop()
        except (RuntimeError, subprocess.SubprocessError, OSError):
            with contextlib.suppress(subprocess.SubprocessError, OSError):
                self._run("pg_ctl", "stop", "-D", str(self.data), "-m", "immediate", "-w", check=False)
        shutil.rmtree(self.folder, ignore_errors=True)

    def _wait_accepting(self) -> None:
        import psycopg2

        deadline = time.monotonic() + TIMEOUT_S
        while True:
            try:
                psycopg2.connect(self.url, connect_timeout=10).close()
                return
            except psycopg2.OperationalError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)

    def _run(self, program: str, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        assert self.bin is not None
        command = [str(self.bin / program), *args]
        if _as_root():
            command = ["runuser", "-u", "postgres", "--", *command]
        done = subprocess.run(
            command, capture_output=True, text=True, timeout=TIMEOUT_S + 30, cwd=self.folder, check=False
        )
        if check and done.returncode != 0:
            raise RuntimeError(
                f"{program} {' '.join(args)} failed: {done.stdout}{done.stderr}\n{self._log_tail()}"
            )
        return done
