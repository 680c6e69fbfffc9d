"""The utilities' GUI tests build on the core tests' block: building 3 with its units' water and
electricity meters and a public lighting meter shared by area, and the tariffs (see there)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.unit.frontdesk.utilities.conftest import block, tariffs, utilities
from ui.utilities import sheet_files

__all__ = ["block", "tariffs", "utilities"]  # fixtures


@pytest.fixture
def chosen(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[Path]]:
    """The workbooks the file dialog will answer with, in turn."""
    answers: list[Path] = []
    monkeypatch.setattr(sheet_files, "choose_workbook", lambda _parent, _caption: answers.pop(0))
    yield answers
