"""The Settings page: this PC's settings, the office-wide ones (administrators), and data safety."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from frontdesk import config
from frontdesk.auth import Permission
from frontdesk.config import LocalSettings
from frontdesk.i18n import LANGUAGES, _
from ui.kit.context import AppContext
from ui.kit.forms import FieldErrors
from ui.kit.settings_sections import sections_for
from ui.settings.office import OfficeSettingsPanel
from ui.settings.safety import SafetyPanel

FONT_SUFFIXES = (".ttf", ".ttc")


def apply_local_settings(context: AppContext, settings: LocalSettings) -> None:
    """Save this PC's settings and switch the language if it changed (the window is rebuilt)."""
    language_changed = settings.language != context.settings.language
    if context.session is None:  # a page under test without the start-up flow
        config.save(settings)
        context.settings = settings
        return
    context.session.update_settings(settings)
    if language_changed:
        context.session.change_language(settings.language)


def _path_row(edit: QLineEdit, button: QPushButton) -> QWidget:
    row = QWidget()
    layout = QHBoxLayout(row)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.addWidget(edit, 1)
    layout.addWidget(button)
    return row


class LocalSettingsPanel(QGroupBox):
    """Language for everyone; desk name, backup folder and PDF font for administrators."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(_("This PC"), parent)
        self._context = context
        self.errors = FieldErrors()
        self.language = QComboBox()
        self.desk_name = QLineEdit(context.settings.desk_name)
        self.backup_dir = QLineEdit(str(context.settings.backup_folder()))
        self.pdf_font = QLineEdit(context.settings.pdf_font)
        self.key_file = QLineEdit(context.settings.visitor_key_file)
        self.backup_browse = QPushButton(_("Choose …"))
        self.font_browse = QPushButton(_("Choose …"))
        self.key_browse = QPushButton(_("Choose …"))
        self.save_button = QPushButton(_("&Save"))
        self.result = QLabel()
        self._build_ui()
        self._connect_signals()

    def _build_ui(self) -> None:
        for code, name in LANGUAGES.items():
            self.language.addItem(name, code)
        self.language.setCurrentIndex(max(0, self.language.findData(self._context.settings.language)))
        self.desk_name.setPlaceholderText(self._context.settings.desk())
        self.pdf_font.setPlaceholderText(_("Found on this PC automatically"))
        self.save_button.setObjectName("primary")
        self.result.setObjectName("hint")
        form = QFormLayout(self)
        form.addRow(_("&Language"), self.errors.wrap("language", self.language))
        form.addRow("", self._hint(_("The window reopens in the chosen language when you save.")))
        form.addRow(_("&Desk name"), self.errors.wrap("desk_name", self.desk_name))
        form.addRow(
            _("&Backup folder"),
            self.errors.wrap("backup_dir", _path_row(self.backup_dir, self.backup_browse)),
        )
        form.addRow(
            _("PDF &font file"), self.errors.wrap("pdf_font", _path_row(self.pdf_font, self.font_browse))
        )
        self.key_file.setPlaceholderText(_("In this user's data folder"))
        form.addRow(
            _("Visitors' ID &key file"),
            self.errors.wrap("visitor_key_file", _path_row(self.key_file, self.key_browse)),
        )
        form.addRow(
            "",
            self._hint(
                _(
                    "Desks sharing one PostgreSQL server must use the same key file (e.g. on the office "
                    "file server, or a copy on each PC). Back it up: without it, recorded ID numbers no "
                    "longer match returning visitors."
                )
            ),
        )
        form.addRow(self.save_button, self.result)
        admin = self._context.can(Permission.SETTINGS)
        for widget in (
            self.desk_name,
            self.backup_dir,
            self.pdf_font,
            self.key_file,
            self.backup_browse,
            self.font_browse,
            self.key_browse,
        ):
            widget.setEnabled(admin)

    @staticmethod
    def _hint(text: str) -> QLabel:
        label = QLabel(text)
        label.setObjectName("hint")
        label.setWordWrap(True)
        return label

    def _connect_signals(self) -> None:
        self.backup_browse.clicked.connect(self._on_backup_browse_clicked)
        self.font_browse.clicked.connect(self._on_font_browse_clicked)
        self.key_browse.clicked.connect(self._on_key_browse_clicked)
        self.save_button.clicked.connect(self._on_save_button_clicked)

    def _on_backup_browse_clicked(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, _("Backup folder"), self.backup_dir.text())
        if folder:
            self.backup_dir.setText(folder)

    def _on_font_browse_clicked(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(
            self, _("PDF font file"), self.pdf_font.text(), _("TrueType fonts (*.ttf *.ttc)")
        )
        if path:
            self.pdf_font.setText(path)

    def _on_key_browse_clicked(self) -> None:
        # a save dialog: the file may not exist yet (the first desk makes it where it is told to)
        path, _filter = QFileDialog.getSaveFileName(
            self,
            _("Visitors' ID key file"),
            self.key_file.text(),
            _("Key files (*.key);;All files (*)"),
            options=QFileDialog.Option.DontConfirmOverwrite,
        )
        if path:
            self.key_file.setText(path)

    def edited(self) -> LocalSettings | None:
        """The settings as typed, or None after showing what is wrong."""
        self.errors.clear()
        font = self.pdf_font.text().strip()
        if font and (not Path(font).is_file() or not font.lower().endswith(FONT_SUFFIXES)):
            self.errors.set("pdf_font", _("Choose an existing TrueType font file (.ttf or .ttc)."))
            return None
        key_file = self.key_file.text().strip()
        if key_file and not (Path(key_file).is_file() or Path(key_file).parent.is_dir()):
            self.errors.set(
                "visitor_key_file",
                _("Choose an existing key file, or a file name in an existing folder."),
            )
            return None
        folder = self.backup_dir.text().strip()
        try:
            Path(folder).mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            self.errors.set("backup_dir", _("Cannot use this folder: {reason}").format(reason=exc.strerror))
            return None
        return replace(
            self._context.settings,
            language=self.language.currentData(),
            desk_name=self.desk_name.text().strip(),
            backup_dir=folder,
            pdf_font=font,
            visitor_key_file=key_file,
        )

    def _on_save_button_clicked(self) -> None:
        settings = self.edited()
        if settings is not None:
            key_changed = settings.visitor_key_file != self._context.settings.visitor_key_file
            self.result.setText(_("Saved."))
            apply_local_settings(self._context, settings)
            if key_changed:
                self._context.services.reset_visitors()


class SettingsPage(QScrollArea):
    """All settings in one scrolling page; each group shows only what the user may change."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.local = LocalSettingsPanel(context)
        self.office = OfficeSettingsPanel(context) if context.can(Permission.SETTINGS) else None
        self.safety = SafetyPanel(context) if context.can(Permission.BACKUP) else None
        self.sections = [spec.factory(context) for spec in sections_for(context)]  # the modules' own
        heading = QLabel(_("Settings"))
        heading.setObjectName("pageTitle")
        body = QWidget()
        body.setObjectName("settingsBody")
        layout = QVBoxLayout(body)
        layout.setContentsMargins(24, 16, 24, 16)
        layout.setSpacing(16)
        for widget in (heading, self.local, self.office, self.safety, *self.sections):
            if widget is not None:
                layout.addWidget(widget)
        layout.addStretch()
        self.setWidget(body)
        self.setWidgetResizable(True)
        self.setFrameShape(QScrollArea.Shape.NoFrame)

    def activate(self) -> None:
        """Load the office-wide values (the page was opened)."""
        if self.office is not None:
            self.office.load()
        if self.safety is not None:
            self.safety.refresh()
        for section in self.sections:
            activate = getattr(section, "activate", None)
            if callable(activate):
                activate()
