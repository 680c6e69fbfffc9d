"""A sheet of thousands of rows: every resident lands on its own row's unit, ID and name keys.

The import writes in large statements (over a thousand residents each); the ids the database gives
them are matched back to the rows in order, on both engines, and a SQLite limited to its old 999
values a statement still takes the import.
"""

from __future__ import annotations

import sqlite3

import pytest

from frontdesk import audit
from frontdesk.auth import Actor
from frontdesk.db import database_proxy
from frontdesk.estate.importing import import_residents
from frontdesk.estate.models import Resident, ResidentNameKey, Unit
from frontdesk.estate.privacy import id_fingerprint
from frontdesk.estate.residents import name_fragments
from frontdesk.services import Services
from tests.unit.frontdesk.estate.estate_data import mainland_id

ROWS = 4000  # more than two statements of residents, and of name keys
_NUMERALS = str.maketrans("0123456789", "〇一二三四五六七八九")


def _row(n: int) -> dict[str, object]:
    first17 = f"1101051990{n % 12 + 1:02d}{n % 28 + 1:02d}{n % 1000:03d}"
    return {
        "楼栋": f"{n // 1000 + 1}栋",
        "房号": f"{n % 1000 // 20 + 1}{n % 20 + 1:02d}",
        "面积": 89.5,
        "业主": f"住户 {str(n).translate(_NUMERALS)}号",
        "电话": f"138{n:08d}",
        "身份证号": mainland_id(first17),
    }


def _unit_code(row: dict[str, object]) -> str:
    return f"{str(row['楼栋']).removesuffix('栋')}-{row['房号']}"


def _import(services: Services, actor: Actor, rows: list[dict[str, object]]) -> None:
    report = import_residents(services.estate, actor=actor, rows=rows, create_units=True, source="big.xlsx")
    assert report.errors == [] and report.imported == len(rows) and report.units_created == len(rows)


def test_thousands_of_rows_land_on_their_own_records(services: Services, admin: Actor) -> None:
    rows = [_row(n) for n in range(ROWS)]
    _import(services, admin, rows)
    stored = {
        name: (code, digits, fingerprint, resident_id)
        for resident_id, name, code, digits, fingerprint in Resident.select(
            Resident.id, Resident.name, Unit.code, Resident.phone_digits, Resident.id_hash
        )
        .join(Unit)
        .tuples()
    }
    assert len(stored) == ROWS
    keys: dict[int, set[tuple[int, str]]] = {}
    for resident_id, position, fragment in ResidentNameKey.select(
        ResidentNameKey.resident, ResidentNameKey.position, ResidentNameKey.fragment
    ).tuples():
        keys.setdefault(resident_id, set()).add((position, fragment))
    for row in rows:
        code, digits, fingerprint, resident_id = stored[str(row["业主"])]
        assert (code, digits) == (_unit_code(row), row["电话"])
        assert fingerprint == id_fingerprint(str(row["身份证号"]))
        assert keys[resident_id] == set(name_fragments(str(row["业主"])))
    hits = [
        (h.name, h.unit_code) for h in services.estate.search(actor=admin, text="三九九九号") if h.resident_id
    ]
    assert hits == [("住户 三九九九号", "4-5020")]
    (entry,) = [e for e in audit.recent(10) if e.action == "import"]
    first, last = min(r[3] for r in stored.values()), max(r[3] for r in stored.values())
    assert entry.after["resident_ids"] == [[first, last]] and entry.after["imported"] == ROWS
    assert services.maintenance.check().ok


@pytest.mark.parametrize("db_target", ["sqlite"], indirect=True)  # SQLite's own limit
def test_a_sqlite_allowing_only_999_values_a_statement_still_imports(
    services: Services, admin: Actor
) -> None:
    connection = database_proxy.connection()
    connection.setlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER, 999)
    rows = [_row(n) for n in range(300)]
    _import(services, admin, rows)
    fragments = sum(len(name_fragments(str(row["业主"]))) for row in rows)
    assert Resident.select().count() == 300 and ResidentNameKey.select().count() == fragments
