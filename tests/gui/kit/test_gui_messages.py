"""Message boxes: the right kind for each error, headless recording, the bug dialog's copy button."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication, QPushButton

from frontdesk.errors import AlreadyRunning, PermissionDenied, StorageError
from ui.kit import messages
from ui.kit.messages import BugDialog


def test_each_error_is_shown_its_own_way() -> None:
    messages.show_error(None, PermissionDenied("not allowed"))
    messages.show_error(None, AlreadyRunning("held elsewhere", "close the other one"))
    messages.show_error(None, KeyError("oops"))
    kinds = [(m.kind, m.text) for m in messages.shown()]
    assert kinds == [("warning", "not allowed"), ("storage", "held elsewhere"), ("bug", "'oops'")]
    assert messages.shown()[1].detail == "close the other one"
    assert "KeyError" in messages.shown()[2].detail


def test_confirm_uses_the_recorded_answers() -> None:
    messages.set_headless(True, answers=[False])
    assert messages.confirm(None, "Delete?") is False
    assert messages.confirm(None, "Again?") is True
    assert [m.kind for m in messages.shown()] == ["confirm", "confirm"]


def test_bug_dialog_copies_its_details(qtbot) -> None:
    try:
        raise StorageError("x")
    except StorageError as exc:
        details = messages.bug_details(exc)
    dialog = BugDialog(None, details)
    qtbot.addWidget(dialog)
    copy = next(b for b in dialog.findChildren(QPushButton) if b.text() == "Copy details")
    copy.click()
    assert QApplication.clipboard().text() == details
    assert "frontdesk" in details and "StorageError" in details
