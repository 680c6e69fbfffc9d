"""The gate: checking a typed or scanned slip, marking it used, and voiding a wrong slip."""

from __future__ import annotations

from frontdesk import audit
from frontdesk.auth import Actor, Permission, Staff, confirm
from frontdesk.clock import format_local
from frontdesk.db import transaction
from frontdesk.errors import Conflict, UserError
from frontdesk.estate.common import optional_text, required_text
from frontdesk.i18n import _
from frontdesk.slips.code import codes_match, normalise_code, parse_gate_text
from frontdesk.slips.common import SlipBase, effective_status, get_slip, intact, item_lines, reseal, slip_row
from frontdesk.slips.document import SlipItemLine
from frontdesk.slips.integrity import status_matches_history
from frontdesk.slips.models import ReleaseSlip
from frontdesk.slips.rows import GateCheck, GateResult, SlipRow, SlipStatus

#: stored statuses a slip may be voided from
_VOIDABLE = (SlipStatus.ISSUED.value, SlipStatus.PENDING.value)


def gate_message(result: GateResult, row: SlipRow | None, used_by_name: str = "") -> str:
    """What the guard must do, in the user's language (``used_by_name``: who marked it used)."""
    if result is GateResult.VALID:
        return _("Valid. Check the goods against the list, then mark the slip used.")
    if result is GateResult.USED and row is not None:
        return _("Already used at {when} (checked by {who}). Do not let the goods out again.").format(
            when=format_local(row.used_at), who=used_by_name or row.used_by
        )
    if result is GateResult.VOIDED and row is not None and row.void_reason:
        return _("Voided by the office: {reason}. Do not let the goods out; keep the slip.").format(
            reason=row.void_reason
        )
    if result is GateResult.EXPIRED and row is not None:
        return _(
            "Expired: the slip was valid until {day}. Do not let the goods out; send them to the office."
        ).format(day=row.valid_until.isoformat())
    messages = {
        GateResult.VOIDED: _("Voided by the office. Do not let the goods out; keep the slip."),
        GateResult.REFUSED: _("The owner refused this release. Do not let the goods out."),
        GateResult.PENDING: _("Not valid yet: the owner has not confirmed. Do not let the goods out."),
        GateResult.UNKNOWN: _("No slip has this number. Do not let the goods out; call the office."),
        GateResult.TAMPERED: _(
            "The verification code does not match: the slip may be forged or altered. "
            "Do not let the goods out; keep the slip and call the office."
        ),
        GateResult.CODE_NEEDED: _(
            "A typed number is not enough: type the 8-character code printed under the QR code "
            "(e.g. K7Q3-9XPA) after the number, then Enter. Do not let the goods out before it matches."
        ),
    }
    return messages[result]


_RESULT_OF_STATUS = {
    SlipStatus.ISSUED: GateResult.VALID,
    SlipStatus.USED: GateResult.USED,
    SlipStatus.EXPIRED: GateResult.EXPIRED,
    SlipStatus.VOIDED: GateResult.VOIDED,
    SlipStatus.REFUSED: GateResult.REFUSED,
    SlipStatus.PENDING: GateResult.PENDING,
}


def _staff_name(username: str) -> str:
    """The name a guard knows a colleague by (the user name if the account is gone)."""
    name = Staff.select(Staff.display_name).where(Staff.username == username).scalar()
    return str(name) if name else username


class GateService(SlipBase):
    """The gate check, marking a slip used, voiding."""

    def gate_check(self, *, actor: Actor, text: str) -> GateCheck:
        """Check a slip as typed (serial number) or scanned (number and code); every check is audited.

        Args:
            actor: the guard (or a clerk) at the gate screen.
            text: e.g. ``"fx 20261123 0007"`` or ``"FX-20261123-0007 K7Q3-9XPA"`` (full width allowed).

        Returns:
            The verdict with the slip and its goods; "tampered" when a scanned code does not match the
            slip's, or when the stored slip no longer matches its own code (altered behind the program).

        Raises:
            PermissionDenied: the actor may not check slips at the gate.
        """
        actor.require(Permission.GATE)
        today = self.today()
        parsed = parse_gate_text(text)
        number, code = (parsed.number, parsed.code) if parsed is not None else ("", "")
        items: tuple[SlipItemLine, ...] = ()
        row: SlipRow | None = None
        with transaction():
            key = self.key()
            slip = ReleaseSlip.get_or_none(ReleaseSlip.number == number) if number else None
            if slip is None:
                result = GateResult.UNKNOWN
            else:
                items = item_lines(slip.id)
                row = slip_row(slip, today)
                forged = bool(code) and not codes_match(code, slip.verification_code)
                if forged or not intact(slip, items, key) or not status_matches_history(slip):
                    result = GateResult.TAMPERED
                else:
                    result = _RESULT_OF_STATUS[row.status]
                if result is GateResult.VALID and not code:
                    result = GateResult.CODE_NEEDED
            used_by_name = _staff_name(slip.used_by) if result is GateResult.USED and slip else ""
            audit.record(
                actor,
                "gate_check",
                "release_slip",
                number,
                after={"result": result.value, "typed": text.strip()[:60]},
            )
        if result is GateResult.USED and row is not None:
            message = gate_message(result, row, used_by_name)
            return GateCheck(result, row, items, message, row.used_at, row.used_by)
        matched = code if result is GateResult.VALID else ""
        return GateCheck(result, row, items, gate_message(result, row), code=matched)

    def mark_used(
        self, *, actor: Actor, number: str, code: str, carrier_name: str = "", plate: str = ""
    ) -> SlipRow:
        """The goods went out: record who let them out and when, with the carrier and plate if given.

        ``code`` is the verification code on the slip in the guard's hands (scanned or typed): the
        number alone is easy to guess, so a slip is never marked used without its code.

        Raises:
            PermissionDenied: the actor may not work at the gate.
            NotFound: no such slip.
            UserError: the slip is not valid (used, expired, voided, refused, pending, or altered),
                or ``code`` is not its code.
            Conflict: another gate marked it used a moment earlier.
            ValidationError: ``carrier_name`` or ``plate`` too long.
        """
        actor.require(Permission.GATE)
        carrier = optional_text("carrier_name", carrier_name, 80)
        plate_text = optional_text("plate", plate, 20).upper()
        today, now = self.today(), self.now()
        with transaction():
            key = self.key()
            slip = get_slip(number)
            status = effective_status(slip.status, slip.valid_until, today)
            if not codes_match(normalise_code(code), slip.verification_code):
                raise UserError(gate_message(GateResult.TAMPERED, slip_row(slip, today)))
            if status is not SlipStatus.ISSUED or not (
                intact(slip, item_lines(slip.id), key) and status_matches_history(slip)
            ):
                result = _RESULT_OF_STATUS[status] if status is not SlipStatus.ISSUED else GateResult.TAMPERED
                raise UserError(gate_message(result, slip_row(slip, today)))
            changed = (
                ReleaseSlip.update(
                    status=SlipStatus.USED.value,
                    used_at=now,
                    used_on=today,
                    used_by=actor.username,
                    carrier_name=carrier,
                    plate=plate_text,
                    version=ReleaseSlip.version + 1,
                    updated_at=now,
                    updated_by=actor.username,
                )
                .where((ReleaseSlip.id == slip.id) & (ReleaseSlip.status == SlipStatus.ISSUED.value))
                .execute()
            )
            if changed == 0:
                raise Conflict(
                    _("Slip {number} was just marked used at another gate.").format(number=slip.number)
                )
            audit.record(
                actor,
                "status",
                "release_slip",
                slip.number,
                before={"status": slip.status},
                after={"status": SlipStatus.USED.value, "carrier_name": carrier, "plate": plate_text},
            )
            slip = reseal(slip.id, key)
        return slip_row(slip, today)

    def void(self, *, actor: Actor, number: str, reason: str) -> SlipRow:
        """Void a wrong slip with a reason; it is kept, and the gate then refuses it.

        Raises:
            PermissionDenied: the actor may not do desk work.
            NotFound: no such slip.
            ValidationError: ``reason`` is empty or too long.
            UserError: the slip was used or refused, or is already voided.
        """
        confirm(actor, Permission.DESK_WORK)
        why = required_text("void_reason", reason, 200, _("Say why the slip is voided."))
        today, now = self.today(), self.now()
        with transaction():
            key = self.key()
            slip = get_slip(number)
            if slip.status not in _VOIDABLE:
                raise UserError(self._not_voidable(slip))
            if not intact(slip, item_lines(slip.id), key):  # a void would seal an altered slip anew
                raise UserError(gate_message(GateResult.TAMPERED, None))
            if slip.status not in _VOIDABLE:
                raise UserError(self._not_voidable(slip))
            changed = (
                ReleaseSlip.update(
                    status=SlipStatus.VOIDED.value,
                    voided_at=now,
                    voided_on=today,
                    voided_by=actor.username,
                    void_reason=why,
                    version=ReleaseSlip.version + 1,
                    updated_at=now,
                    updated_by=actor.username,
                )
                .where((ReleaseSlip.id == slip.id) & ReleaseSlip.status.in_(_VOIDABLE))
                .execute()
            )
            if changed == 0:
                raise Conflict(
                    _("Slip {number} changed a moment ago: look it up again.").format(number=slip.number)
                )
            audit.record(
                actor,
                "void",
                "release_slip",
                slip.number,
                before={"status": slip.status},
                after={"status": SlipStatus.VOIDED.value, "reason": why},
            )
            slip = reseal(slip.id, key)
        return slip_row(slip, today)

    @staticmethod
    def _not_voidable(slip: ReleaseSlip) -> str:
        if slip.status == SlipStatus.USED.value:
            return _("Slip {number} was already used at the gate and cannot be voided.").format(
                number=slip.number
            )
        if slip.status == SlipStatus.VOIDED.value:
            return _("Slip {number} is already voided.").format(number=slip.number)
        return _("Slip {number} was refused by the owner; there is nothing to void.").format(
            number=slip.number
        )
