"""The audit chain's head written outside the database: a shortened or recomputed chain is reported."""

from __future__ import annotations

import json

from frontdesk import anchors, audit
from frontdesk.auth import Actor
from frontdesk.db import database_proxy, engine_name, transaction
from frontdesk.services import Services


def _unguard() -> None:
    if engine_name() == "postgresql":
        database_proxy.execute_sql("ALTER TABLE audit_entry DISABLE TRIGGER audit_entry_no_change")
    else:
        database_proxy.execute_sql("DROP TRIGGER audit_entry_no_update")
        database_proxy.execute_sql("DROP TRIGGER audit_entry_no_delete")


def _some_entries(services: Services, admin: Actor, n: int) -> None:
    for minutes in range(10, 10 + n):
        services.settings.set(actor=admin, key="idle_lock_minutes", value=minutes)


def test_deleting_the_newest_entries_passes_the_chain_but_not_the_anchor(
    services: Services, admin_actor: Actor
) -> None:
    _some_entries(services, admin_actor, 4)
    anchors.write_desk_anchor(services.target)  # as every close of the program does
    assert services.maintenance.check().ok
    newest = audit.AuditEntry.select().order_by(audit.AuditEntry.id.desc()).first().id
    _unguard()
    audit.AuditEntry.delete().where(audit.AuditEntry.id > newest - 3).execute()

    report = services.maintenance.check()
    assert not any(
        "not linked" in p or "changed after" in p for p in report.problems
    )  # the chain alone passes
    assert any("shorter than this desk's anchor" in p and str(newest) in p for p in report.problems)
    anchors.write_desk_anchor(services.target)  # the next close keeps the evidence
    assert (
        json.loads(anchors.desk_anchor_path(services.target).read_text())["audit_head"]["entry_id"] == newest
    )


def test_recomputing_the_hashes_forward_is_reported_against_a_backup_manifest(
    services: Services, admin_actor: Actor
) -> None:
    _some_entries(services, admin_actor, 3)
    if services.target.is_sqlite:
        copy = services.maintenance.backup_now(actor=admin_actor)
        manifest = json.loads(copy.path.with_name(copy.path.name + ".manifest.json").read_text())
        assert manifest["sha256"] == copy.sha256 and manifest["audit_head"]["entry_id"] > 0
    else:
        anchors.write_desk_anchor(services.target)
    _unguard()
    prev = audit.GENESIS
    with transaction():  # rewrite one early entry and recompute every hash after it
        for entry in audit.AuditEntry.select().order_by(audit.AuditEntry.id):
            if entry.action == "update" and entry.entity == "setting" and entry.after.endswith("11}"):
                entry.after = entry.after.replace("11", "99")
            entry.prev_hash = prev
            entry.hash = audit._digest(prev, audit._fields(entry))
            entry.save()
            prev = entry.hash
    report = services.maintenance.check()
    assert not any("not linked" in p or "changed after" in p for p in report.problems)
    assert any("differs from" in p and "rewritten" in p for p in report.problems), report.problems


def test_a_restore_moves_the_anchor_back_without_a_false_alarm(services: Services, admin: Actor) -> None:
    if not services.target.is_sqlite:
        return  # PostgreSQL is restored with the server's tools
    from frontdesk.services import restore_database

    copy = services.maintenance.backup_now(actor=admin)
    _some_entries(services, admin, 3)
    anchors.write_desk_anchor(services.target)
    restore_database(services, actor=admin, source=copy.path)
    assert services.maintenance.check().ok, services.maintenance.check().problems
