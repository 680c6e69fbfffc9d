"""Files the program writes for the user (exports, PDFs): checked before anything is recorded.

An export is audited in the core before its file is written; a file that then cannot be written
(a folder that does not exist, a folder given as the file, a read-only place) must stop the command
with one clear line before the audit entry, never after it.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

from frontdesk.errors import UserError
from frontdesk.i18n import _


def check_writable(path: Path) -> None:
    """Make sure ``path`` can be written as a file, leaving no trace.

    Raises:
        UserError: the folder does not exist, ``path`` is a folder, or it cannot be written.
    """
    if path.is_dir():
        raise UserError(_("{path} is a folder: give the name of the file to write.").format(path=path))
    folder = path.parent
    if not folder.is_dir():
        raise UserError(_("The folder {folder} does not exist.").format(folder=folder))
    existed = path.exists()
    try:
        with open(path, "ab"):
            pass
    except OSError as exc:
        raise UserError(
            _("Cannot write {path}: {reason}").format(path=path, reason=exc.strerror or exc)
        ) from None
    if not existed:
        with contextlib.suppress(OSError):
            os.unlink(path)
