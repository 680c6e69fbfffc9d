"""Time as the program records it: naive UTC in the database, local time on screen and paper."""

from __future__ import annotations

from datetime import UTC, date, datetime


def utcnow() -> datetime:
    """The current time as naive UTC, the form every timestamp column stores."""
    return datetime.now(UTC).replace(tzinfo=None)


def to_local(moment: datetime) -> datetime:
    """A stored naive-UTC timestamp in the PC's local time zone (naive)."""
    return moment.replace(tzinfo=UTC).astimezone().replace(tzinfo=None)


def local_today() -> date:
    """Today's date where the desk is."""
    return datetime.now().date()


def month_of(day: date) -> str:
    """``YYYY-MM`` of a day: how a month is typed, stored and printed."""
    return f"{day.year:04d}-{day.month:02d}"


def format_local(moment: datetime | None) -> str:
    """``2026-11-25 14:03`` in local time, or an empty string."""
    if moment is None:
        return ""
    return to_local(moment).strftime("%Y-%m-%d %H:%M")
