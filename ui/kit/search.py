"""Global search: the providers each module registers turn typed text into results for the shell's box."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass

from frontdesk.errors import PermissionDenied

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class SearchResult:
    """One hit: what to show, and what to do on the GUI thread when it is chosen."""

    title: str
    subtitle: str
    action: Callable[[], None]


#: runs on the worker thread: text -> results (may call the services)
SearchProvider = Callable[[str], list[SearchResult]]


class SearchRegistry:
    """The providers the global search box asks, in registration order."""

    def __init__(self, limit: int = 30) -> None:
        self._providers: list[SearchProvider] = []
        self.limit = limit

    def register_search_provider(self, provider: SearchProvider) -> None:
        """Add a provider: a callable(text) -> list of :class:`SearchResult`."""
        self._providers.append(provider)

    def search(self, text: str) -> list[SearchResult]:
        """Ask every provider (on the worker thread); a provider the user may not use is skipped."""
        needle = text.strip()
        if not needle:
            return []
        results: list[SearchResult] = []
        for provider in self._providers:
            try:
                results.extend(provider(needle))
            except PermissionDenied:
                log.debug("search provider %r refused", provider)
            if len(results) >= self.limit:
                break
        return results[: self.limit]


def matches(needle: str, *haystack: str) -> bool:
    """True when ``needle`` occurs (case-insensitively) in any of ``haystack``."""
    folded = needle.casefold()
    return any(folded in text.casefold() for text in haystack if text)
