"""Schema 2: buildings, units, residents, standing instructions and the unit accounts.

Besides the tables, it adds the indexes peewee cannot declare on both engines: case-insensitive
prefix indexes for the desk's search (SQLite uses an index for ``LIKE 'x%'`` only when it is
``COLLATE NOCASE``; PostgreSQL needs ``lower(col) text_pattern_ops`` outside the C locale), and the
partial unique index that makes a periodic charge (management, water, electricity) at most one
live charge per unit and month. It also makes this database's secret key for resident ID fingerprints.
"""

from __future__ import annotations

from frontdesk.db import database_proxy, engine_name
from frontdesk.estate.models import REGISTRY_TABLES
from frontdesk.estate.privacy import ensure_fingerprint_key

#: (index name, table, column) searched by prefix
PREFIX_INDEXES: tuple[tuple[str, str, str], ...] = (
    ("unit_code_prefix", "unit", "code"),
    ("unit_number_prefix", "unit", "number"),
    ("resident_name_prefix", "resident", "name"),
    ("resident_phone_prefix", "resident", "phone_digits"),
    ("resident_name_key_prefix", "resident_name_key", "fragment"),
)

CHARGE_PERIOD_UNIQUE = (
    "CREATE UNIQUE INDEX IF NOT EXISTS charge_unit_period_kind ON charge (unit_id, period, kind) "
    "WHERE NOT voided AND kind IN ('management', 'water', 'electricity')"
)


def prefix_index_sql(engine: str) -> list[str]:
    """The statements creating the prefix-search indexes on ``engine``."""
    if engine == "postgresql":
        template = "CREATE INDEX IF NOT EXISTS {name} ON {table} (lower({column}) text_pattern_ops)"
    else:
        template = "CREATE INDEX IF NOT EXISTS {name} ON {table} ({column} COLLATE NOCASE)"
    return [template.format(name=n, table=t, column=c) for n, t, c in PREFIX_INDEXES]


def apply() -> None:
    """Create the registry's tables, its search indexes and the ID fingerprint key."""
    database_proxy.create_tables(list(REGISTRY_TABLES), safe=True)
    for sql in [*prefix_index_sql(engine_name()), CHARGE_PERIOD_UNIQUE]:
        database_proxy.execute_sql(sql)
    ensure_fingerprint_key()
