"""Tests for frontdesk.numbering: per type and day, restarts, format, rollback."""

from __future__ import annotations

import re
from datetime import date

import pytest

from frontdesk.db import transaction
from frontdesk.numbering import PREFIXES, DocumentCounter, next_number, typed_number
from frontdesk.services import Services

DAY = date(2026, 11, 23)


def _issue(doc_type: str, day: date = DAY) -> str:
    with transaction():
        return next_number(doc_type, day)


def test_numbers_count_up_within_a_day(bare_services: Services) -> None:
    assert [_issue("release_slip") for _ in range(3)] == [
        "FX-20261123-0001",
        "FX-20261123-0002",
        "FX-20261123-0003",
    ]
    assert (
        DocumentCounter.get(
            (DocumentCounter.doc_type == "release_slip") & (DocumentCounter.day == "20261123")
        ).last
        == 3
    )


def test_a_new_day_starts_again_at_one(bare_services: Services) -> None:
    _issue("release_slip")
    _issue("release_slip")
    assert _issue("release_slip", date(2026, 11, 24)) == "FX-20261124-0001"
    assert _issue("release_slip", DAY) == "FX-20261123-0003"  # the old day keeps its own count
    assert _issue("release_slip", date(2027, 1, 1)) == "FX-20270101-0001"


def test_types_are_independent(bare_services: Services) -> None:
    _issue("release_slip")
    _issue("release_slip")
    assert _issue("work_order") == "GC-20261123-0001"
    assert _issue("complaint") == "TS-20261123-0001"
    assert _issue("release_slip") == "FX-20261123-0003"
    assert _issue("work_order") == "GC-20261123-0002"


def test_every_type_has_the_documented_format(bare_services: Services) -> None:
    pattern = re.compile(r"^[A-Z]{2}-\d{8}-\d{4}$")
    numbers = {doc_type: _issue(doc_type, date(2026, 1, 5)) for doc_type in PREFIXES}
    assert all(pattern.match(n) for n in numbers.values())
    assert {n[:2] for n in numbers.values()} == set(PREFIXES.values())
    assert len(set(PREFIXES.values())) == len(PREFIXES)  # no two types share a prefix
    assert numbers["visitor_pass"] == "FK-20260105-0001"


def test_many_numbers_keep_four_digits_then_grow(bare_services: Services) -> None:
    with transaction():
        DocumentCounter.create(doc_type="self_test", day="20261123", last=9998)
    assert _issue("self_test") == "ZJ-20261123-9999"
    assert _issue("self_test") == "ZJ-20261123-10000"  # still unique, never wraps to 0000


def test_rollback_leaves_no_half_state(bare_services: Services) -> None:
    _issue("release_slip")
    with pytest.raises(RuntimeError), transaction():
        assert next_number("release_slip", DAY) == "FX-20261123-0002"
        assert next_number("release_slip", DAY) == "FX-20261123-0003"
        raise RuntimeError("saving the slip failed")
    assert DocumentCounter.select().count() == 1
    assert DocumentCounter.get().last == 1
    assert _issue("release_slip") == "FX-20261123-0002"


def test_rollback_of_a_first_number_leaves_no_counter(bare_services: Services) -> None:
    with pytest.raises(RuntimeError), transaction():
        next_number("work_order", DAY)
        raise RuntimeError("saving failed")
    assert DocumentCounter.select().count() == 0
    assert _issue("work_order") == "GC-20261123-0001"


def test_unknown_type_is_a_bug(bare_services: Services) -> None:
    with pytest.raises(KeyError):
        _issue("parking_ticket")
    assert DocumentCounter.select().count() == 0


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("ts 20261123 7", "TS-20261123-0007"),
        (" TS-20261123-7 ", "TS-20261123-0007"),
        ("gc-20261123-0012", "GC-20261123-0012"),
        ("xt 20261123 3", "XT-20261123-0003"),
        ("fx 20261123 7", "fx 20261123 7"),  # not a prefix asked for: as typed
        ("ts 2026112a 7", "ts 2026112a 7"),
        ("ts 20261123", "ts 20261123"),
    ],
)
def test_a_typed_number_in_its_stored_form(typed: str, stored: str) -> None:
    assert typed_number(typed, "TS", "GC", "XT") == stored
