"""Technicians (skills, on duty), the categories' list, and the proposal of a technician by the office's rule.

The proposal follows the call centres' routing: skill first (those on duty whose skills hold the
order's category; when nobody has it, everyone on duty of the department), then the office's rule
(``work_order_dispatch_rule``):

- longest idle: a technician without open orders before one with, the longest since their last
  completion first (never had an order: the longest of all); the busy ones by fewest open;
- fewest open: the fewest orders still to be worked on, then the least recently assigned;
- round robin: the least recently assigned (never assigned first), then the office's order.

The proposal says why, in words the dispatcher reads; the dispatcher may choose anyone else.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

import peewee as pw

from frontdesk import audit
from frontdesk.auth import Actor, Permission, Staff, confirm
from frontdesk.base import update_versioned
from frontdesk.clock import format_local
from frontdesk.codelists import CodeList, save_item
from frontdesk.db import storage_errors, transaction
from frontdesk.errors import ValidationError
from frontdesk.estate.common import choice, get_or_missing, required_text, tuples
from frontdesk.estate.privacy import store_phone
from frontdesk.i18n import N_, _
from frontdesk.identity import mask_phone
from frontdesk.office import read_setting
from frontdesk.workorders.common import WorkOrderBase, get_order, require_work
from frontdesk.workorders.labels import CATEGORIES, category_label, label
from frontdesk.workorders.models import Technician, WorkCategory, WorkOrder
from frontdesk.workorders.rows import (
    WORKING,
    CategoryRow,
    Department,
    DispatchRule,
    Proposal,
    TechnicianInput,
    TechnicianRow,
)

_NEVER = datetime.min
_WORKING = [s.value for s in WORKING]


CATEGORY_LIST = CodeList(
    WorkCategory,
    "work_category",
    "cat",
    N_("Type the category's name."),
    N_("No category has the code {code}."),
)


@dataclass(frozen=True)
class Candidate:
    """A technician as the rule weighs them."""

    id: int
    name: str
    position: int
    open_orders: int
    last_assigned_at: datetime | None
    idle_since: datetime | None  # their last completion (None: never completed one)


def open_counts(ids: Sequence[int]) -> dict[int, int]:
    """Each technician's orders still to be worked on."""
    if not ids:
        return {}
    query = (
        WorkOrder.select(WorkOrder.technician_id, pw.fn.COUNT(WorkOrder.id))
        .where(WorkOrder.technician_id.in_(list(ids)) & WorkOrder.status.in_(_WORKING))
        .group_by(WorkOrder.technician_id)
    )
    return {int(t): int(n) for t, n in tuples(query)}


def _last_completions(ids: Sequence[int]) -> dict[int, datetime]:
    """Each technician's last completion: one indexed look-up each (a MAX per group would scan)."""
    found: dict[int, datetime] = {}
    for tech in ids:
        moment = (
            WorkOrder.select(pw.fn.MAX(WorkOrder.completed_at))
            .where((WorkOrder.technician_id == tech) & WorkOrder.completed_at.is_null(False))
            .scalar()
        )
        if moment is not None:  # SQLite returns the text peewee stores; PostgreSQL a datetime
            found[tech] = moment if isinstance(moment, datetime) else datetime.fromisoformat(str(moment))
    return found


def rank(rule: DispatchRule, candidates: Sequence[Candidate]) -> list[Candidate]:
    """The candidates best first under ``rule`` (a pure function: tested without a database)."""
    if rule is DispatchRule.LONGEST_IDLE:
        return sorted(
            candidates,
            key=lambda c: (c.open_orders > 0, c.open_orders, c.idle_since or _NEVER, c.position, c.id),
        )
    if rule is DispatchRule.FEWEST_OPEN:
        return sorted(
            candidates, key=lambda c: (c.open_orders, c.last_assigned_at or _NEVER, c.position, c.id)
        )
    return sorted(candidates, key=lambda c: (c.last_assigned_at or _NEVER, c.position, c.id))


def reason(rule: DispatchRule, best: Candidate, category: str, skilled: bool) -> str:
    """Why ``best`` is proposed, in the user's language."""
    if skilled:
        skill = _("{name} has the skill “{category}”").format(name=best.name, category=category)
    else:
        skill = _("Nobody on duty has the skill “{category}”; {name} is on duty").format(
            name=best.name, category=category
        )
    if rule is DispatchRule.LONGEST_IDLE and best.open_orders == 0:
        why = (
            _("has no open order and has been idle since {when}, the longest").format(
                when=format_local(best.idle_since)
            )
            if best.idle_since is not None
            else _("has no open order and has not completed one yet")
        )
    elif rule is DispatchRule.ROUND_ROBIN:
        why = (
            _("is next in turn (last order dispatched {when})").format(
                when=format_local(best.last_assigned_at)
            )
            if best.last_assigned_at is not None
            else _("is next in turn (no order dispatched yet)")
        )
    elif rule is DispatchRule.LONGEST_IDLE:
        why = _("everyone is busy: the fewest open orders ({n})").format(n=best.open_orders)
    else:
        why = _("the fewest open orders ({n})").format(n=best.open_orders)
    return f"{skill}; {why}."


def propose_for(department: str, category: str, rule: DispatchRule) -> Proposal:
    """The proposal for an order of ``department`` and ``category`` (inside a read)."""
    on_duty = list(
        Technician.select().where(
            Technician.active & Technician.on_duty & (Technician.department == department)
        )
    )
    skilled = [t for t in on_duty if category in t.skills.split()]
    pool = skilled or on_duty
    name = category_label(category, _category_name(category))
    if not pool:
        return Proposal(None, "", rule, _("Nobody of the department is on duty."), False)
    ids = [t.id for t in pool]
    counts = open_counts(ids)
    idle = _last_completions(ids) if rule is DispatchRule.LONGEST_IDLE else {}
    candidates = [
        Candidate(t.id, t.name, t.position, counts.get(t.id, 0), t.last_assigned_at, idle.get(t.id))
        for t in pool
    ]
    ranked = rank(rule, candidates)
    best = ranked[0]
    return Proposal(
        best.id, best.name, rule, reason(rule, best, name, bool(skilled)), bool(skilled),
        tuple(c.id for c in ranked),
    )  # fmt: skip


def _category_name(code: str) -> str:
    found = WorkCategory.get_or_none(WorkCategory.code == code)
    return found.name if found is not None else ""


def office_rule() -> DispatchRule:
    """The office's dispatch rule (setting ``work_order_dispatch_rule``)."""
    return DispatchRule(str(read_setting("work_order_dispatch_rule")))


def check_category(field: str, code: str) -> str:
    """A category code of the office's list (active), or a ValidationError on ``field``."""
    found = WorkCategory.get_or_none(WorkCategory.code == code.strip())
    if found is None or not found.active:
        raise ValidationError(field, _("Choose the category from the list."))
    return str(found.code)


def seed_categories() -> None:
    """The built-in categories (the migration, on a database that has none of them)."""
    for position, code in enumerate(CATEGORIES):
        WorkCategory.insert(code=code, position=position).on_conflict_ignore().execute()


def _technician_row(t: Technician, open_orders: int) -> TechnicianRow:
    return TechnicianRow(
        id=t.id,
        name=t.name,
        phone_masked=mask_phone(t.phone) if t.phone else "",
        staff_id=t.staff_id,
        department=Department(t.department),
        skills=tuple(t.skills.split()),
        on_duty=t.on_duty,
        active=t.active,
        open_orders=open_orders,
        last_assigned_at=t.last_assigned_at,
        version=t.version,
    )


def _technician_phone(typed: str, held: Technician | None) -> str:
    """The phone to store: as typed, or the stored one when the form gave it back masked, as shown."""
    if held is not None and held.phone and typed.strip() == mask_phone(held.phone):
        return str(held.phone)
    try:
        return store_phone(typed).phone
    except ValidationError as exc:
        raise ValidationError("phone", exc.message) from None


class DispatchService(WorkOrderBase):
    """Technicians, categories and the proposal."""

    def categories(self, *, actor: Actor, include_inactive: bool = False) -> list[CategoryRow]:
        """The categories in the office's order.

        Raises:
            PermissionDenied: the actor may not work on orders.
        """
        require_work(actor)
        query = WorkCategory.select().order_by(WorkCategory.position, WorkCategory.code)
        if not include_inactive:
            query = query.where(WorkCategory.active)
        with storage_errors():
            return [CategoryRow(c.code, category_label(c.code, c.name), c.active) for c in query]

    def save_category(self, *, actor: Actor, code: str = "", name: str, active: bool = True) -> CategoryRow:
        """Add a category (no ``code``) or rename, hide or show one, audited.

        Raises:
            PermissionDenied: the actor may not change settings.
            NotFound: no category has ``code``.
            ValidationError: ``name`` empty (for a new one) or too long.
        """
        confirm(actor, Permission.SETTINGS)
        code, text = save_item(actor, CATEGORY_LIST, code, name, active)
        return CategoryRow(code, category_label(code, text), active)

    def technicians(
        self, *, actor: Actor, department: str = "", include_inactive: bool = False
    ) -> list[TechnicianRow]:
        """The technicians (of one department, or all) in the office's order, with their open orders.

        Raises:
            PermissionDenied: the actor may not work on orders.
        """
        require_work(actor)
        query = Technician.select().order_by(Technician.position, Technician.id)
        if department:
            query = query.where(Technician.department == department)
        if not include_inactive:
            query = query.where(Technician.active)
        with storage_errors():
            found = list(query)
            counts = open_counts([t.id for t in found])
            return [_technician_row(t, counts.get(t.id, 0)) for t in found]

    def save_technician(
        self, *, actor: Actor, technician: TechnicianInput, technician_id: int | None = None, version: int = 0
    ) -> TechnicianRow:
        """Add a technician (no ``technician_id``) or change one (its ``version``), audited.

        Raises:
            PermissionDenied: the actor may not change settings.
            NotFound: no such technician.
            ValidationError: ``name``, ``phone``, ``department``, ``skills`` or ``staff_id``.
            Conflict: the technician changed meanwhile.
        """
        confirm(actor, Permission.SETTINGS)
        name = required_text("name", technician.name, 80, _("Type the technician's name."))
        department = choice("department", Department, technician.department).value
        values: dict[str, object] = {
            "name": name,
            "department": department,
            "on_duty": bool(technician.on_duty),
            "active": bool(technician.active),
            "staff_id": technician.staff_id,
        }
        with transaction():
            held = (
                get_or_missing(Technician, technician_id, _("The technician no longer exists."))
                if technician_id is not None
                else None
            )
            values["phone"] = _technician_phone(technician.phone, held)
            kept = set(held.skills.split()) if held is not None else set()  # a hidden category stays held
            skills = [
                s if s in kept else check_category("skills", s) for s in dict.fromkeys(technician.skills)
            ]
            values["skills"] = " ".join(skills)
            if technician.staff_id is not None and Staff.get_or_none(Staff.id == technician.staff_id) is None:
                raise ValidationError("staff_id", _("The staff account chosen no longer exists."))
            if technician_id is None:
                top = Technician.select(pw.fn.MAX(Technician.position)).scalar() or 0
                saved_id = Technician.create(position=top + 1, updated_by=actor.username, **values).id
                audit.record(actor, "create", "technician", saved_id, after=values)
            else:
                assert held is not None
                saved_id = update_versioned(Technician, technician_id, version, values, by=actor.username).id
                audit.record(
                    actor,
                    "update",
                    "technician",
                    technician_id,
                    before={k: getattr(held, k) for k in values},
                    after=values,
                )
            return _technician_row(Technician.get_by_id(saved_id), open_counts([saved_id]).get(saved_id, 0))

    def set_on_duty(self, *, actor: Actor, technician_id: int, version: int, on_duty: bool) -> TechnicianRow:
        """Put a technician on duty or off it (the shift's roster), audited.

        Raises:
            PermissionDenied: the actor may not work on orders.
            NotFound: no such technician.
            Conflict: the technician changed meanwhile.
        """
        require_work(actor)
        with transaction():
            get_or_missing(Technician, technician_id, _("The technician no longer exists."))
            update_versioned(
                Technician, technician_id, version, {"on_duty": bool(on_duty)}, by=actor.username
            )
            audit.record(actor, "update", "technician", technician_id, after={"on_duty": bool(on_duty)})
            return _technician_row(
                Technician.get_by_id(technician_id), open_counts([technician_id]).get(technician_id, 0)
            )

    def propose(self, *, actor: Actor, number: str, rule: str = "") -> Proposal:
        """The technician the office's rule (or ``rule``) proposes for an order, and why.

        Raises:
            PermissionDenied: the actor may not work on orders.
            NotFound: no such order.
            ValidationError: ``rule`` is not a rule.
        """
        require_work(actor)
        chosen = choice("rule", DispatchRule, rule) if rule else None
        with storage_errors():
            o = get_order(number)
            return propose_for(o.department, o.category, chosen or office_rule())

    def rule_name(self, rule: DispatchRule) -> str:
        """The rule's name in the user's language."""
        return label(rule)
