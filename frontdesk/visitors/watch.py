"""The watch list (黑名單): entries set and removed by supervisors, matched at registration."""

from __future__ import annotations

from dataclasses import dataclass

from frontdesk import audit
from frontdesk.auth import Actor, Permission, confirm
from frontdesk.db import storage_errors, transaction
from frontdesk.errors import NotFound, UserError, ValidationError
from frontdesk.estate.privacy import phone_digits, store_phone
from frontdesk.i18n import _
from frontdesk.identity import DocumentType, mask, validate
from frontdesk.visitors import rules
from frontdesk.visitors.common import VisitorBase
from frontdesk.visitors.idkey import IdKeyProblem
from frontdesk.visitors.models import WatchEntry
from frontdesk.visitors.rows import WatchRow


class WatchListMatch(UserError):
    """The visitor matches the watch list: a supervisor must let the visit proceed (``entries`` say why)."""

    def __init__(self, entries: tuple[WatchRow, ...]) -> None:
        reasons = _("; ").join(
            _("{who}: {reason}").format(who=e.name or e.phone_masked or e.id_number_masked, reason=e.reason)
            for e in entries
        )
        super().__init__(_("This visitor is on the watch list ({reasons}).").format(reasons=reasons))
        self.entries = entries


@dataclass(frozen=True)
class Person:
    """Who is being registered, as the watch list compares them."""

    name: str
    phone_digits: str
    id_hash: str


def matching_entries(person: Person) -> tuple[WatchRow, ...]:
    """Active entries naming this person: by ID fingerprint or phone, or by name when they hold only that."""
    found = []
    for entry in WatchEntry.select().where(WatchEntry.active).order_by(WatchEntry.id):
        by_id = bool(entry.id_hash) and entry.id_hash == person.id_hash
        by_phone = bool(entry.phone_digits) and entry.phone_digits == person.phone_digits
        name_only = not entry.id_hash and not entry.phone_digits
        by_name = name_only and rules.tidy(entry.name) == person.name
        if by_id or by_phone or by_name:
            found.append(WatchRow.of(entry))
    return tuple(found)


class WatchService(VisitorBase):
    """Adding, removing and listing watch-list entries (supervisors); everyone's registrations are checked."""

    def watch_list(self, *, actor: Actor, include_removed: bool = False) -> list[WatchRow]:
        """The entries, newest first; removed ones only when asked."""
        actor.require(Permission.DESK_WORK)
        with storage_errors():
            query = WatchEntry.select().order_by(WatchEntry.id.desc())
            if not include_removed:
                query = query.where(WatchEntry.active)
            return [WatchRow.of(w) for w in query]

    def add_watch(
        self,
        *,
        actor: Actor,
        reason: str,
        name: str = "",
        phone: str = "",
        id_type: str | None = None,
        id_number: str | None = None,
    ) -> WatchRow:
        """Put a person on the watch list.

        Args:
            actor: who sets it (needs the supervisor's override permission).
            reason: why (required).
            name: the person's name; alone it matches that exact name.
            phone: their phone; matches that number.
            id_type: the ID document's type (with ``id_number``).
            id_number: matches the same number recorded at a registration (kept masked and hashed).

        Returns:
            The entry.

        Raises:
            PermissionDenied: not a supervisor.
            ValidationError: no name, phone or ID; no reason; a bad phone or ID; the ID key is unusable.
        """
        confirm(actor, Permission.OVERRIDE)
        why = rules.required_short_text("reason", reason, 500, _("Say why this person is on the watch list."))
        who = rules.short_text("name", name, 80)
        stored_phone = store_phone(phone)
        masked, hashed = "", ""
        if (id_number or "").strip():
            kind = id_type or DocumentType.OTHER.value
            check = validate(kind, id_number or "")
            if not check.valid:
                raise ValidationError("id_number", check.errors[0])
            masked = mask(kind, check.number)
            with storage_errors():
                try:
                    hashed = self.keyring.fingerprint(check.number)
                except IdKeyProblem as exc:
                    raise ValidationError("id_number", exc.message) from exc
        if not (who or stored_phone.digits or hashed):
            raise ValidationError("name", _("Give at least the person's name, phone or ID number."))
        with transaction():
            entry = WatchEntry.create(
                name=who,
                phone_digits=phone_digits(stored_phone.phone) if stored_phone.phone else "",
                id_hash=hashed,
                id_number_masked=masked,
                reason=why,
                set_by=actor.username,
                set_at=self.now(),
                updated_by=actor.username,
            )
            audit.record(actor, "create", "watch_entry", entry.id, after={"name": who, "reason": why})
            return WatchRow.of(entry)

    def remove_watch(self, *, actor: Actor, entry_id: int, reason: str) -> WatchRow:
        """Take an entry off the watch list (kept, marked removed with who, when and why).

        Raises:
            PermissionDenied: not a supervisor.
            ValidationError: no reason.
            NotFound: no such active entry.
        """
        confirm(actor, Permission.OVERRIDE)
        why = rules.required_short_text("reason", reason, 500, _("Say why the entry is removed."))
        with transaction():
            entry = WatchEntry.get_or_none((WatchEntry.id == entry_id) & WatchEntry.active)
            if entry is None:
                raise NotFound(_("That watch-list entry is not active any more."))
            entry.active, entry.removed_by, entry.removed_at = False, actor.username, self.now()
            entry.removed_reason = why
            entry.save()
            audit.record(actor, "remove", "watch_entry", entry.id, after={"reason": why})
            return WatchRow.of(entry)
