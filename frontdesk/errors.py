"""Errors the core raises: user errors carry a translated message, storage errors wrap the DB."""

from __future__ import annotations


class FrontdeskError(Exception):
    """Base of every error the core raises on purpose."""


class UserError(FrontdeskError):
    """Something the user can fix; ``message`` is already translated."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class ValidationError(UserError):
    """A field holds a bad value; ``field`` names it so the form can show the message beside it."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


class ValidationErrors(UserError):
    """Several fields hold bad values at once (``errors`` maps field name to message)."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__("\n".join(errors.values()))
        self.errors = dict(errors)


class Conflict(UserError):
    """The record changed under the user (another desk saved first), or a duplicate."""


class NotFound(UserError):
    """The record asked for does not exist."""


class PermissionDenied(UserError):
    """The signed-in staff member may not do this."""


class StorageError(FrontdeskError):
    """The database cannot be reached or is broken; ``message`` is translated, ``hint`` says what to try."""

    def __init__(self, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


class DatabaseUnreachable(StorageError):
    """The database server or the network does not answer; the next operation connects afresh."""


class SchemaTooNew(StorageError):
    """The database was written by a newer program; it is refused, never altered."""


class AlreadyRunning(StorageError):
    """Another running program already holds this SQLite database."""
