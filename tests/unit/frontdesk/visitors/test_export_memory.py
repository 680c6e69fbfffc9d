"""The visit export reads in bounded memory: four times the visits must not take four times the memory.

Two demo estates of the same size, one and four years long, are exported with small pages; the
peak of Python's allocations (tracemalloc) while the rows pass is compared. An export that loaded
every row (or every row's id) before handing them out would peak about four times higher.
"""

from __future__ import annotations

import tracemalloc
from datetime import date
from pathlib import Path

import pytest

from frontdesk import streaming
from frontdesk.auth import Actor
from frontdesk.db import parse_target
from frontdesk.demo import load_demo
from frontdesk.services import connect
from frontdesk.visitors.models import Visit
from frontdesk.visitors.service import VisitorService

UNITS = 20  # the smallest demo estate: the fewest visits a day, so the years make the difference
TODAY = date(2026, 3, 31)
PAGE_ROWS = 100


def _peak_of_export(folder: Path, years: int) -> tuple[int, int]:
    """(visits, peak bytes allocated while exporting them all) on a new demo database."""
    services = connect(
        parse_target(folder / f"demo{years}.db"), backup_folder=folder / "backups", create=True
    )
    try:
        services.setup.initialize(
            actor=None, office_name="测试物业", estate_name="测试小区", admin_username="admin",
            admin_display_name="admin", admin_password="admin-pass-1",
            visitor_retention_days=3650, slip_retention_days=3650,
        )  # fmt: skip
        actor = Actor.command_line()
        load_demo(actor=actor, units=UNITS, years=years, seed=1, today=TODAY)
        _export(services.visitors, actor, month=f"{TODAY:%Y-%m}")  # warm caches up, untraced
        tracemalloc.start()
        try:
            count = _export(services.visitors, actor)
            peak = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
        assert count == Visit.select().count()
        return count, peak
    finally:
        services.close()


def _export(visitors: VisitorService, actor: Actor, month: str | None = None) -> int:
    with visitors.export(actor=actor, month=month) as rows:
        for _row in rows:
            pass
    return rows.count


def test_exporting_four_times_the_visits_does_not_take_four_times_the_memory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(streaming, "PAGE_ROWS", PAGE_ROWS)
    small_count, small_peak = _peak_of_export(tmp_path, years=1)
    large_count, large_peak = _peak_of_export(tmp_path, years=4)
    assert large_count > 3.5 * small_count > 10 * PAGE_ROWS  # many pages each, four times as many
    assert large_peak < 1.5 * small_peak, (
        f"{small_peak:,} B for {small_count}, {large_peak:,} B for {large_count}"
    )
