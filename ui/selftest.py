"""``frontdesk --self-test``: prove an installed copy works, offscreen, in a temporary folder."""

from __future__ import annotations

import os
import sys
import tempfile
import traceback
from collections.abc import Callable
from pathlib import Path

from frontdesk.auth import Role
from frontdesk.db import parse_target
from frontdesk.services import connect

PASSWORD = "self-test-123"


def run_self_test(out: Callable[[str], None] = print) -> int:
    """Open a database, set it up, sign in, show the main window, render a PDF and a workbook.

    Returns:
        0 when every step worked, 1 otherwise (the failing step is printed).
    """
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    with tempfile.TemporaryDirectory(prefix="frontdesk-selftest-") as tmp:
        folder = Path(tmp)
        os.environ["FRONTDESK_CONFIG"] = str(folder / "settings.json")
        try:
            for name, step in _steps(folder):
                step()
                out(f"self-test: {name}: ok")
        except Exception:  # noqa: BLE001 - the self-test reports any failure and exits non-zero
            traceback.print_exc()
            out("self-test: FAILED")
            return 1
    out("self-test: passed")
    return 0


def _steps(folder: Path) -> list[tuple[str, Callable[[], None]]]:
    return [
        ("database", lambda: _database(folder)),
        ("window", lambda: _window(folder)),
        ("pdf", lambda: _pdf(folder)),
        ("xlsx", lambda: _xlsx(folder)),
    ]


def _database(folder: Path) -> None:
    services = connect(parse_target(folder / "selftest.db"), backup_folder=folder / "backups")
    try:
        services.setup.initialize(actor=None, office_name="自检物业管理处", estate_name="自检花园",
                                  admin_username="admin", admin_display_name="管理员",
                                  admin_password=PASSWORD, visitor_retention_days=30,
                                  slip_retention_days=365)
        admin = services.staff.authenticate(username="admin", password=PASSWORD)
        assert admin.role is Role.ADMIN
        report = services.maintenance.check()
        assert report.ok, report.problems
        copy = services.maintenance.backup_now(actor=admin)
        assert copy.path.exists()
    finally:
        services.close()


def _window(folder: Path) -> None:
    from PySide6.QtWidgets import QApplication, QLabel

    app = QApplication.instance() or QApplication(sys.argv[:1])
    label = QLabel("前台自检 · 幸福花园 3栋1502")
    label.show()
    app.processEvents()
    shot = folder / "window.png"
    assert label.grab().save(str(shot)), "could not grab the window"
    label.close()


def _pdf(folder: Path) -> None:
    from reports.samples import sample_pdf

    data = sample_pdf()
    assert data.startswith(b"%PDF") and len(data) > 1000
    (folder / "sample.pdf").write_bytes(data)


def _xlsx(folder: Path) -> None:
    from reports.samples import sample_xlsx

    data = sample_xlsx()
    assert data.startswith(b"PK")
    path = folder / "sample.xlsx"
    path.write_bytes(data)
    import openpyxl

    sheet = openpyxl.load_workbook(path).active
    assert sheet is not None and sheet.max_row > 1
