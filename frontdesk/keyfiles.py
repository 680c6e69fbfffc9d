"""Secret keys kept in files outside the database (the visitors' ID key, the release slips' key).

A copied database alone must not be enough to forge or test what a key protects, so a key lives in
a file beside the user's data, shared by the desks of one office; the database keeps only a
fingerprint of it. This module reads and writes such files; each key's owner says what a missing or
different file means in its own words.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

KEY_BYTES = 32
_SHORTEST = 16  # bytes: a shorter key is a damaged file


class KeyFileUnreadable(Exception):
    """The key file cannot be read, or does not hold a key (``reason`` says which)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def read_key(path: Path) -> bytes:
    """The key a file holds (hex on one line).

    Raises:
        KeyFileUnreadable: the file cannot be read, or is too short to be a key.
    """
    try:
        key = bytes.fromhex(path.read_text(encoding="ascii").strip())
    except (OSError, ValueError, UnicodeDecodeError) as exc:
        raise KeyFileUnreadable(str(exc)) from exc
    if len(key) < _SHORTEST:
        raise KeyFileUnreadable("")
    return key


def write_key(path: Path, key: bytes | None = None) -> bytes:
    """Write ``key`` (a new random one when None) readable by this user only, never overwriting an
    existing file; returns the key written."""
    chosen = key if key is not None else secrets.token_bytes(KEY_BYTES)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="ascii") as fh:
        fh.write(chosen.hex() + "\n")
    return chosen


class KeyRing:
    """The key file one kind of key lives in: the file named in this PC's settings, else
    ``file_name`` in the user's data folder; the key is read once and kept for the run."""

    file_name = ""

    def __init__(self, path: Path | None = None) -> None:
        self._path = path
        self._key: bytes | None = None

    @property
    def path(self) -> Path:
        """The key file in use."""
        if self._path is None:
            from frontdesk.paths import user_data_dir  # the platform's folders: looked up on first use

            self._path = user_data_dir() / self.file_name
        return self._path
