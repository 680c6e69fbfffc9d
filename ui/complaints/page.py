"""The complaints page (F4): take a complaint, work its case step by step, find it in the list."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QTabWidget, QVBoxLayout, QWidget

from frontdesk.complaints.rows import ComplaintRow
from frontdesk.i18n import _
from ui.complaints.case_view import CaseView
from ui.complaints.complaint_list import ComplaintList
from ui.complaints.intake_form import IntakeForm
from ui.kit.context import AppContext


class ComplaintsPage(QWidget):
    """Three tabs: "New complaint" (the intake), the list, and the chosen complaint's case and steps."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.form = IntakeForm(context)
        self.case = CaseView(context)
        self.list = ComplaintList(context)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.form, _("&New complaint"))
        self.tabs.addTab(self.list, _("Complaint &list"))
        self.tabs.addTab(self.case, _("Case an&d steps"))
        heading = QLabel(_("Complaints"))
        heading.setObjectName("pageTitle")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 12, 24, 12)
        layout.addWidget(heading)
        layout.addWidget(self.tabs, 1)
        self.form.sig_taken.connect(self._on_taken)
        self.list.sig_open.connect(self.show_complaint)
        self.list.sig_chosen.connect(self.case.show_complaint)  # the case tab shows the row chosen
        self.tabs.currentChanged.connect(self._on_tab_changed)

    def activate(self) -> None:
        """The page was opened (F4): the cursor where the current tab starts."""
        self._on_tab_changed()

    def show_complaint(self, number: str) -> None:
        """Show complaint ``number`` with its procedure (e.g. from the list, Ctrl+K or the unit panel)."""
        self.tabs.setCurrentWidget(self.case)
        self.case.show_complaint(number)
        self.case.focus_step()

    def _on_taken(self, row: ComplaintRow) -> None:
        """A complaint taken goes on at once to its next step (the clerk may press F4 for the next one)."""
        self.show_complaint(row.number)

    def _on_tab_changed(self) -> None:
        current = self.tabs.currentWidget()
        if current is self.form:
            self.form.focus_first()
        elif current is self.case:
            self.case.focus_step()
        else:
            self.list.reload()
            self.list.table.setFocus(Qt.FocusReason.OtherFocusReason)
