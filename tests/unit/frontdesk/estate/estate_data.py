"""Shared test data for the estate tests: the fixed desk date, the small registry, valid ID numbers."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from frontdesk.estate.rows import BuildingRow, UnitRow
from frontdesk.identity import check_digit_cn

TODAY = date(2026, 3, 31)


@dataclass(frozen=True)
class Registry:
    """A small registry: buildings 3棟 and A座, and a few units."""

    b3: BuildingRow
    ba: BuildingRow
    u3_1502: UnitRow
    u3_1501: UnitRow
    ua_1502: UnitRow
    ua_1203: UnitRow


def mainland_id(first17: str) -> str:
    """A mainland ID number with the right check digit."""
    return first17 + check_digit_cn(first17)
