"""Fixtures of the shell's tests."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from frontdesk import i18n
from ui.shell.language import install_qt_translator


@pytest.fixture
def restore_english() -> Iterator[None]:
    """Put Qt's and our language back after a test that switches it."""
    yield
    i18n.set_language("en")
    install_qt_translator("en")
