"""Settings of this PC (database, language, desk name, backup folder), kept in ``settings.json``.

Office-wide settings shared by every desk live in the database (``frontdesk.office``).
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass, fields, replace
from pathlib import Path

from frontdesk.paths import default_backup_dir, default_database_path, user_config_dir


@dataclass(frozen=True)
class LocalSettings:
    """What this PC remembers between runs."""

    database: str = ""  # empty: the embedded SQLite file in the user's data folder
    language: str = "zh_CN"
    desk_name: str = ""
    backup_dir: str = ""  # empty: the user's data folder
    pdf_font: str = ""  # a TrueType font file for PDFs; empty: found on the system
    visitor_key_file: str = ""  # the visitors' ID key file; empty: in the user's data folder
    slip_key_file: str = ""  # the release slips' code key file; empty: in the user's data folder

    def database_location(self) -> str:
        """The database to open when no ``--db`` is given."""
        return self.database or str(default_database_path())

    def backup_folder(self) -> Path:
        """Where automatic backups go."""
        return Path(self.backup_dir) if self.backup_dir else default_backup_dir()

    def desk(self) -> str:
        """This desk's name for the status bar and the audit trail (the PC name by default)."""
        import socket  # when asked: not every start needs it

        return self.desk_name or socket.gethostname() or "desk"


def settings_file() -> Path:
    """The JSON file holding this PC's settings (``FRONTDESK_CONFIG`` overrides it)."""
    override = os.environ.get("FRONTDESK_CONFIG")
    return Path(override) if override else user_config_dir() / "settings.json"


def load(path: Path | None = None) -> LocalSettings:
    """Read the settings; a missing or unreadable file gives the defaults."""
    file = path or settings_file()
    try:
        data = json.loads(file.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return LocalSettings()
    if not isinstance(data, dict):  # valid JSON but not an object: a damaged file
        return LocalSettings()
    known = {f.name for f in fields(LocalSettings)}
    return replace(LocalSettings(), **{k: v for k, v in data.items() if k in known and isinstance(v, str)})


def save(settings: LocalSettings, path: Path | None = None) -> None:
    """Write the settings atomically."""
    file = path or settings_file()
    file.parent.mkdir(parents=True, exist_ok=True)
    tmp = file.with_suffix(".tmp")
    tmp.write_text(json.dumps(asdict(settings), ensure_ascii=False, indent=2), encoding="utf-8")
    os.replace(tmp, file)
