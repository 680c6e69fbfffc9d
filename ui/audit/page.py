"""The audit trail (supervisors, administrators): newest first, the next page fetched as you scroll."""

from __future__ import annotations

import json
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from frontdesk.audit import AuditRow
from frontdesk.clock import format_local
from frontdesk.i18n import N_, _, ngettext
from ui.kit import messages
from ui.kit.context import AppContext
from ui.kit.list_export import export_button, export_view
from ui.kit.table_model import RESIZE_ROWS, Column, RowTableModel

PAGE_SIZE = 100
FETCH_MARGIN = 5  # rows from the bottom at which the next page is fetched


def _changes(row: AuditRow) -> str:
    def brief(values: dict[str, Any]) -> str:
        return ", ".join(f"{k}={json.dumps(v, ensure_ascii=False)}" for k, v in values.items())

    before, after = brief(row.before), brief(row.after)
    return f"{before} → {after}" if before else after


#: the trail's action and entity codes as people read them (unknown codes are shown as stored)
ACTIONS = {
    "create": N_("Created"),
    "update": N_("Changed"),
    "status": N_("Status changed"),
    "login": N_("Signed in"),
    "login_failed": N_("Wrong password"),
    "password": N_("Password set"),
    "backup": N_("Backed up"),
    "backup_verified": N_("Backup verified"),
    "backup_failed": N_("Backup failed its check"),
    "print": N_("Printed"),
    "save_pdf": N_("Saved as PDF"),
    "export": N_("Exported"),
    "authorize": N_("Authorised"),
}
ENTITIES = {
    "staff": N_("Staff"),
    "office": N_("Office"),
    "estate": N_("Estate"),
    "setting": N_("Setting"),
    "database": N_("Database"),
    "audit": N_("Audit trail"),
}
SOURCES = {"gui": N_("Desk"), "cli": N_("Command line")}


def _label(labels: dict[str, str], code: str) -> str:
    return _(labels[code]) if code in labels else code


COLUMNS: list[Column[AuditRow]] = [
    Column(N_("Time"), lambda r: r.at, format=format_local),
    Column(N_("Staff"), lambda r: r.actor),
    Column(N_("From"), lambda r: _label(SOURCES, r.source)),
    Column(N_("Action"), lambda r: _label(ACTIONS, r.action)),
    Column(N_("Record"), lambda r: f"{_label(ENTITIES, r.entity)} {r.entity_id}".strip()),
    Column(N_("Changes"), _changes, tooltip=_changes),
]


class AuditPage(QWidget):
    """Who did what and when; read-only, and the core refuses it to roles without the right."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self.model: RowTableModel[AuditRow] = RowTableModel(COLUMNS, parent=self)
        self.table = QTableView()
        self.count_label = QLabel()
        self.refresh_button = QPushButton(_("&Refresh"))
        self.export_button = export_button(self, self.export)
        self._loading = False
        self.exhausted = False
        self._build_ui()
        self._connect_signals()

    def _build_ui(self) -> None:
        heading = QLabel(_("Audit trail"))
        heading.setObjectName("pageTitle")
        self.count_label.setObjectName("hint")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setResizeContentsPrecision(RESIZE_ROWS)  # not every row of a long list
        header.setStretchLastSection(True)
        bar = QHBoxLayout()
        bar.addWidget(self.count_label, 1)
        bar.addWidget(self.refresh_button)
        bar.addWidget(self.export_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 16, 24, 16)
        layout.addWidget(heading)
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)

    def _connect_signals(self) -> None:
        self.refresh_button.clicked.connect(self.reload)
        self.table.verticalScrollBar().valueChanged.connect(self._on_scrollbar_value_changed)
        QShortcut(
            QKeySequence(QKeySequence.StandardKey.Refresh),
            self,
            self.reload,
            context=Qt.ShortcutContext.WidgetWithChildrenShortcut,
        )

    def activate(self) -> None:
        """Show the newest entries (the page was opened)."""
        self.reload()

    def reload(self) -> None:
        """Start again from the newest entry."""
        self.model.set_rows([])
        self.exhausted = False
        self.fetch_more()

    def export(self) -> None:
        """Export the entries shown so far (identity numbers and phones are stored masked) to Excel."""
        export_view(
            self._context, self, self.table, title=_("Audit trail"), file_stem=_("Audit trail"), what="audit"
        )

    def fetch_more(self) -> None:
        """Fetch the page of entries older than the last one shown."""
        if self._loading or self.exhausted:
            return
        rows = self.model.rows()
        before = rows[-1].id if rows else None
        actor, trail = self._context.require_actor(), self._context.services.audit
        self._loading = True
        self._context.runner.submit(
            lambda: trail.recent(actor=actor, limit=PAGE_SIZE, before_id=before),
            self._on_page_loaded,
            self._on_page_failed,
            owner=self,
        )

    def _on_page_loaded(self, rows: list[AuditRow]) -> None:
        self._loading = False
        self.exhausted = len(rows) < PAGE_SIZE
        self.model.append_rows(rows)
        shown = self.model.rowCount()
        if self.exhausted:
            text = ngettext("{n} entry shown, newest first", "{n} entries shown, newest first", shown)
        else:
            text = ngettext(
                "{n} entry shown, newest first; scroll for more",
                "{n} entries shown, newest first; scroll for more",
                shown,
            )
        self.count_label.setText(text.format(n=shown))

    def _on_page_failed(self, exc: BaseException) -> None:
        self._loading = False
        messages.show_error(self.window(), exc)

    def _on_scrollbar_value_changed(self, value: int) -> None:
        bar = self.table.verticalScrollBar()
        if value >= bar.maximum() - FETCH_MARGIN:
            self.fetch_more()
