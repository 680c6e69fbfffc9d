"""Visits for the demo estate: about 300 a day (5000 units) over its history, many by returning visitors.

Regular visitors (relatives, nannies, couriers, decorators) come back to the same host again and
again; the rest come once. Most visit a resident, some deliver, some work in a unit or see a
department; a few hosts refuse or cannot be reached. Past visits are signed out (a few by the
end-of-day sign-out); today's latest are still on site. Personal data older than the office's visitor
retention is purged, as the daily purge will have done. Rows are written a month at a time with the
bulk paths of ``frontdesk.demo.write``, so ten years of a 5000-unit estate (1.1 M visits) load in
minutes, not hours. A smaller estate has proportionally fewer visitors.

Memory does not grow with the years: a one-time visitor is finished (visit count, latest visit,
purged or name-indexed) as soon as their month is written, and regular visitors stop coming after a
while (the pool keeps the ``MAX_REGULARS`` newest), so only the current pool stays in memory.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from frontdesk.bulk import SUBMITTED_COLUMNS, Row, insert_returning_ids, insert_rows
from frontdesk.db import database_proxy, engine_name
from frontdesk.demo.people import given_name, mobile, surname
from frontdesk.demo.write import Stamp
from frontdesk.estate.residents import name_fragments
from frontdesk.numbering import PREFIXES
from frontdesk.office import read_setting
from frontdesk.visitors.common import local_day_start

VISITS_PER_DAY = 300  # for an estate of REFERENCE_UNITS; a smaller one has fewer, in proportion
REFERENCE_UNITS = 5000
MIN_VISITS_PER_DAY = 10
REGULAR_SHARE = 0.45
FIRST_REGULARS, NEW_REGULARS_PER_DAY = 400, 1.0
MAX_REGULARS = 800  # the oldest regulars stop coming (a nanny changes jobs): about two years each
CLERKS = (("demo-clerk", "前台 林晓燕"), ("demo-clerk2", "前台 陈思敏"))
#: purpose → (weight, department when not a unit, notes)
PURPOSES: dict[str, tuple[int, str, tuple[str, ...]]] = {
    "visit_resident": (55, "", ("探亲", "朋友来访", "保姆", "钟点工", "")),
    "delivery": (20, "", ("送快递", "送外卖", "送家具", "送水")),
    "contractor": (12, "工程部", ("装修", "维修空调", "安装宽带", "疏通管道")),
    "job_interview": (3, "人事部", ("面试客服岗位", "面试保安岗位")),
    "official": (3, "客服部", ("社区检查", "消防检查", "派出所走访")),
    "other": (7, "客服部", ("咨询租房", "找物业", "")),
}
_PROVINCE_PLATES = ("粤B", "粤A", "粤S", "湘A", "京A", "沪C", "赣A", "桂A")
_PLATE_CHARS = "ABCDEFGHJKLMNPQRSTUVWXYZ0123456789"
_VISITOR_COLUMNS = (
    *("name", "phone", "phone_digits", "phone_suffix4", "id_type", "id_number_masked", "id_last4", "id_hash"),
    *("last_visit_at", "last_visit_id", "visit_count", "purged_at"),
)
_VISIT_COLUMNS = (
    *("visitor_id", "purpose", "purpose_note", "host_unit_id", "host_resident_id", "host_department"),
    *("companions", "plate", "pass_number", "time_in", "time_out", "clerk", "clerk_name", "id_status"),
    *("status", "signed_out_by", "signout_kind", "watch_entry_id", "released_by", "release_reason"),
    *("legal_hold", "hold_reason", "purged_at"),
)
_NOTIFICATION_COLUMNS = ("visit_id", "told", "method", "answer", "at", "by")


@dataclass(slots=True)
class _Person:
    """A visitor as planned: their id once inserted, and their latest visit."""

    name: str
    phone: str
    host: tuple[str, int | None, int | None, str, str]  # purpose, unit, resident, department, told
    plate: str
    id: int = 0
    count: int = 0
    last_at: datetime | None = None
    last_visit: int | None = None
    planned: bool = False  # written with the month of their first visit
    regular: bool = False  # comes back: finished only when they stop coming (or at the end)


@dataclass
class _Month:
    """One month's new visitors and visits before they are written."""

    people: list[_Person] = field(default_factory=list)
    visits: list[tuple[_Person, Row, tuple[str, str, str, str]]] = field(default_factory=list)


def _plate(rng: random.Random) -> str:
    return rng.choice(_PROVINCE_PLATES) + "".join(rng.choice(_PLATE_CHARS) for _ in range(5))


class _Planner:
    """Draws hosts, people and visits from one seeded random source."""

    def __init__(self, rng: random.Random, hosts: list[tuple[int, int, str]]) -> None:
        self.rng, self.hosts = rng, hosts
        self.purposes = list(PURPOSES)
        self.weights = [PURPOSES[p][0] for p in self.purposes]
        self.regulars: list[_Person] = []
        self.retired: list[_Person] = []  # regulars who have stopped coming, not yet finished

    def host(self) -> tuple[str, int | None, int | None, str, str]:
        purpose = self.rng.choices(self.purposes, self.weights)[0]
        department = PURPOSES[purpose][1]
        if (department and self.rng.random() < 0.7) or not self.hosts:
            return purpose, None, None, department or "客服部", department or "客服部"
        unit_id, resident_id, name = self.rng.choice(self.hosts)
        return purpose, unit_id, resident_id, "", name

    def person(self) -> _Person:
        rng = self.rng
        name = surname(rng) + given_name(rng, rng.random() < 0.5)
        return _Person(name, mobile(rng), self.host(), _plate(rng) if rng.random() < 0.25 else "")

    def visitor(self, month: _Month) -> _Person:
        regular = self.regulars and self.rng.random() < REGULAR_SHARE
        one = self.rng.choice(self.regulars) if regular else self.person()
        if not one.planned:
            one.planned = True
            month.people.append(one)
        return one

    def add_regulars(self, n: int) -> None:
        """``n`` new regular visitors; the oldest stop coming when the pool passes ``MAX_REGULARS``."""
        for _i in range(n):
            one = self.person()
            one.regular = True
            self.regulars.append(one)
        gone = max(0, len(self.regulars) - MAX_REGULARS)
        self.retired.extend(p for p in self.regulars[:gone] if p.planned)  # never came: nothing to finish
        del self.regulars[:gone]


def _visit_row(
    planner: _Planner, who: _Person, moment: datetime, today_open: bool, number: str, now: datetime
) -> tuple[Row, tuple[str, str, str, str]]:
    rng = planner.rng
    purpose, unit_id, resident_id, department, told = who.host if rng.random() < 0.85 else planner.host()
    answer = "refused" if rng.random() < 0.02 else ("unreachable" if rng.random() < 0.02 else "agreed")
    clerk, clerk_name = rng.choice(CLERKS)
    stay = timedelta(minutes=rng.randrange(10, 180))
    on_site = today_open and answer != "refused"
    status = "refused" if answer == "refused" else ("on_site" if on_site else "signed_out")
    kind = "" if on_site else ("end_of_day" if status == "signed_out" and rng.random() < 0.03 else "normal")
    left = max(moment, min(moment + stay, now))  # today's early visitors have left by now, not later
    time_out = None if on_site else (moment if answer == "refused" else left)
    plate = who.plate if who.plate and rng.random() < 0.8 else ""
    row: Row = (
        who.id, purpose, rng.choice(PURPOSES[purpose][2]), unit_id, resident_id, department,
        rng.choice((0, 0, 0, 1, 1, 2)), plate, "" if answer == "refused" else number,
        moment.isoformat(" "), time_out.isoformat(" ") if time_out else None, clerk, clerk_name, "not_asked",
        status, "" if on_site else clerk, kind, None, "", "", False, "", None,
    )  # fmt: skip
    notice = (told, rng.choice(("phone", "phone", "intercom", "in_person")), answer, clerk)
    return row, notice


def _days(today: date, years: int) -> Iterator[date]:
    first = today - timedelta(days=365 * years)
    for n in range((today - first).days + 1):
        yield first + timedelta(days=n)


def _months(today: date, years: int) -> Iterator[list[date]]:
    batch: list[date] = []
    for day in _days(today, years):
        if batch and day.month != batch[-1].month:
            yield batch
            batch = []
        batch.append(day)
    if batch:
        yield batch


def _hosts() -> list[tuple[int, int, str]]:
    cursor = database_proxy.execute_sql("SELECT unit_id, id, name FROM resident WHERE active ORDER BY id")
    return [(int(u), int(r), str(n)) for u, r, n in cursor.fetchall()]


class _Writer:
    """Writes a month of planned rows; personal data past retention is written already purged."""

    def __init__(self, stamp: Stamp, cutoff: datetime, now: datetime) -> None:
        self.stamp, self.cutoff, self.now = stamp, cutoff, now.isoformat(" ")

    def write(self, month: _Month) -> int:
        rows = [
            (p.name, p.phone, p.phone, p.phone[-4:], "", "", "", "", None, None, 0, None, *self.stamp())
            for p in month.people
        ]
        for person, new_id in zip(
            month.people,
            insert_returning_ids("visitor", (*_VISITOR_COLUMNS, *SUBMITTED_COLUMNS), rows),
            strict=True,
        ):
            person.id = new_id
        visits = [(p.id, *row[1:], *self.stamp()) for p, row, _n in month.visits]
        ids = insert_returning_ids("visit", (*_VISIT_COLUMNS, *SUBMITTED_COLUMNS), visits)
        notices = []
        for visit_id, (person, row, (told, method, answer, by)) in zip(ids, month.visits, strict=True):
            notices.append((visit_id, told, method, answer, row[9], by))
            person.count += 1
            person.last_at, person.last_visit = datetime.fromisoformat(str(row[9])), visit_id
        insert_rows("visit_notification", _NOTIFICATION_COLUMNS, notices)
        return len(ids)

    def finish(self, people: list[_Person]) -> None:
        """Each visitor's count and latest visit; those past retention purged, the others' names indexed."""
        kept = [p for p in people if p.last_at is not None and p.last_at >= self.cutoff]
        stale = [p for p in people if p.last_at is not None and p.last_at < self.cutoff]
        _update_visitors(
            [(p.count, p.last_at.isoformat(" ") if p.last_at else None, p.last_visit, p.id) for p in people]
        )
        _purge_visitors(stale, self.now)
        keys = [(p.id, text, position) for p in kept for position, text in name_fragments(p.name)]
        insert_rows("visitor_name_key", ("visitor_id", "fragment", "position"), keys)

    def purge_visits(self) -> None:
        """The notes and plates of visits past retention, as the daily purge will have done."""
        mark = "?" if engine_name() == "sqlite" else "%s"
        database_proxy.execute_sql(
            f"UPDATE visit SET plate = '', purpose_note = '', purged_at = {mark} WHERE time_in < {mark}",
            (self.now, self.cutoff.isoformat(" ")),
        )


def _update_visitors(values: list[tuple[object, ...]]) -> None:
    cursor = database_proxy.cursor()
    if engine_name() == "sqlite":
        cursor.executemany(
            "UPDATE visitor SET visit_count = ?, last_visit_at = ?, last_visit_id = ? WHERE id = ?", values
        )
        return
    for start in range(0, len(values), 1000):
        chunk = values[start : start + 1000]
        rows = ", ".join(["(%s, %s::timestamp, %s, %s)"] * len(chunk))
        cursor.execute(
            "UPDATE visitor SET visit_count = v.c, last_visit_at = v.t, last_visit_id = v.l "
            f"FROM (VALUES {rows}) AS v(c, t, l, i) WHERE visitor.id = v.i",
            [x for row in chunk for x in row],
        )


def _purge_visitors(stale: list[_Person], now: str) -> None:
    """The names and phones of visitors last seen before the retention."""
    mark = "?" if engine_name() == "sqlite" else "%s"
    ids = [p.id for p in stale]
    for start in range(0, len(ids), 900):
        chunk = ids[start : start + 900]
        database_proxy.execute_sql(
            "UPDATE visitor SET name = '', phone = '', phone_digits = '', phone_suffix4 = '', "
            f"purged_at = {mark} WHERE id IN ({', '.join([mark] * len(chunk))})",
            (now, *chunk),
        )


def _continue_passes(today: date, issued: int) -> None:
    """Today's pass counter continues after the demo's passes, so the next registration gets a new one."""
    mark = "?" if engine_name() == "sqlite" else "%s"
    database_proxy.execute_sql(
        f"INSERT INTO document_counter (doc_type, day, last) VALUES ({mark}, {mark}, {mark}) "
        f"ON CONFLICT (doc_type, day) DO UPDATE SET last = {mark}",
        ("visitor_pass", today.strftime("%Y%m%d"), issued, issued),
    )


def visits_per_day(units: int) -> int:
    """About 300 visits a day for 5000 units, in proportion for other estates (at least 10)."""
    return max(MIN_VISITS_PER_DAY, round(VISITS_PER_DAY * units / REFERENCE_UNITS))


def write_visits(*, seed: int, units: int, years: int, today: date, stamp: Stamp, now: datetime) -> int:
    """Plan and insert the demo's visits (inside the caller's transaction); returns how many.

    Args:
        seed: the same seed gives the same visits.
        units: the estate's size: about 300 visits a day for 5000 units, in proportion.
        years: how many years back from ``today``.
        today: the desk's date; today's visits so far are written, the latest still on site.
        stamp: the submitted-record columns of new rows.
        now: the load's moment (naive UTC): the retention is counted back from it.
    """
    rng = random.Random(f"demo-visits-{seed}")
    planner = _Planner(rng, _hosts())
    now = min(now, local_day_start(today + timedelta(days=1)))  # a demo ending on another day than today
    cutoff = now - timedelta(days=int(read_setting("visitor_retention_days")))
    writer, total, passes = _Writer(stamp, cutoff, now), 0, 0
    per_day = visits_per_day(units)
    for days in _months(today, years):
        month = _Month()
        planner.add_regulars(
            FIRST_REGULARS if not planner.regulars else round(NEW_REGULARS_PER_DAY * len(days))
        )
        for day in days:
            opening = local_day_start(day) + timedelta(hours=8)
            count = rng.randrange(per_day * 4 // 5, per_day * 6 // 5 + 1)
            if day == today:
                count = count // 3  # the morning so far
            for n in range(count):
                moment = opening + timedelta(seconds=rng.randrange(13 * 3600 if day != today else 4 * 3600))
                # nobody comes from the future, nor (in a load just after midnight) on the day before
                moment = min(max(local_day_start(day), now - timedelta(minutes=rng.randrange(1, 60))), moment)
                moment = min(moment, now)
                who = planner.visitor(month)
                number = f"{PREFIXES['visitor_pass']}-{day:%Y%m%d}-{n + 1:04d}"
                open_now = day == today and n >= count - 30  # the latest thirty are still here
                month.visits.append((who, *_visit_row(planner, who, moment, open_now, number, now)))
            if day == today:
                passes = count
        total += writer.write(month)
        writer.finish([p for p in month.people if not p.regular] + planner.retired)  # done with them
        planner.retired.clear()
    writer.finish([p for p in planner.regulars if p.planned])
    writer.purge_visits()
    _continue_passes(today, passes)
    return total
