"""Control characters on a release slip: each refused beside its field, on both engines."""

from __future__ import annotations

import uuid

import pytest

from frontdesk.auth import Actor
from frontdesk.errors import ValidationError
from frontdesk.slips.models import ReleaseSlip, SlipItem
from frontdesk.slips.rows import ItemInput
from frontdesk.slips.service import SlipService
from tests.unit.frontdesk.slips.conftest import World, owner_applicant, sofa

CONTROLS = ["\x00", "\x1b", "\x7f", "\x9b"]


def _issue(
    slips: SlipService, clerk: Actor, world: World, items: list[ItemInput], name: str = "李秀英"
) -> None:
    slips.issue_slip(
        actor=clerk,
        client_id=str(uuid.uuid4()),
        unit_id=world.unit,
        applicant=owner_applicant(world, name),
        items=items,
        reason="moving_out",
    )


@pytest.mark.parametrize("bad", CONTROLS)
def test_a_control_character_in_a_line_of_goods_is_refused_beside_that_line(
    slips: SlipService, world: World, clerk: Actor, bad: str
) -> None:
    items = [sofa(), ItemInput(f"双人{bad}床垫", "1", "张"), ItemInput("纸箱", "2", "箱", f"旧{bad}")]
    with pytest.raises(ValidationError) as refused:
        _issue(slips, clerk, world, items)
    assert refused.value.field == "items.1.description"
    assert f"U+{ord(bad):04X}" in refused.value.message
    with pytest.raises(ValidationError) as in_remarks:
        _issue(slips, clerk, world, [sofa(), ItemInput("纸箱", "2", "箱", f"旧{bad}")])
    assert in_remarks.value.field == "items.1.remarks"
    assert ReleaseSlip.select().count() == 0 and SlipItem.select().count() == 0


@pytest.mark.parametrize("bad", CONTROLS)
def test_a_control_character_in_the_applicants_name_is_refused(
    slips: SlipService, world: World, clerk: Actor, bad: str
) -> None:
    with pytest.raises(ValidationError) as refused:
        _issue(slips, clerk, world, [sofa()], name=f"李秀{bad}英")
    assert refused.value.field == "applicant_name" and f"U+{ord(bad):04X}" in refused.value.message
    assert ReleaseSlip.select().count() == 0


def test_a_tab_in_a_line_of_goods_is_tidied_to_a_space(
    slips: SlipService, world: World, clerk: Actor
) -> None:
    _issue(slips, clerk, world, [ItemInput("双人\t床垫", "1", "张", "旧\n的")])
    item = SlipItem.get()
    assert (item.description, item.remarks) == ("双人 床垫", "旧 的")
