"""Reading many rows in bounded memory: keyset pages, bounded ``IN`` lists, audited row streams.

An export of ten years reads a million visits. Loading them into a list costs a gigabyte, and an
``IN`` over every id overflows SQLite's limit on query parameters. Here every query reads one page
(``PAGE_ROWS`` rows after the last row of the page before, by an indexed ``(time, id)`` key) and
every ``IN`` list holds at most ``IN_BATCH`` values, so memory and query size stay the same
whatever the number of rows. A page is one short statement, which also keeps each read well
inside PostgreSQL's statement timeout.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from datetime import datetime
from typing import Any, Generic, TypeVar

import peewee as pw

from frontdesk import audit
from frontdesk.auth import Actor
from frontdesk.db import database_proxy, transaction

#: rows read per page: large enough that the page queries cost nothing, small enough to be bounded
PAGE_ROWS = 2_000
#: values per ``IN (...)`` list: far below SQLite's (32,766) and PostgreSQL's (65,535) limits
IN_BATCH = 500

T = TypeVar("T")
RowT = TypeVar("RowT")
#: a keyset position: the (time, id) of the last row read
Key = tuple[datetime, int]


def batches(values: Iterable[T], size: int = IN_BATCH) -> Iterator[list[T]]:
    """``values`` in lists of at most ``size``, in order (for ``IN`` lists of bounded length)."""
    batch: list[T] = []
    for value in values:
        batch.append(value)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def lookup(ids: Collection[int], fetch: Callable[[list[int]], Iterable[tuple[int, T]]]) -> dict[int, T]:
    """``{id: value}`` for ``ids``, fetched ``IN_BATCH`` ids per query by ``fetch(batch)``."""
    found: dict[int, T] = {}
    for batch in batches(sorted(ids)):
        found.update(fetch(batch))
    return found


def keyset_pages(
    query: pw.ModelSelect[Any],
    time: pw.Field,
    ident: pw.Field,
    size: int | None = None,
    key: Callable[[Any], Key] | None = None,
    fetch: Callable[[pw.ModelSelect[Any]], list[Any]] = list,
) -> Iterator[list[Any]]:
    """The rows of ``query`` ordered by ``(time, ident)``, one page (a list) at a time.

    Each page starts after the last row of the one before (``time > t or (time = t and id > i)``,
    written so that an index on ``time`` serves it), never with OFFSET: page 500 costs what
    page 1 does. ``key`` reads ``(time, id)`` from a row; by default the row is a model and
    they are its attributes of the same names (give it for ``.tuples()`` queries). ``size`` is
    the page's length (default ``PAGE_ROWS``). ``fetch`` runs one page's query (default: peewee's
    own iteration; ``driver_rows`` skips peewee's conversion of every column).

    Raises:
        RuntimeError: a page did not move past the one before (a stored time that does not read
            back equal to itself would otherwise repeat the same page forever).
    """
    limit = size or PAGE_ROWS
    after: Key | None = None
    while True:
        page_query = query if after is None else query.where(_after(time, ident, after))
        page = fetch(page_query.order_by(time, ident).limit(limit))
        if not page:
            return
        last: Key = key(page[-1]) if key else (getattr(page[-1], time.name), getattr(page[-1], ident.name))
        if after is not None and last <= after:
            raise RuntimeError(f"keyset paging did not advance past {after!r}")
        yield page
        if len(page) < limit:
            return
        after = last


def driver_rows(query: pw.ModelSelect[Any]) -> list[tuple[Any, ...]]:
    """The rows of ``query`` as the database driver gives them, without peewee's conversions.

    peewee passes every column of every row through its field's ``python_value``; for a page of an
    export that costs as much as running the query, while most columns are already what the row
    needs (text, integers). The caller converts the few that differ by engine: SQLite gives
    timestamps as ISO text and booleans as integers, PostgreSQL gives ``datetime`` and ``bool``.
    """
    cursor = database_proxy.execute_sql(*query.sql())
    return list(cursor.fetchall())


def _after(time: pw.Field, ident: pw.Field, key: Key) -> pw.Expression:
    moment, last_id = key
    return (time >= moment) & ((time > moment) | (ident > last_id))


class RowStream(Generic[RowT]):
    """Rows handed out page by page as they are iterated, and counted (for the audit entry)."""

    def __init__(self, pages: Iterable[Sequence[RowT]]) -> None:
        self._pages = pages
        self.count = 0

    def __iter__(self) -> Iterator[RowT]:
        """Each row once; iterating a second time is a bug (the pages are read once)."""
        if self.count:
            raise RuntimeError("an export's rows are read once")
        for page in self._pages:
            for row in page:
                self.count += 1
                yield row


@contextlib.contextmanager
def audited_export(
    actor: Actor,
    entity: str,
    key: str,
    pages: Iterable[Sequence[RowT]],
    extra: Mapping[str, object] | None = None,
) -> Iterator[RowStream[RowT]]:
    """Stream ``pages`` to the caller inside one transaction, then audit the export with its count.

    The audit entry (action ``export``, ``after={"rows": n, **extra}``) is written once the
    caller has consumed the rows, in the same transaction that read them; when the caller fails
    part-way, nothing is recorded and the reading transaction is rolled back.

    Args:
        actor: who exports (the caller has checked the permission).
        entity: the kind of record, as the audit trail names it.
        key: the audit entry's record key (the month, ``all``, or the file's name).
        pages: the rows, a page at a time (read lazily).
        extra: more values for the entry's ``after``.

    Yields:
        The rows, counted as they pass.
    """
    with transaction():
        stream = RowStream(pages)
        yield stream
        audit.record(actor, "export", entity, key, after={"rows": stream.count, **(extra or {})})
