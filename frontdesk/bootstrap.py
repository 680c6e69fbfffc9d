"""Set up a checkout and run the program or the checks, using the standard library only.

Run from the repository root with the system Python 3.11, before anything is installed::

    python3 -m frontdesk.bootstrap start [program args...]   # Windows: py -3.11 -m ...
    python3 -m frontdesk.bootstrap test [pytest args...]

Setting up means: the Debian packages Qt needs (apt, Linux only), ``.venv``, the project
installed editable with its extras (skipped while pyproject.toml is unchanged) and the
compiled gettext catalogs.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
import shutil
import socket
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / ".venv"
WINDOWS = os.name == "nt"
STAMP = VENV / "frontdesk-install.json"
PG_URL = "postgresql://postgres@127.0.0.1:5432/test"
EXTRAS = {"start": ("postgres",), "test": ("postgres", "test", "dev")}
QT_PACKAGES = [
    *("libgl1", "libegl1", "libxkbcommon0", "libfontconfig1", "libdbus-1-3"),
    *("libglib2.0-0", "fonts-wqy-microhei"),
    *("libxcb-cursor0", "libxcb-icccm4", "libxcb-keysyms1", "libxcb-image0"),
    *("libxcb-render-util0", "libxcb-shape0", "libxcb-xkb1", "libxkbcommon-x11-0"),
]
TEST_PACKAGES = ["poppler-utils", "xvfb", "xauth", "zbar-tools"]  # zbarimg reads back the slip QR code


class StepFailed(Exception):
    """A step failed; ``code`` is the exit status to leave with."""

    def __init__(self, code: int, message: str = "") -> None:
        super().__init__(message)
        self.code = code


def say(message: str) -> None:
    """Print one progress line at once (CI logs interleave with child output)."""
    print(message, flush=True)


def run(cmd: list[str]) -> None:
    """Run ``cmd`` in the repository root; raise StepFailed on a non-zero exit."""
    code = subprocess.call(cmd, cwd=ROOT)
    if code != 0:
        raise StepFailed(code, f"{Path(cmd[0]).name} exited with {code}")


def venv_bin(name: str) -> Path:
    """Path of an executable inside ``.venv`` (``Scripts\\name.exe`` on Windows)."""
    return VENV / "Scripts" / f"{name}.exe" if WINDOWS else VENV / "bin" / name


# --- system packages (Debian/Ubuntu) -------------------------------------------------------


def has_apt() -> bool:
    """True on Linux with dpkg and apt-get (Debian, Ubuntu)."""
    return sys.platform.startswith("linux") and bool(shutil.which("dpkg-query"))


def missing_packages(packages: list[str]) -> list[str]:
    """The subset of ``packages`` that dpkg does not report as installed."""
    out = subprocess.run(
        ["dpkg-query", "-W", "--showformat=${Package} ${Status}\n", *packages],
        check=False,
        capture_output=True,
        text=True,
    ).stdout
    installed = {ln.split()[0] for ln in out.splitlines() if ln.endswith(" installed")}
    return [p for p in packages if p not in installed]


def apt_install(packages: list[str]) -> None:
    """Install the missing ones of ``packages`` with apt-get (via sudo when not root)."""
    missing = missing_packages(packages)
    if not missing:
        return
    os.environ["DEBIAN_FRONTEND"] = "noninteractive"
    install = ["apt-get", "install", "-y", "--no-install-recommends", *missing]
    prefix: list[str] = []
    if os.geteuid() != 0:
        if not shutil.which("sudo"):
            say("[setup] missing system packages; as root, run:")
            say(f"  apt-get update && {' '.join(install)}")
            raise StepFailed(1)
        prefix = ["sudo", "DEBIAN_FRONTEND=noninteractive"]
    say(f"[setup] installing system packages: {' '.join(missing)}")
    run([*prefix, "apt-get", "update"])
    run([*prefix, *install])


# --- virtual environment and project ---------------------------------------------------------


def create_venv() -> None:
    """Create ``.venv`` with this interpreter (adding python3-venv on Debian if needed)."""
    if venv_bin("python").exists():
        return
    say(f"[setup] creating {VENV} with Python {sys.version.split()[0]}")
    if importlib.util.find_spec("ensurepip") is None and has_apt():
        apt_install(["python3-venv"])
    if subprocess.call([sys.executable, "-m", "venv", str(VENV)]) != 0:
        shutil.rmtree(VENV, ignore_errors=True)  # a venv without pip is useless
        if not has_apt():
            raise StepFailed(1, "could not create .venv")
        apt_install(["python3-venv"])
        run([sys.executable, "-m", "venv", str(VENV)])
    say("[setup] upgrading pip")
    run([str(venv_bin("python")), "-m", "pip", "install", "-q", "--upgrade", "pip"])


def install_digest() -> str:
    """sha256 of pyproject.toml and of which packages are regular (editable installs
    record a folder without ``__init__.py`` as a namespace package)."""
    sha = hashlib.sha256((ROOT / "pyproject.toml").read_bytes())
    packages = sorted(p.parent.name for p in ROOT.glob("*/__init__.py"))
    sha.update(" ".join(packages).encode())
    return sha.hexdigest()


def install_project(extras: tuple[str, ...]) -> None:
    """``pip install -e .[extras]`` unless the stamp shows it done for this pyproject.toml."""
    digest = install_digest()
    try:
        stamp = json.loads(STAMP.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        stamp = {}
    if stamp.get("pyproject") == digest and set(extras) <= set(stamp.get("extras", [])):
        return
    if stamp.get("pyproject") == digest:  # keep the extras installed before
        extras = tuple(sorted(set(extras) | set(stamp.get("extras", []))))
    say(f"[setup] installing the project with extras {','.join(extras)} (pip)")
    pip = [str(venv_bin("python")), "-m", "pip", "install", "--quiet"]
    run([*pip, "-e", f".[{','.join(extras)}]"])
    stamp = {"pyproject": digest, "extras": list(extras)}
    STAMP.write_text(json.dumps(stamp), encoding="utf-8")


def is_compiled(po: Path) -> bool:
    """True when the catalog's .mo exists and is not older than the .po."""
    mo = po.with_suffix(".mo")
    return mo.exists() and mo.stat().st_mtime >= po.stat().st_mtime


def compile_catalogs() -> None:
    """Compile ``resources/locale/*/LC_MESSAGES/frontdesk.po`` when a .mo is missing or old."""
    pos = sorted((ROOT / "resources" / "locale").glob("*/LC_MESSAGES/frontdesk.po"))
    stale = [po for po in pos if not is_compiled(po)]
    if not stale:
        return
    say(f"[setup] compiling translations: {', '.join(po.parts[-3] for po in stale)}")
    babel = [str(venv_bin("python")), "-m", "babel.messages.frontend", "compile"]
    run([*babel, "-d", "resources/locale", "-D", "frontdesk"])


def setup(command: str) -> None:
    """Everything ``command`` needs before it can run."""
    if has_apt():
        packages = QT_PACKAGES + (TEST_PACKAGES if command == "test" else [])
        if command == "test" and sys.base_prefix == "/usr":  # for PyInstaller
            packages.append(f"libpython{sys.version_info[0]}.{sys.version_info[1]}")
        apt_install(packages)
    create_venv()
    install_project(EXTRAS[command])
    compile_catalogs()


# --- commands -----------------------------------------------------------------------------


def mypy_args() -> list[str]:
    """No arguments when ``[tool.mypy] files`` is configured, else the Qt-free packages."""
    import tomllib

    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    if config.get("tool", {}).get("mypy", {}).get("files"):
        return []
    return [d for d in ("frontdesk", "reports") if any((ROOT / d).glob("*.py"))]


def test_env() -> dict[str, str]:
    """Environment for pytest: offscreen Qt and, when a server answers, PostgreSQL."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    if "FRONTDESK_TEST_PG" in env:
        say(f"[test] PostgreSQL tests use FRONTDESK_TEST_PG={env['FRONTDESK_TEST_PG']}")
        return env
    try:
        socket.create_connection(("127.0.0.1", 5432), timeout=1).close()
    except OSError:
        say("[test] no PostgreSQL server, FRONTDESK_TEST_PG unset: PG tests skip")
        return env
    env["FRONTDESK_TEST_PG"] = PG_URL
    say(f"[test] PostgreSQL found: FRONTDESK_TEST_PG={PG_URL}")
    return env


def cmd_test(pytest_args: list[str]) -> None:
    """Linters, type check, import contracts, then the test suite."""
    steps: list[tuple[str, list[str]]] = [
        ("ruff check", [str(venv_bin("ruff")), "check"]),
        ("ruff format --check", [str(venv_bin("ruff")), "format", "--check"]),
        ("mypy", [str(venv_bin("mypy")), *mypy_args()]),
        ("lint-imports", [str(venv_bin("lint-imports"))]),
    ]
    for title, cmd in steps:
        say(f"[test] {title}")
        code = subprocess.call(cmd, cwd=ROOT)
        if code != 0:
            raise StepFailed(code, f"{title} exited with {code}")
    say("[test] pytest")
    pytest = [str(venv_bin("python")), "-m", "pytest", *pytest_args]
    code = subprocess.call(pytest, cwd=ROOT, env=test_env())
    if code == 5:
        raise StepFailed(1, "pytest collected no tests")
    if code != 0:
        raise StepFailed(code, f"pytest exited with {code}")


def main(argv: list[str] | None = None) -> int:
    """Entry point: ``start`` or ``test`` followed by the arguments to pass on."""
    args = sys.argv[1:] if argv is None else argv
    if not args or args[0] not in EXTRAS:
        say(__doc__ or "")
        return 2
    if sys.version_info < (3, 11):  # noqa: UP036 - the system python may be older
        say(f"Python 3.11 or newer is needed; this is {sys.version.split()[0]}")
        return 1
    os.environ["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"
    try:
        setup(args[0])
        if args[0] == "test":
            cmd_test(args[1:])
            say("[test] all checks passed")
            return 0
        say("[start] starting frontdesk")
        return subprocess.call([str(venv_bin("frontdesk")), *args[1:]])
    except StepFailed as exc:
        if str(exc):
            say(f"[failed] {exc}")
        return exc.code
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
