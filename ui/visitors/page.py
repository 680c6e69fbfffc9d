"""The Visitors page (F2): the registration form beside the unit panel, on-site list, visits, watch list."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from frontdesk.i18n import _
from frontdesk.visitors.rows import VisitorHit, VisitRow
from ui.kit.context import AppContext
from ui.kit.unit_panel import UnitPanel
from ui.visitors.form import RegistrationForm
from ui.visitors.onsite_list import OnSiteList
from ui.visitors.papers import preview_notice, preview_pass
from ui.visitors.visits_list import VisitsList
from ui.visitors.watch_panel import WatchPanel


class VisitorsPage(QWidget):
    """Register a visitor on the left; the unit's story and who is on site on the right."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self.form = RegistrationForm(context)
        self.panel = UnitPanel(context)
        self.on_site = OnSiteList(context)
        self.visits = VisitsList(context)
        self.watch = WatchPanel(context)
        self.tabs = QTabWidget()
        self.print_button = QPushButton(_("Print &visitor pass"))
        self.notice_button = QPushButton(_("Collection notice …"))
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.last_visit: VisitRow | None = None
        self._build_ui()
        self._connect_signals()

    def _build_ui(self) -> None:
        heading = QLabel(_("Visitor registration"))
        heading.setObjectName("pageTitle")
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(self.form)
        self.tabs.addTab(self.on_site, _("On site"))
        self.tabs.addTab(self.visits, _("Visits"))
        self.tabs.addTab(self.watch, _("Watch list"))
        right_split = QSplitter(Qt.Orientation.Vertical)
        right_split.addWidget(self.panel)
        right_split.addWidget(self.tabs)
        right_split.setSizes([320, 560])  # the unit's story above, who is on site below
        self.splitter.addWidget(scroll)
        self.splitter.addWidget(right_split)
        self.splitter.setSizes([640, 860])
        self.print_button.setEnabled(False)
        top = QHBoxLayout()
        top.addWidget(heading)
        top.addStretch(1)
        top.addWidget(self.print_button)
        top.addWidget(self.notice_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 8, 24, 8)  # the whole form fits a 768-pixel screen
        layout.addLayout(top)
        layout.addWidget(self.splitter, 1)

    def _connect_signals(self) -> None:
        self.form.host.sig_unit_chosen.connect(self._on_form_unit_chosen)
        self.form.sig_registered.connect(self._on_form_registered)
        self.on_site.sig_print_pass.connect(
            lambda visit_id, number: preview_pass(self._context, self, visit_id, number)
        )
        self.print_button.clicked.connect(self._on_print_button_clicked)
        self.notice_button.clicked.connect(lambda: preview_notice(self._context, self))
        shortcut = QShortcut(
            QKeySequence("Ctrl+O"), self, context=Qt.ShortcutContext.WidgetWithChildrenShortcut
        )
        shortcut.activated.connect(self._on_sign_out_shortcut)
        self.on_site.pass_field.setToolTip(_("Ctrl+O puts the cursor here"))

    def activate(self) -> None:
        """The page was opened (F2): fresh lists, the cursor in the returning-visitor search."""
        self.on_site.reload()
        self.visits.reload()
        self.watch.reload()
        self.form.search.edit.setFocus(Qt.FocusReason.OtherFocusReason)

    def pick_visitor(self, hit: VisitorHit) -> None:
        """Start a registration for a returning visitor (chosen in the global search)."""
        self.form.clear()
        self.form.fill_from(hit)

    def show_visit(self, visit_id: int, day: date | None) -> None:
        """Show the day's visits with visit ``visit_id`` chosen (a unit panel's line was opened)."""
        self.tabs.setCurrentWidget(self.visits)
        self.visits.show_visit(visit_id, day)

    def _on_form_unit_chosen(self, unit_id: int | None) -> None:
        if unit_id is None:
            self.panel.clear()
        else:
            self.panel.show_unit(unit_id)

    def _on_form_registered(self, row: VisitRow) -> None:
        self.last_visit = row
        self.print_button.setEnabled(bool(row.pass_number))
        self.panel.clear()  # the form is empty again: so is the unit's story beside it

    def _on_print_button_clicked(self) -> None:
        if self.last_visit is not None:
            preview_pass(self._context, self, self.last_visit.id, self.last_visit.pass_number)

    def _on_sign_out_shortcut(self) -> None:
        self.tabs.setCurrentWidget(self.on_site)
        self.on_site.focus_pass_field()
