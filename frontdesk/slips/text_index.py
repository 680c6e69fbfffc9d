"""The slips' text filter (number, applicant name, unit code) and the index that spares it a scan of history.

The filter is ``text_condition``: the number equals the typed number or contains the text, the
applicant's name contains it, or the unit code starts with it (``LIKE``, ASCII case ignored on
SQLite, ``ILIKE`` on PostgreSQL). ``newest`` returns exactly the rows that condition gives, newest
first, but reads them in two steps so that neither grows with the years kept:

1. the newest ``window`` slips the other filters let through are read in index order with the
   condition: a text most slips match (a few digits, a common surname) is answered here;
2. when they hold fewer matches than asked for, the older slips are taken from the index's
   candidates only, with the same condition on each candidate, sorted and cut to what is missing.

The index, made by migration 6 (``install``):

- **SQLite**: an FTS5 table ``slip_text`` with the ``trigram`` tokenizer over one text per slip,
  ``lower(number ␟ name ␟ unit code ␟ ␟)`` (``␟`` = U+001F, which no stored text contains; lower()
  folds ASCII only, as LIKE does, and the tokenizer is told not to fold further). It is an
  external-content table over the view ``slip_text_source``, kept in step by triggers on insert,
  on update of those three columns (the purge blanks the name) and on delete. A text of three or
  more characters is a phrase ``MATCH``. FTS5's trigram tokenizer cannot look up one or two
  characters (a ``LIKE '%李娜%'`` on the FTS table reads every row), and a two-character name has no
  trigram of its own; but in the padded text every character starts a trigram, so the slips
  holding a one- or two-character text are those with a trigram starting with it: a range of
  terms in the ``fts5vocab`` table ``slip_text_instances``, read without a scan. (An extra table of
  1- and 2-grams would hold about forty rows a slip; this needs nothing more than the trigrams.)
  Without FTS5 in the SQLite build the migration notes it in the log and the filter scans, as
  before.
- **PostgreSQL**: ``pg_trgm`` GIN indexes on the three columns, which the planner uses for the
  same ``ILIKE`` conditions of three or more characters. Shorter texts are served by step 1 when
  common; a rare one- or two-character text still reads older slips in full. Without the
  extension (it cannot be created) the migration notes it in the log and the filter scans.
"""

from __future__ import annotations

import logging
from typing import Any

import peewee as pw

from frontdesk.db import database_proxy, engine_name
from frontdesk.slips.common import normal_number
from frontdesk.slips.models import ReleaseSlip

log = logging.getLogger(__name__)

TABLE = "slip_text"
SOURCE = "slip_text_source"
INSTANCES = "slip_text_instances"
#: the newest slips read in order before the index is asked (at least; more for long pages)
WINDOW = 1000
WINDOW_PER_ROW = 10
#: the longest phrase asked of FTS5 (the text's last characters: the day and counter of a number)
PHRASE = 8
EXTENSION = "pg_trgm"
_GIN_COLUMNS = ("number", "applicant_name", "unit_code")


def text_condition(words: str) -> Any:
    """The filter itself: what ``newest`` returns rows of (``words`` already stripped)."""
    number = normal_number(words)
    return (
        (ReleaseSlip.number == number)
        | ReleaseSlip.number.contains(words)
        | ReleaseSlip.applicant_name.contains(words)
        | ReleaseSlip.unit_code.startswith(words)
    )


def _ordered(query: pw.ModelSelect[Any]) -> pw.ModelSelect[Any]:
    return query.order_by(ReleaseSlip.issued_at.desc(), ReleaseSlip.id.desc())


def newest(query: pw.ModelSelect[Any], words: str, limit: int) -> list[ReleaseSlip]:
    """The newest ``limit`` slips of ``query`` (filtered, not ordered) matching ``text_condition(words)``."""
    condition = text_condition(words)
    window = max(WINDOW, WINDOW_PER_ROW * limit)
    edge = _ordered(query.select(ReleaseSlip.issued_at)).offset(window - 1).limit(1).tuples().first()
    if edge is None:  # fewer slips than the window: reading them all is the cheap way
        return list(_ordered(query.where(condition)).limit(limit))
    recent = list(_ordered(query.where(condition & (ReleaseSlip.issued_at >= edge[0]))).limit(limit))
    if len(recent) >= limit:
        return recent
    older = query.where(condition & (ReleaseSlip.issued_at < edge[0]))
    found = candidates(words)
    if found is not None:
        older = older.where(found)
    return recent + list(_ordered(older).limit(limit - len(recent)))


def candidates(words: str) -> Any:
    """A condition every slip matching ``words`` meets, answered from the SQLite index (else None)."""
    if engine_name() != "sqlite" or not indexed():
        return None  # PostgreSQL's planner takes its trigram indexes for the LIKE conditions itself
    # the same lower() as the indexed text, applied by SQLite (ASCII only, as LIKE; all of Unicode with ICU)
    if len(words) >= 3:  # a long phrase costs more than it narrows: its end is enough (LIKE decides)
        phrase = '"' + words[-PHRASE:].replace('"', '""') + '"'
        ids = pw.SQL(f"(SELECT rowid FROM {TABLE} WHERE {TABLE} MATCH lower(?))", [phrase])
    else:
        ids = pw.SQL(
            f"(SELECT doc FROM {INSTANCES} WHERE term >= lower(?) AND term < lower(?) || char(1114111))",
            [words, words],
        )
    return ReleaseSlip.id.in_(ids) | (ReleaseSlip.number == normal_number(words))


def indexed() -> bool:
    """True when the bound SQLite database has the FTS5 index (migration 6 made it)."""
    row = database_proxy.execute_sql(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (TABLE,)
    ).fetchone()
    return row is not None


def _body(row: str) -> str:
    """The indexed text of the slip ``row`` (``new``, ``old`` or a table) as an SQL expression."""
    parts = " || char(31) || ".join(f"{row}.{c}" for c in ("number", "applicant_name", "unit_code"))
    return f"lower({parts} || char(31) || char(31))"


def _sqlite_statements() -> list[str]:
    insert = f"INSERT INTO {TABLE}(rowid, body) VALUES (new.id, {_body('new')});"
    delete = f"INSERT INTO {TABLE}({TABLE}, rowid, body) VALUES ('delete', old.id, {_body('old')});"
    return [
        f"CREATE VIEW IF NOT EXISTS {SOURCE} AS SELECT id, {_body('release_slip')} AS body FROM release_slip",
        f"CREATE VIRTUAL TABLE IF NOT EXISTS {TABLE} USING fts5(body, content='{SOURCE}', "
        "content_rowid='id', tokenize='trigram case_sensitive 1')",
        f"CREATE VIRTUAL TABLE IF NOT EXISTS {INSTANCES} USING fts5vocab('{TABLE}', 'instance')",
        f"CREATE TRIGGER IF NOT EXISTS {TABLE}_insert AFTER INSERT ON release_slip BEGIN {insert} END",
        f"CREATE TRIGGER IF NOT EXISTS {TABLE}_delete AFTER DELETE ON release_slip BEGIN {delete} END",
        f"CREATE TRIGGER IF NOT EXISTS {TABLE}_update AFTER UPDATE OF number, applicant_name, unit_code "
        f"ON release_slip BEGIN {delete} {insert} END",
        f"INSERT INTO {TABLE}({TABLE}) VALUES ('rebuild')",
    ]


def _pg_statements() -> list[str]:
    return [
        f"CREATE INDEX IF NOT EXISTS release_slip_{c}_trgm ON release_slip USING gin ({c} gin_trgm_ops)"
        for c in _GIN_COLUMNS
    ]


def install() -> bool:
    """Make the index for the slips already there and keep it in step (migration 7); False without one.

    Where the engine cannot (no FTS5 in this SQLite, no ``pg_trgm`` on this server) the log says so
    and the filter keeps scanning: slower on a long history, the same rows.
    """
    if engine_name() == "postgresql":
        statements = [f"CREATE EXTENSION IF NOT EXISTS {EXTENSION}", *_pg_statements()]
        missing = f"{EXTENSION} is not available"
    else:
        statements, missing = _sqlite_statements(), "this SQLite has no FTS5"
    try:
        with (
            database_proxy.atomic()
        ):  # a savepoint: what fails leaves nothing half made, the migration goes on
            for statement in statements:
                database_proxy.execute_sql(statement)
    except pw.DatabaseError as exc:  # "no such module: fts5", "extension … is not available"
        log.warning("slip text search without an index: %s (%s)", missing, exc)
        return False
    return True
