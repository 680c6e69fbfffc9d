"""The meters and utilities page (Shift+F7): the meter round, the month's table, the meters, the tariffs."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QTabWidget, QVBoxLayout, QWidget

from frontdesk.i18n import _
from ui.kit.context import AppContext
from ui.utilities.meters_view import MetersView
from ui.utilities.month_view import MonthView
from ui.utilities.round_view import RoundView
from ui.utilities.tariffs_view import TariffsView


class UtilitiesPage(QWidget):
    """Tabs: the meter round; the month's table, its close and its papers; the meters; the tariffs."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.round = RoundView(context)
        self.month = MonthView(context)
        self.meters = MetersView(context)
        self.tariffs = TariffsView(context)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.round, _("&Meter round"))
        self.tabs.addTab(self.month, _("Monthly &summary"))
        self.tabs.addTab(self.meters, _("Meter re&gister"))
        self.tabs.addTab(self.tariffs, _("T&ariffs"))
        heading = QLabel(_("Meters and utilities"))
        heading.setObjectName("pageTitle")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 12, 24, 12)
        layout.addWidget(heading)
        layout.addWidget(self.tabs, 1)
        self.tabs.currentChanged.connect(lambda _index: self.activate())

    def activate(self) -> None:
        """The page (or a tab) was opened: the current tab reads what it shows afresh."""
        current = self.tabs.currentWidget()
        activate = getattr(current, "activate", None)
        if callable(activate):
            activate()
