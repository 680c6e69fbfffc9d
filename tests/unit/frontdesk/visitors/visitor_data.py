"""Shared test data for the visitors' tests: the clock, the host unit, a valid registration."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

NOW = datetime(2026, 3, 31, 2, 0)  # naive UTC, as stored


class Clock:
    """A settable clock for the service."""

    def __init__(self) -> None:
        self.now = NOW

    def __call__(self) -> datetime:
        return self.now


@dataclass(frozen=True)
class Host:
    """The unit visited and its owner."""

    unit_id: int
    unit_code: str
    resident_id: int
    resident_name: str


def visit_args(host: Host, **overrides: object) -> dict[str, object]:
    """A complete, valid registration (visiting the host, who agreed on the phone)."""
    values: dict[str, object] = {
        "purpose": "visit_resident",
        "name": "李小明",
        "phone": "139 1234 5678",
        "host_unit_id": host.unit_id,
        "host_resident_id": host.resident_id,
        "told": host.resident_name,
        "notify_method": "phone",
        "answer": "agreed",
    }
    values.update(overrides)
    return values
