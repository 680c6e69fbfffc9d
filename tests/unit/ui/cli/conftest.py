"""The command-line tests' common ground: their own settings file, ``run`` in-process, a set-up desk."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from ui.app import main

PASSWORD = "cli-password-1"


@pytest.fixture(autouse=True)
def _own_settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FRONTDESK_CONFIG", str(tmp_path / "settings.json"))


def run(monkeypatch: pytest.MonkeyPatch, *args: str, lang: str = "en", stdin: str = "") -> int:
    """``frontdesk ARGS`` in this process, with ``stdin`` as its input; the exit code."""
    monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    return main(["--lang", lang, *args])


def init_desk(monkeypatch: pytest.MonkeyPatch, target: str, office: str = "幸福里物业管理处") -> None:
    """``frontdesk --db TARGET init`` with the administrator ``admin`` (password ``PASSWORD``)."""
    args = ("--db", target, "init", "--office", office, "--admin", "admin", "--password-stdin")
    assert run(monkeypatch, *args, stdin=PASSWORD + "\n") == 0
