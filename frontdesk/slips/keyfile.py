"""The key of release slips' verification codes and seals, kept in a file outside the database.

Whoever can write to the database could otherwise recompute a slip's code after changing its goods
or status: the key lives in a file beside the user's data (``slip-code.key``), shared by the desks
of one office (the office's file server, or a copy on each PC, named in this PC's settings as
``slip_key_file``). The database keeps a fingerprint of the key, never the key: a desk whose file is
missing or different is told so plainly.

Databases made before the key moved out hold it in ``slip_secret``; the first desk to use such a
database writes it to its key file and blanks it in the database.
"""

from __future__ import annotations

import hashlib
import hmac
from pathlib import Path

from frontdesk.errors import UserError
from frontdesk.i18n import _
from frontdesk.keyfiles import KeyFileUnreadable, KeyRing, read_key, write_key
from frontdesk.slips.models import SlipSecret

KEY_FILE_NAME = "slip-code.key"
LEGACY_NAME = "verification_key"  # the key itself, in databases made before it moved out
CHECK_NAME = "verification_key_check"  # the key's fingerprint


class SlipKeyProblem(UserError):
    """The slip key file is missing, unreadable, or not the one this database's slips were made with."""


def key_check(key: bytes) -> str:
    """A fingerprint of the key itself, stored in the database to recognise the right key file."""
    return hashlib.sha256(b"frontdesk slip code key check\0" + key).hexdigest()


def legacy_key() -> bytes | None:
    """The key a database made before it moved out still holds (None when there is none)."""
    row = SlipSecret.get_or_none(SlipSecret.name == LEGACY_NAME)
    return bytes.fromhex(row.value) if row is not None and row.value else None


def _read(path: Path) -> bytes:
    try:
        return read_key(path)
    except KeyFileUnreadable as exc:
        if exc.reason:
            message = _("The release slips' key file {path} cannot be read ({error}).").format(
                path=path, error=exc.reason
            )
        else:
            message = _("The release slips' key file {path} is damaged.").format(path=path)
        raise SlipKeyProblem(message) from exc


def _missing(path: Path) -> SlipKeyProblem:
    return SlipKeyProblem(
        _(
            "The release slips' key file {path} is missing, but this database's slips were made with "
            "one. Copy the office's key file there (from the desk that set up the database), or set "
            "its path in this PC's settings. Slips cannot be issued or checked until then."
        ).format(path=path)
    )


def _different(path: Path) -> SlipKeyProblem:
    return SlipKeyProblem(
        _(
            "The release slips' key file {path} is not the one this database's slips were made with "
            "(another office's key?). Copy the office's key file there, or set its path in this PC's "
            "settings. Slips cannot be issued or checked until then."
        ).format(path=path)
    )


class SlipKeyRing(KeyRing):
    """Reads the key (made for a database without slips yet) and checks it against the database."""

    file_name = KEY_FILE_NAME

    def key(self) -> bytes:
        """The key, checked against the database's fingerprint of it; call inside a transaction.

        Raises:
            SlipKeyProblem: the file is missing while the database was used with one, cannot be
                read, or holds another key than the one this database's slips were made with.
        """
        recorded = SlipSecret.get_or_none(SlipSecret.name == CHECK_NAME)
        old = legacy_key()
        if self._key is None:
            self._key = self._load(recorded is not None, old)
        check = key_check(self._key)
        if old is not None and not hmac.compare_digest(key_check(old), check):
            self._key = None
            raise _different(self.path)
        if recorded is None:
            SlipSecret.insert(name=CHECK_NAME, value=check).on_conflict_ignore().execute()
        elif not hmac.compare_digest(recorded.value, check):
            self._key = None  # read the file again next time: it may be replaced meanwhile
            raise _different(self.path)
        if old is not None:  # moved out: a copied database alone no longer forges codes
            SlipSecret.update(value="").where(SlipSecret.name == LEGACY_NAME).execute()
        return self._key

    def _load(self, recorded: bool, old: bytes | None) -> bytes:
        if self.path.exists():
            return _read(self.path)
        if old is not None:
            write_key(self.path, old)
            return old
        if recorded:
            raise _missing(self.path)
        return write_key(self.path)
