"""The verification code and reading what the gate types (no database needed)."""

from __future__ import annotations

import re
from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from frontdesk.slips.code import (
    GateText,
    SlipContent,
    canonical,
    parse_gate_text,
    qr_payload,
    verification_code,
)
from frontdesk.slips.document import SlipItemLine

KEY = bytes(range(32))
CONTENT = SlipContent(
    number="FX-20261123-0007",
    unit_id=12,
    unit_code="3-1502",
    applicant_kind="agent",
    applicant_name="陈师傅",
    applicant_id_masked="440304********4562",
    reason="moving_out",
    reason_note="",
    valid_until=date(2026, 11, 23),
    issued_on=date(2026, 11, 23),
    items=(SlipItemLine("三人沙发", "1", "张"), SlipItemLine("纸箱", "12", "箱", "书")),
)


def test_code_shape_and_determinism() -> None:
    code = verification_code(CONTENT, KEY)
    assert re.fullmatch(r"[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}", code)
    assert verification_code(CONTENT, KEY) == code
    assert verification_code(CONTENT, bytes(32)) != code  # another office's key
    assert qr_payload(CONTENT.number, code) == f"FX-20261123-0007 {code}"


def test_every_field_changes_the_code() -> None:
    base = verification_code(CONTENT, KEY)
    changes = {
        "number": "FX-20261123-0008",
        "unit_id": 13,
        "unit_code": "3-1501",
        "applicant_kind": "owner",
        "applicant_name": "陈师父",
        "applicant_id_masked": "440304********4563",
        "reason": "repair",
        "reason_note": "x",
        "valid_until": date(2026, 11, 24),
        "issued_on": date(2026, 11, 22),
        "items": (SlipItemLine("三人沙发", "2", "张"), SlipItemLine("纸箱", "12", "箱", "书")),
    }
    for field, value in changes.items():
        altered = SlipContent(**{**CONTENT.__dict__, field: value})
        assert verification_code(altered, KEY) != base, field


def test_item_boundaries_are_unambiguous() -> None:
    one = SlipContent(**{**CONTENT.__dict__, "items": (SlipItemLine("a b", "1", "c"),)})
    two = SlipContent(**{**CONTENT.__dict__, "items": (SlipItemLine("a", "1", "b c"),)})
    assert canonical(one) != canonical(two)


def test_gate_text_forms() -> None:
    expected = GateText("FX-20261123-0007", "")
    for text in (
        "FX-20261123-0007",
        "fx-20261123-0007",
        "fx 20261123 0007",
        "FX202611230007",
        "20261123-0007",
        "ＦＸ－２０２６１１２３－０００７",
        "  FX-20261123-0007\n",
    ):
        assert parse_gate_text(text) == expected, text
    assert parse_gate_text("FX-20261123-0007 K7Q3-9XPA") == GateText("FX-20261123-0007", "K7Q3-9XPA")
    assert parse_gate_text("fx202611230007k7q39xpa") == GateText("FX-20261123-0007", "K7Q3-9XPA")
    assert parse_gate_text("FX-20261123-0007 O1IL-ABCD") == GateText("FX-20261123-0007", "0111-ABCD")
    for bad in ("", "FX", "FX-2026-0007", "GD-20261123-0007", "FX-20261123-0007 K7Q", "DROP TABLE"):
        assert parse_gate_text(bad) is None, bad


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2099, 12, 31)), st.integers(1, 9999))
def test_every_number_and_payload_reads_back(day: date, sequence: int) -> None:
    number = f"FX-{day:%Y%m%d}-{sequence:04d}"
    code = verification_code(SlipContent(**{**CONTENT.__dict__, "number": number}), KEY)
    assert parse_gate_text(number) == GateText(number, "")
    assert parse_gate_text(qr_payload(number, code)) == GateText(number, code)
    assert parse_gate_text(qr_payload(number, code).lower().replace("-", " ")) == GateText(number, code)
