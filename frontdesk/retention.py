"""Retention of personal data: what a purge of one kind of record found and did."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta


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


#: how far a caller's moment may lie past the present (clocks of two machines disagree a little)
CLOCK_SLACK = timedelta(minutes=5)
#: a desk clock this far past the newest recorded event is taken to be wrong
CLOCK_AHEAD_LIMIT = timedelta(days=1)
#: entries a desk writes as it signs in: stamped by the desk's own clock, so no witness of it
_SELF_STAMPED = ("login", "login_failed", "authorize", "purge")


@dataclass(frozen=True)
class DailyRun:
    """Today's automatic purge, claimed by one desk (only ``claim_daily_run`` makes one)."""

    by: str
    at: datetime


def server_now() -> datetime | None:
    """The PostgreSQL server's clock as naive UTC (None on SQLite, where the desk's clock is the clock)."""
    from frontdesk.db import database_proxy, engine_name

    if engine_name() != "postgresql":
        return None
    row = database_proxy.execute_sql("SELECT now() AT TIME ZONE 'UTC'").fetchone()
    value = row[0]
    return value if isinstance(value, datetime) else datetime.fromisoformat(str(value))


def newest_event() -> datetime | None:
    """When the newest recorded event happened (sign-ins and purges left out), or None."""
    from frontdesk.audit import AuditEntry

    value = (
        AuditEntry.select(AuditEntry.at)
        .where(AuditEntry.action.not_in(_SELF_STAMPED))
        .order_by(AuditEntry.at.desc())
        .limit(1)
        .scalar()
    )
    if value is None:
        return None
    return value if isinstance(value, datetime) else datetime.fromisoformat(str(value))


def purge_moment(desk_now: datetime, requested: datetime | None) -> datetime:
    """The moment a purge counts retention back from: never past the present.

    The present is the desk's clock, and on PostgreSQL never later than the server's clock (one
    desk's clock set ahead must not purge the data of every desk sharing the server).

    Args:
        desk_now: the desk's clock, naive UTC.
        requested: the caller's moment (None: the present); refused when past the present.

    Returns:
        The moment to count back from.

    Raises:
        ValidationError: ``requested`` lies in the future.
        UserError: the desk's clock is more than a day past the newest recorded event.
    """
    from frontdesk.clock import format_local
    from frontdesk.errors import UserError, ValidationError
    from frontdesk.i18n import _

    server = server_now()
    present = min(desk_now, server) if server is not None else desk_now
    if requested is not None and requested > present + CLOCK_SLACK:
        raise ValidationError(
            "now",
            _("A purge cannot count from a moment in the future ({when}); nothing was purged.").format(
                when=format_local(requested)
            ),
        )
    newest = newest_event()
    if newest is not None and present > newest + CLOCK_AHEAD_LIMIT:
        raise UserError(
            _(
                "This computer's clock says {now}, more than a day after the newest recorded event "
                "({newest}): check the date and time. Nothing was purged."
            ).format(now=format_local(present), newest=format_local(newest))
        )
    return requested if requested is not None else present
