"""Retention of visitors' personal data: the purge, legal holds, and the supervisor's reveal."""

from __future__ import annotations

from datetime import datetime, timedelta

import peewee as pw

from frontdesk import audit
from frontdesk.auth import Actor, Permission, confirm
from frontdesk.db import storage_errors, transaction
from frontdesk.errors import NotFound
from frontdesk.i18n import _
from frontdesk.office import read_setting
from frontdesk.retention import DailyRun, PurgeReport, purge_moment
from frontdesk.visitors import rules
from frontdesk.visitors.common import VisitorBase, one_row
from frontdesk.visitors.models import Visit, Visitor, VisitorNameKey
from frontdesk.visitors.rows import RevealedContact, VisitRow

DEFAULT_BATCH = 5000
_BLANK_VISITOR = {
    "name": "",
    "phone": "",
    "phone_digits": "",
    "phone_suffix4": "",
    "id_type": "",
    "id_number_masked": "",
    "id_last4": "",
    "id_hash": "",
}


def _eligible(cutoff: datetime) -> pw.Expression:
    return Visit.purged_at.is_null() & (Visit.time_in < cutoff)


def _purge_batch(ids: list[int], cutoff: datetime, now: datetime) -> int:
    """Blank one batch of visits and the visitors who have no later or held visit; returns visitors purged."""
    Visit.update(plate="", purpose_note="", release_reason="", purged_at=now).where(
        Visit.id.in_(ids)
    ).execute()
    held = Visit.select(Visit.visitor).where(Visit.legal_hold)  # the partial index of migration 3
    people = (
        Visitor.select(Visitor.id)
        .join(Visit, on=(Visit.visitor == Visitor.id))
        .where(Visit.id.in_(ids) & Visitor.purged_at.is_null() & (Visitor.last_visit_at < cutoff))
        .where(Visitor.id.not_in(held))
        .distinct()
    )
    visitor_ids = [v.id for v in people]
    if visitor_ids:
        Visitor.update(**_BLANK_VISITOR, purged_at=now).where(Visitor.id.in_(visitor_ids)).execute()
        VisitorNameKey.delete().where(VisitorNameKey.visitor.in_(visitor_ids)).execute()
    return len(visitor_ids)


class RetentionService(VisitorBase):
    """Purging personal data past the office's retention; holds for visits under investigation."""

    def purge_personal_data(
        self,
        *,
        actor: Actor,
        now: datetime | None = None,
        dry_run: bool = False,
        batch_size: int = DEFAULT_BATCH,
        daily: DailyRun | None = None,
    ) -> PurgeReport:
        """Remove names, phones, ID data and plates of visits older than the retention period.

        Counts, purposes, hosts and times stay for statistics; visits under a legal hold (and their
        visitor's details) are kept. Work goes in batches of ``batch_size`` visits, each its own
        transaction with its own audit entry, so a large first purge never holds the database long.

        Args:
            actor: who purges: an administrator (or the command line), or, for the daily
                automatic run, desk staff.
            now: the moment the retention is counted back from (default: now); never past the
                present (on PostgreSQL the server's clock).
            dry_run: only count what would be purged.
            batch_size: visits per transaction.
            daily: today's automatic run, claimed by ``claim_daily_run``.

        Returns:
            What was (or would be) purged.

        Raises:
            PermissionDenied: not an administrator (nor desk staff running the daily purge), or
                not so in the staff table now.
            ValidationError: ``now`` lies in the future.
            UserError: the desk's clock is more than a day past the newest recorded event.
        """
        confirm(actor, Permission.PURGE if daily is None else Permission.DESK_WORK)
        with storage_errors():
            moment = purge_moment(self.now(), now)
        cutoff = moment - timedelta(days=int(read_setting("visitor_retention_days")))
        with storage_errors():
            eligible = Visit.select().where(_eligible(cutoff)).count()
            held = Visit.select().where(_eligible(cutoff) & Visit.legal_hold).count()
        purged = 0
        while not dry_run:
            with transaction():
                # oldest first along the (purged_at, time_in) index: purged rows are never read again
                query = Visit.select(Visit.id).where(_eligible(cutoff) & ~Visit.legal_hold)
                ids = [v.id for v in query.order_by(Visit.time_in, Visit.id).limit(max(1, batch_size))]
                if not ids:
                    break
                people = _purge_batch(ids, cutoff, moment)
                purged += len(ids)
                audit.record(
                    actor,
                    "purge",
                    "visit",
                    f"{ids[0]}-{ids[-1]}",
                    after={"visits": len(ids), "visitors": people},
                )
        return PurgeReport("visits", cutoff, eligible, held, eligible - held if dry_run else purged, dry_run)

    def set_legal_hold(self, *, actor: Actor, visit_id: int, hold: bool, reason: str = "") -> VisitRow:
        """Keep a visit (and its visitor's details) out of the purge while it is under investigation.

        Raises:
            PermissionDenied: not a supervisor.
            ValidationError: no reason for a hold.
            NotFound: no such visit.
        """
        confirm(actor, Permission.OVERRIDE)
        why = (
            rules.required_short_text("hold_reason", reason, 500, _("Say why the visit is held."))
            if hold
            else ""
        )
        with transaction():
            visit = Visit.get_or_none(Visit.id == visit_id)
            if visit is None:
                raise NotFound(_("The visit no longer exists."))
            visit.legal_hold, visit.hold_reason, visit.updated_by = hold, why, actor.username
            visit.save()
            audit.record(actor, "legal_hold", "visit", visit.id, after={"hold": hold, "reason": why})
            return one_row(visit.id)

    def reveal_id(self, *, actor: Actor, visit_id: int, reason: str) -> RevealedContact:
        """Show a supervisor the visitor's full phone (the ID number is only ever kept masked); audited.

        Raises:
            PermissionDenied: not a supervisor.
            ValidationError: no reason.
            NotFound: no such visit, or its personal data was purged.
        """
        confirm(actor, Permission.OVERRIDE)
        why = rules.required_short_text("reason", reason, 500, _("Say why the full number is needed."))
        with transaction():
            visit = Visit.get_or_none(Visit.id == visit_id)
            person = Visitor.get_or_none(Visitor.id == visit.visitor_id) if visit is not None else None
            if person is None or person.purged_at is not None:
                raise NotFound(_("This visitor's details are no longer kept."))
            audit.record(actor, "reveal", "visitor", person.id, after={"visit": visit_id, "reason": why})
            return RevealedContact(person.id, person.name, person.phone, person.id_number_masked)
