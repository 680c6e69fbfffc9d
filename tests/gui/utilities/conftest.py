"""The utility GUI tests use the hand-worked building of the core's tests (tests/unit/frontdesk/utilities)."""

from tests.unit.frontdesk.utilities.conftest import block, tariffs, utilities

__all__ = ["block", "tariffs", "utilities"]
