"""The visitors' printed papers as plain data: the visitor pass and the desk's collection notice."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time

from frontdesk import audit
from frontdesk.auth import Actor, Permission
from frontdesk.clock import to_local
from frontdesk.db import storage_errors, transaction
from frontdesk.errors import NotFound
from frontdesk.i18n import _
from frontdesk.office import Office, read_setting
from frontdesk.visitors.common import VisitorBase, one_row
from frontdesk.visitors.kinds import IdPolicy, Purpose, label
from frontdesk.visitors.models import Visit


def mask_name(name: str) -> str:
    """A name as a pass shows it to anyone passing by: ``李小明`` → ``李*明``, ``王五`` → ``王*``."""
    text = name.strip()
    if len(text) <= 1:
        return text
    if len(text) == 2:
        return text[0] + "*"
    return text[0] + "*" * (len(text) - 2) + text[-1]


@dataclass(frozen=True)
class VisitorPassDocument:
    """What the visitor pass prints (local times; the name masked)."""

    office_name: str
    pass_number: str
    name_masked: str
    host: str
    purpose: str
    companions: int
    plate: str
    time_in: datetime
    valid_until: datetime


@dataclass(frozen=True)
class CollectionNoticeDocument:
    """The notice at the desk telling visitors what is collected, why, for how long and whom to ask."""

    office_name: str
    office_phone: str
    office_address: str
    retention_days: int
    id_policy: IdPolicy
    purposes: tuple[str, ...]


def _office() -> Office:
    office: Office | None = Office.select().order_by(Office.id).first()
    return office if office is not None else Office(name="", phone="", address="")


class DocumentService(VisitorBase):
    """The data of the visitors' printed papers."""

    def visitor_pass(self, *, actor: Actor, visit_id: int) -> VisitorPassDocument:
        """The pass of one visit, valid until the end of the day it was issued; the print is audited.

        Raises:
            PermissionDenied: the actor may not do desk work.
            NotFound: no such visit.
        """
        actor.require(Permission.DESK_WORK)
        with transaction():
            if not _exists(visit_id):
                raise NotFound(_("The visit no longer exists."))
            row = one_row(visit_id)
            audit.record(actor, "print", "visit", visit_id, after={"document": "visitor_pass"})
            office = _office()
        local_in = to_local(row.time_in)
        return VisitorPassDocument(
            office.name,
            row.pass_number,
            mask_name(row.name),
            row.host,
            label(row.purpose),
            row.companions,
            row.plate,
            local_in,
            datetime.combine(local_in.date(), time(23, 59)),
        )

    def collection_notice(self, *, actor: Actor) -> CollectionNoticeDocument:
        """The collection notice of this office, with its current retention period and ID policy."""
        actor.require(Permission.DESK_WORK)
        with storage_errors():
            office = _office()
            days = int(read_setting("visitor_retention_days"))
            policy = IdPolicy(read_setting("visitor_id_policy"))
        return CollectionNoticeDocument(
            office.name, office.phone, office.address, days, policy, tuple(label(p) for p in Purpose)
        )


def _exists(visit_id: int) -> bool:
    return bool(Visit.select().where(Visit.id == visit_id).exists())
