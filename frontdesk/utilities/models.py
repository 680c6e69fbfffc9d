"""The utilities' tables: meters, their monthly readings, tariff steps, months and later adjustments.

Readings are whole numbers as the meter's dial shows them; usage is stored multiplied (× 倍率).
Prices are whole ten-thousandths of a yuan (``price_e4``: 0.6800 yuan/kWh is 6800), so a price
never passes through a float; amounts are fen.
"""

from __future__ import annotations

import peewee as pw

from frontdesk.base import BaseModel, SubmittedModel, VersionedModel
from frontdesk.clock import utcnow
from frontdesk.estate.models import Building, Charge, Estate, Unit


class Meter(SubmittedModel):
    """A water, electricity or gas meter of a unit, or of a public area (then ``unit`` is empty).

    A public meter belongs to a building (``building``) or to the whole estate (neither set);
    ``share`` says how its cost is shared among those units (公攤), if at all.
    """

    id = pw.AutoField()
    estate = pw.ForeignKeyField(Estate, on_delete="RESTRICT")
    estate_id: int
    building = pw.ForeignKeyField(Building, null=True, on_delete="RESTRICT")
    building_id: int | None
    unit = pw.ForeignKeyField(Unit, null=True, on_delete="RESTRICT")
    unit_id: int | None
    place = pw.CharField(max_length=60, default="")  # a public area's name ("3栋公共照明")
    kind = pw.CharField(max_length=12)
    number = pw.CharField(max_length=40, unique=True)
    multiplier = pw.IntegerField(default=1)
    digits = pw.IntegerField()  # the dial's digits: it rolls over from 10**digits − 1 to 0
    installed_on = pw.DateField()
    initial_reading = pw.BigIntegerField(default=0)
    share = pw.CharField(max_length=8, default="")
    active = pw.BooleanField(default=True)

    class Meta:
        table_name = "meter"
        indexes = ((("unit", "kind"), False), (("building", "unit"), False))


class MeterReading(VersionedModel):
    """A meter's reading for a month (抄表), saved as entered; a replacement is recorded on it.

    ``previous`` is carried from the meter's last reading (or its initial reading). With a
    replacement, ``old_final`` is the old meter's last reading and ``new_initial`` the new one's
    first: usage = (old_final − previous) + (current − new_initial). ``usage`` is × multiplier,
    or null while the reading is below the previous one. ``flag`` stays until confirmed (who, why)
    or corrected by a new reading.
    """

    meter = pw.ForeignKeyField(Meter, backref="readings", on_delete="RESTRICT")
    meter_id: int
    month = pw.CharField(max_length=7)
    previous = pw.BigIntegerField()
    current = pw.BigIntegerField()
    old_final = pw.BigIntegerField(null=True)
    new_initial = pw.BigIntegerField(null=True)
    replaced_on = pw.DateField(null=True)
    rollover = pw.BooleanField(default=False)
    usage = pw.BigIntegerField(null=True)
    flag = pw.CharField(max_length=8, default="")
    confirmed_by = pw.CharField(max_length=80, default="")
    confirmed_at = pw.DateTimeField(null=True)
    confirm_reason = pw.CharField(max_length=200, default="")
    read_by = pw.CharField(max_length=80)

    class Meta:
        table_name = "meter_reading"
        indexes = ((("meter", "month"), True), (("month", "meter"), False))


class TariffStep(BaseModel):
    """One price step of a kind's tariff from a month on; a flat tariff is one step without a bound.

    ``upper`` bounds the step's usage in the period (the month's, or the year's so far for annual
    cumulative tiers); ``addon_e4`` is charged per unit of usage on top (a sewage fee per m³).
    """

    id = pw.AutoField()
    kind = pw.CharField(max_length=12)
    from_month = pw.CharField(max_length=7)
    period = pw.CharField(max_length=6, default="month")
    position = pw.IntegerField()
    upper = pw.BigIntegerField(null=True)
    price_e4 = pw.BigIntegerField()
    addon_e4 = pw.BigIntegerField(default=0)
    updated_by = pw.CharField(max_length=80, default="")
    updated_at = pw.DateTimeField(default=utcnow)

    class Meta:
        table_name = "tariff_step"
        indexes = ((("kind", "from_month", "position"), True),)


class UtilityMonth(VersionedModel):
    """A month of readings; once closed its charges are posted and nothing in it changes."""

    month = pw.CharField(max_length=7, unique=True)
    status = pw.CharField(max_length=8, default="open")
    closed_at = pw.DateTimeField(null=True)
    closed_by = pw.CharField(max_length=80, default="")
    charges = pw.IntegerField(default=0)
    total_fen = pw.BigIntegerField(default=0)

    class Meta:
        table_name = "utility_month"


class UtilityAdjustment(SubmittedModel):
    """A correction to a closed month: an adjustment charge (or credit) on the unit, with its reason."""

    id = pw.AutoField()
    month = pw.CharField(max_length=7, index=True)
    unit = pw.ForeignKeyField(Unit, on_delete="RESTRICT")
    unit_id: int
    kind = pw.CharField(max_length=12)
    amount_fen = pw.BigIntegerField()
    reason = pw.CharField(max_length=200)
    charge = pw.ForeignKeyField(Charge, on_delete="RESTRICT")
    charge_id: int

    class Meta:
        table_name = "utility_adjustment"


#: the module's tables, in creation order (used by the migration)
UTILITY_TABLES: tuple[type[pw.Model], ...] = (
    Meter,
    MeterReading,
    TariffStep,
    UtilityMonth,
    UtilityAdjustment,
)
