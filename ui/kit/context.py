"""What every window and page receives: settings, services, the signed-in actor, runner, change bus."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from PySide6.QtCore import QObject, Signal

from frontdesk.auth import Actor, Permission
from frontdesk.config import LocalSettings
from frontdesk.services import Services
from ui.kit.tasks import Runner


class ChangeBus(QObject):
    """Tells open views what to refresh after a mutation."""

    sig_changed = Signal(str)
    """Records of this entity (``"staff"``, ``"setting"``, ``"backup"`` …) were changed."""

    def notify(self, entity: str) -> None:
        """Announce that ``entity`` records changed."""
        self.sig_changed.emit(entity)

    def subscribe(self, owner: QObject, slot: Callable[[str], None]) -> None:
        """Call ``slot(entity)`` after each change for as long as ``owner`` lives.

        Every view subscribes this way: the connection goes with the widget, so a page discarded by
        a shift change or a language switch is never called again (a lambda connected directly
        would outlive it and reach a deleted widget).
        """
        connection = self.sig_changed.connect(slot)
        # by its handle: no complaint when Qt already dropped it (a method of a deleted widget)
        owner.destroyed.connect(lambda *_args: QObject.disconnect(connection))


class SessionControl(Protocol):
    """What a page may ask of the run it belongs to (the shell's session answers)."""

    def update_settings(self, settings: LocalSettings) -> None:
        """Save this PC's settings and apply them to the open services."""

    def change_language(self, language: str) -> None:
        """Remember ``language`` for this PC and rebuild what is on screen in it."""

    def restore_backup(self, source: Path) -> None:
        """Replace the database with a backup, then ask everyone to sign in again."""


@dataclass
class AppContext:
    """The application's shared state, passed explicitly to every widget (no global app object)."""

    settings: LocalSettings
    services: Services
    runner: Runner
    bus: ChangeBus = field(default_factory=ChangeBus)
    actor: Actor | None = None
    #: the start-up flow (wizard, login, main window); set by ``start_gui``
    session: SessionControl | None = None
    #: test override of the idle-lock delay in milliseconds (None: the office setting)
    idle_lock_ms: int | None = None

    def require_actor(self) -> Actor:
        """The signed-in staff member (a programming error to ask before sign-in)."""
        if self.actor is None:
            raise RuntimeError("nobody is signed in")
        return self.actor

    def can(self, permission: Permission) -> bool:
        """True when someone is signed in and may do ``permission``."""
        return self.actor is not None and self.actor.can(permission)


def int_setting(services: Services, key: str) -> int:
    """An office-wide whole-number setting (its default if the stored value is not a number)."""
    # the core's models load after the window's first paint (the sign-in imports this module)
    from frontdesk.office import SETTINGS

    value = services.settings.get(key)
    return value if isinstance(value, int) and not isinstance(value, bool) else int(SETTINGS[key].default)
