"""Control characters in text: one check, refused with the field's message on SQLite and PostgreSQL alike."""

from __future__ import annotations

import json

import pytest

from frontdesk import audit
from frontdesk.audit import AuditEntry
from frontdesk.auth import Actor, Staff
from frontdesk.db import transaction
from frontdesk.errors import ValidationError
from frontdesk.estate.models import Estate
from frontdesk.office import Office
from frontdesk.services import Services
from frontdesk.text import check_text, control_character

pytestmark = pytest.mark.usefixtures("fast_argon2")

#: NUL, escape, DEL and a C1 control (CSI): refused in every text field
CONTROLS = ["\x00", "\x1b", "\x7f", "\x9b"]


@pytest.mark.parametrize("bad", [*CONTROLS, "\x01", "\x1f", "\x80", "\x9f"])
def test_controls_are_refused_on_one_line_and_on_several(bad: str) -> None:
    for multiline in (False, True):
        with pytest.raises(ValidationError) as refused:
            check_text("remarks", f"第一行{bad}尾", multiline=multiline)
        assert refused.value.field == "remarks"
        assert f"U+{ord(bad):04X}" in refused.value.message


@pytest.mark.parametrize("brk", ["\t", "\n", "\r", "\u2028", "\u2029"])
def test_tabs_and_line_breaks_only_where_the_field_has_several_lines(brk: str) -> None:
    text = f"第一行{brk}第二行"
    assert check_text("remarks", text, multiline=True) == text
    with pytest.raises(ValidationError) as refused:
        check_text("name", text)
    assert refused.value.field == "name" and "one line" in refused.value.message


@pytest.mark.parametrize(
    "text", ["王秀英", "O'Brien-Smith", "李\u3000明", "Zoë 😀", "\u00a0no-break", "零宽\u200d连接", ""]
)
def test_ordinary_text_passes(text: str) -> None:
    assert control_character(text) is None
    assert check_text("name", text) == text


@pytest.mark.parametrize("bad", CONTROLS)
def test_a_staff_name_with_a_control_character_is_refused_and_nothing_saved(
    services: Services, admin: Actor, bad: str
) -> None:
    before = Staff.select().count()
    with pytest.raises(ValidationError) as refused:
        services.staff.add(
            actor=admin, username="li", display_name=f"李{bad}娜", role="clerk", password="password-123"
        )
    assert refused.value.field == "display_name"
    assert f"U+{ord(bad):04X}" in refused.value.message
    with pytest.raises(ValidationError) as refused_name:
        services.staff.add(
            actor=admin, username=f"li{bad}", display_name="李娜", role="clerk", password="password-123"
        )
    assert refused_name.value.field == "username"
    assert Staff.select().count() == before


@pytest.mark.parametrize("bad", CONTROLS)
def test_every_text_column_refuses_what_a_service_forgot_to_check(services: Services, bad: str) -> None:
    """The model is the last line: a write that skipped the services' checks is still refused,
    with the column's name, before anything reaches the database (PostgreSQL's driver would
    raise an untyped error for a NUL, SQLite would store it)."""
    office = Office.get()
    with pytest.raises(ValidationError) as on_update:
        Office.update(address=f"幸福路{bad}1号").where(Office.id == office.id).execute()
    assert on_update.value.field == "address" and f"U+{ord(bad):04X}" in on_update.value.message
    estate = Estate.get()
    estate.name = f"幸福{bad}里"
    with pytest.raises(ValidationError) as on_save:
        estate.save()
    assert on_save.value.field == "name"
    with pytest.raises(ValidationError) as on_insert:
        Estate.insert_many([{"name": f"新{bad}苑", "updated_by": "t"}]).execute()
    assert on_insert.value.field == "name"
    assert Office.get().address == "" and [e.name for e in Estate.select()] == ["幸福里"]


def test_a_single_line_column_refuses_a_line_break(services: Services) -> None:
    office = Office.get()
    with pytest.raises(ValidationError) as refused:
        Office.update(address="幸福路\n1号").where(Office.id == office.id).execute()
    assert refused.value.field == "address" and "one line" in refused.value.message


def test_a_lookup_with_a_control_character_is_a_field_error_on_both_engines(services: Services) -> None:
    with pytest.raises(ValidationError) as refused:
        Staff.select().where(Staff.username == "admin\x00").exists()
    assert refused.value.field == "username"


@pytest.mark.parametrize("field", ["office_name", "estate_name", "display_name"])
def test_first_run_set_up_refuses_control_characters_by_field(bare_services: Services, field: str) -> None:
    values = {"office_name": "幸福里物业", "estate_name": "幸福里", "display_name": "王主任"}
    values[field] = values[field][:1] + "\x1b" + values[field][1:]
    with pytest.raises(ValidationError) as refused:
        bare_services.setup.initialize(
            actor=None,
            office_name=values["office_name"],
            estate_name=values["estate_name"],
            admin_username="admin",
            admin_display_name=values["display_name"],
            admin_password="admin-pass-1",
            visitor_retention_days=30,
            slip_retention_days=365,
        )
    assert refused.value.field == field and "U+001B" in refused.value.message
    assert not bare_services.setup.is_initialized()


def test_the_audit_trail_records_what_was_typed_even_with_control_characters(
    services: Services, admin: Actor
) -> None:
    """The gate records a code as typed: JSON escapes every control, so the entry is written on
    both engines, reads back exactly, and the chain still verifies."""
    typed = "7KQ3\x00\x1b\x7f\x9b-9XPD"
    with transaction():
        entry = audit.record(admin, "check", "release_slip", "?", after={"typed": typed})
    stored = AuditEntry.get_by_id(entry.id)
    assert json.loads(stored.after) == {"typed": typed}
    assert control_character(stored.after, multiline=True) is None
    assert list(audit.verify_chain()) == []
