"""The personal-data purge of cases that have callbacks (complaints, work orders), in batches.

A case keeps what, where, when and its steps for ever; the person's name and phone on it, and on
its callbacks, are blanked after the office's retention. One loop serves every such module.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from frontdesk import audit
from frontdesk.auth import Actor
from frontdesk.callbacks.models import Callback
from frontdesk.db import storage_errors, transaction
from frontdesk.office import read_setting
from frontdesk.retention import PurgeReport


@dataclass(frozen=True)
class CaseKind:
    """One module's cases as the purge sees them.

    ``model`` has ``received_at`` and ``purged_at``; ``blanked`` names its personal fields;
    ``module`` is the callbacks' module code; ``setting`` the office setting holding the days;
    ``report`` the report's kind ("complaints"), ``entity`` the audit entity ("complaint").
    """

    model: Any
    blanked: tuple[str, ...]
    module: str
    setting: str
    report: str
    entity: str


def purge_for_cases(module: str, case_ids: Iterable[int], moment: datetime) -> int:
    """Blank the resident's name and phone on the callbacks of these cases (the owner's retention)."""
    ids = list(case_ids)
    if not ids:
        return 0
    return int(
        Callback.update(resident_name="", phone="", purged_at=moment)
        .where((Callback.module == module) & Callback.case_id.in_(ids) & Callback.purged_at.is_null())
        .execute()
    )


def purge_cases(
    actor: Actor,
    kind: CaseKind,
    moment: datetime,
    *,
    dry_run: bool,
    batch_size: int,
    finally_: Callable[[datetime], None] | None = None,
) -> PurgeReport:
    """Blank the personal fields of ``kind``'s cases received before the retention cutoff.

    Batches of ``batch_size`` cases (oldest first), each its own transaction and audit entry;
    ``finally_(cutoff)`` runs in the last transaction (the phone log's callers go with complaints).
    """
    model = kind.model
    cutoff = moment - timedelta(days=int(read_setting(kind.setting)))
    due = (model.received_at < cutoff) & model.purged_at.is_null()
    with storage_errors():
        eligible = model.select().where(due).count()
    purged = 0
    blank = {name: "" for name in kind.blanked} | {"purged_at": moment}
    while not dry_run:
        with transaction():
            query = model.select(model.id).where(due).order_by(model.received_at, model.id)
            ids = [c.id for c in query.limit(max(1, batch_size))]
            if not ids:
                if finally_ is not None:
                    finally_(cutoff)
                break
            model.update(**blank).where(model.id.in_(ids)).execute()
            purge_for_cases(kind.module, ids, moment)
            purged += len(ids)
            audit.record(
                actor,
                "purge",
                kind.entity,
                "",
                after={kind.report: len(ids), "cutoff": cutoff, "first_id": ids[0], "last_id": ids[-1]},
            )
    return PurgeReport(kind.report, cutoff, eligible, 0, eligible if dry_run else purged, dry_run)
