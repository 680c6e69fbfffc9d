"""The Fees page's services: the arrears list with contacts and the last reminder, totals, billing preview."""

from __future__ import annotations

import logging
from datetime import date, datetime

import pytest

from frontdesk.auth import Actor
from frontdesk.errors import PermissionDenied, ValidationError
from frontdesk.estate.kinds import CollectionMethod
from frontdesk.estate.models import Charge
from frontdesk.estate.service import EstateService
from tests.unit.frontdesk.estate.estate_data import TODAY, Registry


def _charge(estate: EstateService, admin: Actor, unit_id: int, due: str, fen: int) -> None:
    estate.add_charge(
        actor=admin, unit_id=unit_id, kind="other", amount_fen=fen, due_date=date.fromisoformat(due)
    )


@pytest.fixture
def owing(estate: EstateService, admin: Actor, registry: Registry) -> Registry:
    """3-1502 owes 1,000 fen since 2026-01-31 (an owner and a tenant), 3-1501 owes 300 due today."""
    estate.add_resident(
        actor=admin, unit_id=registry.u3_1502.id, kind="tenant", name="租客甲", phone="13800001111"
    )
    estate.add_resident(
        actor=admin, unit_id=registry.u3_1502.id, kind="owner", name="王秀英", phone="13912345678"
    )
    _charge(estate, admin, registry.u3_1502.id, "2026-01-31", 1000)
    _charge(estate, admin, registry.u3_1501.id, TODAY.isoformat(), 300)
    _charge(estate, admin, registry.ua_1203.id, "2026-03-01", 700)
    estate.record_payment(
        actor=admin,
        unit_id=registry.ua_1203.id,
        amount_fen=700,
        method="cash",
        paid_at=datetime(2026, 3, 2, 12),
    )
    return registry


def test_the_list_names_residents_owners_first_with_masked_phone(
    estate: EstateService, clerk: Actor, owing: Registry
) -> None:
    rows = estate.arrears_list(actor=clerk)
    assert [(r.unit_code, r.names, r.arrears.arrears_fen, r.arrears.oldest_unpaid_days) for r in rows] == [
        ("3-1501", (), 300, 0),
        ("3-1502", ("王秀英", "租客甲"), 1000, 59),
    ]
    first, second = rows
    assert (first.arrears.overdue, second.arrears.overdue) == (False, True)
    assert second.phone_masked.startswith("139") and "12345678" not in second.phone_masked
    assert second.building_id == owing.b3.id and second.building_name == "3棟"
    assert second.last_call_at is None and second.promised_date is None


def test_the_list_shows_the_latest_reminder_and_its_promise(
    estate: EstateService, clerk: Actor, owing: Registry
) -> None:
    unit_id = owing.u3_1502.id
    estate.log_collection(actor=clerk, unit_id=unit_id, method="visit", resident_said="下周")
    estate.log_collection(
        actor=clerk, unit_id=unit_id, method="phone", resident_said="月底付", promised_date=date(2026, 4, 30)
    )
    [row] = [r for r in estate.arrears_list(actor=clerk) if r.unit_id == unit_id]
    assert (row.last_call_method, row.promised_date) == (CollectionMethod.PHONE, date(2026, 4, 30))
    assert row.last_call_at is not None


def test_the_list_is_filtered_by_estate_and_amount(
    estate: EstateService, clerk: Actor, owing: Registry, estate_id: int
) -> None:
    assert [r.unit_code for r in estate.arrears_list(actor=clerk, min_fen=500)] == ["3-1502"]
    assert len(estate.arrears_list(actor=clerk, estate_id=estate_id)) == 2
    assert estate.arrears_list(actor=clerk, estate_id=estate_id + 999) == []


def test_the_list_reads_a_bounded_number_of_queries(
    estate: EstateService, admin: Actor, registry: Registry, caplog: pytest.LogCaptureFixture
) -> None:
    for unit in (registry.u3_1502, registry.u3_1501, registry.ua_1203, registry.ua_1502):
        for month in range(1, 4):
            _charge(estate, admin, unit.id, f"2026-0{month}-10", 100 * month)
    with caplog.at_level(logging.DEBUG, logger="peewee"):
        rows = estate.arrears_list(actor=admin)
    assert len(rows) == 4
    queries = [r for r in caplog.records if r.name == "peewee" and isinstance(r.msg, tuple)]
    # balances (2), the late-fee rate, charges, payments, owners, units, contacts, reminders, buildings
    assert len(queries) <= 11


def test_totals_count_units_owing_today(estate: EstateService, clerk: Actor, owing: Registry) -> None:
    totals = estate.arrears_totals(actor=clerk)
    assert (totals.units, totals.total_fen) == (2, 1300)
    assert estate.arrears_totals(actor=clerk, as_of=date(2026, 2, 1)).total_fen == 1000


def test_the_preview_charges_nobody_and_matches_the_run(
    estate: EstateService, admin: Actor, registry: Registry
) -> None:
    before = Charge.select().count()
    preview = estate.billing_preview(actor=admin, period="2026-04", rate_fen_per_m2="187.5")
    assert Charge.select().count() == before
    # 3-1502 89.37 × 187.5 = 16756.875 → 16757; 3-1501 120 → 22500; A-1203 1.05 → 196.875 → 197
    assert (preview.created, preview.already_billed, preview.total_fen) == (3, 0, 39454)
    run = estate.bill_management_fees(
        actor=admin, period="2026-04", rate_fen_per_m2="187.5", due_date=date(2026, 4, 15)
    )
    assert (run.created, run.total_fen) == (preview.created, preview.total_fen)
    again = estate.billing_preview(actor=admin, period="2026-04", rate_fen_per_m2="187.5")
    assert (again.created, again.already_billed, again.total_fen) == (0, 3, 0)


def test_the_preview_needs_registry_editing_and_a_good_rate(
    estate: EstateService, engineer: Actor, admin: Actor, registry: Registry
) -> None:
    with pytest.raises(PermissionDenied):
        estate.billing_preview(actor=engineer, period="2026-04", rate_fen_per_m2=100)
    with pytest.raises(ValidationError):
        estate.billing_preview(actor=admin, period="2026-04", rate_fen_per_m2="0")
    with pytest.raises(ValidationError):
        estate.billing_preview(actor=admin, period="April", rate_fen_per_m2=100)
