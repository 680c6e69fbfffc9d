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
from frontdesk.text import check_text

M = TypeVar("M", bound="BaseModel")


class _CheckedCharField(pw.CharField):
    """A single-line text column: refuses control characters, tabs and line breaks when written."""

    def db_value(self, value: Any) -> Any:
        if isinstance(value, str):
            check_text(self.name, value)
        return super().db_value(value)  # type: ignore[no-untyped-call]  # peewee stub


class _CheckedTextField(pw.TextField):
    """A multi-line text column: refuses control characters other than tab and line breaks."""

    def db_value(self, value: Any) -> Any:
        if isinstance(value, str):
            check_text(self.name, value, multiline=True)
        return super().db_value(value)  # type: ignore[no-untyped-call]  # peewee stub


_CHECKED: dict[type[pw.Field], type[pw.Field]] = {
    pw.CharField: _CheckedCharField,
    pw.TextField: _CheckedTextField,
}


class _Metadata(pw.Metadata):
    """Every model's metadata: each text column checks what is written to it.

    A model declares plain ``pw.CharField`` and ``pw.TextField`` columns; as peewee adds them to
    the model they become their checked kind, so no model and no service can forget the check
    (:func:`frontdesk.text.check_text`). The check runs wherever peewee turns a value into a
    parameter — ``save``, ``insert``, ``insert_many``, ``update`` and a ``where`` comparing the
    column — so a refused value raises a :class:`~frontdesk.errors.ValidationError` naming the
    column before anything is sent to the database.
    """

    def add_field(self, field_name: str, field: pw.Field, set_attribute: bool = True) -> None:
        checked = _CHECKED.get(type(field))
        if checked is not None:
            field.__class__ = checked
        super().add_field(field_name, field, set_attribute)


class BaseModel(pw.Model):
    """Every table: bound to the database chosen at start-up; text columns checked (see ``_Metadata``)."""

    class Meta:
        database = database_proxy
        legacy_table_names = False
        model_metadata_class = _Metadata


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
        raise _changed(current)
    return model.get_by_id(record_id)


def require_version(record: VersionedModel, version: int) -> None:
    """Refuse a change based on a stale copy of ``record`` ("changed by X at T").

    Raises:
        Conflict: ``record`` is no longer at ``version``.
    """
    if record.version != version:
        raise _changed(record)


def _changed(current: VersionedModel) -> Conflict:
    return Conflict(
        _(
            "Changed by {who} at {when} while you were editing; your changes were not saved. "
            "Reload the record and apply them again."
        ).format(who=current.updated_by or "?", when=format_local(current.updated_at))
    )
