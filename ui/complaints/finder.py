"""The complainant found in the registry: type a name, phone, its last digits or a unit; Enter picks."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QLineEdit, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from frontdesk.estate.kinds import label
from frontdesk.estate.search import SearchHit
from frontdesk.i18n import _
from ui.kit.context import AppContext

SEARCH_DELAY_MS = 150
VISIBLE_ROWS = 4
LIMIT = 8


def hit_text(hit: SearchHit) -> str:
    """One line per match: the resident (kind, name, masked phone) and unit, or a unit and its people."""
    if hit.resident_id is None:
        people = "、".join(hit.occupants) or _("nobody registered")
        return f"{hit.unit_code} · {people}"
    kind = label(hit.resident_kind) if hit.resident_kind is not None else ""
    parts = [hit.name, kind, hit.phone_masked, hit.unit_code]
    return " · ".join(p for p in parts if p)


class RegistryFinder(QWidget):
    """A search box over the registry and its matches under it; ↓ moves into the list, Enter picks."""

    sig_picked = Signal(object)
    """A resident or unit was chosen (a :class:`SearchHit`)."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self.edit = QLineEdit()
        self.results = QListWidget()
        self.hits: list[SearchHit] = []
        self._pick_when_loaded = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SEARCH_DELAY_MS)
        self.edit.setPlaceholderText(_("Known caller? Phone, last 4 digits, name or unit"))
        self.edit.setClearButtonEnabled(True)
        self.edit.setToolTip(_("Type, then Enter picks the first match or ↓ chooses another"))
        self.results.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.edit)
        layout.addWidget(self.results)
        self.setFocusProxy(self.edit)
        self.edit.textEdited.connect(self._on_edit_text_edited)
        self._timer.timeout.connect(self.run_search)
        self.results.itemActivated.connect(self._on_results_item_activated)
        self.edit.installEventFilter(self)
        self.results.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """↓ from the box into the list; Enter picks the match chosen (the first); Esc back to the box."""
        if event.type() != QEvent.Type.KeyPress or not isinstance(event, QKeyEvent):
            return False
        key = event.key()
        if watched is self.edit and key == Qt.Key.Key_Down and self.hits:
            self.results.setFocus(Qt.FocusReason.OtherFocusReason)
            self.results.setCurrentRow(max(0, self.results.currentRow()))
            return True
        if watched is self.edit and key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.edit.text().strip():
            if self._timer.isActive():  # typed faster than the search: pick when it answers
                self._pick_when_loaded = True
                self.run_search()
                return True
            if self.hits:
                self.pick(self.hits[max(0, self.results.currentRow())])
                return True
        if watched is self.results and key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            row = self.results.currentRow()
            if 0 <= row < len(self.hits):
                self.pick(self.hits[row])
            return True
        if watched is self.results and key == Qt.Key.Key_Escape:
            self.edit.setFocus(Qt.FocusReason.OtherFocusReason)
            return True
        return False

    def run_search(self) -> None:
        """Search now for the text typed (on the worker thread)."""
        self._timer.stop()
        text = self.edit.text().strip()
        if not text:
            self._show([])
            return
        actor, estate = self._context.require_actor(), self._context.services.estate
        self._context.runner.submit(
            lambda: (text, estate.search(actor=actor, text=text, limit=LIMIT)), self._on_found, owner=self
        )

    def pick(self, hit: SearchHit) -> None:
        """Choose ``hit``: the form fills from it."""
        self._pick_when_loaded = False
        self.results.hide()
        self.sig_picked.emit(hit)

    def clear(self) -> None:
        """Empty the box and the list."""
        self._timer.stop()
        self._pick_when_loaded = False
        self.edit.clear()
        self._show([])

    def _show(self, hits: list[SearchHit]) -> None:
        self.hits = hits
        self.results.clear()
        for hit in hits:
            self.results.addItem(QListWidgetItem(hit_text(hit)))
        if hits:
            self.results.setCurrentRow(0)
            row_height = self.results.sizeHintForRow(0)
            row_height = row_height if row_height > 0 else self.fontMetrics().height() + 10
            self.results.setFixedHeight(
                row_height * min(len(hits), VISIBLE_ROWS) + 2 * self.results.frameWidth()
            )
        self.results.setVisible(bool(hits))

    def _on_found(self, result: tuple[str, list[SearchHit]]) -> None:
        text, hits = result
        if text != self.edit.text().strip():
            return  # the clerk typed on; a newer search follows
        self._show(hits)
        if self._pick_when_loaded:
            self._pick_when_loaded = False
            if hits:
                self.pick(hits[0])

    def _on_edit_text_edited(self, _text: str) -> None:
        self._pick_when_loaded = False
        self._timer.start()

    def _on_results_item_activated(self, item: QListWidgetItem) -> None:
        row = self.results.row(item)
        if 0 <= row < len(self.hits):
            self.pick(self.hits[row])
