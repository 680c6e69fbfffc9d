"""The layers hold at run time too: the core and documents load no Qt; start-up loads no document library."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def loaded_after(imports: str) -> set[str]:
    """Top-level packages in sys.modules after running ``imports`` in a fresh interpreter."""
    code = f"{imports}\nimport json, sys\nprint(json.dumps(sorted({{m.split('.')[0] for m in sys.modules}})))"
    out = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    ).stdout
    return set(json.loads(out.splitlines()[-1]))


def test_core_and_documents_never_load_qt() -> None:
    modules = loaded_after(
        "import frontdesk.services, frontdesk.estate.service, frontdesk.identity, frontdesk.backup\n"
        "import reports.pdf, reports.xlsx, reports.samples\n"
        "reports.samples.sample_pdf(); reports.samples.sample_xlsx()"
    )
    assert "reportlab" in modules and "openpyxl" in modules  # the documents really were made
    assert not {"PySide6", "shiboken6"} & modules


def test_starting_the_window_loads_no_document_library() -> None:
    modules = loaded_after(
        "import ui.app, ui.shell.gui, ui.shell.modules, ui.shell.main_window, ui.shell.session\n"
        "import frontdesk.services"
    )
    assert "PySide6" in modules
    assert not {"reportlab", "openpyxl", "pypdfium2"} & modules


def test_the_paper_and_export_helpers_load_no_document_library_until_used() -> None:
    modules = loaded_after(
        "import ui.kit.paper, ui.kit.list_export, ui.kit.authorize, ui.staff.page, ui.audit.page"
    )
    assert "PySide6" in modules
    assert not {"reportlab", "openpyxl", "pypdfium2"} & modules


def test_the_command_line_loads_no_qt() -> None:
    modules = loaded_after(
        "import ui.app, ui.cli.main, ui.cli.admin, ui.cli.transfer, ui.cli.slips, ui.cli.visitors\n"
        "import ui.workbooks.imports, ui.workbooks.arrears, ui.workbooks.problems"
    )
    assert not {"PySide6", "shiboken6"} & modules


def test_the_postgresql_driver_is_loaded_only_for_postgresql(db_target, tmp_path: Path) -> None:
    # the program imports peewee with psycopg2 hidden (start-up time) before the core's models, as
    # ui.app's main (command line) and ui.shell.gui (after the window's first paint) do; frontdesk.db
    # hands the driver over when a PostgreSQL database is made
    modules = loaded_after(
        "import sys, frontdesk.peewee_import\n"
        "frontdesk.peewee_import.import_peewee_without_postgres_driver()\n"
        "from frontdesk.db import parse_target\n"
        "from frontdesk.services import connect\n"
        f"services = connect(parse_target({db_target.location!r}), create=True, "
        f"backup_folder=__import__('pathlib').Path({str(tmp_path)!r}))\n"
        "assert services.setup.is_initialized() is False\n"
        "services.close()"
    )
    assert "peewee" in modules
    assert ("psycopg2" in modules) is (not db_target.is_sqlite)


def test_the_sign_in_loads_no_module_page() -> None:
    # the sign-in comes first: the desk's window and its pages are imported after it is shown
    desk = {
        *("ui.shell.main_window", "ui.shell.modules", "ui.shell.sidebar"),
        *("ui.shell.today", "ui.shell.wizard"),
        *("ui.kit.pages", "ui.kit.tiles", "ui.kit.unit_panel"),
    }
    modules = loaded_after(
        f"import sys, ui.app, ui.shell.gui, ui.shell.session, ui.shell.login\nloaded = {sorted(desk)!r}\n"
        "assert not set(loaded) & set(sys.modules), sorted(set(loaded) & set(sys.modules))"
    )
    assert "PySide6" in modules  # the subprocess asserts (and fails the test) when a desk module loaded


def test_an_export_loads_neither_the_demo_generator_nor_the_import_machinery() -> None:
    code = (
        "from ui.cli.main import _handler\n"
        "_handler('export')\n"
        "import json, sys\n"
        "print(json.dumps(sorted(sys.modules)))"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    modules = set(json.loads(out.stdout.splitlines()[-1]))
    assert {"ui.cli.transfer", "ui.cli.visitors", "reports.xlsx"} <= modules  # the export's own path
    assert not {"frontdesk.demo", "ui.cli.admin", "ui.workbooks.imports", "reports.xlsx_read"} & modules
