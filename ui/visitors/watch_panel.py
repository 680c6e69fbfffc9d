"""The watch list tab: entries with reason and who set them; supervisors add and remove (never delete)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QInputDialog,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from frontdesk.auth import Actor, Permission
from frontdesk.clock import to_local
from frontdesk.errors import ValidationError
from frontdesk.i18n import N_, _
from frontdesk.identity import DocumentType, guess_type
from frontdesk.visitors.rows import WatchRow
from ui.kit import messages
from ui.kit.authorize import ask_supervisor
from ui.kit.context import AppContext
from ui.kit.dialog import Dialog
from ui.kit.forms import FieldErrors
from ui.kit.table_model import Column, RowTableModel
from ui.visitors.onsite_list import visit_table

WATCH_COLUMNS: list[Column[WatchRow]] = [
    Column(N_("Name"), lambda w: w.name),
    Column(N_("Phone"), lambda w: w.phone_masked),
    Column(N_("ID"), lambda w: w.id_number_masked),
    Column(N_("Reason"), lambda w: w.reason),
    Column(N_("Set by"), lambda w: w.set_by),
    Column(N_("Since"), lambda w: to_local(w.set_at)),
]


class WatchDialog(Dialog):
    """Put someone on the watch list: name and/or phone and/or ID, and the reason."""

    def __init__(self, context: AppContext, supervisor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._context, self._supervisor = context, supervisor
        self.errors = FieldErrors()
        self.name, self.phone, self.id_number, self.reason = (
            QLineEdit(),
            QLineEdit(),
            QLineEdit(),
            QLineEdit(),
        )
        self.setWindowTitle(_("Add to the watch list"))
        form = QFormLayout()
        form.addRow(_("&Name"), self.errors.wrap("name", self.name))
        form.addRow(_("&Phone"), self.errors.wrap("phone", self.phone))
        form.addRow(_("&ID number"), self.errors.wrap("id_number", self.id_number))
        form.addRow(_("&Reason"), self.errors.wrap("reason", self.reason))
        self.id_number.setPlaceholderText(_("kept masked and as a coded fingerprint only"))
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)

    def save(self) -> None:
        """Save on the worker thread; errors beside the fields."""
        self.errors.clear()
        visitors, who = self._context.services.visitors, self._supervisor
        name, phone, number, reason = (
            self.name.text(),
            self.phone.text(),
            self.id_number.text(),
            self.reason.text(),
        )
        kind = (guess_type(number) or DocumentType.OTHER).value if number.strip() else None
        self._context.runner.submit(
            lambda: visitors.add_watch(
                actor=who, name=name, phone=phone, id_type=kind, id_number=number, reason=reason
            ),
            self._on_saved,
            lambda exc: self.errors.show(self, exc),
            owner=self,
        )

    def _on_saved(self, _row: WatchRow) -> None:
        self._context.bus.notify("watch")
        self.accept()


class WatchPanel(QWidget):
    """The active entries; adding or removing needs a supervisor (signed in, or authorising here)."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self.model: RowTableModel[WatchRow] = RowTableModel(WATCH_COLUMNS, parent=self)
        self.table = visit_table(self.model)
        self.add_button = QPushButton(_("Add an &entry …"))
        self.remove_button = QPushButton(_("Remove …"))
        self.dialog: WatchDialog | None = None
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        self.add_button.clicked.connect(self._on_add_button_clicked)
        self.remove_button.clicked.connect(self._on_remove_button_clicked)
        context.bus.subscribe(self, lambda entity: self.reload() if entity == "watch" else None)

    def reload(self) -> None:
        """Load the active entries (worker thread)."""
        actor, visitors = self._context.require_actor(), self._context.services.visitors
        self._context.runner.submit(lambda: visitors.watch_list(actor=actor), self.model.set_rows, owner=self)

    def _supervisor(self, title: str) -> Actor | None:
        if self._context.can(Permission.OVERRIDE):
            return self._context.require_actor()
        authorization = ask_supervisor(
            self._context, self, permission=Permission.OVERRIDE, title=title,
            explanation=_("The watch list is kept by supervisors."), reason_required=False,
        )  # fmt: skip
        return authorization.actor if authorization is not None else None

    def _on_add_button_clicked(self) -> None:
        supervisor = self._supervisor(_("Add to the watch list"))
        if supervisor is not None:
            self.dialog = WatchDialog(self._context, supervisor, self)
            self.dialog.open()

    def _on_remove_button_clicked(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        entry = self.model.row(rows[0].row()) if rows else None
        if entry is None:
            messages.warn(self, _("Choose the entry to remove."))
            return
        supervisor = self._supervisor(_("Remove from the watch list"))
        if supervisor is None:
            return
        reason, ok = QInputDialog.getText(
            self, _("Remove from the watch list"), _("Why is the entry removed?")
        )
        if not ok:
            return
        visitors = self._context.services.visitors
        self._context.runner.submit(
            lambda: visitors.remove_watch(actor=supervisor, entry_id=entry.id, reason=reason),
            lambda _row: self._context.bus.notify("watch"),
            lambda exc: (
                messages.warn(self, exc.message)
                if isinstance(exc, ValidationError)
                else messages.show_error(self, exc)
            ),
            owner=self,
        )
