"""Windows that fit the desk's screen: a 1366×768 laptop less its task bar is the measure.

The program's window opens maximised on screens up to :data:`MAXIMISE_UP_TO` pixels wide (or at
its remembered place, pulled back onto the screen); a dialog is never taller or wider than the
screen's available area, so its buttons are never below the fold.
"""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

#: screens up to this width (a laptop's 1366, an office monitor's 1440) get the window maximised
MAXIMISE_UP_TO = 1440
#: the program window's size on a larger screen, when it has no remembered place
PREFERRED = QSize(1280, 800)


def available_area(widget: QWidget | None = None) -> QRect:
    """The usable part of the screen ``widget`` is on (the primary screen without one)."""
    screen = widget.screen() if widget is not None else None
    if screen is None:
        screen = QGuiApplication.primaryScreen()
    return screen.availableGeometry()


def should_maximise(widget: QWidget | None = None) -> bool:
    """True on a laptop-sized screen, where the program's window is best maximised."""
    return available_area(widget).width() <= MAXIMISE_UP_TO


def fit_to_screen(window: QWidget) -> bool:
    """Shrink ``window`` to the available area and move it inside; True when it had to change."""
    area = available_area(window)
    frame = window.frameGeometry()
    extra = QSize(frame.width() - window.width(), frame.height() - window.height())
    largest = QSize(max(area.width() - extra.width(), 1), max(area.height() - extra.height(), 1))
    size = window.size().boundedTo(largest)
    changed = size != window.size()
    if changed:
        window.resize(size)
    frame = window.frameGeometry()
    x = min(max(frame.x(), area.x()), area.right() - frame.width() + 1)
    y = min(max(frame.y(), area.y()), area.bottom() - frame.height() + 1)
    if (x, y) != (frame.x(), frame.y()):
        window.move(x, y)
        changed = True
    return changed


def grow_to_fit(window: QWidget) -> None:
    """Make a window tall enough for what its layout now holds (a message shown under a field),
    within the screen; a window never shrinks here."""
    hint = window.sizeHint()
    if hint.height() > window.height() or hint.width() > window.width():
        window.resize(max(hint.width(), window.width()), max(hint.height(), window.height()))
        fit_to_screen(window)


def show_program_window(window: QWidget, *, remembered: bool) -> None:
    """Show the program's window: at its remembered place (on the screen), else maximised on a
    laptop-sized screen and at the preferred size on a larger one."""
    if remembered:
        fit_to_screen(window)
        window.show()
    elif should_maximise(window):
        window.showMaximized()
    else:
        window.resize(PREFERRED.boundedTo(available_area(window).size()))
        window.show()
