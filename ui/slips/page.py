"""The release-slip page (F3): the guided form to issue a slip, and the list of slips issued."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QTabWidget, QVBoxLayout, QWidget

from frontdesk.i18n import _
from frontdesk.slips.rows import SlipRow
from ui.kit.context import AppContext
from ui.slips.issue_form import IssueSlipForm
from ui.slips.slip_list import SlipList


class SlipsPage(QWidget):
    """Two tabs: "New slip" (the four steps) and "Slips" (today's, a month's, any by number)."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.form = IssueSlipForm(context)
        self.list = SlipList(context)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.form, _("N&ew slip"))
        self.tabs.addTab(self.list, _("&Slips"))
        heading = QLabel(_("Release slips"))
        heading.setObjectName("pageTitle")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 16, 24, 16)
        layout.addWidget(heading)
        layout.addWidget(self.tabs, 1)
        self.form.sig_issued.connect(self._on_issued)
        self.tabs.currentChanged.connect(self._on_tab_changed)

    def activate(self) -> None:
        """The page was opened (F3): the form, cursor in its current step; the list refreshed."""
        self.list.reload()
        if self.tabs.currentWidget() is self.form:
            self.form.go_to(self.form.step())

    def show_slip(self, number: str) -> None:
        """Show slip ``number`` in the list (e.g. chosen in the global search)."""
        self.tabs.setCurrentWidget(self.list)
        self.list.show_slip(number)
        self.list.table.setFocus(Qt.FocusReason.OtherFocusReason)

    def _on_issued(self, _row: SlipRow) -> None:
        self.list.reload()

    def _on_tab_changed(self) -> None:
        if self.tabs.currentWidget() is self.list:
            self.list.reload()
            self.list.search.setFocus(Qt.FocusReason.OtherFocusReason)
