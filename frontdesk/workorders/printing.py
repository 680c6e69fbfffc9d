"""The work slip's and the daily work plan's content, and counting the slip's prints."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from frontdesk import audit
from frontdesk.auth import Actor, Staff
from frontdesk.callbacks.paper import case_calls
from frontdesk.clock import format_local, to_local
from frontdesk.db import storage_errors, transaction
from frontdesk.i18n import _
from frontdesk.identity import mask_phone
from frontdesk.money import fen_to_text
from frontdesk.office import Office, read_setting
from frontdesk.workorders.common import (
    MODULE,
    WorkOrderBase,
    category_names,
    event_rows,
    get_order,
    is_overdue,
    is_unsigned_late,
    material_rows,
    require_work,
)
from frontdesk.workorders.document import PlanLine, PlanTechnician, SlipMaterial, WorkPlan, WorkSlip
from frontdesk.workorders.labels import category_label, event_label, label
from frontdesk.workorders.models import Technician, WorkOrder
from frontdesk.workorders.rows import WORKING, Department, OrderStatus, Urgency

#: the steps the slip lists under "progress": those its other boxes do not show already
_PROGRESS = ("reassign", "quoted", "approved", "refused", "note", "reopened", "cancelled")
#: the statuses a technician has an order in hand (dispatched, not yet completed)
_IN_HAND = [s.value for s in WORKING if s is not OrderStatus.CREATED]


def _office_name() -> str:
    office = Office.select().first()
    return office.name if office is not None else ""


def _window(o: WorkOrder) -> str:
    if o.window_start is None or o.window_end is None:
        return ""
    start, end = to_local(o.window_start), to_local(o.window_end)
    tail = end.strftime("%H:%M") if end.date() == start.date() else end.strftime("%Y-%m-%d %H:%M")
    return f"{start:%Y-%m-%d %H:%M}–{tail}"


def _hours(tenths: int | None) -> str:
    return f"{tenths // 10}.{tenths % 10}" if tenths is not None else ""


def slip_of(o: WorkOrder, office_name: str, names: dict[str, str]) -> WorkSlip:
    """The work slip of an order (inside a read)."""
    coordination = o.department != Department.ENGINEERING.value
    source = {"complaint": _("Complaint {ref}"), "call": _("Phone call {ref}")}.get(o.source_kind, "")
    fields = (
        (_("Received"), format_local(o.received_at)),
        (_("Department"), label(Department(o.department))),
        (_("Unit or place"), o.unit_code or o.place),
        (_("Reporter"), o.reporter_name or (_("(purged)") if o.purged_at else "")),
        (_("Phone"), mask_phone(o.reporter_phone) if o.reporter_phone else ""),
        (_("Category"), names.get(o.category, category_label(o.category))),
        (_("Urgency"), label(Urgency(o.urgency))),
        (_("Respond by"), format_local(o.respond_by)),
        (_("Finish by"), format_local(o.finish_by)),
        (_("Preferred time"), _window(o)),
        (_("Charge"), _("Paid service") if o.paid else _("Free of charge")),
        (_("Came from"), source.format(ref=o.source_ref) if source else ""),
        (_("Status"), label(OrderStatus(o.status))),
        (_("Issued by"), o.clerk_name or o.clerk),
        (_("Cancelled"), o.cancel_reason if o.cancelled_at else ""),
    )
    quote = ""
    if o.labour_fen is not None:
        quote = _("Labour ¥{a}, materials ¥{b}, total ¥{t}").format(
            a=fen_to_text(o.labour_fen),
            b=fen_to_text(o.materials_fen or 0),
            t=fen_to_text(o.labour_fen + (o.materials_fen or 0)),
        )
        if o.decided_at is not None:
            verdict = _("approved") if o.status != OrderStatus.REFUSED.value else _("refused")
            staff = Staff.get_or_none(Staff.username == o.decided_by)
            who = staff.display_name if staff is not None else o.decided_by
            quote += " · " + _("{verdict} by {who} {when}").format(
                verdict=verdict, who=who, when=format_local(o.decided_at)
            )
    progress = tuple(
        (event_label(e.action), f"{e.done_by_name or e.done_by} {format_local(e.done_at)}", e.text)
        for e in event_rows(o.id)
        if e.action in _PROGRESS
    )
    calls, due = case_calls(MODULE, o.id)
    return WorkSlip(
        office_name=office_name,
        title=_("Internal coordination slip") if coordination else _("Work slip"),
        number=o.number,
        paper=str(read_setting("work_order_slip_paper")),
        copies=(
            _("Copy 1: engineering") if not coordination else _("Copy 1: department"),
            _("Copy 2: office"),
        ),
        fields=tuple((k, v) for k, v in fields if v),
        problem=o.problem,
        technician=o.technician_name,
        signed_for=format_local(o.signed_at),
        findings=o.findings,
        quote=quote,
        work_done=o.work_done,
        materials=tuple(
            SlipMaterial(m.name, m.quantity, m.unit, fen_to_text(m.amount_fen)) for m in material_rows(o.id)
        ),
        hours=_hours(o.hours_tenths),
        fee=fen_to_text(o.fee_fen) if o.fee_fen else "",
        progress=progress,
        calls=calls,
        callback_due=due,
        reprint=o.print_count > 0,
    )


def _plan_line(o: WorkOrder, names: dict[str, str], now: datetime) -> PlanLine:
    flags = []
    if is_overdue(o, now):
        flags.append(_("overdue"))
    if is_unsigned_late(o, now):
        flags.append(_("not signed for in time"))
    return PlanLine(
        time=_window(o) or _("by {when}").format(when=format_local(o.finish_by)),
        number=o.number,
        place=o.unit_code or o.place,
        category=names.get(o.category, category_label(o.category)),
        urgency=label(Urgency(o.urgency)),
        problem=o.problem,
        status=label(OrderStatus(o.status)),
        deadline=format_local(o.finish_by),
        flag=", ".join(flags),
    )


def _plan_key(o: WorkOrder) -> tuple[datetime, datetime, int]:
    return (o.window_start or o.finish_by, o.finish_by, o.id)


class PrintingService(WorkOrderBase):
    """The work slip and the daily work plan."""

    def work_slip(self, *, actor: Actor, number: str, count_print: bool = True) -> WorkSlip:
        """The work slip's content; counting the print (audited) unless ``count_print`` is off.

        Raises:
            PermissionDenied: the actor may not work on orders.
            NotFound: no such order.
        """
        require_work(actor)
        with transaction():
            o = get_order(number)
            slip = slip_of(o, _office_name(), category_names())
            if count_print:
                WorkOrder.update(print_count=WorkOrder.print_count + 1).where(WorkOrder.id == o.id).execute()
                audit.record(actor, "print", "work_order", o.number, after={"reprint": slip.reprint})
        return slip

    def work_plan(self, *, actor: Actor, day: date | None = None, department: str = "") -> WorkPlan:
        """The daily work plan: each technician's orders in hand by the end of ``day``, in time order.

        Technicians on duty are listed even with nothing in hand; an order's time is the resident's
        window, else its completion deadline.

        Raises:
            PermissionDenied: the actor may not work on orders.
        """
        require_work(actor)
        plan_day = day or self.today()
        end = datetime.combine(plan_day + timedelta(days=1), time()).astimezone(UTC).replace(tzinfo=None)
        now = self.now()
        with storage_errors():
            names = category_names()
            techs = Technician.select().where(Technician.active).order_by(Technician.position, Technician.id)
            if department:
                techs = techs.where(Technician.department == department)
            orders = WorkOrder.select().where(
                WorkOrder.status.in_(_IN_HAND) & WorkOrder.technician_id.is_null(False)
                & (WorkOrder.dispatched_at < end)
            )  # fmt: skip
            by_tech: dict[int, list[WorkOrder]] = {}
            for o in orders:
                if o.technician_id is not None:
                    by_tech.setdefault(o.technician_id, []).append(o)
            parts = tuple(
                PlanTechnician(
                    t.name,
                    label(Department(t.department)),
                    t.on_duty,
                    tuple(_plan_line(o, names, now) for o in sorted(by_tech.get(t.id, []), key=_plan_key)),
                )
                for t in techs
                if t.on_duty or by_tech.get(t.id)
            )
        return WorkPlan(_office_name(), plan_day.isoformat(), format_local(now), parts)
