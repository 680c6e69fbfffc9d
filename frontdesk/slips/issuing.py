"""Issuing a slip along the office's procedure: applicant, unit and arrears, goods, owner confirmation."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import date

import peewee as pw

from frontdesk import audit
from frontdesk.auth import Actor, Permission
from frontdesk.base import find_submitted
from frontdesk.db import storage_errors, transaction
from frontdesk.errors import UserError
from frontdesk.estate.balances import unit_arrears
from frontdesk.estate.common import get_or_missing
from frontdesk.estate.models import Unit
from frontdesk.i18n import _
from frontdesk.numbering import next_number
from frontdesk.slips import checks
from frontdesk.slips.code import SlipContent, verification_code
from frontdesk.slips.common import SlipBase, get_slip, reseal, slip_row
from frontdesk.slips.models import ReleaseSlip, SlipItem
from frontdesk.slips.people import (
    applicant_kind,
    applicant_phone,
    applicant_resident,
    owner_call,
    record_call,
    unit_contacts,
)
from frontdesk.slips.rows import (
    ApplicantInput,
    ApplicantKind,
    ConfirmationAnswer,
    ConfirmationInput,
    ItemInput,
    OverrideInput,
    SlipRow,
    SlipStatus,
)

#: what the owner's answer makes of the slip
_STATUS_OF_ANSWER = {
    ConfirmationAnswer.AGREED: SlipStatus.ISSUED,
    ConfirmationAnswer.REFUSED: SlipStatus.REFUSED,
    ConfirmationAnswer.UNREACHABLE: SlipStatus.PENDING,
}


class IssuingService(SlipBase):
    """Issuing a slip, and completing a pending one when the owner is reached."""

    def issue_slip(
        self,
        *,
        actor: Actor,
        client_id: str,
        unit_id: int,
        applicant: ApplicantInput,
        items: Sequence[ItemInput],
        reason: str,
        reason_note: str = "",
        valid_until: date | None = None,
        override: OverrideInput | None = None,
        confirmation: ConfirmationInput | None = None,
    ) -> SlipRow:
        """Make a slip: number, verification code and audit entry in one transaction.

        Args:
            actor: the clerk issuing it.
            client_id: the form's submission id; a retry with it returns the first slip.
            unit_id: the unit the goods leave from.
            applicant: who applies (an owner or tenant is chosen from the unit's residents).
            items: the goods, at least one line.
            reason: a ``SlipReason`` value; "other" needs ``reason_note``.
            reason_note: free text.
            valid_until: the last valid day (default today; never before today).
            override: a supervisor's permission, required when the unit is in arrears.
            confirmation: the owner's phone answer, required when the applicant is not an owner;
                "agreed" issues, "refused" keeps the slip as refused, "unreachable" leaves it pending.

        Returns:
            The slip (status issued, refused or pending).

        Raises:
            PermissionDenied: the actor may not do desk work.
            NotFound: no such unit.
            ValidationError: a field is wrong (its name says which: ``applicant_*``, ``items.N.*``,
                ``reason``, ``reason_note``, ``valid_until``, ``override``, ``override_reason``,
                ``confirmation``, ``confirmation_*``).
        """
        actor.require(Permission.DESK_WORK)
        today, now = self.today(), self.now()
        with storage_errors():
            existing = find_submitted(ReleaseSlip, client_id)
        if existing is not None:
            return slip_row(existing, today)
        kind = applicant_kind(applicant.kind)
        name = checks.applicant_name(applicant.name)
        id_type, id_masked = checks.id_document(applicant.id_type, applicant.id_number)
        if kind is ApplicantKind.AGENT or applicant.phone.strip():
            checks.phone("applicant_phone", applicant.phone, _("Enter the applicant's phone number."))
        lines = checks.items(items)
        reason_code, note = checks.reason(reason, reason_note)
        last_day = checks.validity(valid_until, today)
        try:
            with transaction():
                key = self.key()  # first: a missing key file stops the slip before anything is saved
                unit = get_or_missing(Unit, unit_id, _("The unit no longer exists."))
                _owners, _tenants, people = unit_contacts(unit_id)
                resident_id = applicant_resident(kind, applicant.resident_id, people)
                phone = applicant_phone(resident_id, applicant.phone, people)  # blank: the one on record
                arrears = unit_arrears(unit_id, today).arrears_fen
                allowed_by, allowed_why = checks.override(override, actor) if arrears > 0 else (None, "")
                call = owner_call(kind, confirmation, people, now)
                status = _STATUS_OF_ANSWER[call.answer] if call is not None else SlipStatus.ISSUED
                number = next_number("release_slip", today)
                content = SlipContent(
                    number,
                    unit.id,
                    unit.code,
                    kind.value,
                    name,
                    id_masked,
                    reason_code,
                    note,
                    last_day,
                    today,
                    lines,
                )
                slip = ReleaseSlip.create(
                    client_id=uuid.UUID(str(client_id)),
                    number=number,
                    unit=unit.id,
                    unit_code=unit.code,
                    status=status.value,
                    applicant_kind=kind.value,
                    applicant_resident_id=resident_id,
                    applicant_name=name,
                    applicant_phone=phone.phone,
                    applicant_id_type=id_type,
                    applicant_id_masked=id_masked,
                    reason=reason_code,
                    reason_note=note,
                    valid_until=last_day,
                    issued_at=now,
                    issued_on=today,
                    issued_by=actor.username,
                    issued_by_name=actor.display_name,
                    arrears_fen=arrears,
                    override_by=allowed_by.username if allowed_by else "",
                    override_by_name=allowed_by.display_name if allowed_by else "",
                    override_reason=allowed_why,
                    confirmation=call.answer.value if call is not None else "",
                    verification_code=verification_code(content, key),
                    item_count=len(lines),
                    updated_by=actor.username,
                )
                SlipItem.insert_many(
                    [
                        (slip.id, n, line.description, line.quantity, line.unit, line.remarks)
                        for n, line in enumerate(lines)
                    ],
                    fields=[
                        SlipItem.slip,
                        SlipItem.position,
                        SlipItem.description,
                        SlipItem.quantity,
                        SlipItem.unit,
                        SlipItem.remarks,
                    ],
                ).execute()
                if call is not None:
                    record_call(slip.id, call, actor)
                slip = reseal(slip.id, key)
                audit.record(
                    actor,
                    "create",
                    "release_slip",
                    number,
                    after={
                        "unit": unit.code,
                        "status": status.value,
                        "applicant_kind": kind.value,
                        "applicant_name": name,
                        "items": len(lines),
                        "reason": reason_code,
                        "valid_until": last_day,
                        "arrears_fen": arrears,
                        "override_by": slip.override_by,
                        "override_reason": allowed_why,
                        "confirmation": slip.confirmation,
                    },
                )
        except pw.IntegrityError:  # the same form saved twice at once: the first save wins
            with storage_errors():
                existing = find_submitted(ReleaseSlip, client_id)
            if existing is None:
                raise
            return slip_row(existing, today)
        return slip_row(slip, today)

    def confirm_pending(self, *, actor: Actor, number: str, confirmation: ConfirmationInput) -> SlipRow:
        """Record another call for a pending slip: "agreed" issues it, "refused" ends it, "unreachable" waits.

        Raises:
            PermissionDenied: the actor may not do desk work.
            NotFound: no such slip.
            UserError: the slip is not pending (or its validity has passed).
            ValidationError: a ``confirmation_*`` field is wrong.
        """
        actor.require(Permission.DESK_WORK)
        today, now = self.today(), self.now()
        with transaction():
            key = self.key()
            slip = get_slip(number)
            if slip.status != SlipStatus.PENDING.value:
                raise UserError(_("Slip {number} is not waiting for the owner.").format(number=slip.number))
            if slip.valid_until < today:
                raise UserError(
                    _("Slip {number} expired while waiting for the owner: issue a new slip.").format(
                        number=slip.number
                    )
                )
            _owners, _tenants, people = unit_contacts(slip.unit_id)
            call = owner_call(ApplicantKind.AGENT, confirmation, people, now)
            assert call is not None  # a non-owner always needs the call
            status = _STATUS_OF_ANSWER[call.answer]
            updated = (
                ReleaseSlip.update(
                    status=status.value,
                    confirmation=call.answer.value,
                    version=ReleaseSlip.version + 1,
                    updated_at=now,
                    updated_by=actor.username,
                )
                .where((ReleaseSlip.id == slip.id) & (ReleaseSlip.status == SlipStatus.PENDING.value))
                .execute()
            )
            if updated == 0:
                raise UserError(_("Slip {number} is not waiting for the owner.").format(number=slip.number))
            record_call(slip.id, call, actor)
            audit.record(
                actor,
                "status",
                "release_slip",
                slip.number,
                before={"status": slip.status},
                after={"status": status.value, "confirmation": call.answer.value},
            )
            slip = reseal(slip.id, key)
        return slip_row(slip, today)
