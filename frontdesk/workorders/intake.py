"""Issuing an order (出單): where, what, category, urgency and deadlines, reporter, paid, and its source.

An order made from a complaint or a phone call is linked both ways: the complaint's
``work_order_ref`` (and its request, when none was written) or the call's ``work_order_ref`` name
the order, and the order names its source — in the same transaction, each audited.
"""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta

import peewee as pw

from frontdesk import audit
from frontdesk.auth import Actor, Permission
from frontdesk.base import find_submitted, update_versioned
from frontdesk.calls.models import PhoneCall
from frontdesk.complaints.common import get_complaint
from frontdesk.complaints.models import Complaint
from frontdesk.complaints.rows import ComplaintStatus
from frontdesk.db import storage_errors, transaction
from frontdesk.errors import NotFound, ValidationError
from frontdesk.estate.common import choice, optional_text, required_text
from frontdesk.estate.models import Resident, Unit
from frontdesk.estate.privacy import store_phone
from frontdesk.i18n import _
from frontdesk.numbering import next_number
from frontdesk.workorders.common import WorkOrderBase, deadlines, order_row
from frontdesk.workorders.dispatch import check_category
from frontdesk.workorders.models import WorkOrder, WorkOrderEvent
from frontdesk.workorders.rows import Department, OrderInput, OrderRow, OrderStatus, ReporterInput, Urgency

MAX_PROBLEM = 2000
_WINDOW_PAST = timedelta(days=1)


def _phone(text: str) -> str:
    try:
        return store_phone(text).phone
    except ValidationError as exc:
        raise ValidationError("reporter_phone", exc.message) from None


def _reporter(who: ReporterInput, required: bool) -> tuple[int | None, str, str, int | None]:
    """(resident id, name, phone, the resident's unit) of the reporter."""
    if who.resident_id is not None:
        person = Resident.get_or_none(Resident.id == who.resident_id)
        if person is None:
            raise ValidationError("reporter", _("The resident chosen is no longer in the registry."))
        phone = _phone(who.phone) if who.phone.strip() else person.phone
        return person.id, person.name, phone, person.unit_id
    if required:
        name = required_text(
            "reporter_name", who.name, 80, _("Enter the reporter's name, or choose a resident.")
        )
    else:  # a coordination slip: the clerk found it on patrol
        name = optional_text("reporter_name", who.name, 80)
    return None, name, _phone(who.phone), None


def _window(start: datetime | None, end: datetime | None, now: datetime) -> None:
    if (start is None) != (end is None):
        raise ValidationError("window_end", _("Give both ends of the time the resident wants, or neither."))
    if start is not None and end is not None:
        if end <= start:
            raise ValidationError("window_end", _("The window must end after it starts."))
        if end < now - _WINDOW_PAST:
            raise ValidationError("window_start", _("The window the resident wants is already past."))


def _link_complaint(actor: Actor, ref: str, number: str, problem: str) -> None:
    try:
        c = get_complaint(ref)
    except NotFound as exc:
        raise ValidationError("source_complaint", exc.message) from None
    if c.status == ComplaintStatus.CLOSED.value:
        raise ValidationError("source_complaint", _("Complaint {n} is closed.").format(n=c.number))
    if c.work_order_ref:
        raise ValidationError(
            "source_complaint",
            _("Complaint {n} already has work order {w}.").format(n=c.number, w=c.work_order_ref),
        )
    changes = {"work_order_ref": number, "work_order_request": c.work_order_request or problem[:1000]}
    update_versioned(Complaint, c.id, c.version, changes, by=actor.username)
    audit.record(actor, "update", "complaint", c.number, before={"work_order_ref": ""}, after=changes)


def _link_call(actor: Actor, call_id: int, number: str) -> None:
    call = PhoneCall.get_or_none(PhoneCall.id == call_id)
    if call is None:
        raise ValidationError("source_call", _("The call is no longer in the log."))
    if call.work_order_ref:
        raise ValidationError(
            "source_call", _("The call already has work order {w}.").format(w=call.work_order_ref)
        )
    if call.outcome in ("complaint", "message"):
        raise ValidationError("source_call", _("This call was already turned into a case or a message."))
    changes = {"work_order_ref": number, "outcome": "work_order_request"}
    update_versioned(PhoneCall, call.id, call.version, changes, by=actor.username)
    audit.record(actor, "update", "phone_call", call.id, before={"outcome": call.outcome}, after=changes)


class IntakeService(WorkOrderBase):
    """Issuing orders and coordination slips."""

    def create_order(self, *, actor: Actor, client_id: str, order: OrderInput) -> OrderRow:
        """Issue an order: number (GC-…, XT-… for a coordination slip), deadlines, source links, audit.

        Args:
            actor: the clerk (desk work).
            client_id: the form's submission id; a retry with it returns the first order.
            order: where, what, category, urgency, window, reporter, paid, department, source.

        Returns:
            The order, created; its next step is dispatching it.

        Raises:
            PermissionDenied: the actor may not do desk work.
            ValidationError: ``unit``, ``place``, ``problem``, ``category``, ``urgency``,
                ``department``, ``reporter``, ``reporter_name``, ``reporter_phone``, ``paid``,
                ``window_start``/``window_end``, ``source_complaint`` or ``source_call``.
        """
        actor.require(Permission.DESK_WORK)
        today, now = self.today(), self.now()
        with storage_errors():
            existing = find_submitted(WorkOrder, client_id)
        if existing is not None:
            return order_row(existing, now)
        problem = required_text(
            "problem", order.problem, MAX_PROBLEM, _("Write down what needs doing."), multiline=True
        )
        urgency = choice("urgency", Urgency, order.urgency)
        department = choice("department", Department, order.department)
        place = optional_text("place", order.place, 120)
        _window(order.window_start, order.window_end, now)
        if order.source_complaint.strip() and order.source_call is not None:
            raise ValidationError(
                "source_call", _("An order comes from one complaint or one call, not both.")
            )
        try:
            with transaction():
                category = check_category("category", order.category)
                coordination = department is not Department.ENGINEERING
                resident_id, name, phone, home = _reporter(order.reporter, not coordination)
                unit_id = order.unit_id if order.unit_id is not None else (home if not place else None)
                unit = Unit.get_or_none(Unit.id == unit_id) if unit_id is not None else None
                if unit_id is not None and unit is None:
                    raise ValidationError("unit", _("The unit no longer exists."))
                if unit is None and not place:
                    raise ValidationError("unit", _("Choose the unit, or type the public place."))
                if order.paid and unit is None:
                    raise ValidationError("paid", _("A paid order is charged to a unit: choose the unit."))
                respond_by, finish_by = deadlines(urgency, now)
                number = next_number("coordination" if coordination else "work_order", today)
                source_kind, source_ref = "", ""
                if order.source_complaint.strip():
                    _link_complaint(actor, order.source_complaint, number, problem)
                    source_kind, source_ref = "complaint", get_complaint(order.source_complaint).number
                elif order.source_call is not None:
                    _link_call(actor, order.source_call, number)
                    source_kind, source_ref = "call", str(order.source_call)
                saved = WorkOrder.create(
                    client_id=uuid.UUID(str(client_id)),
                    number=number,
                    department=department.value,
                    unit_id=unit.id if unit is not None else None,
                    unit_code=unit.code if unit is not None else "",
                    place=place,
                    problem=problem,
                    category=category,
                    urgency=urgency.value,
                    window_start=order.window_start,
                    window_end=order.window_end,
                    reporter_resident_id=resident_id,
                    reporter_name=name,
                    reporter_phone=phone,
                    paid=bool(order.paid),
                    source_kind=source_kind,
                    source_ref=source_ref,
                    status=OrderStatus.CREATED.value,
                    received_at=now,
                    received_on=today,
                    clerk=actor.username,
                    clerk_name=actor.display_name,
                    respond_by=respond_by,
                    finish_by=finish_by,
                    updated_by=actor.username,
                )
                WorkOrderEvent.create(
                    order=saved.id,
                    action=OrderStatus.CREATED.value,
                    done_at=now,
                    done_by=actor.username,
                    done_by_name=actor.display_name,
                )
                audit.record(
                    actor,
                    "create",
                    "work_order",
                    number,
                    after={
                        "department": department.value,
                        "unit": saved.unit_code,
                        "place": place,
                        "category": category,
                        "urgency": urgency.value,
                        "reporter_name": name,
                        "phone": phone,
                        "paid": bool(order.paid),
                        "source": f"{source_kind}:{source_ref}" if source_kind else "",
                    },
                )
        except pw.IntegrityError:  # the same form saved twice at once: the first save wins
            with storage_errors():
                existing = find_submitted(WorkOrder, client_id)
            if existing is None:
                raise
            return order_row(existing, now)
        return order_row(saved, now)


#: words in a reported problem that point to a built-in category (simplified and traditional); the
#: more particular categories first ("楼道灯" is a public facility before "灯" is electrical)
CATEGORY_WORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("lift", ("电梯", "電梯", "困人")),
    ("public_facilities", ("楼道灯", "樓道燈", "健身器材", "闭门器", "閉門器", "路灯", "路燈")),
    (
        "water",
        ("漏水", "水管", "下水", "堵塞", "水龙头", "水龍頭", "马桶", "馬桶", "热水", "熱水", "渗水", "滲水"),
    ),
    (
        "electrical",
        ("跳闸", "跳閘", "停电", "停電", "插座", "电灯", "電燈", "灯不亮", "燈不亮", "电路", "電路"),
    ),
    ("doors_locks", ("门锁", "門鎖", "锁芯", "鎖芯", "门禁", "門禁", "窗户", "窗戶", "打不开", "打不開")),
    ("civil", ("墙面", "牆面", "地砖", "地磚", "天花", "裂缝", "裂縫", "防水")),
)


def suggest_category(text: str) -> str:
    """The built-in category the problem's words point to ("" when none): the form's first choice."""
    for code, words in CATEGORY_WORDS:
        if any(w in text for w in words):
            return code
    return ""


class DraftService(WorkOrderBase):
    """The order form filled in from the complaint or the phone call it comes from."""

    def draft_from_call(self, *, actor: Actor, call_id: int, urgency: str = "normal") -> OrderInput:
        """The form for an order made from a logged call: the caller, the unit, the matter, a category.

        Raises:
            PermissionDenied: the actor may not do desk work.
            ValidationError: ``source_call``: the call is unknown or has an order already.
        """
        actor.require(Permission.DESK_WORK)
        with storage_errors():
            call = PhoneCall.get_or_none(PhoneCall.id == call_id)
            if call is None:
                raise ValidationError("source_call", _("The call is no longer in the log."))
            if call.work_order_ref:
                raise ValidationError(
                    "source_call", _("The call already has work order {w}.").format(w=call.work_order_ref)
                )
            problem = (call.message_text if call.outcome == "work_order_request" else "") or call.matter
            return OrderInput(
                unit_id=call.unit_id,
                place="",
                problem=problem,
                category=suggest_category(problem),
                urgency=urgency,
                reporter=ReporterInput(call.caller_resident_id, call.caller_name, call.caller_phone),
                source_call=call.id,
            )

    def draft_from_complaint(self, *, actor: Actor, number: str, urgency: str = "normal") -> OrderInput:
        """The form for an order made from a complaint: its unit or place, complainant, request, a category.

        Raises:
            PermissionDenied: the actor may not do desk work.
            ValidationError: ``source_complaint``: unknown, closed, or with an order already.
        """
        actor.require(Permission.DESK_WORK)
        with storage_errors():
            try:
                c = get_complaint(number)
            except NotFound as exc:
                raise ValidationError("source_complaint", exc.message) from None
            if c.status == ComplaintStatus.CLOSED.value or c.work_order_ref:
                raise ValidationError(
                    "source_complaint",
                    _("Complaint {n} is closed.").format(n=c.number)
                    if not c.work_order_ref
                    else _("Complaint {n} already has work order {w}.").format(
                        n=c.number, w=c.work_order_ref
                    ),
                )
            problem = c.work_order_request or c.content
            return OrderInput(
                unit_id=c.unit_id,
                place=c.place,
                problem=problem,
                category=suggest_category(problem),
                urgency=urgency,
                reporter=ReporterInput(c.complainant_resident_id, c.complainant_name, c.complainant_phone),
                source_complaint=c.number,
            )
