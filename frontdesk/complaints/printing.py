"""The complaint record sheet's content (``ComplaintSheet``), and counting its prints."""

from __future__ import annotations

from frontdesk import audit
from frontdesk.auth import Actor, Permission
from frontdesk.callbacks.paper import case_calls
from frontdesk.clock import format_local
from frontdesk.complaints.common import ComplaintBase, class_rows, get_complaint, step_rows
from frontdesk.complaints.document import ComplaintSheet
from frontdesk.complaints.labels import department_label, kind_label, label
from frontdesk.complaints.models import Complaint, ComplaintDepartment
from frontdesk.complaints.procedure import MODULE
from frontdesk.complaints.rows import Channel, ComplaintClass, ComplaintStatus, Step, StepRow
from frontdesk.db import transaction
from frontdesk.i18n import _
from frontdesk.identity import mask_phone
from frontdesk.money import fen_to_text
from frontdesk.office import Office


def _department(code: str) -> str:
    if not code:
        return ""
    found = ComplaintDepartment.get_or_none(ComplaintDepartment.code == code)
    return department_label(code, found.name if found is not None else "")


def _step_text(s: StepRow) -> str:
    parts: list[str] = []
    if s.department:
        parts.append(_("Department: {d}").format(d=_department(s.department)))
    if s.person:
        parts.append(_("With: {p}").format(p=s.person))
    if s.when is not None:
        parts.append(_("On site: {t}").format(t=format_local(s.when)))
    if s.step is Step.IDENTITY and s.flag is not None:
        parts.append(_("A resident of the unit") if s.flag else _("Not a resident of the unit"))
    if s.step is Step.RESPONSE and s.flag is not None:
        parts.append(_("Answered the resident") if s.flag else _("Passed to the department"))
    if s.step is Step.FEE_STATUS:
        parts.append(
            _("Arrears seen: ¥{a}").format(a=fen_to_text(s.amount_fen)) if s.amount_fen else _("No arrears")
        )
    parts += [t for t in (s.text, s.result) if t]
    return "\n".join(parts)


def sheet_of(c: Complaint, office_name: str) -> ComplaintSheet:
    """The record sheet of a complaint (inside a read)."""
    klass = ComplaintClass(c.category)
    fields = (
        (_("Received"), format_local(c.received_at)),
        (_("Channel"), label(Channel(c.channel))),
        (_("Complainant"), c.complainant_name or _("(purged)") if c.purged_at else c.complainant_name),
        (_("Phone"), mask_phone(c.complainant_phone) if c.complainant_phone else ""),
        (_("Unit or place"), c.unit_code or c.place),
        (_("Happened"), format_local(c.occurred_at)),
        (_("Classification"), f"{label(klass)} · {kind_label(c.kind)}"),
        (_("Status"), label(ComplaintStatus(c.status))),
        (_("Department"), _department(c.department)),
        (_("Recorded by"), c.clerk_name or c.clerk),
        (_("Close by"), format_local(c.close_by)),
        (_("Escalated"), c.escalation_reason if c.escalated_at else ""),
        (_("Work order"), " ".join(p for p in (c.work_order_request, c.work_order_ref) if p)),
        (_("Linked to"), c.linked_to),
    )
    steps = tuple(
        (label(s.step), f"{s.done_by_name or s.done_by} {format_local(s.done_at)}", _step_text(s))
        for s in step_rows(c.id)
    )
    classes = tuple(
        (
            format_local(h.changed_at),
            h.changed_by_name or h.changed_by,
            f"{label(h.cls)} · {kind_label(h.kind)}",
            h.reason or _("At intake"),
        )
        for h in class_rows(c.id)
    )
    calls, due = case_calls(MODULE, c.id)
    return ComplaintSheet(
        office_name,
        c.number,
        tuple((k, v) for k, v in fields if v),
        c.content,
        steps,
        classes,
        calls,
        callback_due=due,
        reprint=c.print_count > 0,
    )


class PrintingService(ComplaintBase):
    """The record sheet."""

    def record_sheet(self, *, actor: Actor, number: str, count_print: bool = True) -> ComplaintSheet:
        """The A4 record sheet's content; counting the print (audited) unless ``count_print`` is off.

        Raises:
            PermissionDenied: the actor may not do desk work.
            NotFound: no such complaint.
        """
        actor.require(Permission.DESK_WORK)
        with transaction():
            c = get_complaint(number)
            office = Office.select().first()
            sheet = sheet_of(c, office.name if office is not None else "")
            if count_print:
                Complaint.update(print_count=Complaint.print_count + 1).where(Complaint.id == c.id).execute()
                audit.record(actor, "print", "complaint", c.number, after={"copy": sheet.reprint})
        return sheet
