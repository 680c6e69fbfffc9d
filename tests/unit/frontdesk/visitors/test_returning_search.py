"""Finding a returning visitor by phone, phone suffix, name (also two characters) and ID digits."""

from __future__ import annotations

from frontdesk.auth import Actor
from frontdesk.visitors.kinds import Purpose
from frontdesk.visitors.service import VisitorService
from tests.unit.frontdesk.visitors.visitor_data import Host, visit_args


def test_found_by_phone_suffix_name_with_the_last_visit_to_fill_the_form(
    visitors: VisitorService, clerk: Actor, host: Host
) -> None:
    wang = visitors.register_visit(
        actor=clerk, **visit_args(host, name="王五", phone="13612340001", plate="粤B12345")
    )
    li = visitors.register_visit(actor=clerk, **visit_args(host, name="李王", phone="13712340002"))
    ids = lambda text: [h.visitor_id for h in visitors.find_returning(actor=clerk, text=text).hits]  # noqa: E731
    assert ids("136 1234 0001") == [wang.visitor_id]
    assert ids("13612") == [wang.visitor_id]
    assert ids("0002") == [li.visitor_id]
    assert ids("王五") == [wang.visitor_id]
    assert ids("王") == [wang.visitor_id, li.visitor_id]  # a name starting with it ranks first
    assert ids("张") == []
    assert ids("") == []
    hit = visitors.find_returning(actor=clerk, text="王五").hits[0]
    assert (hit.phone_masked, hit.last_purpose, hit.last_host_unit_id) == (
        "136****0001",
        Purpose.VISIT_RESIDENT,
        host.unit_id,
    )
    assert (hit.last_host_unit_code, hit.last_host_name, hit.last_plate, hit.matched) == (
        "3-1502",
        "王秀英",
        "粤B12345",
        "name",
    )
