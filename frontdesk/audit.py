"""The audit trail: append-only, hash-chained record of every change, print and export."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import peewee as pw

from frontdesk.auth import Actor
from frontdesk.base import BaseModel
from frontdesk.clock import utcnow
from frontdesk.db import database_proxy, engine_name

GENESIS = "0" * 64
#: keys whose values are identity numbers or phones: stored masked in the trail
_MASKED_KEYS = ("id_number", "document_number", "id_no", "phone", "mobile")
#: keys never written to the trail at all
_SECRET_KEYS = ("password", "secret", "hash_key")
_PG_AUDIT_LOCK = 740_301  # advisory lock serialising the chain head on PostgreSQL


class AuditEntry(BaseModel):
    """One audited event. The database refuses to update or delete these rows."""

    id = pw.AutoField()
    at = pw.DateTimeField(default=utcnow, index=True)
    actor = pw.CharField(max_length=80)
    source = pw.CharField(max_length=10)  # gui / cli
    desk = pw.CharField(max_length=80, default="")
    action = pw.CharField(max_length=40)  # create / update / status / print / export / login …
    entity = pw.CharField(max_length=40)
    entity_id = pw.CharField(max_length=64, default="")
    before = pw.TextField(default="")
    after = pw.TextField(default="")
    prev_hash = pw.CharField(max_length=64)
    hash = pw.CharField(max_length=64, unique=True)

    class Meta:
        table_name = "audit_entry"
        indexes = ((("entity", "entity_id"), False),)


@dataclass(frozen=True)
class AuditRow:
    """An audit entry as the history view shows it."""

    id: int
    at: datetime
    actor: str
    source: str
    action: str
    entity: str
    entity_id: str
    before: dict[str, Any]
    after: dict[str, Any]


def _mask_value(key: str, value: Any) -> Any:
    if not isinstance(value, str) or not value:
        return value
    from frontdesk import identity

    if "phone" in key or "mobile" in key:
        return identity.mask_phone(value)
    guessed = identity.guess_type(value)
    return identity.mask(guessed or identity.DocumentType.OTHER, value)


def scrub(values: Mapping[str, Any] | None) -> dict[str, Any]:
    """A copy safe for the trail: secrets dropped, identity numbers and phones masked."""
    clean: dict[str, Any] = {}
    for key, value in (values or {}).items():
        lowered = key.lower()
        if any(s in lowered for s in _SECRET_KEYS):
            continue
        clean[key] = _mask_value(lowered, value) if any(m in lowered for m in _MASKED_KEYS) else value
    return clean


def _json_default(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return str(value)


#: DEL and the C1 controls, which ``json.dumps(ensure_ascii=False)`` leaves raw, as JSON escapes
_CONTROL_ESCAPES = {code: f"\\u{code:04x}" for code in range(0x7F, 0xA0)}


def _dumps(values: Mapping[str, Any]) -> str:
    """``values`` as JSON text holding no control character (the column refuses them)."""
    if not values:
        return ""
    text = json.dumps(values, ensure_ascii=False, sort_keys=True, default=_json_default)
    return text.translate(_CONTROL_ESCAPES)  # only inside strings: JSON's own syntax is ASCII


def _digest(prev_hash: str, fields: Mapping[str, str]) -> str:
    payload = json.dumps({"prev": prev_hash, **fields}, ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def _fields(entry: AuditEntry) -> dict[str, str]:
    at = entry.at if isinstance(entry.at, datetime) else datetime.fromisoformat(str(entry.at))
    return {
        "at": at.isoformat(timespec="microseconds"),
        "actor": entry.actor,
        "source": entry.source,
        "desk": entry.desk,
        "action": entry.action,
        "entity": entry.entity,
        "entity_id": str(entry.entity_id),
        "before": entry.before,
        "after": entry.after,
    }


def _chain_head() -> str:
    if engine_name() == "postgresql":
        database_proxy.execute_sql("SELECT pg_advisory_xact_lock(%s)", (_PG_AUDIT_LOCK,))
    last = AuditEntry.select(AuditEntry.hash).order_by(AuditEntry.id.desc()).limit(1).first()
    return last.hash if last is not None else GENESIS


def record(
    actor: Actor,
    action: str,
    entity: str,
    entity_id: object = "",
    *,
    before: Mapping[str, Any] | None = None,
    after: Mapping[str, Any] | None = None,
) -> AuditEntry:
    """Append an entry; call inside the transaction of the change it records.

    Args:
        actor: who did it.
        action: create, update, status, print, export, login, …
        entity: the kind of record (table name).
        entity_id: the record's id or number.
        before: values before the change (identity numbers are masked here).
        after: values after the change.

    Returns:
        The stored entry.
    """
    if not database_proxy.in_transaction():
        raise RuntimeError("audit.record must run inside the change's transaction")
    entry = AuditEntry(
        at=utcnow(),
        actor=actor.username,
        source=actor.source,
        desk=actor.desk,
        action=action,
        entity=entity,
        entity_id=str(entity_id),
        before=_dumps(scrub(before)),
        after=_dumps(scrub(after)),
    )
    entry.prev_hash = _chain_head()
    entry.hash = _digest(entry.prev_hash, _fields(entry))
    entry.save(force_insert=True)
    return entry


def changed(before: Mapping[str, Any], after: Mapping[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """Only the keys whose value differs, as (before, after)."""
    keys = [k for k in after if before.get(k) != after.get(k)]
    return {k: before.get(k) for k in keys}, {k: after[k] for k in keys}


@dataclass(frozen=True)
class ChainFault:
    """A place where the audit chain does not verify."""

    entry_id: int
    reason: str


def verify_chain(batch: int = 5000) -> Iterator[ChainFault]:
    """Walk the whole trail in id order and yield every entry whose hash or link is wrong."""
    prev = GENESIS
    last_id = 0
    while True:
        rows = list(AuditEntry.select().where(AuditEntry.id > last_id).order_by(AuditEntry.id).limit(batch))
        if not rows:
            return
        for entry in rows:
            if entry.prev_hash != prev:
                yield ChainFault(entry.id, "link")
            if _digest(entry.prev_hash, _fields(entry)) != entry.hash:
                yield ChainFault(entry.id, "hash")
            prev = entry.hash
            last_id = entry.id


def history(entity: str, entity_id: object, limit: int = 200) -> list[AuditRow]:
    """The trail of one record, newest first."""
    query = (
        AuditEntry.select()
        .where((AuditEntry.entity == entity) & (AuditEntry.entity_id == str(entity_id)))
        .order_by(AuditEntry.id.desc())
        .limit(limit)
    )
    return [_row(e) for e in query]


def recent(limit: int = 200, before_id: int | None = None) -> list[AuditRow]:
    """The newest entries (keyset paging by id)."""
    query = AuditEntry.select().order_by(AuditEntry.id.desc()).limit(limit)
    if before_id is not None:
        query = query.where(AuditEntry.id < before_id)
    return [_row(e) for e in query]


class AuditTrail:
    """Reading the audit trail, for those allowed to (supervisors and administrators)."""

    def recent(self, *, actor: Actor, limit: int = 200, before_id: int | None = None) -> list[AuditRow]:
        """The newest entries, newest first; pass the last row's id as ``before_id`` for the next page.

        Raises:
            PermissionDenied: the actor may not view the audit trail.
        """
        from frontdesk.auth import Permission
        from frontdesk.db import storage_errors

        actor.require(Permission.AUDIT_VIEW)
        with storage_errors():
            return recent(limit, before_id)

    def record_export(
        self,
        *,
        actor: Actor,
        what: str,
        rows: int,
        file_name: str,
        personal: bool,
        authorized_by: Actor | None = None,
    ) -> None:
        """Record that a list was exported to a file; personal data needs the right to export it.

        Args:
            actor: who exported.
            what: which list (``"staff"``, ``"audit"``, ``"residents"`` …).
            rows: how many rows the file holds.
            file_name: the file's name (no folder: folders may name people).
            personal: the list holds personal data (names with phones, ID numbers …).
            authorized_by: the supervisor who authorised a personal export for ``actor``.

        Raises:
            PermissionDenied: a personal export by someone without the right, not authorised
                by someone with it.
            ValidationError: no list named, or a negative row count.
        """
        from frontdesk.auth import Permission, confirm
        from frontdesk.db import transaction
        from frontdesk.errors import ValidationError
        from frontdesk.i18n import _

        if personal:
            confirm(authorized_by or actor, Permission.PERSONAL_EXPORT)
        if not what.strip() or rows < 0:
            raise ValidationError("what", _("Say which list was exported and how many rows it had."))
        after: dict[str, Any] = {"rows": rows, "file": file_name, "personal": personal}
        if authorized_by is not None:
            after["authorized_by"] = authorized_by.username
        with transaction():
            record(actor, "export", what.strip()[:40], after=after)


def _row(e: AuditEntry) -> AuditRow:
    return AuditRow(
        e.id,
        e.at,
        e.actor,
        e.source,
        e.action,
        e.entity,
        e.entity_id,
        json.loads(e.before) if e.before else {},
        json.loads(e.after) if e.after else {},
    )


SQLITE_TRIGGERS = (
    "CREATE TRIGGER IF NOT EXISTS audit_entry_no_update BEFORE UPDATE ON audit_entry "
    "BEGIN SELECT RAISE(ABORT, 'audit entries are append-only'); END",
    "CREATE TRIGGER IF NOT EXISTS audit_entry_no_delete BEFORE DELETE ON audit_entry "
    "BEGIN SELECT RAISE(ABORT, 'audit entries are append-only'); END",
)
POSTGRES_TRIGGERS = (
    "CREATE OR REPLACE FUNCTION audit_entry_append_only() RETURNS trigger AS $$ "
    "BEGIN RAISE EXCEPTION 'audit entries are append-only'; END; $$ LANGUAGE plpgsql",
    "DROP TRIGGER IF EXISTS audit_entry_no_change ON audit_entry",
    "CREATE TRIGGER audit_entry_no_change BEFORE UPDATE OR DELETE ON audit_entry "
    "FOR EACH ROW EXECUTE FUNCTION audit_entry_append_only()",
    "DROP TRIGGER IF EXISTS audit_entry_no_truncate ON audit_entry",
    "CREATE TRIGGER audit_entry_no_truncate BEFORE TRUNCATE ON audit_entry "
    "FOR EACH STATEMENT EXECUTE FUNCTION audit_entry_append_only()",
)


def install_guards() -> None:
    """Make the database itself refuse updates and deletes of audit rows."""
    statements = POSTGRES_TRIGGERS if engine_name() == "postgresql" else SQLITE_TRIGGERS
    for sql in statements:
        database_proxy.execute_sql(sql)
