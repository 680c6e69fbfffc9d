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
        "import ui.app, ui.gui, ui.builtin, ui.main_window, ui.session, frontdesk.services"
    )
    assert "PySide6" in modules
    assert not {"reportlab", "openpyxl"} & modules


def test_the_command_line_loads_no_qt() -> None:
    modules = loaded_after("import ui.cli, ui.commands")
    assert not {"PySide6", "shiboken6"} & modules
