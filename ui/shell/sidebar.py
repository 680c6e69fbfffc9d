"""The sidebar listing the registered pages, each with its shortcut key."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QSize, Qt, Signal
from PySide6.QtGui import QKeySequence, QPainter, QShowEvent
from PySide6.QtWidgets import (
    QApplication,
    QListWidget,
    QListWidgetItem,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

from frontdesk.i18n import _
from ui.kit.pages import PageSpec
from ui.shell.style import icon

SIDEBAR_ICON_SIDE = 22  # device-independent pixels
#: the shortcut's right margin
SHORTCUT_MARGIN = 12
#: where an entry's title starts: the item's left padding (app.qss), the icon and the gap after it
TITLE_OFFSET = 8 + SIDEBAR_ICON_SIDE + 9
TITLE_GAP = 8  # at least this much between a title and its key
PAGE_ID_ROLE = Qt.ItemDataRole.UserRole
SHORTCUT_ROLE = Qt.ItemDataRole.UserRole + 1


class _ShortcutDelegate(QStyledItemDelegate):
    """Paints the entry as usual, with its shortcut key right-aligned and dimmed; a title too long to
    sit beside its shortcut (a long title beside "Shift+F7") is shortened with "…" (the
    tooltip has it whole) rather than run under the shortcut."""

    def paint(
        self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        shortcut = index.data(SHORTCUT_ROLE)
        if not shortcut:
            super().paint(painter, option, index)
            return
        entry = QStyleOptionViewItem(option)
        self.initStyleOption(entry, index)
        widget = option.widget
        style = widget.style() if widget is not None else QApplication.style()
        metrics = widget.fontMetrics() if widget is not None else entry.fontMetrics  # the style sheet's font
        text_left = option.rect.left() + TITLE_OFFSET
        shortcut_left = option.rect.right() - SHORTCUT_MARGIN - metrics.horizontalAdvance(shortcut)
        room = shortcut_left - text_left  # shortened only where it would run under the key
        entry.text = metrics.elidedText(entry.text, Qt.TextElideMode.ElideRight, max(room, 0))
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, entry, painter, widget)
        painter.save()
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        painter.setPen(
            option.palette.highlightedText().color() if selected else option.palette.placeholderText().color()
        )
        rect = option.rect.adjusted(0, 0, -SHORTCUT_MARGIN, 0)
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

    def showEvent(self, event: QShowEvent) -> None:
        """Once laid out: never narrower than its titles need (a wide page squeezed them short)."""
        super().showEvent(event)
        if self.count():
            around = self.width() - self.visualItemRect(self.item(0)).width()  # frame, padding, spacing
            self.setMinimumWidth(around + self.width_for_titles())

    def width_for_titles(self) -> int:
        """The width an entry needs for every title to sit whole beside its shortcut key."""
        metrics = self.fontMetrics()
        widest = max(
            (
                metrics.horizontalAdvance(self.item(row).text())
                + TITLE_GAP
                + metrics.horizontalAdvance(str(self.item(row).data(SHORTCUT_ROLE) or ""))
                for row in range(self.count())
            ),
            default=0,
        )
        return TITLE_OFFSET + widest + SHORTCUT_MARGIN

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
