"""The model base classes: binding to the database, versioned records, client submission ids."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from typing import Any, TypeVar

import peewee as pw

from frontdesk.clock import format_local, utcnow
from frontdesk.db import database_proxy
from frontdesk.errors import Conflict, NotFound
from frontdesk.i18n import _

M = TypeVar("M", bound="BaseModel")


class BaseModel(pw.Model):
    """Every table: bound to the database chosen at start-up."""

    class Meta:
        database = database_proxy
        legacy_table_names = False


class VersionedModel(BaseModel):
    """An editable record: a version column refuses a save based on a stale copy."""

    id = pw.AutoField()  # the implicit primary key, declared so that type checkers know it
    version = pw.IntegerField(default=1)
    created_at = pw.DateTimeField(default=utcnow)
    updated_at = pw.DateTimeField(default=utcnow)
    updated_by = pw.CharField(max_length=80, default="")


class SubmittedModel(VersionedModel):
    """A record created from a form: the client-generated id makes a retried save harmless."""

    client_id = pw.UUIDField(unique=True, default=uuid.uuid4)


def new_client_id() -> uuid.UUID:
    """A fresh submission id; a form makes one when it opens and reuses it on every retry."""
    return uuid.uuid4()


def find_submitted(model: type[M], client_id: uuid.UUID | str | None) -> M | None:
    """The record already saved under ``client_id`` (a retry after a lost acknowledgement)."""
    if client_id is None:
        return None
    return model.get_or_none(model.client_id == uuid.UUID(str(client_id)))  # type: ignore[attr-defined]  # SubmittedModel only


def update_versioned(
    model: type[VersionedModel],
    record_id: int,
    expected_version: int,
    changes: Mapping[str, Any],
    *,
    by: str,
) -> VersionedModel:
    """Apply ``changes`` only if nobody saved the record since ``expected_version`` was read.

    Args:
        model: the versioned model class.
        record_id: primary key.
        expected_version: the version the user's copy was read at.
        changes: field name -> new value.
        by: who saves (user name), recorded in ``updated_by``.

    Returns:
        The record as saved.

    Raises:
        Conflict: another desk saved first ("changed by X at T").
        NotFound: the record does not exist.
    """
    values: dict[Any, Any] = {getattr(model, k): v for k, v in changes.items()}
    values[model.version] = model.version + 1
    values[model.updated_at] = utcnow()
    values[model.updated_by] = by
    query = model.update(values).where((model.id == record_id) & (model.version == expected_version))
    if query.execute() == 0:
        current = model.get_or_none(model.id == record_id)
        if current is None:
            raise NotFound(_("The record no longer exists."))
        raise Conflict(
            _(
                "Changed by {who} at {when} while you were editing; your changes were not saved. "
                "Reload the record and apply them again."
            ).format(who=current.updated_by or "?", when=format_local(current.updated_at))
        )
    return model.get_by_id(record_id)
