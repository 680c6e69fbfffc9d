"""Anchors of the audit chain outside the database: each backup's manifest and a small file per desk.

The audit trail is hash-chained, but whoever can write to the database can also drop the triggers,
delete the last entries or recompute the hashes forward; the chain then verifies again. So the
chain's head (the newest entry's id and hash) is also written where the database cannot rewrite
it: into a manifest beside each backup copy, and into a small anchor file of this desk (in the
user's data folder, one per database) each time the program or a command closes the database.
``frontdesk check`` reports a chain shorter than an anchor (entries deleted) or different from it
(entries rewritten). The desk's anchor never moves backwards, except after a restore.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import sqlite3
from dataclasses import asdict, dataclass
from pathlib import Path

from frontdesk.audit import AuditEntry
from frontdesk.backup import MANIFEST_SUFFIX, update_manifest
from frontdesk.clock import utcnow
from frontdesk.db import DatabaseTarget
from frontdesk.i18n import _


@dataclass(frozen=True)
class Anchor:
    """The audit chain's head at one moment, as written outside the database."""

    database: str  # the database's location (SQLite path or PostgreSQL URL)
    entry_id: int
    hash: str
    at: str  # ISO time (UTC) when it was written


def chain_head(target: DatabaseTarget) -> Anchor | None:
    """The newest audit entry as an anchor (None for an empty trail)."""
    last = AuditEntry.select(AuditEntry.id, AuditEntry.hash).order_by(AuditEntry.id.desc()).first()
    if last is None:
        return None
    return Anchor(target.location, last.id, last.hash, utcnow().isoformat(timespec="seconds"))


def desk_anchor_path(target: DatabaseTarget) -> Path:
    """This desk's anchor file for ``target``."""
    from frontdesk.paths import user_data_dir

    name = hashlib.sha256(target.location.encode("utf-8")).hexdigest()[:16]
    return user_data_dir() / "anchors" / f"{name}.json"


def _read(path: Path) -> Anchor | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        head = data["audit_head"]
        return Anchor(str(data["database"]), int(head["entry_id"]), str(head["hash"]), str(head["at"]))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _write(path: Path, anchor: Anchor) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    data = {"database": anchor.database, "audit_head": asdict(anchor)}
    partial = path.with_name(path.name + ".partial")
    partial.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    os.replace(partial, path)


def _holds(anchor: Anchor) -> bool:
    """True when the trail still has the anchored entry with the anchored hash."""
    entry = AuditEntry.select(AuditEntry.hash).where(AuditEntry.id == anchor.entry_id).first()
    return entry is not None and entry.hash == anchor.hash


def write_desk_anchor(target: DatabaseTarget, *, after_restore: bool = False) -> None:
    """Write the chain's head to this desk's anchor file (best effort: a close never fails on it).

    An anchor the trail no longer holds is kept as it is, as evidence, unless the database was
    just restored from a backup (``after_restore``), which legitimately makes the trail shorter.
    """
    with contextlib.suppress(OSError):
        head = chain_head(target)
        path = desk_anchor_path(target)
        old = _read(path)
        if head is None or (old is not None and not after_restore and not _holds(old)):
            return
        if old is not None and not after_restore and old.entry_id > head.entry_id:
            return
        _write(path, head)


def _head_in_copy(copy_path: Path, target: DatabaseTarget) -> Anchor | None:
    uri = f"{copy_path.resolve().as_uri()}?mode=ro"
    with contextlib.closing(sqlite3.connect(uri, uri=True)) as conn:
        row = conn.execute("SELECT id, hash FROM audit_entry ORDER BY id DESC LIMIT 1").fetchone()
    if row is None:
        return None
    return Anchor(target.location, int(row[0]), str(row[1]), utcnow().isoformat(timespec="seconds"))


def write_manifest(copy_path: Path, target: DatabaseTarget, sha256: str = "") -> None:
    """Write into ``<copy>.manifest.json`` the head of the audit chain the copy holds (and its SHA-256
    when known: a copy verified later gets it then), keeping the copy's state recorded there."""
    head = _head_in_copy(copy_path, target)
    if head is not None:
        fields: dict[str, object] = {
            "file": copy_path.name,
            "database": head.database,
            "audit_head": asdict(head),
        }
        if sha256:
            fields["sha256"] = sha256
        update_manifest(copy_path, fields)


def _last_restore_at() -> str | None:
    entry = (
        AuditEntry.select(AuditEntry.at)
        .where(AuditEntry.action == "restore")
        .order_by(AuditEntry.id.desc())
        .first()
    )
    return entry.at.isoformat(timespec="seconds") if entry is not None else None


def anchor_problems(target: DatabaseTarget, backup_folder: Path) -> list[str]:
    """The anchors (this desk's, the backups' manifests) the audit trail no longer holds."""
    anchors = [(_("this desk's anchor"), _read(desk_anchor_path(target)), True)]
    if backup_folder.exists():
        anchors += [(p.name, _read(p), False) for p in sorted(backup_folder.glob(f"*{MANIFEST_SUFFIX}"))]
    restored = _last_restore_at()
    problems = []
    for where, anchor, desk in anchors:
        if anchor is None or anchor.database != target.location:
            continue
        if restored is not None and not desk and anchor.at <= restored:
            continue  # a backup of the trail as it was before the restore
        if _holds(anchor):
            continue
        exists = AuditEntry.select().where(AuditEntry.id == anchor.entry_id).exists()
        text = (
            _("The audit trail differs from {where} of {at}: entry {id} was rewritten.")
            if exists
            else _("The audit trail is shorter than {where} of {at}: entry {id} and later were removed.")
        )
        problems.append(text.format(where=where, at=anchor.at.replace("T", " "), id=anchor.entry_id))
    return problems
