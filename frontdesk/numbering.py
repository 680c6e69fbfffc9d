"""Document numbers such as ``FX-20261123-0007``: per type and day, unique across desks."""

from __future__ import annotations

from datetime import date

import peewee as pw

from frontdesk.base import BaseModel
from frontdesk.db import database_proxy

#: document type -> prefix printed on the paper
PREFIXES: dict[str, str] = {
    "release_slip": "FX",
    "work_order": "GC",
    "complaint": "TS",
    "visitor_pass": "FK",
    "coordination": "XT",
    "self_test": "ZJ",
}


class DocumentCounter(BaseModel):
    """The last number issued for one document type on one day."""

    doc_type = pw.CharField(max_length=30)
    day = pw.CharField(max_length=8)  # YYYYMMDD
    last = pw.IntegerField(default=0)

    class Meta:
        table_name = "document_counter"
        primary_key = pw.CompositeKey("doc_type", "day")


def next_number(doc_type: str, day: date) -> str:
    """Issue the next number; run it inside the transaction that saves the document.

    One ``INSERT … ON CONFLICT DO UPDATE … RETURNING`` statement is atomic on SQLite (whose
    write transactions are serialised) and on PostgreSQL (row lock on the counter), so two desks
    or processes never receive the same number.

    Args:
        doc_type: a key of ``PREFIXES``.
        day: the day of issue (local date).

    Returns:
        e.g. ``FX-20261123-0007``.
    """
    prefix = PREFIXES[doc_type]
    key = day.strftime("%Y%m%d")
    cursor = database_proxy.execute_sql(
        "INSERT INTO document_counter (doc_type, day, last) VALUES (%s, %s, 1) "
        "ON CONFLICT (doc_type, day) DO UPDATE SET last = document_counter.last + 1 "
        "RETURNING last".replace("%s", database_proxy.param),
        (doc_type, key),
    )
    sequence = int(cursor.fetchone()[0])
    return f"{prefix}-{key}-{sequence:04d}"


def typed_number(text: str, *prefixes: str) -> str:
    """A number as typed in its stored form, when it has one of ``prefixes``, else as typed.

    ``ts 20261123 7`` or ``TS-20261123-7`` → ``TS-20261123-0007``.
    """
    parts = text.replace("-", " ").split()
    if len(parts) == 3 and parts[0].upper() in prefixes and parts[1].isdigit() and parts[2].isdigit():
        return f"{parts[0].upper()}-{parts[1]}-{int(parts[2]):04d}"
    return text.strip()
