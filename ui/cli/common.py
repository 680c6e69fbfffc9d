"""What the parser and every command share: exit codes, the one-line error, the password from
standard input, writing a file whole or not at all (light: the window's start-up imports it)."""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO, TextIO

from frontdesk.i18n import _

EXIT_OK, EXIT_USER, EXIT_STORAGE = 0, 1, 2


class CliError(Exception):
    """A one-line error for the command line."""


def read_password(stream: TextIO | None = None) -> str:
    """The first line of standard input, without its line break."""
    source = stream if stream is not None else sys.stdin
    line = source.readline()
    password = line.rstrip("\r\n")
    if not password:
        raise CliError(_("No password on standard input."))
    return password


@contextlib.contextmanager
def written(target: Path) -> Iterator[BinaryIO]:
    """A stream whose bytes become ``target`` only when the block succeeds.

    A streamed export writes while it reads: when it fails part-way, the half-written file is
    removed and a file already at ``target`` is left as it was.
    """
    partial = target.with_name(target.name + ".part")
    try:
        with partial.open("wb") as stream:
            yield stream
        os.replace(partial, target)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
