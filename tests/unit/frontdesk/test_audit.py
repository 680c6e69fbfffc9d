"""Tests for frontdesk.audit: what is recorded, masking, append-only guards, the hash chain."""

from __future__ import annotations

import json

import peewee as pw
import pytest

from frontdesk import audit
from frontdesk.audit import GENESIS, AuditEntry, ChainFault, verify_chain
from frontdesk.auth import Actor, Role
from frontdesk.db import database_proxy, engine_name, transaction
from frontdesk.errors import PermissionDenied
from frontdesk.services import Services, connect

pytestmark = pytest.mark.usefixtures("fast_argon2")

ID_NUMBER = "11010519491231002X"  # a valid mainland number (GB 11643 check digit X)


def _all() -> list[AuditEntry]:
    return list(AuditEntry.select().order_by(AuditEntry.id))


def _record(actor: Actor, n: int = 1) -> list[AuditEntry]:
    entries = []
    for i in range(n):
        with transaction():
            entries.append(audit.record(actor, "update", "thing", i, before={"n": i}, after={"n": i + 1}))
    return entries


def _disable_guards() -> None:
    if engine_name() == "postgresql":
        database_proxy.execute_sql("ALTER TABLE audit_entry DISABLE TRIGGER USER")
    else:
        database_proxy.execute_sql("DROP TRIGGER audit_entry_no_update")
        database_proxy.execute_sql("DROP TRIGGER audit_entry_no_delete")


# --- what is recorded ------------------------------------------------------------------------


def test_set_up_records_the_office_estate_admin_and_policy(services: Services) -> None:
    entries = _all()
    assert [(e.action, e.entity, e.entity_id) for e in entries] == [
        ("create", "staff", "1"),
        ("create", "office", "1"),
        ("create", "estate", "1"),
        ("update", "setting", "visitor_retention_days"),
        ("update", "setting", "slip_retention_days"),
        ("update", "setting", "retention_policy_confirmed"),
    ]
    assert {e.actor for e in entries} == {"admin"}
    assert {e.desk for e in entries} == {"test-desk"}
    assert json.loads(entries[0].after) == {"username": "admin", "display_name": "王主任", "role": "admin"}
    assert json.loads(entries[5].after) == {"value": True}


def test_create_update_and_login_write_entries(services: Services, admin_actor: Actor) -> None:
    start = AuditEntry.select().count()
    row = services.staff.add(
        actor=admin_actor, username="li", display_name="李明", role="clerk", password="password-123"
    )
    services.staff.update(
        actor=admin_actor, staff_id=row.id, version=row.version, display_name="李明明", role="clerk"
    )
    services.staff.authenticate(username="li", password="password-123")
    services.settings.set(actor=admin_actor, key="idle_lock_minutes", value=15)

    new = _all()[start:]
    assert [(e.action, e.entity, e.entity_id, e.actor) for e in new] == [
        ("create", "staff", str(row.id), "admin"),
        ("update", "staff", str(row.id), "admin"),
        ("login", "staff", str(row.id), "li"),
        ("update", "setting", "idle_lock_minutes", "admin"),
    ]
    # only what changed is recorded; never a password or its hash
    assert (json.loads(new[1].before), json.loads(new[1].after)) == (
        {"display_name": "李明"},
        {"display_name": "李明明"},
    )
    assert (json.loads(new[3].before), json.loads(new[3].after)) == ({"value": 5}, {"value": 15})
    assert all("argon2" not in e.before + e.after and "password-123" not in e.after for e in new)
    assert [r.action for r in audit.history("staff", row.id)] == ["login", "update", "create"]


def test_entries_roll_back_with_their_change(services: Services, admin_actor: Actor) -> None:
    start = AuditEntry.select().count()
    with pytest.raises(RuntimeError), transaction():
        audit.record(admin_actor, "update", "thing", 1, after={"n": 1})
        raise RuntimeError("the change failed")
    assert AuditEntry.select().count() == start
    assert list(verify_chain()) == []


def test_record_outside_a_transaction_raises(bare_services: Services, admin_actor: Actor) -> None:
    with pytest.raises(RuntimeError, match="inside the change's transaction"):
        audit.record(admin_actor, "update", "thing", 1)
    assert AuditEntry.select().count() == 0


def test_recent_pages_by_id(bare_services: Services, admin_actor: Actor) -> None:
    entries = _record(admin_actor, 5)
    first_page = audit.recent(limit=2)
    assert [r.id for r in first_page] == [entries[4].id, entries[3].id]
    second_page = audit.recent(limit=2, before_id=first_page[-1].id)
    assert [r.id for r in second_page] == [entries[2].id, entries[1].id]
    assert second_page[0].before == {"n": 2} and second_page[0].after == {"n": 3}


def test_changed_keeps_only_differences() -> None:
    assert audit.changed({"a": 1, "b": 2}, {"a": 1, "b": 3, "c": None}) == ({"b": 2}, {"b": 3})
    assert audit.changed({"a": 1}, {"a": 1}) == ({}, {})


def test_reading_the_trail_needs_audit_view(
    services: Services, admin_actor: Actor, clerk_actor: Actor
) -> None:
    trail = audit.AuditTrail()
    assert len(trail.recent(actor=admin_actor, limit=3)) == 3
    supervisor = Actor(username="s", display_name="s", role=Role.SUPERVISOR)
    assert trail.recent(actor=supervisor, limit=1)[0].entity_id == "retention_policy_confirmed"
    with pytest.raises(PermissionDenied):
        trail.recent(actor=clerk_actor)


# --- masking ---------------------------------------------------------------------------------


def test_identity_numbers_and_phones_are_masked_and_secrets_dropped(
    bare_services: Services, admin_actor: Actor
) -> None:
    with transaction():
        entry = audit.record(
            admin_actor,
            "create",
            "visitor",
            7,
            before={"phone": "13812345678"},
            after={
                "id_number": ID_NUMBER,
                "phone": "13812345678",
                "mobile": "13900001111",
                "name": "王秀英",
                "password": "secret-1",
                "new_password": "secret-2",
                "password_hash": "$argon2id$...",
                "document_number": "E12345678",
            },
        )

    raw = database_proxy.execute_sql(
        "SELECT before, after FROM audit_entry WHERE id = " + database_proxy.param, (entry.id,)
    ).fetchone()
    stored = json.loads(raw[1])
    assert stored == {
        "id_number": "110105********002X",
        "phone": "138****5678",
        "mobile": "139****1111",
        "name": "王秀英",
        "document_number": "*****5678",
    }
    assert json.loads(raw[0]) == {"phone": "138****5678"}
    text = raw[0] + raw[1]
    for secret in (ID_NUMBER, "13812345678", "secret-1", "secret-2", "argon2"):
        assert secret not in text
    assert audit.history("visitor", 7)[0].after == stored


def test_scrub_leaves_other_values_alone() -> None:
    assert audit.scrub({"phone": "", "id_number": None, "count": 3, "note": ID_NUMBER}) == {
        "phone": "",
        "id_number": None,
        "count": 3,
        "note": ID_NUMBER,
    }
    assert audit.scrub(None) == {}


# --- append-only guards ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE audit_entry SET actor = 'mallory'",
        "UPDATE audit_entry SET after = '' WHERE id = 1",
        "DELETE FROM audit_entry",
        "DELETE FROM audit_entry WHERE id = 1",
    ],
)
def test_database_refuses_to_change_audit_rows(
    bare_services: Services, admin_actor: Actor, statement: str
) -> None:
    _record(admin_actor, 2)
    before = [(e.id, e.actor, e.after, e.hash) for e in _all()]
    with pytest.raises(pw.DatabaseError, match="append-only"), database_proxy.atomic():
        database_proxy.execute_sql(statement)
    assert [(e.id, e.actor, e.after, e.hash) for e in _all()] == before


@pytest.mark.postgres
@pytest.mark.parametrize("db_target", ["postgresql"], indirect=True)
def test_postgresql_refuses_truncate(bare_services: Services, admin_actor: Actor) -> None:
    _record(admin_actor, 2)
    with pytest.raises(pw.DatabaseError, match="append-only"), database_proxy.atomic():
        database_proxy.execute_sql("TRUNCATE audit_entry")
    assert AuditEntry.select().count() == 2


# --- the hash chain --------------------------------------------------------------------------


def test_chain_links_every_entry_to_the_one_before(bare_services: Services, admin_actor: Actor) -> None:
    entries = _record(admin_actor, 4)
    stored = _all()
    assert stored[0].prev_hash == GENESIS
    assert [e.prev_hash for e in stored[1:]] == [e.hash for e in stored[:-1]]
    assert [e.hash for e in stored] == [e.hash for e in entries]
    assert list(verify_chain()) == []
    assert list(verify_chain(batch=1)) == []


def test_tampered_content_is_found(bare_services: Services, admin_actor: Actor) -> None:
    entries = _record(admin_actor, 5)
    _disable_guards()
    database_proxy.execute_sql(
        "UPDATE audit_entry SET after = '{\"n\": 99}' WHERE id = " + database_proxy.param, (entries[2].id,)
    )
    assert list(verify_chain()) == [ChainFault(entries[2].id, "hash")]
    assert list(verify_chain(batch=2)) == [ChainFault(entries[2].id, "hash")]


def test_tampered_timestamp_and_actor_are_found(bare_services: Services, admin_actor: Actor) -> None:
    entries = _record(admin_actor, 3)
    _disable_guards()
    database_proxy.execute_sql(
        "UPDATE audit_entry SET actor = 'someone' WHERE id = " + database_proxy.param, (entries[0].id,)
    )
    AuditEntry.update(at=entries[1].at.replace(year=2020)).where(AuditEntry.id == entries[1].id).execute()
    assert list(verify_chain()) == [ChainFault(entries[0].id, "hash"), ChainFault(entries[1].id, "hash")]


def test_rewritten_hash_breaks_the_next_link(bare_services: Services, admin_actor: Actor) -> None:
    entries = _record(admin_actor, 3)
    _disable_guards()
    database_proxy.execute_sql(
        "UPDATE audit_entry SET hash = " + database_proxy.param + " WHERE id = " + database_proxy.param,
        ("f" * 64, entries[1].id),
    )
    assert list(verify_chain()) == [ChainFault(entries[1].id, "hash"), ChainFault(entries[2].id, "link")]


def test_deleted_entry_breaks_the_chain(bare_services: Services, admin_actor: Actor) -> None:
    entries = _record(admin_actor, 4)
    _disable_guards()
    AuditEntry.delete().where(AuditEntry.id == entries[1].id).execute()
    assert list(verify_chain()) == [ChainFault(entries[2].id, "link")]


def test_chain_survives_a_reconnect(bare_services: Services, admin_actor: Actor) -> None:
    # timestamps and texts must read back exactly as they were hashed, on both engines
    _record(admin_actor, 3)
    target = bare_services.target
    bare_services.close()
    again = connect(target, backup_folder=bare_services.maintenance.backup_folder)
    try:
        _record(admin_actor, 1)
        assert AuditEntry.select().count() == 4
        assert list(verify_chain()) == []
    finally:
        again.close()
