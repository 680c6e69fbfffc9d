"""Tests for residents (ID numbers masked, phones normalised, moving out) and standing instructions."""

from __future__ import annotations

import uuid
from datetime import date, timedelta

import pytest

from frontdesk import audit
from frontdesk.auth import Actor
from frontdesk.errors import Conflict, PermissionDenied, ValidationError
from frontdesk.estate.kinds import ResidentKind
from frontdesk.estate.models import Resident, ResidentNameKey
from frontdesk.estate.privacy import id_fingerprint, store_phone
from frontdesk.estate.service import EstateService
from tests.unit.frontdesk.estate.estate_data import TODAY, Registry, mainland_id

ID_NUMBER = mainland_id("11010519491231002")  # GB 11643's own example: 11010519491231002X


def _all_audit_text() -> str:
    rows = audit.recent(limit=10_000)
    return "\n".join(f"{r.before} {r.after}" for r in rows)


def test_an_id_number_is_stored_masked_with_last_digits_and_fingerprint(
    estate: EstateService, admin: Actor, registry: Registry
) -> None:
    saved = estate.add_resident(
        actor=admin,
        unit_id=registry.u3_1502.id,
        kind="owner",
        name=" 王秀英 ",
        phone="+86 138-1234-5678",
        id_type="cn_id",
        id_number=ID_NUMBER.lower(),
        move_in=date(2020, 5, 1),
    )
    row = saved.resident
    assert ID_NUMBER == "11010519491231002X" and saved.warnings == ()
    assert (row.name, row.kind, row.unit_code) == ("王秀英", ResidentKind.OWNER, "3-1502")
    assert (row.id_number_masked, row.phone_masked) == ("110105********002X", "138****5678")
    stored = Resident.get_by_id(row.id)
    assert (stored.id_last4, stored.phone, stored.phone_digits, stored.phone_suffix4) == (
        "002X",
        "+86 138-1234-5678",
        "13812345678",
        "5678",
    )
    assert stored.id_hash == id_fingerprint(ID_NUMBER) and len(stored.id_hash) == 64
    stored_text = " ".join(str(v) for v in stored.__data__.values())
    assert ID_NUMBER not in stored_text


def test_the_audit_trail_holds_neither_the_id_number_nor_the_phone(
    estate: EstateService, admin: Actor, registry: Registry
) -> None:
    saved = estate.add_resident(
        actor=admin,
        unit_id=registry.u3_1502.id,
        kind="owner",
        name="王秀英",
        phone="13812345678",
        id_type="cn_id",
        id_number=ID_NUMBER,
    )
    other = mainland_id("44030619900101123")
    estate.update_resident(
        actor=admin,
        resident_id=saved.resident.id,
        version=1,
        id_type="cn_id",
        id_number=other,
        phone="13900001111",
    )
    trail = _all_audit_text()
    for secret in (ID_NUMBER, ID_NUMBER[:14], other, "13812345678", "13900001111", "1234567"):
        assert secret not in trail
    entries = audit.history("resident", saved.resident.id)
    assert [e.action for e in entries] == ["update", "create"]
    assert entries[1].after["id_number"].endswith("002X") and entries[1].after["phone"] == "138****5678"
    assert entries[0].after["id_number"].endswith(other[-4:])


@pytest.mark.parametrize(
    ("id_type", "number", "field"),
    [
        ("cn_id", "110105194912310021", "id_number"),  # wrong check digit
        ("cn_id", "1101051949", "id_number"),
        ("hk_id", "A123456(4)", "id_number"),
        ("", ID_NUMBER, "id_type"),
        ("library_card", ID_NUMBER, "id_type"),
    ],
)
def test_an_id_number_its_rules_reject_saves_nothing(
    estate: EstateService, admin: Actor, registry: Registry, id_type: str, number: str, field: str
) -> None:
    with pytest.raises(ValidationError) as caught:
        estate.add_resident(
            actor=admin,
            unit_id=registry.u3_1502.id,
            kind="owner",
            name="王秀英",
            id_type=id_type,
            id_number=number,
        )
    assert caught.value.field == field and caught.value.message
    assert Resident.select().count() == 0 and ResidentNameKey.select().count() == 0


def test_check_digit_message_says_what_to_check(
    estate: EstateService, admin: Actor, registry: Registry
) -> None:
    with pytest.raises(ValidationError) as caught:
        estate.add_resident(
            actor=admin,
            unit_id=registry.u3_1502.id,
            kind="owner",
            name="王秀英",
            id_type="cn_id",
            id_number="110105194912310021",
        )
    assert "check digit" in caught.value.message


def test_warnings_come_back_and_the_resident_is_kept(
    estate: EstateService, admin: Actor, registry: Registry
) -> None:
    unknown_region = mainland_id("00010519491231002")
    saved = estate.add_resident(
        actor=admin,
        unit_id=registry.u3_1502.id,
        kind="tenant",
        name="张三",
        id_type="cn_id",
        id_number=unknown_region,
    )
    assert len(saved.warnings) == 1 and "region" in saved.warnings[0]
    assert saved.resident.id_number_masked == "000105********" + unknown_region[-4:]


def test_hong_kong_ids_match_with_or_without_brackets(
    estate: EstateService, admin: Actor, registry: Registry
) -> None:
    saved = estate.add_resident(
        actor=admin,
        unit_id=registry.ua_1502.id,
        kind="owner",
        name="Chan Tai Man",
        id_type="hk_id",
        id_number="a123456(3)",
    )
    assert saved.resident.id_number_masked == "A******(3)"
    assert Resident.get_by_id(saved.resident.id).id_hash == id_fingerprint("A1234563")


@pytest.mark.parametrize(
    ("typed", "digits", "phone"),
    [
        ("138 1234 5678", "13812345678", "138 1234 5678"),
        ("８６１３８１２３４５６７８", "13812345678", "8613812345678"),
        ("0086 13812345678", "13812345678", "0086 13812345678"),
        ("+852 9123-4567", "91234567", "+852 9123-4567"),
        ("(0755) 8666 8888", "075586668888", "(0755) 8666 8888"),
        ("", "", ""),
    ],
)
def test_phones_are_normalised_for_searching(typed: str, digits: str, phone: str) -> None:
    stored = store_phone(typed)
    assert (stored.phone, stored.digits, stored.suffix4) == (phone, digits, digits[-4:])


@pytest.mark.parametrize("typed", ["call me", "12", "138-1234-5678 ext", "1" * 21])
def test_bad_phones_are_refused(typed: str) -> None:
    with pytest.raises(ValidationError) as caught:
        store_phone(typed)
    assert caught.value.field == "phone"


def test_add_resident_is_idempotent_per_client_id(
    estate: EstateService, admin: Actor, registry: Registry
) -> None:
    client_id = uuid.uuid4()
    first = estate.add_resident(
        actor=admin, unit_id=registry.u3_1502.id, kind="owner", name="王秀英", client_id=client_id
    )
    again = estate.add_resident(
        actor=admin, unit_id=registry.u3_1502.id, kind="owner", name="王秀英", client_id=client_id
    )
    assert first.resident == again.resident
    assert Resident.select().count() == 1 and len(audit.history("resident", first.resident.id)) == 1


def test_update_resident_changes_fields_and_refuses_stale_copies(
    estate: EstateService, admin: Actor, clerk: Actor, registry: Registry
) -> None:
    row = estate.add_resident(
        actor=admin,
        unit_id=registry.u3_1502.id,
        kind="owner",
        name="王秀英",
        id_type="cn_id",
        id_number=ID_NUMBER,
    ).resident
    saved = estate.update_resident(
        actor=clerk,
        resident_id=row.id,
        version=row.version,
        kind="tenant",
        phone="13900001111",
        remarks="常出差",
    ).resident
    assert (saved.kind, saved.phone_masked, saved.remarks, saved.version) == (
        ResidentKind.TENANT,
        "139****1111",
        "常出差",
        2,
    )
    assert estate.resident(actor=clerk, resident_id=row.id).phone == "13900001111"
    with pytest.raises(Conflict):
        estate.update_resident(actor=admin, resident_id=row.id, version=row.version, name="王二")
    with pytest.raises(ValidationError) as type_only:
        estate.update_resident(actor=admin, resident_id=row.id, version=2, id_type="passport")
    assert type_only.value.field == "id_number"
    cleared = estate.update_resident(actor=admin, resident_id=row.id, version=2, id_number="").resident
    assert (cleared.id_type, cleared.id_number_masked) == ("", "")
    assert Resident.get_by_id(row.id).id_hash == ""


def test_move_out_keeps_the_resident_inactive(
    estate: EstateService, admin: Actor, registry: Registry
) -> None:
    row = estate.add_resident(
        actor=admin, unit_id=registry.u3_1502.id, kind="tenant", name="李娜", move_in=date(2025, 1, 1)
    ).resident
    with pytest.raises(ValidationError):
        estate.move_out(actor=admin, resident_id=row.id, version=row.version, on=date(2024, 12, 31))
    moved = estate.move_out(actor=admin, resident_id=row.id, version=row.version)
    assert (moved.active, moved.move_out) == (False, TODAY)
    assert estate.residents(actor=admin, unit_id=registry.u3_1502.id) == []
    assert [
        r.id for r in estate.residents(actor=admin, unit_id=registry.u3_1502.id, include_former=True)
    ] == [row.id]
    with pytest.raises(Conflict):
        estate.move_out(actor=admin, resident_id=row.id, version=moved.version)
    assert audit.history("resident", row.id)[0].after == {"active": False, "move_out": TODAY.isoformat()}


def test_residents_list_owners_first(estate: EstateService, admin: Actor, registry: Registry) -> None:
    for kind, name in (("tenant", "租客甲"), ("owner", "業主甲"), ("owner", "業主乙")):
        estate.add_resident(actor=admin, unit_id=registry.u3_1502.id, kind=kind, name=name)
    assert [r.name for r in estate.residents(actor=admin, unit_id=registry.u3_1502.id)] == [
        "業主甲",
        "業主乙",
        "租客甲",
    ]


def test_resident_editing_needs_registry_editing(
    estate: EstateService, engineer: Actor, guard: Actor, registry: Registry
) -> None:
    for actor in (engineer, guard):
        with pytest.raises(PermissionDenied):
            estate.add_resident(actor=actor, unit_id=registry.u3_1502.id, kind="owner", name="王秀英")
        with pytest.raises(PermissionDenied):
            estate.residents(actor=actor, unit_id=registry.u3_1502.id)


# --- standing instructions ----------------------------------------------------------------------


def test_standing_instructions_are_in_force_until_their_last_day(
    estate: EstateService, admin: Actor, clerk: Actor, registry: Registry
) -> None:
    unit_id = registry.u3_1502.id
    forever = estate.add_instruction(actor=clerk, unit_id=unit_id, text="業主出國，任何物品不得放行")
    today_only = estate.add_instruction(actor=clerk, unit_id=unit_id, text="今日有裝修工人", until=TODAY)
    assert forever.created_by == "clerk1" and today_only.in_force(TODAY)
    assert not today_only.in_force(TODAY + timedelta(days=1))
    assert [i.id for i in estate.instructions(actor=admin, unit_id=unit_id)] == [today_only.id, forever.id]
    ended = estate.end_instruction(actor=admin, instruction_id=forever.id, version=forever.version)
    assert ended.until == TODAY - timedelta(days=1)
    assert [i.id for i in estate.instructions(actor=admin, unit_id=unit_id)] == [today_only.id]
    assert len(estate.instructions(actor=admin, unit_id=unit_id, include_ended=True)) == 2
    with pytest.raises(Conflict):
        estate.end_instruction(actor=admin, instruction_id=forever.id, version=forever.version)


def test_standing_instructions_refuse_empty_text_and_past_ends(
    estate: EstateService, admin: Actor, registry: Registry
) -> None:
    with pytest.raises(ValidationError) as empty:
        estate.add_instruction(actor=admin, unit_id=registry.u3_1502.id, text="  ")
    with pytest.raises(ValidationError) as past:
        estate.add_instruction(
            actor=admin, unit_id=registry.u3_1502.id, text="x", until=TODAY - timedelta(days=1)
        )
    assert (empty.value.field, past.value.field) == ("text", "until")
