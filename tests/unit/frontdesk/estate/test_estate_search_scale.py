"""The desk's search on a large estate: 5,000 units and 15,000 residents, every kind of query fast."""

from __future__ import annotations

import random
import statistics
import time
import uuid
from collections.abc import Iterator

import pytest

from frontdesk.auth import Actor
from frontdesk.db import database_proxy, engine_name
from frontdesk.estate.models import Building, Resident, ResidentNameKey, Unit
from frontdesk.estate.privacy import id_fingerprint
from frontdesk.estate.residents import name_fragments
from frontdesk.estate.search import Match
from frontdesk.estate.service import EstateService
from frontdesk.identity import mask
from tests.unit.frontdesk.estate.estate_data import mainland_id

pytestmark = pytest.mark.slow

BUILDINGS, FLOORS, FLATS, PER_UNIT = 25, 25, 8, 3  # 5,000 units, 15,000 residents
SURNAMES = "王李張劉陳楊黃趙吳周徐孫馬朱胡郭何高林羅鄭梁謝宋唐許韓馮鄧曹彭曾蕭田董袁潘蔣蔡余杜葉程"
GIVEN = "秀英明華建國麗娟偉芳敏靜強磊軍洋勇艷傑娜濤超霞平剛桂蘭玉珍志紅海燕鳳文輝"
BUDGET_MS = 50  # per search, median of 5: measured 1-6 ms; generous for a shared, noisy machine


def _rows(estate_id: int) -> Iterator[tuple[str, dict[str, object]]]:
    rng = random.Random(20260331)
    for b in range(1, BUILDINGS + 1):
        yield "building", {"id": b, "estate": estate_id, "name": f"{b}棟", "code": str(b)}
    unit_id = resident_id = 0
    for b in range(1, BUILDINGS + 1):
        for floor in range(1, FLOORS + 1):
            for flat in range(1, FLATS + 1):
                unit_id += 1
                number = f"{floor}{flat:02d}"
                yield (
                    "unit",
                    {
                        "id": unit_id,
                        "building": b,
                        "code": f"{b}-{number}",
                        "number": number,
                        "floor": floor,
                        "area_dm2": rng.randint(5000, 15000),
                        "status": "occupied",
                    },
                )
                for _ in range(PER_UNIT):
                    resident_id += 1
                    yield "resident", _resident(rng, resident_id, unit_id)


def _resident(rng: random.Random, resident_id: int, unit_id: int) -> dict[str, object]:
    name = rng.choice(SURNAMES) + "".join(rng.choices(GIVEN, k=rng.choice((1, 2, 2, 2))))
    phone = f"13{rng.randint(0, 9)}{rng.randint(0, 99_999_999):08d}"
    number = mainland_id(
        f"4403{rng.randint(0, 99):02d}19{rng.randint(50, 99)}0{rng.randint(1, 9)}1{rng.randint(0, 8)}"
        f"{rng.randint(0, 999):03d}"
    )
    return {
        "id": resident_id,
        "unit": unit_id,
        "kind": "owner",
        "name": name,
        "phone": phone,
        "phone_digits": phone,
        "phone_suffix4": phone[-4:],
        "id_type": "cn_id",
        "id_number_masked": mask("cn_id", number),
        "id_last4": number[-4:],
        "id_hash": id_fingerprint(number),
    }


def _load(estate_id: int) -> dict[str, dict[str, object]]:
    tables: dict[str, list[dict[str, object]]] = {"building": [], "unit": [], "resident": []}
    for table, row in _rows(estate_id):
        tables[table].append({**row, "client_id": uuid.uuid4(), "updated_by": "seed"})
    keys = [
        {"resident": r["id"], "fragment": f, "position": p}
        for r in tables["resident"]
        for p, f in name_fragments(str(r["name"]))
    ]
    with database_proxy.atomic():
        for model, rows in (
            (Building, tables["building"]),
            (Unit, tables["unit"]),
            (Resident, tables["resident"]),
            (ResidentNameKey, keys),
        ):
            for start in range(0, len(rows), 1000):
                model.insert_many(rows[start : start + 1000]).execute()
    if engine_name() == "postgresql":
        database_proxy.execute_sql("ANALYZE")
        for table in ("building", "unit", "resident"):  # explicit ids: move the sequences past them
            database_proxy.execute_sql(f"SELECT setval('{table}_id_seq', (SELECT MAX(id) FROM {table}))")
    return {"sample": tables["resident"][7777]}


def _median_ms(search: EstateService, actor: Actor, text: str) -> tuple[float, int]:
    timings, hits = [], 0
    for _ in range(5):
        start = time.perf_counter()
        hits = len(search.search(actor=actor, text=text))
        timings.append((time.perf_counter() - start) * 1000)
    return statistics.median(timings), hits


def test_every_kind_of_search_is_fast_on_a_large_estate(
    estate: EstateService, clerk: Actor, estate_id: int
) -> None:
    sample = _load(estate_id)["sample"]
    name, phone = str(sample["name"]), str(sample["phone"])
    assert Resident.select().count() == BUILDINGS * FLOORS * FLATS * PER_UNIT == 15_000
    queries = {
        "unit code": "13棟1205",
        "bare number": "1205",
        "code typed so far": "13-12",
        "surname": name[0],
        "given name": name[1:] if len(name) > 2 else name,
        "full name": name,
        "phone": phone,
        "phone start": phone[:7],
        "phone suffix": phone[-4:],
        "3 digits": phone[-3:],
        "ID last 4": str(sample["id_last4"]),
    }
    results = {label: _median_ms(estate, clerk, text) for label, text in queries.items()}
    print({label: f"{ms:.1f} ms / {n} hits" for label, (ms, n) in results.items()})
    assert all(n > 0 for _ms, n in results.values()), results
    assert all(ms < BUDGET_MS for ms, _n in results.values()), results
    found = estate.search(actor=clerk, text=name[1:] if len(name) > 2 else name, limit=200)
    assert sample["id"] in {h.resident_id for h in found if h.matched is Match.NAME}
