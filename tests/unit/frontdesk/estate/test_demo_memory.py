"""The demo is written year by year: three times the years must not take three times the memory.

Two demo estates of the same size, one and three years long, are loaded into new databases, and the
peak of Python's allocations (tracemalloc) during each load is compared. A loader that planned every
year's charges, payments, slips or visitors before writing them peaks about three times higher (2.9×
measured before the demo was written year by year); written a month or a year at a time, the peaks
differ by the noise of when garbage is collected (±15 %), and five years peak no higher than three.
"""

from __future__ import annotations

import tracemalloc
from datetime import date
from pathlib import Path

from frontdesk.auth import Actor
from frontdesk.db import parse_target
from frontdesk.demo import load_demo
from frontdesk.estate.models import Charge
from frontdesk.services import connect
from frontdesk.visitors.models import Visit

UNITS = 60
TODAY = date(2026, 3, 31)


def _peak_of_load(folder: Path, name: str, years: int) -> tuple[int, int, int]:
    """(charges, visits, peak bytes allocated while loading) for a demo of ``years`` on a new database."""
    services = connect(parse_target(folder / f"{name}.db"), backup_folder=folder / "backups", create=True)
    try:
        services.setup.initialize(
            actor=None, office_name="测试物业", estate_name="测试小区", admin_username="admin",
            admin_display_name="admin", admin_password="admin-pass-1",
            visitor_retention_days=180, slip_retention_days=365,
        )  # fmt: skip
        tracemalloc.start()
        try:
            load_demo(actor=Actor.command_line(), units=UNITS, years=years, seed=1, today=TODAY)
            peak = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
        # the fee history: work orders add paid repairs, which do not follow the years
        return Charge.select().where(Charge.kind == "management").count(), Visit.select().count(), peak
    finally:
        services.close()


def test_three_years_of_demo_do_not_take_three_times_the_memory(tmp_path: Path) -> None:
    _peak_of_load(tmp_path, "warm-up", years=1)  # first-time costs (imports, caches) out of the way
    small_charges, small_visits, small_peak = _peak_of_load(tmp_path, "one", years=1)
    large_charges, large_visits, large_peak = _peak_of_load(tmp_path, "three", years=3)
    assert large_charges == 3 * small_charges > 0  # three times the history really was written
    assert large_visits > 2.8 * small_visits
    assert large_peak < 1.5 * small_peak, f"{small_peak:,} B for one year, {large_peak:,} B for three"
