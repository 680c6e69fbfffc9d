"""The utilities' GUI tests build on the core tests' block: building 3 with its units' water and
electricity meters and a public lighting meter shared by area, and the tariffs (see there)."""

from tests.unit.frontdesk.utilities.conftest import block, tariffs, utilities  # noqa: F401 - fixtures
