"""Bulk inserts for work on thousands of rows (the demo estate, importing a sheet).

Inserts go through ``executemany`` on SQLite and multi-row ``VALUES`` on PostgreSQL. Peewee's
``insert_many`` builds a query object per batch and converts every value through its fields; for a
hundred thousand rows that costs about ten times a raw ``executemany``. Values given here are already
in the form peewee stores: dates and times as ISO text, UUIDs as hex, booleans as ``bool``.
Everything runs inside the caller's transaction.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from frontdesk.db import database_proxy, engine_name

#: the columns every submitted record has after its own (see ``frontdesk.base.SubmittedModel``)
SUBMITTED_COLUMNS = ("version", "created_at", "updated_at", "updated_by", "client_id")
#: rows per multi-row ``VALUES`` on PostgreSQL (its limit is 65,535 parameters a statement)
_PG_BATCH = 1000

Row = tuple[object, ...]


def insert_rows(table: str, columns: Sequence[str], rows: Sequence[Row]) -> None:
    """Insert ``rows`` (tuples in ``columns`` order) into ``table``, inside the caller's transaction."""
    if not rows:
        return
    names = ", ".join(f'"{c}"' for c in columns)
    cursor = database_proxy.cursor()
    if engine_name() == "sqlite":
        marks = ", ".join("?" * len(columns))
        cursor.executemany(f'INSERT INTO "{table}" ({names}) VALUES ({marks})', rows)
        return
    one = "(" + ", ".join(["%s"] * len(columns)) + ")"
    for start in range(0, len(rows), _PG_BATCH):
        chunk = rows[start : start + _PG_BATCH]
        values = ", ".join([one] * len(chunk))
        cursor.execute(f'INSERT INTO "{table}" ({names}) VALUES {values}', [v for row in chunk for v in row])


def last_id(table: str) -> int:
    """The highest id in ``table`` (0 when it is empty)."""
    cursor = database_proxy.execute_sql(f'SELECT COALESCE(MAX(id), 0) FROM "{table}"')
    return int(cursor.fetchone()[0])


def ids_after(table: str, after: int) -> list[int]:
    """The ids above ``after``, in order: the rows just inserted, in insertion order."""
    param = "?" if engine_name() == "sqlite" else "%s"
    cursor = database_proxy.execute_sql(f'SELECT id FROM "{table}" WHERE id > {param} ORDER BY id', (after,))
    return [int(row[0]) for row in cursor.fetchall()]


def insert_returning_ids(table: str, columns: Sequence[str], rows: Sequence[Row]) -> list[int]:
    """Insert ``rows`` and return their new ids in the order given.

    On SQLite the transaction holds the only write lock, so the new ids are those above the
    highest before; on PostgreSQL other desks may take ids from the same sequence meanwhile, so
    each statement returns its own (a statement draws them in the order of its rows).
    """
    if engine_name() == "sqlite":
        before = last_id(table)
        insert_rows(table, columns, rows)
        ids = ids_after(table, before)
    else:
        ids = _pg_insert_returning(table, columns, rows)
    if len(ids) != len(rows):
        raise RuntimeError(f"{table}: inserted {len(rows)} rows but found {len(ids)} new ids")
    return ids


def _pg_insert_returning(table: str, columns: Sequence[str], rows: Sequence[Row]) -> list[int]:
    names = ", ".join(f'"{c}"' for c in columns)
    one = "(" + ", ".join(["%s"] * len(columns)) + ")"
    cursor = database_proxy.cursor()
    ids: list[int] = []
    for start in range(0, len(rows), _PG_BATCH):
        chunk = rows[start : start + _PG_BATCH]
        values = ", ".join([one] * len(chunk))
        sql = f'INSERT INTO "{table}" ({names}) VALUES {values} RETURNING id'
        cursor.execute(sql, [v for row in chunk for v in row])
        ids += sorted(int(row[0]) for row in cursor.fetchall())
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
