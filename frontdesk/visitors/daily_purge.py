"""The automatic purge: visitors' and release slips' personal data past retention, at most once a day."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from frontdesk.auth import Actor, Permission
from frontdesk.clock import utcnow
from frontdesk.db import storage_errors, transaction
from frontdesk.retention import DailyRun, PurgeReport, purge_moment
from frontdesk.visitors.models import RetentionRun

if TYPE_CHECKING:
    from frontdesk.services import Services

_DAILY = "daily_purge"
EVERY = timedelta(hours=23)  # a little under a day, so the run does not drift later each day


def purge_all(
    services: Services,
    *,
    actor: Actor,
    now: datetime | None = None,
    dry_run: bool = False,
    daily: DailyRun | None = None,
) -> list[PurgeReport]:
    """Purge (or count) visits, slips and complaints past their retention (office settings).

    Args:
        services: the open services.
        actor: who purges: an administrator (or the command line); desk staff only with ``daily``.
        now: the moment retention is counted back from (default: now; never past the present).
        dry_run: only count.
        daily: today's automatic run, claimed by :func:`claim_daily_run`.

    Returns:
        One report per kind of record: visits, release slips, complaints, work orders.
    """
    return [
        services.visitors.purge_personal_data(actor=actor, now=now, dry_run=dry_run, daily=daily),
        services.slips.purge_personal_data(actor=actor, now=now, dry_run=dry_run, daily=daily),
        services.complaints.purge_personal_data(actor=actor, now=now, dry_run=dry_run, daily=daily),
        services.workorders.purge_personal_data(actor=actor, now=now, dry_run=dry_run, daily=daily),
    ]


def claim_daily_run(*, by: str, now: datetime | None = None) -> DailyRun | None:
    """Take today's automatic run for this desk: None when another desk (or this one) ran it within a day.

    One conditional UPDATE decides, so two desks checking at the same moment never both run it.
    """
    moment = now if now is not None else utcnow()
    with transaction():
        RetentionRun.insert(name=_DAILY, last_run=moment - 2 * EVERY, by="").on_conflict_ignore().execute()
        taken = (
            RetentionRun.update(last_run=moment, by=by)
            .where((RetentionRun.name == _DAILY) & (RetentionRun.last_run <= moment - EVERY))
            .execute()
        )
    return DailyRun(by, moment) if taken == 1 else None


def purge_if_due(
    services: Services, *, actor: Actor, now: datetime | None = None
) -> list[PurgeReport] | None:
    """The daily automatic purge, run from the desk's scheduler on the worker thread.

    The clock is checked before the day's run is claimed: a desk whose clock is wrong neither
    purges nor takes the run from a desk whose clock is right.

    Returns:
        The reports, or None when it was not due (or the signed-in role does no desk work: a
        clerk's desk will run it).

    Raises:
        UserError: this desk's clock is more than a day past the newest recorded event.
    """
    if not actor.can(Permission.DESK_WORK):
        return None
    with storage_errors():
        moment = purge_moment(services.visitors.now(), now)
    run = claim_daily_run(by=actor.username, now=moment)
    if run is None:
        return None
    return purge_all(services, actor=actor, now=now, daily=run)
