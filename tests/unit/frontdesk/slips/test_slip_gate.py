"""The gate: typed and scanned numbers, every verdict, tampering, marking used, voiding, expiry."""

from __future__ import annotations

import uuid

import pytest

from frontdesk.audit import AuditEntry
from frontdesk.auth import Actor
from frontdesk.errors import NotFound, PermissionDenied, UserError, ValidationError
from frontdesk.slips.models import ReleaseSlip, SlipItem
from frontdesk.slips.rows import GateResult, SlipRow, SlipStatus
from frontdesk.slips.service import SlipService
from tests.unit.frontdesk.slips.conftest import DeskClock, World, agent_applicant, call, owner_applicant, sofa


def _slip(slips: SlipService, clerk: Actor, world: World, **extra: object) -> SlipRow:
    return slips.issue_slip(
        actor=clerk,
        client_id=str(uuid.uuid4()),
        unit_id=world.unit,
        applicant=owner_applicant(world),
        items=[sofa(), sofa("冰箱", "1", "台")],
        reason="moving_out",
        **extra,  # type: ignore[arg-type]
    )


@pytest.fixture
def issued(slips: SlipService, clerk: Actor, world: World) -> SlipRow:
    """A valid slip, issued today."""
    return _slip(slips, clerk, world)


def _number_typings(slip: SlipRow) -> list[str]:
    day, seq = slip.number.split("-")[1:]
    full_width = slip.number.translate({c: c + 0xFEE0 for c in range(0x21, 0x7F)})
    return [
        slip.number,
        slip.number.lower(),
        f" fx {day} {seq} ",
        f"FX{day}{seq}",
        f"{day}-{seq}",
        full_width,
    ]


def _code_typings(slip: SlipRow) -> list[str]:
    code = slip.verification_code
    return [
        slip.qr_payload,
        slip.qr_payload.lower(),
        slip.qr_payload.replace("-", "").replace(" ", ""),
        slip.qr_payload + "\r\n",
        *(f"{number} {code.lower()}" for number in _number_typings(slip)),
    ]


def test_a_valid_slip_is_recognised_however_it_is_typed(
    slips: SlipService, issued: SlipRow, guard: Actor
) -> None:
    for text in _code_typings(issued):
        check = slips.gate_check(actor=guard, text=text)
        assert check.result is GateResult.VALID, text
        assert check.slip is not None and check.slip.number == issued.number
        assert [i.description for i in check.items] == ["三人沙发", "冰箱"]
        assert "mark the slip used" in check.message
    for text in _number_typings(issued):  # the slip is found, but a number alone is not enough
        check = slips.gate_check(actor=guard, text=text)
        assert check.result is GateResult.CODE_NEEDED, text
        assert check.slip is not None and check.slip.number == issued.number


def test_every_check_is_audited(slips: SlipService, issued: SlipRow, guard: Actor) -> None:
    slips.gate_check(actor=guard, text=issued.number)
    slips.gate_check(actor=guard, text="nonsense")
    entries = list(AuditEntry.select().where(AuditEntry.action == "gate_check").order_by(AuditEntry.id))
    assert [(e.actor, e.entity_id) for e in entries] == [
        (guard.username, issued.number),
        (guard.username, ""),
    ]
    assert '"result": "code_needed"' in entries[0].after and '"result": "unknown"' in entries[1].after


@pytest.mark.parametrize(
    "text", ["", "hello", "FX-2026112-0001", "FX-20261123-0099", "FX-20261123-0001 ABCD"]
)
def test_unknown_numbers(slips: SlipService, issued: SlipRow, guard: Actor, text: str) -> None:
    check = slips.gate_check(actor=guard, text=text)
    assert check.result is GateResult.UNKNOWN and check.slip is None and check.items == ()
    assert "Do not let the goods out" in check.message


def test_a_forged_code_is_tampered(slips: SlipService, issued: SlipRow, guard: Actor) -> None:
    code = issued.verification_code
    forged = code[:-1] + ("A" if code[-1] != "A" else "B")
    check = slips.gate_check(actor=guard, text=f"{issued.number} {forged}")
    assert check.result is GateResult.TAMPERED
    assert "forged" in check.message
    # the number typed by hand finds the genuine slip, which then wants its code
    assert slips.gate_check(actor=guard, text=issued.number).result is GateResult.CODE_NEEDED


def test_lookalike_characters_in_the_code_are_forgiven(
    slips: SlipService, issued: SlipRow, guard: Actor
) -> None:
    code = issued.verification_code.replace("0", "O").replace("1", "I")
    typed = f"{issued.number} {code.lower()}"
    assert slips.gate_check(actor=guard, text=typed).result is GateResult.VALID


def test_a_row_altered_behind_the_programs_back_is_tampered(
    slips: SlipService, issued: SlipRow, guard: Actor, clerk: Actor
) -> None:
    ReleaseSlip.update(valid_until=issued.valid_until.replace(year=2027)).where(
        ReleaseSlip.id == issued.id
    ).execute()
    assert slips.gate_check(actor=guard, text=issued.qr_payload).result is GateResult.TAMPERED
    assert slips.gate_check(actor=guard, text=issued.number).result is GateResult.TAMPERED
    with pytest.raises(UserError, match="forged or altered"):
        slips.mark_used(actor=guard, number=issued.number, code=issued.verification_code)


def test_an_item_line_altered_behind_the_programs_back_is_tampered(
    slips: SlipService, issued: SlipRow, guard: Actor
) -> None:
    SlipItem.update(quantity="10").where((SlipItem.slip == issued.id) & (SlipItem.position == 1)).execute()
    assert slips.gate_check(actor=guard, text=issued.qr_payload).result is GateResult.TAMPERED


def test_mark_used_then_the_gate_says_used(
    slips: SlipService, issued: SlipRow, guard: Actor, clerk: Actor, clock: DeskClock
) -> None:
    clock.advance(hours=2)
    used = slips.mark_used(
        actor=guard,
        number=issued.number.lower(),
        code=issued.verification_code.lower().replace("-", " "),  # as a guard may type it
        carrier_name="顺心搬家 刘",
        plate="粤b12345",
    )
    assert used.status is SlipStatus.USED
    assert (used.used_by, used.used_at, used.plate) == (guard.username, clock.now(), "粤B12345")
    check = slips.gate_check(actor=guard, text=issued.qr_payload)
    assert check.result is GateResult.USED
    assert (check.used_by, check.used_at) == (guard.username, clock.now())
    assert "Already used" in check.message and guard.display_name in check.message  # a name, not a login
    with pytest.raises(UserError, match="Already used"):
        slips.mark_used(actor=guard, number=issued.number, code=issued.verification_code)
    with pytest.raises(UserError, match="already used"):
        slips.void(actor=clerk, number=issued.number, reason="错开")


def test_a_typed_number_alone_asks_for_the_code(slips: SlipService, issued: SlipRow, guard: Actor) -> None:
    check = slips.gate_check(actor=guard, text=issued.number)
    assert check.result is GateResult.CODE_NEEDED and check.code == ""
    assert "8-character code" in check.message
    typed = slips.gate_check(actor=guard, text=f"{issued.number} {issued.verification_code.lower()}")
    assert typed.result is GateResult.VALID and typed.code == issued.verification_code


def test_a_slip_is_never_marked_used_without_its_code(
    slips: SlipService, issued: SlipRow, guard: Actor
) -> None:
    for wrong in ("", "0000-0000", "K7Q3"):
        with pytest.raises(UserError, match="forged or altered"):
            slips.mark_used(actor=guard, number=issued.number, code=wrong)
    assert slips.gate_check(actor=guard, text=issued.qr_payload).result is GateResult.VALID


def test_mark_used_bad_fields(slips: SlipService, issued: SlipRow, guard: Actor) -> None:
    with pytest.raises(ValidationError) as caught:
        slips.mark_used(
            actor=guard, number=issued.number, code=issued.verification_code, carrier_name="长" * 81
        )
    assert caught.value.field == "carrier_name"
    with pytest.raises(ValidationError) as caught:
        slips.mark_used(actor=guard, number=issued.number, code=issued.verification_code, plate="X" * 21)
    assert caught.value.field == "plate"
    with pytest.raises(NotFound):
        slips.mark_used(actor=guard, number="FX-20261123-0999", code="0000-0000")


def test_a_slip_expires_after_its_last_day(
    slips: SlipService, issued: SlipRow, guard: Actor, clerk: Actor, clock: DeskClock
) -> None:
    clock.advance(hours=13)  # 23:00, still the last valid day
    assert slips.gate_check(actor=guard, text=issued.qr_payload).result is GateResult.VALID
    clock.advance(hours=2)
    check = slips.gate_check(actor=guard, text=issued.qr_payload)
    assert check.result is GateResult.EXPIRED and "valid until 2026-11-23" in check.message
    with pytest.raises(UserError, match="Expired"):
        slips.mark_used(actor=guard, number=issued.number, code=issued.verification_code)
    assert [s.number for s in slips.list_slips(actor=clerk, status="expired")] == [issued.number]
    assert slips.list_slips(actor=clerk, status="issued") == []
    assert slips.today_counts(actor=clerk, day=issued.issued_on).expired == 1


def test_void_needs_a_reason_and_keeps_the_slip(
    slips: SlipService, issued: SlipRow, guard: Actor, clerk: Actor
) -> None:
    for reason in ("", "   ", "错" * 201):
        with pytest.raises(ValidationError) as caught:
            slips.void(actor=clerk, number=issued.number, reason=reason)
        assert caught.value.field == "void_reason"
    voided = slips.void(actor=clerk, number=issued.number, reason="物品清单写错，重开")
    assert voided.status is SlipStatus.VOIDED and voided.void_reason == "物品清单写错，重开"
    assert ReleaseSlip.select().count() == 1 and SlipItem.select().count() == 2
    check = slips.gate_check(actor=guard, text=issued.qr_payload)
    assert check.result is GateResult.VOIDED and check.items
    assert "物品清单写错，重开" in check.message  # the guard sees why
    with pytest.raises(UserError, match="already voided"):
        slips.void(actor=clerk, number=issued.number, reason="再次")
    with pytest.raises(UserError, match="Voided"):
        slips.mark_used(actor=guard, number=issued.number, code=issued.verification_code)
    assert AuditEntry.select().where(AuditEntry.action == "void").count() == 1


def test_refused_and_pending_slips_are_not_valid_at_the_gate(
    slips: SlipService, world: World, clerk: Actor, guard: Actor, clock: DeskClock
) -> None:
    def by_agent(answer: str) -> SlipRow:
        return slips.issue_slip(
            actor=clerk,
            client_id=str(uuid.uuid4()),
            unit_id=world.unit,
            applicant=agent_applicant(),
            items=[sofa()],
            reason="repair",
            confirmation=call(world, clock, answer),
        )

    refused, pending = by_agent("refused"), by_agent("unreachable")
    assert slips.gate_check(actor=guard, text=refused.qr_payload).result is GateResult.REFUSED
    assert slips.gate_check(actor=guard, text=pending.qr_payload).result is GateResult.PENDING
    for slip in (refused, pending):
        with pytest.raises(UserError):
            slips.mark_used(actor=guard, number=slip.number, code=slip.verification_code)
    with pytest.raises(UserError, match="refused"):
        slips.void(actor=clerk, number=refused.number, reason="x")
    assert (
        slips.void(actor=clerk, number=pending.number, reason="业主一直联系不上").status is SlipStatus.VOIDED
    )


def test_only_gate_staff_check_and_only_desk_staff_void(
    slips: SlipService, issued: SlipRow, engineer: Actor, guard: Actor
) -> None:
    with pytest.raises(PermissionDenied):
        slips.gate_check(actor=engineer, text=issued.number)
    with pytest.raises(PermissionDenied):
        slips.mark_used(actor=engineer, number=issued.number, code=issued.verification_code)
    with pytest.raises(PermissionDenied):
        slips.void(actor=guard, number=issued.number, reason="x")
