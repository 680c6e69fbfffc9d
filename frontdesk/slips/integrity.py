"""``frontdesk check`` for release slips: every slip's seal and code, its status against its history,
its override against the one recorded, and no slip missing from the numbers issued."""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Iterator
from typing import cast

import peewee as pw

from frontdesk.audit import AuditEntry
from frontdesk.i18n import _
from frontdesk.numbering import DocumentCounter
from frontdesk.slips.common import intact
from frontdesk.slips.document import SlipItemLine
from frontdesk.slips.models import ReleaseSlip, SlipItem

BATCH = 2000
#: per slip number: the last status its history recorded, the override_by recorded at its issue
History = dict[str, tuple[str | None, str | None]]


def recorded_history(numbers: list[str]) -> History:
    """Per slip number: (the last status recorded in the audit trail, the override_by recorded at issue).

    A slip with no history (demo data, written in bulk) is absent from the result.
    """
    history: History = {}
    query = (
        AuditEntry.select(AuditEntry.entity_id, AuditEntry.action, AuditEntry.after)
        .where((AuditEntry.entity == "release_slip") & AuditEntry.entity_id.in_(numbers))
        .order_by(AuditEntry.id)
    )
    for entry in query:
        after = json.loads(entry.after) if entry.after else {}
        status, override = history.get(entry.entity_id, (None, None))
        if "status" in after and entry.action in ("create", "status", "void"):
            status = str(after["status"])
        if entry.action == "create":
            override = str(after.get("override_by", ""))
        history[entry.entity_id] = (status, override)
    return history


def status_matches_history(slip: ReleaseSlip) -> bool:
    """False when the stored status differs from the last one the audit trail recorded for the slip."""
    status, _override = recorded_history([slip.number]).get(slip.number, (None, None))
    return status is None or status == slip.status


def _items(ids: list[int]) -> dict[int, tuple[SlipItemLine, ...]]:
    lines: dict[int, list[SlipItemLine]] = defaultdict(list)
    query = SlipItem.select().where(SlipItem.slip.in_(ids)).order_by(SlipItem.slip, SlipItem.position)
    for i in query:
        lines[i.slip_id].append(SlipItemLine(i.description, i.quantity, i.unit, i.remarks))
    return {slip_id: tuple(found) for slip_id, found in lines.items()}


def _batches() -> Iterator[list[ReleaseSlip]]:
    last = 0
    while True:
        rows = list(ReleaseSlip.select().where(ReleaseSlip.id > last).order_by(ReleaseSlip.id).limit(BATCH))
        if not rows:
            return
        yield rows
        last = rows[-1].id


def _slip_problems(
    slip: ReleaseSlip, items: tuple[SlipItemLine, ...], key: bytes, history: History
) -> list[str]:
    problems = []
    if not intact(slip, items, key):
        problems.append(
            _(
                "Release slip {number} no longer matches its seal or code: changed outside the program."
            ).format(number=slip.number)
        )
    status, override = history.get(slip.number, (None, None))
    if status is not None and status != slip.status:
        problems.append(
            _("Release slip {number} reads '{status}', but its history last recorded '{recorded}'.").format(
                number=slip.number, status=slip.status, recorded=status
            )
        )
    if override is not None and override != slip.override_by:
        problems.append(
            _(
                "Release slip {number} names {name} as authorising it, but its issue recorded '{recorded}'."
            ).format(number=slip.number, name=slip.override_by or "—", recorded=override or "—")
        )
    return problems


def _missing_numbers() -> list[str]:
    """Numbers issued (by the counters and the audit trail) that have no slip any more."""
    day = pw.fn.SUBSTR(ReleaseSlip.number, 4, 8)
    per_day = cast(
        Iterable[tuple[str, int]], ReleaseSlip.select(day, pw.fn.COUNT(ReleaseSlip.id)).group_by(day).tuples()
    )
    counts = {str(d): int(n) for d, n in per_day}
    missing = []
    counters = DocumentCounter.select().where(DocumentCounter.doc_type == "release_slip")
    for counter in counters:
        if counts.get(counter.day, 0) < counter.last:
            have = {
                s.number
                for s in ReleaseSlip.select(ReleaseSlip.number).where(
                    ReleaseSlip.number.startswith(f"FX-{counter.day}-")
                )
            }
            missing += [
                n for k in range(1, counter.last + 1) if (n := f"FX-{counter.day}-{k:04d}") not in have
            ]
    created = AuditEntry.select(AuditEntry.entity_id).where(
        (AuditEntry.entity == "release_slip") & (AuditEntry.action == "create")
    )
    gone = ReleaseSlip.select(ReleaseSlip.number)
    missing += [e.entity_id for e in created.where(AuditEntry.entity_id.not_in(gone))]
    return sorted(set(missing))


def check_slips(key: bytes, limit: int = 50) -> tuple[list[str], int]:
    """Every slip checked against its seal, code and history; numbers issued but missing.

    Returns:
        Up to ``limit`` problems, and how many slips were checked.
    """
    problems: list[str] = []
    checked = 0
    for batch in _batches():
        items = _items([s.id for s in batch])
        history = recorded_history([s.number for s in batch])
        for slip in batch:
            problems += _slip_problems(slip, items.get(slip.id, ()), key, history)
        checked += len(batch)
    problems += [
        _("Release slip {number} was issued but is missing from the database.").format(number=n)
        for n in _missing_numbers()
    ]
    return problems[:limit], checked
