"""The demo's complaints: about 0.4 a unit a year, each along its procedure, most closed by a callback.

Written in bulk a year at a time inside the demo's transaction, from one seeded source: the same seed
gives the same complaints. Recent ones are still open, in handling or awaiting their callback.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from frontdesk.bulk import SUBMITTED_COLUMNS, Row, insert_returning_ids, insert_rows
from frontdesk.db import database_proxy
from frontdesk.demo.write import Stamp
from frontdesk.numbering import PREFIXES
from frontdesk.office import read_setting

PER_UNIT_YEAR = 0.4
CLERK = ("demo-clerk", "前台 林晓燕")
COLLEAGUE = ("demo-clerk2", "前台 王芳")

#: (class, kind, department, weight, what residents say, the nature, the handling, the result)
TEMPLATES: tuple[tuple[str, str, str, int, tuple[str, ...], str, str, str], ...] = (
    (
        "valid",
        "cleaning",
        "cleaning",
        14,
        ("楼道垃圾两天没人清理，味道很大", "电梯里有宠物粪便没人打扫", "地下车库积水发臭"),
        "保洁未按频次清理",
        "保洁主管安排加班清理并增加巡查频次",
        "已清理干净，住户确认",
    ),
    (
        "valid",
        "parking",
        "security",
        10,
        ("我的固定车位又被别人占了", "小区里乱停车挡住消防通道", "外来车辆随便进出停车场"),
        "车辆管理不到位",
        "保安队长联系车主挪车并加强门岗登记",
        "车位已恢复，门岗加强登记",
    ),
    (
        "valid",
        "charges",
        "finance",
        8,
        ("物业费乱收费，多收了一个月", "停车费收费不合理，比公示的贵", "水电费多收了，账单对不上"),
        "收费错误",
        "财务核对账单，冲销多收部分",
        "已退还多收款项",
    ),
    (
        "valid",
        "repair",
        "engineering",
        12,
        ("电梯又坏了，修了几次都没修好", "楼道灯坏了一个星期没人修", "门禁经常失灵"),
        "维修不及时",
        "工程主管带队检修并更换配件",
        "设备已恢复正常",
    ),
    (
        "valid",
        "security",
        "security",
        6,
        ("昨晚有陌生人在楼道里转悠，保安没拦", "家门口的电动车被盗了", "保安值班时睡觉"),
        "安保疏漏",
        "保安队长调取监控并加强夜间巡逻",
        "已加强巡逻，并向住户说明",
    ),
    (
        "valid",
        "other",
        "customer_service",
        4,
        ("前台工作人员态度很差", "快递放在前台丢了"),
        "服务态度问题",
        "客服主管约谈当事员工",
        "已向住户致歉",
    ),
    (
        "communicative",
        "help",
        "engineering",
        18,
        ("卫生间漏水，麻烦派人报修", "家里跳闸了，请问能帮忙看看吗", "水龙头坏了，请帮忙报修"),
        "",
        "",
        "",
    ),
    (
        "communicative",
        "enquiry",
        "customer_service",
        18,
        ("请问下个月停水是哪天？", "咨询一下装修需要办什么手续", "建议在小区里加装充电桩"),
        "",
        "",
        "",
    ),
    (
        "communicative",
        "venting",
        "customer_service",
        10,
        ("楼上装修太吵了，实在受不了", "物业什么事都不管，太过分了", "邻居的狗天天叫"),
        "",
        "",
        "",
    ),
)
ANSWERS = ("已向住户解释并告知处理时间", "已转达相关部门，住户表示理解", "已答复住户的疑问")
WORDS = {
    "very_satisfied": ("处理得很快，非常满意", "谢谢你们"),
    "satisfied": ("问题解决了", "还可以"),
    "neutral": ("一般吧", "希望以后注意"),
    "dissatisfied": ("还是没解决", "拖得太久了"),
}
_COMPLAINT_COLUMNS = (
    *("number", "channel", "complainant_resident_id", "complainant_name", "complainant_phone", "unit_id"),
    *("unit_code", "place", "occurred_at", "received_at", "received_on", "clerk", "clerk_name", "content"),
    *("category", "kind", "suggested", "intake_class", "status", "next_step", "department", "linked_to"),
    *("work_order_request", "work_order_ref", "respond_by", "close_by", "first_response_at"),
    *("handling_done_at", "closed_at", "reopen_count", "reclass_count", "escalated_by", "escalation_reason"),
    *("print_count", "purged_at"),
)
_STEP_COLUMNS = (
    *("complaint_id", "step", "done_at", "done_by", "done_by_name", "department", "person", "when"),
    *("flag", "amount_fen", "text", "result"),
)
_CLASS_COLUMNS = ("complaint_id", "category", "kind", "reason", "changed_at", "changed_by", "changed_by_name")
_CALLBACK_COLUMNS = (
    *("module", "case_id", "case_ref", "unit_id", "unit_code", "resident_name", "phone", "handled_by"),
    *("handled_by_name", "scheduled_at", "due_at", "due_on", "status", "outcome", "attempts", "done_at"),
    *("done_on", "done_by", "purged_at"),
)
_ATTEMPT_COLUMNS = (
    *("callback_id", "called_at", "method", "caller", "caller_name", "words", "satisfaction", "outcome"),
)


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat(" ") if moment is not None else None


def _local_day(moment: datetime) -> str:
    return moment.replace(tzinfo=UTC).astimezone().date().isoformat()


@dataclass
class _Planned:
    row: Row
    steps: list[Row]
    callback: Row | None
    attempt: Row | None


class _Planner:
    def __init__(self, seed: int, today: date, now: datetime) -> None:
        self.rng = random.Random(f"demo-complaints-{seed}")
        self.today, self.now = today, now
        self.respond = timedelta(minutes=int(read_setting("complaint_respond_minutes")))
        self.close = {
            "valid": timedelta(hours=int(read_setting("complaint_close_valid_hours"))),
            "communicative": timedelta(hours=int(read_setting("complaint_close_communicative_hours"))),
        }
        self.callback_after = timedelta(hours=int(read_setting("callback_target_hours")))
        retention = timedelta(days=int(read_setting("complaint_retention_days")))
        self.purge_before = now - retention
        self.counters: dict[str, int] = {}
        self.weights = [t[3] for t in TEMPLATES]

    def _number(self, day: date) -> str:
        key = day.strftime("%Y%m%d")
        self.counters[key] = self.counters.get(key, 0) + 1
        return f"{PREFIXES['complaint']}-{key}-{self.counters[key]:04d}"

    def plan(self, day: date, unit: tuple[int, str, int, str, str]) -> _Planned | None:
        rng = self.rng
        received = datetime.combine(day, time(8)).astimezone(UTC).replace(tzinfo=None)
        received += timedelta(minutes=rng.randint(0, 600))
        if received >= self.now:
            return None
        cls, kind, dept, _w, texts, nature, actions, result = rng.choices(TEMPLATES, weights=self.weights)[0]
        unit_id, code, resident_id, name, phone = unit
        purged = received < self.purge_before
        age = self.now - received
        done_at = received + timedelta(hours=rng.uniform(0.2, 60 if cls == "valid" else 20))
        finished = done_at < self.now and rng.random() < (0.97 if age > timedelta(days=7) else 0.5)
        called_at = done_at + timedelta(hours=rng.uniform(2, 30))
        called = finished and called_at < self.now and rng.random() < 0.95
        satisfaction = rng.choices(list(WORDS), weights=(35, 45, 14, 6))[0]
        status = (
            "closed"
            if called and satisfaction != "dissatisfied"
            else ("reopened" if called else ("awaiting_callback" if finished else "in_handling"))
        )
        procedure = (
            ("nature", "department", "site_visit", "handling")
            if cls == "valid"
            else ("identity", "fee_status", "response")
        )
        steps_done = procedure if finished else procedure[: rng.randint(0, len(procedure) - 1)]
        if not steps_done:
            status = "open"
        next_step = (
            "callback"
            if finished and status != "reopened"
            else (procedure[-1] if status == "reopened" else procedure[len(steps_done)])
        )
        if status == "closed":
            next_step = ""
        user, user_name = CLERK
        step_rows: list[Row] = []
        for n, step in enumerate(steps_done):
            at = received + (done_at - received) * (n + 1) / len(procedure)
            department = dept if step in ("department", "response") else ""
            person = "部门主管" if step == "site_visit" else ""
            text = {
                "nature": nature,
                "site_visit": "现场查看属实",
                "handling": actions,
                "identity": "",
                "fee_status": "",
                "response": rng.choice(ANSWERS),
                "department": "",
            }[step]
            flag = True if step in ("identity", "response") else None
            step_rows.append(
                (
                    step,
                    _iso(at),
                    user,
                    user_name,
                    department,
                    person,
                    _iso(at) if person else None,
                    flag,
                    0 if step == "fee_status" else None,
                    text,
                    result if step == "handling" else "",
                )
            )
        content = rng.choice(texts)
        row = (
            self._number(day),
            rng.choice(("walk_in", "phone", "phone", "message", "letter", "patrol")),
            resident_id,
            "" if purged else name,
            "" if purged else phone,
            unit_id,
            code,
            "",
            _iso(received),
            _iso(received),
            _local_day(received),
            user,
            user_name,
            content,
            cls,
            kind,
            f"{cls}:{kind}",
            f"{cls}:{kind}",
            status,
            next_step,
            dept
            if steps_done
            and ((cls == "valid" and len(steps_done) > 1) or (cls == "communicative" and finished))
            else "",
            "",
            "",
            "",
            _iso(received + self.respond),
            _iso(received + self.close[cls]),
            _iso(received + (done_at - received) / len(procedure)) if steps_done else None,
            _iso(done_at) if finished else None,
            _iso(called_at) if status == "closed" else None,
            1 if status == "reopened" else 0,
            0,
            "",
            "",
            0,
            _iso(received + timedelta(days=1096)) if purged else None,
        )
        callback = attempt = None
        if finished:
            due = done_at + self.callback_after
            callback = (
                "complaint",
                0,
                row[0],
                unit_id,
                code,
                "" if purged else name,
                "" if purged else phone,
                user,
                user_name,
                _iso(done_at),
                _iso(due),
                _local_day(due),
                "done" if called else "open",
                ("closed" if status == "closed" else "reopened") if called else "",
                0,
                _iso(called_at) if called else None,
                _local_day(called_at) if called else None,
                COLLEAGUE[0] if called else "",
                _iso(received + timedelta(days=1096)) if purged else None,
            )
            if called:
                attempt = (
                    _iso(called_at),
                    "phone",
                    COLLEAGUE[0],
                    COLLEAGUE[1],
                    rng.choice(WORDS[satisfaction]),
                    satisfaction,
                    "closed" if status == "closed" else "reopened",
                )
        return _Planned(row, step_rows, callback, attempt)


def _units(estate_id: int) -> list[tuple[int, str, int, str, str]]:
    """Each unit with an owner: (unit id, code, the first owner's id, name and phone)."""
    cursor = database_proxy.execute_sql(
        "SELECT u.id, u.code, r.id, r.name, r.phone FROM unit u JOIN building b ON b.id = u.building_id "
        "JOIN resident r ON r.unit_id = u.id "
        f"WHERE b.estate_id = {database_proxy.param} AND r.active AND r.kind = 'owner' ORDER BY u.id, r.id",
        (estate_id,),
    )
    found: dict[int, tuple[int, str, int, str, str]] = {}
    for unit_id, code, resident_id, name, phone in cursor.fetchall():
        found.setdefault(int(unit_id), (int(unit_id), str(code), int(resident_id), str(name), str(phone)))
    return list(found.values())


def _write(planned: list[_Planned], counters: dict[str, int], stamp: Stamp) -> None:
    make = stamp  # the submitted-record columns of each new row
    ids = insert_returning_ids(
        "complaint",
        (*_COMPLAINT_COLUMNS, *SUBMITTED_COLUMNS),
        [(*p.row, *make()) for p in planned],
    )
    insert_rows(
        "complaint_step",
        _STEP_COLUMNS,
        [(cid, *s) for cid, p in zip(ids, planned, strict=True) for s in p.steps],
    )
    insert_rows(
        "complaint_class_change",
        _CLASS_COLUMNS,
        [
            (cid, p.row[14], p.row[15], "", p.row[9], CLERK[0], CLERK[1])
            for cid, p in zip(ids, planned, strict=True)
        ],
    )
    with_callback = [
        (cid, p, p.callback) for cid, p in zip(ids, planned, strict=True) if p.callback is not None
    ]
    callback_ids = insert_returning_ids(
        "callback",
        (*_CALLBACK_COLUMNS, *SUBMITTED_COLUMNS),
        [(cb[0], cid, *cb[2:], *make()) for cid, _p, cb in with_callback],
    )
    insert_rows(
        "callback_attempt",
        (*_ATTEMPT_COLUMNS, *SUBMITTED_COLUMNS),
        [
            (cb, *p.attempt, *make())
            for cb, (_cid, p, _row) in zip(callback_ids, with_callback, strict=True)
            if p.attempt
        ],
    )
    mark = database_proxy.param
    database_proxy.cursor().executemany(
        f"INSERT INTO document_counter (doc_type, day, last) VALUES ({mark}, {mark}, {mark}) "
        "ON CONFLICT (doc_type, day) DO UPDATE SET last = excluded.last",
        [("complaint", day, last) for day, last in counters.items()],
    )


def _years(first: date, last: date) -> Iterator[list[date]]:
    days = (last - first).days + 1
    for start in range(0, days, 365):
        yield [first + timedelta(days=n) for n in range(start, min(start + 365, days))]


def write_complaints(
    *, estate_id: int, seed: int, years: int, today: date, stamp: Stamp, now: datetime
) -> int:
    """Write the demo's complaints, steps, classifications and callbacks (inside the caller's transaction).

    Returns:
        How many complaints were written.
    """
    units = _units(estate_id)
    if not units:
        return 0
    planner = _Planner(seed, today, now)
    per_day = len(units) * PER_UNIT_YEAR / 365
    written = 0
    for days in _years(today - timedelta(days=365 * years), today):
        planned = []
        for day in days:
            count = sum(
                1
                for _n in range(max(1, round(per_day * 4)))
                if planner.rng.random() < per_day / max(1, round(per_day * 4))
            )
            for _n in range(count):
                found = planner.plan(day, planner.rng.choice(units))
                if found is not None:
                    planned.append(found)
        if planned:
            _write(planned, planner.counters, stamp)
        planner.counters.clear()
        written += len(planned)
    return written
