"""The slips' text index: the LIKE filter's rows exactly, kept in step through purges, made by migration 6."""

from __future__ import annotations

import logging
import random
import uuid
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from frontdesk import migrations
from frontdesk.auth import Actor
from frontdesk.db import DatabaseTarget, database_proxy, engine_name
from frontdesk.services import Services, connect
from frontdesk.slips import text_index
from frontdesk.slips.models import ReleaseSlip
from frontdesk.slips.service import SlipService
from tests.unit.frontdesk.slips.conftest import DeskClock, World, agent_applicant, call, sofa

NAMES = (
    "李娜",
    "王秀英",
    "娜",
    "李娜娜",
    "欧阳娜",
    "张伟",
    "Li Na",
    "LI NA",
    "anna",
    "O'Brien",
    "50%_off",
    "",
)
CODES = ("3-1502", "3-0101", "A-1201", "a-1202", "12-0302", "B2-07", "3-15", "B2", "Q")
SURNAMES, GIVEN = "李王张刘陈", ("娜", "秀英", "伟", "建国", "Na")
FIXED_TEXTS = (
    *("李娜", "娜", "李", "na", "NA", "Na", "li na", "%", "_", "50%_", "%_o", "'", '"', 'a"b', "o'b"),
    *("3-", "3-15", "A", "a-12", "1", "99", "0007", "fx", "FX-2025", "fx 20250101 0003", "  李娜  "),
    *(
        "zz",
        "AND",
        "NEAR(",
        "x*",
        "B2",
        "b",
        "q",
        "202501010003",
        "FX-20250101-0003",
        "秀英",
        "王秀英x",
        "B2-07",
    ),
)


def _generate(world: World, count: int, seed: int) -> list[str]:
    """``count`` slips with random texts written through the model; returns the texts to search for."""
    rng = random.Random(seed)
    moments = [
        datetime(2025, 1, 1, 9) + timedelta(minutes=rng.randint(0, 60 * 24 * 400)) for _ in range(count // 3)
    ]
    rows, per_day = [], dict[date, int]()
    for _n in range(count):
        at = rng.choice(moments)  # shared moments: ties broken by id, ids not in time order
        day = at.date()
        per_day[day] = per_day.get(day, 0) + 1
        name = rng.choice(NAMES) if rng.random() < 0.5 else rng.choice(SURNAMES) + rng.choice(GIVEN)
        rows.append(
            {
                "number": f"FX-{day:%Y%m%d}-{per_day[day]:04d}",
                "unit": world.unit,
                "unit_code": rng.choice(CODES),
            }
            | {"status": "used", "applicant_kind": "agent", "applicant_name": name, "reason": "moving_out"}
            | {"valid_until": day, "issued_at": at, "issued_on": day, "issued_by": "clerk"}
            | {"verification_code": "ABCD-EFGH", "item_count": 1}
        )
    ReleaseSlip.insert_many(rows).execute()
    texts = list(FIXED_TEXTS)
    for row in rng.sample(rows, min(60, count)):
        source = str(rng.choice((row["number"], row["applicant_name"], row["unit_code"]))) or "李"
        size = rng.choice((1, 2, 2, 3, 4, 8, 16))
        start = rng.randint(0, max(0, len(source) - size))
        piece = source[start : start + size]
        texts.append(piece.upper() if rng.random() < 0.2 else piece)
    return texts


def _scan(words: str, limit: int, before: tuple[datetime, int] | None = None, **where: Any) -> list[str]:
    """Today's filter as it was: one LIKE query over every slip."""
    query = ReleaseSlip.select().where(text_index.text_condition(words))
    for field, value in where.items():
        query = query.where(getattr(ReleaseSlip, field) == value)
    if before is not None:
        at, last = before
        query = query.where(
            (ReleaseSlip.issued_at < at) | ((ReleaseSlip.issued_at == at) & (ReleaseSlip.id < last))
        )
    return [s.number for s in text_index._ordered(query).limit(limit)]


@pytest.mark.parametrize("window", ["default", "small"])
def test_the_index_finds_what_the_like_filter_finds(
    slips: SlipService, world: World, clerk: Actor, admin: Actor, monkeypatch: pytest.MonkeyPatch, window: str
) -> None:
    if window == "small":  # the older slips come from the index's candidates
        monkeypatch.setattr(text_index, "WINDOW", 15)
        monkeypatch.setattr(text_index, "WINDOW_PER_ROW", 2)
    texts = _generate(world, 400, seed=11)
    if engine_name() == "sqlite":
        assert text_index.indexed()
    # the purge blanks the oldest names: the index follows the update
    ReleaseSlip.update(applicant_name="").where(ReleaseSlip.issued_at < datetime(2025, 3, 1)).execute()
    checked = 0
    for text in texts:
        for limit in (5, 40):
            found = [s.number for s in slips.list_slips(actor=clerk, text=text, limit=limit)]
            assert found == _scan(text.strip(), limit), (text, limit)
            checked += bool(found)
    assert checked > len(texts)  # most texts find something
    for text in ("娜", "3-15", "na", "0"):  # page by page, as the slip list does
        seen: list[str] = []
        page = slips.list_slips(actor=clerk, text=text, limit=7)
        while page:
            seen += [s.number for s in page]
            page = slips.list_slips(actor=clerk, text=text, limit=7, before=page[-1].page_key)
        assert seen == _scan(text, 10_000) and len(seen) > 7, text
    used = [s.number for s in slips.list_slips(actor=clerk, text="李", status="used", limit=9)]
    assert used == _scan("李", 9, status="used")


def _fts_ids(words: str) -> set[int]:
    query = ReleaseSlip.select(ReleaseSlip.id).where(text_index.candidates(words))
    return {s.id for s in query}


def test_a_purged_name_is_no_longer_found(
    slips: SlipService, world: World, clerk: Actor, admin: Actor, clock: DeskClock, services: Services
) -> None:
    clock.advance(days=-370)
    old = slips.issue_slip(
        actor=clerk,
        client_id=str(uuid.uuid4()),
        unit_id=world.unit,
        applicant=agent_applicant(name="李娜"),
        items=[sofa()],
        reason="moving_out",
        confirmation=call(world, clock),
    )
    clock.advance(days=370)
    for text in ("李娜", "娜", "李娜 "):
        assert [s.number for s in slips.list_slips(actor=clerk, text=text)] == [old.number]
    if engine_name() == "sqlite":
        assert _fts_ids("李娜") == _fts_ids("娜") == {old.id}

    assert slips.purge_personal_data(actor=admin).purged == 1

    for text in ("李娜", "娜", "李"):
        assert slips.list_slips(actor=clerk, text=text) == []
    assert [s.number for s in slips.list_slips(actor=clerk, text=old.number[-4:])] == [old.number]
    if engine_name() == "sqlite":  # the index itself has forgotten the name, not just the filter
        assert _fts_ids("李娜") == _fts_ids("娜") == set()
        assert _fts_ids(old.number[-6:]) == {old.id}
        database_proxy.execute_sql("INSERT INTO slip_text(slip_text, rank) VALUES ('integrity-check', 1)")
        ReleaseSlip.delete().where(
            ReleaseSlip.id == old.id
        ).execute()  # never done; the trigger is there anyway
        assert _fts_ids(old.number[-6:]) == set()
        database_proxy.execute_sql("INSERT INTO slip_text(slip_text, rank) VALUES ('integrity-check', 1)")


def _trigram_indexes() -> set[str]:
    cursor = database_proxy.execute_sql(
        "SELECT indexname FROM pg_indexes WHERE tablename = 'release_slip' AND indexdef LIKE %s",
        ("%gin_trgm_ops%",),
    )
    return {str(row[0]) for row in cursor.fetchall()}


def _drop_index() -> None:
    """The database as it was before migration 6."""
    if engine_name() == "sqlite":
        for event in ("insert", "update", "delete"):
            database_proxy.execute_sql(f"DROP TRIGGER {text_index.TABLE}_{event}")
        for kind, name in (
            ("TABLE", text_index.INSTANCES),
            ("TABLE", text_index.TABLE),
            ("VIEW", text_index.SOURCE),
        ):
            database_proxy.execute_sql(f"DROP {kind} {name}")
    else:
        for name in _trigram_indexes():
            database_proxy.execute_sql(f"DROP INDEX {name}")
    database_proxy.execute_sql("DELETE FROM schema_version WHERE version = 7")


def test_migration_7_indexes_the_slips_already_there(
    db_target: DatabaseTarget, tmp_path: Path, services: Services, world: World
) -> None:
    _generate(world, 50, seed=3)
    _drop_index()
    services.close()
    reopened = connect(db_target, backup_folder=tmp_path / "backups")
    try:
        assert migrations.current_version() == migrations.LATEST
        if engine_name() == "sqlite":
            assert text_index.indexed()
            database_proxy.execute_sql("INSERT INTO slip_text(slip_text, rank) VALUES ('integrity-check', 1)")
            some = ReleaseSlip.select().order_by(ReleaseSlip.id).first()
            assert some is not None and some.id in _fts_ids(some.number)
        else:
            assert len(_trigram_indexes()) == 3
    finally:
        reopened.close()


def test_without_the_engine_s_index_the_filter_scans(
    db_target: DatabaseTarget,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
    admin_actor: Actor,
) -> None:
    statements = text_index._sqlite_statements()
    broken = [statements[0], statements[1].replace("fts5(", "frontdesk_no_such_module(")]
    monkeypatch.setattr(text_index, "_sqlite_statements", lambda: broken)
    monkeypatch.setattr(text_index, "EXTENSION", "frontdesk_no_such_extension")
    with caplog.at_level(logging.WARNING, logger=text_index.__name__):
        services = connect(db_target, create=True, backup_folder=tmp_path / "backups")
    try:
        assert migrations.current_version() == migrations.LATEST  # migrated all the same
        assert "slip text search without an index" in caplog.text
        if engine_name() == "sqlite":
            assert not text_index.indexed()
            made = database_proxy.execute_sql("SELECT name FROM sqlite_master WHERE name LIKE 'slip_text%'")
            assert made.fetchall() == []  # nothing half made
        else:
            assert _trigram_indexes() == set()
        assert text_index.candidates("李娜") is None
    finally:
        services.close()
