"""Tests for frontdesk.estate.unitcode: unit codes as offices write them, read into one form."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from frontdesk.estate.unitcode import (
    UnitCode,
    code_prefix,
    floor_of,
    normalize_number,
    parse_building_code,
    parse_unit_code,
    unit_code,
)

FULL_WIDTH = str.maketrans(
    "0123456789-ABCDEFGHIJKLMNOPQRSTUVWXYZ",
    "０１２３４５６７８９－ＡＢＣＤＥＦＧＨＩＪＫＬＭＮＯＰＱＲＳＴＵＶＷＸＹＺ",
)


@pytest.mark.parametrize(
    ("text", "building", "number"),
    [
        ("3-1502", "3", "1502"),
        ("3棟1502", "3", "1502"),
        ("3栋1502", "3", "1502"),
        ("3栋1502室", "3", "1502"),
        ("3號樓1502室", "3", "1502"),
        ("3号楼1502", "3", "1502"),
        ("3幢1502房", "3", "1502"),
        ("3#1502", "3", "1502"),
        ("3#楼1502", "3", "1502"),
        ("3 1502", "3", "1502"),
        ("3 - 1502", "3", "1502"),
        ("3–1502", "3", "1502"),  # en dash
        ("３－１５０２", "3", "1502"),
        ("  3-1502\t", "3", "1502"),
        ("03棟1502", "3", "1502"),
        ("12-0301", "12", "0301"),
        ("A座12F-03", "A", "1203"),
        ("A座 12F-03", "A", "1203"),
        ("a座12f-03", "A", "1203"),
        ("Ａ座１２Ｆ－０３", "A", "1203"),
        ("A座12F-3", "A", "1203"),
        ("A座12F03", "A", "1203"),
        ("A座12樓03室", "A", "1203"),
        ("A座 12F", "A", "12F"),
        ("A座12/F", "A", "12F"),
        ("A-1203", "A", "1203"),
        ("b2-101", "B2", "101"),
        ("3A-101", "3A", "101"),
        ("3栋2单元1502室", "3", "2-1502"),
        ("3棟2單元1502", "3", "2-1502"),
        ("3-2-1502", "3", "2-1502"),
        ("F座101", "F", "101"),
        ("3-1502a", "3", "1502A"),
    ],
)
def test_parse_reads_the_ways_offices_write_units(text: str, building: str, number: str) -> None:
    assert parse_unit_code(text) == UnitCode(building, number)


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("1502", "1502"),
        (" 1502 ", "1502"),
        ("１５０２", "1502"),
        ("12F-03", "1203"),
        ("12F", "12F"),
        ("2单元1502", "2-1502"),
        ("1502室", "1502"),
    ],
)
def test_a_number_alone_has_no_building(text: str, number: str) -> None:
    assert parse_unit_code(text) == UnitCode(None, number)
    assert normalize_number(text) == number


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "abc",
        "3棟",
        "A座",
        "3楼1502",
        "王秀英",
        "3--1502",
        "1502-",
        "3-1502-",
        "138001380000",
        "3-150200",
    ],
)
def test_parse_refuses_what_is_not_a_unit(text: str) -> None:
    assert parse_unit_code(text) is None


def test_three_floor_storey_mark_alone_is_ambiguous_and_refused() -> None:
    # "3楼" is the 3rd floor in everyday speech, not building 3: refuse rather than guess
    assert parse_unit_code("3楼1502") is None
    assert parse_unit_code("3号楼1502") == UnitCode("3", "1502")


def test_unit_code_text() -> None:
    assert UnitCode("3", "1502").text == "3-1502"
    assert UnitCode(None, "1502").text == "1502"
    assert unit_code("A", "1203") == "A-1203"


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("3棟", "3"),
        ("3号楼", "3"),
        ("3號樓", "3"),
        ("A座", "A"),
        ("a", "A"),
        ("12#", "12"),
        ("03", "3"),
        ("B2", "B2"),
        ("Tower A", None),
        ("三棟", None),
        ("", None),
    ],
)
def test_parse_building_code(name: str, code: str | None) -> None:
    assert parse_building_code(name) == code


@pytest.mark.parametrize(
    ("number", "floor"),
    [("1502", 15), ("302", 3), ("12F", 12), ("2-1502", 15), ("1502A", 15), ("08", None), ("0301", 3)],
)
def test_floor_of(number: str, floor: int | None) -> None:
    assert floor_of(number) == floor


def test_code_prefix_keeps_only_code_characters() -> None:
    assert code_prefix(" 3-15 ") == "3-15"
    assert code_prefix("ａ-1") == "A-1"
    assert code_prefix("王") is None


# --- round trip: render a unit in each office style, read it back ------------------------------

buildings = st.one_of(
    st.integers(min_value=1, max_value=99).map(str),
    st.sampled_from("ABCDEFGHJKLMNPQRSTUVWXYZ"),
)
floors = st.integers(min_value=1, max_value=60)
flats = st.integers(min_value=1, max_value=30)


def _styles(building: str, floor: int, flat: int) -> list[str]:
    number = f"{floor}{flat:02d}"
    return [
        f"{building}-{number}",
        f"{building}棟{number}",
        f"{building}栋{number}室",
        f"{building}号楼{number}",
        f"{building}號樓{number}室",
        f"{building}#{number}",
        f"{building}座{floor}F-{flat:02d}",
        f"{building}座 {floor}f-{flat}",
        f"{building}座{floor}樓{flat:02d}室",
        f"{building} {number}",
    ]


@given(buildings, floors, flats, st.sampled_from(["", " ", "  ", "\u3000"]), st.booleans(), st.booleans())
def test_every_style_reads_back_to_the_same_unit(
    building: str, floor: int, flat: int, pad: str, lower: bool, full_width: bool
) -> None:
    expected = UnitCode(building, f"{floor}{flat:02d}")
    for style in _styles(building, floor, flat):
        text = style.lower() if lower else style
        text = text.upper().translate(FULL_WIDTH) if full_width else text
        assert parse_unit_code(f"{pad}{text}{pad}") == expected, text


@given(buildings, st.integers(min_value=1, max_value=9), floors, flats)
def test_entrances_read_back(building: str, entrance: int, floor: int, flat: int) -> None:
    expected = UnitCode(building, f"{entrance}-{floor}{flat:02d}")
    for text in (
        f"{building}栋{entrance}单元{floor}{flat:02d}室",
        f"{building}-{entrance}-{floor}{flat:02d}",
    ):
        assert parse_unit_code(text) == expected, text


@given(buildings, floors)
def test_whole_floor_units(building: str, floor: int) -> None:
    assert parse_unit_code(f"{building}座 {floor}F") == UnitCode(building, f"{floor}F")


@given(st.text(max_size=12))
def test_parse_never_raises_and_its_output_parses_to_itself(text: str) -> None:
    parsed = parse_unit_code(text)
    if parsed is not None:
        assert parse_unit_code(parsed.text) == parsed


def test_natural_order_of_unit_codes() -> None:
    from frontdesk.estate.unitcode import natural_key

    codes = ["10-101", "1-1001", "1-101", "A座12F-03", "2-101", "1-102", "A座2F-03"]
    assert sorted(codes, key=natural_key) == [
        "1-101",
        "1-102",
        "1-1001",
        "2-101",
        "10-101",
        "A座2F-03",
        "A座12F-03",
    ]
