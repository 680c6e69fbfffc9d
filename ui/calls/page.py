"""The phone log page (F11): the call's form on the left; the caller's unit and the recent calls on the
right, where a call becomes a complaint, a message or a work order request."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QScrollArea, QSplitter, QVBoxLayout, QWidget

from frontdesk.calls.service import CallRow
from frontdesk.complaints.rows import ComplaintRow
from frontdesk.i18n import _
from ui.calls.form import CallForm
from ui.calls.recent import RecentCalls
from ui.kit.context import AppContext
from ui.kit.pages import Navigator, open_record
from ui.kit.unit_panel import UnitPanel

FORM_WIDTH = 540  # two fields side by side with their hints readable


class CallsPage(QWidget):
    """Take a call on the left; see who it is and what became of the last calls on the right."""

    def __init__(self, context: AppContext, navigator: Navigator, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self._navigator = navigator
        self.form = CallForm(context)
        self.panel = UnitPanel(context)
        self.recent = RecentCalls(context)
        self.status = QLabel()
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self._build_ui()
        self._connect_signals()

    def _build_ui(self) -> None:
        heading = QLabel(_("Phone calls"))
        heading.setObjectName("pageTitle")
        self.status.setWordWrap(True)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(self.form)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setMinimumWidth(FORM_WIDTH)
        right = QSplitter(Qt.Orientation.Vertical)
        right.addWidget(self.panel)
        right.addWidget(self.recent)
        right.setSizes([300, 400])
        right.setChildrenCollapsible(False)
        self.splitter.addWidget(scroll)
        self.splitter.addWidget(right)
        self.splitter.setSizes([FORM_WIDTH, 560])
        self.splitter.setChildrenCollapsible(False)
        top = QHBoxLayout()
        top.addWidget(heading)
        top.addWidget(self.status, 1, Qt.AlignmentFlag.AlignBottom)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 8, 24, 8)
        layout.addLayout(top)
        layout.addWidget(self.splitter, 1)

    def _connect_signals(self) -> None:
        self.form.sig_unit_chosen.connect(self._on_unit_chosen)
        self.form.sig_logged.connect(self._on_logged)
        self.recent.sig_complaint_made.connect(self._on_complaint_made)
        self.recent.sig_dialog_closed.connect(self._on_dialog_closed)
        self.recent.sig_work_order_requested.connect(self._on_work_order_requested)

    def activate(self) -> None:
        """The page was opened (F11): the recent calls reloaded, the cursor at the greeting."""
        self.recent.reload()
        if not self.form.phone.text() and not self.form.matter.toPlainText():
            self.form.greeted.setFocus(Qt.FocusReason.OtherFocusReason)

    def _on_unit_chosen(self, unit_id: int | None) -> None:
        if unit_id is None:
            self.panel.clear()
        else:
            self.panel.show_unit(unit_id)

    def _on_logged(self, row: CallRow) -> None:
        """The call is in the log, chosen in the list: one action makes it a complaint or a message."""
        self.status.clear()
        self.recent.reload(choose=row.id)

    def _on_dialog_closed(self) -> None:
        """Back to the greeting, for the next call (unless the complaint's page was opened)."""
        if self.isVisible():
            self.form.greeted.setFocus(Qt.FocusReason.OtherFocusReason)

    def _on_work_order_requested(self, call_id: int) -> None:
        """The request goes on to the work-orders page, its form filled in from the call."""
        open_record(self._navigator, f"work_order_call:{call_id}")

    def _on_complaint_made(self, row: ComplaintRow) -> None:
        if open_record(self._navigator, f"complaint:{row.number}"):
            return
        self.status.setText(
            _("Complaint {number} recorded; the complaints page is not available on this desk.").format(
                number=row.number
            )
        )
