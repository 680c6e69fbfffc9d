"""The flow of one run in the program's window: first-run wizard, sign-in, the desk; switching user or
language; the end."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import replace
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QWidget

from frontdesk import config
from frontdesk.auth import Actor
from frontdesk.config import LocalSettings
from frontdesk.i18n import _
from ui.kit import messages
from ui.kit.context import AppContext
from ui.kit.tasks import JobProgress
from ui.shell.frame import ClosingPage, Frame
from ui.shell.language import apply_language
from ui.shell.login import SignInPanel

if TYPE_CHECKING:  # imported when first shown: start-up draws the sign-in dialog before the desk's window
    from frontdesk.services import Services
    from ui.kit.typed import Typed
    from ui.shell.main_window import MainWindow
    from ui.shell.wizard import FirstRunWizard

log = logging.getLogger(__name__)

PRELOAD_AFTER_MS = 300  # the sign-in has been painted by then; nobody has typed a password yet


def _preload_desk(frame: Frame) -> None:
    """What the desk's first paint needs, made while the clerk types the password: its modules
    (imported on demand anyway), the modules' pages and the sidebar's icons drawn at their size."""
    # the desk's modules load after the sign-in is drawn: start-up draws only what it shows
    import ui.shell.main_window  # noqa: F401
    from ui.kit.pages import registered_pages
    from ui.shell.modules import register_modules
    from ui.shell.sidebar import SIDEBAR_ICON_SIDE
    from ui.shell.style import warm_icons

    register_modules()
    warm_icons([page.icon for page in registered_pages()], SIDEBAR_ICON_SIDE, frame.devicePixelRatioF())


class Session(QObject):
    """Decides what the program's window shows in turn and ends the program when it is closed."""

    sig_finished = Signal(int)
    """The program should end with this exit code."""

    def __init__(
        self,
        context: AppContext,
        frame: Frame,
        on_exit: Callable[[int], None] | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.context = context
        self.frame = frame
        self.frame.sig_close_requested.connect(self._on_frame_close_requested)
        self.wizard: FirstRunWizard | None = None
        self.login: SignInPanel | None = None
        """The sign-in panel while the window shows it."""
        self.window: MainWindow | None = None
        """The signed-in staff member's desk while the window shows it."""
        self.finished = False
        self.closing = False
        """The window was closed and the closing backup is being taken."""
        self.exit_code = 0
        if on_exit is not None:
            self.sig_finished.connect(on_exit)
        context.session = self

    def start(self, initialized: bool) -> None:
        """Show the sign-in, or the wizard when the database is not set up yet (``initialized``, as
        the start-up's worker found it while opening the database)."""
        if initialized:
            self.show_login()
        else:
            self.show_wizard()

    def show_wizard(self) -> None:
        """The first-run set-up."""
        from ui.shell.wizard import FirstRunWizard  # only a new office's first start needs it

        waiting = SignInPanel()  # behind the wizard: the sign-in, waiting for the first account
        waiting.where.setText(_("First-run set-up …"))
        waiting.setEnabled(False)
        self._show_page(waiting)
        old, self.wizard = self.wizard, FirstRunWizard(self.context, self.frame)
        self.wizard.sig_created.connect(self._on_wizard_created)
        self.wizard.sig_language_chosen.connect(self.change_language)
        self.wizard.rejected.connect(self._on_wizard_rejected)
        self.wizard.show()
        if old is not None:
            old.blockSignals(True)
            old.hide()
            old.deleteLater()

    def _on_wizard_created(self, username: str) -> None:
        self.wizard = None
        self.show_login(username)

    def _on_wizard_rejected(self) -> None:
        self.finish(0)

    def show_login(self, username: str = "") -> None:
        """The sign-in (at start, after set-up, to switch user)."""
        shown = self.frame.page()
        if isinstance(shown, SignInPanel) and shown.isEnabled() and not shown.is_ready():
            panel = shown  # the one drawn before the database was open: the clerk may have typed
        else:
            panel = SignInPanel(username)
            self._show_page(panel)
        self.login = panel
        panel.sig_signed_in.connect(self._on_login_signed_in)
        panel.attach(self.context)
        QTimer.singleShot(PRELOAD_AFTER_MS, self.frame, partial(_preload_desk, self.frame))  # while typing

    def _show_page(self, page: QWidget) -> None:
        old = self.frame.show_page(page)
        if old is not None and old is not self.window:  # the open desk is discarded on its own
            old.blockSignals(True)
            old.deleteLater()
        if old is self.login:
            self.login = None

    def _on_login_signed_in(self, actor: Actor) -> None:
        self.context.actor = actor
        self.show_main_window()

    def show_main_window(
        self, page_id: str | None = None, typed: dict[str, Typed] | None = None
    ) -> MainWindow:
        """Show the signed-in user's desk in the program's window (with what was typed into its pages
        before it was rebuilt, if any)."""
        # the desk loads after the sign-in is drawn: start-up draws only what it shows
        from ui.shell.main_window import MainWindow
        from ui.shell.modules import register_modules

        register_modules()  # the modules' pages, tiles and search: needed from here on only
        window = MainWindow(self.context, self.frame)
        window.sig_closed.connect(self._on_window_closed)
        window.sig_switch_user.connect(self.switch_user)
        self.window = window
        self._show_page(window)
        window.workspace.put_back_typed(typed or {})
        window.start(page_id)
        return window

    def _discard_window(self) -> str:
        window, self.window = self.window, None
        if window is None:
            return ""
        page = window.workspace.current_page_id()
        window.sig_closed.disconnect(self._on_window_closed)
        window.shut_down()
        window.hide()
        window.deleteLater()
        return page

    def switch_user(self) -> None:
        """Close the desk and ask for a full sign-in."""
        self.show_login()
        self._discard_window()
        self.context.actor = None

    def change_language(self, language: str) -> None:
        """Remember ``language`` for this PC and rebuild what is on screen in it."""
        self.update_settings(replace(self.context.settings, language=language))
        apply_language(language)
        self.frame.setWindowTitle(_("Front desk"))
        if self.wizard is not None:
            self.show_wizard()
        elif self.window is not None:  # rebuilt in the new language, with the half-filled forms
            typed = self.window.workspace.typed()
            self.show_main_window(self._discard_window(), typed)
        elif self.login is not None:
            self.show_login(self.login.username.text())

    def update_settings(self, settings: LocalSettings) -> None:
        """Save this PC's settings and apply them to the open services."""
        config.save(settings)
        self.context.settings = settings
        self.context.services.maintenance.backup_folder = settings.backup_folder()
        self.context.services.staff.desk = settings.desk()
        if self.context.actor is not None:
            self.context.actor = replace(self.context.actor, desk=settings.desk())
        if self.window is not None:
            self.window.status.set_desk(settings.desk())

    def restore_backup(self, source: Path) -> None:
        """Replace the database with a backup (on the worker thread), then ask everyone to sign in again."""
        # the core's storage loads after the sign-in is drawn
        from frontdesk.services import restore_database

        actor, services = self.context.require_actor(), self.context.services
        self.context.runner.submit(
            lambda: restore_database(services, actor=actor, source=source),
            self._on_restore_done,
            self._on_restore_failed,
        )

    def _on_restore_done(self, kept: Path) -> None:
        self.show_login()
        self._discard_window()
        self.context.actor = None
        messages.inform(
            self.frame,
            _(
                "The backup was restored. The replaced database was kept as {kept}. Please sign in again."
            ).format(kept=kept),
        )

    def _on_restore_failed(self, exc: BaseException) -> None:
        messages.show_error(self.window, exc)

    def _on_window_closed(self) -> None:
        self.window = None
        self._close_with_backup()

    def _on_frame_close_requested(self) -> None:
        if self.closing:
            return  # the closing backup is being taken: the program ends by itself
        if self.window is not None:
            self.window.close()  # the desk's own closing: it remembers its layout, then the backup
        else:
            self.finish(0)

    def _close_with_backup(self) -> None:
        """The closing backup (SQLite): a fast copy, shown with its progress in the window, then the
        end. Its check runs in the background at the next start, not here."""
        actor, services = self.context.actor, self.context.services
        if actor is None or not services.target.is_sqlite:
            self.finish(0)
            return
        self.closing = True
        progress = JobProgress()
        self._show_page(
            ClosingPage(
                _("Taking the closing backup …"),
                _(
                    "The program ends by itself once the copy of the database has been written "
                    "(it is checked at the next start). Please do not switch the PC off until then."
                ),
                progress,
            )
        )
        maintenance = services.maintenance
        self.context.runner.submit(
            lambda: maintenance.closing_backup(actor=actor, progress=progress),
            lambda _copy: self.finish(0),
            self._on_closing_backup_failed,
        )

    def _on_closing_backup_failed(self, exc: BaseException) -> None:
        log.error("closing backup failed: %s", exc)  # the next start's backup is due at once
        self.finish(0)

    def finish(self, code: int = 0) -> None:
        """Stop the worker, close the database, end the program."""
        if self.finished:
            return
        self.finished, self.exit_code = True, code
        self._discard_window()
        if self.wizard is not None:
            self.wizard.blockSignals(True)
            self.wizard.close()
        if self.login is not None:
            self.login.blockSignals(True)
        self.frame.close_quietly()
        runner = self.context.runner
        # last in line on the worker: a server that no longer answers holds up no window
        runner.submit(partial(_close_database, self.context.services))
        runner.stop()  # waits for the closing backup and the database's closing; the window is gone
        self.sig_finished.emit(code)


def _close_database(services: Services) -> None:
    """On the worker, at the end: write the desk's audit anchor and close (a failure only logged:
    nobody is left to tell)."""
    try:
        services.close()
    except Exception:
        log.exception("closing the database failed")
