"""Data safety on the Settings page: back up now, and check the database (integrity, audit chain)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QGridLayout, QGroupBox, QLabel, QPushButton, QWidget

from frontdesk.auth import Permission
from frontdesk.backup import BackupCopy, restore_warning
from frontdesk.errors import StorageError, UserError
from frontdesk.i18n import _, ngettext
from frontdesk.maintenance import CheckReport
from ui.kit import messages
from ui.kit.context import AppContext


def set_status(label: QLabel, text: str, status: str) -> None:
    """Show ``text`` with a status colour (ok / warn / bad); the text itself says the status too."""
    label.setText(text)
    label.setProperty("status", status)
    label.style().unpolish(label)
    label.style().polish(label)


def _size(size: int) -> str:
    return f"{size / 1024:.0f} KiB" if size < 1024 * 1024 else f"{size / 1024 / 1024:.1f} MiB"


def _error_text(exc: BaseException) -> str:
    if isinstance(exc, StorageError):
        return f"{exc.message}\n{exc.hint}".strip()
    return exc.message if isinstance(exc, UserError) else str(exc)


class SafetyPanel(QGroupBox):
    """Back up now (with the result beside the button) and a database check listing what it found."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(_("Data safety"), parent)
        self._context = context
        self.backup_button = QPushButton(_("Back up now"))
        self.backup_result = QLabel()
        self.check_button = QPushButton(_("Check database"))
        self.check_result = QLabel()
        self.restore_button = QPushButton(_("Restore from a backup …"))
        self.folder = QLabel()
        self._build_ui()
        self.backup_button.clicked.connect(self._on_backup_button_clicked)
        self.check_button.clicked.connect(self._on_check_button_clicked)
        self.restore_button.clicked.connect(self._on_restore_button_clicked)

    def _build_ui(self) -> None:
        self.folder.setObjectName("hint")
        self.folder.setWordWrap(True)
        self.refresh()
        grid = QGridLayout(self)
        grid.setColumnStretch(1, 1)
        for label in (self.backup_result, self.check_result):
            label.setWordWrap(True)
            label.setObjectName("result")
        grid.addWidget(self.folder, 0, 0, 1, 2)
        grid.addWidget(self.backup_button, 1, 0)
        grid.addWidget(self.backup_result, 1, 1)
        grid.addWidget(self.check_button, 2, 0)
        grid.addWidget(self.check_result, 2, 1)
        if self._context.can(Permission.SETTINGS) and self._context.services.target.is_sqlite:
            grid.addWidget(self.restore_button, 3, 0)
        else:
            self.restore_button.hide()

    def refresh(self) -> None:
        """Show the backup folder in force."""
        folder = self._context.settings.backup_folder()
        self.folder.setText(_("Backups go to: {folder}").format(folder=folder))

    def _on_backup_button_clicked(self) -> None:
        actor, maintenance = self._context.require_actor(), self._context.services.maintenance
        self.backup_button.setEnabled(False)
        set_status(self.backup_result, _("Backing up …"), "neutral")
        self._context.runner.submit(
            lambda: maintenance.backup_now(actor=actor),
            self._on_backup_done,
            self._on_backup_failed,
            owner=self,
        )

    def _on_backup_done(self, copy: BackupCopy) -> None:
        self.backup_button.setEnabled(True)
        set_status(
            self.backup_result,
            _("Done: {path} ({size}), checked.").format(path=copy.path, size=_size(copy.size)),
            "ok",
        )
        self._context.bus.notify("backup")

    def _on_backup_failed(self, exc: BaseException) -> None:
        self.backup_button.setEnabled(True)
        if not isinstance(exc, UserError | StorageError):
            messages.show_bug(self.window(), exc)
        set_status(self.backup_result, _("Failed: {reason}").format(reason=_error_text(exc)), "bad")

    def _on_check_button_clicked(self) -> None:
        maintenance = self._context.services.maintenance
        self.check_button.setEnabled(False)
        set_status(self.check_result, _("Checking …"), "neutral")
        self._context.runner.submit(maintenance.check, self._on_check_done, self._on_check_failed, owner=self)

    def _on_check_done(self, report: CheckReport) -> None:
        self.check_button.setEnabled(True)
        if report.ok:
            set_status(
                self.check_result,
                _("No problems found ({checks}; {n} audit entries verified).").format(
                    checks=", ".join(report.checks), n=report.audit_entries
                ),
                "ok",
            )
        else:
            lines = "\n".join(f"• {p}" for p in report.problems)
            set_status(
                self.check_result,
                ngettext(
                    "{n} problem found:\n{lines}", "{n} problems found:\n{lines}", len(report.problems)
                ).format(n=len(report.problems), lines=lines),
                "bad",
            )

    def _on_check_failed(self, exc: BaseException) -> None:
        self.check_button.setEnabled(True)
        if not isinstance(exc, UserError | StorageError):
            messages.show_bug(self.window(), exc)
        set_status(self.check_result, _("Failed: {reason}").format(reason=_error_text(exc)), "bad")

    def choose_restore_file(self) -> Path | None:
        """Ask for a backup file in the backup folder (tests replace this)."""
        name, _filter = QFileDialog.getOpenFileName(
            self,
            _("Restore from a backup"),
            str(self._context.settings.backup_folder()),
            _("Backups (*.db)"),
        )
        return Path(name) if name else None

    def _on_restore_button_clicked(self) -> None:
        source = self.choose_restore_file()
        if source is None:
            return
        question = _(
            "Replace the database with the backup {file}? Everyone will have to sign in again; "
            "the current database is kept beside it."
        ).format(file=source.name)
        warning = restore_warning(source)
        if warning:
            question = f"{warning}\n\n{question}"
        if messages.confirm(self.window(), question) and self._context.session is not None:
            self._context.session.restore_backup(source)
