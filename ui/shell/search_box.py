"""The global search box (Ctrl+K): shows the providers' results while typing; Enter opens one."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QLineEdit, QListWidget, QListWidgetItem, QWidget

from frontdesk.i18n import _
from ui.kit import messages
from ui.kit.search import SearchRegistry, SearchResult
from ui.kit.tasks import Runner
from ui.shell.style import icon

DEBOUNCE_MS = 150
VISIBLE_ROWS = 8


class SearchBox(QLineEdit):
    """Type to search everything; Up/Down pick a result, Enter opens it, Esc closes the list."""

    sig_results_shown = Signal(int)
    """The result list was refreshed with this many results."""

    def __init__(self, registry: SearchRegistry, runner: Runner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._registry = registry
        self._runner = runner
        self._generation = 0
        self._open_when_ready = False
        self._results: list[SearchResult] = []
        self._timer = QTimer(self)
        self._popup = QListWidget()
        self._build_ui()
        self._connect_signals()

    def _build_ui(self) -> None:
        self.setObjectName("globalSearch")
        self.setPlaceholderText(_("Search units, residents, visitors, slip numbers, modules … (Ctrl+K)"))
        self.setClearButtonEnabled(True)
        self.addAction(icon("search"), QLineEdit.ActionPosition.LeadingPosition)
        self.setMinimumWidth(360)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._popup.setObjectName("searchResults")
        self._popup.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self._popup.setUniformItemSizes(True)
        self._popup.hide()

    def _connect_signals(self) -> None:
        self.textEdited.connect(self._on_self_text_edited)
        self._timer.timeout.connect(self._on_timer_timeout)
        self._popup.itemClicked.connect(self._on_popup_item_clicked)

    def results(self) -> list[SearchResult]:
        """The results currently listed."""
        return list(self._results)

    def popup(self) -> QListWidget:
        """The result list (a child of the window, shown under the box)."""
        return self._popup

    def _on_self_text_edited(self, _text: str) -> None:
        self._generation += 1
        self._timer.start()

    def _on_timer_timeout(self) -> None:
        generation, text = self._generation, self.text()
        if not text.strip():
            self._open_when_ready = False
            self._show_results([])
            return
        self._runner.submit(
            lambda: self._registry.search(text),
            lambda found: self._on_search_done(generation, found),
            lambda exc: messages.show_error(self.window(), exc),
            owner=self,
        )

    def _on_search_done(self, generation: int, found: list[SearchResult]) -> None:
        if generation != self._generation:  # an older answer: the user typed on
            return
        self._show_results(found)
        if self._open_when_ready:
            self._open_when_ready = False
            self.open_current()

    def _show_results(self, found: list[SearchResult]) -> None:
        self._results = found
        self._popup.clear()
        for result in found:
            item = QListWidgetItem(f"{result.title}\n{result.subtitle}" if result.subtitle else result.title)
            self._popup.addItem(item)
        if found and self.hasFocus():
            self._popup.setCurrentRow(0)
            self._place_popup()
        elif self.text().strip():
            self._popup.addItem(_("Nothing found"))
            self._popup.item(0).setFlags(Qt.ItemFlag.NoItemFlags)
            self._place_popup()
        else:
            self._popup.hide()
        self.sig_results_shown.emit(len(found))

    def _place_popup(self) -> None:
        window = self.window()
        if self._popup.parent() is not window:
            self._popup.setParent(window)
        below = self.mapTo(window, QPoint(0, self.height() + 2))
        rows = max(1, min(VISIBLE_ROWS, self._popup.count()))
        height = sum(self._popup.sizeHintForRow(i) for i in range(rows)) + 2 * self._popup.frameWidth()
        self._popup.setGeometry(below.x(), below.y(), max(self.width(), 420), height)
        self._popup.show()
        self._popup.raise_()

    def hide_results(self) -> None:
        """Close the result list."""
        self._popup.hide()

    def open_current(self) -> bool:
        """Open the highlighted (else the first) result; False when there is none."""
        row = max(self._popup.currentRow(), 0)
        if not self._results or row >= len(self._results):
            return False
        result = self._results[row]
        self.hide_results()
        self.clear()
        self._results = []
        result.action()
        return True

    def _on_popup_item_clicked(self, item: QListWidgetItem) -> None:
        self._popup.setCurrentItem(item)
        self.open_current()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Arrows move in the results, Enter opens, Esc closes the list (then clears the box)."""
        key = event.key()
        if key in (Qt.Key.Key_Down, Qt.Key.Key_Up) and self._popup.isVisible():
            step = 1 if key == Qt.Key.Key_Down else -1
            row = self._popup.currentRow() + step
            self._popup.setCurrentRow(max(0, min(row, self._popup.count() - 1)))
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            if self._timer.isActive():  # typed faster than the debounce: search now, then open
                self._timer.stop()
                self._open_when_ready = True
                self._on_timer_timeout()
            else:
                self.open_current()
        elif key == Qt.Key.Key_Escape:
            if self._popup.isVisible():
                self.hide_results()
            else:
                self.clear()
        else:
            super().keyPressEvent(event)

    def event(self, event: QEvent) -> bool:
        """Hide the list when focus leaves (the list itself never takes focus)."""
        if event.type() == QEvent.Type.FocusOut:
            self.hide_results()
        return super().event(event)
