"""The Settings page's sections from the modules: each registers a group of its own settings here.

Imports no section: a section's factory is called when the Settings page is first opened.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtWidgets import QScrollArea, QWidget

from frontdesk.auth import Permission
from ui.kit.context import AppContext


@dataclass(frozen=True)
class SectionSpec:
    """A module's group of settings, shown below the built-in ones to those with ``permission``."""

    id: str
    factory: Callable[[AppContext], QWidget]
    permission: Permission | None = None
    order: int = 100


_sections: dict[str, SectionSpec] = {}


def register_section(spec: SectionSpec) -> None:
    """Add (or replace, by id) a section of the Settings page."""
    _sections[spec.id] = spec


def sections_for(context: AppContext) -> list[SectionSpec]:
    """The sections the signed-in user may see, in order."""
    specs = sorted(_sections.values(), key=lambda s: (s.order, s.id))
    return [s for s in specs if s.permission is None or context.can(s.permission)]


def scroll_into_view(section: QWidget, widget: QWidget) -> None:
    """Scroll the Settings page so ``widget`` of ``section`` (reached by its Alt+letter, which does not
    scroll as Tab does) is in view, with as much of its section as the screen holds."""
    area = widget.parentWidget()
    while area is not None and not isinstance(area, QScrollArea):
        area = area.parentWidget()
    if isinstance(area, QScrollArea):
        area.ensureWidgetVisible(section, 0, 0)
        area.ensureWidgetVisible(widget, 16, 48)
