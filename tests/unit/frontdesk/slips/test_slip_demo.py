"""The demo's release slips: a realistic mix, valid codes, purged history, counters that continue."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, date, datetime, time

import pytest

import frontdesk.demo as demo
import frontdesk.demo.slips as demo_slips
import frontdesk.demo.visits as demo_visits
from frontdesk.auth import Actor
from frontdesk.db import transaction
from frontdesk.demo import load_demo
from frontdesk.numbering import next_number
from frontdesk.slips.common import intact, item_lines
from frontdesk.slips.models import ReleaseSlip, SlipConfirmation
from frontdesk.slips.rows import GateResult
from frontdesk.slips.service import SlipService
from frontdesk.visitors.models import Visit
from tests.unit.frontdesk.slips.conftest import DeskClock

TODAY = date(2026, 11, 23)


def test_demo_slips(slips: SlipService, admin: Actor, guard: Actor, clock: DeskClock) -> None:
    assert clock.today() == TODAY
    load_demo(actor=admin, units=200, years=2, seed=3, today=TODAY)
    total = ReleaseSlip.select().count()
    assert 700 < total < 2200  # about one a day for 200 units, over two years
    stored = Counter(s.status for s in ReleaseSlip.select(ReleaseSlip.status))
    assert stored["used"] > total * 0.6
    assert all(stored[s] > 0 for s in ("issued", "voided", "refused", "pending"))
    assert ReleaseSlip.select().where(ReleaseSlip.override_by != "").count() > 5
    assert SlipConfirmation.select().count() > total * 0.3
    reasons = Counter(s.reason for s in ReleaseSlip.select(ReleaseSlip.reason))
    assert reasons["moving_out"] > reasons["rented_return"] > 0

    # a year of history is past retention: purged, and nothing left for the purge to do
    purged = ReleaseSlip.select().where(ReleaseSlip.purged_at.is_null(False))
    assert purged.count() > total * 0.3 and {s.applicant_name for s in purged} == {""}
    assert slips.purge_personal_data(actor=admin, dry_run=True).eligible == 0

    # every code is valid: the stored content gives the stored code
    for slip in ReleaseSlip.select().order_by(ReleaseSlip.id).limit(400):  # purged ones too: the seal
        assert intact(slip, item_lines(slip.id), slips.key()), slip.number
    used = ReleaseSlip.select().where(ReleaseSlip.status == "used").order_by(ReleaseSlip.id.desc()).first()
    assert (
        slips.gate_check(actor=guard, text=f"{used.number} {used.verification_code}").result
        is GateResult.USED
    )
    counts = slips.today_counts(actor=admin)
    assert counts.used == 0  # nobody has reached the gate yet today

    # the day's counter continues after the demo's slips
    today_key = TODAY.strftime("%Y%m%d")
    made_today = ReleaseSlip.select().where(ReleaseSlip.number.startswith(f"FX-{today_key}-")).count()
    with transaction():
        assert next_number("release_slip", TODAY) == f"FX-{today_key}-{made_today + 1:04d}"


def test_demo_has_nothing_from_the_future(admin: Actor, monkeypatch: pytest.MonkeyPatch) -> None:
    """A demo loaded at 09:30 has no slip issued, visit begun or visit ended after 09:30."""
    now = datetime.combine(TODAY, time(9, 30)).astimezone(UTC).replace(tzinfo=None)
    monkeypatch.setattr(demo, "utcnow", lambda: now)
    monkeypatch.setattr(demo_slips, "utcnow", lambda: now, raising=False)
    monkeypatch.setattr(demo_visits, "REFERENCE_UNITS", 500)  # 120 a day: some of today's have left
    load_demo(actor=admin, units=200, years=1, seed=5, today=TODAY)
    today_start = datetime.combine(TODAY, time()).astimezone(UTC).replace(tzinfo=None)
    todays = ReleaseSlip.select().where(ReleaseSlip.issued_at >= today_start)
    assert todays.count() > 0  # the morning's slips are there ...
    assert ReleaseSlip.select().where(ReleaseSlip.issued_at > now).count() == 0  # ... none yet to come
    assert SlipConfirmation.select().where(SlipConfirmation.called_at > now).count() == 0
    assert {s.issued_on for s in todays} == {TODAY}
    assert Visit.select().where((Visit.time_in >= today_start) & Visit.time_out.is_null(False)).count() > 0
    assert Visit.select().where((Visit.time_in > now) | (Visit.time_out > now)).count() == 0
