"""Tests for frontdesk.config: this PC's settings file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from frontdesk import config
from frontdesk.config import LocalSettings


def test_save_and_load_round_trip(tmp_path: Path) -> None:
    file = tmp_path / "conf" / "settings.json"
    settings = LocalSettings(
        database="postgresql://desk@db/frontdesk",
        language="zh_TW",
        desk_name="一号前台",
        backup_dir=str(tmp_path / "备份"),
        pdf_font="/fonts/wqy.ttc",
    )
    config.save(settings, file)
    assert config.load(file) == settings
    assert "一号前台" in file.read_text(encoding="utf-8")  # readable, not \\u escapes
    assert [p.name for p in file.parent.iterdir()] == ["settings.json"]  # no temporary file left


def test_missing_file_gives_defaults(tmp_path: Path) -> None:
    assert config.load(tmp_path / "nothing.json") == LocalSettings()
    assert LocalSettings().language == "zh_CN"


def test_unknown_keys_are_ignored(tmp_path: Path) -> None:
    file = tmp_path / "settings.json"
    file.write_text(json.dumps({"language": "en", "theme": "dark", "desk_name": "B"}), encoding="utf-8")
    assert config.load(file) == LocalSettings(language="en", desk_name="B")


@pytest.mark.parametrize(
    "content",
    [
        "{not json",
        "",
        "\xff\xfe",
        "[1, 2]",
        '"a string"',
        "null",
        '{"language": null}',
        '{"language": ["en"]}',
    ],
)
def test_corrupt_file_gives_defaults(tmp_path: Path, content: str) -> None:
    file = tmp_path / "settings.json"
    file.write_bytes(content.encode("latin-1"))
    loaded = config.load(file)
    assert loaded.language == "zh_CN"
    assert loaded.database == ""


def test_save_replaces_the_previous_file(tmp_path: Path) -> None:
    file = tmp_path / "settings.json"
    config.save(LocalSettings(desk_name="A"), file)
    config.save(LocalSettings(desk_name="B"), file)
    assert config.load(file).desk_name == "B"


def test_environment_variable_names_the_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    file = tmp_path / "elsewhere.json"
    monkeypatch.setenv("FRONTDESK_CONFIG", str(file))
    assert config.settings_file() == file
    config.save(LocalSettings(language="en"))
    assert config.load().language == "en"
    assert file.exists()


def test_defaults_point_into_the_user_folders(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    settings = LocalSettings()
    assert settings.database_location() == str(tmp_path / "data" / "frontdesk" / "frontdesk.db")
    assert settings.backup_folder() == tmp_path / "data" / "frontdesk" / "backups"
    chosen = LocalSettings(database="/srv/x.db", backup_dir=str(tmp_path / "b"), desk_name="前台 2")
    assert chosen.database_location() == "/srv/x.db"
    assert chosen.backup_folder() == tmp_path / "b"
    assert chosen.desk() == "前台 2"
    assert LocalSettings().desk()  # the PC's name when none is set
