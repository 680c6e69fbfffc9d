"""The change-bus entities the callback queue announces and follows (light: imported at start-up)."""

from __future__ import annotations

ENTITY = "callback"
"""Change-bus entity announced after a callback is recorded (its case changed too: ``complaint``)."""
CASE_ENTITIES = ("complaint", "work_order")
"""Entities whose changes may add callbacks to the queue (a case's handling finished)."""
