"""The returning-visitor search at the top of the registration form: type, see matches, Enter picks."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QLabel, QLineEdit, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from frontdesk.clock import format_local
from frontdesk.i18n import _
from frontdesk.visitors.rows import VisitorHit, VisitorSearch
from ui.kit.context import AppContext

SEARCH_DELAY_MS = 150
VISIBLE_ROWS = 5


def hit_text(hit: VisitorHit) -> str:
    """One line per match: name, masked phone and ID, last visit and host."""
    parts = [hit.name, hit.phone_masked, hit.id_number_masked]
    if hit.last_visit_at is not None:
        last = _("last {when}").format(when=format_local(hit.last_visit_at))
        host = hit.last_host_unit_code or hit.last_host_department
        parts.append(f"{last} → {host}" if host else last)
    return " · ".join(p for p in parts if p)


class ReturningSearch(QWidget):
    """A search box and the list of matches under it; ↓ moves into the list, Enter picks."""

    sig_picked = Signal(object)
    """A returning visitor was chosen (a :class:`VisitorHit`)."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self.edit = QLineEdit()
        self.results = QListWidget()
        self.notice = QLabel()
        self.hits: list[VisitorHit] = []
        self._pick_when_loaded = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SEARCH_DELAY_MS)
        self._build_ui()
        self._connect_signals()

    def _build_ui(self) -> None:
        self.edit.setPlaceholderText(_("Returning visitor? Phone, last 4 digits, name or ID digits"))
        self.edit.setClearButtonEnabled(True)
        self.edit.setToolTip(_("Type, then Enter picks the first match or ↓ chooses another"))
        self.results.hide()
        self.notice.setObjectName("fieldError")
        self.notice.setWordWrap(True)
        self.notice.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.edit)
        layout.addWidget(self.results)
        layout.addWidget(self.notice)

    def _connect_signals(self) -> None:
        self.edit.textEdited.connect(self._on_edit_text_edited)
        self._timer.timeout.connect(self.run_search)
        self.results.itemActivated.connect(self._on_results_item_activated)
        self.edit.installEventFilter(self)
        self.results.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """↓ from the box into the list; Enter in the box picks the first match; Esc back to the box."""
        if event.type() != QEvent.Type.KeyPress or not isinstance(event, QKeyEvent):
            return False
        key = event.key()
        if watched is self.edit and key == Qt.Key.Key_Down and self.hits:
            self.results.setFocus(Qt.FocusReason.OtherFocusReason)
            self.results.setCurrentRow(0 if self.results.currentRow() < 0 else self.results.currentRow())
            return True
        if watched is self.edit and key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.edit.text().strip():
            if self._timer.isActive():  # typed faster than the search: pick when it answers
                self._pick_when_loaded = True
                self.run_search()
                return True
            if self.hits:
                self.pick(self.hits[max(0, self.results.currentRow())])
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
            self._show(VisitorSearch(()))
            return
        actor, visitors = self._context.require_actor(), self._context.services.visitors
        self._context.runner.submit(
            lambda: (text, visitors.find_returning(actor=actor, text=text)), self._on_found, owner=self
        )

    def pick(self, hit: VisitorHit) -> None:
        """Choose ``hit``: the form fills from it."""
        self.results.hide()
        self.sig_picked.emit(hit)

    def clear(self) -> None:
        """Empty the box and the list."""
        self.edit.clear()
        self._show(VisitorSearch(()))

    def _show(self, search: VisitorSearch) -> None:
        self.hits = list(search.hits)
        self.results.clear()
        for hit in self.hits:
            self.results.addItem(QListWidgetItem(hit_text(hit)))
        if self.hits:
            self.results.setCurrentRow(0)
            row_height = self.results.sizeHintForRow(0)
            row_height = row_height if row_height > 0 else self.fontMetrics().height() + 10
            self.results.setFixedHeight(
                row_height * min(len(self.hits), VISIBLE_ROWS) + 2 * self.results.frameWidth()
            )
        self.results.setVisible(bool(self.hits))
        self.notice.setText(search.notice)
        self.notice.setVisible(bool(search.notice))

    def _on_found(self, result: tuple[str, VisitorSearch]) -> None:
        text, search = result
        if text != self.edit.text().strip():
            return  # the clerk typed on; a newer search follows
        self._show(search)
        if self._pick_when_loaded:
            self._pick_when_loaded = False
            if self.hits:
                self.pick(self.hits[0])

    def _on_edit_text_edited(self, _text: str) -> None:
        self._pick_when_loaded = False
        self._timer.start()

    def _on_results_item_activated(self, item: QListWidgetItem) -> None:
        row = self.results.row(item)
        if 0 <= row < len(self.hits):
            self.pick(self.hits[row])
