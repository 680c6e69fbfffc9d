"""Visits read straight into rows, one query per page: the path of exports, which read them all.

``common.rows_of`` builds rows from model objects and looks up hosts and answers in batches; for a
million visits, building two model objects per visit and the extra lookups cost more than the
workbook they go to. Here one query per page brings each visit with its visitor, host unit, host
resident and last answer (a correlated subquery on the notification's indexed visit id) as plain
tuples straight from the driver (peewee's conversion of all 26 columns cost as much as the query;
only the two times need one), and the rows are made from those. Both paths give equal rows (a test
compares them).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import Any

import peewee as pw

from frontdesk.estate.models import Resident, Unit
from frontdesk.identity import mask_phone
from frontdesk.streaming import Key, driver_rows, keyset_pages
from frontdesk.visitors.kinds import Answer, IdStatus, Purpose, SignOutKind, VisitStatus
from frontdesk.visitors.models import Notification, Visit, Visitor
from frontdesk.visitors.rows import VisitRow

_TIME_IN, _ID = 15, 0  # positions of time_in and the visit's id in a row of ``row_query``


def row_query() -> pw.ModelSelect[Any]:
    """Every column a ``VisitRow`` needs, as tuples, hosts and last answer joined in."""
    last_answer = (
        Notification.select(Notification.answer)
        .where(Notification.visit == Visit.id)
        .order_by(Notification.id.desc())
        .limit(1)
    )
    columns = (
        *(Visit.id, Visit.visitor, Visitor.name, Visitor.phone, Visitor.id_number_masked, Visit.purpose),
        *(Visit.purpose_note, Visit.host_unit, Unit.code, Visit.host_resident, Resident.name),
        *(Visit.host_department, Visit.companions, Visit.plate, Visit.pass_number, Visit.time_in),
        *(Visit.time_out, Visit.clerk, Visit.clerk_name, Visit.id_status, Visit.status, Visit.signout_kind),
        *(Visit.legal_hold, Visit.purged_at, Visit.released_by, last_answer.alias("last_answer")),
    )
    return (
        Visit.select(*columns)
        .join(Visitor)
        .switch(Visit)
        .join(Unit, pw.JOIN.LEFT_OUTER, on=(Visit.host_unit == Unit.id))
        .switch(Visit)
        .join(Resident, pw.JOIN.LEFT_OUTER, on=(Visit.host_resident == Resident.id))
        .tuples()
    )


def row_of(t: tuple[Any, ...]) -> VisitRow:
    """The row of one tuple of ``row_query`` (the visitor's phone masked)."""
    return VisitRow(
        id=t[0],
        visitor_id=t[1],
        name=t[2],
        phone_masked=mask_phone(t[3]) if t[3] else "",
        id_number_masked=t[4],
        purpose=Purpose(t[5]),
        purpose_note=t[6],
        host_unit_id=t[7],
        host_unit_code=t[8] or "",
        host_resident_id=t[9],
        host_name=t[10] or "",
        host_department=t[11],
        companions=t[12],
        plate=t[13],
        pass_number=t[14],
        time_in=_moment(t[15]),
        time_out=_moment(t[16]) if t[16] is not None else None,
        clerk=t[18] or t[17],
        id_status=IdStatus(t[19]),
        status=VisitStatus(t[20]),
        signout_kind=SignOutKind(t[21]) if t[21] else None,
        legal_hold=bool(t[22]),
        purged=t[23] is not None,
        watch_released_by=t[24],
        last_answer=Answer(t[25]) if t[25] else None,
    )


def _moment(value: datetime | str) -> datetime:
    """A stored time as ``datetime``: PostgreSQL's driver gives one, SQLite's the stored ISO text."""
    return datetime.fromisoformat(value) if isinstance(value, str) else value


def _key(t: tuple[Any, ...]) -> Key:
    return _moment(t[_TIME_IN]), int(t[_ID])


def row_pages(query: pw.ModelSelect[Any]) -> Iterator[list[VisitRow]]:
    """The rows of ``query`` (a filtered ``row_query``), oldest first, one page at a time."""
    for page in keyset_pages(query, Visit.time_in, Visit.id, key=_key, fetch=driver_rows):
        yield [row_of(t) for t in page]
