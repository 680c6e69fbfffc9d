"""A search box with its matches under it: type, the matches show (asked on the worker thread a
moment after the last key); ↓ moves into the list, Enter picks the chosen match (the first), Esc goes
back to the box. Enter typed faster than the search picks the first match when it answers.

:class:`Finder` is the box; a module says what it searches (``search``) and how a match reads
(``hit_text``). :class:`RegistryFinder` finds a resident or unit in the registry (name, phone, its
last digits, unit) — the complainant of a complaint, the reporter of a work order.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Generic, TypeVar

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QLabel, QLineEdit, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from frontdesk.estate.kinds import label
from frontdesk.estate.search import SearchHit
from frontdesk.i18n import _
from ui.kit.context import AppContext

SEARCH_DELAY_MS = 150
H = TypeVar("H")
#: what a search answers: the matches, and a notice to show under them ("" for none)
Found = tuple[Sequence[H], str]


class Finder(QWidget, Generic[H]):
    """The box and its matches; ``sig_picked`` gives the match chosen."""

    sig_picked = Signal(object)
    """A match was chosen (an ``H``)."""

    def __init__(
        self, context: AppContext, *, placeholder: str, visible_rows: int, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._context = context
        self.visible_rows = visible_rows
        self.edit = QLineEdit()
        self.results = QListWidget()
        self.notice = QLabel()
        self.hits: list[H] = []
        self._pick_when_loaded = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SEARCH_DELAY_MS)
        self.edit.setPlaceholderText(placeholder)
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
        self.setFocusProxy(self.edit)
        self.edit.textEdited.connect(self._on_edit_text_edited)
        self._timer.timeout.connect(self.run_search)
        self.results.itemActivated.connect(self._on_results_item_activated)
        self.edit.installEventFilter(self)
        self.results.installEventFilter(self)

    # --- what the module says ------------------------------------------------------------------
    def search(self, text: str) -> Callable[[], Found[H]]:
        """The job finding ``text`` (runs on the worker thread)."""
        raise NotImplementedError

    def hit_text(self, hit: H) -> str:
        """One line for the match."""
        raise NotImplementedError

    # --- the keyboard ----------------------------------------------------------------------------
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

    # --- searching and picking -----------------------------------------------------------------
    def run_search(self) -> None:
        """Search now for the text typed (on the worker thread)."""
        self._timer.stop()
        text = self.edit.text().strip()
        if not text:
            self._show([], "")
            return
        job = self.search(text)
        self._context.runner.submit(lambda: (text, job()), self._on_found, owner=self)

    def pick(self, hit: H) -> None:
        """Choose ``hit``: the form fills from it."""
        self._pick_when_loaded = False
        self.results.hide()
        self.sig_picked.emit(hit)

    def clear(self) -> None:
        """Empty the box and the list."""
        self._timer.stop()
        self._pick_when_loaded = False
        self.edit.clear()
        self._show([], "")

    def _show(self, hits: Sequence[H], notice: str) -> None:
        self.hits = list(hits)
        self.results.clear()
        for hit in self.hits:
            self.results.addItem(QListWidgetItem(self.hit_text(hit)))
        if self.hits:
            self.results.setCurrentRow(0)
            row_height = self.results.sizeHintForRow(0)
            row_height = row_height if row_height > 0 else self.fontMetrics().height() + 10
            self.results.setFixedHeight(
                row_height * min(len(self.hits), self.visible_rows) + 2 * self.results.frameWidth()
            )
        self.results.setVisible(bool(self.hits))
        self.notice.setText(notice)
        self.notice.setVisible(bool(notice))

    def _on_found(self, result: tuple[str, Found[H]]) -> None:
        text, (hits, notice) = result
        if text != self.edit.text().strip():
            return  # the clerk typed on; a newer search follows
        self._show(hits, notice)
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


def registry_hit_text(hit: SearchHit) -> str:
    """One line per match: the resident (kind, name, masked phone) and unit, or a unit and its people."""
    if hit.resident_id is None:
        people = "、".join(hit.occupants) or _("nobody registered")
        return f"{hit.unit_code} · {people}"
    kind = label(hit.resident_kind) if hit.resident_kind is not None else ""
    parts = [hit.name, kind, hit.phone_masked, hit.unit_code]
    return " · ".join(p for p in parts if p)


class RegistryFinder(Finder[SearchHit]):
    """A resident or a unit of the registry, by name, phone, its last digits or unit."""

    LIMIT = 8

    def __init__(self, context: AppContext, placeholder: str = "", parent: QWidget | None = None) -> None:
        super().__init__(
            context,
            placeholder=placeholder or _("Known caller? Phone, last 4 digits, name or unit"),
            visible_rows=4,
            parent=parent,
        )

    def search(self, text: str) -> Callable[[], Found[SearchHit]]:
        actor, estate, limit = self._context.require_actor(), self._context.services.estate, self.LIMIT
        return lambda: (estate.search(actor=actor, text=text, limit=limit), "")

    def hit_text(self, hit: SearchHit) -> str:
        return registry_hit_text(hit)
