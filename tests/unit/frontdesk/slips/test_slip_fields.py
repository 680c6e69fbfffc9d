"""Every field of the slip form refuses bad values with a message naming the field; nothing is saved."""

from __future__ import annotations

import uuid
from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from frontdesk.auth import Actor
from frontdesk.errors import ValidationError
from frontdesk.slips import checks
from frontdesk.slips.models import ReleaseSlip
from frontdesk.slips.rows import ApplicantInput, ConfirmationInput, ItemInput
from frontdesk.slips.service import SlipService
from tests.unit.frontdesk.slips.conftest import AGENT_ID, DeskClock, World, agent_applicant, call, sofa

GOOD = {"id_type": "cn_id", "id_number": AGENT_ID, "name": "陈师傅", "phone": "150 1111 2222"}


def _field_of(slips: SlipService, **changes: str) -> str:
    with pytest.raises(ValidationError) as caught:
        slips.validate_applicant(**{**GOOD, **changes})
    assert caught.value.message  # a message that says how to fix it
    return caught.value.field


def test_a_good_applicant_passes_typed_the_way_a_clerk_types() -> None:
    loose = {
        **GOOD,
        "name": " 陈师傅 ",
        "id_number": f" {AGENT_ID[:6]} {AGENT_ID[6:]} ",
        "phone": "１５０-1111-2222",
    }
    SlipService().validate_applicant(**loose)  # raises ValidationError on any field it refuses
    assert checks.applicant_name(loose["name"]) == "陈师傅"
    kind, masked = checks.id_document(loose["id_type"], loose["id_number"])
    assert kind == "cn_id" and masked.startswith(AGENT_ID[:6]) and AGENT_ID[6:14] not in masked
    assert checks.phone("applicant_phone", loose["phone"], "missing").digits == "15011112222"


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"name": ""}, "applicant_name"),
        ({"name": "   "}, "applicant_name"),
        ({"name": "张" * 81}, "applicant_name"),
        ({"phone": ""}, "applicant_phone"),
        ({"phone": "abc"}, "applicant_phone"),
        ({"phone": "12"}, "applicant_phone"),
        ({"phone": "1" * 21}, "applicant_phone"),
        ({"id_type": "library_card"}, "applicant_id_type"),
        ({"id_type": ""}, "applicant_id_type"),
        ({"id_number": ""}, "applicant_id"),
        ({"id_number": "440304199002024560"}, "applicant_id"),  # wrong check digit
        ({"id_number": "44030419900202"}, "applicant_id"),
        ({"id_type": "hk_id", "id_number": "A123456(4)"}, "applicant_id"),
    ],
)
def test_bad_applicant_fields(changes: dict[str, str], field: str) -> None:
    assert _field_of(SlipService(), **changes) == field


@given(st.text(alphabet=st.characters(categories=("L",)), min_size=1, max_size=12))
def test_phones_with_letters_are_refused(letters: str) -> None:
    assert _field_of(SlipService(), phone="138" + letters) == "applicant_phone"


@given(st.from_regex(r"[0-9]{17}", fullmatch=True), st.sampled_from("0123456789X"))
def test_mainland_ids_are_accepted_only_with_their_check_digit(first17: str, last: str) -> None:
    from frontdesk.identity import check_digit_cn, validate

    number = first17 + last
    expected = validate("cn_id", number).valid
    try:
        SlipService().validate_applicant(**{**GOOD, "id_number": number})
        accepted = True
    except ValidationError as exc:
        assert exc.field == "applicant_id"
        accepted = False
    assert accepted == expected
    if last != check_digit_cn(first17):
        assert not accepted


@given(st.decimals(min_value=Decimal("0.001"), max_value=Decimal("999999"), places=3))
def test_positive_quantities_are_kept_exactly(value: Decimal) -> None:
    assert Decimal(checks.quantity("q", str(value))) == value


@given(
    st.one_of(
        st.decimals(max_value=Decimal(0), allow_nan=False, allow_infinity=False).map(str),
        st.sampled_from(["", " ", "abc", "NaN", "Infinity", "-1", "0", "1.2345", "1000000", "一", "1,5"]),
    )
)
def test_bad_quantities_are_refused(text: str) -> None:
    with pytest.raises(ValidationError) as caught:
        checks.quantity("items.0.quantity", text)
    assert caught.value.field == "items.0.quantity"


def test_full_width_quantity_is_read() -> None:
    assert checks.quantity("q", "１．５") == "1.5"
    assert checks.quantity("q", " 2.000 ") == "2"


def _issue(slips: SlipService, clerk: Actor, world: World, clock: DeskClock, **changes: Any) -> None:
    kwargs: dict[str, Any] = {
        "applicant": agent_applicant(),
        "items": [sofa()],
        "reason": "moving_out",
        "confirmation": call(world, clock),
        **changes,
    }
    slips.issue_slip(actor=clerk, client_id=str(uuid.uuid4()), unit_id=world.unit, **kwargs)


def _bad_cases(clock: DeskClock, world: World) -> list[tuple[dict[str, Any], str]]:
    now = clock.now()
    good_call = call(world, clock)

    def calling(**changes: Any) -> ConfirmationInput:
        return ConfirmationInput(**{**good_call.__dict__, **changes})

    return [
        (
            {"applicant": ApplicantInput("mover", None, "陈", "15011112222", "cn_id", AGENT_ID)},
            "applicant_kind",
        ),
        ({"applicant": agent_applicant(name="")}, "applicant_name"),
        ({"applicant": agent_applicant(phone="x")}, "applicant_phone"),
        ({"applicant": ApplicantInput("agent", None, "陈", "15011112222", "cn_id", "123")}, "applicant_id"),
        ({"items": []}, "items"),
        ({"items": [sofa()] * 101}, "items"),
        ({"items": [sofa(), sofa(description=" ")]}, "items.1.description"),
        ({"items": [sofa(description="长" * 201)]}, "items.0.description"),
        ({"items": [sofa(quantity="0")]}, "items.0.quantity"),
        ({"items": [sofa(quantity="-2")]}, "items.0.quantity"),
        ({"items": [sofa(quantity="两")]}, "items.0.quantity"),
        ({"items": [sofa(unit="")]}, "items.0.unit"),
        ({"items": [ItemInput("床", "1", "张", "备" * 201)]}, "items.0.remarks"),
        ({"reason": "stealing"}, "reason"),
        ({"reason": "other"}, "reason_note"),
        ({"reason": "other", "reason_note": "注" * 201}, "reason_note"),
        ({"valid_until": clock.today() - timedelta(days=1)}, "valid_until"),
        ({"confirmation": calling(answer="maybe")}, "confirmation_answer"),
        ({"confirmation": calling(phone_called="call me")}, "confirmation_phone"),
        ({"confirmation": calling(called_at=now + timedelta(hours=1))}, "confirmation_called_at"),
        ({"confirmation": calling(called_at=now - timedelta(days=2))}, "confirmation_called_at"),
        ({"confirmation": calling(note="注" * 201)}, "confirmation_note"),
        ({"confirmation": calling(owner_resident_id=999_999)}, "confirmation_owner"),
    ]


def test_every_bad_field_is_named_and_nothing_is_saved(
    slips: SlipService, world: World, clerk: Actor, clock: DeskClock
) -> None:
    for changes, field in _bad_cases(clock, world):
        with pytest.raises(ValidationError) as caught:
            _issue(slips, clerk, world, clock, **changes)
        assert (caught.value.field, bool(caught.value.message)) == (field, True), changes
    assert ReleaseSlip.select().count() == 0
    _issue(slips, clerk, world, clock)
    # no number was used up by the refused attempts
    assert ReleaseSlip.get().number == "FX-20261123-0001"


def test_other_reason_with_a_note_is_kept(
    slips: SlipService, world: World, clerk: Actor, clock: DeskClock
) -> None:
    _issue(slips, clerk, world, clock, reason="other", reason_note="捐赠旧衣物")
    assert (ReleaseSlip.get().reason, ReleaseSlip.get().reason_note) == ("other", "捐赠旧衣物")


@pytest.mark.parametrize(("language", "number"), [("zh_CN", "编号"), ("zh_TW", "編號")])
def test_a_slip_number_column_is_not_called_an_id_number(language: str, number: str) -> None:
    """The export's first column ("Number") once read 证件号码 because the visitor form reused the word."""
    from frontdesk import i18n

    i18n.set_language(language)
    id_number = "证件号码" if language == "zh_CN" else "證件號碼"
    assert (i18n._("Number"), i18n._("ID number")) == (number, id_number)
