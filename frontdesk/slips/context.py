"""Steps 1 and 2 of the slip form: checking the applicant, and the unit with its owners and arrears."""

from __future__ import annotations

from frontdesk import audit
from frontdesk.auth import Actor, Permission
from frontdesk.db import storage_errors, transaction
from frontdesk.errors import NotFound
from frontdesk.estate.balances import unit_arrears
from frontdesk.estate.common import get_or_missing
from frontdesk.estate.models import Building, Estate, Resident, StandingInstruction, Unit
from frontdesk.estate.rows import InstructionRow
from frontdesk.i18n import _
from frontdesk.slips import checks
from frontdesk.slips.common import SlipBase
from frontdesk.slips.people import unit_contacts
from frontdesk.slips.rows import SlipContext


class ContextService(SlipBase):
    """What the form shows and checks before the slip is issued."""

    def slip_context(self, *, actor: Actor, unit_id: int) -> SlipContext:
        """The unit as step 2 of the form shows it: owners, tenants, arrears, standing instructions.

        Raises:
            PermissionDenied: the actor may not do desk work.
            NotFound: no such unit.
        """
        actor.require(Permission.DESK_WORK)
        today = self.today()
        with storage_errors():
            unit = get_or_missing(Unit, unit_id, _("The unit no longer exists."))
            estate = Estate.select(Estate.name).join(Building).where(Building.id == unit.building_id).get()
            owners, tenants, _people = unit_contacts(unit_id)
            arrears = unit_arrears(unit_id, today)
            query = StandingInstruction.select().where(
                (StandingInstruction.unit == unit_id)
                & (StandingInstruction.until.is_null() | (StandingInstruction.until >= today))
            )
            instructions = tuple(InstructionRow.of(i) for i in query.order_by(StandingInstruction.id.desc()))
        return SlipContext(
            unit.id, unit.code, estate.name, owners, tenants, arrears, arrears.arrears_fen > 0, instructions
        )

    def number_to_call(self, *, actor: Actor, unit_id: int, resident_id: int) -> str:
        """An owner's full phone number, for the clerk to dial the confirmation call (step 4).

        The number is shown only on this request, and the request is audited (not the number).

        Raises:
            PermissionDenied: the actor may not do desk work.
            NotFound: the person is not an owner of the unit now, or has no number on record.
        """
        actor.require(Permission.DESK_WORK)
        with storage_errors(), transaction():
            owner = Resident.get_or_none(
                (Resident.id == resident_id)
                & (Resident.unit == unit_id)
                & (Resident.kind == "owner")
                & Resident.active
            )
            if owner is None or not owner.phone:
                raise NotFound(_("This owner has no phone number on record: ask the office for another way."))
            audit.record(
                actor,
                "reveal",
                "resident",
                resident_id,
                after={"what": "phone", "purpose": "release slip call"},
            )
            return str(owner.phone)

    def validate_applicant(
        self, *, id_type: str, id_number: str, name: str, phone: str, on_record: bool = False
    ) -> None:
        """Check step 1 (the applicant and the ID they show); ``issue_slip`` checks it again.

        Args:
            id_type: an ``identity.DocumentType`` value.
            id_number: the number as typed (checked, never kept in full).
            name: as on the ID.
            phone: as typed.
            on_record: the applicant is an owner or tenant, whose number on record serves when
                ``phone`` is blank (``issue_slip`` says so if they have none).

        Raises:
            ValidationError: on ``applicant_name``, ``applicant_phone``, ``applicant_id_type`` or
                ``applicant_id``.
        """
        checks.applicant_name(name)
        checks.id_document(id_type, id_number)
        if not on_record or phone.strip():
            checks.phone("applicant_phone", phone, _("Enter the applicant's phone number."))
