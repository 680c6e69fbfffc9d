"""Tables of the estate registry and the unit accounts."""

from __future__ import annotations

import peewee as pw

from frontdesk.base import BaseModel, SubmittedModel
from frontdesk.clock import utcnow


class Estate(SubmittedModel):
    """One managed property (項目 / 小區); an office may run several."""

    id = pw.AutoField()  # the implicit primary key, declared so that type checkers know it
    name = pw.CharField(max_length=120, unique=True)
    code = pw.CharField(max_length=20, default="")
    address = pw.CharField(max_length=200, default="")
    active = pw.BooleanField(default=True)

    class Meta:
        table_name = "estate"


class Building(SubmittedModel):
    """A building (樓棟) of an estate; ``code`` is what unit codes start with ("3", "A")."""

    id = pw.AutoField()
    estate = pw.ForeignKeyField(Estate, backref="buildings", on_delete="RESTRICT")
    estate_id: int  # peewee's accessor for the foreign key's value, declared for type checkers
    name = pw.CharField(max_length=60)
    code = pw.CharField(max_length=20)
    active = pw.BooleanField(default=True)

    class Meta:
        table_name = "building"
        indexes = ((("estate", "code"), True),)


class Unit(SubmittedModel):
    """A unit (房號): a flat, a shop or a parking space; its area sets the management fee."""

    id = pw.AutoField()
    building = pw.ForeignKeyField(Building, backref="units", on_delete="RESTRICT")
    building_id: int
    code = pw.CharField(max_length=40)  # normal form "3-1502", kept in step with the building's code
    number = pw.CharField(max_length=20, index=True)  # normal form "1502"
    floor = pw.IntegerField(null=True)
    area_dm2 = pw.IntegerField(default=0)  # square decimetres, i.e. 0.01 m²: an integer, never a float
    use = pw.CharField(max_length=20, default="residential")
    status = pw.CharField(max_length=20, default="vacant")
    remarks = pw.TextField(default="")

    class Meta:
        table_name = "unit"
        indexes = ((("building", "number"), True),)


class Resident(SubmittedModel):
    """An owner or tenant of a unit (業主 / 住戶); identity numbers are kept masked only."""

    id = pw.AutoField()
    unit = pw.ForeignKeyField(Unit, backref="residents", on_delete="RESTRICT")
    unit_id: int
    kind = pw.CharField(max_length=10)
    name = pw.CharField(max_length=80)
    phone = pw.CharField(max_length=40, default="")
    phone_digits = pw.CharField(max_length=24, default="")  # digits only, country code dropped
    phone_suffix4 = pw.CharField(max_length=4, default="", index=True)
    id_type = pw.CharField(max_length=20, default="")
    id_number_masked = pw.CharField(max_length=40, default="")
    id_last4 = pw.CharField(max_length=4, default="", index=True)
    id_hash = pw.CharField(max_length=64, default="", index=True)  # keyed HMAC, for an exact match
    move_in = pw.DateField(null=True)
    move_out = pw.DateField(null=True)
    remarks = pw.TextField(default="")
    active = pw.BooleanField(default=True)

    class Meta:
        table_name = "resident"


class ResidentNameKey(BaseModel):
    """Every suffix of a resident's name, so "contains 秀英" is an indexed prefix search."""

    id = pw.AutoField()
    resident = pw.ForeignKeyField(Resident, backref="name_keys", on_delete="CASCADE", index=True)
    resident_id: int
    fragment = pw.CharField(max_length=80)
    position = pw.IntegerField()  # 0: the whole name (a prefix match ranks first)

    class Meta:
        table_name = "resident_name_key"


class StandingInstruction(SubmittedModel):
    """A standing instruction about a unit ("owner abroad: release nothing"), in force until a date."""

    id = pw.AutoField()
    unit = pw.ForeignKeyField(Unit, backref="instructions", on_delete="RESTRICT")
    unit_id: int
    text = pw.TextField()
    until = pw.DateField(null=True)  # last day in force; None: until ended
    created_by = pw.CharField(max_length=80)

    class Meta:
        table_name = "standing_instruction"
        indexes = ((("unit", "until"), False),)


class Charge(SubmittedModel):
    """An amount a unit owes (應收); a wrong one is voided with a reason, never deleted."""

    id = pw.AutoField()
    unit = pw.ForeignKeyField(Unit, backref="charges", on_delete="RESTRICT")
    unit_id: int
    kind = pw.CharField(max_length=20)
    period = pw.CharField(max_length=7, default="")  # YYYY-MM
    description = pw.CharField(max_length=200, default="")
    amount_fen = pw.BigIntegerField()
    due_date = pw.DateField()
    voided = pw.BooleanField(default=False)
    void_reason = pw.CharField(max_length=200, default="")

    class Meta:
        table_name = "charge"
        indexes = ((("unit", "due_date"), False), (("due_date",), False))


class Payment(SubmittedModel):
    """An amount a unit paid (實收); a wrong one is voided with a reason, never deleted."""

    id = pw.AutoField()
    unit = pw.ForeignKeyField(Unit, backref="payments", on_delete="RESTRICT")
    unit_id: int
    amount_fen = pw.BigIntegerField()
    paid_at = pw.DateTimeField()
    method = pw.CharField(max_length=20)
    receipt_no = pw.CharField(max_length=40, default="")
    voided = pw.BooleanField(default=False)
    void_reason = pw.CharField(max_length=200, default="")

    class Meta:
        table_name = "payment"
        indexes = ((("unit", "paid_at"), False), (("paid_at",), False))


class CollectionLog(SubmittedModel):
    """One reminder of arrears (催收記錄): who, how, and what the resident said."""

    id = pw.AutoField()
    unit = pw.ForeignKeyField(Unit, backref="collection_log", on_delete="RESTRICT")
    unit_id: int
    at = pw.DateTimeField()
    staff = pw.CharField(max_length=80)
    method = pw.CharField(max_length=20)
    resident_said = pw.TextField(default="")
    promised_date = pw.DateField(null=True)

    class Meta:
        table_name = "collection_log"
        indexes = ((("unit", "at"), False),)


class UnitBalance(BaseModel):
    """A unit's account as the Fees page and the Today tile read it, kept in step with every write.

    Every charge, payment, void and reminder updates its unit's row in the same transaction
    (``frontdesk.estate.unit_balances``), so the arrears of ten years read as fast as one year's;
    ``frontdesk check`` recomputes the rows from the ledger. A unit without a row has no live
    charge or payment and no reminder.
    """

    unit = pw.ForeignKeyField(Unit, primary_key=True, on_delete="RESTRICT")
    unit_id: int
    charged_fen = pw.BigIntegerField(default=0)  # every live charge, any due date
    paid_fen = pw.BigIntegerField(default=0)  # every live payment, any day
    #: due date of the oldest live charge (by due date, then id) that all live payments do not cover
    oldest_unpaid_due = pw.DateField(null=True)
    #: the newest reminder of arrears (latest ``at``, then the last recorded)
    last_collection = pw.ForeignKeyField(CollectionLog, null=True, on_delete="RESTRICT")
    last_collection_id: int | None

    class Meta:
        table_name = "unit_balance"


class RegistrySecret(BaseModel):
    """A secret of this database's registry, e.g. the key of resident ID fingerprints; never shown."""

    name = pw.CharField(max_length=40, primary_key=True)
    value = pw.CharField(max_length=200)
    created_at = pw.DateTimeField(default=utcnow)

    class Meta:
        table_name = "registry_secret"


#: the tables of schema 2, in creation order
REGISTRY_TABLES: tuple[type[BaseModel], ...] = (
    RegistrySecret,
    Building,
    Unit,
    Resident,
    ResidentNameKey,
    StandingInstruction,
    Charge,
    Payment,
    CollectionLog,
)
