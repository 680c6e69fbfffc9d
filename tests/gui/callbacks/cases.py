"""Complaints awaiting their callback, made through the core as a desk would have made them days ago."""

from __future__ import annotations

import uuid
from datetime import timedelta

from frontdesk.auth import Actor
from frontdesk.clock import to_local, utcnow
from frontdesk.complaints.rows import ComplainantInput, ComplaintRow, IntakeInput
from frontdesk.complaints.service import ComplaintService


def awaiting_callback(
    actor: Actor,
    *,
    unit_id: int,
    resident_id: int,
    content: str = "请问小区停水到几点？",
    hours_ago: float = 48,
) -> ComplaintRow:
    """A communicative enquiry handled by ``actor`` ``hours_ago`` (answered on the spot), so that its
    callback — due the office's 24 hours after — is overdue (48 hours ago) or due soon (a day ago)."""
    shift = timedelta(hours=hours_ago)
    complaints = ComplaintService(
        today=lambda: to_local(utcnow() - shift).date(), now=lambda: utcnow() - shift
    )
    row = complaints.take_complaint(
        actor=actor,
        client_id=str(uuid.uuid4()),
        intake=IntakeInput(
            channel="phone",
            complainant=ComplainantInput(resident_id),
            unit_id=unit_id,
            place="",
            content=content,
            cls="communicative",
            kind="enquiry",
        ),
    )
    row = complaints.confirm_identity(
        actor=actor, number=row.number, version=row.version, is_resident=True, note="业主本人"
    )
    row = complaints.record_fee_status(actor=actor, number=row.number, version=row.version)
    return complaints.record_response(
        actor=actor, number=row.number, version=row.version, answered=True, said="已答复：下午五点恢复供水"
    )
