"""Control characters in a visit's text fields: refused beside the field, the same on both engines."""

from __future__ import annotations

import pytest

from frontdesk.auth import Actor
from frontdesk.errors import ValidationError, ValidationErrors
from frontdesk.visitors.models import Visit, Visitor
from frontdesk.visitors.service import VisitorService
from tests.unit.frontdesk.visitors.visitor_data import Host, visit_args

CONTROLS = ["\x00", "\x1b", "\x7f", "\x9b"]


def _field_errors(exc: ValidationError | ValidationErrors) -> dict[str, str]:
    return exc.errors if isinstance(exc, ValidationErrors) else {exc.field: exc.message}


@pytest.mark.parametrize("bad", CONTROLS)
@pytest.mark.parametrize("field", ["name", "purpose_note", "told"])
def test_a_control_character_is_refused_beside_its_field_and_nothing_recorded(
    visitors: VisitorService, clerk: Actor, host: Host, bad: str, field: str
) -> None:
    args = visit_args(host, **{field: f"李{bad}小明"})
    with pytest.raises((ValidationError, ValidationErrors)) as refused:
        visitors.register_visit(actor=clerk, **args)
    errors = _field_errors(refused.value)
    assert list(errors) == [field]
    assert f"U+{ord(bad):04X}" in errors[field]
    assert Visit.select().count() == 0 and Visitor.select().count() == 0


@pytest.mark.parametrize("brk", ["\t", "\n", "\u2028", "\x85"])
def test_a_line_break_pasted_into_a_name_becomes_a_space(
    visitors: VisitorService, clerk: Actor, host: Host, brk: str
) -> None:
    row = visitors.register_visit(actor=clerk, **visit_args(host, name=f"李{brk}小明"))
    assert row.name == "李 小明"


def test_the_watch_list_refuses_a_control_character_in_its_reason(
    visitors: VisitorService, supervisor: Actor
) -> None:
    with pytest.raises(ValidationError) as refused:
        visitors.add_watch(actor=supervisor, name="张三", reason="闹事\x1b[31m")
    assert refused.value.field == "reason" and "U+001B" in refused.value.message
    assert visitors.watch_list(actor=supervisor) == []
