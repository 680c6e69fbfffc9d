"""What a printed slip shows (``SlipDocument``), counting prints, and the audited list export."""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import AbstractContextManager as ContextManager

from frontdesk import audit
from frontdesk.auth import Actor, Permission, confirm
from frontdesk.clock import format_local, to_local
from frontdesk.db import storage_errors, transaction
from frontdesk.errors import ValidationError
from frontdesk.estate.models import Building, Estate, Unit
from frontdesk.i18n import _
from frontdesk.identity import mask_phone
from frontdesk.money import fen_to_text
from frontdesk.office import Office
from frontdesk.slips.common import SlipBase, get_slip, item_lines, slip_row
from frontdesk.slips.document import SlipDocument
from frontdesk.slips.labels import COPIES, label
from frontdesk.slips.models import ReleaseSlip, SlipConfirmation
from frontdesk.slips.reading import month_range
from frontdesk.slips.rows import ApplicantKind, ConfirmationAnswer, SlipReason, SlipRow
from frontdesk.streaming import RowStream, audited_export, keyset_pages


def check_copies(copies: Sequence[str]) -> tuple[str, ...]:
    """The copies to print, in the slip's order; refuses none or an unknown one."""
    chosen = tuple(dict.fromkeys(c.strip() for c in copies if c.strip()))
    unknown = [c for c in chosen if c not in COPIES]
    if unknown or not chosen:
        raise ValidationError(
            "copies", _("Choose the copies to print: applicant, gate, office (one or more).")
        )
    return tuple(c for c in COPIES if c in chosen)


def _arrears_note(slip: ReleaseSlip) -> str:
    if slip.arrears_fen <= 0:
        return _("No arrears")
    owed = _("Arrears ¥{amount}").format(amount=fen_to_text(slip.arrears_fen))
    if not slip.override_by:
        return owed
    return _("{owed}; allowed by supervisor {name}: {reason}").format(
        owed=owed, name=slip.override_by_name or slip.override_by, reason=slip.override_reason
    )


def _confirmation_note(slip: ReleaseSlip) -> str:
    call = (
        SlipConfirmation.select()
        .where(SlipConfirmation.slip == slip.id)
        .order_by(SlipConfirmation.called_at.desc(), SlipConfirmation.id.desc())
        .first()
    )
    if call is None:
        return ""
    return _("Owner {name} phoned at {phone} on {when}: {answer}").format(
        name=call.owner_name,
        phone=mask_phone(call.phone) if call.phone else "—",
        when=format_local(call.called_at),
        answer=label(ConfirmationAnswer(call.answer)),
    )


def _reason_text(slip: ReleaseSlip) -> str:
    text = label(SlipReason(slip.reason))
    return _("{reason}: {note}").format(reason=text, note=slip.reason_note) if slip.reason_note else text


class PrintingService(SlipBase):
    """The printed slip's content, print counting, the export."""

    def document(
        self, *, actor: Actor, number: str, copies: Sequence[str] = ("applicant", "gate", "office")
    ) -> SlipDocument:
        """Everything the A5 slip prints (masked, translated); ``reprint`` once it was printed before.

        Raises:
            PermissionDenied: the actor may not do desk work.
            NotFound: no such slip.
            ValidationError: on ``copies``.
        """
        actor.require(Permission.DESK_WORK)
        chosen = check_copies(copies)
        today = self.today()
        with storage_errors():
            slip = get_slip(number)
            row = slip_row(slip, today)
            estate_name = (
                Estate.select(Estate.name).join(Building).join(Unit).where(Unit.id == slip.unit_id).scalar()
            )
            office = Office.select(Office.name).order_by(Office.id).scalar() or ""
            confirmation = _confirmation_note(slip)
            items = item_lines(slip.id)
        remarks = _("Voided: {reason}").format(reason=slip.void_reason) if slip.void_reason else ""
        return SlipDocument(
            office_name=office,
            estate_name=estate_name or "",
            number=slip.number,
            status=row.status.value,
            issued_at=to_local(slip.issued_at),
            valid_until=slip.valid_until,
            unit_code=slip.unit_code,
            applicant_name=slip.applicant_name,
            applicant_kind=label(ApplicantKind(slip.applicant_kind)),
            applicant_id_masked=slip.applicant_id_masked,
            applicant_phone_masked=row.applicant_phone_masked,
            reason=_reason_text(slip),
            items=items,
            arrears_note=_arrears_note(slip),
            confirmation_note=confirmation,
            clerk_name=slip.issued_by_name or slip.issued_by,
            verification_code=slip.verification_code,
            qr_payload=row.qr_payload,
            copies=chosen,
            reprint=slip.print_count > 0,
            remarks=remarks,
        )

    def record_print(
        self, *, actor: Actor, number: str, copies: Sequence[str], destination: str, on_paper: bool = True
    ) -> None:
        """Count a print of the slip (the next one is marked as a reprint) and audit it.

        Args:
            actor: who printed.
            number: the slip.
            copies: the copies printed.
            destination: the printer's name or the PDF file.
            on_paper: printed; False for a PDF saved to a file, which is audited but does not make
                the first paper copies reprints.

        Raises:
            PermissionDenied: the actor may not do desk work.
            NotFound: no such slip.
            ValidationError: on ``copies``.
        """
        actor.require(Permission.DESK_WORK)
        chosen = check_copies(copies)
        with transaction():
            slip = get_slip(number)
            if on_paper:
                ReleaseSlip.update(print_count=ReleaseSlip.print_count + 1).where(
                    ReleaseSlip.id == slip.id
                ).execute()
            audit.record(
                actor,
                "print" if on_paper else "save_pdf",
                "release_slip",
                slip.number,
                after={
                    "copies": ",".join(chosen),
                    "destination": destination[:200],
                    "reprint": slip.print_count > 0,
                },
            )

    def export(
        self, *, actor: Actor, month: str | None = None, destination: str = ""
    ) -> ContextManager[RowStream[SlipRow]]:
        """The slips to export (all, or one month's), oldest first, masked, streamed; audited.

        Use as ``with slips.export(actor=…) as rows: write(rows)``: rows are read a page at a time
        while the caller writes them, and the export is recorded with its count at the end.
        Applicants' names are personal data: exporting them needs a supervisor's right.

        Raises:
            PermissionDenied: the actor may not export personal data.
            ValidationError: on ``month``.
        """
        confirm(actor, Permission.PERSONAL_EXPORT)
        today = self.today()
        query = ReleaseSlip.select()
        if month:
            first, last = month_range(month)
            query = query.where(ReleaseSlip.issued_on.between(first, last))
        pages = (
            [slip_row(s, today) for s in page]
            for page in keyset_pages(query, ReleaseSlip.issued_at, ReleaseSlip.id)
        )
        extra = {"destination": destination[:200]}
        return audited_export(actor, "release_slip", month or "all", pages, extra)

    def export_rows(self, *, actor: Actor, month: str | None = None, destination: str = "") -> list[SlipRow]:
        """The slips to export as a list, like ``export`` (for short lists).

        Raises:
            PermissionDenied: the actor may not export personal data.
            ValidationError: on ``month``.
        """
        with self.export(actor=actor, month=month, destination=destination) as rows:
            return list(rows)
