"""The gate (F8) under a guard's hands: a scan, a typed number and its code, a slip already used,
a forged code — the verdict in words and colour, the goods marked out with carrier and plate."""

from __future__ import annotations

from frontdesk.slips.rows import SlipRow, SlipStatus
from tests.conftest import ADMIN_PASSWORD
from tests.walkthrough.conftest import Desk


def issued_slip(desk: Desk) -> SlipRow:
    """A slip of the demo estate still valid today (read through the services the window uses)."""
    admin = desk.context.services.staff.authenticate(username="admin", password=ADMIN_PASSWORD)
    rows = desk.context.services.slips.list_slips(actor=admin, limit=200)
    return next(r for r in rows if r.status is SlipStatus.ISSUED)


def test_the_gate_by_scan_by_typed_number_and_code_used_and_forged(desk: Desk) -> None:
    desk.sign_in("admin", ADMIN_PASSWORD)
    slip = issued_slip(desk)
    desk.press("F8")
    desk.keys = 0
    desk.scan(slip.qr_payload)
    desk.shot("scanned: valid")
    assert desk.sees(f"✓ 有效  {slip.number}"), desk.visible_text()
    desk.press("Alt+C")
    desk.type("顺心搬家 刘师傅")
    desk.press("Alt+P")
    desk.type("粤B12345")
    desk.press("Enter")
    desk.shot("marked used")
    assert desk.sees(f"✓ 已标记使用  {slip.number}"), desk.visible_text()
    assert desk.keys <= 3
    desk.record_keys("gate check by scan")

    desk.type(slip.number)  # typed by hand: the number alone is not enough
    desk.press("Enter")
    desk.shot("typed number: used")
    assert desk.sees(f"✗ 已使用过  {slip.number}"), desk.visible_text()
    assert not desk.problems(), desk.problems()
    used = desk.context.services.slips.list_slips(
        actor=desk.context.require_actor(), text=slip.number, limit=1
    )[0]
    assert (used.carrier_name, used.plate) == ("顺心搬家 刘师傅", "粤B12345")


def test_a_typed_number_asks_for_the_code_and_a_wrong_code_is_forged(desk: Desk) -> None:
    desk.sign_in("admin", ADMIN_PASSWORD)
    slip = issued_slip(desk)
    desk.press("F8")
    desk.type(slip.number)
    desk.press("Enter")
    desk.shot("number alone: code needed")
    assert desk.sees("请输入放行条上的核验码"), desk.visible_text()
    code = slip.verification_code
    forged = code[:-1] + ("A" if code[-1] != "A" else "B")
    desk.type(forged)  # after the number, which stays in the field
    desk.press("Enter")
    desk.shot("wrong code: forged")
    assert desk.sees("✗ 核验码不符"), desk.visible_text()
    desk.type(f"{slip.number} {code}")
    desk.press("Enter")
    desk.shot("number and code: valid")
    assert desk.sees(f"核验码 {code} 与放行条相符"), desk.visible_text()
    assert not desk.problems(), desk.problems()
