"""The office's editable lists of codes and names (complaint departments, work categories, …).

Each list is a table with ``code``, ``name``, ``position`` and ``active``; an item is never
deleted, only hidden, so old records keep their words. One function adds or changes an item.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import peewee as pw

from frontdesk import audit
from frontdesk.auth import Actor
from frontdesk.db import transaction
from frontdesk.errors import NotFound
from frontdesk.estate.common import optional_text, required_text
from frontdesk.i18n import _


@dataclass(frozen=True)
class CodeList:
    """One editable list: its table, audit entity, the prefix of new codes and its two messages.

    ``name_missing`` and ``not_found`` (with ``{code}``) are msgids marked with ``N_``.
    """

    model: Any
    entity: str
    prefix: str
    name_missing: str
    not_found: str


def save_item(actor: Actor, kind: CodeList, code: str, name: str, active: bool) -> tuple[str, str]:
    """Add an item (no ``code``; the next free ``<prefix><n>`` and the last position) or rename, hide
    or show one, audited; the caller has checked the actor's permission. Returns (code, name).

    Raises:
        NotFound: no item has ``code``.
        ValidationError: ``name`` empty (for a new one) or longer than 60 characters.
    """
    model = kind.model
    with transaction():
        if not code:
            text = required_text("name", name, 60, _(kind.name_missing))
            top = model.select(pw.fn.MAX(model.position)).scalar() or 0
            count = model.select().count()
            code = f"{kind.prefix}{count + 1}"
            while model.get_or_none(model.code == code) is not None:
                count += 1
                code = f"{kind.prefix}{count + 1}"
            model.create(code=code, name=text, position=top + 1, active=active)
            audit.record(actor, "create", kind.entity, code, after={"name": text})
            return code, text
        found = model.get_or_none(model.code == code)
        if found is None:
            raise NotFound(_(kind.not_found).format(code=code))
        text = optional_text("name", name, 60)
        model.update(name=text, active=active).where(model.code == code).execute()
        audit.record(
            actor,
            "update",
            kind.entity,
            code,
            before={"name": found.name, "active": found.active},
            after={"name": text, "active": active},
        )
        return code, text
