"""Closing a month: the month's amounts become charges on the units' accounts; later corrections.

A month closes only when every active meter has its reading and every flag is confirmed or
corrected. Closing posts, per unit and kind, one charge of the sum of its lines (own meters and
shares of public meters), keeps the units' balances in step (``unit_balances``) and locks the
month. A correction after that is an adjustment: a charge (or, negative, a credit) of kind
"other" for the month, with its reason, never a change to the closed readings.
"""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal

import peewee as pw

from frontdesk import audit
from frontdesk.auth import Actor, Permission
from frontdesk.base import find_submitted
from frontdesk.bulk import SUBMITTED_COLUMNS, id_ranges, insert_returning_ids
from frontdesk.db import storage_errors, transaction
from frontdesk.errors import Conflict, UserError, ValidationError
from frontdesk.estate import unit_balances
from frontdesk.estate.common import choice, client_uuid, get_or_missing, required_text, tuples
from frontdesk.estate.kinds import ChargeKind
from frontdesk.estate.models import Charge, Unit
from frontdesk.i18n import _
from frontdesk.money import MAX_FEN
from frontdesk.utilities.common import UtilityBase, month_of, month_status, shift
from frontdesk.utilities.kinds import MeterKind, MonthStatus, label, usage_unit
from frontdesk.utilities.models import UtilityAdjustment, UtilityMonth
from frontdesk.utilities.rows import AdjustmentRow, CloseResult, MonthRow, UtilityTable
from frontdesk.utilities.table import month_table

_CHARGE_COLUMNS = (
    *("unit_id", "kind", "period", "description", "amount_fen", "due_date", "voided", "void_reason"),
    *SUBMITTED_COLUMNS,
)
CHARGE_KINDS = {
    MeterKind.WATER: ChargeKind.WATER,
    MeterKind.ELECTRICITY: ChargeKind.ELECTRICITY,
    MeterKind.GAS: ChargeKind.GAS,
}


def amounts(table: UtilityTable) -> dict[tuple[int, MeterKind], tuple[int, int, Decimal]]:
    """(unit, kind) → (amount in fen, own usage, its share of public meters) of every unit line."""
    found: dict[tuple[int, MeterKind], tuple[int, int, Decimal]] = {}
    for building in table.buildings:
        for line in building.lines:
            if line.unit_id is None:
                continue
            fen, used, shared = found.get((line.unit_id, line.kind), (0, 0, Decimal(0)))
            found[(line.unit_id, line.kind)] = (
                fen + line.amount_fen,
                used + (0 if line.shared else int(line.usage)),
                shared + (Decimal(line.usage) if line.shared else 0),
            )
    return found


def _already_charged(month: str) -> set[tuple[int, str]]:
    kinds = [k.value for k in CHARGE_KINDS.values()]
    query = Charge.select(Charge.unit, Charge.kind).where(
        (Charge.period == month) & Charge.kind.in_(kinds) & ~Charge.voided
    )
    return {(u, k) for u, k in tuples(query)}


def _month_row(m: UtilityMonth | None, month: str) -> MonthRow:
    if m is None:
        return MonthRow(month, MonthStatus.OPEN, None, "", 0, 0)
    return MonthRow(m.month, MonthStatus(m.status), m.closed_at, m.closed_by, m.charges, m.total_fen)


class ClosingService(UtilityBase):
    """The month's table, closing the month, and adjustments after closing."""

    def month_table(self, *, actor: Actor, month: str, building_id: int | None = None) -> UtilityTable:
        """The month's table for one building or all (the rows the documents layer prints).

        Raises:
            PermissionDenied: the actor may not do desk work.
            ValidationError: the month is not ``YYYY-MM``.
        """
        actor.require(Permission.DESK_WORK)
        month = month_of("month", month)
        with storage_errors():
            return month_table(month, building_id)

    def month(self, *, actor: Actor, month: str) -> MonthRow:
        """Whether the month is open or closed, and what closing it posted."""
        actor.require(Permission.DESK_WORK)
        month = month_of("month", month)
        with storage_errors():
            return _month_row(UtilityMonth.get_or_none(UtilityMonth.month == month), month)

    def close_month(self, *, actor: Actor, month: str, due_date: date | None = None) -> CloseResult:
        """Post the month's amounts as charges on the units' accounts and lock the month.

        Args:
            actor: who closes (needs registry editing).
            month: the month, ``YYYY-MM``.
            due_date: when the charges fall due (default: the 15th of the next month).

        Returns:
            How many charges were posted, their total, and how many the accounts already held.

        Raises:
            PermissionDenied: the actor may not edit the registry.
            UserError: the month is closed already, or has unread meters or unresolved flags.
            Conflict: another desk closed it or charged a unit meanwhile (nothing is posted).
        """
        actor.require(Permission.REGISTRY_EDIT)
        month = month_of("month", month)
        nxt = shift(month, 1)
        due = due_date if due_date is not None else date(int(nxt[:4]), int(nxt[5:7]), 15)
        try:
            with transaction():
                return self._close(actor, month, due)
        except pw.IntegrityError:
            raise Conflict(
                _("Another desk was closing {month} at the same moment; nothing was posted.").format(
                    month=month
                )
            ) from None

    def _close(self, actor: Actor, month: str, due: date) -> CloseResult:
        if month_status(month) is MonthStatus.CLOSED:
            raise UserError(_("{month} is closed already.").format(month=month))
        earlier = (
            UtilityMonth.select()
            .where((UtilityMonth.month > month) & (UtilityMonth.status == MonthStatus.CLOSED.value))
            .exists()
        )
        if earlier:
            raise UserError(
                _("A later month is closed already; {month} cannot close after it.").format(month=month)
            )
        table = month_table(month)
        if table.unresolved:
            raise UserError(
                _(
                    "{month} cannot close: {n} readings are missing, or flagged and neither confirmed "
                    "nor corrected."
                ).format(month=month, n=table.unresolved)
            )
        taken = _already_charged(month)
        rows, skipped = [], 0
        for (unit_id, kind), (fen, used, shared) in sorted(amounts(table).items()):
            charge_kind = CHARGE_KINDS[kind]
            if (unit_id, charge_kind.value) in taken:
                skipped += 1
                continue
            if fen <= 0:
                continue
            # the account names the kind beside it (水费 · 2026-11: 12 m³): the text says how much
            text = (
                _("{month}: {usage} {unit}, public share {shared} {unit}").format(
                    month=month, usage=used, shared=shared, unit=usage_unit(kind)
                )
                if shared
                else _("{month}: {usage} {unit}").format(month=month, usage=used, unit=usage_unit(kind))
            )
            rows.append((unit_id, charge_kind.value, month, text[:200], fen, due))
        ids = self._post(actor, rows)
        total = sum(r[4] for r in rows)
        UtilityMonth.insert(
            month=month,
            status=MonthStatus.CLOSED.value,
            closed_at=self.now(),
            closed_by=actor.username,
            charges=len(rows),
            total_fen=total,
            updated_by=actor.username,
        ).on_conflict(
            conflict_target=[UtilityMonth.month],
            update={
                UtilityMonth.status: MonthStatus.CLOSED.value,
                UtilityMonth.closed_at: self.now(),
                UtilityMonth.closed_by: actor.username,
                UtilityMonth.charges: len(rows),
                UtilityMonth.total_fen: total,
                UtilityMonth.version: UtilityMonth.version + 1,
            },
        ).execute()
        audit.record(
            actor,
            "close",
            "utility_month",
            month,
            after={
                "charges": len(rows),
                "total_fen": total,
                "due_date": due,
                "skipped": skipped,
                "charge_ids": id_ranges(ids),
            },
        )
        return CloseResult(month, len(rows), total, skipped)

    def _post(self, actor: Actor, rows: list[tuple[int, str, str, str, int, date]]) -> list[int]:
        now = self.now().isoformat(" ")
        stored = [
            (
                unit_id,
                kind,
                month,
                text,
                fen,
                due.isoformat(),
                False,
                "",
                1,
                now,
                now,
                actor.username,
                uuid.uuid4().hex,
            )
            for unit_id, kind, month, text, fen, due in rows
        ]
        ids = insert_returning_ids("charge", _CHARGE_COLUMNS, stored)
        unit_balances.charges_added((unit_id, due, fen) for unit_id, _k, _m, _t, fen, due in rows)
        return ids

    def adjust(
        self,
        *,
        actor: Actor,
        month: str,
        unit_id: int,
        kind: MeterKind | str,
        amount_fen: int,
        reason: str,
        due_date: date | None = None,
        client_id: uuid.UUID | None = None,
    ) -> AdjustmentRow:
        """Correct a closed month's amount for a unit: an adjustment charge (negative: a credit).

        Args:
            actor: who corrects (needs registry editing).
            month: the closed month.
            unit_id: the unit.
            kind: water, electricity or gas.
            amount_fen: what to add to the unit's account (negative to give back), not 0.
            reason: why (the corrected reading, the mistake found).
            due_date: when it falls due (default: today).
            client_id: the form's submission id (a retry returns the adjustment already saved).

        Raises:
            PermissionDenied: the actor may not edit the registry.
            ValidationError: a field is wrong.
            UserError: the month is not closed (correct the reading instead).
        """
        actor.require(Permission.REGISTRY_EDIT)
        month = month_of("month", month)
        meter_kind = choice("kind", MeterKind, kind)
        why = required_text("reason", reason, 200, _("Say why the closed month is corrected."))
        if (
            isinstance(amount_fen, bool)
            or not isinstance(amount_fen, int)
            or amount_fen == 0
            or abs(amount_fen) > MAX_FEN
        ):
            raise ValidationError(
                "amount_fen", _("Type the adjustment in yuan, not zero (negative to give back).")
            )
        with transaction():
            existing = find_submitted(UtilityAdjustment, client_id)
            if existing is not None:
                return _adjustment_row(existing)
            if month_status(month) is not MonthStatus.CLOSED:
                raise UserError(_("{month} is not closed: correct its reading instead.").format(month=month))
            unit = get_or_missing(Unit, unit_id, _("The unit no longer exists."))
            due = due_date if due_date is not None else self.today()
            text = _("{kind} {month} adjustment: {reason}").format(
                kind=label(meter_kind), month=month, reason=why
            )[:200]
            charge = Charge.create(
                unit=unit.id,
                kind=ChargeKind.OTHER.value,
                period=month,
                description=text,
                amount_fen=amount_fen,
                due_date=due,
                updated_by=actor.username,
            )
            unit_balances.charges_added([(unit.id, due, amount_fen)])
            adjustment = UtilityAdjustment.create(
                month=month,
                unit=unit.id,
                kind=meter_kind.value,
                amount_fen=amount_fen,
                reason=why,
                charge=charge.id,
                updated_by=actor.username,
                client_id=client_uuid(client_id),
            )
            audit.record(
                actor,
                "adjust",
                "utility_adjustment",
                adjustment.id,
                after={
                    "month": month,
                    "unit_id": unit.id,
                    "kind": meter_kind.value,
                    "amount_fen": amount_fen,
                    "reason": why,
                    "charge_id": charge.id,
                },
            )
            return _adjustment_row(adjustment)

    def adjustments(self, *, actor: Actor, month: str) -> list[AdjustmentRow]:
        """The month's adjustments, oldest first."""
        actor.require(Permission.DESK_WORK)
        month = month_of("month", month)
        with storage_errors():
            query = (
                UtilityAdjustment.select()
                .where(UtilityAdjustment.month == month)
                .order_by(UtilityAdjustment.id)
            )
            return [_adjustment_row(a) for a in query]


def _adjustment_row(a: UtilityAdjustment) -> AdjustmentRow:
    return AdjustmentRow(
        a.id,
        a.month,
        a.unit_id,
        Unit.get_by_id(a.unit_id).code,
        MeterKind(a.kind),
        a.amount_fen,
        a.reason,
        a.charge_id,
        a.updated_by,
        a.created_at,
    )
