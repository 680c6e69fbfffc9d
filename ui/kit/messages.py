"""The one module that builds message boxes: user errors, storage errors with a hint, bugs with details.

Tests switch to headless mode: nothing blocks, every message is recorded in :func:`shown`.
"""

from __future__ import annotations

import logging
import traceback
from dataclasses import dataclass, field

from PySide6.QtWidgets import (
    QApplication,
    QDialogButtonBox,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from frontdesk import __version__
from frontdesk.errors import StorageError, UserError
from frontdesk.i18n import _
from ui.kit.dialog import Dialog

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Shown:
    """A message that was (or, headless, would have been) shown."""

    kind: str  # info / warning / storage / bug / confirm
    text: str
    detail: str = ""


@dataclass
class _Headless:
    enabled: bool = False
    shown: list[Shown] = field(default_factory=list)
    answers: list[bool] = field(default_factory=list)


_headless = _Headless()


def set_headless(enabled: bool, answers: list[bool] | None = None) -> None:
    """Record messages instead of showing them; ``answers`` are popped by :func:`confirm` (default yes)."""
    _headless.enabled = enabled
    _headless.shown.clear()
    _headless.answers[:] = answers or []


def shown() -> list[Shown]:
    """What was recorded since headless mode was switched on."""
    return list(_headless.shown)


def _record(kind: str, text: str, detail: str = "") -> bool:
    if _headless.enabled:
        _headless.shown.append(Shown(kind, text, detail))
    return _headless.enabled


def _box(parent: QWidget | None, icon: QMessageBox.Icon, text: str, detail: str = "") -> None:
    box = QMessageBox(icon, _("Front desk"), text, QMessageBox.StandardButton.Ok, parent)
    if detail:
        box.setInformativeText(detail)
    box.exec()


def inform(parent: QWidget | None, text: str, detail: str = "") -> None:
    """Tell the user something went well or needs noting."""
    if not _record("info", text, detail):
        _box(parent, QMessageBox.Icon.Information, text, detail)


def warn(parent: QWidget | None, text: str, detail: str = "") -> None:
    """Show a problem the user can fix."""
    if not _record("warning", text, detail):
        _box(parent, QMessageBox.Icon.Warning, text, detail)


def confirm(parent: QWidget | None, text: str, detail: str = "") -> bool:
    """Ask a yes/no question; True for yes."""
    if _record("confirm", text, detail):
        return _headless.answers.pop(0) if _headless.answers else True
    box = QMessageBox(
        QMessageBox.Icon.Question,
        _("Front desk"),
        text,
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        parent,
    )
    box.setInformativeText(detail)
    box.setDefaultButton(QMessageBox.StandardButton.No)
    return box.exec() == QMessageBox.StandardButton.Yes


def show_error(parent: QWidget | None, exc: BaseException) -> None:
    """Show any error the right way: a user error as a warning, storage with its hint, else a bug."""
    if isinstance(exc, UserError):
        warn(parent, exc.message)
    elif isinstance(exc, StorageError):
        show_storage_error(parent, exc)
    else:
        show_bug(parent, exc)


def show_storage_error(parent: QWidget | None, exc: StorageError) -> None:
    """The database cannot be reached or is damaged: the message and what to try."""
    log.error("storage error: %s (%s)", exc.message, exc.hint)
    if not _record("storage", exc.message, exc.hint):
        _box(parent, QMessageBox.Icon.Critical, exc.message, exc.hint)


def bug_details(exc: BaseException) -> str:
    """The text a bug report needs: versions and the traceback."""
    import platform  # only for a bug report

    head = f"frontdesk {__version__} · Python {platform.python_version()} · {platform.platform()}"
    return head + "\n\n" + "".join(traceback.format_exception(exc))


def show_bug(parent: QWidget | None, exc: BaseException) -> None:
    """A programming error: apologise, show the details with a button to copy them."""
    log.error("unexpected error", exc_info=exc)
    details = bug_details(exc)
    if not _record("bug", str(exc), details):
        BugDialog(parent, details).exec()


class BugDialog(Dialog):
    """Something went wrong in the program itself; the details can be copied for a report."""

    def __init__(self, parent: QWidget | None, details: str) -> None:
        super().__init__(parent)
        self._details = details
        self.setWindowTitle(_("Front desk"))
        self.resize(640, 420)
        layout = QVBoxLayout(self)
        intro = QLabel(
            _(
                "Sorry, something went wrong in the program. What you typed is kept. "
                "Please copy the details below and send them to your administrator."
            )
        )
        intro.setWordWrap(True)
        text = QPlainTextEdit(details)
        text.setReadOnly(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        copy = buttons.addButton(_("Copy details"), QDialogButtonBox.ButtonRole.ActionRole)
        copy.clicked.connect(self._on_copy_clicked)
        buttons.rejected.connect(self.reject)
        for widget in (intro, text, buttons):
            layout.addWidget(widget)

    def _on_copy_clicked(self) -> None:
        QApplication.clipboard().setText(self._details)
