"""Tests for the demo estate: counts, reproducibility, valid IDs, search, arrears, refusals, the CLI."""

from __future__ import annotations

import io
from pathlib import Path

import peewee as pw
import pytest

from frontdesk import identity
from frontdesk.audit import AuditEntry
from frontdesk.auth import Actor
from frontdesk.base import BaseModel
from frontdesk.db import database_proxy, parse_target, transaction
from frontdesk.demo import DemoCounts, load_demo
from frontdesk.demo.plan import MAX_ARREARS_MONTHS, MonthPlan, account_months, make_plan
from frontdesk.errors import UserError, ValidationError
from frontdesk.estate.models import (
    Building,
    Charge,
    CollectionLog,
    Payment,
    Resident,
    ResidentNameKey,
    StandingInstruction,
    Unit,
)
from frontdesk.estate.privacy import id_fingerprint, store_id
from frontdesk.estate.search import Match, Resolution
from frontdesk.estate.service import EstateService
from frontdesk.services import Services, connect
from tests.unit.frontdesk.estate.estate_data import TODAY

UNITS = 40

Snapshot = tuple[list[str], list[str], int, int]


def _load(admin: Actor, seed: int = 1, units: int = UNITS) -> DemoCounts:
    return load_demo(actor=admin, units=units, years=1, seed=seed, today=TODAY)


def _snapshot() -> Snapshot:
    codes = [u.code for u in Unit.select().order_by(Unit.id)]
    names = [r.name for r in Resident.select().order_by(Resident.id)]
    charged = sum(c.amount_fen for c in Charge.select())
    paid = sum(p.amount_fen for p in Payment.select())
    return codes, names, charged, paid


def _all_models() -> list[type[BaseModel]]:
    found: list[type[BaseModel]] = []
    pending: list[type[BaseModel]] = [BaseModel]
    while pending:
        for sub in pending.pop().__subclasses__():
            pending.append(sub)
            if not sub._meta.options.get("abstract") and sub._meta.table_name:
                found.append(sub)
    return found


def _empty_tables() -> list[type[BaseModel]]:
    """The tables still empty: what the demo (and later modules' demo history) will fill."""
    tables = set(database_proxy.get_tables())
    return [m for m in _all_models() if m._meta.table_name in tables and not m.select().exists()]


def _wipe(models: list[type[BaseModel]]) -> None:
    """Empty these tables again (the audit trail keeps its entries), as in a fresh database."""
    with transaction():
        for model in reversed(pw.sort_models(models)):  # who points at a table goes first
            model.delete().execute()


def test_counts_match_the_rows_and_one_audit_entry(estate: EstateService, admin: Actor) -> None:
    counts = _load(admin)
    assert (counts.units, Unit.select().count()) == (UNITS, UNITS)
    assert Building.select().count() == counts.buildings >= 1
    assert Resident.select().count() == counts.residents >= UNITS  # every unit has an owner
    assert (
        Charge.select().where(Charge.kind == "management").count()
        == counts.charges
        == 12 * Unit.select().where(Unit.status == "occupied").count()
    )
    fees = Payment.select().where(Payment.receipt_no.startswith("GC-"))  # paid work orders' fees
    assert Payment.select().count() - fees.count() == counts.payments < counts.charges
    assert StandingInstruction.select().count() == counts.instructions >= 2
    assert CollectionLog.select().count() == counts.collections
    fragments = sum(len(r.name) for r in Resident.select())
    assert ResidentNameKey.select().count() == fragments
    entries = list(AuditEntry.select().where(AuditEntry.action == "demo"))
    assert len(entries) == 1
    assert entries[0].actor == admin.username
    assert f'"units": {UNITS}' in entries[0].after


def test_units_are_realistic(estate: EstateService, admin: Actor) -> None:
    _load(admin)
    for unit in Unit.select(Unit, Building).join(Building):
        assert 6000 <= unit.area_dm2 <= 18000
        assert unit.code == f"{unit.building.code}-{unit.number}"
        assert unit.building.name == f"{unit.building.code}栋"
    assert {u.status for u in Unit.select()} <= {"occupied", "vacant", "under_decoration"}


def test_same_seed_same_estate_other_seed_other_estate(estate: EstateService, admin: Actor) -> None:
    filled = _empty_tables()
    _load(admin, seed=1)
    first = _snapshot()
    _wipe(filled)
    _load(admin, seed=1)
    assert _snapshot() == first
    _wipe(filled)
    _load(admin, seed=2)
    assert _snapshot()[1:] != first[1:]


def _history(seed: int, years: int) -> list[MonthPlan]:
    return list(account_months(make_plan(seed, UNITS, years, TODAY)))


def test_plan_is_reproducible() -> None:
    assert make_plan(7, UNITS, 2, TODAY) == make_plan(7, UNITS, 2, TODAY)
    assert make_plan(7, UNITS, 1, TODAY) != make_plan(8, UNITS, 1, TODAY)
    assert _history(7, 2) == _history(7, 2)
    assert [m.payments for m in _history(7, 2)] != [m.payments for m in _history(8, 2)]


def test_history_comes_a_month_at_a_time_and_ends_in_the_planned_arrears() -> None:
    plan = make_plan(7, UNITS, 2, TODAY)
    history = list(account_months(plan))
    assert len(history) == 24 and len({m.charges[0].period for m in history}) == 24
    paid = {
        u: sum(1 for m in history for p in m.payments if p.unit == u)
        for u in {c.unit for c in history[0].charges}
    }
    assert {u for u, n in paid.items() if n < 24} == set(plan.unpaid) != set()
    assert all(paid[u] == 24 - n for u, n in plan.unpaid.items())
    receipts = [p.receipt_no for m in history for p in m.payments]
    assert len(set(receipts)) == len(receipts)  # numbered within each month, unique overall


def test_identity_numbers_are_valid_and_stored_masked(estate: EstateService, admin: Actor) -> None:
    _load(admin)
    plan = make_plan(1, UNITS, 1, TODAY)
    stored = list(Resident.select().order_by(Resident.id))
    assert len(stored) == len(plan.residents)
    for resident, planned in zip(stored, plan.residents, strict=True):
        number = planned.who.id_number
        check = identity.validate(identity.DocumentType.MAINLAND_ID, number, today=TODAY)
        assert check.valid and not check.warnings, (number, check.errors)
        assert 1950 <= check.birth_date.year <= 2000  # type: ignore[union-attr]
        assert resident.id_number_masked == number[:6] + "*" * 8 + number[-4:]
        assert resident.id_last4 == number[-4:]
        assert resident.id_hash == id_fingerprint(number)
        document = store_id("cn_id", number)  # stored exactly as the resident service stores it
        stored_as = (resident.id_type, resident.id_number_masked, resident.id_last4, resident.id_hash)
        assert stored_as == (document.id_type, document.masked, document.last4, document.fingerprint)
        assert resident.phone[:2] in ("13", "15", "18") and len(resident.phone) == 11


def test_search_finds_generated_residents_and_units(estate: EstateService, admin: Actor) -> None:
    _load(admin)
    someone = next(r for r in Resident.select().order_by(Resident.id) if len(r.name) == 3)
    given = someone.name[1:]
    by_name = estate.search(actor=admin, text=given, limit=200)
    assert someone.id in {h.resident_id for h in by_name if h.matched is Match.NAME}
    by_phone = estate.search(actor=admin, text=someone.phone[-4:], limit=200)
    assert someone.id in {h.resident_id for h in by_phone if h.matched is Match.PHONE_SUFFIX}
    unit = Unit.select().order_by(Unit.id.desc()).first()
    resolved = estate.resolve_unit(actor=admin, text=unit.code)
    assert resolved.status is Resolution.FOUND and resolved.unit is not None
    assert resolved.unit.id == unit.id
    building = unit.code.split("-")[0]
    assert estate.resolve_unit(actor=admin, text=f"{building}栋{unit.number}").status is Resolution.FOUND


def test_some_units_are_in_arrears_most_are_not(estate: EstateService, admin: Actor) -> None:
    counts = _load(admin, units=200)
    summaries = [estate.arrears(actor=admin, unit_id=u.id, as_of=TODAY) for u in Unit.select()]
    owing = [s for s in summaries if s.arrears_fen > 0]
    assert len(owing) == counts.in_arrears
    assert 0.04 * 200 <= len(owing) <= 0.09 * 200
    # at most MAX_ARREARS_MONTHS months unpaid, the last of them last month: due up to a month more ago
    assert all(0 < s.oldest_unpaid_days <= 31 * (MAX_ARREARS_MONTHS + 1) for s in owing)
    assert len(estate.units_in_arrears(actor=admin, as_of=TODAY)) == len(owing)


def test_a_second_run_is_refused(estate: EstateService, admin: Actor) -> None:
    _load(admin)
    with pytest.raises(UserError, match="already has buildings or units"):
        _load(admin)
    assert Unit.select().count() == UNITS


def test_out_of_range_sizes_are_refused(estate: EstateService, admin: Actor) -> None:
    with pytest.raises(ValidationError):
        load_demo(actor=admin, units=0, today=TODAY)
    with pytest.raises(ValidationError):
        load_demo(actor=admin, units=10, years=0, today=TODAY)


def test_a_database_not_set_up_is_refused(bare_services: Services) -> None:
    with pytest.raises(UserError, match="not set up"):
        load_demo(actor=Actor.command_line(), units=10, today=TODAY)


def test_demo_command(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from ui.app import main

    monkeypatch.setenv("FRONTDESK_CONFIG", str(tmp_path / "settings.json"))
    path = tmp_path / "demo.db"
    monkeypatch.setattr("sys.stdin", io.StringIO("demo-password-1\n"))
    init = [
        "--lang",
        "en",
        "--db",
        str(path),
        "init",
        "--office",
        "幸福里",
        "--admin",
        "admin",
        "--password-stdin",
    ]
    assert main(init) == 0
    assert main(["--lang", "en", "--db", str(path), "demo", "--units", "30"]) == 0
    assert "30 units" in capsys.readouterr().out
    assert main(["--lang", "en", "--db", str(path), "demo", "--units", "30"]) == 1
    assert "already has buildings or units" in capsys.readouterr().err
    services = connect(parse_target(path), backup_folder=tmp_path / "bk")
    try:
        assert Unit.select().count() == 30
    finally:
        services.close()


def test_reminders_are_never_dated_after_today() -> None:
    """A demo reminder a month in the future read as a call nobody had made yet (issue 10)."""
    for seed in range(1, 30):
        plan = make_plan(seed, UNITS, 1, TODAY)
        assert all(note.at is not None and note.at.date() < TODAY for note in plan.collections)
    assert any(make_plan(seed, UNITS, 1, TODAY).collections for seed in range(1, 30))
