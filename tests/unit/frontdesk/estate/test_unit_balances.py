"""The kept balances (``unit_balance``): equal to the ledger after any writes, checked, migrated, loaded.

The property test drives the real services through random sequences of charges, payments, voids,
billing runs and reminders, on both engines, and compares what the Fees page, the Today tile and a
unit's account read with the arrears worked out from the whole ledger the slow way.
"""

from __future__ import annotations

import itertools
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from frontdesk import migrations
from frontdesk.auth import Actor
from frontdesk.db import DatabaseTarget, database_proxy
from frontdesk.demo import load_demo
from frontdesk.estate import unit_balances
from frontdesk.estate.balances import LATE_FEE_SETTING, late_fee_rate, live_charges, paid_by
from frontdesk.estate.ledger import ArrearsSummary, summarize
from frontdesk.estate.models import Building, Charge, CollectionLog, Payment, Unit, UnitBalance
from frontdesk.estate.service import EstateService
from frontdesk.services import Services, connect
from tests.unit.frontdesk.estate.estate_data import TODAY, Registry

# days around the desk's date: charges fall due and payments are made before, on and after it
_DAYS = st.integers(min_value=-120, max_value=40)
# a few round amounts, so that payments often settle charges exactly, and odd ones
_FEN = st.one_of(st.sampled_from([100, 250, 500, 1000, 2500]), st.integers(min_value=1, max_value=5000))
_UNIT = st.integers(min_value=0, max_value=1)
_PICK = st.integers(min_value=0, max_value=10_000)
_CHARGE = st.tuples(st.just("charge"), _UNIT, _DAYS, _FEN)
_PAY = st.tuples(st.just("pay"), _UNIT, _DAYS, _FEN)
_STEP = st.one_of(
    _CHARGE,
    _PAY,
    _CHARGE,
    _PAY,
    st.tuples(st.just("void_charge"), _UNIT, _PICK, st.just(0)),
    st.tuples(st.just("void_payment"), _UNIT, _PICK, st.just(0)),
    st.tuples(st.just("bill"), st.just(0), st.integers(min_value=-4, max_value=1), st.just(0)),
    st.tuples(st.just("remind"), _UNIT, st.just(0), st.just(0)),
)
_AS_OF = (TODAY, TODAY - timedelta(days=45), TODAY - timedelta(days=130), TODAY + timedelta(days=30))
_numbers = itertools.count(1)
_EMPTY = unit_balances.Figures()


def _slow_summary(unit_id: int, as_of: date, rate: int) -> ArrearsSummary:
    """The arrears the way they were worked out before the kept balances: from every charge and payment."""
    charges = live_charges([unit_id]).get(unit_id, [])
    return summarize(unit_id, as_of, charges, paid_by([unit_id], as_of).get(unit_id, 0), rate)


def _newest_reminder(unit_id: int) -> int | None:
    entries = CollectionLog.select().where(CollectionLog.unit == unit_id)
    newest = max(entries, key=lambda e: (e.at, e.id), default=None)
    return newest.id if newest is not None else None


def _units(estate: EstateService, admin: Actor, building_id: int) -> list[int]:
    """Two fresh occupied units: each example starts on empty accounts."""
    return [
        estate.add_unit(
            actor=admin,
            building_id=building_id,
            number=f"{next(_numbers):04d}",
            area_m2="80",
            status="occupied",
        ).id
        for _ in range(2)
    ]


def _run(estate: EstateService, admin: Actor, units: list[int], step: tuple[str, int, int, int]) -> None:
    kind, which, value, fen = step
    unit_id = units[which]
    if kind == "charge":
        day = TODAY + timedelta(days=value)
        estate.add_charge(actor=admin, unit_id=unit_id, kind="other", amount_fen=fen, due_date=day)
    elif kind == "pay":
        paid_at = datetime.combine(TODAY + timedelta(days=value), datetime.min.time()) + timedelta(hours=3)
        estate.record_payment(actor=admin, unit_id=unit_id, amount_fen=fen, method="cash", paid_at=paid_at)
    elif kind == "void_charge":
        live = list(Charge.select().where((Charge.unit == unit_id) & ~Charge.voided).order_by(Charge.id))
        if live:
            charge = live[value % len(live)]
            estate.void_charge(actor=admin, charge_id=charge.id, version=charge.version, reason="错")
    elif kind == "void_payment":
        live = list(Payment.select().where((Payment.unit == unit_id) & ~Payment.voided).order_by(Payment.id))
        if live:
            payment = live[value % len(live)]
            estate.void_payment(actor=admin, payment_id=payment.id, version=payment.version, reason="错")
    elif kind == "bill":
        month = TODAY.replace(day=1) + timedelta(days=31 * value)
        due = month.replace(day=15)
        estate.bill_management_fees(actor=admin, period=f"{month:%Y-%m}", rate_fen_per_m2=5, due_date=due)
    else:
        estate.log_collection(actor=admin, unit_id=unit_id, method="phone", resident_said="下周")


def _assert_kept_equals_ledger(estate: EstateService, admin: Actor, units: list[int], rate: int) -> None:
    assert unit_balances.problems() == []
    for as_of in _AS_OF:
        slow = {unit_id: _slow_summary(unit_id, as_of, rate) for unit_id in units}
        for unit_id in units:
            assert estate.arrears(actor=admin, unit_id=unit_id, as_of=as_of) == slow[unit_id]
        listed = {row.unit_id: row for row in estate.arrears_list(actor=admin, as_of=as_of)}
        owing = {unit_id for unit_id, summary in slow.items() if summary.balance_fen >= 1}
        assert owing == {unit_id for unit_id in listed if unit_id in units}
        for unit_id in owing:
            assert listed[unit_id].arrears == slow[unit_id]
            newest = _newest_reminder(unit_id)
            assert (listed[unit_id].last_call_at is None) == (newest is None)
    for unit_id in units:
        assert unit_balances.kept([unit_id]).get(
            unit_id, unit_balances.Figures()
        ) == unit_balances.recomputed([unit_id]).get(unit_id, unit_balances.Figures())


@settings(
    max_examples=60,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(steps=st.lists(_STEP, min_size=2, max_size=25), rate=st.sampled_from([0, 5]))
def test_kept_balances_equal_the_ledger_after_any_writes(
    services: Services,
    estate: EstateService,
    admin: Actor,
    registry: Registry,
    steps: list[tuple[str, int, int, int]],
    rate: int,
) -> None:
    services.settings.set(actor=admin, key=LATE_FEE_SETTING, value=rate)
    assert late_fee_rate() == rate
    units = _units(estate, admin, registry.b3.id)
    for step in steps:
        _run(estate, admin, units, step)
        kept, recomputed = unit_balances.kept(units), unit_balances.recomputed(units)
        assert all(kept.get(u, _EMPTY) == recomputed.get(u, _EMPTY) for u in units), step
    _assert_kept_equals_ledger(estate, admin, units, rate)
    totals = estate.arrears_totals(actor=admin)
    slow = [_slow_summary(u.id, TODAY, 0).balance_fen for u in Unit.select()]
    assert (totals.units, totals.total_fen) == (sum(b > 0 for b in slow), sum(b for b in slow if b > 0))


def test_a_payment_voided_brings_the_oldest_charge_back(
    estate: EstateService, admin: Actor, registry: Registry
) -> None:
    unit_id = registry.u3_1502.id
    for day in (date(2026, 1, 15), date(2026, 2, 15), date(2026, 3, 15)):
        estate.add_charge(actor=admin, unit_id=unit_id, kind="other", amount_fen=1000, due_date=day)
    payment = estate.record_payment(
        actor=admin, unit_id=unit_id, amount_fen=2500, method="cash", paid_at=datetime(2026, 3, 20, 2)
    )
    assert unit_balances.kept([unit_id])[unit_id] == unit_balances.Figures(3000, 2500, date(2026, 3, 15))
    estate.void_payment(actor=admin, payment_id=payment.id, version=payment.version, reason="退票")
    assert unit_balances.kept([unit_id])[unit_id] == unit_balances.Figures(3000, 0, date(2026, 1, 15))
    assert estate.arrears(actor=admin, unit_id=unit_id).oldest_unpaid_days == 75


def test_tampered_balances_are_reported_by_check(
    services: Services, admin: Actor, registry: Registry
) -> None:
    estate = services.estate
    unit_id = registry.u3_1502.id
    estate.add_charge(actor=admin, unit_id=unit_id, kind="other", amount_fen=1000, due_date=date(2026, 1, 31))
    estate.log_collection(actor=admin, unit_id=unit_id, method="phone")
    assert services.maintenance.check().ok

    UnitBalance.update(charged_fen=900, oldest_unpaid_due=None, last_collection=None).where(
        UnitBalance.unit == unit_id
    ).execute()
    report = services.maintenance.check()

    assert not report.ok
    assert report.problems == (
        "Unit 3-1502: 9.00 charged is kept, but its live charges add up to 10.00.",
        "Unit 3-1502: its oldest unpaid charge is kept as due none, but its account gives 2026-01-31.",
        "Unit 3-1502: the last reminder kept is not the newest in its collection log.",
    )
    unit_balances.refill([unit_id])
    assert services.maintenance.check().ok


def test_a_missing_row_is_reported(services: Services, admin: Actor, registry: Registry) -> None:
    unit_id = registry.ua_1203.id
    services.estate.record_payment(actor=admin, unit_id=unit_id, amount_fen=700, method="cash")
    UnitBalance.delete().where(UnitBalance.unit == unit_id).execute()
    assert services.maintenance.check().problems == (
        "Unit A-1203: 0.00 paid is kept, but its live payments add up to 7.00.",
    )


def test_the_migration_fills_the_balances_of_an_older_database(
    db_target: DatabaseTarget, tmp_path: Path
) -> None:
    """A database written before schema 6 gets its rows from its ledger when it is upgraded."""
    folder = tmp_path / "b"
    services = connect(db_target, create=True, backup_folder=folder)
    try:
        services.setup.initialize(
            actor=None,
            office_name="物业",
            estate_name="小区",
            admin_username="admin",
            admin_display_name="admin",
            admin_password="admin-password-1",
            visitor_retention_days=30,
            slip_retention_days=365,
        )
        load_demo(actor=Actor.command_line(), units=60, years=2, seed=3, today=TODAY)
        expected = unit_balances.kept([u.id for u in Unit.select()])
        assert expected and any(f.oldest_unpaid_due for f in expected.values())
        assert any(f.last_collection_id for f in expected.values())
        assert unit_balances.problems() == []
        # back to schema 5, as a database of the program before it
        database_proxy.execute_sql("DROP TABLE unit_balance")
        database_proxy.execute_sql("DROP INDEX payment_paid_at")
        database_proxy.execute_sql("DELETE FROM schema_version WHERE version = 6")
        assert [m.version for m in migrations.pending()] == [6]
    finally:
        services.close()

    services = connect(db_target, backup_folder=folder)
    try:
        assert migrations.current_version() == migrations.LATEST
        assert unit_balances.kept([u.id for u in Unit.select()]) == expected
        assert services.maintenance.check().ok
        estate_id = Building.select().first().estate_id
        assert services.estate.arrears_totals(actor=Actor.command_line()).units == len(
            services.estate.units_in_arrears(actor=Actor.command_line(), estate_id=estate_id)
        )
    finally:
        services.close()


@pytest.mark.parametrize("as_of", [TODAY, TODAY - timedelta(days=40)])
def test_the_demo_estate_reads_the_same_as_its_ledger(
    estate: EstateService, admin: Actor, as_of: date
) -> None:
    load_demo(actor=admin, units=80, years=3, seed=5, today=TODAY)
    assert unit_balances.problems() == []
    rate = late_fee_rate()
    rows = estate.units_in_arrears(actor=admin, as_of=as_of)
    assert rows
    for row in rows:
        assert row.arrears == _slow_summary(row.unit_id, as_of, rate)
