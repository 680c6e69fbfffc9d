"""Schema 3: visitors, visits, notifications and the watch list.

Besides the tables: the prefix and exact-name indexes the returning-visitor search uses (see
migration 2 for why the prefix indexes differ per engine), and a partial unique index so one pass
number is out with one visitor at a time across every desk.
"""

from __future__ import annotations

from frontdesk.db import database_proxy, engine_name
from frontdesk.visitors.models import VISITOR_TABLES

#: (index name, table, column) searched by prefix
PREFIX_INDEXES: tuple[tuple[str, str, str], ...] = (
    ("visitor_phone_prefix", "visitor", "phone_digits"),
    ("visitor_name_key_prefix", "visitor_name_key", "fragment"),
)

#: a name typed in full, newest visitor first, straight from the index (no sort of every match)
NAME_EXACT_INDEX = (
    "CREATE INDEX IF NOT EXISTS visitor_name_key_exact ON visitor_name_key (fragment, visitor_id)"
)

#: the few visits under a legal hold, read by every batch of the purge
HELD_INDEX = "CREATE INDEX IF NOT EXISTS visit_held ON visit (visitor_id) WHERE legal_hold"

PASS_ON_SITE_UNIQUE = (
    "CREATE UNIQUE INDEX IF NOT EXISTS visit_pass_on_site ON visit (pass_number) "
    "WHERE status = 'on_site' AND pass_number <> ''"
)


def prefix_index_sql(engine: str) -> list[str]:
    """The statements creating the visitors' prefix-search indexes on ``engine``."""
    if engine == "postgresql":
        template = "CREATE INDEX IF NOT EXISTS {name} ON {table} (lower({column}) text_pattern_ops)"
    else:
        template = "CREATE INDEX IF NOT EXISTS {name} ON {table} ({column} COLLATE NOCASE)"
    return [template.format(name=n, table=t, column=c) for n, t, c in PREFIX_INDEXES]


def apply() -> None:
    """Create the visitors' tables and their search and pass indexes."""
    database_proxy.create_tables(list(VISITOR_TABLES), safe=True)
    for sql in [*prefix_index_sql(engine_name()), NAME_EXACT_INDEX, HELD_INDEX, PASS_ON_SITE_UNIQUE]:
        database_proxy.execute_sql(sql)
