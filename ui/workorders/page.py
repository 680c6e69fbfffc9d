"""The work-orders page (F5): a new order, the list, and the chosen order with its next step."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QTabWidget, QVBoxLayout, QWidget

from frontdesk.i18n import _
from frontdesk.workorders.rows import OrderRow
from ui.kit.context import AppContext
from ui.workorders.order_form import OrderForm
from ui.workorders.order_list import OrderList
from ui.workorders.order_view import OrderView
from ui.workorders.technicians import TechniciansPanel


class WorkOrdersPage(QWidget):
    """Four tabs: "New work order", the list, the chosen order with its steps, and who is on duty."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.form = OrderForm(context)
        self.view = OrderView(context)
        self.list = OrderList(context)
        self.roster = TechniciansPanel(context, roster=True)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.form, _("&New work order"))
        self.tabs.addTab(self.list, _("Work order &list"))
        self.tabs.addTab(self.view, _("&Order and steps"))
        self.tabs.addTab(self.roster, _("Technicians on dut&y"))
        heading = QLabel(_("Work orders"))
        heading.setObjectName("pageTitle")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 12, 24, 12)
        layout.addWidget(heading)
        layout.addWidget(self.tabs, 1)
        self.form.sig_created.connect(self._on_created)
        self.list.sig_open.connect(self.show_order)
        self.list.sig_chosen.connect(self.view.show_order)
        self.tabs.currentChanged.connect(self._on_tab_changed)

    def activate(self) -> None:
        """The page was opened (F5): the cursor where the current tab starts."""
        self._on_tab_changed()

    def new_from_call(self, call_id: int) -> None:
        """A new order filled in from logged call ``call_id``, for the clerk to check and save."""
        self.tabs.setCurrentWidget(self.form)
        self.form.fill_from_call(call_id)

    def show_order(self, number: str) -> None:
        """Show order ``number`` with its next step (from the list, Ctrl+K or the unit panel)."""
        self.tabs.setCurrentWidget(self.view)
        self.view.show_order(number)
        self.view.focus_step()

    def _on_created(self, row: OrderRow) -> None:
        """An order created goes on at once to its dispatch step."""
        self.show_order(row.number)

    def _on_tab_changed(self) -> None:
        current = self.tabs.currentWidget()
        if current is self.form:
            self.form.focus_first()
        elif current is self.view:
            self.view.focus_step()
        elif current is self.roster:
            self.roster.activate()  # read afresh: another desk may have changed the roster
            self.roster.table.setFocus(Qt.FocusReason.OtherFocusReason)
        else:
            self.list.reload()
            self.list.table.setFocus(Qt.FocusReason.OtherFocusReason)
