"""The audit trail page pages by keyset as you scroll; automatic backups report to the status bar."""

from __future__ import annotations

import pytest

from frontdesk.errors import PermissionDenied
from ui.audit.page import PAGE_SIZE, AuditPage
from ui.shell.main_window import MainWindow


def test_audit_page_fetches_older_entries_when_scrolled_to_the_end(
    qtbot,
    open_window,
    admin_context,
    services,
    admin,
) -> None:
    for minutes in range(1, 121):
        services.settings.set(actor=admin, key="idle_lock_minutes", value=minutes)
    window: MainWindow = open_window(admin_context)
    qtbot.waitUntil(lambda: "Automatic backup saved" in window.status.summary())  # once the desk is up
    page = window.open_page("audit")
    assert isinstance(page, AuditPage)
    assert page.model.rowCount() == PAGE_SIZE and not page.exhausted
    newest, taken = page.model.row(0), page.model.row(1)
    assert newest is not None and newest.action == "backup_verified", "the start's backup, verified"
    assert taken is not None and taken.action == "backup" and taken.entity_id == newest.entity_id
    bar = page.table.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 0)  # the view lays out the first page
    bar.setValue(bar.maximum())
    total = len(services.audit.recent(actor=admin, limit=10_000))
    assert page.model.rowCount() == total and page.exhausted
    ids = [row.id for row in page.model.rows()]
    assert ids == sorted(ids, reverse=True) and len(set(ids)) == total
    assert "entries shown" in page.count_label.text()


def test_audit_trail_is_refused_to_a_clerk(clerk_context, supervisor, services) -> None:
    with pytest.raises(PermissionDenied):
        services.audit.recent(actor=clerk_context.actor)
    assert services.audit.recent(actor=supervisor, limit=1)


def test_a_failing_automatic_backup_shows_in_the_status_bar_not_in_a_box(
    qtbot,
    open_window,
    admin_context,
    tmp_path,
) -> None:
    from ui.kit import messages

    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    admin_context.services.maintenance.backup_folder = blocker
    window: MainWindow = open_window(admin_context)
    # tried once the desk is drawn and its first page has loaded
    qtbot.waitUntil(lambda: "Automatic backup failed: Cannot write the backup" in window.status.summary())
    assert window.status.alert_label.isVisible()
    assert messages.shown() == []
    admin_context.services.maintenance.backup_folder = tmp_path / "good"
    window.auto_backup.start(4)
    qtbot.waitUntil(lambda: not window.status.alert_label.isVisible())  # a later success clears it


def test_the_scheduled_backup_is_only_taken_when_due(admin_context) -> None:
    from datetime import timedelta

    maintenance, actor = admin_context.services.maintenance, admin_context.actor
    first = maintenance.backup_automatic(actor=actor, due_after=timedelta(hours=4))
    assert first is not None and first.label == "auto"
    assert maintenance.backup_automatic(actor=actor, due_after=timedelta(hours=4)) is None
    assert maintenance.backup_automatic(actor=actor) is not None, "the closing copy is always taken"


def test_the_automatic_copy_is_checked_off_the_database_thread_then_audited(
    qtbot, services, admin, local_settings
) -> None:
    from frontdesk import backup
    from ui.kit.context import AppContext
    from ui.kit.tasks import TaskRunner
    from ui.shell.status import AutoBackup

    runner = TaskRunner()
    context = AppContext(local_settings, services, runner, actor=admin)
    auto = AutoBackup(context)
    try:
        with qtbot.waitSignal(auto.sig_taken, timeout=10_000) as taken:
            auto.start(4)
            auto.desk_ready()
        (copy,) = backup.list_backups(services.maintenance.backup_folder)
        assert copy.path.name in taken.args[0] and copy.label == "auto"
        assert backup.file_sha256(copy.path) == copy.sha256
        assert not list(copy.path.parent.glob("*.partial"))
        auto._on_timer_timeout()  # not due again: nothing more is copied
        qtbot.waitUntil(lambda: not runner.busy())
        assert len(backup.list_backups(services.maintenance.backup_folder)) == 1
    finally:
        auto.stop()
        runner.stop()
    entries = [e for e in services.audit.recent(actor=admin, limit=5) if e.action.startswith("backup")]
    assert [(e.action, e.entity_id) for e in entries] == [
        ("backup_verified", copy.path.name),
        ("backup", copy.path.name),
    ]
    assert entries[0].after["sha256"] == copy.sha256 and entries[1].after["state"] == "unverified"


def test_the_start_of_day_backup_begins_after_the_first_page_has_loaded(
    qtbot, services, admin, local_settings
) -> None:
    from frontdesk import backup
    from ui.kit.context import AppContext
    from ui.kit.tasks import TaskRunner
    from ui.shell.today import TodayPage

    runner = TaskRunner()
    context = AppContext(local_settings, services, runner, actor=admin)
    # the closing copy of the day before, to be verified at this start
    closing = services.maintenance.closing_backup(actor=admin)
    services.maintenance.background_stop.clear()  # a new run
    window = MainWindow(context)
    qtbot.addWidget(window)
    seen_at_start: list[tuple[list[str], str]] = []

    def on_progress(doing: str, _percent: int) -> None:
        if doing and not seen_at_start:
            today = window.workspace.page("today")
            assert isinstance(today, TodayPage)
            values = [tile.value_label.text() for tile in today.tiles]
            seen_at_start.append((values, window.status.summary()))

    window.auto_backup.sig_progress.connect(on_progress)
    try:
        window.start("today")
        qtbot.waitUntil(lambda: backup.copy_state(closing.path)[0] == "verified", timeout=20_000)
        values, status = seen_at_start[0]
        assert values and "…" not in values, "every figure of the first page had loaded"
        assert "Checking the backup" in status, "the work shows its progress in the status bar"
        qtbot.waitUntil(lambda: not runner.busy())
        assert not window.status.progress_bar.isVisible(), "and the progress goes when it is over"
        copies = backup.all_copies(services.maintenance.backup_folder)
        assert [(c.path, c.state) for c in copies] == [(closing.path, "verified")], "no other copy was due"
        entries = services.audit.recent(actor=admin, limit=3)
        assert (entries[0].action, entries[0].entity_id) == ("backup_verified", closing.path.name)
    finally:
        window.shut_down()
        runner.stop()
