"""Reading slips: the list with keyset paging, one slip in detail, Today's counts, a unit's recent slips."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, timedelta
from typing import Any, cast

import peewee as pw

from frontdesk.auth import Actor, Permission
from frontdesk.db import storage_errors
from frontdesk.errors import ValidationError
from frontdesk.estate.common import check_period
from frontdesk.i18n import _
from frontdesk.identity import mask_phone
from frontdesk.slips import text_index
from frontdesk.slips.common import EXPIRING, SlipBase, get_slip, item_lines, slip_row
from frontdesk.slips.models import ReleaseSlip, SlipConfirmation
from frontdesk.slips.rows import (
    ConfirmationAnswer,
    ConfirmationRow,
    SlipCounts,
    SlipDetail,
    SlipRow,
    SlipStatus,
)

MAX_PAGE = 5000


def require_desk_or_gate(actor: Actor) -> None:
    """Reading slips is allowed at the desk and at the gate."""
    if not actor.can(Permission.GATE):
        actor.require(Permission.DESK_WORK)


def month_range(month: str) -> tuple[date, date]:
    """The first and last day of ``YYYY-MM`` (ValidationError on ``month`` otherwise)."""
    first = date.fromisoformat(check_period("month", month) + "-01")
    following = (first + timedelta(days=32)).replace(day=1)
    return first, following - timedelta(days=1)


def status_condition(status: str, today: date) -> Any:
    """The condition selecting slips that read as ``status`` today (expiry is computed, not stored)."""
    try:
        wanted = SlipStatus(status)
    except ValueError:
        raise ValidationError("status", _("Not a slip status: {status}").format(status=status)) from None
    if wanted is SlipStatus.EXPIRED:
        return ReleaseSlip.status.in_(EXPIRING) & (ReleaseSlip.valid_until < today)
    if wanted.value in EXPIRING:
        return (ReleaseSlip.status == wanted.value) & (ReleaseSlip.valid_until >= today)
    return ReleaseSlip.status == wanted.value


class ReadingService(SlipBase):
    """Lists, details and counts."""

    def list_slips(
        self,
        *,
        actor: Actor,
        day: date | None = None,
        month: str | None = None,
        status: str | None = None,
        text: str = "",
        limit: int = 200,
        before: tuple[datetime, int] | None = None,
    ) -> list[SlipRow]:
        """Slips newest first, filtered; pass the last row's ``page_key`` as ``before`` for the next page.

        Args:
            actor: who looks (desk or gate).
            day: only slips issued on this desk date.
            month: only slips issued in ``YYYY-MM``.
            status: a ``SlipStatus`` value as read today ("expired" included).
            text: part of the number or applicant name, or the start of the unit code.
            limit: at most this many rows (1 to 5000).
            before: ``(issued_at, id)`` of the last row already shown.

        Raises:
            PermissionDenied: the actor may neither do desk work nor work at the gate.
            ValidationError: on ``month`` or ``status``.
        """
        require_desk_or_gate(actor)
        today = self.today()
        query = ReleaseSlip.select()
        if day is not None:
            query = query.where(ReleaseSlip.issued_on == day)
        if month:
            first, last = month_range(month)
            query = query.where(ReleaseSlip.issued_on.between(first, last))
        if status:
            query = query.where(status_condition(status, today))
        if before is not None:
            at, last_id = before
            query = query.where(
                (ReleaseSlip.issued_at < at) | ((ReleaseSlip.issued_at == at) & (ReleaseSlip.id < last_id))
            )
        limit = max(1, min(limit, MAX_PAGE))
        with storage_errors():
            if text.strip():  # read through the text index: see frontdesk.slips.text_index
                found = text_index.newest(query, text.strip(), limit)
            else:
                found = list(query.order_by(ReleaseSlip.issued_at.desc(), ReleaseSlip.id.desc()).limit(limit))
            return [slip_row(s, today) for s in found]

    def get(self, *, actor: Actor, number: str) -> SlipDetail:
        """One slip with its goods and the calls made to its owners (phones masked).

        Raises:
            PermissionDenied: the actor may neither do desk work nor work at the gate.
            NotFound: no such slip.
        """
        require_desk_or_gate(actor)
        with storage_errors():
            slip = get_slip(number)
            calls = SlipConfirmation.select().where(SlipConfirmation.slip == slip.id)
            confirmations = tuple(
                ConfirmationRow(
                    c.owner_resident_id,
                    c.owner_name,
                    mask_phone(c.phone) if c.phone else "",
                    c.called_at,
                    ConfirmationAnswer(c.answer),
                    c.note,
                    c.recorded_by,
                    c.recorded_at,
                )
                for c in calls.order_by(SlipConfirmation.called_at, SlipConfirmation.id)
            )
            return SlipDetail(slip_row(slip, self.today()), item_lines(slip.id), confirmations)

    def today_counts(self, *, actor: Actor, day: date | None = None) -> SlipCounts:
        """The day's slips for the Today tiles (default: today).

        ``issued`` counts usable slips made that day (issued, later used, voided or expired),
        ``pending`` those made that day still waiting for the owner, ``refused`` those the owner
        refused, ``expired`` those made that day that expired unused (or unconfirmed), ``used`` and
        ``voided`` what happened that day, whenever the slip was made.

        Raises:
            PermissionDenied: the actor may neither do desk work nor work at the gate.
        """
        require_desk_or_gate(actor)
        today = self.today()
        wanted = day if day is not None else today
        expired = ReleaseSlip.status.in_(EXPIRING) & (ReleaseSlip.valid_until < today)
        query = (
            ReleaseSlip.select(ReleaseSlip.status, expired.alias("expired"), pw.fn.COUNT(ReleaseSlip.id))
            .where(ReleaseSlip.issued_on == wanted)
            .group_by(ReleaseSlip.status, expired)
        )
        with storage_errors():
            made: dict[tuple[str, bool], int] = {}
            for stored, is_expired, count in cast(Iterable[tuple[str, Any, int]], query.tuples()):
                made[stored, bool(is_expired)] = made.get((stored, bool(is_expired)), 0) + int(count)
            used = ReleaseSlip.select().where(ReleaseSlip.used_on == wanted).count()
            voided = ReleaseSlip.select().where(ReleaseSlip.voided_on == wanted).count()

        def total(*statuses: SlipStatus, expired: bool | None = None) -> int:
            flags = (False, True) if expired is None else (expired,)
            return sum(made.get((s.value, flag), 0) for s in statuses for flag in flags)

        return SlipCounts(
            issued=total(SlipStatus.ISSUED, SlipStatus.USED, SlipStatus.VOIDED),
            used=used,
            pending=total(SlipStatus.PENDING, expired=False),
            refused=total(SlipStatus.REFUSED),
            voided=voided,
            expired=total(SlipStatus.ISSUED, SlipStatus.PENDING, expired=True),
        )

    def recent_for_unit(self, *, actor: Actor, unit_id: int, limit: int = 5) -> list[SlipRow]:
        """The unit's latest slips, newest first (for the unit panel).

        Raises:
            PermissionDenied: the actor may not do desk work.
        """
        actor.require(Permission.DESK_WORK)
        query = (
            ReleaseSlip.select()
            .where(ReleaseSlip.unit == unit_id)
            .order_by(ReleaseSlip.issued_at.desc(), ReleaseSlip.id.desc())
            .limit(max(1, min(limit, 100)))
        )
        with storage_errors():
            return [slip_row(s, self.today()) for s in query]
