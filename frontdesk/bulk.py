"""Bulk inserts for work on thousands of rows (the demo estate, importing a sheet).

Inserts go through multi-row ``VALUES`` statements on the cursor. Peewee's ``insert_many`` builds a
query object per batch and converts every value through its fields; for a hundred thousand rows
that costs about ten times as much. Values given here are already
in the form peewee stores: dates and times as ISO text, UUIDs as hex, booleans as ``bool``.
Everything runs inside the caller's transaction.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from contextlib import AbstractContextManager

import peewee as pw

from frontdesk.db import database_proxy, engine_name

#: the columns every submitted record has after its own (see ``frontdesk.base.SubmittedModel``)
SUBMITTED_COLUMNS = ("version", "created_at", "updated_at", "updated_by", "client_id")
#: values a statement binds on SQLite by default: its smallest limit (PostgreSQL's is 65,535)
STATEMENT_VALUES = 999
#: values a statement binds when the rows are in memory anyway (an import): SQLite's limit since 3.32;
#: on 50,000 residents a fifth less time than ``STATEMENT_VALUES``, for a few MB more at the peak
LARGE_STATEMENT_VALUES = 32_766
_PG_ROWS = 1000
_UUID4_CLEAR = ~((0xF000 << 64) | (0xC000 << 48))  # the version and variant bits
_UUID4_SET = (0x4000 << 64) | (0x8000 << 48)  # version 4, RFC 4122 variant

#: turns the driver's errors into peewee's (``pw.IntegrityError`` …), as peewee's own queries do
_AS_PEEWEE_ERRORS: AbstractContextManager[None] = vars(pw)["__exception_wrapper__"]

Row = tuple[object, ...]


def uuid4_hex(bits: int) -> str:
    """128 random bits as a version-4 UUID's hex (as ``uuid.uuid4().hex``, at a fraction of the cost)."""
    return f"{(bits & _UUID4_CLEAR) | _UUID4_SET:032x}"


def client_ids(count: int) -> list[str]:
    """``count`` fresh submission ids (random version-4 UUIDs, as hex) for records inserted in bulk."""
    raw = os.urandom(16 * count)
    return [uuid4_hex(int.from_bytes(raw[i : i + 16], "big")) for i in range(0, 16 * count, 16)]


def _statements(
    table: str, columns: Sequence[str], rows: Sequence[Row], values: int, tail: str = ""
) -> Iterator[tuple[str, list[object]]]:
    """Multi-row ``INSERT … VALUES`` statements for ``rows``, each binding up to ``values`` values.

    Several rows a statement cost about half what ``executemany`` does, row by row, on SQLite.
    """
    sqlite = engine_name() == "sqlite"
    mark = "?" if sqlite else "%s"
    per = max(1, min(values, _sqlite_limit()) // len(columns)) if sqlite else _PG_ROWS
    names = ", ".join(f'"{c}"' for c in columns)
    one = "(" + ", ".join([mark] * len(columns)) + ")"
    for start in range(0, len(rows), per):
        chunk = rows[start : start + per]
        marks = ", ".join([one] * len(chunk))
        yield f'INSERT INTO "{table}" ({names}) VALUES {marks}{tail}', [v for row in chunk for v in row]


def _sqlite_limit() -> int:
    """How many values a statement may bind on the SQLite in use (999 before 3.32)."""
    return int(database_proxy.connection().getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER))


def insert_rows(
    table: str, columns: Sequence[str], rows: Sequence[Row], *, values: int = STATEMENT_VALUES
) -> None:
    """Insert ``rows`` (tuples in ``columns`` order) into ``table``, inside the caller's transaction.

    ``values``: the most values one statement binds (``LARGE_STATEMENT_VALUES`` when all the rows
    are in memory anyway; the default keeps a loader that writes month by month small).
    """
    with _AS_PEEWEE_ERRORS:
        cursor = database_proxy.cursor()
        for sql, params in _statements(table, columns, rows, values):
            cursor.execute(sql, params)


def last_id(table: str) -> int:
    """The highest id in ``table`` (0 when it is empty)."""
    cursor = database_proxy.execute_sql(f'SELECT COALESCE(MAX(id), 0) FROM "{table}"')
    return int(cursor.fetchone()[0])


def ids_after(table: str, after: int) -> list[int]:
    """The ids above ``after``, in order: the rows just inserted, in insertion order."""
    param = "?" if engine_name() == "sqlite" else "%s"
    cursor = database_proxy.execute_sql(f'SELECT id FROM "{table}" WHERE id > {param} ORDER BY id', (after,))
    return [int(row[0]) for row in cursor.fetchall()]


def insert_returning_ids(
    table: str, columns: Sequence[str], rows: Sequence[Row], *, values: int = STATEMENT_VALUES
) -> list[int]:
    """Insert ``rows`` and return their new ids in the order given (``values`` as for ``insert_rows``).

    On SQLite the transaction holds the only write lock, so the new ids are those above the
    highest before; on PostgreSQL other desks may take ids from the same sequence meanwhile, so
    each statement returns its own (a statement draws them in the order of its rows).
    """
    if engine_name() == "sqlite":
        before = last_id(table)
        insert_rows(table, columns, rows, values=values)
        ids = ids_after(table, before)
    else:
        ids = []
        with _AS_PEEWEE_ERRORS:
            cursor = database_proxy.cursor()
            for sql, params in _statements(table, columns, rows, values, " RETURNING id"):
                cursor.execute(sql, params)
                ids += sorted(int(row[0]) for row in cursor.fetchall())
    if len(ids) != len(rows):
        raise RuntimeError(f"{table}: inserted {len(rows)} rows but found {len(ids)} new ids")
    return ids


def id_ranges(ids: Iterable[int]) -> list[list[int]]:
    """Ids as runs ``[first, last]`` (an audit entry names thousands of new records in a few pairs)."""
    runs: list[list[int]] = []
    for record_id in sorted(ids):
        if runs and record_id == runs[-1][1] + 1:
            runs[-1][1] = record_id
        else:
            runs.append([record_id, record_id])
    return runs
