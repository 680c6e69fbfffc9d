"""The search's index lookups as parameterised SQL written once per engine: the desk's hottest path.

The search box runs on every keystroke. Built with peewee, its few small queries cost about a
millisecond of SQL generation and row-object building each time — many times the indexed lookups
themselves (``benchmarks/search.py``). Here each statement is written once per engine and only
executed; the rows come back as plain tuples. Every statement is an indexed equality or prefix
lookup (see the indexes in ``models.py`` and ``migrations/m0002_registry.py``).
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Sequence
from typing import Any

import peewee as pw

from frontdesk.db import database_proxy, engine_name

_LIKE_SPECIALS = str.maketrans({"%": None, "_": None, "\\": None})
#: what a resident hit needs: id, name, kind, phone, masked ID, active, unit id, unit code
RESIDENT_COLUMNS = "r.id, r.name, r.kind, r.phone, r.id_number_masked, r.active, u.id, u.code"
_RESIDENTS = f"SELECT {RESIDENT_COLUMNS} FROM resident r JOIN unit u ON u.id = r.unit_id WHERE "
Row = tuple[Any, ...]
#: a unit's current occupant beside it (NULLs for a vacant unit)
_OCCUPANT = "r.name, r.kind, r.phone"
_OCCUPANTS_JOIN = "LEFT JOIN resident r ON r.unit_id = u.id AND r.active"
Occupant = tuple[str, str, str]  # name, kind, phone
_PEEWEE_LOG = logging.getLogger("peewee")


@functools.cache
def _statements(engine: str) -> dict[str, str]:
    """The statements in ``engine``'s dialect: its parameter mark and its indexed prefix match."""
    p = "%s" if engine == "postgresql" else "?"

    def prefix(column: str) -> str:
        # PostgreSQL: the lower(col) text_pattern_ops index; SQLite: LIKE on the NOCASE index
        return f"LOWER({column}) LIKE {p}" if engine == "postgresql" else f"{column} LIKE {p}"

    return {
        # a unit with who lives there (owners first), one row per occupant: one statement, not two
        "unit_number": (
            f"SELECT u.id, u.code, {_OCCUPANT} FROM unit u {_OCCUPANTS_JOIN} WHERE u.number = {p} "
            "ORDER BY u.id, r.kind, r.id"
        ),
        # shorter codes first, then text: 1-101 before 1-1001, as a building's numbering goes
        "unit_prefix": (
            f"SELECT u.id, u.code, {_OCCUPANT} FROM (SELECT id, code FROM unit WHERE {prefix('code')} "
            f"ORDER BY LENGTH(code), code LIMIT {p}) u {_OCCUPANTS_JOIN} "
            "ORDER BY LENGTH(u.code), u.code, u.id, r.kind, r.id"
        ),
        "id_last4": _RESIDENTS + "{active}r.id_last4 = " + p + " ORDER BY r.name, r.id LIMIT " + p,
        "id_hash": _RESIDENTS + "{active}r.id_hash = " + p + " ORDER BY r.name, r.id LIMIT " + p,
        "phone_suffix": _RESIDENTS + "{active}r.phone_suffix4 = " + p + " ORDER BY r.name, r.id LIMIT " + p,
        "phone_suffix3": (
            _RESIDENTS
            + "{active}r.phone_suffix4 IN ("
            + ", ".join([p] * 10)
            + ") ORDER BY r.name, r.id LIMIT "
            + p
        ),
        "phone_prefix": (
            _RESIDENTS + "{active}" + prefix("r.phone_digits") + " ORDER BY r.phone_digits, r.id LIMIT " + p
        ),
        "name": (
            f"SELECT {RESIDENT_COLUMNS} FROM resident r JOIN unit u ON u.id = r.unit_id "
            f'JOIN (SELECT resident_id, MIN("position") AS pos FROM resident_name_key '
            f"WHERE {prefix('fragment')} GROUP BY resident_id) k ON k.resident_id = r.id "
            "WHERE {active}TRUE ORDER BY k.pos, r.name, r.id LIMIT " + p
        ),
    }


def _run(sql: str, params: Sequence[object]) -> list[Row]:
    """The rows of one statement, from the driver's cursor.

    Not ``database_proxy.execute_sql``: the proxy's attribute forwarding and peewee's cursor
    bookkeeping cost a few microseconds a statement, a good part of a lookup that takes ten, and a
    search makes up to four. The statement is logged as peewee logs it; a driver error still
    becomes peewee's (``storage_errors`` reads those).
    """
    if _PEEWEE_LOG.isEnabledFor(logging.DEBUG):
        _PEEWEE_LOG.debug((sql, params))
    with pw.__exception_wrapper__:  # type: ignore[attr-defined]  # peewee's own, not in its stubs
        cursor = database_proxy.obj.connection().cursor()
        cursor.execute(sql, params)
        rows: list[Row] = cursor.fetchall()
        return rows


@functools.cache
def _resident_statement(engine: str, name: str, include_former: bool) -> str:
    """A resident lookup's statement, with or without the former residents (written once)."""
    return _statements(engine)[name].replace("{active}", "" if include_former else "r.active AND ")


def _residents(name: str, include_former: bool, params: Sequence[object]) -> list[Row]:
    return _run(_resident_statement(engine_name(), name, include_former), params)


def prefix_pattern(text: str) -> str:
    """``text`` as a LIKE prefix pattern for the engine's prefix match (wildcards typed are dropped)."""
    pattern = text.translate(_LIKE_SPECIALS) + "%"
    return pattern.lower() if engine_name() == "postgresql" else pattern


def _units(rows: list[Row]) -> list[tuple[int, str, list[Occupant]]]:
    """``(id, code, occupants)`` from one row per unit and occupant, in the rows' order."""
    units: list[tuple[int, str, list[Occupant]]] = []
    for unit_id, code, name, kind, phone in rows:
        if not units or units[-1][0] != unit_id:
            units.append((unit_id, code, []))
        if name is not None:
            units[-1][2].append((name, kind, phone))
    return units


def units_by_number(number: str) -> list[tuple[int, str, list[Occupant]]]:
    """``(id, code, occupants)`` of the units with this number, in every building; occupants
    ``(name, kind, phone)``, owners first."""
    return _units(_run(_statements(engine_name())["unit_number"], (number,)))


def units_by_prefix(prefix: str, limit: int) -> list[tuple[int, str, list[Occupant]]]:
    """``(id, code, occupants)`` of the units whose code starts with ``prefix``, in the building's
    order; occupants ``(name, kind, phone)``, owners first."""
    return _units(_run(_statements(engine_name())["unit_prefix"], (prefix_pattern(prefix), limit)))


def residents_by(lookup: str, value: str, limit: int, include_former: bool) -> list[Row]:
    """Resident rows (``RESIDENT_COLUMNS``) by ``id_last4``, ``id_hash`` or ``phone_suffix`` equality."""
    return _residents(lookup, include_former, (value, limit))


def residents_by_phone_suffix3(digits: str, limit: int, include_former: bool) -> list[Row]:
    """Resident rows whose phone ends with these three digits: ten lookups of the last four."""
    return _residents("phone_suffix3", include_former, (*(f"{d}{digits}" for d in range(10)), limit))


def residents_by_phone_prefix(digits: str, limit: int, include_former: bool) -> list[Row]:
    """Resident rows whose phone's digits start with ``digits``."""
    return _residents("phone_prefix", include_former, (prefix_pattern(digits), limit))


def residents_by_name(text: str, limit: int, include_former: bool) -> list[Row]:
    """Resident rows whose name contains ``text`` (a prefix of one of its suffixes), prefix matches first."""
    return _residents("name", include_former, (prefix_pattern(text), limit))
