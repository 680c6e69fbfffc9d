"""A realistic, reproducible demo estate for trying the program out and for measuring it.

``load_demo`` fills a set-up but empty registry with buildings, units, owners and tenants, a history
of monthly management fees and payments (a few units left in arrears), standing instructions and
reminders of arrears. The same seed always gives the same estate. Rows are written with bulk
inserts in one transaction, and the load is recorded as a single audit entry.
"""

from __future__ import annotations

from dataclasses import asdict
from datetime import date

from frontdesk import audit
from frontdesk.auth import Actor, Permission
from frontdesk.clock import local_today, utcnow
from frontdesk.db import transaction
from frontdesk.demo.complaints import write_complaints
from frontdesk.demo.plan import make_plan
from frontdesk.demo.slips import write_slips
from frontdesk.demo.utilities import write_utilities
from frontdesk.demo.visits import write_visits
from frontdesk.demo.workorders import write_work_orders
from frontdesk.demo.write import DemoCounts, Stamp, write_plan
from frontdesk.errors import UserError, ValidationError
from frontdesk.estate.models import Building, Estate, Unit
from frontdesk.i18n import _
from frontdesk.slips.keyfile import SlipKeyRing

__all__ = ["MAX_UNITS", "MAX_YEARS", "DemoCounts", "load_demo"]

MAX_UNITS = 100_000
MAX_YEARS = 10


def _check_size(units: int, years: int) -> None:
    if not 1 <= units <= MAX_UNITS:
        raise ValidationError("units", _("The demo has 1 to {n} units.").format(n=MAX_UNITS))
    if not 1 <= years <= MAX_YEARS:
        raise ValidationError("years", _("The demo covers 1 to {n} years.").format(n=MAX_YEARS))


def _demo_estate() -> Estate:
    """The first estate of a set-up database whose registry is still empty."""
    estate: Estate | None = Estate.select().order_by(Estate.id).first()
    if estate is None:
        raise UserError(_("This database is not set up yet: run 'frontdesk init' first."))
    if Unit.select().exists() or Building.select().exists():
        raise UserError(
            _(
                "This database already has buildings or units: the demo estate is loaded only "
                "into an empty registry, never mixed with real data."
            )
        )
    return estate


def load_demo(
    *,
    actor: Actor,
    units: int = 600,
    years: int = 1,
    seed: int = 1,
    today: date | None = None,
    slip_keys: SlipKeyRing | None = None,
) -> DemoCounts:
    """Load the demo estate into the first estate of the open database.

    Args:
        actor: who loads it (needs registry editing); the audit entry names them.
        units: how many units (in buildings of about 20 floors).
        years: how many years of monthly management fees, ending with last month.
        seed: the same seed gives the same estate.
        today: the desk's date the history ends before (default: today).
        slip_keys: the slip key file (default: this PC's default one), signing the demo's slips.

    Returns:
        How many rows of each kind were loaded.

    Raises:
        PermissionDenied: the actor may not edit the registry.
        ValidationError: ``units`` or ``years`` is out of range.
        UserError: the database is not set up, or already has buildings or units.
    """
    actor.require(Permission.REGISTRY_EDIT)
    _check_size(units, years)
    day = today if today is not None else local_today()
    with transaction():
        estate = _demo_estate()
        plan = make_plan(seed, units, years, day)
        counts = write_plan(plan, estate.id, Stamp(seed, actor.username, utcnow()), actor.username)
        after = {"seed": seed, "years": years, **asdict(counts)}
        slip_stamp = Stamp(seed, actor.username, utcnow())
        after["release_slips"] = write_slips(
            estate_id=estate.id,
            seed=seed,
            years=years,
            today=day,
            clerk=actor.username,
            stamp=slip_stamp,
            key=(slip_keys or SlipKeyRing()).key(),
        )
        visit_stamp = Stamp(seed, actor.username, utcnow())
        after["visits"] = write_visits(
            seed=seed, units=units, years=years, today=day, stamp=visit_stamp, now=utcnow()
        )
        after["complaints"] = write_complaints(
            estate_id=estate.id,
            seed=seed,
            years=years,
            today=day,
            stamp=Stamp(seed, actor.username, utcnow()),
            now=utcnow(),
        )
        after["work_orders"] = write_work_orders(
            estate_id=estate.id,
            seed=seed,
            years=years,
            today=day,
            stamp=Stamp(seed, actor.username, utcnow(), stream="-work-orders"),  # callbacks, charges too
            now=utcnow(),
        )
        after["meter_readings"] = write_utilities(
            estate_id=estate.id,
            seed=seed,
            years=years,
            today=day,
            stamp=Stamp(seed, actor.username, utcnow(), stream="-utilities"),
            now=utcnow().isoformat(" "),
        )
        audit.record(actor, "demo", "estate", estate.id, after=after)
    return counts
