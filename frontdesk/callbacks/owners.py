"""The modules owning cases: told what a callback made of their case, without the queue importing them.

A module registers a handler under its key (``"complaint"``) when the services are wired
(``CALLBACK_MODULES`` in ``frontdesk.services``); the callback service calls it inside the
transaction that records the call, so the case and its callback never disagree.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from frontdesk.auth import Actor
from frontdesk.callbacks.rows import CallbackOutcome

#: (who called, the case's id, closed / reopened / escalated, when) → None; raises UserError to refuse
OutcomeHandler = Callable[[Actor, int, CallbackOutcome, datetime], None]


class CaseOwners:
    """The registry of case-owning modules."""

    def __init__(self) -> None:
        self._handlers: dict[str, OutcomeHandler] = {}

    def register(self, module: str, handler: OutcomeHandler) -> None:
        """Add (or replace) the handler of ``module``'s cases."""
        self._handlers[module] = handler

    def modules(self) -> list[str]:
        """The registered modules' keys."""
        return sorted(self._handlers)

    def tell(self, actor: Actor, module: str, case_id: int, outcome: CallbackOutcome, at: datetime) -> None:
        """Tell ``module`` what became of its case (a module not registered is a wiring bug)."""
        handler = self._handlers.get(module)
        if handler is None:
            raise RuntimeError(f"no case owner registered for callbacks of {module!r}")
        handler(actor, case_id, outcome, at)
