"""What the parser and every command share: exit codes, the one-line error, the password from
standard input (light: the window's start-up imports it)."""

from __future__ import annotations

import sys
from typing import TextIO

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
