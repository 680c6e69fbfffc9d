"""Tests for unit accounts: charges, payments, voiding, arrears, billing, the collection log."""

from __future__ import annotations

import uuid
from datetime import date, datetime

import pytest

from frontdesk import audit
from frontdesk.auth import Actor
from frontdesk.clock import local_today, to_local
from frontdesk.errors import Conflict, NotFound, PermissionDenied, ValidationError
from frontdesk.estate.kinds import ChargeKind, CollectionMethod, PaymentMethod
from frontdesk.estate.ledger import NotYetDue, PaymentRow
from frontdesk.estate.models import Charge, Payment
from frontdesk.estate.service import EstateService
from tests.unit.frontdesk.estate.estate_data import TODAY, Registry


def _noon(day: str) -> datetime:
    """Noon UTC: the same calendar day at a desk in any time zone from UTC-11 to UTC+11."""
    return datetime.fromisoformat(day + " 12:00")


def _charge(
    estate: EstateService,
    admin: Actor,
    unit_id: int,
    due: str,
    fen: int,
    kind: str = "other",
    period: str = "",
) -> int:
    return estate.add_charge(
        actor=admin,
        unit_id=unit_id,
        kind=kind,
        amount_fen=fen,
        due_date=date.fromisoformat(due),
        period=period,
    ).id


def _pay(estate: EstateService, admin: Actor, unit_id: int, day: str, fen: int) -> int:
    return estate.record_payment(
        actor=admin, unit_id=unit_id, amount_fen=fen, method="cash", paid_at=_noon(day)
    ).id


# --- charges and payments ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"amount_fen": 0}, "amount_fen"),
        ({"amount_fen": -5}, "amount_fen"),
        ({"amount_fen": True}, "amount_fen"),
        ({"kind": "parking_fine"}, "kind"),
        ({"kind": "management", "period": ""}, "period"),
        ({"kind": "water", "period": "2026-13"}, "period"),
        ({"period": "March"}, "period"),
    ],
)
def test_add_charge_refuses_bad_fields(
    estate: EstateService, admin: Actor, registry: Registry, changes: dict[str, object], field: str
) -> None:
    values: dict[str, object] = {"kind": "other", "amount_fen": 100, "due_date": TODAY, **changes}
    with pytest.raises(ValidationError) as caught:
        estate.add_charge(actor=admin, unit_id=registry.u3_1502.id, **values)  # type: ignore[arg-type]
    assert caught.value.field == field
    assert Charge.select().count() == 0


def test_one_live_periodic_charge_per_unit_and_month(
    estate: EstateService, admin: Actor, registry: Registry
) -> None:
    unit_id = registry.u3_1502.id
    first = estate.add_charge(
        actor=admin, unit_id=unit_id, kind="water", amount_fen=3210, due_date=TODAY, period="2026-03"
    )
    with pytest.raises(Conflict) as caught:
        estate.add_charge(
            actor=admin, unit_id=unit_id, kind="water", amount_fen=3300, due_date=TODAY, period="2026-03"
        )
    assert "3-1502" in caught.value.message and "32.10" in caught.value.message
    estate.add_charge(
        actor=admin, unit_id=unit_id, kind="electricity", amount_fen=100, due_date=TODAY, period="2026-03"
    )
    estate.void_charge(actor=admin, charge_id=first.id, version=first.version, reason="讀錯錶")
    again = estate.add_charge(
        actor=admin, unit_id=unit_id, kind="water", amount_fen=3300, due_date=TODAY, period="2026-03"
    )
    assert [c.id for c in estate.charges(actor=admin, unit_id=unit_id)] == sorted(
        [first.id, again.id, first.id + 1], reverse=True
    )


def test_a_retried_payment_is_recorded_once(estate: EstateService, clerk: Actor, registry: Registry) -> None:
    client_id = uuid.uuid4()
    first = estate.record_payment(
        actor=clerk,
        unit_id=registry.u3_1502.id,
        amount_fen=50000,
        method="wechat",
        receipt_no="No.0012",
        client_id=client_id,
    )
    again = estate.record_payment(
        actor=clerk,
        unit_id=registry.u3_1502.id,
        amount_fen=50000,
        method="wechat",
        receipt_no="No.0012",
        client_id=client_id,
    )
    assert first == again and first.method is PaymentMethod.WECHAT
    assert Payment.select().count() == 1
    assert [e.action for e in audit.history("payment", first.id)] == ["create"]
    assert estate.arrears(actor=clerk, unit_id=registry.u3_1502.id, as_of=local_today()).credit_fen == 50000


def test_voiding_needs_a_reason_happens_once_and_keeps_the_record(
    estate: EstateService, admin: Actor, registry: Registry
) -> None:
    payment = estate.record_payment(actor=admin, unit_id=registry.u3_1502.id, amount_fen=100, method="cash")
    with pytest.raises(ValidationError) as no_reason:
        estate.void_payment(actor=admin, payment_id=payment.id, version=payment.version, reason=" ")
    assert no_reason.value.field == "reason"
    voided = estate.void_payment(
        actor=admin, payment_id=payment.id, version=payment.version, reason="重複登記"
    )
    assert (voided.voided, voided.void_reason) == (True, "重複登記")
    with pytest.raises(Conflict):
        estate.void_payment(actor=admin, payment_id=payment.id, version=voided.version, reason="again")
    with pytest.raises(NotFound):
        estate.void_charge(actor=admin, charge_id=4242, version=1, reason="x")
    assert estate.payments(actor=admin, unit_id=registry.u3_1502.id) == [voided]
    entry = audit.history("payment", payment.id)[0]
    assert (entry.action, entry.after) == ("void", {"voided": True, "reason": "重複登記"})


def test_voiding_a_stale_copy_is_refused(estate: EstateService, admin: Actor, registry: Registry) -> None:
    charge = estate.add_charge(
        actor=admin, unit_id=registry.u3_1502.id, kind="other", amount_fen=100, due_date=TODAY
    )
    Charge.update(version=Charge.version + 1, updated_by="other-desk").where(Charge.id == charge.id).execute()
    with pytest.raises(Conflict) as caught:
        estate.void_charge(actor=admin, charge_id=charge.id, version=charge.version, reason="x")
    assert "other-desk" in caught.value.message


# --- arrears -------------------------------------------------------------------------------------


def test_arrears_partial_payments_voids_and_future_charges(
    estate: EstateService, admin: Actor, registry: Registry
) -> None:
    unit_id = registry.u3_1502.id
    for day in ("2026-01-31", "2026-02-28", "2026-03-31", "2026-04-30"):
        _charge(estate, admin, unit_id, day, 21002, "management", day[:7])
    wrong = _charge(estate, admin, unit_id, "2026-01-15", 99900)
    estate.void_charge(actor=admin, charge_id=wrong, version=1, reason="錯收")
    _pay(estate, admin, unit_id, "2026-02-10", 21002)
    _pay(estate, admin, unit_id, "2026-03-05", 10000)
    bounced = _pay(estate, admin, unit_id, "2026-03-06", 50000)
    estate.void_payment(actor=admin, payment_id=bounced, version=1, reason="銀行退票")
    _pay(estate, admin, unit_id, "2026-04-02", 5000)  # after the reckoning day
    summary = estate.arrears(actor=admin, unit_id=unit_id, as_of=date(2026, 3, 31))
    assert (summary.charged_fen, summary.paid_fen, summary.arrears_fen) == (63006, 31002, 32004)
    assert (summary.oldest_unpaid_due, summary.oldest_unpaid_days, summary.overdue) == (
        date(2026, 2, 28),
        31,
        True,
    )
    coming = estate.not_yet_due(actor=admin, unit_id=unit_id, as_of=date(2026, 3, 31))
    assert (coming.amount_fen, coming.first_due) == (21002, date(2026, 4, 30))  # billed, not owed yet
    later = estate.arrears(actor=admin, unit_id=unit_id, as_of=date(2026, 4, 30))
    assert (later.charged_fen, later.paid_fen, later.arrears_fen) == (84008, 36002, 48006)
    assert estate.not_yet_due(actor=admin, unit_id=unit_id, as_of=date(2026, 4, 30)) == NotYetDue(0, None)
    assert estate.arrears(actor=admin, unit_id=unit_id).as_of == TODAY


def test_arrears_of_a_unit_with_nothing_and_of_no_unit(
    estate: EstateService, admin: Actor, registry: Registry
) -> None:
    summary = estate.arrears(actor=admin, unit_id=registry.ua_1502.id)
    assert (summary.arrears_fen, summary.oldest_unpaid_due, summary.overdue) == (0, None, False)
    with pytest.raises(NotFound):
        estate.arrears(actor=admin, unit_id=999_999)


def test_units_in_arrears_lists_owners_and_ages(
    estate: EstateService, admin: Actor, registry: Registry
) -> None:
    estate.add_resident(actor=admin, unit_id=registry.u3_1502.id, kind="owner", name="王秀英")
    estate.add_resident(actor=admin, unit_id=registry.u3_1502.id, kind="tenant", name="租客")
    _charge(estate, admin, registry.u3_1502.id, "2026-01-31", 1000)
    _charge(estate, admin, registry.ua_1203.id, "2026-03-01", 700)
    _pay(estate, admin, registry.ua_1203.id, "2026-03-02", 700)
    _charge(estate, admin, registry.u3_1501.id, "2026-03-20", 300)
    _charge(estate, admin, registry.ua_1502.id, "2026-05-01", 300)  # not due yet
    rows = estate.units_in_arrears(actor=admin, as_of=TODAY)
    assert [
        (r.unit_code, r.owner_names, r.arrears.arrears_fen, r.arrears.oldest_unpaid_days) for r in rows
    ] == [("3-1501", (), 300, 11), ("3-1502", ("王秀英",), 1000, 59)]
    assert [r.unit_code for r in estate.units_in_arrears(actor=admin, as_of=TODAY, min_fen=500)] == ["3-1502"]


# --- monthly management billing ---------------------------------------------------------------


def test_billing_charges_occupied_units_half_up_and_only_once(
    estate: EstateService, admin: Actor, registry: Registry, estate_id: int
) -> None:
    due = date(2026, 4, 15)
    result = estate.bill_management_fees(actor=admin, period="2026-04", rate_fen_per_m2=50, due_date=due)
    # occupied: 3-1502 89.37 m² → 4468.5 → 4469; 3-1501 120 m² → 6000; A-1203 1.05 m² → 52.5 → 53
    assert (result.created, result.already_billed, result.without_area, result.total_fen) == (3, 0, 0, 10522)
    fees = {c.unit_id: c.amount_fen for c in Charge.select()}
    assert fees == {registry.u3_1502.id: 4469, registry.u3_1501.id: 6000, registry.ua_1203.id: 53}
    again = estate.bill_management_fees(
        actor=admin, period="2026-04", rate_fen_per_m2=50, due_date=due, estate_id=estate_id
    )
    assert (again.created, again.already_billed, again.total_fen) == (0, 3, 0)
    assert Charge.select().count() == 3
    entry = audit.recent(limit=1)[0]
    assert (entry.action, entry.entity, entry.entity_id, entry.after["units"]) == (
        "bill",
        "charge",
        "2026-04",
        0,
    )


def test_billing_again_after_a_void_recharges_that_unit(
    estate: EstateService, admin: Actor, registry: Registry
) -> None:
    estate.bill_management_fees(actor=admin, period="2026-04", rate_fen_per_m2="235", due_date=TODAY)
    charge = Charge.get(Charge.unit == registry.ua_1203.id)
    estate.void_charge(actor=admin, charge_id=charge.id, version=charge.version, reason="面積有誤")
    estate.update_unit(actor=admin, unit_id=registry.ua_1203.id, version=1, area_m2="2.10")
    result = estate.bill_management_fees(actor=admin, period="2026-04", rate_fen_per_m2="235", due_date=TODAY)
    assert (result.created, result.already_billed, result.total_fen) == (1, 2, 494)  # 2.10 × 235 = 493.5


@pytest.mark.parametrize(
    ("period", "rate", "field"),
    [
        ("2026-4", 50, "period"),
        ("2026-04", 0, "rate_fen_per_m2"),
        ("2026-04", "abc", "rate_fen_per_m2"),
        ("2026-04", 2.35, "rate_fen_per_m2"),
    ],
)
def test_billing_refuses_bad_input(
    estate: EstateService, admin: Actor, registry: Registry, period: str, rate: object, field: str
) -> None:
    with pytest.raises(ValidationError) as caught:
        estate.bill_management_fees(actor=admin, period=period, rate_fen_per_m2=rate, due_date=TODAY)  # type: ignore[arg-type]
    assert caught.value.field == field


# --- collection log and permissions ----------------------------------------------------------


def test_collection_log_records_who_how_and_the_answer(
    estate: EstateService, clerk: Actor, registry: Registry
) -> None:
    entry = estate.log_collection(
        actor=clerk,
        unit_id=registry.u3_1502.id,
        method="phone",
        resident_said="下週一交",
        promised_date=date(2026, 4, 6),
    )
    estate.log_collection(actor=clerk, unit_id=registry.u3_1502.id, method=CollectionMethod.NOTICE)
    log = estate.collection_log(actor=clerk, unit_id=registry.u3_1502.id)
    assert [(e.method, e.staff) for e in log] == [
        (CollectionMethod.NOTICE, "clerk1"),
        (CollectionMethod.PHONE, "clerk1"),
    ]
    assert log[1] == entry and entry.promised_date == date(2026, 4, 6)
    with pytest.raises(ValidationError):
        estate.log_collection(actor=clerk, unit_id=registry.u3_1502.id, method="carrier pigeon")


def test_account_permissions(
    estate: EstateService, engineer: Actor, guard: Actor, registry: Registry
) -> None:
    unit_id = registry.u3_1502.id
    for actor in (engineer, guard):
        with pytest.raises(PermissionDenied):
            estate.record_payment(actor=actor, unit_id=unit_id, amount_fen=1, method="cash")
        with pytest.raises(PermissionDenied):
            estate.add_charge(
                actor=actor, unit_id=unit_id, kind=ChargeKind.OTHER, amount_fen=1, due_date=TODAY
            )
        with pytest.raises(PermissionDenied):
            estate.arrears(actor=actor, unit_id=unit_id)
        with pytest.raises(PermissionDenied):
            estate.bill_management_fees(actor=actor, period="2026-04", rate_fen_per_m2=1, due_date=TODAY)
        with pytest.raises(PermissionDenied):
            estate.log_collection(actor=actor, unit_id=unit_id, method="phone")
    assert Charge.select().count() == 0 and Payment.select().count() == 0


# --- the account a page at a time ------------------------------------------------------------------


def _whole_account(estate: EstateService, actor: Actor, unit_id: int) -> list[tuple[str, int]]:
    """Every line, as the account lists them: by day newest first, a day's payments above its charges."""
    lines = [(c.due_date, False, "charge", c.id) for c in estate.charges(actor=actor, unit_id=unit_id)] + [
        (to_local(p.paid_at).date(), True, "payment", p.id)
        for p in estate.payments(actor=actor, unit_id=unit_id)
    ]
    return [(kind, ident) for _day, _paid, kind, ident in sorted(lines, key=lambda x: x[:2], reverse=True)]


def _paged(
    estate: EstateService, actor: Actor, unit_id: int, limit: int
) -> tuple[list[tuple[str, int]], int]:
    lines: list[tuple[str, int]] = []
    page = estate.ledger(actor=actor, unit_id=unit_id, limit=limit)
    pages = 1
    while True:
        assert len(page.lines) <= limit
        lines += [("payment" if isinstance(line, PaymentRow) else "charge", line.id) for line in page.lines]
        if page.next is None:
            return lines, pages
        assert len(page.lines) == limit  # only the last page is short
        page = estate.ledger(actor=actor, unit_id=unit_id, after=page.next, limit=limit)
        pages += 1


@pytest.mark.parametrize("limit", [1, 3, 7, 100])
def test_the_account_read_a_page_at_a_time_is_the_whole_account_once(
    estate: EstateService, admin: Actor, clerk: Actor, registry: Registry, limit: int
) -> None:
    unit_id = registry.u3_1502.id
    for month in range(1, 13):  # a charge a month, three on one day, payments on charge days too
        _charge(estate, admin, unit_id, f"2025-{month:02d}-28", 10000 + month)
    for fen in (1, 2, 3):
        _charge(estate, admin, unit_id, "2025-06-28", fen)
    for day in ("2025-02-28", "2025-06-28", "2025-06-28", "2025-09-03", "2025-12-31"):
        _pay(estate, admin, unit_id, day, 5000)
    voided = _charge(estate, admin, unit_id, "2025-03-28", 77)
    estate.void_charge(actor=admin, charge_id=voided, version=1, reason="entered twice")
    _charge(estate, admin, registry.ua_1502.id, "2025-06-28", 999)  # another unit's: never listed
    whole = _whole_account(estate, clerk, unit_id)
    assert len(whole) == 12 + 3 + 5 + 1
    lines, pages = _paged(estate, clerk, unit_id, limit)
    assert lines == whole
    assert pages == -(-len(whole) // limit)  # no empty page after the last full one


def test_an_empty_account_is_one_empty_last_page(
    estate: EstateService, clerk: Actor, registry: Registry
) -> None:
    page = estate.ledger(actor=clerk, unit_id=registry.u3_1502.id)
    assert (page.lines, page.next) == ((), None)


def test_reading_the_account_needs_desk_work(estate: EstateService, guard: Actor, registry: Registry) -> None:
    with pytest.raises(PermissionDenied):
        estate.ledger(actor=guard, unit_id=registry.u3_1502.id)
