"""Registering a visit along the office's procedure, and recording the notification of the host."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from frontdesk import audit
from frontdesk.auth import Actor, Permission, confirm
from frontdesk.base import find_submitted
from frontdesk.clock import format_local
from frontdesk.db import storage_errors, transaction
from frontdesk.errors import Conflict, NotFound, ValidationError, ValidationErrors
from frontdesk.estate.common import choice, duplicate_as
from frontdesk.estate.models import Resident, Unit
from frontdesk.estate.privacy import NO_ID, NO_PHONE, StoredId, StoredPhone, store_phone
from frontdesk.i18n import _
from frontdesk.identity import DocumentType, last_digits, mask, validate
from frontdesk.numbering import next_number
from frontdesk.office import read_setting
from frontdesk.visitors import rules
from frontdesk.visitors.common import VisitorBase, one_row
from frontdesk.visitors.idkey import IdKeyProblem
from frontdesk.visitors.kinds import (
    Answer,
    IdPolicy,
    IdStatus,
    NotifyMethod,
    Purpose,
    SignOutKind,
    VisitStatus,
    allowed_id_statuses,
)
from frontdesk.visitors.models import Notification, Visit, Visitor
from frontdesk.visitors.people import save_visitor
from frontdesk.visitors.rows import VisitRow
from frontdesk.visitors.watch import Person, WatchListMatch, matching_entries

T = TypeVar("T")
_PASS_TAKEN = "pass_number"


@dataclass(frozen=True)
class WatchRelease:
    """A supervisor's authorisation to let a watch-listed visitor in, with the reason."""

    supervisor: Actor
    reason: str


class _Checks:
    """Runs each field's check, collecting every message so the form can show them all at once."""

    def __init__(self) -> None:
        self.errors: dict[str, str] = {}

    def __call__(self, check: Callable[[], T], default: T) -> T:
        try:
            return check()
        except ValidationError as exc:
            self.errors.setdefault(exc.field, exc.message)
            return default

    def fail(self, field: str, message: str) -> None:
        self.errors.setdefault(field, message)

    def raise_any(self) -> None:
        if self.errors:
            raise ValidationErrors(self.errors)


def _stored_id(keyring_fingerprint: Callable[[str], str], id_type: str | None, number: str) -> StoredId:
    try:
        kind = DocumentType(id_type or "")
    except ValueError:
        raise ValidationError("id_type", _("Choose the type of identity document.")) from None
    check = validate(kind, number)
    if not check.valid:
        raise ValidationError("id_number", check.errors[0])
    try:
        fingerprint = keyring_fingerprint(check.number)
    except IdKeyProblem as exc:
        raise ValidationError("id_number", exc.message) from exc
    return StoredId(kind.value, mask(kind, check.number), last_digits(check.number), fingerprint)


def _host(
    checks: _Checks, purpose: Purpose | None, unit_id: int | None, resident_id: int | None, dept: str
) -> str:
    department = checks(lambda: rules.short_text("host_department", dept, 60), "")
    if unit_id is None and purpose is Purpose.VISIT_RESIDENT:
        checks.fail("host_unit", _("Choose the unit being visited (type it like 3-1502)."))
    elif unit_id is None and not department and purpose is not None:
        checks.fail("host_unit", _("Choose the unit being visited, or type the department."))
    if unit_id is not None and Unit.get_or_none(Unit.id == unit_id) is None:
        checks.fail("host_unit", _("The unit no longer exists."))
    if resident_id is not None:
        resident = Resident.get_or_none(Resident.id == resident_id)
        if resident is None or resident.unit_id != unit_id:
            checks.fail("host_resident", _("Choose a resident of the unit being visited."))
    return department


def _notification(
    checks: _Checks, told: str, method: str, answer: str
) -> tuple[str, NotifyMethod | None, Answer | None]:
    who = checks(lambda: rules.required_short_text("told", told, 80, _("Say who was told (notified).")), "")
    how = checks(lambda: choice("notify_method", NotifyMethod, method), None) if method else None
    if not method:
        checks.fail("notify_method", _("Choose how they were told."))
    said = checks(lambda: choice("answer", Answer, answer), None) if answer else None
    if not answer:
        checks.fail("answer", _("Record their answer: agreed, refused or unreachable."))
    return who, how, said


class RegistrationService(VisitorBase):
    """The registration form's use cases: register a visit, notify the host again."""

    def register_visit(
        self,
        *,
        actor: Actor,
        purpose: Purpose | str,
        name: str = "",
        phone: str = "",
        visitor_id: int | None = None,
        host_unit_id: int | None = None,
        host_resident_id: int | None = None,
        host_department: str = "",
        purpose_note: str = "",
        id_status: IdStatus | str = IdStatus.NOT_ASKED,
        id_type: str | None = None,
        id_number: str = "",
        companions: int | str = 0,
        plate: str = "",
        pass_number: str = "",
        told: str = "",
        notify_method: NotifyMethod | str = "",
        answer: Answer | str = "",
        watch_release: WatchRelease | None = None,
        client_id: uuid.UUID | None = None,
    ) -> VisitRow:
        """Record a visit: purpose, host, visitor, ID step, companions, plate, pass and the notification.

        Args:
            actor: the clerk (needs desk work).
            purpose: why they came.
            name: the visitor's name (filled from ``visitor_id`` for a returning visitor).
            phone: their phone as typed (empty keeps a returning visitor's number).
            visitor_id: a returning visitor found by :meth:`find_returning`.
            host_unit_id, host_resident_id, host_department: whom they visit (a unit, or a department).
            purpose_note: what exactly (optional).
            id_status: how identity was confirmed; must fit the office's ID policy, or be the
                resident's confirmation (which needs the host to have agreed).
            id_type, id_number: the document when the office records IDs (kept masked and hashed).
            companions: how many came along.
            plate: the vehicle's plate.
            pass_number: the pass handed out; empty issues the next ``FK-YYYYMMDD-NNNN``.
            told, notify_method, answer: the notification step; a refusal records the visit as refused.
            watch_release: a supervisor's release when the visitor is on the watch list.
            client_id: the form's submission id: a retried save records the visit once.

        Returns:
            The visit as recorded.

        Raises:
            PermissionDenied: the actor (or the releasing supervisor) may not do this.
            ValidationErrors: bad fields (each with its message).
            WatchListMatch: the visitor is on the watch list and no supervisor released them.
            NotFound: the returning visitor no longer exists (or was purged).
            ValidationError: the returning visitor is on site already (on ``name``).
        """
        actor.require(Permission.DESK_WORK)
        with storage_errors():
            if (done := find_submitted(Visit, client_id)) is not None:
                return one_row(done.id)
            policy = IdPolicy(read_setting("visitor_id_policy"))
            returning = self._returning(visitor_id)
            if returning is not None:
                _not_on_site(returning)
        checks = _Checks()
        why = checks(lambda: choice("purpose", Purpose, purpose), None)
        note = checks(lambda: rules.short_text("purpose_note", purpose_note, 200), "")
        with storage_errors():
            department = _host(checks, why, host_unit_id, host_resident_id, host_department)
        who = checks(lambda: rules.visitor_name(name or (returning.name if returning else "")), "")
        stored_phone: StoredPhone = checks(lambda: store_phone(phone), NO_PHONE)
        step = checks(lambda: choice("id_status", IdStatus, id_status), None)
        told_who, how, said = _notification(checks, told, str(notify_method), str(answer))
        document = self._id_step(checks, policy, step, id_type, id_number, returning, said, host_unit_id)
        people = checks(lambda: rules.companions(companions), 0)
        car = checks(lambda: rules.plate(plate), "")
        badge = checks(lambda: rules.pass_number(pass_number), "")
        release_reason = self._release_reason(checks, watch_release)
        checks.raise_any()
        refused = said is Answer.REFUSED
        values: dict[str, Any] = {
            "purpose": why,
            "purpose_note": note,
            "host_unit": host_unit_id,
            "host_resident": host_resident_id,
            "host_department": department,
            "companions": people,
            "plate": car,
            "clerk": actor.username,
            "clerk_name": actor.display_name,
            "id_status": step,
            "status": VisitStatus.REFUSED if refused else VisitStatus.ON_SITE,
            "client_id": client_id or uuid.uuid4(),
            "updated_by": actor.username,
        }
        with transaction():
            person = save_visitor(returning, who, stored_phone, document, self.now())
            self._check_watch(person, watch_release, release_reason, values)
            now = self.now()
            values.update(visitor=person.id, time_in=now, time_out=now if refused else None)
            values["pass_number"] = badge or ("" if refused else next_number("visitor_pass", self.today()))
            if refused:
                values["signout_kind"] = SignOutKind.NORMAL
            visit = self._insert(values)
            Visitor.update(last_visit_id=visit.id).where(Visitor.id == person.id).execute()
            Notification.create(
                visit=visit.id, told=told_who, method=how, answer=said, at=now, by=actor.username
            )
            audit.record(actor, "create", "visit", visit.id, after=_audit_values(visit, person, said))
            if watch_release is not None and visit.watch_entry_id is not None:
                audit.record(
                    watch_release.supervisor,
                    "watch_release",
                    "visit",
                    visit.id,
                    after={"entry": visit.watch_entry_id, "reason": release_reason, "clerk": actor.username},
                )
            return one_row(visit.id)

    def notify(
        self, *, actor: Actor, visit_id: int, told: str, method: NotifyMethod | str, answer: Answer | str
    ) -> VisitRow:
        """Record (another) notification of the host; a refusal marks the visit refused (kept, not deleted).

        Raises:
            PermissionDenied: the actor may not do desk work.
            ValidationErrors: who, how or the answer missing or unknown.
            NotFound: no such visit.
            Conflict: the visit is no longer on site.
        """
        actor.require(Permission.DESK_WORK)
        checks = _Checks()
        told_who, how, said = _notification(checks, told, str(method), str(answer))
        checks.raise_any()
        with transaction():
            visit = Visit.get_or_none(Visit.id == visit_id)
            if visit is None:
                raise NotFound(_("The visit no longer exists."))
            if visit.status != VisitStatus.ON_SITE:
                raise Conflict(_("This visit is no longer on site; nothing was recorded."))
            now = self.now()
            Notification.create(
                visit=visit.id, told=told_who, method=how, answer=said, at=now, by=actor.username
            )
            if said is Answer.REFUSED:
                visit.status, visit.time_out, visit.signout_kind = (
                    VisitStatus.REFUSED,
                    now,
                    SignOutKind.NORMAL,
                )
                visit.signed_out_by, visit.updated_by = actor.username, actor.username
                visit.save()
            audit.record(
                actor, "notify", "visit", visit.id, after={"told": told_who, "method": how, "answer": said}
            )
            return one_row(visit.id)

    def _returning(self, visitor_id: int | None) -> Visitor | None:
        if visitor_id is None:
            return None
        person = Visitor.get_or_none((Visitor.id == visitor_id) & Visitor.purged_at.is_null())
        if person is None:
            raise NotFound(_("That visitor's details are no longer kept: register them as a new visitor."))
        return person

    def _id_step(
        self,
        checks: _Checks,
        policy: IdPolicy,
        step: IdStatus | None,
        id_type: str | None,
        id_number: str,
        returning: Visitor | None,
        said: Answer | None,
        host_unit_id: int | None,
    ) -> StoredId:
        if step is None:
            return NO_ID
        if step not in allowed_id_statuses(policy):
            message = _("The office's ID policy is “{policy}”: choose that, or confirmation by the resident.")
            checks.fail("id_status", message.format(policy=_label_policy(policy)))
            return NO_ID
        if step is IdStatus.RESIDENT_CONFIRMED and (host_unit_id is None or said is not Answer.AGREED):
            checks.fail(
                "id_status",
                _("Confirmation by the resident needs a unit whose resident was told and agreed."),
            )
        typed = id_number.strip()
        if step is not IdStatus.RECORDED:
            if typed:
                checks.fail(
                    "id_number",
                    _("The ID number is recorded only when the office's policy says so: clear it."),
                )
            return NO_ID
        if not typed:
            if returning is None or not returning.id_hash:
                checks.fail(
                    "id_number",
                    _("Type the ID number (the office records them) or choose confirmation by the resident."),
                )
            return NO_ID
        with storage_errors():
            return checks(lambda: _stored_id(self.keyring.fingerprint, id_type, typed), NO_ID)

    @staticmethod
    def _release_reason(checks: _Checks, release: WatchRelease | None) -> str:
        if release is None:
            return ""
        confirm(release.supervisor, Permission.OVERRIDE)
        return checks(
            lambda: rules.required_short_text(
                "release_reason", release.reason, 500, _("Say why the visit may proceed.")
            ),
            "",
        )

    @staticmethod
    def _check_watch(
        person: Visitor, release: WatchRelease | None, reason: str, values: dict[str, Any]
    ) -> None:
        entries = matching_entries(Person(person.name, person.phone_digits, person.id_hash))
        if not entries:
            return
        if release is None:
            raise WatchListMatch(entries)
        values.update(
            watch_entry=entries[0].id, released_by=release.supervisor.username, release_reason=reason
        )

    @staticmethod
    def _insert(values: dict[str, Any]) -> Visit:
        message = _(
            "Pass {number} is still out with a visitor on site: sign them out first, or use another pass."
        )
        # a savepoint: the partial unique index refuses a pass that is still out
        with duplicate_as(_PASS_TAKEN, message.format(number=values["pass_number"])), transaction():
            return Visit.create(**values)


def _label_policy(policy: IdPolicy) -> str:
    from frontdesk.visitors.kinds import label

    return label(policy)


def _audit_values(visit: Visit, person: Visitor, answer: Answer | None) -> dict[str, Any]:
    return {
        "visitor": person.id,
        "name": person.name,
        "phone": person.phone,
        "id_number": person.id_number_masked,
        "purpose": visit.purpose,
        "host_unit": visit.host_unit_id,
        "host_department": visit.host_department,
        "pass_number": visit.pass_number,
        "plate": visit.plate,
        "id_status": visit.id_status,
        "answer": answer,
    }


def _not_on_site(person: Visitor) -> None:
    """Refuse a second visit for someone still on site: the first one is signed out first."""
    visit = (
        Visit.select(Visit.pass_number, Visit.time_in)
        .where((Visit.visitor == person.id) & (Visit.status == VisitStatus.ON_SITE))
        .first()
    )
    if visit is not None:
        raise ValidationError(
            "name",
            _("{name} is on site already (pass {number}, since {time}): sign that visit out first.").format(
                name=person.name, number=visit.pass_number, time=format_local(visit.time_in)
            ),
        )
