"""Use cases over many units' accounts: monthly management fees, the arrears list, the collection log."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation

import peewee as pw

from frontdesk import audit
from frontdesk.auth import Actor, Permission
from frontdesk.base import find_submitted
from frontdesk.clock import utcnow
from frontdesk.db import storage_errors, transaction
from frontdesk.errors import Conflict, ValidationError
from frontdesk.estate import unit_balances
from frontdesk.estate.arrears_list import ArrearsListRow, ArrearsTotals, list_rows, totals
from frontdesk.estate.balances import (
    OnDay,
    accounts_on,
    balances,
    balances_of,
    late_fee_rate,
    owner_names,
    summaries,
)
from frontdesk.estate.common import (
    EstateBase,
    check_period,
    choice,
    client_uuid,
    get_or_missing,
    optional_text,
    tuples,
)
from frontdesk.estate.kinds import ChargeKind, CollectionMethod, UnitStatus
from frontdesk.estate.ledger import ArrearsRow, CollectionRow
from frontdesk.estate.models import Building, Charge, CollectionLog, Unit
from frontdesk.estate.rows import area_m2
from frontdesk.i18n import _
from frontdesk.money import management_fee

_BATCH = 500
MAX_RATE_FEN_PER_M2 = Decimal(100_000)  # 1,000 yuan/m² a month: anything above is a typing error


@dataclass(frozen=True)
class BillingResult:
    """What one run of monthly management billing did."""

    period: str
    created: int
    already_billed: int
    without_area: int
    total_fen: int


def _rate(value: Decimal | int | str) -> Decimal:
    try:
        rate = Decimal(value) if not isinstance(value, float | bool) else Decimal(-1)  # no binary floats
    except (InvalidOperation, TypeError, ValueError):
        rate = Decimal(-1)
    if not rate.is_finite() or rate <= 0 or rate > MAX_RATE_FEN_PER_M2:
        raise ValidationError(
            "rate_fen_per_m2", _("Type the monthly rate per m² in fen, e.g. 235 for 2.35 yuan.")
        )
    return rate


def _occupied_units(estate_id: int | None) -> list[Unit]:
    query = Unit.select(Unit.id, Unit.area_dm2).where(Unit.status == UnitStatus.OCCUPIED.value)
    if estate_id is not None:
        query = query.join(Building).where(Building.estate == estate_id)
    return list(query.order_by(Unit.id))


def _charge_rows(actor: Actor, month: str, due_date: date, fees: dict[int, int]) -> list[dict[str, object]]:
    now = utcnow()
    return [
        {
            "unit": unit_id,
            "kind": ChargeKind.MANAGEMENT.value,
            "period": month,
            "amount_fen": fee,
            "due_date": due_date,
            "updated_by": actor.username,
            "created_at": now,
            "updated_at": now,
            "client_id": uuid.uuid4(),
        }
        for unit_id, fee in fees.items()
    ]


def _fees(month: str, rate: Decimal, estate_id: int | None) -> tuple[dict[int, int], int, int]:
    """(unit → fee of each unit to charge, units already billed, occupied units without an area)."""
    billed, units = _already_billed(month), _occupied_units(estate_id)
    fees = {u.id: management_fee(area_m2(u.area_dm2), rate) for u in units if u.id not in billed}
    payable = {unit_id: fee for unit_id, fee in fees.items() if fee > 0}
    return payable, sum(u.id in billed for u in units), len(fees) - len(payable)


def _already_billed(month: str) -> set[int]:
    query = Charge.select(Charge.unit).where(
        (Charge.kind == ChargeKind.MANAGEMENT.value) & (Charge.period == month) & ~Charge.voided
    )
    return {c.unit_id for c in query}


class BillingService(EstateBase):
    """Monthly management billing, the list of units in arrears, and reminders of arrears."""

    def bill_management_fees(
        self,
        *,
        actor: Actor,
        period: str,
        rate_fen_per_m2: Decimal | int | str,
        due_date: date,
        estate_id: int | None = None,
    ) -> BillingResult:
        """Charge every occupied unit its management fee for a month: area × rate, rounded half-up.

        Running it again for the same month charges nobody twice (units already holding a live
        management charge for the month are skipped; a unique index backs this up).

        Args:
            actor: who bills (needs registry editing).
            period: the month, ``YYYY-MM``.
            rate_fen_per_m2: the monthly rate in fen per m² (``Decimal("187.5")`` = 1.875 yuan).
            due_date: the day the fees fall due.
            estate_id: bill one estate only (default: all).

        Returns:
            How many charges were made and skipped, and their total.

        Raises:
            PermissionDenied: the actor may not edit the registry.
            ValidationError: the month or the rate is wrong.
            Conflict: another desk billed the same month at the same moment; run it again.
        """
        actor.require(Permission.REGISTRY_EDIT)
        month, rate = check_period("period", period), _rate(rate_fen_per_m2)
        try:
            with transaction():
                return self._bill(actor, month, rate, due_date, estate_id)
        except pw.IntegrityError:
            raise Conflict(
                _(
                    "Another desk was billing {period} at the same moment; run it again: "
                    "no unit is charged twice."
                ).format(period=month)
            ) from None

    def billing_preview(
        self, *, actor: Actor, period: str, rate_fen_per_m2: Decimal | int | str, estate_id: int | None = None
    ) -> BillingResult:
        """What ``bill_management_fees`` would do now for the month, without charging anyone.

        Raises:
            PermissionDenied: the actor may not edit the registry.
            ValidationError: the month or the rate is wrong.
        """
        actor.require(Permission.REGISTRY_EDIT)
        month, rate = check_period("period", period), _rate(rate_fen_per_m2)
        with storage_errors():
            payable, already, without_area = _fees(month, rate, estate_id)
        return BillingResult(month, len(payable), already, without_area, sum(payable.values()))

    def _bill(
        self, actor: Actor, month: str, rate: Decimal, due_date: date, estate_id: int | None
    ) -> BillingResult:
        payable, already, without_area = _fees(month, rate, estate_id)
        rows = _charge_rows(actor, month, due_date, payable)
        for start in range(0, len(rows), _BATCH):
            Charge.insert_many(rows[start : start + _BATCH]).execute()
        unit_balances.charges_added((unit_id, due_date, fee) for unit_id, fee in payable.items())
        total = sum(payable.values())
        audit.record(
            actor,
            "bill",
            "charge",
            month,
            after={
                "kind": ChargeKind.MANAGEMENT.value,
                "rate_fen_per_m2": rate,
                "due_date": due_date,
                "estate_id": estate_id,
                "units": len(payable),
                "total_fen": total,
                "unit_ids": sorted(payable),
            },
        )
        return BillingResult(month, len(payable), already, without_area, total)

    def units_in_arrears(
        self, *, actor: Actor, as_of: date | None = None, estate_id: int | None = None, min_fen: int = 1
    ) -> list[ArrearsRow]:
        """Every unit owing at least ``min_fen`` on ``as_of``, by unit code (for the arrears export).

        Raises:
            PermissionDenied: the actor may not do desk work.
        """
        actor.require(Permission.DESK_WORK)
        day = as_of if as_of is not None else self.today()
        with storage_errors():
            accounts = accounts_on(day, estate_id=estate_id)
            owing = [unit_id for unit_id, balance in balances_of(accounts).items() if balance >= min_fen]
            return self._arrears_rows(owing, accounts, day)

    def arrears_list(
        self, *, actor: Actor, as_of: date | None = None, estate_id: int | None = None, min_fen: int = 1
    ) -> list[ArrearsListRow]:
        """The units in arrears with whom to call and the last reminder, by unit code (the Fees page).

        The arrears carry the late fee when the office has set a rate (shown, never charged).

        Raises:
            PermissionDenied: the actor may not do desk work.
        """
        arrears = self.units_in_arrears(actor=actor, as_of=as_of, estate_id=estate_id, min_fen=min_fen)
        with storage_errors():
            return list_rows(arrears)

    def arrears_totals(
        self, *, actor: Actor, as_of: date | None = None, estate_id: int | None = None
    ) -> ArrearsTotals:
        """How many units owe on ``as_of`` and how much in all (two grouped queries).

        Raises:
            PermissionDenied: the actor may not do desk work.
        """
        actor.require(Permission.DESK_WORK)
        with storage_errors():
            return totals(balances(as_of if as_of is not None else self.today(), estate_id))

    def _arrears_rows(
        self, unit_ids: list[int], accounts: Mapping[int, OnDay], day: date
    ) -> list[ArrearsRow]:
        rows: list[ArrearsRow] = []
        rate = late_fee_rate()
        for start in range(0, len(unit_ids), _BATCH):
            batch = unit_ids[start : start + _BATCH]
            found, owners = summaries(batch, accounts, day, rate), owner_names(batch)
            units = Unit.select(Unit.id, Unit.code, Building.name).join(Building).where(Unit.id.in_(batch))
            for unit_id, code, building_name in tuples(units):  # plain rows: hundreds of units
                rows.append(ArrearsRow(unit_id, code, building_name, owners.get(unit_id, ()), found[unit_id]))
        return sorted(rows, key=lambda r: r.unit_code)

    def collection_log(self, *, actor: Actor, unit_id: int) -> list[CollectionRow]:
        """The unit's reminders of arrears, newest first."""
        actor.require(Permission.DESK_WORK)
        with storage_errors():
            query = (
                CollectionLog.select()
                .where(CollectionLog.unit == unit_id)
                .order_by(CollectionLog.at.desc(), CollectionLog.id.desc())
            )
            return [CollectionRow.of(entry) for entry in query]

    def log_collection(
        self,
        *,
        actor: Actor,
        unit_id: int,
        method: CollectionMethod | str,
        resident_said: str = "",
        promised_date: date | None = None,
        client_id: uuid.UUID | None = None,
    ) -> CollectionRow:
        """Record a reminder of arrears (催收): now, by the actor, how, and the resident's answer.

        Args:
            actor: who reminded the resident (needs desk work).
            unit_id: the unit.
            method: phone, visit, written notice or text message.
            resident_said: the resident's answer, in their words.
            promised_date: the day they promised to pay, if any.
            client_id: the form's submission id (a retry records nothing more).

        Returns:
            The log entry.

        Raises:
            PermissionDenied: the actor may not do desk work.
            NotFound: no such unit.
            ValidationError: a field is wrong.
        """
        actor.require(Permission.DESK_WORK)
        values = {
            "method": choice("method", CollectionMethod, method).value,
            "resident_said": optional_text("resident_said", resident_said, 2000, multiline=True),
            "promised_date": promised_date,
        }
        with transaction():
            existing = find_submitted(CollectionLog, client_id)
            if existing is not None:
                return CollectionRow.of(existing)
            get_or_missing(Unit, unit_id, _("The unit no longer exists."))
            entry = CollectionLog.create(
                unit=unit_id,
                at=utcnow(),
                staff=actor.username,
                updated_by=actor.username,
                client_id=client_uuid(client_id),
                **values,
            )
            unit_balances.reminder_added(entry)
            audit.record(actor, "create", "collection_log", entry.id, after={"unit_id": unit_id, **values})
        return CollectionRow.of(entry)
