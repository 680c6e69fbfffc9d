"""Release slips for the demo estate: a few a day over its history, most used at the gate.

Moving out and repairs dominate; agents (movers, decorators) need the owner's call, which is
sometimes refused or unanswered; a few units in arrears get a supervisor's override; some slips are
voided, some expire unused. Slips older than the office's slip retention have their personal data
purged, as the daily purge will have done by the end of the day. Every slip carries a valid
verification code (computed from its content at issue, before any purge), and the day counters
continue where the demo stops.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from frontdesk.bulk import SUBMITTED_COLUMNS, Row, insert_returning_ids, insert_rows
from frontdesk.clock import utcnow
from frontdesk.db import database_proxy
from frontdesk.demo.people import person
from frontdesk.demo.write import Stamp
from frontdesk.estate.privacy import store_phone
from frontdesk.identity import DocumentType, mask
from frontdesk.numbering import PREFIXES
from frontdesk.office import read_setting
from frontdesk.slips.code import SlipContent, seal, verification_code
from frontdesk.slips.document import SlipItemLine

SLIPS_PER_UNIT_DAY = 1 / 200  # about 3 a day for 600 units
CHUNK_DAYS = 365  # slips are planned and written a year at a time: memory does not grow with the years
CLERK_NAME = "前台 林晓燕"
GUARD = "demo-guard"
SUPERVISOR = ("demo-supervisor", "客服主管 周敏")
#: reason → (weight, goods as (description, unit of measure, most per line))
GOODS: dict[str, tuple[int, tuple[tuple[str, str, int], ...]]] = {
    "moving_out": (35, (("双人床垫", "张", 2), ("三人沙发", "张", 1), ("冰箱", "台", 1),
                        ("洗衣机", "台", 1), ("纸箱（衣物书籍）", "箱", 30), ("书桌", "张", 2),
                        ("餐椅", "把", 6), ("电视机", "台", 2))),
    "repair": (35, (("空调室外机", "台", 2), ("热水器", "台", 1), ("旧木地板", "捆", 10), ("坏门锁", "把", 2),
                    ("吸油烟机", "台", 1), ("装修垃圾", "袋", 20))),
    "rented_return": (15, (("租用钢琴", "台", 1), ("租用折叠床", "张", 2), ("饮水机", "台", 1))),
    "other": (15, (("旧衣物（捐赠）", "袋", 8), ("地毯（送洗）", "块", 3), ("自行车", "辆", 2))),
}  # fmt: skip
OTHER_NOTES = ("捐赠旧衣物", "送洗地毯", "网购退货", "借给亲戚")
_SLIP_COLUMNS = (
    *("number", "unit_id", "unit_code", "status", "applicant_kind", "applicant_resident_id"),
    *("applicant_name", "applicant_phone", "applicant_id_type", "applicant_id_masked", "reason"),
    *("reason_note", "valid_until", "issued_at", "issued_on", "issued_by", "issued_by_name"),
    *("arrears_fen", "override_by", "override_by_name", "override_reason", "confirmation"),
    *("verification_code", "item_count", "used_at", "used_on", "used_by", "carrier_name", "plate"),
    *("voided_at", "voided_on", "voided_by", "void_reason", "print_count", "purged_at", "seal"),
)
_CALL_COLUMNS = (
    *("slip_id", "owner_resident_id", "owner_name", "phone", "called_at", "answer", "note"),
    *("recorded_by", "recorded_at"),
)


@dataclass(frozen=True)
class _Contact:
    resident_id: int
    kind: str
    name: str
    phone: str


@dataclass(frozen=True)
class _Unit:
    id: int
    code: str
    owners: list[_Contact]
    tenants: list[_Contact]


@dataclass
class _Slip:
    """One planned slip; ``row`` gives its ``release_slip`` values in ``_SLIP_COLUMNS`` order."""

    content: SlipContent
    code: str
    issued_at: datetime
    applicant_resident_id: int | None
    phone: str
    status: str = "issued"
    answer: str = ""
    call: tuple[_Contact, datetime] | None = None
    override: bool = False
    arrears_fen: int = 0
    used_at: datetime | None = None
    voided_at: datetime | None = None
    purged_at: datetime | None = None

    @property
    def purged(self) -> bool:
        """True when the slip's personal data is gone."""
        return self.purged_at is not None

    carrier: str = ""

    def row(self, clerk: str) -> Row:
        c = self.content
        name, phone, id_masked = (
            ("", "", "") if self.purged else (c.applicant_name, self.phone, c.applicant_id_masked)
        )
        sup_user, sup_name = SUPERVISOR if self.override else ("", "")
        why = "业主已承诺本周内补缴" if self.override else ""
        void_by, void_why = (clerk, "物品清单填写有误，已重开") if self.voided_at else ("", "")
        purged_at = self.purged_at
        return (
            *(c.number, c.unit_id, c.unit_code, self.status, c.applicant_kind, self.applicant_resident_id),
            *(name, phone, DocumentType.MAINLAND_ID.value, id_masked, c.reason, c.reason_note),
            *(c.valid_until.isoformat(), _iso(self.issued_at), c.issued_on.isoformat(), clerk, CLERK_NAME),
            *(self.arrears_fen, sup_user, sup_name, why, self.answer, self.code, len(c.items)),
            *(_iso(self.used_at), _day(self.used_at), GUARD if self.used_at else ""),
            *("" if self.purged else self.carrier, "", _iso(self.voided_at), _day(self.voided_at), void_by),
            *(void_why, 0 if self.status == "pending" else 1, _iso(purged_at)),
        )


def _utc(day: date, minutes: int) -> datetime:
    """A local time of ``day`` as naive UTC (how timestamps are stored)."""
    local = datetime.combine(day, time()) + timedelta(minutes=minutes)
    return local.astimezone(UTC).replace(tzinfo=None)


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat(" ") if moment is not None else None


def _day(moment: datetime | None) -> str | None:
    """The local date of a stored moment."""
    return moment.replace(tzinfo=UTC).astimezone().date().isoformat() if moment is not None else None


def _units(estate_id: int) -> list[_Unit]:
    """The estate's units that have an owner, with their current owners and tenants."""
    cursor = database_proxy.execute_sql(
        "SELECT u.id, u.code, r.id, r.kind, r.name, r.phone FROM unit u "
        "JOIN building b ON b.id = u.building_id JOIN resident r ON r.unit_id = u.id "
        f"WHERE b.estate_id = {database_proxy.param} AND r.active ORDER BY u.id, r.id",
        (estate_id,),
    )
    found: dict[int, _Unit] = {}
    for unit_id, code, resident_id, kind, name, phone in cursor.fetchall():
        unit = found.setdefault(int(unit_id), _Unit(int(unit_id), str(code), [], []))
        (unit.owners if kind == "owner" else unit.tenants).append(
            _Contact(int(resident_id), kind, name, phone)
        )
    return [unit for unit in found.values() if unit.owners]


class _Planner:
    """Draws slips from a seeded source; numbers run per day as ``next_number`` would give them."""

    def __init__(self, seed: int, today: date, now: datetime, key: bytes) -> None:
        self.rng = random.Random(f"demo-slips-{seed}")
        self.today, self.key = today, key
        self.now = now
        self.retention_days = int(read_setting("slip_retention_days"))
        self.purge_before = _utc(today + timedelta(days=1), 0) - timedelta(days=self.retention_days)
        self.counters: dict[str, int] = {}

    def _number(self, day: date) -> str:
        key = day.strftime("%Y%m%d")
        self.counters[key] = self.counters.get(key, 0) + 1
        return f"{PREFIXES['release_slip']}-{key}-{self.counters[key]:04d}"

    def _goods(self) -> tuple[str, str, list[SlipItemLine]]:
        rng = self.rng
        reason = rng.choices(list(GOODS), weights=[weight for weight, _goods in GOODS.values()])[0]
        catalogue = GOODS[reason][1]
        lines = [
            SlipItemLine(description, str(rng.randint(1, most)), measure)
            for description, measure, most in rng.sample(catalogue, rng.randint(1, min(4, len(catalogue))))
        ]
        return reason, rng.choice(OTHER_NOTES) if reason == "other" else "", lines

    def _issued_at(self, day: date) -> datetime:
        """Office hours of ``day``; today's slips are all issued before now (nothing from the future)."""
        moment = _utc(day, self.rng.randint(480, 1080))
        if day == self.today:
            earliest = _utc(day, 25)  # the owner's call, up to 20 minutes before, is on the same day
            moment = max(earliest, min(moment, self.now - timedelta(minutes=self.rng.randint(1, 5))))
        return moment

    def slip(self, day: date, unit: _Unit) -> _Slip:
        rng = self.rng
        roll, stranger = rng.random(), person(rng)
        applicant = rng.choice(unit.owners) if roll < 0.45 else None
        if applicant is None and unit.tenants and roll < 0.6:
            applicant = rng.choice(unit.tenants)
        kind, name = (applicant.kind, applicant.name) if applicant else ("agent", stranger.name)
        reason, note, lines = self._goods()
        valid_until = day if rng.random() < 0.9 else day + timedelta(days=rng.randint(1, 3))
        id_masked = mask(DocumentType.MAINLAND_ID, stranger.id_number)
        content = SlipContent(
            self._number(day),
            unit.id,
            unit.code,
            kind,
            name,
            id_masked,
            reason,
            note,
            valid_until,
            day,
            tuple(lines),
        )
        phone = store_phone(applicant.phone if applicant and applicant.phone else stranger.phone).phone
        slip = _Slip(content, verification_code(content, self.key), self._issued_at(day),
                     applicant.resident_id if applicant else None, phone)  # fmt: skip
        if kind != "owner":
            slip.answer = rng.choices(("agreed", "refused", "unreachable"), weights=(90, 4, 6))[0]
            slip.status = {"agreed": "issued", "refused": "refused", "unreachable": "pending"}[slip.answer]
            slip.call = (rng.choice(unit.owners), slip.issued_at - timedelta(minutes=rng.randint(2, 20)))
        if rng.random() < 0.03:
            slip.override, slip.arrears_fen = True, rng.randint(3, 36) * 21_000
        outcome = rng.random()
        if slip.status == "issued" and day < self.today and outcome < 0.88:
            later = slip.issued_at + timedelta(minutes=rng.randint(20, 300))
            if outcome < 0.85:
                slip.status, slip.used_at, slip.carrier = "used", later, person(rng).name + "（搬家师傅）"
            else:
                slip.status, slip.voided_at = "voided", later
        if slip.issued_at < self.purge_before:  # as the daily purge will have done by tonight
            slip.purged_at = slip.issued_at + timedelta(days=self.retention_days, hours=12)
        return slip


def _call_row(slip_id: int, slip: _Slip, clerk: str) -> Row:
    assert slip.call is not None
    owner, at = slip.call
    name, phone = ("", "") if slip.purged else (owner.name, owner.phone)
    return (slip_id, owner.resident_id, name, phone, _iso(at), slip.answer, "", clerk, _iso(at))


def _set_counters(counters: dict[str, int]) -> None:
    """Make ``next_number`` continue after the demo's numbers (a wiped registry may have left counters)."""
    mark = database_proxy.param
    database_proxy.cursor().executemany(
        f"INSERT INTO document_counter (doc_type, day, last) VALUES ({mark}, {mark}, {mark}) "
        "ON CONFLICT (doc_type, day) DO UPDATE SET last = excluded.last",
        [("release_slip", day, last) for day, last in counters.items()],
    )


def _sealed(row: Row, items: list[SlipItemLine], key: bytes) -> Row:
    return (*row, seal(dict(zip(_SLIP_COLUMNS, row, strict=False)), items, key))


def _write(planned: list[_Slip], counters: dict[str, int], clerk: str, stamp: Stamp, key: bytes) -> None:
    rows = [_sealed(slip.row(clerk), list(slip.content.items), key) + stamp() for slip in planned]
    ids = insert_returning_ids("release_slip", (*_SLIP_COLUMNS, *SUBMITTED_COLUMNS), rows)
    items = [
        (slip_id, n, line.description, line.quantity, line.unit, line.remarks)
        for slip_id, slip in zip(ids, planned, strict=True)
        for n, line in enumerate(slip.content.items)
    ]
    insert_rows("slip_item", ("slip_id", "position", "description", "quantity", "unit", "remarks"), items)
    calls = [_call_row(slip_id, slip, clerk) for slip_id, slip in zip(ids, planned, strict=True) if slip.call]
    insert_rows("slip_confirmation", _CALL_COLUMNS, calls)
    _set_counters(counters)


def _day_chunks(first: date, last: date) -> Iterator[list[date]]:
    """The days from ``first`` to ``last``, a year (365 days) at a time."""
    days = (last - first).days + 1
    for start in range(0, days, CHUNK_DAYS):
        yield [first + timedelta(days=offset) for offset in range(start, min(start + CHUNK_DAYS, days))]


def _plan_days(planner: _Planner, days: list[date], units: list[_Unit], per_day: float) -> list[_Slip]:
    """The slips of ``days``, drawn in order from the planner's one source."""
    return [
        planner.slip(day, planner.rng.choice(units))
        for day in days
        for _n in range(planner.rng.randint(0, round(2 * per_day)))
    ]


def write_slips(
    *,
    estate_id: int,
    seed: int,
    years: int,
    today: date,
    clerk: str,
    stamp: Stamp,
    key: bytes,
    now: datetime | None = None,
) -> int:
    """Write the demo's release slips (inside the caller's transaction), a year of them at a time.

    Args:
        estate_id: the demo estate, already loaded with units and residents.
        seed: the same seed gives the same slips.
        years: how far back the slips go.
        today: the desk's date; today's slips are issued, pending or refused, none used yet.
        clerk: the user name recorded as the issuing clerk.
        stamp: the submitted-record columns of new rows.
        key: the slip key, signing each slip's code and seal.
        now: the load's moment (naive UTC, default the clock's): today's slips are issued before it.

    Returns:
        How many slips were written.
    """
    units = _units(estate_id)
    if not units:
        return 0
    planner = _Planner(seed, today, utcnow() if now is None else now, key)
    per_day = max(1.0, len(units) * SLIPS_PER_UNIT_DAY)
    first = today - timedelta(days=365 * years)
    # a load in the first half hour of the day has no slips yet today
    last = today if planner.now >= _utc(today, 30) else today - timedelta(days=1)
    written = 0
    for days in _day_chunks(first, last):
        planned = _plan_days(planner, days, units, per_day)
        _write(planned, planner.counters, clerk, stamp, key)
        planner.counters.clear()  # those days are done: their counters are written
        written += len(planned)
    return written
