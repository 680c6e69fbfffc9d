"""The release slips' use cases (``services.slips``)."""

from __future__ import annotations


class SlipService:
    """Issue, print, verify, use and void release slips; retention."""
