"""Keeping each unit's ``UnitBalance`` row in step with its charges, payments and reminders.

Every writer calls one of the ``*_added`` / ``*_voided`` functions inside its own transaction, right
after writing. The totals move by the amount (an ``INSERT … ON CONFLICT DO UPDATE``, which also
locks the row: two desks writing to one unit take turns). The oldest unpaid charge is then found
again from a *safe start*: a due date before which every charge is known to be paid, so only the
unpaid tail of the account is read, never its whole history:

- a payment added or a charge voided only pays more: the charges before the old oldest unpaid
  one stay paid, so the scan starts there (nothing to do when nothing was unpaid);
- a charge added sorts after every charge due before it: the scan starts at the earlier of its due
  date and the old oldest unpaid one;
- a payment voided may leave any charge unpaid again: the unit's charges are all read.

``refill`` recomputes rows from the ledger in full (the migration, the demo's bulk load) and
``problems`` compares the rows with it (``frontdesk check``).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date

import peewee as pw

from frontdesk.db import database_proxy
from frontdesk.estate.common import int_pairs, tuples
from frontdesk.estate.ledger import DueCharge, oldest_unpaid
from frontdesk.estate.models import Charge, CollectionLog, Payment, Unit, UnitBalance
from frontdesk.i18n import _
from frontdesk.money import fen_to_text

_BATCH = 500
_UPSERT_ROWS = 200  # 4 values a row: within SQLite's 999 bound values a statement
_FROM_THE_START = date.min  # a safe start that reads every charge of the unit


@dataclass(frozen=True)
class Figures:
    """A unit's kept figures (see ``UnitBalance``)."""

    charged_fen: int = 0
    paid_fen: int = 0
    oldest_unpaid_due: date | None = None
    last_collection_id: int | None = None


_NOTHING = Figures()

_FIELDS = (
    UnitBalance.unit,
    UnitBalance.charged_fen,
    UnitBalance.paid_fen,
    UnitBalance.oldest_unpaid_due,
    UnitBalance.last_collection,
)


def charges_added(added: Iterable[tuple[int, date, int]]) -> None:
    """Charges just written: (unit, due date, fen) each."""
    changes: dict[int, tuple[int, int, date | None]] = {}
    for unit_id, due_date, fen in added:
        charged, _paid, start = changes.get(unit_id, (0, 0, due_date))
        changes[unit_id] = (charged + fen, 0, min(start or due_date, due_date))
    _shift(changes)


def charge_voided(unit_id: int, fen: int) -> None:
    """A charge of ``fen`` just voided."""
    _shift({unit_id: (-fen, 0, None)})


def payments_added(added: Iterable[tuple[int, int]]) -> None:
    """Payments just written: (unit, fen) each."""
    changes: dict[int, tuple[int, int, date | None]] = {}
    for unit_id, fen in added:
        changes[unit_id] = (0, changes.get(unit_id, (0, 0, None))[1] + fen, None)
    _shift(changes)


def payment_voided(unit_id: int, fen: int) -> None:
    """A payment of ``fen`` just voided: every charge of the unit may be unpaid again."""
    _shift({unit_id: (0, -fen, _FROM_THE_START)})


def reminder_added(entry: CollectionLog) -> None:
    """A reminder just recorded: the unit's last one unless one recorded later is newer."""
    _shift({entry.unit_id: (0, 0, None)})  # makes the row if missing and holds it
    kept = UnitBalance.get_by_id(entry.unit_id)
    last = CollectionLog.get_or_none(CollectionLog.id == kept.last_collection_id)
    if last is None or (entry.at, entry.id) >= (last.at, last.id):
        UnitBalance.update(last_collection=entry.id).where(UnitBalance.unit == entry.unit_id).execute()


def _shift(changes: dict[int, tuple[int, int, date | None]]) -> None:
    """Move the totals by (charged, paid), lower the scan start to the date given, then resettle."""
    excluded = pw.EXCLUDED  # the row the INSERT proposed
    oldest, new_start = UnitBalance.oldest_unpaid_due, excluded.oldest_unpaid_due
    earlier = pw.Case(
        None,
        ((new_start.is_null(), oldest), (oldest.is_null(), new_start), (new_start < oldest, new_start)),
        oldest,
    )
    rows = [(unit_id, c, p, start) for unit_id, (c, p, start) in sorted(changes.items())]
    fields = [UnitBalance.unit, UnitBalance.charged_fen, UnitBalance.paid_fen, UnitBalance.oldest_unpaid_due]
    for start in range(0, len(rows), _UPSERT_ROWS):
        UnitBalance.insert_many(rows[start : start + _UPSERT_ROWS], fields=fields).on_conflict(
            conflict_target=[UnitBalance.unit],
            update={
                UnitBalance.charged_fen: UnitBalance.charged_fen + excluded.charged_fen,
                UnitBalance.paid_fen: UnitBalance.paid_fen + excluded.paid_fen,
                UnitBalance.oldest_unpaid_due: earlier,
            },
        ).execute()
    _resettle(sorted(changes))


def _resettle(unit_ids: Sequence[int]) -> None:
    """Find each unit's oldest unpaid charge again, reading its charges from the safe start on."""
    for start in range(0, len(unit_ids), _BATCH):
        batch = unit_ids[start : start + _BATCH]
        query = UnitBalance.select(UnitBalance.unit, UnitBalance.charged_fen, UnitBalance.paid_fen).where(
            UnitBalance.unit.in_(batch) & UnitBalance.oldest_unpaid_due.is_null(False)
        )
        kept = {unit_id: (charged, paid) for unit_id, charged, paid in tuples(query)}
        tails = unpaid_tails(list(kept))
        found: dict[date | None, list[int]] = {}
        for unit_id, (charged, paid) in kept.items():
            tail = tails.get(unit_id, [])
            settled_before = charged - sum(c.amount_fen for c in tail)
            found.setdefault(oldest_unpaid(tail, paid - settled_before), []).append(unit_id)
        for day, ids in found.items():
            UnitBalance.update(oldest_unpaid_due=day).where(UnitBalance.unit.in_(ids)).execute()


def unpaid_tails(unit_ids: Sequence[int], as_of: date | None = None) -> dict[int, list[DueCharge]]:
    """Each unit's live charges due on or after its kept oldest unpaid one (and by ``as_of``, if given)."""
    if not unit_ids:
        return {}
    joined = (UnitBalance.unit == Charge.unit) & (Charge.due_date >= UnitBalance.oldest_unpaid_due)
    query = (
        Charge.select(Charge.id, Charge.unit, Charge.due_date, Charge.amount_fen)
        .join(UnitBalance, on=joined)
        .where(Charge.unit.in_(list(unit_ids)) & ~Charge.voided)
    )
    if as_of is not None:
        query = query.where(Charge.due_date <= as_of)
    found: dict[int, list[DueCharge]] = {}
    for charge_id, unit_id, due_date, amount in query.tuples().iterator():
        found.setdefault(unit_id, []).append(DueCharge(charge_id, due_date, amount))
    return found


def recomputed(unit_ids: Sequence[int]) -> dict[int, Figures]:
    """The figures of the units worked out from their whole ledger (units with none are left out)."""
    paid = dict(
        int_pairs(
            Payment.select(Payment.unit, pw.fn.SUM(Payment.amount_fen))
            .where(Payment.unit.in_(list(unit_ids)) & ~Payment.voided)
            .group_by(Payment.unit)
        )
    )
    charges: dict[int, list[DueCharge]] = {}
    query = Charge.select(Charge.id, Charge.unit, Charge.due_date, Charge.amount_fen).where(
        Charge.unit.in_(list(unit_ids)) & ~Charge.voided
    )
    for charge_id, unit_id, due_date, amount in query.tuples().iterator():
        charges.setdefault(unit_id, []).append(DueCharge(charge_id, due_date, amount))
    last: dict[int, tuple[object, int]] = {}
    calls = CollectionLog.select(CollectionLog.unit, CollectionLog.at, CollectionLog.id)
    for unit_id, at, entry_id in calls.where(CollectionLog.unit.in_(list(unit_ids))).tuples().iterator():
        if unit_id not in last or (at, entry_id) >= last[unit_id]:
            last[unit_id] = (at, entry_id)
    figures = {}
    for unit_id in {*paid, *charges, *last}:
        due, paid_fen = charges.get(unit_id, []), paid.get(unit_id, 0)
        call = last.get(unit_id)
        figures[unit_id] = Figures(
            sum(c.amount_fen for c in due), paid_fen, oldest_unpaid(due, paid_fen), call[1] if call else None
        )
    return figures


def kept(unit_ids: Sequence[int]) -> dict[int, Figures]:
    """The figures the table holds for the units."""
    query = UnitBalance.select(*_FIELDS).where(UnitBalance.unit.in_(list(unit_ids)))
    return {row[0]: Figures(*row[1:]) for row in query.tuples().iterator()}


def _unit_batches(unit_ids: Sequence[int] | None) -> Iterator[list[int]]:
    ids = list(unit_ids) if unit_ids is not None else [u for (u,) in tuples(Unit.select(Unit.id))]
    for start in range(0, len(ids), _BATCH):
        yield sorted(ids[start : start + _BATCH])


def refill(unit_ids: Sequence[int] | None = None) -> None:
    """Recompute the rows of the units (default: all) from their ledger and store them."""
    replace = {field: getattr(pw.EXCLUDED, field.column_name) for field in _FIELDS[1:]}
    for batch in _unit_batches(unit_ids):
        figures = recomputed(batch)
        rows = [
            (u, f.charged_fen, f.paid_fen, f.oldest_unpaid_due, f.last_collection_id)
            for u, f in sorted(figures.items())
        ]
        for start in range(0, len(rows), _UPSERT_ROWS // 2):
            UnitBalance.insert_many(
                rows[start : start + _UPSERT_ROWS // 2], fields=list(_FIELDS)
            ).on_conflict(conflict_target=[UnitBalance.unit], update=replace).execute()
        empty = [u for u in batch if u not in figures]  # a row left over from an earlier mistake
        UnitBalance.update(charged_fen=0, paid_fen=0, oldest_unpaid_due=None, last_collection=None).where(
            UnitBalance.unit.in_(empty)
        ).execute()


def problems(limit: int = 50) -> list[str]:
    """``frontdesk check``'s part: every unit whose kept figures differ from its ledger's."""
    if not database_proxy.table_exists("unit_balance"):  # an older schema: the pending migration is reported
        return []
    found: list[str] = []
    for batch in _unit_batches(None):
        stored, actual = kept(batch), recomputed(batch)
        for unit_id in sorted({*stored, *actual}):
            found += _differences(unit_id, stored.get(unit_id, _NOTHING), actual.get(unit_id, _NOTHING))
        if len(found) >= limit:
            break
    return found[:limit]


def _differences(unit_id: int, stored: Figures, actual: Figures) -> list[str]:
    if stored == actual:
        return []
    code = Unit.get_by_id(unit_id).code
    lines = []
    if stored.charged_fen != actual.charged_fen:
        lines.append(
            _("Unit {code}: {kept} charged is kept, but its live charges add up to {ledger}.").format(
                code=code, kept=fen_to_text(stored.charged_fen), ledger=fen_to_text(actual.charged_fen)
            )
        )
    if stored.paid_fen != actual.paid_fen:
        lines.append(
            _("Unit {code}: {kept} paid is kept, but its live payments add up to {ledger}.").format(
                code=code, kept=fen_to_text(stored.paid_fen), ledger=fen_to_text(actual.paid_fen)
            )
        )
    if stored.oldest_unpaid_due != actual.oldest_unpaid_due:
        lines.append(
            _(
                "Unit {code}: its oldest unpaid charge is kept as due {kept}, but its account gives {ledger}."
            ).format(code=code, kept=_day(stored.oldest_unpaid_due), ledger=_day(actual.oldest_unpaid_due))
        )
    if stored.last_collection_id != actual.last_collection_id:
        lines.append(
            _("Unit {code}: the last reminder kept is not the newest in its collection log.").format(
                code=code
            )
        )
    return lines


def _day(value: date | None) -> str:
    return value.isoformat() if value is not None else _("none")
