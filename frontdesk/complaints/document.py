"""What the complaint record sheet (投訴處理單) prints: plain, translated, masked data for ``reports``."""

from __future__ import annotations

from dataclasses import dataclass

from frontdesk.callbacks.paper import CallLine


@dataclass(frozen=True)
class ComplaintSheet:
    """The A4 record sheet: the complaint's particulars, its steps, classifications and callbacks.

    Every text is already in the user's language; ``fields`` are (label, value) pairs in order;
    ``steps`` (step, who and when, what was recorded); ``classes`` (when, who, classification,
    reason); ``reprint`` marks the pages as a copy.
    """

    office_name: str
    number: str
    fields: tuple[tuple[str, str], ...]
    content: str
    steps: tuple[tuple[str, str, str], ...]
    classes: tuple[tuple[str, str, str, str], ...]
    calls: tuple[CallLine, ...]
    callback_due: str = ""
    reprint: bool = False
