"""Fixtures for the core's unit tests: cheap password hashes, actors without a sign-in."""

from __future__ import annotations

import pytest

from frontdesk import auth
from frontdesk.auth import Actor, Role


@pytest.fixture
def fast_argon2(monkeypatch: pytest.MonkeyPatch) -> None:
    """Argon2id with the smallest parameters, so tests that add or sign in many staff stay fast.

    Hashing and verifying still go through argon2 and the same code; only the cost changes (the
    real parameters are checked in test_auth.py).
    """
    monkeypatch.setattr(auth, "ARGON2_TIME_COST", 1)
    monkeypatch.setattr(auth, "ARGON2_MEMORY_KIB", 8)
    monkeypatch.setattr(auth, "ARGON2_PARALLELISM", 1)


@pytest.fixture
def admin_actor() -> Actor:
    """The administrator set up by the ``services`` fixture, without signing in."""
    return Actor(username="admin", display_name="王主任", role=Role.ADMIN, desk="test-desk")


@pytest.fixture
def clerk_actor() -> Actor:
    """A clerk (no account behind it: permission checks need only the role)."""
    return Actor(username="clerk1", display_name="clerk 张", role=Role.CLERK, desk="test-desk")
