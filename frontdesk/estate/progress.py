"""Progress and cancelling of long estate work (imports, demo data) driven from another thread."""

from __future__ import annotations

from collections.abc import Callable

from frontdesk.errors import UserError
from frontdesk.i18n import _

#: told ``(done, total)`` as work advances; raising :class:`Cancelled` from it stops the work
Progress = Callable[[int, int], None]


class Cancelled(UserError):
    """The user cancelled long work; what it was writing is rolled back."""

    def __init__(self) -> None:
        super().__init__(_("Cancelled: nothing was imported."))


def no_progress(done: int, total: int) -> None:
    """The progress callback of work nobody watches."""
    del done, total
