"""Tests for the desk's search and unit resolution: names (two-character ones too), phones, IDs, codes."""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass

import pytest

from frontdesk.auth import Actor
from frontdesk.db import database_proxy, engine_name
from frontdesk.errors import PermissionDenied
from frontdesk.estate.kinds import ResidentKind
from frontdesk.estate.search import Match, Resolution, SearchHit
from frontdesk.estate.service import EstateService
from frontdesk.identity import mask_phone
from tests.unit.frontdesk.estate.estate_data import Registry, mainland_id

WANG_ID = mainland_id("11010519491231002")


@dataclass(frozen=True)
class People:
    """Resident ids by name."""

    wang: int
    li: int
    xiaoming: int
    chan: int
    zhang: int
    lina: int


@pytest.fixture
def people(estate: EstateService, admin: Actor, registry: Registry) -> People:
    """Residents with two- and three-character names, phones and IDs; 李娜 has moved out."""

    def add(unit_id: int, name: str, phone: str = "", **extra: str) -> int:
        return estate.add_resident(
            actor=admin, unit_id=unit_id, kind="owner", name=name, phone=phone, **extra
        ).resident.id  # type: ignore[arg-type]

    lina = add(registry.u3_1501.id, "李娜", "13700001111")
    estate.move_out(actor=admin, resident_id=lina, version=1)
    return People(
        wang=add(registry.u3_1502.id, "王秀英", "138 1234 5678", id_type="cn_id", id_number=WANG_ID),
        li=add(registry.ua_1502.id, "李秀英", "13912340678"),
        xiaoming=add(registry.u3_1501.id, "王小明", "020-8765 4321"),
        chan=add(
            registry.ua_1203.id, "Chan Tai Man", "+852 9123 4567", id_type="hk_id", id_number="A123456(3)"
        ),
        zhang=add(registry.ua_1203.id, "張秀"),
        lina=lina,
    )


def _residents(hits: list[SearchHit], matched: Match | None = None) -> list[int]:
    return [
        h.resident_id for h in hits if h.resident_id is not None and (matched is None or h.matched is matched)
    ]


def _find(estate: EstateService, actor: Actor, text: str, **kwargs: object) -> list[SearchHit]:
    return estate.search(actor=actor, text=text, **kwargs)  # type: ignore[arg-type]


# --- names -----------------------------------------------------------------------------------------


def test_a_two_character_given_name_finds_everyone_it_is_part_of(
    estate: EstateService, clerk: Actor, people: People
) -> None:
    hits = _find(estate, clerk, "秀英")
    assert sorted(_residents(hits, Match.NAME)) == sorted([people.wang, people.li])
    wang = next(h for h in hits if h.resident_id == people.wang)
    assert (wang.name, wang.unit_code, wang.phone_masked, wang.id_number_masked) == (
        "王秀英",
        "3-1502",
        "138****5678",
        "110105********002X",
    )


def test_a_two_character_full_name_is_found(estate: EstateService, clerk: Actor, people: People) -> None:
    assert _residents(_find(estate, clerk, "張秀")) == [people.zhang]
    assert _residents(_find(estate, clerk, " 張 秀 ")) == []  # spaces inside are not in the name


def test_prefix_matches_come_before_contained_ones(
    estate: EstateService, clerk: Actor, people: People
) -> None:
    assert _residents(_find(estate, clerk, "王秀")) == [people.wang]
    assert _residents(_find(estate, clerk, "王")) == [
        people.xiaoming,
        people.wang,
    ]  # both start with 王, by name
    assert sorted(_residents(_find(estate, clerk, "秀"))) == sorted([people.wang, people.li, people.zhang])
    assert _residents(_find(estate, clerk, "英")) == [people.li, people.wang]


def test_latin_names_ignore_case_and_match_inside(
    estate: EstateService, clerk: Actor, people: People
) -> None:
    assert _residents(_find(estate, clerk, "chan")) == [people.chan]
    assert _residents(_find(estate, clerk, "TAI MAN")) == [people.chan]
    assert _residents(_find(estate, clerk, "man")) == [people.chan]


def test_renaming_updates_what_is_found(estate: EstateService, admin: Actor, people: People) -> None:
    estate.update_resident(actor=admin, resident_id=people.zhang, version=1, name="張秀蘭")
    assert _residents(_find(estate, admin, "秀蘭")) == [people.zhang]
    assert _residents(_find(estate, admin, "張秀")) == [people.zhang]
    estate.update_resident(actor=admin, resident_id=people.zhang, version=2, name="趙敏")
    assert _residents(_find(estate, admin, "張秀")) == []


def test_former_residents_only_when_asked(estate: EstateService, clerk: Actor, people: People) -> None:
    assert _find(estate, clerk, "李娜") == []
    hits = _find(estate, clerk, "李娜", include_former=True)
    assert _residents(hits) == [people.lina] and hits[0].active is False


# --- phones and identity numbers ---------------------------------------------------------------


@pytest.mark.parametrize(
    "typed", ["13812345678", "138 1234 5678", "+86 138-1234-5678", "1381234", "１３８１２"]
)
def test_a_phone_or_its_start(estate: EstateService, clerk: Actor, people: People, typed: str) -> None:
    assert _residents(_find(estate, clerk, typed), Match.PHONE) == [people.wang]


def test_the_last_four_or_three_digits_of_a_phone(
    estate: EstateService, clerk: Actor, people: People
) -> None:
    assert _residents(_find(estate, clerk, "5678"), Match.PHONE_SUFFIX) == [people.wang]
    assert _residents(_find(estate, clerk, "678"), Match.PHONE_SUFFIX) == [people.li, people.wang]
    assert _residents(_find(estate, clerk, "4567"), Match.PHONE_SUFFIX) == [people.chan]
    assert _find(estate, clerk, "1111") == []  # only 李娜, who moved out


def test_the_last_four_characters_of_an_id(estate: EstateService, clerk: Actor, people: People) -> None:
    assert _residents(_find(estate, clerk, "002x"), Match.ID_LAST4) == [people.wang]
    assert _residents(_find(estate, clerk, "002X"), Match.ID_LAST4) == [people.wang]


@pytest.mark.parametrize(
    ("typed", "who"),
    [
        (WANG_ID, "wang"),
        (WANG_ID.lower(), "wang"),
        ("A123456(3)", "chan"),
        ("a1234563", "chan"),
        ("Ａ１２３４５６（３）", "chan"),
    ],
)
def test_a_full_id_number_is_matched_by_its_fingerprint(
    estate: EstateService, clerk: Actor, people: People, typed: str, who: str
) -> None:
    assert _residents(_find(estate, clerk, typed), Match.ID_NUMBER) == [getattr(people, who)]


# --- unit codes ----------------------------------------------------------------------------------


def test_a_unit_code_finds_the_unit_first(
    estate: EstateService, clerk: Actor, registry: Registry, people: People
) -> None:
    for typed in ("3棟1502", "3-1502", "３－１５０２", "3栋1502室"):
        hits = _find(estate, clerk, typed)
        assert (hits[0].matched, hits[0].unit_id, hits[0].resident_id) == (
            Match.UNIT_CODE,
            registry.u3_1502.id,
            None,
        )
    assert _find(estate, clerk, "A座12F-03")[0].unit_code == "A-1203"


def test_a_bare_number_finds_it_in_every_building(
    estate: EstateService, clerk: Actor, registry: Registry, people: People
) -> None:
    hits = _find(estate, clerk, "1502")
    assert [(h.matched, h.unit_code) for h in hits[:2]] == [
        (Match.UNIT_NUMBER, "3-1502"),
        (Match.UNIT_NUMBER, "A-1502"),
    ]


def test_a_code_as_typed_so_far(estate: EstateService, clerk: Actor, registry: Registry) -> None:
    assert [h.unit_code for h in _find(estate, clerk, "3-15")] == ["3-1501", "3-1502"]
    assert [h.unit_code for h in _find(estate, clerk, "a-")] == ["A-1203", "A-1502"]


def test_limit_and_empty_text(estate: EstateService, clerk: Actor, people: People) -> None:
    assert len(_find(estate, clerk, "秀", limit=2)) == 2
    assert _find(estate, clerk, "   ") == []
    assert _find(estate, clerk, "無此人") == []


def test_search_needs_desk_work(estate: EstateService, engineer: Actor, guard: Actor) -> None:
    for actor in (engineer, guard):
        with pytest.raises(PermissionDenied):
            estate.search(actor=actor, text="王")
        with pytest.raises(PermissionDenied):
            estate.resolve_unit(actor=actor, text="3-1502")


# --- resolving a typed unit code ---------------------------------------------------------------


def test_resolve_one_several_or_none(estate: EstateService, clerk: Actor, registry: Registry) -> None:
    found = estate.resolve_unit(actor=clerk, text="3棟1502室")
    assert (found.status, found.unit) == (Resolution.FOUND, registry.u3_1502)
    several = estate.resolve_unit(actor=clerk, text="1502")
    assert several.status is Resolution.AMBIGUOUS and several.unit is None
    assert [u.code for u in several.candidates] == ["3-1502", "A-1502"] and "1502" in several.message
    missing = estate.resolve_unit(actor=clerk, text="9-999")
    assert (missing.status, missing.candidates) == (Resolution.NOT_FOUND, ()) and "9-999" in missing.message
    nonsense = estate.resolve_unit(actor=clerk, text="門口")
    assert nonsense.status is Resolution.NOT_FOUND and "3-1502" in nonsense.message


def test_resolve_within_one_estate(
    estate: EstateService, admin: Actor, registry: Registry, estate_id: int
) -> None:
    other = estate.add_estate(actor=admin, name="翠苑")
    b3 = estate.add_building(actor=admin, estate_id=other.id, name="3棟")
    twin = estate.add_unit(actor=admin, building_id=b3.id, number="1502", area_m2="70")
    assert estate.resolve_unit(actor=admin, text="3-1502").status is Resolution.AMBIGUOUS
    assert estate.resolve_unit(actor=admin, text="3-1502", estate_id=other.id).unit == twin
    assert estate.resolve_unit(actor=admin, text="3-1502", estate_id=estate_id).unit == registry.u3_1502


# --- every query is served by an index ---------------------------------------------------------

# a table and its alias as peewee writes them ('FROM "unit" AS "t1"') or the search's SQL ("FROM unit u")
_TABLE_ALIAS = re.compile(r'(?:FROM|JOIN) "?(\w+)"?(?: AS)?(?: "?(\w+)"?)?')


def _full_scans(sql: str, plan: str) -> list[str]:
    """Plan steps reading a whole table: "SCAN t1" (SQLite; a materialised subquery's alias is no
    table), a "Seq Scan", or an index scan with no "Index Cond" (PostgreSQL walks the whole index)."""
    if engine_name() == "postgresql":
        steps = re.split(r"\n\s*->", plan)
        return [s for s in steps if "Seq Scan" in s or (" Scan using " in s and "Index Cond" not in s)]
    tables = {name for pair in _TABLE_ALIAS.findall(sql) for name in pair if name}
    return [line for line in plan.splitlines() if any(re.search(rf"\bSCAN {a}\b", line) for a in tables)]


def _plans(statements: list[tuple[str, tuple[object, ...]]]) -> list[str]:
    plans = []
    for sql, params in statements:
        if engine_name() == "postgresql":
            rows = database_proxy.execute_sql("EXPLAIN " + sql, params).fetchall()
            plans.append("\n".join(r[0] for r in rows))
        else:
            rows = database_proxy.execute_sql("EXPLAIN QUERY PLAN " + sql, params).fetchall()
            plans.append("\n".join(str(r[-1]) for r in rows))
    return plans


@pytest.mark.parametrize(
    "text", ["秀英", "王", "chan", "13812345678", "5678", "678", "002X", WANG_ID, "3-15", "3棟1502", "1502"]
)
def test_search_queries_use_indexes_not_full_scans(
    estate: EstateService, clerk: Actor, people: People, caplog: pytest.LogCaptureFixture, text: str
) -> None:
    with caplog.at_level(logging.DEBUG, logger="peewee"):
        estate.search(actor=clerk, text=text)
    statements = [r.msg for r in caplog.records if r.name == "peewee" and isinstance(r.msg, tuple)]
    searches = [
        (sql, tuple(params))
        for sql, params in statements
        if sql.startswith("SELECT") and re.search(r'FROM "?(unit|resident|resident_name_key)\b', sql)
    ]
    assert searches
    with database_proxy.atomic():
        if (
            engine_name() == "postgresql"
        ):  # a tiny table is cheapest to scan: ask whether an index *can* serve
            database_proxy.execute_sql("SET LOCAL enable_seqscan = off")
        for (sql, _params), plan in zip(searches, _plans(searches), strict=True):
            assert _full_scans(sql, plan) == [], plan


def test_unit_hits_name_who_lives_there_in_natural_order(
    estate: EstateService, clerk: Actor, people: People, registry: Registry
) -> None:
    estate.add_unit(actor=clerk, building_id=registry.b3.id, number="150", area_m2="50")
    units = [h for h in _find(estate, clerk, "3-150") if h.resident_id is None]
    assert [(h.unit_code, h.occupants) for h in units] == [
        ("3-150", ()),  # vacant: nobody registered
        ("3-1501", ("王小明",)),  # 李娜 moved out
        ("3-1502", ("王秀英",)),
    ]
    # the row is never blank: the first occupant's kind and masked phone come with the unit (issue 10)
    assert [(h.resident_kind, h.phone_masked) for h in units] == [
        (None, ""),
        (ResidentKind.OWNER, mask_phone("020-8765 4321")),
        (ResidentKind.OWNER, mask_phone("138 1234 5678")),
    ]


@pytest.mark.parametrize(
    ("text", "most"),
    [
        ("秀英", 1),  # the name lookup
        ("王", 1),
        ("3-1502", 2),  # the code prefix with who lives there; a phone's start (31502…)
        ("3棟1502", 1),  # not a phone: the code prefix with who lives there
        ("1502", 3),  # a bare number: the unit number with its occupants, the ID tail, the phone suffix
        ("1381234", 2),  # a phone's start (and the unit codes it could start)
    ],
)
def test_a_search_makes_only_the_lookups_its_text_needs(
    estate: EstateService,
    clerk: Actor,
    people: People,
    caplog: pytest.LogCaptureFixture,
    text: str,
    most: int,
) -> None:
    # each statement is a round trip and a fixed cost on every keystroke (issue 12: unit codes and
    # two-character names cost a flat few milliseconds more than the indexed SQL they need); a
    # unit's occupants come in the statement that finds the unit
    with caplog.at_level(logging.DEBUG, logger="peewee"):
        hits = estate.search(actor=clerk, text=text)
    statements = [r.msg for r in caplog.records if r.name == "peewee" and isinstance(r.msg, tuple)]
    assert hits
    assert 1 <= len(statements) <= most, statements
