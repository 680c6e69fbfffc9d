"""Use cases for unit accounts: charges, payments, voiding with a reason, and arrears."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import TypeVar

from peewee import fn

from frontdesk import audit
from frontdesk.auth import Actor, Permission
from frontdesk.base import find_submitted, update_versioned
from frontdesk.clock import utcnow
from frontdesk.db import storage_errors, transaction
from frontdesk.errors import Conflict
from frontdesk.estate import unit_balances
from frontdesk.estate.balances import unit_arrears
from frontdesk.estate.common import (
    EstateBase,
    check_period,
    choice,
    client_uuid,
    duplicate_as_conflict,
    get_or_missing,
    optional_text,
    positive_fen,
    required_text,
)
from frontdesk.estate.kinds import PERIODIC_CHARGES, ChargeKind, PaymentMethod
from frontdesk.estate.ledger import (
    LEDGER_PAGE,
    ArrearsSummary,
    ChargeRow,
    LedgerPage,
    LedgerPosition,
    NotYetDue,
    PaymentRow,
    merge_page,
)
from frontdesk.estate.models import Charge, Payment, Unit
from frontdesk.i18n import _
from frontdesk.money import fen_to_text

Voidable = TypeVar("Voidable", Charge, Payment)


def _void_reason(reason: str) -> str:
    return required_text("reason", reason, 200, _("Say why it is voided."))


def _void(actor: Actor, model: type[Voidable], record_id: int, version: int, reason: str) -> Voidable:
    record = get_or_missing(model, record_id, _("The record no longer exists."))
    if record.voided:
        raise Conflict(_("It was already voided: {reason}").format(reason=record.void_reason))
    saved = update_versioned(
        model, record_id, version, {"voided": True, "void_reason": reason}, by=actor.username
    )
    audit.record(
        actor,
        "void",
        model._meta.table_name,
        record_id,
        before={"voided": False},
        after={"voided": True, "reason": reason},
    )
    assert isinstance(saved, model)
    return saved


class AccountService(EstateBase):
    """A unit's charges and payments; changing them needs registry editing, reading desk work."""

    def charges(self, *, actor: Actor, unit_id: int) -> list[ChargeRow]:
        """The unit's charges, voided ones included, newest due date first."""
        actor.require(Permission.DESK_WORK)
        with storage_errors():
            query = (
                Charge.select()
                .where(Charge.unit == unit_id)
                .order_by(Charge.due_date.desc(), Charge.id.desc())
            )
            return [ChargeRow.of(c) for c in query]

    def payments(self, *, actor: Actor, unit_id: int) -> list[PaymentRow]:
        """The unit's payments, voided ones included, newest first."""
        actor.require(Permission.DESK_WORK)
        with storage_errors():
            query = (
                Payment.select()
                .where(Payment.unit == unit_id)
                .order_by(Payment.paid_at.desc(), Payment.id.desc())
            )
            return [PaymentRow.of(p) for p in query]

    def ledger(
        self, *, actor: Actor, unit_id: int, after: LedgerPosition | None = None, limit: int = LEDGER_PAGE
    ) -> LedgerPage:
        """A page of the unit's account: charges and payments together, newest first.

        Ten years of a unit's account are a few hundred lines; the account shows a page and reads
        the next as the clerk scrolls. Each page is two indexed keyset reads (``unit, due_date``
        and ``unit, paid_at``), never OFFSET, so the last page costs what the first does.

        Args:
            actor: who looks (needs desk work).
            unit_id: the unit.
            after: the ``next`` of the page before (None: the newest lines).
            limit: lines per page (1 to 1000).

        Returns:
            The lines (voided ones included) and where the next page starts, None after the last.

        Raises:
            PermissionDenied: the actor may not do desk work.
        """
        actor.require(Permission.DESK_WORK)
        limit = max(1, min(limit, 1000))
        position = after if after is not None else LedgerPosition()
        with storage_errors():
            charges: list[ChargeRow] = []
            if not position.charges_done:
                query = Charge.select().where(Charge.unit == unit_id)
                if position.charge is not None:
                    due, last_id = position.charge
                    query = query.where(
                        (Charge.due_date <= due) & ((Charge.due_date < due) | (Charge.id < last_id))
                    )
                query = query.order_by(Charge.due_date.desc(), Charge.id.desc()).limit(limit + 1)
                charges = [ChargeRow.of(c) for c in query]
            payments: list[PaymentRow] = []
            if not position.payments_done:
                paid = Payment.select().where(Payment.unit == unit_id)
                if position.payment is not None:
                    at, last_id = position.payment
                    paid = paid.where(
                        (Payment.paid_at <= at) & ((Payment.paid_at < at) | (Payment.id < last_id))
                    )
                paid = paid.order_by(Payment.paid_at.desc(), Payment.id.desc()).limit(limit + 1)
                payments = [PaymentRow.of(p) for p in paid]
        return merge_page(charges, payments, limit, position)

    def add_charge(
        self,
        *,
        actor: Actor,
        unit_id: int,
        kind: ChargeKind | str,
        amount_fen: int,
        due_date: date,
        period: str = "",
        description: str = "",
        client_id: uuid.UUID | None = None,
    ) -> ChargeRow:
        """Put a charge on a unit's account.

        Args:
            actor: who charges (needs registry editing).
            unit_id: the unit.
            kind: management, water, electricity or other.
            amount_fen: the amount in fen, more than zero.
            due_date: the day it must be paid by; it counts as arrears from then.
            period: the month ``YYYY-MM`` it is for; required for the periodic kinds, which
                a unit has at most once a month.
            description: free text.
            client_id: the form's submission id (a retry returns the charge already saved).

        Returns:
            The charge.

        Raises:
            PermissionDenied: the actor may not edit the registry.
            NotFound: no such unit.
            ValidationError: a field is wrong.
            Conflict: the unit already has a live charge of this kind for the month.
        """
        actor.require(Permission.REGISTRY_EDIT)
        charge_kind = choice("kind", ChargeKind, kind)
        month = _charge_period(charge_kind, period)
        values: dict[str, object] = {
            "kind": charge_kind.value,
            "amount_fen": positive_fen("amount_fen", amount_fen),
            "due_date": due_date,
            "description": optional_text("description", description, 200),
            "period": month,
        }
        with transaction():
            existing = find_submitted(Charge, client_id)
            if existing is not None:
                return ChargeRow.of(existing)
            unit = get_or_missing(Unit, unit_id, _("The unit no longer exists."))
            _refuse_second_periodic(unit, charge_kind, month)
            with duplicate_as_conflict(
                _("Another desk has just charged this unit for {period}.").format(period=month)
            ):
                charge = Charge.create(
                    unit=unit, updated_by=actor.username, client_id=client_uuid(client_id), **values
                )
            unit_balances.charges_added([(unit_id, due_date, charge.amount_fen)])
            audit.record(actor, "create", "charge", charge.id, after={"unit_id": unit_id, **values})
        return ChargeRow.of(charge)

    def record_payment(
        self,
        *,
        actor: Actor,
        unit_id: int,
        amount_fen: int,
        method: PaymentMethod | str,
        paid_at: datetime | None = None,
        receipt_no: str = "",
        client_id: uuid.UUID | None = None,
    ) -> PaymentRow:
        """Record a payment into a unit's account; a retry with the same ``client_id`` records nothing more.

        Args:
            actor: who takes the payment (needs registry editing).
            unit_id: the unit.
            amount_fen: the amount in fen, more than zero.
            method: cash, WeChat Pay, Alipay, bank transfer, card or other.
            paid_at: when it was paid, naive UTC (default now).
            receipt_no: the receipt's number, if one was written.
            client_id: the form's submission id, made when the form opened.

        Returns:
            The payment (the one saved before, on a retry).

        Raises:
            PermissionDenied: the actor may not edit the registry.
            NotFound: no such unit.
            ValidationError: a field is wrong.
        """
        actor.require(Permission.REGISTRY_EDIT)
        values = {
            "amount_fen": positive_fen("amount_fen", amount_fen),
            "method": choice("method", PaymentMethod, method).value,
            "paid_at": paid_at if paid_at is not None else utcnow(),
            "receipt_no": optional_text("receipt_no", receipt_no, 40),
        }
        with transaction():
            existing = find_submitted(Payment, client_id)
            if existing is not None:
                return PaymentRow.of(existing)
            get_or_missing(Unit, unit_id, _("The unit no longer exists."))
            payment = Payment.create(
                unit=unit_id, updated_by=actor.username, client_id=client_uuid(client_id), **values
            )
            unit_balances.payments_added([(unit_id, payment.amount_fen)])
            audit.record(actor, "create", "payment", payment.id, after={"unit_id": unit_id, **values})
        return PaymentRow.of(payment)

    def void_charge(self, *, actor: Actor, charge_id: int, version: int, reason: str) -> ChargeRow:
        """Void a wrong charge, keeping it with the reason.

        Raises:
            PermissionDenied: the actor may not edit the registry.
            Conflict: already voided, or changed since ``version`` was read.
            NotFound: no such charge.
            ValidationError: no reason given.
        """
        actor.require(Permission.REGISTRY_EDIT)
        clean = _void_reason(reason)
        with transaction():
            saved = _void(actor, Charge, charge_id, version, clean)
            unit_balances.charge_voided(saved.unit_id, saved.amount_fen)
        assert isinstance(saved, Charge)
        return ChargeRow.of(saved)

    def void_payment(self, *, actor: Actor, payment_id: int, version: int, reason: str) -> PaymentRow:
        """Void a wrongly recorded payment, keeping it with the reason.

        Raises:
            PermissionDenied: the actor may not edit the registry.
            Conflict: already voided, or changed since ``version`` was read.
            NotFound: no such payment.
            ValidationError: no reason given.
        """
        actor.require(Permission.REGISTRY_EDIT)
        clean = _void_reason(reason)
        with transaction():
            saved = _void(actor, Payment, payment_id, version, clean)
            unit_balances.payment_voided(saved.unit_id, saved.amount_fen)
        assert isinstance(saved, Payment)
        return PaymentRow.of(saved)

    def arrears(self, *, actor: Actor, unit_id: int, as_of: date | None = None) -> ArrearsSummary:
        """A unit's arrears: charges due by ``as_of`` minus payments made by then.

        Args:
            actor: who asks (needs desk work).
            unit_id: the unit.
            as_of: the day of the reckoning (default today).

        Returns:
            Charged, paid, the balance, and the age of the oldest charge left unpaid when payments
            settle the oldest charges first.

        Raises:
            PermissionDenied: the actor may not do desk work.
            NotFound: no such unit.
        """
        actor.require(Permission.DESK_WORK)
        with storage_errors():
            get_or_missing(Unit, unit_id, _("The unit no longer exists."))
            return unit_arrears(unit_id, as_of if as_of is not None else self.today())

    def not_yet_due(self, *, actor: Actor, unit_id: int, as_of: date | None = None) -> NotYetDue:
        """The unit's charges (not voided) that fall due after ``as_of`` (default today).

        Raises:
            PermissionDenied: the actor may not do desk work.
        """
        actor.require(Permission.DESK_WORK)
        day = as_of if as_of is not None else self.today()
        with storage_errors():
            coming = Charge.select().where(
                (Charge.unit == unit_id) & ~Charge.voided & (Charge.due_date > day)
            )
            amount = coming.select(fn.COALESCE(fn.SUM(Charge.amount_fen), 0)).scalar()
            first = coming.order_by(Charge.due_date).first()
        return NotYetDue(int(amount), first.due_date if first is not None else None)


def _charge_period(kind: ChargeKind, value: str) -> str:
    if kind in PERIODIC_CHARGES or value.strip():
        return check_period("period", value)
    return ""


def _refuse_second_periodic(unit: Unit, kind: ChargeKind, month: str) -> None:
    if kind not in PERIODIC_CHARGES:
        return
    twin = (
        Charge.select()
        .where(
            (Charge.unit == unit) & (Charge.kind == kind.value) & (Charge.period == month) & ~Charge.voided
        )
        .first()
    )
    if twin is not None:
        raise Conflict(
            _(
                "Unit {code} already has this charge for {period} ({amount}); void it first to charge again."
            ).format(code=unit.code, period=month, amount=fen_to_text(twin.amount_fen))
        )
