"""The callback queue's use cases (``services.callbacks``) and the scheduling the owning modules call.

API for the interfaces:
- ``due_queue(actor=)``: open callbacks due today or overdue, across modules, oldest first.
- ``get(actor=, callback_id=)``, ``for_case(actor=, module=, case_id=)``: callbacks with their calls.
- ``record_call(actor=, client_id=, callback_id=, version=, call=CallbackInput(...))``: one call;
  "closed" and "reopened" finish the callback and tell the owning module, "unreachable" counts
  (three escalate to the supervisor). Whoever handled the case may not call it back unless the
  office setting ``callback_by_handler_allowed`` is on.
- ``month(actor=, month="YYYY-MM")``: the callbacks due in a month (for the export).

Owning modules call :func:`schedule` inside the transaction that closes a case's handling, and
register an outcome handler in ``owners`` (see ``frontdesk.callbacks.owners``).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from datetime import date, datetime, timedelta

import peewee as pw

from frontdesk import audit
from frontdesk.auth import Actor, Permission
from frontdesk.base import find_submitted, update_versioned
from frontdesk.callbacks.models import Callback, CallbackAttempt
from frontdesk.callbacks.owners import CaseOwners
from frontdesk.callbacks.rows import (
    RECORDED_OUTCOMES,
    AttemptRow,
    CallbackInput,
    CallbackMethod,
    CallbackOutcome,
    CallbackRow,
    Satisfaction,
)
from frontdesk.clock import local_today, to_local, utcnow
from frontdesk.db import storage_errors, transaction
from frontdesk.errors import NotFound, PermissionDenied, UserError, ValidationError
from frontdesk.estate.common import check_period, choice, optional_text
from frontdesk.i18n import _
from frontdesk.identity import mask_phone
from frontdesk.office import read_setting

#: unreachable calls after which the callback goes to the supervisor
UNREACHABLE_LIMIT = 3
MAX_WORDS = 1000
_CLOCK_SLACK = timedelta(minutes=5)


def due_moment(now: datetime) -> datetime:
    """When a callback scheduled at ``now`` is due: the office's ``callback_target_hours`` later."""
    return now + timedelta(hours=int(read_setting("callback_target_hours")))


def schedule(
    *,
    module: str,
    case_id: int,
    case_ref: str,
    unit_id: int | None,
    unit_code: str,
    resident_name: str,
    phone: str,
    handled_by: Sequence[str],
    handled_by_name: str,
    now: datetime,
) -> Callback:
    """A callback for a case whose handling just closed (inside the owning module's transaction).

    An open callback of the same case is returned as it is (the handling closed twice).
    """
    open_one = Callback.get_or_none(
        (Callback.module == module) & (Callback.case_id == case_id) & (Callback.status == "open")
    )
    if open_one is not None:
        return open_one
    due = due_moment(now)
    return Callback.create(
        module=module,
        case_id=case_id,
        case_ref=case_ref,
        unit_id=unit_id,
        unit_code=unit_code,
        resident_name=resident_name,
        phone=phone,
        handled_by=" ".join(dict.fromkeys(u for u in handled_by if u))[:200],
        handled_by_name=handled_by_name,
        scheduled_at=now,
        due_at=due,
        due_on=to_local(due).date(),
    )


def _attempt_row(a: CallbackAttempt) -> AttemptRow:
    return AttemptRow(
        a.called_at,
        CallbackMethod(a.method),
        a.caller,
        a.caller_name,
        a.words,
        Satisfaction(a.satisfaction) if a.satisfaction else None,
        CallbackOutcome(a.outcome),
    )


def callback_row(cb: Callback, now: datetime, calls: tuple[AttemptRow, ...] = ()) -> CallbackRow:
    """The row of a callback model (phone masked)."""
    return CallbackRow(
        id=cb.id,
        module=cb.module,
        case_id=cb.case_id,
        case_ref=cb.case_ref,
        unit_id=cb.unit_id,
        unit_code=cb.unit_code,
        resident_name=cb.resident_name,
        phone_masked=mask_phone(cb.phone) if cb.phone else "",
        handled_by=tuple(cb.handled_by.split()),
        handled_by_name=cb.handled_by_name,
        scheduled_at=cb.scheduled_at,
        due_at=cb.due_at,
        due_on=cb.due_on,
        status=cb.status,
        outcome=CallbackOutcome(cb.outcome) if cb.outcome else None,
        attempts=cb.attempts,
        escalated=cb.escalated_at is not None,
        overdue=cb.status == "open" and cb.due_at < now,
        done_at=cb.done_at,
        done_by=cb.done_by,
        version=cb.version,
        calls=calls,
    )


def calls_of(callback_ids: Sequence[int]) -> dict[int, tuple[AttemptRow, ...]]:
    """The calls made for each callback, in order."""
    found: dict[int, list[AttemptRow]] = {i: [] for i in callback_ids}
    if callback_ids:
        query = (
            CallbackAttempt.select()
            .where(CallbackAttempt.callback.in_(list(callback_ids)))
            .order_by(CallbackAttempt.called_at, CallbackAttempt.id)
        )
        for a in query:
            found[a.callback_id].append(_attempt_row(a))
    return {k: tuple(v) for k, v in found.items()}


def _checked(
    call: CallbackInput, now: datetime, scheduled_at: datetime
) -> tuple[str, str, str, str, datetime]:
    method = choice("method", CallbackMethod, call.method)
    outcome = choice("outcome", CallbackOutcome, call.outcome)
    if outcome not in RECORDED_OUTCOMES:
        raise ValidationError("outcome", _("Choose closed, reopened or unreachable."))
    words = optional_text("words", call.words, MAX_WORDS, multiline=True)
    satisfaction = ""
    if outcome is not CallbackOutcome.UNREACHABLE:
        satisfaction = choice("satisfaction", Satisfaction, call.satisfaction).value
        if not words:
            raise ValidationError("words", _("Write down what the resident said."))
        if satisfaction == Satisfaction.DISSATISFIED and outcome is CallbackOutcome.CLOSED:
            raise ValidationError("outcome", _("A dissatisfied resident's case is reopened, not closed."))
    called_at = call.called_at or now
    if called_at > now + _CLOCK_SLACK:
        raise ValidationError("called_at", _("The call cannot be in the future."))
    if called_at < scheduled_at - _CLOCK_SLACK:
        raise ValidationError("called_at", _("The call cannot be before the handling was finished."))
    return method.value, outcome.value, satisfaction, words, called_at


class CallbackService:
    """The callback queue shared by every module that closes cases."""

    def __init__(
        self, *, today: Callable[[], date] = local_today, now: Callable[[], datetime] = utcnow
    ) -> None:
        self._today = today
        self._now = now
        self.owners = CaseOwners()

    def today(self) -> date:
        """The desk's date."""
        return self._today()

    def now(self) -> datetime:
        """The current moment, naive UTC."""
        return self._now()

    def due_queue(self, *, actor: Actor, limit: int = 500) -> list[CallbackRow]:
        """Open callbacks due today or overdue, across modules, the longest waiting first.

        Raises:
            PermissionDenied: the actor may not do desk work.
        """
        actor.require(Permission.DESK_WORK)
        now = self.now()
        with storage_errors():
            query = (
                Callback.select()
                .where((Callback.status == "open") & (Callback.due_on <= self.today()))
                .order_by(Callback.due_at, Callback.id)
                .limit(limit)
            )
            return [callback_row(cb, now) for cb in query]

    def get(self, *, actor: Actor, callback_id: int) -> CallbackRow:
        """One callback with its calls.

        Raises:
            PermissionDenied: the actor may not do desk work.
            NotFound: no such callback.
        """
        actor.require(Permission.DESK_WORK)
        with storage_errors():
            cb = Callback.get_or_none(Callback.id == callback_id)
            if cb is None:
                raise NotFound(_("The callback no longer exists."))
            return callback_row(cb, self.now(), calls_of([cb.id])[cb.id])

    def for_case(self, *, actor: Actor, module: str, case_id: int) -> list[CallbackRow]:
        """Every callback of one case, oldest first, with their calls.

        Raises:
            PermissionDenied: the actor may not do desk work.
        """
        actor.require(Permission.DESK_WORK)
        with storage_errors():
            found = list(
                Callback.select()
                .where((Callback.module == module) & (Callback.case_id == case_id))
                .order_by(Callback.id)
            )
            calls = calls_of([cb.id for cb in found])
            return [callback_row(cb, self.now(), calls[cb.id]) for cb in found]

    def month(self, *, actor: Actor, month: str) -> list[CallbackRow]:
        """The callbacks due in a month (``YYYY-MM``; ``""`` for all), with their calls, in due order.

        Raises:
            PermissionDenied: the actor may not do desk work.
            ValidationError: ``month`` is not YYYY-MM.
        """
        actor.require(Permission.DESK_WORK)
        query = Callback.select().order_by(Callback.due_at, Callback.id)
        if month:
            query = query.where(in_month(Callback.due_on, check_period("month", month)))
        with storage_errors():
            found = list(query)
            calls = calls_of([cb.id for cb in found])
            return [callback_row(cb, self.now(), calls[cb.id]) for cb in found]

    def record_call(
        self, *, actor: Actor, client_id: str, callback_id: int, version: int, call: CallbackInput
    ) -> CallbackRow:
        """Record one call for a callback, and tell the owning module what it made of the case.

        Args:
            actor: who called (desk work); not one who handled the case unless the office allows it.
            client_id: the form's submission id; a retry with it records once.
            callback_id: the callback.
            version: the version the form read (a stale one: "changed by X at T").
            call: method, what the resident said, satisfaction and outcome.

        Returns:
            The callback as it stands after the call.

        Raises:
            PermissionDenied: no desk work, or the actor handled the case.
            NotFound: no such callback.
            UserError: the callback is already done.
            Conflict: someone else recorded a call meanwhile.
            ValidationError: ``method``, ``words``, ``satisfaction``, ``outcome`` or ``called_at``.
        """
        actor.require(Permission.DESK_WORK)
        now = self.now()
        with transaction():
            if find_submitted(CallbackAttempt, client_id) is not None:
                return self.get(actor=actor, callback_id=callback_id)
            cb = Callback.get_or_none(Callback.id == callback_id)
            if cb is None:
                raise NotFound(_("The callback no longer exists."))
            if cb.status != "open":
                raise UserError(_("The callback of {ref} is already done.").format(ref=cb.case_ref))
            if actor.username in cb.handled_by.split() and not read_setting("callback_by_handler_allowed"):
                raise PermissionDenied(
                    _("You handled {ref}: a colleague must make its callback.").format(ref=cb.case_ref)
                )
            method, outcome, satisfaction, words, called_at = _checked(call, now, cb.scheduled_at)
            changes: dict[str, object] = {}
            told: CallbackOutcome | None = None
            if outcome == CallbackOutcome.UNREACHABLE:
                changes["attempts"] = cb.attempts + 1
                if cb.attempts + 1 >= UNREACHABLE_LIMIT and cb.escalated_at is None:
                    changes["escalated_at"] = now
                    told = CallbackOutcome.ESCALATED
            else:
                changes.update(
                    status="done",
                    outcome=outcome,
                    done_at=now,
                    done_on=to_local(now).date(),
                    done_by=actor.username,
                )
                told = CallbackOutcome(outcome)
            update_versioned(Callback, cb.id, version, changes, by=actor.username)
            CallbackAttempt.create(
                client_id=uuid.UUID(str(client_id)),
                callback=cb.id,
                called_at=called_at,
                method=method,
                caller=actor.username,
                caller_name=actor.display_name,
                words=words,
                satisfaction=satisfaction,
                outcome=outcome,
                updated_by=actor.username,
            )
            audit.record(
                actor,
                "callback",
                "callback",
                cb.id,
                before={"status": cb.status, "attempts": cb.attempts},
                after={
                    "case": f"{cb.module}:{cb.case_ref}",
                    "method": method,
                    "satisfaction": satisfaction,
                    "outcome": outcome,
                    **{k: v for k, v in changes.items() if k in ("status", "attempts", "escalated_at")},
                },
            )
            if told is not None:
                self.owners.tell(actor, cb.module, cb.case_id, told, now)
        return self.get(actor=actor, callback_id=callback_id)


def month_bounds(period: str) -> tuple[date, date]:
    """The first day of the month ``YYYY-MM`` and the first day of the next."""
    year, month = int(period[:4]), int(period[5:7])
    first = date(year, month, 1)
    after = date(year + (month == 12), month % 12 + 1, 1)
    return first, after


def in_month(column: pw.Field, period: str) -> pw.Expression:
    """``column`` (a date) falls in the month ``YYYY-MM``."""
    first, after = month_bounds(period)
    return (column >= first) & (column < after)
