"""The Today page's tiles: each module registers its figures here, and the shell's Today page shows them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from frontdesk.auth import Permission
from ui.kit.context import AppContext


@dataclass(frozen=True)
class TileValue:
    """What a tile shows: a big value, a line of detail, and a status (ok / warn / bad / neutral)."""

    value: str
    detail: str = ""
    status: str = "neutral"


@dataclass(frozen=True)
class TileSpec:
    """A tile: ``title`` marked with ``N_``; ``load`` runs on the worker thread."""

    id: str
    title: str
    load: Callable[[AppContext], TileValue]
    permission: Permission | None = None
    order: int = 100
    refresh_on: tuple[str, ...] = ()  # change-bus entities that make the tile reload


_tiles: dict[str, TileSpec] = {}


def register_tile(spec: TileSpec) -> None:
    """Add (or replace, by id) a tile on the Today page."""
    _tiles[spec.id] = spec


def registered_tiles() -> list[TileSpec]:
    """Every registered tile in display order."""
    return sorted(_tiles.values(), key=lambda t: (t.order, t.id))
