"""The registry of pages: each module registers its page here, and the shell lists them in its sidebar."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol, runtime_checkable

from PySide6.QtWidgets import (
    QWidget,
)

from frontdesk.auth import Actor, Permission
from ui.kit.context import AppContext
from ui.kit.search import SearchProvider


@runtime_checkable
class Navigator(Protocol):
    """What a page or a search result may ask of the main window."""

    def open_page(self, page_id: str) -> QWidget | None:
        """Show page ``page_id`` (building it on first use); None when not available to this user."""

    def show_status(self, text: str) -> None:
        """A short message in the status bar."""


PageFactory = Callable[[AppContext, Navigator], QWidget]
SearchFactory = Callable[[AppContext, Navigator], SearchProvider]


@dataclass(frozen=True)
class PageSpec:
    """One module's page: ``title`` is marked with ``N_`` and translated when shown."""

    id: str
    title: str
    icon: str
    shortcut: str
    factory: PageFactory
    permission: Permission | None = None
    order: int = 100
    search: SearchFactory | None = None  # builds this module's global-search provider
    search_rank: int = 100  # where its results stand in Ctrl+K (lower first): units before slips

    def allowed(self, actor: Actor) -> bool:
        """True when ``actor`` may open this page."""
        return self.permission is None or actor.can(self.permission)


_pages: dict[str, PageSpec] = {}


def register_page(spec: PageSpec) -> None:
    """Add (or replace, by id) a page in the sidebar."""
    _pages[spec.id] = spec


def registered_pages() -> list[PageSpec]:
    """Every registered page, in sidebar order."""
    return sorted(_pages.values(), key=lambda p: (p.order, p.id))


def pages_for(actor: Actor) -> list[PageSpec]:
    """The pages ``actor`` may open, in sidebar order."""
    return [p for p in registered_pages() if p.allowed(actor)]


class ActivePage(Protocol):
    """A page that wants to know when it is shown (to load or refresh its data)."""

    def activate(self) -> None:
        """Called each time the page becomes the current one."""


RESIDENTS_PAGE = "registry"
"""The estate module's page, where any module may show a unit."""


@runtime_checkable
class ShowsUnit(Protocol):
    """A page that can show one unit (the Residents page)."""

    def show_unit(self, unit_id: int) -> None:
        """Choose unit ``unit_id`` and show its story."""


def open_unit(navigator: Navigator, unit_id: int) -> None:
    """Show unit ``unit_id`` on the Residents page, through the navigator (no module imports another)."""
    page = navigator.open_page(RESIDENTS_PAGE)
    if isinstance(page, ShowsUnit):
        page.show_unit(unit_id)


RecordOpener = Callable[[Navigator, str], None]
"""Shows one record of a kind, given the key of its reference (``"12"`` of ``"visit:12"``)."""

_openers: dict[str, RecordOpener] = {}


def register_opener(kind: str, opener: RecordOpener) -> None:
    """Let references of ``kind`` (``"release_slip:FX-…"``) open their record (idempotent)."""
    _openers[kind] = opener


def open_record(navigator: Navigator, ref: str) -> bool:
    """Open the record ``ref`` names (``"<kind>:<key>"``); False when no module opens that kind."""
    kind, _sep, key = ref.partition(":")
    opener = _openers.get(kind)
    if opener is None or not key:
        return False
    opener(navigator, key)
    return True


register_opener("unit", lambda navigator, key: open_unit(navigator, int(key)))
