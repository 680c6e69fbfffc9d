"""Times and months as the desk's forms show them: local time on screen, naive UTC to the core."""

from __future__ import annotations

from datetime import UTC, date, datetime

from PySide6.QtCore import QDate, QDateTime, QTime

from frontdesk.clock import to_local, utcnow


def local_qdatetime(moment: datetime | None = None) -> QDateTime:
    """A stored naive-UTC moment (now when None) as the desk's local time, to the minute."""
    local = to_local(moment or utcnow())
    return QDateTime(QDate(local.year, local.month, local.day), QTime(local.hour, local.minute))


def utc_of(value: QDateTime) -> datetime:
    """A local time typed in a field as naive UTC, as the core takes it."""
    typed = value.toPython()
    assert isinstance(typed, datetime)
    return typed.astimezone().astimezone(UTC).replace(tzinfo=None)


def months_back(today: date, count: int) -> list[str]:
    """``YYYY-MM`` of this month and the ``count - 1`` before it, newest first."""
    year, month, found = today.year, today.month, []
    for _n in range(count):
        found.append(f"{year:04d}-{month:02d}")
        year, month = (year - 1, 12) if month == 1 else (year, month - 1)
    return found
