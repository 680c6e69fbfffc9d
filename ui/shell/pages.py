"""The registry of pages (modules) — later modules register theirs here — and the sidebar listing them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QSize, Qt, Signal
from PySide6.QtGui import QKeySequence, QPainter
from PySide6.QtWidgets import (
    QListWidget,
    QListWidgetItem,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

from frontdesk.auth import Actor, Permission
from frontdesk.i18n import _
from ui.context import AppContext
from ui.shell.search import SearchProvider
from ui.style import icon


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


SIDEBAR_ICON_SIDE = 22  # device-independent pixels
PAGE_ID_ROLE = Qt.ItemDataRole.UserRole
SHORTCUT_ROLE = Qt.ItemDataRole.UserRole + 1


class _ShortcutDelegate(QStyledItemDelegate):
    """Paints the entry as usual, with its shortcut key right-aligned and dimmed."""

    def paint(
        self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        super().paint(painter, option, index)
        shortcut = index.data(SHORTCUT_ROLE)
        if not shortcut:
            return
        painter.save()
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        painter.setPen(
            option.palette.highlightedText().color() if selected else option.palette.placeholderText().color()
        )
        rect = option.rect.adjusted(0, 0, -12, 0)
        painter.drawText(rect, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, shortcut)
        painter.restore()


class Sidebar(QListWidget):
    """The list of modules; choosing one asks the window to show its page."""

    sig_page_chosen = Signal(str)
    """The user chose the page with this id."""

    def __init__(self, pages: list[PageSpec], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("sidebar")
        self.setIconSize(QSize(SIDEBAR_ICON_SIDE, SIDEBAR_ICON_SIDE))
        self.setSpacing(2)
        self.setItemDelegate(_ShortcutDelegate(self))
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        for spec in pages:
            self.addItem(self._item(spec))
        self.currentItemChanged.connect(self._on_self_current_item_changed)

    @staticmethod
    def _item(spec: PageSpec) -> QListWidgetItem:
        shortcut = QKeySequence(spec.shortcut).toString(QKeySequence.SequenceFormat.NativeText)
        item = QListWidgetItem(icon(spec.icon), _(spec.title))
        item.setData(SHORTCUT_ROLE, shortcut)
        item.setData(PAGE_ID_ROLE, spec.id)
        item.setToolTip(f"{_(spec.title)} ({shortcut})")
        return item

    def select_page(self, page_id: str) -> None:
        """Highlight ``page_id`` without emitting :attr:`sig_page_chosen` again."""
        for row in range(self.count()):
            if self.item(row).data(PAGE_ID_ROLE) == page_id:
                self.blockSignals(True)
                self.setCurrentRow(row)
                self.blockSignals(False)
                return

    def page_ids(self) -> list[str]:
        """The ids listed, top to bottom."""
        return [self.item(row).data(PAGE_ID_ROLE) for row in range(self.count())]

    def _on_self_current_item_changed(self, current: QListWidgetItem | None, _previous: object) -> None:
        if current is not None:
            self.sig_page_chosen.emit(current.data(PAGE_ID_ROLE))
