"""The workspace: top bar with the global search, the sidebar and the pages, each reachable by shortcut."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from frontdesk.i18n import _
from ui.kit.context import AppContext
from ui.kit.keyboard import keep_keyboard_rules
from ui.kit.pages import Navigator, PageSpec
from ui.kit.search import SearchRegistry, SearchResult, matches
from ui.kit.typed import Typed, put_back, typed
from ui.shell.search_box import SearchBox
from ui.shell.sidebar import Sidebar
from ui.shell.style import icon

SEARCH_SHORTCUT = "Ctrl+K"
LOCK_SHORTCUT = "Ctrl+L"


class Workspace(QWidget):
    """Everything the idle lock covers: search, sidebar, pages and their shortcuts."""

    sig_page_changed = Signal(str)
    """The page with this id is now shown."""
    sig_lock_requested = Signal()
    """The user asked to lock the screen now."""

    def __init__(
        self, context: AppContext, pages: list[PageSpec], navigator: Navigator, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._context = context
        self._specs = {spec.id: spec for spec in pages}
        self._navigator = navigator
        self._widgets: dict[str, QWidget] = {}
        self._typed: dict[str, Typed] = {}  # put back into each page as it is built again
        self.search = SearchRegistry()
        self.search_box = SearchBox(self.search, context.runner)
        self.sidebar = Sidebar(pages)
        self.stack = QStackedWidget()
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.title_label = QLabel()
        self.lock_button = QPushButton(icon("lock"), _("Lock"))
        self._build_ui()
        self._connect_signals()
        self._install_shortcuts()
        self._register_search_providers()

    def _build_ui(self) -> None:
        self.title_label.setObjectName("officeName")
        self.lock_button.setToolTip(_("Lock the screen now ({key})").format(key=LOCK_SHORTCUT))
        self.lock_button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        top = QWidget()
        top.setObjectName("topBar")
        top.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.search_box.setMaximumWidth(640)
        bar = QHBoxLayout(top)
        bar.setContentsMargins(16, 8, 16, 8)
        bar.addWidget(self.title_label)
        bar.addStretch(1)
        bar.addWidget(self.search_box, 3)
        bar.addWidget(self.lock_button)
        self.splitter.addWidget(self.sidebar)
        self.splitter.addWidget(self.stack)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([220, 900])
        self.splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(top)
        layout.addWidget(self.splitter, 1)
        self.setTabOrder(self.search_box, self.lock_button)
        self.setTabOrder(self.lock_button, self.sidebar)

    def _connect_signals(self) -> None:
        self.sidebar.sig_page_chosen.connect(self.open_page)
        self.lock_button.clicked.connect(self.sig_lock_requested)

    def _install_shortcuts(self) -> None:
        for spec in self._specs.values():
            self._add_action(spec.shortcut, partial(self._open_from_search, spec.id))
        self._add_action(SEARCH_SHORTCUT, self.focus_search)
        self._add_action(LOCK_SHORTCUT, self.sig_lock_requested.emit)

    def _add_action(self, shortcut: str, slot: Callable[[], object]) -> None:
        action = QAction(self)
        action.setShortcut(QKeySequence(shortcut))
        action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        action.triggered.connect(slot)
        self.addAction(action)  # hidden with the workspace while locked, so shortcuts stop too

    def _register_search_providers(self) -> None:
        self.search.register_search_provider(self._search_modules)
        for spec in sorted(self._specs.values(), key=lambda s: s.search_rank):
            if spec.search is not None:
                self.search.register_search_provider(spec.search(self._context, self._navigator))

    def _search_modules(self, text: str) -> list[SearchResult]:
        return [
            SearchResult(
                _(spec.title),
                _("Module · {key}").format(key=spec.shortcut),
                partial(self._open_from_search, spec.id),
            )
            for spec in self._specs.values()
            if matches(text, _(spec.title), spec.title, spec.id)
        ]

    def _open_from_search(self, page_id: str) -> None:
        self.open_page(page_id)

    def set_office_name(self, name: str) -> None:
        """Show the office's name at the left of the top bar."""
        self.title_label.setText(name)

    def focus_search(self) -> None:
        """Put the cursor in the global search box."""
        self.search_box.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search_box.selectAll()

    def open_page(self, page_id: str) -> QWidget | None:
        """Show a page (built on first use); None when this user has no such page."""
        spec = self._specs.get(page_id)
        if spec is None:
            return None
        page = self._widgets.get(page_id)
        if page is None:
            page = spec.factory(self._context, self._navigator)
            keep_keyboard_rules(page)  # Alt+letters reach their inputs; date fields leave on Tab
            if page_id in self._typed:
                put_back(page, self._typed.pop(page_id))
            self._widgets[page_id] = page
            self.stack.addWidget(page)
        self.stack.setCurrentWidget(page)
        self.sidebar.select_page(page_id)
        activate = getattr(page, "activate", None)
        if callable(activate):
            activate()
        self.sig_page_changed.emit(page_id)
        return page

    def typed(self) -> dict[str, Typed]:
        """What was typed into each page built so far (and not yet put back), by page id."""
        return {**self._typed, **{page_id: typed(page) for page_id, page in self._widgets.items()}}

    def put_back_typed(self, pages: dict[str, Typed]) -> None:
        """Put what was typed into a rebuilt window's pages back, each as it is built."""
        self._typed = dict(pages)

    def current_page_id(self) -> str:
        """The id of the page shown ("" before any)."""
        current = self.stack.currentWidget()
        return next((pid for pid, w in self._widgets.items() if w is current), "")

    def page(self, page_id: str) -> QWidget | None:
        """A page already built, without showing it."""
        return self._widgets.get(page_id)
