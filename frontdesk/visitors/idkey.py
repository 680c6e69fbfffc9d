"""The key of visitors' ID fingerprints, kept in a file outside the database.

A recorded ID number is stored masked, with an HMAC-SHA256 fingerprint so that a returning visitor
(or a watch-list entry) still matches when the number is typed again. The key lives in a file, not in
the database, so a copied database alone cannot be used to test guessed numbers against the
fingerprints. Several desks sharing one PostgreSQL server point at one key file (on the office's file
server, or a copy on each PC) through this PC's settings (``visitor_key_file``).

The database keeps a fingerprint of the key (never the key): a desk whose key file is missing or
different is told so plainly, and matching by ID is off there, instead of silently never matching.
"""

from __future__ import annotations

import hashlib
import hmac
from pathlib import Path

from frontdesk import identity
from frontdesk.errors import UserError
from frontdesk.i18n import _
from frontdesk.keyfiles import KeyFileUnreadable, KeyRing, read_key, write_key
from frontdesk.visitors.models import VisitorKeyCheck

KEY_FILE_NAME = "visitor-id.key"
_CHECK_NAME = "visitor_id_key"


class IdKeyProblem(UserError):
    """The key file is missing, unreadable or not the one this database's fingerprints were made with."""


def key_check(key: bytes) -> str:
    """A fingerprint of the key itself, stored in the database to recognise the right key file."""
    return hashlib.sha256(b"frontdesk visitor id key check\0" + key).hexdigest()


def compact_id(number: str) -> str:
    """The ID number as hashed: ASCII letters and digits, upper case (``A123456(3)`` → ``A1234563``)."""
    return "".join(ch for ch in identity.normalize(number).upper() if ch.isascii() and ch.isalnum())


def _read(path: Path) -> bytes:
    try:
        return read_key(path)
    except KeyFileUnreadable as exc:
        if exc.reason:
            message = _("The visitors' ID key file {path} cannot be read ({error}).").format(
                path=path, error=exc.reason
            )
        else:
            message = _("The visitors' ID key file {path} is damaged.").format(path=path)
        raise IdKeyProblem(message) from exc


class IdKeyRing(KeyRing):
    """Reads the key (made for a database without fingerprints yet) and checks it against the database."""

    file_name = KEY_FILE_NAME

    def key(self) -> bytes:
        """The key, checked against the database's record of it.

        Raises:
            IdKeyProblem: the file is missing while the database already has fingerprints, cannot
                be read, or holds another key than the one the database's fingerprints were made with.
        """
        recorded = VisitorKeyCheck.get_or_none(VisitorKeyCheck.name == _CHECK_NAME)
        if self._key is None:
            if self.path.exists():
                self._key = _read(self.path)
            elif recorded is not None:
                raise IdKeyProblem(
                    _(
                        "The visitors' ID key file {path} is missing, but this database holds ID "
                        "fingerprints made with one. Copy the office's key file there, or set its path "
                        "in this PC's settings. Matching by ID number is off until then."
                    ).format(path=self.path)
                )
            else:
                self._key = write_key(self.path)
        check = key_check(self._key)
        if recorded is None:
            VisitorKeyCheck.insert(name=_CHECK_NAME, fingerprint=check).on_conflict_ignore().execute()
        elif not hmac.compare_digest(recorded.fingerprint, check):
            self._key = None  # read the file again next time: it may be replaced meanwhile
            raise IdKeyProblem(
                _(
                    "The visitors' ID key file {path} is not the one this database's ID fingerprints "
                    "were made with (another desk's key?). Copy the office's key file there, or set its "
                    "path in this PC's settings. Matching by ID number is off until then."
                ).format(path=self.path)
            )
        return self._key

    def fingerprint(self, number: str) -> str:
        """The keyed fingerprint of an ID number (raises :class:`IdKeyProblem` as :meth:`key` does)."""
        return hmac.new(self.key(), compact_id(number).encode("ascii"), hashlib.sha256).hexdigest()
