"""Lists with paging and filters, Today's counts, the unit panel, the printed document and reprints."""

from __future__ import annotations

import uuid
from typing import Any

import pytest

from frontdesk import i18n
from frontdesk.audit import AuditEntry
from frontdesk.auth import Actor
from frontdesk.errors import NotFound, PermissionDenied, ValidationError
from frontdesk.services import Services
from frontdesk.slips.rows import SlipCounts, SlipRow, SlipStatus
from frontdesk.slips.service import SlipService
from tests.unit.frontdesk.slips.conftest import DeskClock, World, agent_applicant, call, owner_applicant, sofa


def _issue(slips: SlipService, clerk: Actor, world: World, **extra: Any) -> SlipRow:
    kwargs: dict[str, Any] = {
        "applicant": owner_applicant(world),
        "items": [sofa()],
        "reason": "repair",
        **extra,
    }
    return slips.issue_slip(actor=clerk, client_id=str(uuid.uuid4()), unit_id=world.unit, **kwargs)


def test_list_newest_first_with_keyset_paging(
    slips: SlipService, world: World, clerk: Actor, clock: DeskClock
) -> None:
    numbers = []
    for _ in range(7):
        numbers.append(_issue(slips, clerk, world).number)
        if len(numbers) % 3 == 0:
            clock.advance(minutes=5)  # some slips share a moment, some do not
    seen: list[str] = []
    page = slips.list_slips(actor=clerk, limit=3)
    while page:
        seen += [s.number for s in page]
        page = slips.list_slips(actor=clerk, limit=3, before=page[-1].page_key)
    assert seen == list(reversed(numbers))


def test_list_filters(slips: SlipService, world: World, clerk: Actor, guard: Actor, clock: DeskClock) -> None:
    first = _issue(slips, clerk, world)
    clock.advance(days=1)
    pending = _issue(
        slips, clerk, world, applicant=agent_applicant(), confirmation=call(world, clock, "unreachable")
    )
    used = _issue(slips, clerk, world, applicant=owner_applicant(world, name="李秀英"))
    slips.mark_used(actor=guard, number=used.number, code=used.verification_code)

    def numbers(**filters: Any) -> list[str]:
        return [s.number for s in slips.list_slips(actor=clerk, **filters)]

    assert numbers(day=first.issued_on) == [first.number]
    assert numbers(month="2026-11") == [used.number, pending.number, first.number]
    assert numbers(month="2026-12") == []
    assert numbers(status="pending") == [pending.number]
    assert numbers(status="used") == [used.number]
    assert numbers(status="expired") == [first.number]
    assert numbers(text="搬家") == [pending.number]
    assert numbers(text=pending.number.lower()) == [pending.number]
    assert numbers(text="3-15") == [used.number, pending.number, first.number]
    assert slips.list_slips(actor=guard, status="used")[0].number == used.number  # the gate may list too
    for bad in ({"month": "2026-13"}, {"month": "11/2026"}, {"status": "lost"}):
        with pytest.raises(ValidationError):
            slips.list_slips(actor=clerk, **bad)


def test_today_counts(slips: SlipService, world: World, clerk: Actor, guard: Actor, clock: DeskClock) -> None:
    a, b, c = (_issue(slips, clerk, world) for _ in range(3))
    _issue(slips, clerk, world, applicant=agent_applicant(), confirmation=call(world, clock, "unreachable"))
    _issue(slips, clerk, world, applicant=agent_applicant(), confirmation=call(world, clock, "refused"))
    slips.mark_used(actor=guard, number=a.number, code=a.verification_code)
    slips.void(actor=clerk, number=b.number, reason="写错")
    assert slips.today_counts(actor=guard) == SlipCounts(issued=3, used=1, pending=1, refused=1, voided=1)
    clock.advance(days=1)
    # c and the pending slip expired overnight
    yesterday = slips.today_counts(actor=clerk, day=a.issued_on)
    assert (yesterday.issued, yesterday.pending, yesterday.expired) == (3, 0, 2)
    assert slips.get(actor=clerk, number=c.number).slip.status is SlipStatus.EXPIRED
    assert slips.today_counts(actor=clerk) == SlipCounts(0, 0, 0, 0, 0, 0)


def test_get_and_not_found(slips: SlipService, world: World, clerk: Actor, engineer: Actor) -> None:
    slip = _issue(slips, clerk, world)
    detail = slips.get(actor=clerk, number=f" {slip.number.lower()} ")
    assert detail.slip == slip and len(detail.items) == 1 and detail.confirmations == ()
    with pytest.raises(NotFound):
        slips.get(actor=clerk, number="FX-20200101-0001")
    with pytest.raises(PermissionDenied):
        slips.get(actor=engineer, number=slip.number)


def test_document_is_masked_and_a_second_print_is_a_reprint(
    slips: SlipService, world: World, clerk: Actor, clock: DeskClock
) -> None:
    slip = _issue(
        slips,
        clerk,
        world,
        applicant=agent_applicant(),
        confirmation=call(world, clock),
        reason="other",
        reason_note="捐赠",
    )
    i18n.set_language("zh_CN")
    document = slips.document(actor=clerk, number=slip.number, copies=("gate", "applicant"))
    assert document.copies == ("applicant", "gate")  # always in the slip's order
    assert (document.office_name, document.estate_name, document.unit_code) == (
        "幸福里物业管理处",
        "幸福里",
        "3-1502",
    )
    assert (
        document.applicant_id_masked == "440304********4562"
        and document.applicant_phone_masked == "150****2222"
    )
    assert "李秀英" in document.confirmation_note and "138****5678" in document.confirmation_note
    assert "13812345678" not in repr(document)
    assert document.reason == "其他：捐赠" and document.arrears_note  # Chinese punctuation in Chinese
    assert document.qr_payload == slip.qr_payload and not document.reprint
    slips.record_print(
        actor=clerk, number=slip.number, copies=document.copies, destination="/tmp/FX.pdf", on_paper=False
    )  # a PDF saved first: the paper copies printed next are still the originals
    assert not slips.document(actor=clerk, number=slip.number).reprint
    assert "/tmp/FX.pdf" in AuditEntry.get(AuditEntry.action == "save_pdf").after
    slips.record_print(actor=clerk, number=slip.number, copies=document.copies, destination="HP LaserJet")
    assert slips.document(actor=clerk, number=slip.number).reprint
    entry = AuditEntry.get(AuditEntry.action == "print")
    assert entry.entity_id == slip.number and "HP LaserJet" in entry.after
    for bad in ((), ("applicant", "boss")):
        with pytest.raises(ValidationError) as caught:
            slips.document(actor=clerk, number=slip.number, copies=bad)
        assert caught.value.field == "copies"


def test_recent_for_unit_and_the_panel(
    slips: SlipService, world: World, clerk: Actor, services: Services, clock: DeskClock
) -> None:
    slips_made = [_issue(slips, clerk, world).number for _ in range(7)]
    assert [s.number for s in slips.recent_for_unit(actor=clerk, unit_id=world.unit)] == slips_made[:-6:-1]
    assert slips.recent_for_unit(actor=clerk, unit_id=world.arrears_unit) == []
    panel = services.estate.unit_panel(actor=clerk, unit_id=world.unit)
    (section,) = [s for s in panel.sections if s.key == "release_slips"]
    assert section.count == 5 and section.attention
    assert (
        section.lines[0].text.startswith(slips_made[-1])
        and section.lines[0].ref == f"release_slip:{slips_made[-1]}"
    )
    assert "李秀英" in section.lines[0].detail
