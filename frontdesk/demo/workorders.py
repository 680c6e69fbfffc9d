"""The demo's work orders: about 1.2 a unit a year, each along its lifecycle, with technicians and timings.

Water and electrical jobs are the most common, lifts and public facilities are reported for public
places; about one in seven is urgent, a third of the jobs in a flat are paid (quoted, approved, and
charged to the unit). A paid job's fee is paid at the office when the work is accepted (the
payment's receipt number is the order's), so the demo's arrears stay those of its management fees.
Most technicians sign for and finish in time; some are late. Most orders are called back and
closed, a few reopened and done again, a few cancelled. A few percent are coordination slips to
cleaning, security or greening. The newest orders are still open at every stage. Written in bulk a
year at a time inside the demo's transaction, from one seeded source: the same seed gives the same
orders. Reporters older than the office's retention are purged.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from frontdesk.bulk import SUBMITTED_COLUMNS, Row, insert_returning_ids, insert_rows
from frontdesk.db import database_proxy
from frontdesk.demo.write import Stamp
from frontdesk.estate import unit_balances
from frontdesk.numbering import PREFIXES
from frontdesk.office import read_setting

PER_UNIT_YEAR = 1.2
CLERK = ("demo-clerk", "前台 林晓燕")
COLLEAGUE = ("demo-clerk2", "前台 王芳")
SUPERVISOR = "demo-supervisor"

#: (name, department, skills)
TECHNICIANS: tuple[tuple[str, str, str], ...] = (
    ("张建国", "engineering", "water civil"),
    ("李卫东", "engineering", "electrical lift"),
    ("王师傅", "engineering", "water electrical"),
    ("刘志强", "engineering", "doors_locks civil other"),
    ("陈海涛", "engineering", "electrical public_facilities"),
    ("杨明", "engineering", "water doors_locks"),
    ("赵刚", "engineering", "lift public_facilities other"),
    ("黄伟", "engineering", "civil public_facilities water"),
    ("周磊", "engineering", "electrical doors_locks"),
    ("吴勇", "engineering", "water electrical civil"),
    ("孙阿姨", "cleaning", "other"),
    ("郑阿姨", "cleaning", "other"),
    ("马队长", "security", "other"),
    ("何保安", "security", "other"),
    ("林园丁", "greening", "other"),
)
#: (category, weight, in a flat?, problems reported, what was found, what was done, materials)
JOBS: tuple[tuple[str, int, bool, tuple[str, ...], str, str, tuple[str, ...]], ...] = (
    (
        "water",
        30,
        True,
        ("厨房水管漏水", "卫生间下水道堵塞", "热水器不出热水", "水龙头关不紧"),
        "管件老化渗漏",
        "更换管件并试水",
        ("角阀", "生料带", "软管"),
    ),
    (
        "electrical",
        25,
        True,
        ("家里跳闸了", "插座没电", "灯不亮", "空调插座冒火花"),
        "线路老化短路",
        "更换开关并检测线路",
        ("空气开关", "插座面板", "电线"),
    ),
    (
        "doors_locks",
        14,
        True,
        ("入户门锁打不开", "窗户关不严", "门禁卡失灵"),
        "锁芯损坏",
        "更换锁芯并调试",
        ("锁芯", "合页"),
    ),
    (
        "civil",
        10,
        True,
        ("墙面渗水发霉", "阳台地砖空鼓", "天花板掉灰"),
        "防水层破损",
        "重做防水并修补",
        ("防水涂料", "水泥"),
    ),
    (
        "lift",
        6,
        False,
        ("电梯困人", "电梯门关不上", "电梯异响"),
        "门机故障",
        "联系维保单位检修门机",
        ("门刀",),
    ),
    (
        "public_facilities",
        8,
        False,
        ("楼道灯不亮", "单元门闭门器坏了", "小区健身器材松动"),
        "设施损坏",
        "更换配件",
        ("灯管", "闭门器", "螺栓"),
    ),
    ("other", 7, True, ("信报箱坏了", "晾衣架掉了"), "配件脱落", "重新安装固定", ("膨胀螺丝",)),
)
PLACES = ("1栋大堂", "地下车库B1", "3栋电梯厅", "中心花园", "南门岗亭", "会所", "5栋楼道")
COORDINATION = (
    ("cleaning", ("大堂地面有油污", "垃圾桶满溢", "楼道有小广告")),
    ("security", ("消防通道被占用", "单元门被撑开", "陌生人派发传单")),
    ("greening", ("草坪枯黄", "树枝挡住路灯", "绿篱需要修剪")),
)
SATISFACTION = ("very_satisfied", "satisfied", "neutral", "dissatisfied")
WORDS = {
    "very_satisfied": ("师傅很专业，非常满意", "处理得很快"),
    "satisfied": ("修好了", "可以"),
    "neutral": ("一般", "来得有点晚"),
    "dissatisfied": ("还是漏", "没修好"),
}

ORDER_COLUMNS = (
    *("number", "department", "unit_id", "unit_code", "place", "problem", "category", "urgency"),
    *("window_start", "window_end", "reporter_resident_id", "reporter_name", "reporter_phone", "paid"),
    *("source_kind", "source_ref", "status", "received_at", "received_on", "clerk", "clerk_name"),
    *("respond_by", "finish_by", "technician_id", "technician_name", "proposal_reason", "dispatched_at"),
    *("signed_at", "surveyed_at", "findings", "labour_fen", "materials_fen", "quote_note", "decided_by"),
    *("decided_at", "started_at", "completed_at", "work_done", "hours_tenths", "fee_fen", "charge_id"),
    *("closed_at", "cancelled_at", "cancel_reason", "reopen_count", "print_count", "purged_at"),
)
_EVENT_COLUMNS = (
    *("order_id", "action", "from_status", "done_at", "done_by", "done_by_name", "technician_name"),
    "text",
)
_MATERIAL_COLUMNS = ("order_id", "name", "quantity", "unit", "amount_fen")
_TECH_COLUMNS = (
    *("name", "phone", "staff_id", "department", "skills", "on_duty", "active", "position"),
    *("last_assigned_at", "version", "created_at", "updated_at", "updated_by"),
)
_CALLBACK_COLUMNS = (
    *("module", "case_id", "case_ref", "unit_id", "unit_code", "resident_name", "phone", "handled_by"),
    *("handled_by_name", "scheduled_at", "due_at", "due_on", "status", "outcome", "attempts", "done_at"),
    *("done_on", "done_by", "purged_at"),
)
_ATTEMPT_COLUMNS = (
    *("callback_id", "called_at", "method", "caller", "caller_name", "words", "satisfaction", "outcome"),
)
_CHARGE_COLUMNS = (
    *("unit_id", "kind", "period", "description", "amount_fen", "due_date", "voided", "void_reason"),
)
_PAYMENT_COLUMNS = ("unit_id", "amount_fen", "paid_at", "method", "receipt_no", "voided", "void_reason")

Unit = tuple[int, str, int, str, str]  # id, code, owner's id, name, phone


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat(" ") if moment is not None else None


def _local_day(moment: datetime) -> str:
    return moment.replace(tzinfo=UTC).astimezone().date().isoformat()


@dataclass
class _Planned:
    """One order and what goes with it; ``row`` as a dict until the charge's id is known."""

    row: dict[str, object]
    events: list[tuple[str, str, datetime, str, str, str, str]] = field(default_factory=list)
    materials: list[tuple[str, str, str, int]] = field(default_factory=list)
    callbacks: list[tuple[datetime, datetime | None, str, str]] = field(default_factory=list)
    charge: tuple[int, int, date, datetime | None] | None = None  # unit, fen, due, paid at


class _Planner:
    def __init__(self, seed: int, now: datetime, techs: list[tuple[int, str, str, str]]) -> None:
        self.rng = random.Random(f"demo-workorders-{seed}")
        self.now = now
        keys = ("urgent_finish_hours", "normal_respond_hours", "normal_finish_hours")
        hours = {k: int(read_setting(f"work_order_{k}")) for k in keys}
        self.respond = {
            "urgent": timedelta(minutes=int(read_setting("work_order_urgent_respond_minutes"))),
            "normal": timedelta(hours=hours["normal_respond_hours"]),
        }
        self.finish = {
            "urgent": timedelta(hours=hours["urgent_finish_hours"]),
            "normal": timedelta(hours=hours["normal_finish_hours"]),
        }
        self.callback_after = timedelta(hours=int(read_setting("callback_target_hours")))
        self.purge_before = now - timedelta(days=int(read_setting("work_order_retention_days")))
        self.counters: dict[tuple[str, str], int] = {}
        self.by_skill: dict[tuple[str, str], list[tuple[int, str]]] = {}
        for tech_id, name, department, skills in techs:
            for skill in skills.split():
                self.by_skill.setdefault((department, skill), []).append((tech_id, name))
        self.weights = [j[1] for j in JOBS]

    def _number(self, doc: str, day: date) -> str:
        key = (doc, day.strftime("%Y%m%d"))
        self.counters[key] = self.counters.get(key, 0) + 1
        return f"{PREFIXES[doc]}-{key[1]}-{self.counters[key]:04d}"

    def plan(self, day: date, unit: Unit) -> _Planned | None:
        rng = self.rng
        received = datetime.combine(day, time(8)).astimezone(UTC).replace(tzinfo=None)
        received += timedelta(minutes=rng.randint(0, 720))
        if received >= self.now:
            return None
        department = "engineering"
        problems: tuple[str, ...]
        stuff: tuple[str, ...]
        if rng.random() < 0.04:
            department, problems = rng.choice(COORDINATION)
            category, in_flat, found, done, stuff = "other", False, "现场查看属实", "已安排处理", ()
        else:
            category, _w, in_flat, problems, found, done, stuff = rng.choices(JOBS, weights=self.weights)[0]
            in_flat = in_flat and rng.random() < 0.85
        urgency = "urgent" if rng.random() < 0.14 else "normal"
        paid = department == "engineering" and in_flat and category != "other" and rng.random() < 0.33
        unit_id, code, resident_id, name, phone = unit
        purged = received < self.purge_before
        coordination = department != "engineering"
        row: dict[str, object] = {
            "number": self._number("coordination" if coordination else "work_order", day),
            "department": department,
            "unit_id": unit_id if in_flat else None,
            "unit_code": code if in_flat else "",
            "place": "" if in_flat else rng.choice(PLACES),
            "problem": rng.choice(problems),
            "category": category,
            "urgency": urgency,
            "reporter_resident_id": resident_id if in_flat else None,
            "reporter_name": "" if purged or coordination else name,
            "reporter_phone": "" if purged or coordination else phone,
            "paid": paid,
            "status": "created",
            "received_at": received,
            "received_on": _local_day(received),
            "respond_by": received + self.respond[urgency],
            "finish_by": received + self.finish[urgency],
            "purged_at": received + timedelta(days=1096) if purged else None,
        }
        planned = _Planned(row)
        planned.events.append(("created", "", received, *CLERK, "", ""))
        self._lifecycle(planned, found, done, stuff)
        return planned

    def _step(
        self, p: _Planned, action: str, at: datetime, text: str = "", who: tuple[str, str] = CLERK
    ) -> bool:
        """Record a transition that happened before now; False (and nothing) when it is still to come."""
        if at >= self.now:
            return False
        tech = str(p.row.get("technician_name", ""))
        p.events.append((action, str(p.row["status"]), at, who[0], who[1], tech, text))
        if action != "reopened":
            p.row["status"] = action
        return True

    def _lifecycle(self, p: _Planned, found: str, done: str, stuff: tuple[str, ...]) -> None:
        rng, row = self.rng, p.row
        received = row["received_at"]
        assert isinstance(received, datetime)
        urgent = row["urgency"] == "urgent"
        pool = self.by_skill.get((str(row["department"]), str(row["category"])))
        if not pool:
            return  # nobody has the skill: the order waits to be dispatched
        tech_id, tech_name = rng.choice(pool)
        at = received + timedelta(minutes=rng.uniform(2, 15) if urgent else rng.uniform(10, 360))
        if rng.random() < 0.02:  # cancelled before anyone went: the resident fixed it, a duplicate
            if self._step(p, "cancelled", at, "住户已自行处理"):
                row.update(cancelled_at=at, cancel_reason="住户已自行处理")
            return
        if not self._step(p, "dispatched", at):
            return
        row.update(technician_id=tech_id, technician_name=tech_name, dispatched_at=at)
        at_dispatch = at
        respond = self.respond[str(row["urgency"])]
        late = rng.random() < 0.08
        at = received + respond * (rng.uniform(1.05, 1.6) if late else rng.uniform(0.2, 0.95))
        at = max(at, at_dispatch + timedelta(minutes=1))
        if not self._step(p, "signed_for", at):
            return
        row["signed_at"] = at
        at += timedelta(minutes=rng.uniform(10, 60))
        if not self._step(p, "surveyed", at, found):
            return
        row.update(surveyed_at=at, findings=found)
        if row["paid"]:
            labour, materials = rng.randint(5, 30) * 1000, rng.randint(0, 20) * 500
            at += timedelta(hours=rng.uniform(0.5, 4))
            if not self._step(p, "quoted", at, f"人工 ¥{labour / 100:.2f}，材料 ¥{materials / 100:.2f}"):
                return
            row.update(labour_fen=labour, materials_fen=materials)
            at += timedelta(hours=rng.uniform(0.5, 20))
            if not self._step(p, "approved", at, who=(SUPERVISOR, "工程主管")):
                return
            row.update(decided_by=SUPERVISOR, decided_at=at)
        at += timedelta(minutes=rng.uniform(5, 60))
        if not self._step(p, "in_progress", at):
            return
        row["started_at"] = at
        self._complete(p, done, stuff)

    def _complete(self, p: _Planned, done: str, stuff: tuple[str, ...]) -> None:
        rng, row = self.rng, p.row
        received, started = row["received_at"], row["started_at"]
        assert isinstance(received, datetime) and isinstance(started, datetime)
        finish = self.finish[str(row["urgency"])]
        at = received + finish * (rng.uniform(1.05, 2.0) if rng.random() < 0.12 else rng.uniform(0.3, 0.97))
        at = max(at, started + timedelta(minutes=20))
        for attempt in range(2):
            if row["status"] == "in_progress" and attempt:
                at += timedelta(hours=rng.uniform(4, 48))
            if not self._step(p, "completed", at, done):
                return
            hours = max(1, min(80, round((at - started).total_seconds() / 3600 * 10 * rng.uniform(0.2, 0.6))))
            row.update(completed_at=at, work_done=done, hours_tenths=hours)
            if stuff and not attempt:
                for name in rng.sample(stuff, k=rng.randint(1, len(stuff))):
                    p.materials.append((name, str(rng.randint(1, 3)), "个", rng.randint(1, 40) * 250))
            if row["paid"] and p.charge is None:
                fee = int(row["labour_fen"]) + int(row["materials_fen"])  # type: ignore[call-overload]
                row["fee_fen"] = fee
                unit_id = int(row["unit_id"])  # type: ignore[call-overload]  # a paid order has a unit
                # the resident pays the fee at the office when the work is accepted (有償服務收費)
                paid_at = at + timedelta(hours=rng.uniform(0.2, 3))
                due = paid_at.replace(tzinfo=UTC).astimezone().date()
                p.charge = (unit_id, fee, due, paid_at if paid_at < self.now else None)
            elif not row["paid"]:
                row["fee_fen"] = 0
            called = at + self.callback_after * rng.uniform(0.2, 1.6)
            if called >= self.now:  # not called back yet
                p.callbacks.append((at, None, "", ""))
                return
            satisfaction = rng.choices(SATISFACTION, weights=(40, 45, 11, 4))[0]
            if satisfaction == "dissatisfied" and attempt == 0:
                p.callbacks.append((at, called, satisfaction, "reopened"))
                self._step(p, "reopened", called, who=COLLEAGUE)
                row.update(status="in_progress", reopen_count=1)
                at = called
                continue
            satisfaction = "neutral" if satisfaction == "dissatisfied" else satisfaction
            p.callbacks.append((at, called, satisfaction, "closed"))
            self._step(p, "closed", called, who=COLLEAGUE)
            row["closed_at"] = called
            return


def _technicians(now: datetime, stamp_by: str) -> list[tuple[int, str, str, str]]:
    """The demo's technicians: (id, name, department, skills)."""
    moment = now.isoformat(" ")
    rows = [
        (name, f"139{n:08d}", None, dept, skills, True, True, n, None, 1, moment, moment, stamp_by)
        for n, (name, dept, skills) in enumerate(TECHNICIANS, 1)
    ]
    ids = insert_returning_ids("technician", _TECH_COLUMNS, rows)
    return [(i, name, dept, skills) for i, (name, dept, skills) in zip(ids, TECHNICIANS, strict=True)]


def _units(estate_id: int) -> list[Unit]:
    """Each unit with an owner: (unit id, code, the first owner's id, name and phone)."""
    cursor = database_proxy.execute_sql(
        "SELECT u.id, u.code, r.id, r.name, r.phone FROM unit u JOIN building b ON b.id = u.building_id "
        "JOIN resident r ON r.unit_id = u.id "
        f"WHERE b.estate_id = {database_proxy.param} AND r.active AND r.kind = 'owner' ORDER BY u.id, r.id",
        (estate_id,),
    )
    found: dict[int, Unit] = {}
    for unit_id, code, resident_id, name, phone in cursor.fetchall():
        found.setdefault(int(unit_id), (int(unit_id), str(code), int(resident_id), str(name), str(phone)))
    return list(found.values())


def _order_row(p: _Planned) -> Row:
    values = {k: (_iso(v) if isinstance(v, datetime) else v) for k, v in p.row.items()}
    values.setdefault("reopen_count", 0)
    values.setdefault("print_count", 1 if p.row["status"] != "created" else 0)
    for text in ("source_kind", "source_ref", "clerk", "clerk_name", "technician_name", "proposal_reason"):
        values.setdefault(text, "")
    for text in ("findings", "quote_note", "decided_by", "work_done", "cancel_reason"):
        values.setdefault(text, "")
    values["clerk"], values["clerk_name"] = CLERK
    return tuple(values.get(c) for c in ORDER_COLUMNS)


def _write(planned: list[_Planned], stamp: Stamp) -> set[int]:
    """Insert a year's orders and what goes with them; returns the units charged."""
    charged = [p for p in planned if p.charge is not None]
    charge_ids = insert_returning_ids(
        "charge",
        (*_CHARGE_COLUMNS, *SUBMITTED_COLUMNS),
        [(c[0], "other", "", f"工程维修费 {p.row['number']}", c[1], c[2].isoformat(), False, "", *stamp())
         for p in charged if (c := p.charge) is not None],
    )  # fmt: skip
    for p, charge_id in zip(charged, charge_ids, strict=True):
        p.row["charge_id"] = charge_id
    insert_rows(
        "payment",
        (*_PAYMENT_COLUMNS, *SUBMITTED_COLUMNS),
        [(c[0], c[1], _iso(c[3]), "cash", p.row["number"], False, "", *stamp())
         for p in charged if (c := p.charge) is not None and c[3] is not None],
    )  # fmt: skip
    ids = insert_returning_ids(
        "work_order", (*ORDER_COLUMNS, *SUBMITTED_COLUMNS), [(*_order_row(p), *stamp()) for p in planned]
    )
    insert_rows(
        "work_order_event",
        _EVENT_COLUMNS,
        [(oid, a, f, _iso(at), by, name, tech, text)
         for oid, p in zip(ids, planned, strict=True) for a, f, at, by, name, tech, text in p.events],
    )  # fmt: skip
    insert_rows(
        "work_order_material",
        _MATERIAL_COLUMNS,
        [(oid, *m) for oid, p in zip(ids, planned, strict=True) for m in p.materials],
    )
    _write_callbacks(ids, planned, stamp)
    return {c[0] for p in charged if (c := p.charge) is not None}


def _write_callbacks(ids: list[int], planned: list[_Planned], stamp: Stamp) -> None:
    calls: list[tuple[int, _Planned, datetime, datetime | None, str, str]] = [
        (oid, p, *cb) for oid, p in zip(ids, planned, strict=True) for cb in p.callbacks
    ]
    rows = []
    for oid, p, done_at, called, _satisfaction, outcome in calls:
        due = done_at + timedelta(hours=24)
        purged = p.row.get("purged_at")
        rows.append(
            ("work_order", oid, p.row["number"], p.row.get("unit_id"), p.row["unit_code"] or p.row["place"],
             p.row["reporter_name"], p.row["reporter_phone"], CLERK[0], p.row.get("technician_name", ""),
             _iso(done_at), _iso(due), _local_day(due), "done" if called else "open", outcome, 0,
             _iso(called), _local_day(called) if called else None, COLLEAGUE[0] if called else "",
             _iso(purged) if isinstance(purged, datetime) else None, *stamp())
        )  # fmt: skip
    callback_ids = insert_returning_ids("callback", (*_CALLBACK_COLUMNS, *SUBMITTED_COLUMNS), rows)
    rng = random.Random(len(rows))
    insert_rows(
        "callback_attempt",
        (*_ATTEMPT_COLUMNS, *SUBMITTED_COLUMNS),
        [(cid, _iso(called), "phone", *COLLEAGUE, rng.choice(WORDS[mood]), mood, outcome, *stamp())
         for cid, (_o, _p, _d, called, mood, outcome) in zip(callback_ids, calls, strict=True)
         if called is not None],
    )  # fmt: skip


def _counters(counters: dict[tuple[str, str], int]) -> None:
    mark = database_proxy.param
    database_proxy.cursor().executemany(
        f"INSERT INTO document_counter (doc_type, day, last) VALUES ({mark}, {mark}, {mark}) "
        "ON CONFLICT (doc_type, day) DO UPDATE SET last = excluded.last",
        [(doc, day, last) for (doc, day), last in counters.items()],
    )


def _months(first: date, last: date) -> Iterator[list[date]]:
    """The days from ``first`` to ``last`` a month at a time (the memory does not grow with the years)."""
    days = (last - first).days + 1
    for start in range(0, days, 31):
        yield [first + timedelta(days=n) for n in range(start, min(start + 31, days))]


def write_work_orders(
    *, estate_id: int, seed: int, years: int, today: date, stamp: Stamp, now: datetime
) -> int:
    """Write the demo's technicians and work orders with their events, materials, callbacks and fees.

    Inside the caller's transaction; the paid orders' units get their kept balances again.

    Returns:
        How many orders were written.
    """
    units = _units(estate_id)
    if not units:
        return 0
    planner = _Planner(seed, now, _technicians(now, CLERK[0]))
    per_day = len(units) * PER_UNIT_YEAR / 365
    written, charged = 0, set()
    for days in _months(today - timedelta(days=365 * years), today):
        planned = []
        for day in days:
            count = sum(1 for _n in range(max(1, round(per_day * 2))) if planner.rng.random() < 0.5)
            for _n in range(count):
                found = planner.plan(day, planner.rng.choice(units))
                if found is not None:
                    planned.append(found)
        if planned:
            charged |= _write(planned, stamp)
        _counters(planner.counters)
        planner.counters.clear()
        written += len(planned)
    unit_balances.refill(sorted(charged))
    return written
