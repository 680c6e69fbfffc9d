"""The Today page: a grid of tiles, each a real figure loaded on the worker thread; modules add tiles."""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QSizePolicy, QVBoxLayout, QWidget

from frontdesk.auth import role_label
from frontdesk.i18n import N_, _, ngettext
from ui.kit.context import AppContext, int_setting
from ui.kit.tiles import TileSpec, TileValue, register_tile, registered_tiles

COLUMNS = 3


class Tile(QFrame):
    """One figure on the Today page; the status is given by text and colour together."""

    def __init__(self, spec: TileSpec, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.spec = spec
        self.setObjectName("tile")
        self.title_label = QLabel(_(spec.title))
        self.title_label.setObjectName("tileTitle")
        self.value_label = QLabel("…")
        self.value_label.setObjectName("tileValue")
        self.value_label.setWordWrap(True)
        self.detail_label = QLabel()
        self.detail_label.setObjectName("tileDetail")
        self.detail_label.setWordWrap(True)
        layout = QVBoxLayout(self)
        for label in (self.title_label, self.value_label, self.detail_label):
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            layout.addWidget(label)
        self.setMinimumSize(260, 130)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)

    def set_value(self, value: TileValue) -> None:
        """Show a loaded value."""
        self.value_label.setText(value.value)
        self.detail_label.setText(value.detail)
        self.setProperty("status", value.status)
        for widget in (self, self.value_label, self.detail_label):
            widget.style().unpolish(widget)
            widget.style().polish(widget)

    def set_failed(self, message: str) -> None:
        """The figure could not be loaded."""
        self.set_value(TileValue(_("Not available"), message, "bad"))


class TodayPage(QWidget):
    """The home page: the figures of the day at a glance."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._context = context
        actor = context.require_actor()
        self.tiles = [
            Tile(spec) for spec in registered_tiles() if spec.permission is None or actor.can(spec.permission)
        ]
        self._build_ui()
        context.bus.subscribe(self, self._on_bus_changed)

    def _build_ui(self) -> None:
        self.setObjectName("todayPage")
        heading = QLabel(_("Today"))
        heading.setObjectName("pageTitle")
        grid = QGridLayout()
        grid.setSpacing(16)
        for number, tile in enumerate(self.tiles):
            grid.addWidget(tile, number // COLUMNS, number % COLUMNS)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 16, 24, 16)
        layout.addWidget(heading)
        layout.addLayout(grid)
        layout.addStretch()

    def activate(self) -> None:
        """Reload every tile (the page was opened)."""
        for tile in self.tiles:
            self._load(tile)

    def tile(self, tile_id: str) -> Tile | None:
        """The tile with ``tile_id``, if shown."""
        return next((t for t in self.tiles if t.spec.id == tile_id), None)

    def _load(self, tile: Tile) -> None:
        context = self._context
        context.runner.submit(
            lambda: tile.spec.load(context),
            tile.set_value,
            lambda exc: tile.set_failed(getattr(exc, "message", str(exc))),
            owner=tile,
        )

    def _on_bus_changed(self, entity: str) -> None:
        for tile in self.tiles:
            if entity in tile.spec.refresh_on:
                self._load(tile)


def format_age(age: timedelta) -> str:
    """'5 minutes ago', '3 hours ago', '2 days ago'."""
    minutes = int(age.total_seconds() // 60)
    if minutes < 1:
        return _("just now")
    if minutes < 60:
        return ngettext("{n} minute ago", "{n} minutes ago", minutes).format(n=minutes)
    hours = minutes // 60
    if hours < 48:
        return ngettext("{n} hour ago", "{n} hours ago", hours).format(n=hours)
    days = hours // 24
    return ngettext("{n} day ago", "{n} days ago", days).format(n=days)


def _last_backup(context: AppContext) -> TileValue:
    services = context.services
    if not services.target.is_sqlite:
        return TileValue(_("On the server"), _("PostgreSQL is backed up with the server's own tools."))
    age = services.maintenance.backup_age()
    failed = services.maintenance.newest_failed_backup()
    if failed is not None:
        return TileValue(
            format_age(age) if age is not None else _("No backup yet"),
            _("The newest backup {name} failed its check. Use Settings › Back up now.").format(
                name=failed.path.name
            ),
            "bad",
        )
    warn_hours = int_setting(services, "backup_warn_hours")
    if age is None:
        return TileValue(_("No backup yet"), _("Use Settings › Back up now."), "bad")
    if age > timedelta(hours=warn_hours):
        return TileValue(
            format_age(age),
            _("Warning: older than {h} hours. Use Settings › Back up now.").format(h=warn_hours),
            "warn",
        )
    return TileValue(format_age(age), _("Backups are up to date."), "ok")


def _signed_in(context: AppContext) -> TileValue:
    actor = context.require_actor()
    return TileValue(
        actor.display_name,
        _("{role} · desk {desk}").format(role=role_label(actor.role), desk=context.settings.desk()),
    )


def _office(context: AppContext) -> TileValue:
    office = context.services.setup.office()
    if office is None:
        return TileValue(_("Not set up"), status="warn")
    return TileValue(office.name, " · ".join(p for p in (office.phone, office.address) if p))


def register_builtin_tiles() -> None:
    """The tiles of the foundation: office, who is signed in, last backup."""
    register_tile(TileSpec("office", N_("Office"), _office, order=10))
    register_tile(TileSpec("signed_in", N_("Signed in"), _signed_in, order=20))
    register_tile(
        TileSpec("last_backup", N_("Last backup"), _last_backup, order=30, refresh_on=("backup", "setting"))
    )
