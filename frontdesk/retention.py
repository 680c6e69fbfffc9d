"""Retention of personal data: what a purge of one kind of record found and did."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class PurgeReport:
    """The outcome of purging one kind of record's personal data (or of a dry run).

    ``kind`` is a code ("visits", "release_slips"); ``cutoff`` the moment before which records
    are past retention; ``eligible`` how many records were past it and not yet purged, ``held``
    how many of those are kept under a legal hold, ``purged`` how many were (or, on a dry run,
    would be) purged.
    """

    kind: str
    cutoff: datetime
    eligible: int
    held: int
    purged: int
    dry_run: bool = False
