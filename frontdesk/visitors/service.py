"""The visitors' use cases (``services.visitors``)."""

from __future__ import annotations


class VisitorService:
    """Register, notify, sign out and find visitors; the watch list; retention."""
