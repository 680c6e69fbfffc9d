"""Where the program's resources and the user's data live."""

from __future__ import annotations

import sys
from pathlib import Path

APP_NAME = "frontdesk"
APP_AUTHOR = "frontdesk"


def resources_dir() -> Path:
    """The ``resources/`` folder: beside the packages in a checkout, inside the bundle when frozen."""
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        return Path(frozen) / "resources"
    return Path(__file__).resolve().parent.parent / "resources"


def user_data_dir() -> Path:
    """The user's data folder (database, backups by default, logs)."""
    import platformdirs

    path = Path(platformdirs.user_data_dir(APP_NAME, APP_AUTHOR))
    path.mkdir(parents=True, exist_ok=True)
    return path


def user_config_dir() -> Path:
    """The user's settings folder (``settings.json``)."""
    import platformdirs

    path = Path(platformdirs.user_config_dir(APP_NAME, APP_AUTHOR))
    path.mkdir(parents=True, exist_ok=True)
    return path


def default_database_path() -> Path:
    """The embedded SQLite database used when no ``--db`` or setting names another."""
    return user_data_dir() / "frontdesk.db"


def default_backup_dir() -> Path:
    """Where automatic backups go until the admin chooses a folder."""
    path = user_data_dir() / "backups"
    path.mkdir(parents=True, exist_ok=True)
    return path
