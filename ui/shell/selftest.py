"""``frontdesk --self-test``: prove an installed copy works, offscreen, in a temporary folder."""

from __future__ import annotations

import os
import tempfile
import traceback
from collections.abc import Callable
from pathlib import Path

import openpyxl

from frontdesk import config
from frontdesk.auth import Role
from frontdesk.db import parse_target
from frontdesk.services import connect
from reports.samples import sample_pdf, sample_xlsx
from ui.kit.paper import page_sizes, render_page
from ui.kit.tasks import SynchronousRunner
from ui.shell.gui import start_gui
from ui.shell.session import Session

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
        except Exception:
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
        ("pdf preview", lambda: _pdf_preview(folder)),
        ("chart", lambda: _chart(folder)),
        ("xlsx", lambda: _xlsx(folder)),
    ]


def _database(folder: Path) -> None:
    services = connect(parse_target(folder / "selftest.db"), backup_folder=folder / "backups", create=True)
    try:
        services.setup.initialize(
            actor=None,
            office_name="自检物业管理处",
            estate_name="自检花园",
            admin_username="admin",
            admin_display_name="管理员",
            admin_password=PASSWORD,
            visitor_retention_days=30,
            slip_retention_days=365,
        )
        admin = services.staff.authenticate(username="admin", password=PASSWORD)
        assert admin.role is Role.ADMIN
        report = services.maintenance.check()
        assert report.ok, report.problems
        copy = services.maintenance.backup_now(actor=admin)
        assert copy.path.exists()
    finally:
        services.close()


def _window(folder: Path) -> None:
    """The real start-up path: the desk's main window for the signed-in administrator."""
    settings = config.LocalSettings(backup_dir=str(folder / "backups"))
    code, context = start_gui(
        [], database=str(folder / "selftest.db"), settings=settings, exec_=False, runner=SynchronousRunner()
    )
    assert code == 0 and context is not None, "start-up failed"
    session = context.session
    assert isinstance(session, Session), "start-up failed"
    try:
        context.actor = context.services.staff.authenticate(username="admin", password=PASSWORD)
        window = session.show_main_window()
        window.show()
        assert window.grab().save(str(folder / "window.png")), "could not grab the main window"
    finally:
        session.finish(0)


def _pdf(folder: Path) -> None:
    data = sample_pdf()
    assert data.startswith(b"%PDF") and len(data) > 1000
    (folder / "sample.pdf").write_bytes(data)


def _pdf_preview(folder: Path) -> None:
    """The preview's path: pdfium (bundled with pypdfium2) renders the sample's first page."""
    data = (folder / "sample.pdf").read_bytes()
    first = page_sizes(data)[0]
    assert (round(first.width()), round(first.height())) == (595, 842), "not A4"
    image = render_page(data, 0, 48)
    dark = sum(
        image.pixelColor(x, y).lightness() < 128
        for x in range(0, image.width(), 3)
        for y in range(0, image.height(), 3)
    )
    assert dark > 50, "the rendered page is blank"
    assert image.save(str(folder / "sample-page.png")), "could not save the rendered page"


def _chart(folder: Path) -> None:
    """Qt Charts (PySide6-Addons) loads and draws: the utilities' month-on-month bars."""
    from decimal import Decimal

    from frontdesk.utilities.kinds import MeterKind
    from ui.utilities.chart import AMOUNT, MonthChart
    from ui.utilities.month_history import Point

    water = MeterKind.WATER
    points = tuple(
        Point(f"2026-{m:02d}", ((water, Decimal(10 * m)),), ((water, 1000 * m),), 1000 * m)
        for m in range(1, 13)
    )
    chart = MonthChart()
    try:
        chart.resize(640, 360)
        chart.show_points(points, AMOUNT, "自检")
        image = chart.grab().toImage()
        bars = sum(
            image.pixelColor(x, y).name() == "#4a7fb5"
            for x in range(0, image.width(), 4)
            for y in range(0, image.height(), 4)
        )
        assert bars > 20, "the chart drew no bars"
        assert image.save(str(folder / "chart.png")), "could not save the chart"
    finally:
        chart.deleteLater()


def _xlsx(folder: Path) -> None:
    data = sample_xlsx()
    assert data.startswith(b"PK")
    path = folder / "sample.xlsx"
    path.write_bytes(data)
    sheet = openpyxl.load_workbook(path).active
    assert sheet is not None and sheet.max_row > 1
