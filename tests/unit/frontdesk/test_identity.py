"""Tests for frontdesk.identity: normalising, check digits, validation and masking."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from frontdesk import identity
from frontdesk.identity import (
    DocumentType,
    check_char_hk,
    check_digit_cn,
    check_digit_tw,
    guess_type,
    last_digits,
    mask,
    mask_phone,
    mrz_check_digit,
    normalize,
    validate,
    validate_mrz_line2,
)

TODAY = date(2024, 6, 1)
DIGITS = "0123456789"
LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
CHECK_DIGIT_MESSAGE = "The check digit does not match: please check the last character."
# ICAO 9303 Part 4 specimen passport (Anna Maria Eriksson), line 2 of the MRZ.
MRZ_SPECIMEN = "L898902C36UTO7408122F1204159ZE184226B<<<<<10"


def cn(region: str, born: str, sequence: str) -> str:
    """A mainland number completed with the check digit under test (for date/region tests)."""
    first17 = region + born + sequence
    return first17 + check_digit_cn(first17)


# --- normalize -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("１１０１０５１９４９１２３１００２ｘ", "11010519491231002X"),
        (" 110105 1949 1231 002x ", "11010519491231002X"),
        ("110105\u300019491231\t002X", "11010519491231002X"),
        ("A123456（3）", "A123456(3)"),
        ("Ａ１２３４５６ (３)", "A123456(3)"),
        ("a123456(3)", "a123456(3)"),  # only a trailing x is upper-cased here
        ("x1234", "x1234"),
        ("", ""),
    ],
)
def test_normalize(raw: str, expected: str) -> None:
    assert normalize(raw) == expected


# --- check-digit functions (vectors computed by hand) ----------------------------------


@pytest.mark.parametrize(
    ("first17", "expected"),
    [
        ("11010519491231002", "X"),  # GB 11643-1999's own example
        ("81000019940823002", "1"),  # sum 253, 253 mod 11 = 0 -> "1"
        ("82000020000101123", "8"),  # sum 114, mod 11 = 4 -> "8"
        ("83000019850615045", "4"),  # sum 272, mod 11 = 8 -> "4"
        ("93184019900301007", "4"),  # sum 283, mod 11 = 8 -> "4"
        ("44030819990101123", "4"),  # sum 239, mod 11 = 8 -> "4"
    ],
)
def test_check_digit_cn_hand_vectors(first17: str, expected: str) -> None:
    assert check_digit_cn(first17) == expected


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("A123456", "3"),  # 36*9 + 10*8 + 1*7 + ... + 6*2 = 481, 481 mod 11 = 8 -> 3
        ("AB987654", "3"),  # 371 mod 11 = 8 -> 3
        ("G123456", "A"),  # 529 mod 11 = 1 -> 10 -> A
        ("K123456", "0"),  # 561 = 51 * 11 -> 0
        ("b123456", "6"),  # 489 mod 11 = 5 -> 6; lower case accepted
    ],
)
def test_check_char_hk_hand_vectors(body: str, expected: str) -> None:
    assert check_char_hk(body) == expected


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("A12345678", "9"),  # A=10: 1 + 0*9 + 8+14+18+20+20+18+14+8 = 121 -> 9
        ("A80000001", "4"),  # 1 + 64 + 1 = 66 -> 4 (new-format resident certificate)
        ("B22345678", "2"),  # B=11: 1 + 9 + 128 = 138 -> 2
    ],
)
def test_check_digit_tw_hand_vectors(body: str, expected: str) -> None:
    assert check_digit_tw(body) == expected


@pytest.mark.parametrize(
    ("field", "expected"),
    [("L898902C3", "6"), ("740812", "2"), ("120415", "9"), ("ZE184226B<<<<<", "1")],
)
def test_mrz_check_digit_hand_vectors(field: str, expected: str) -> None:
    assert mrz_check_digit(field) == expected


@pytest.mark.parametrize(
    ("function", "bad"),
    [
        (check_digit_cn, "1101051949123100"),
        (check_digit_cn, "1101051949123100X"),
        (check_char_hk, "A12345"),
        (check_char_hk, "ABC123456"),
        (check_digit_tw, "A1234567"),
        (check_digit_tw, "112345678"),
        (mrz_check_digit, "AB-12"),
    ],
)
def test_check_functions_reject_malformed_input(function: Callable[[str], str], bad: str) -> None:
    with pytest.raises(ValueError):
        function(bad)


# --- mainland ID and permits in its format ---------------------------------------------


@pytest.mark.parametrize(
    ("number", "kind", "born"),
    [
        ("11010519491231002X", "resident", date(1949, 12, 31)),
        ("11010519491231002x", "resident", date(1949, 12, 31)),
        ("１１０１０５１９４９１２３１００２ｘ", "resident", date(1949, 12, 31)),
        ("110105 19491231 002X", "resident", date(1949, 12, 31)),
        ("440308199901011234", "resident", date(1999, 1, 1)),
        ("810000199408230021", "hk_resident_permit", date(1994, 8, 23)),
        ("820000200001011238", "mo_resident_permit", date(2000, 1, 1)),
        ("830000198506150454", "tw_resident_permit", date(1985, 6, 15)),
        ("931840199003010074", "foreign_permanent", date(1990, 3, 1)),
    ],
)
def test_mainland_valid(number: str, kind: str, born: date) -> None:
    check = validate(DocumentType.MAINLAND_ID, number, today=TODAY)
    assert check.valid
    assert check.errors == () and check.warnings == ()
    assert check.number == normalize(number)
    assert (check.kind, check.birth_date, check.doc_type) == (kind, born, "cn_id")


@pytest.mark.parametrize(
    "number",
    [
        "110105194912310021",  # GB example with a wrong check digit
        "810000199408230020",
        "830000198506150455",
        "931840199003010075",
    ],
)
def test_mainland_wrong_check_digit(number: str) -> None:
    check = validate("cn_id", number, today=TODAY)
    assert not check.valid
    assert check.errors == (CHECK_DIGIT_MESSAGE,)


@pytest.mark.parametrize(
    "number",
    [
        "",
        "   ",
        "11010519491231002",
        "110105194912310021X",
        "1101051949123100X2",
        "1101",
    ],
)
def test_mainland_wrong_shape(number: str) -> None:
    check = validate(DocumentType.MAINLAND_ID, number, today=TODAY)
    assert not check.valid
    assert check.birth_date is None
    assert len(check.errors) == 1


def test_mainland_shape_message_says_how_to_fix() -> None:
    check = validate(DocumentType.MAINLAND_ID, "110105491231002", today=TODAY)  # 15 digits
    assert check.errors == ("A mainland ID number has 18 characters: 17 digits and a digit or X.",)


def test_empty_number_asks_for_one() -> None:
    assert validate("cn_id", " ").errors == ("Enter the document number.",)


@pytest.mark.parametrize("born", ["20230230", "20230229", "19991301", "19990100", "00000101"])
def test_mainland_birth_date_not_real(born: str) -> None:
    check = validate("cn_id", cn("110105", born, "001"), today=TODAY)
    assert not check.valid
    assert check.errors == ("The birth date in the number is not a real date.",)
    assert check.birth_date is None


def test_mainland_leap_day_is_real() -> None:
    check = validate("cn_id", cn("110105", "20000229", "001"), today=TODAY)
    assert check.valid and check.birth_date == date(2000, 2, 29)


def test_mainland_birth_date_in_future() -> None:
    check = validate("cn_id", cn("110105", "20240602", "001"), today=TODAY)
    assert not check.valid
    assert check.errors == ("The birth date in the number lies in the future.",)


def test_mainland_born_today_is_fine() -> None:
    assert validate("cn_id", cn("110105", "20240601", "001"), today=TODAY).valid


def test_mainland_future_uses_real_today_by_default() -> None:
    check = validate("cn_id", cn("110105", "29990101", "001"))
    assert check.errors == ("The birth date in the number lies in the future.",)


@pytest.mark.parametrize("region", ["000000", "991234", "190101", "980000"])
def test_unknown_region_is_only_a_warning(region: str) -> None:
    check = validate("cn_id", cn(region, "19900101", "123"), today=TODAY)
    assert check.valid
    assert check.warnings == ("The region code is not known; please check the first six digits.",)


def test_foreign_card_region_is_the_province_after_the_9() -> None:
    assert validate("cn_id", cn("931840", "19900301", "007"), today=TODAY).warnings == ()


def test_messages_are_translated_when_validating(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(identity, "_", lambda message: f"<{message}>")
    check = validate("cn_id", cn("000000", "20230230", "001"), today=TODAY)
    assert check.errors and all(e.startswith("<") for e in check.errors)
    assert check.warnings and all(w.startswith("<") for w in check.warnings)


# --- Hong Kong, Taiwan, permits, passports, other --------------------------------------


@pytest.mark.parametrize(
    ("number", "canonical"),
    [
        ("A123456(3)", "A123456(3)"),
        ("A1234563", "A123456(3)"),
        ("a123456（3）", "A123456(3)"),
        ("A 123456 (3)", "A123456(3)"),
        ("AB987654(3)", "AB987654(3)"),
        ("G123456(a)", "G123456(A)"),
        ("K123456(0)", "K123456(0)"),
    ],
)
def test_hk_valid(number: str, canonical: str) -> None:
    check = validate(DocumentType.HK_ID, number)
    assert check.valid, check.errors
    assert check.number == canonical


@pytest.mark.parametrize(
    ("number", "message"),
    [
        ("A123456(4)", CHECK_DIGIT_MESSAGE),
        ("G123456(0)", CHECK_DIGIT_MESSAGE),
        ("C668668(E)", "format"),  # E is no check character
        ("A12345(6)", "format"),
        ("ABC123456(7)", "format"),
        ("A123456(3", "format"),
        ("1123456(3)", "format"),
    ],
)
def test_hk_invalid(number: str, message: str) -> None:
    check = validate("hk_id", number)
    assert not check.valid
    assert check.errors[0] == message or (message == "format" and "Hong Kong" in check.errors[0])


@pytest.mark.parametrize(
    ("number", "kind"),
    [
        ("A123456789", "citizen"),
        ("a123456789", "citizen"),
        ("B223456782", "citizen"),
        ("A800000014", "resident"),
    ],
)
def test_tw_valid(number: str, kind: str) -> None:
    check = validate(DocumentType.TW_ID, number)
    assert check.valid and check.kind == kind and check.number == number.upper()


@pytest.mark.parametrize(
    ("number", "message"),
    [
        ("A123456788", CHECK_DIGIT_MESSAGE),
        ("A800000015", CHECK_DIGIT_MESSAGE),
        ("A323456789", "format"),  # second character must be 1, 2, 8 or 9
        ("A12345678", "format"),
        ("1123456789", "format"),
    ],
)
def test_tw_invalid(number: str, message: str) -> None:
    check = validate("tw_id", number)
    assert not check.valid
    assert check.errors[0] == message or (message == "format" and "Taiwan" in check.errors[0])


@pytest.mark.parametrize(
    ("number", "valid", "kind"),
    [
        ("H12345678", True, "hk_resident"),
        ("m87654321", True, "mo_resident"),
        ("H1234567801", True, "hk_resident"),  # older permit: 10 digits
        ("H1234567", False, ""),
        ("A12345678", False, ""),
        ("H12345678901", False, ""),
    ],
)
def test_hk_mo_permit(number: str, valid: bool, kind: str) -> None:
    check = validate(DocumentType.HK_MO_PERMIT, number)
    assert (check.valid, check.kind) == (valid, kind)


@pytest.mark.parametrize(
    ("number", "valid"),
    [("12345678", True), ("1234 5678", True), ("1234567", False), ("1234567A", False)],
)
def test_tw_permit(number: str, valid: bool) -> None:
    assert validate(DocumentType.TW_PERMIT, number).valid is valid


@pytest.mark.parametrize(
    ("number", "valid"),
    [
        ("e12345678", True),
        ("G1234", True),
        ("A" * 20, True),
        ("1234", False),
        ("A" * 21, False),
        ("E-1234567", False),
    ],
)
def test_passport(number: str, valid: bool) -> None:
    check = validate(DocumentType.PASSPORT, number)
    assert check.valid is valid
    assert check.number == normalize(number).upper()


def test_other_accepts_any_non_empty_number() -> None:
    assert validate("other", "Lic-2024/001").valid
    assert validate("other", "Lic-2024/001").number == "Lic-2024/001"
    assert not validate("other", "").valid


def test_unknown_document_type_raises() -> None:
    with pytest.raises(ValueError):
        validate("driving_licence", "123")
    with pytest.raises(ValueError):
        mask("driving_licence", "123")


def test_id_check_is_frozen() -> None:
    check = validate("cn_id", "11010519491231002X", today=TODAY)
    with pytest.raises(dataclasses.FrozenInstanceError):
        check.valid = False  # type: ignore[misc]


# --- passport machine-readable zone ----------------------------------------------------


def test_mrz_specimen_is_valid() -> None:
    check = validate_mrz_line2(MRZ_SPECIMEN, number="l898902c3")
    assert check.valid, check.errors
    assert (check.doc_type, check.number) == (DocumentType.PASSPORT, "L898902C3")


@pytest.mark.parametrize("index", [9, 19, 27, 42, 43])
def test_mrz_each_check_digit_is_checked(index: int) -> None:
    wrong = str((int(MRZ_SPECIMEN[index]) + 1) % 10)
    line = MRZ_SPECIMEN[:index] + wrong + MRZ_SPECIMEN[index + 1 :]
    check = validate_mrz_line2(line)
    # The composite digit covers the others, so a field's digit breaks both.
    assert len(check.errors) == (1 if index == 43 else 2)


def test_mrz_changed_birth_date_is_caught() -> None:
    check = validate_mrz_line2(MRZ_SPECIMEN.replace("740812", "740813"))
    assert not check.valid


def test_mrz_unused_personal_number_may_have_a_filler_check() -> None:
    head = MRZ_SPECIMEN[:28] + "<" * 14 + "<"
    line = head + mrz_check_digit(head[0:10] + head[13:20] + head[21:43])
    assert validate_mrz_line2(line).valid


def test_mrz_number_must_match_and_length_is_checked() -> None:
    assert not validate_mrz_line2(MRZ_SPECIMEN, number="L898902C4").valid
    assert not validate_mrz_line2(MRZ_SPECIMEN[:-1]).valid
    assert not validate_mrz_line2(MRZ_SPECIMEN[:-1] + "-").valid


# --- guess_type, mask, mask_phone, last_digits -----------------------------------------


@pytest.mark.parametrize(
    ("number", "expected"),
    [
        ("11010519491231002x", DocumentType.MAINLAND_ID),
        ("110105194912310021", DocumentType.MAINLAND_ID),  # shape wins even if wrong
        ("A123456(3)", DocumentType.HK_ID),
        ("AB9876543", DocumentType.HK_ID),
        ("A123456789", DocumentType.TW_ID),
        ("H12345678", DocumentType.HK_MO_PERMIT),
        ("H1234567801", DocumentType.HK_MO_PERMIT),
        ("12345678", DocumentType.TW_PERMIT),
        ("E12345678", DocumentType.PASSPORT),
        ("", None),
        ("12-34", None),
    ],
)
def test_guess_type(number: str, expected: DocumentType | None) -> None:
    assert guess_type(number) == expected


def test_guess_type_prefers_a_matching_check_digit() -> None:
    # "H1" + 8 digits fits both a Taiwan ID and an older permit (H + 9 digits).
    # H=17: 1 + 7*9 + 1*8+2*7+3*6+4*5+5*4+6*3+7*2+8*1 = 184, so the Taiwan check is 6.
    assert guess_type("H123456786") == DocumentType.TW_ID
    assert guess_type("H123456780") == DocumentType.HK_MO_PERMIT


@pytest.mark.parametrize(
    ("doc_type", "number", "expected"),
    [
        ("cn_id", "11010119900101123x", "110101********123X"),
        ("cn_id", "１１０１０５１９４９１２３１００２ｘ", "110105********002X"),
        ("hk_id", "A123456(3)", "A******(3)"),
        ("hk_id", "ab9876543", "AB******(3)"),
        ("tw_id", "A123456789", "A1******89"),
        ("passport", "E12345678", "*****5678"),
        ("hk_mo_permit", "H12345678", "*****5678"),
        ("tw_permit", "12345678", "****5678"),
        ("other", "123", "**3"),
        ("other", "", ""),
        ("cn_id", "1101051949", "******1949"),  # not a mainland shape: the general rule
    ],
)
def test_mask(doc_type: str, number: str, expected: str) -> None:
    assert mask(doc_type, number) == expected


@pytest.mark.parametrize(
    ("phone", "expected"),
    [
        ("13812345678", "138****5678"),
        ("138 1234 5678", "138****5678"),
        ("+86 138-1234-5678", "138****5678"),
        ("0755-12345678", "075*****5678"),
        ("23456789", "234*6789"),
        ("1234567", "*****67"),
        ("12", "**"),
        ("", ""),
    ],
)
def test_mask_phone(phone: str, expected: str) -> None:
    assert mask_phone(phone) == expected


@pytest.mark.parametrize(
    ("number", "n", "expected"),
    [
        ("A123456(3)", 4, "4563"),
        ("11010519491231002x", 4, "002X"),
        ("11010519491231002x", 2, "2X"),
        ("12", 4, "12"),
        ("A123456(3)", 0, ""),
    ],
)
def test_last_digits(number: str, n: int, expected: str) -> None:
    assert last_digits(number, n) == expected


# --- properties: every single change and adjacent swap is caught -----------------------


def substitutions(number: str, alphabets: list[str]) -> Iterator[tuple[int, str]]:
    """Every number that differs from ``number`` in one character (of its position's set)."""
    for index, alphabet in enumerate(alphabets):
        for char in alphabet:
            if char != number[index]:
                yield index, number[:index] + char + number[index + 1 :]


def adjacent_swaps(number: str) -> Iterator[tuple[int, str]]:
    """Every number made by swapping two different neighbouring characters."""
    for i in range(len(number) - 1):
        if number[i] != number[i + 1]:
            yield i, number[:i] + number[i + 1] + number[i] + number[i + 2 :]


REGIONS = ["110105", "310115", "440308", "510107", "650102", "710000"]
REGIONS += ["810000", "820000", "830000", "931840", "944392", "000000"]


@st.composite
def mainland_numbers(draw: st.DrawFn) -> str:
    """A valid 18-character mainland-format number."""
    region = draw(st.sampled_from(REGIONS))
    born = draw(st.dates(min_value=date(1900, 1, 1), max_value=TODAY))
    first17 = f"{region}{born:%Y%m%d}{draw(st.integers(0, 999)):03d}"
    return first17 + check_digit_cn(first17)


@settings(max_examples=200, deadline=None)
@given(mainland_numbers())
def test_mainland_single_changes_and_swaps_are_caught(number: str) -> None:
    assert validate("cn_id", number, today=TODAY).valid
    # MOD 11-2: every weight 2**k mod 11 is non-zero and neighbours differ by a factor
    # of 2, so any single change and any adjacent swap alters the sum mod 11.
    alphabets = [DIGITS] * 17 + [DIGITS + "X"]
    for _, changed in [*substitutions(number, alphabets), *adjacent_swaps(number)]:
        assert not validate("cn_id", changed, today=TODAY).valid, changed


@st.composite
def hk_numbers(draw: st.DrawFn) -> str:
    """A valid Hong Kong ID without brackets, e.g. ``A1234563``."""
    letters = draw(st.text(LETTERS, min_size=1, max_size=2))
    body = letters + draw(st.text(DIGITS, min_size=6, max_size=6))
    return body + check_char_hk(body)


def hk_same_weight(one: str, other: str) -> bool:
    """Whether two letters (A=10 .. Z=35) are congruent mod 11, e.g. A (10) and L (21)."""
    return (ord(one) - ord(other)) % 11 == 0


@settings(max_examples=200, deadline=None)
@given(hk_numbers())
def test_hk_single_changes_and_swaps_are_caught(number: str) -> None:
    assert validate("hk_id", number).valid
    prefix = len(number) - 7
    alphabets = [LETTERS] * prefix + [DIGITS] * 6 + [DIGITS + "A"]
    # The scheme's blind spot: letter values live in 10..35, so two letters 11 or 22
    # apart (A/L/W, B/M/X, ..., K/V) weigh the same mod 11. Replacing one by the other,
    # or swapping a two-letter prefix like "AL", is not caught; we assert exactly that.
    for index, changed in substitutions(number, alphabets):
        blind = index < prefix and hk_same_weight(number[index], changed[index])
        assert validate("hk_id", changed).valid is blind, changed
    for index, changed in adjacent_swaps(number):
        blind = index == 0 and prefix == 2 and hk_same_weight(number[0], number[1])
        assert validate("hk_id", changed).valid is blind, changed


# The official Taiwan letter codes, copied independently of the module's table.
TW_CODES = dict(zip("ABCDEFGHJKLMNPQRSTUVXYWZIO", range(10, 36), strict=True))


@st.composite
def tw_numbers(draw: st.DrawFn) -> str:
    """A valid Taiwan ID (either format)."""
    body = draw(st.sampled_from(LETTERS)) + draw(st.sampled_from("1289"))
    body += draw(st.text(DIGITS, min_size=7, max_size=7))
    return body + check_digit_tw(body)


def tw_letter_weight(letter: str) -> int:
    """What a letter adds to the Taiwan sum mod 10: tens digit x1 + units digit x9."""
    code = TW_CODES[letter]
    return (code // 10 + code % 10 * 9) % 10


def tw_change_is_blind(index: int, old: str, new: str) -> bool:
    """Whether the Taiwan scheme (mod 10) cannot see this single change."""
    if index == 0:  # 26 letters share 10 residues, e.g. K (19) and L (20) both add 2
        return tw_letter_weight(old) == tw_letter_weight(new)
    delta = abs(int(old) - int(new))
    if index in (3, 5, 7):  # weights 6, 4, 2: a change by 5 adds a multiple of 10
        return delta == 5
    return index == 4 and delta % 2 == 0  # weight 5: an even change adds a multiple of 10


@settings(max_examples=200, deadline=None)
@given(tw_numbers())
def test_tw_single_changes_and_swaps_are_caught(number: str) -> None:
    assert validate("tw_id", number).valid
    alphabets = [LETTERS, "1289"] + [DIGITS] * 8
    # Mod 10 with weights 8,7,...,1,1 has known blind spots (see tw_change_is_blind);
    # everything else must be caught, and the blind spots are asserted to be blind.
    for index, changed in substitutions(number, alphabets):
        blind = tw_change_is_blind(index, number[index], changed[index])
        assert validate("tw_id", changed).valid is blind, changed
    # Neighbouring weights differ by 1, so swaps are caught, except the last two
    # characters, which both weigh 1: swapping them never changes the sum.
    for index, changed in adjacent_swaps(number):
        assert validate("tw_id", changed).valid is (index == 8), changed
