"""The document preview: real pdfium pages, save as PDF, print with the PDF's own paper size."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage
from PySide6.QtPrintSupport import QPrinter
from shiboken6 import Shiboken

from frontdesk.errors import UserError
from ui.kit import messages, paper
from ui.kit.context import AppContext
from ui.kit.window_state import recall


def slip_pdf(pages: int = 1) -> bytes:
    """A small A5 document with Chinese text, made by the real reports.pdf path."""
    from reports.fonts import cjk_font_name
    from reports.pdf import PageSetup, build_pdf, document_bytes, make_styles, paragraph

    styles = make_styles(cjk_font_name())
    setup = PageSetup(size="A5", office_name="幸福里物业管理处", title="放行条")
    story = [
        paragraph(f"放行条 第{n + 1}段：张秀英搬出沙发一张。" * 40, styles.body) for n in range(pages * 2)
    ]
    return document_bytes(lambda stream: build_pdf(stream, story, setup, styles))


def _ink(image: QImage) -> int:
    """How many of a grid of sample pixels are not white (a blank page has none)."""
    points = [(x, y) for x in range(0, image.width(), 7) for y in range(0, image.height(), 7)]
    return sum(1 for x, y in points if image.pixelColor(x, y).lightness() < 200)


@pytest.fixture
def outputs() -> list[tuple[str, str]]:
    return []


@pytest.fixture
def dialog(qtbot, admin_context: AppContext, outputs: list[tuple[str, str]]) -> Iterator[paper.PreviewDialog]:
    data = slip_pdf(pages=2)
    opened = paper.preview_document(
        admin_context,
        None,
        kind="release_slip",
        title="放行条",
        file_name="放行条 F-000123.pdf",
        make_pdf=lambda: data,
        on_output=lambda action, where: outputs.append((action, where)),
    )
    yield opened
    if Shiboken.isValid(opened):
        opened.close()


def test_the_real_pages_are_shown(qtbot, dialog: paper.PreviewDialog) -> None:
    assert dialog.isVisible()
    assert len(dialog.pages) >= 2
    assert dialog.page_count.text() == f"{len(dialog.pages)} pages"
    image = dialog.pages[0].pixmap().toImage()
    assert (image.width(), image.height()) == (560, 794)  # A5 (148 × 210 mm) at 96 dpi, rounded up
    assert _ink(image) > 100
    qtbot.wait(20)  # let the scroll area lay the new pages out
    assert dialog.pages[0].height() == 794 and dialog.pages[1].y() > dialog.pages[0].y() + 794
    dialog.grab().save("/tmp/h4_preview.png")


def test_zoom_renders_larger_pages(qtbot, dialog: paper.PreviewDialog) -> None:
    qtbot.keyClick(dialog, Qt.Key.Key_Plus, Qt.KeyboardModifier.ControlModifier)
    assert dialog.zoom.currentData() == 125
    assert dialog.pages[0].pixmap().width() == 700


def test_save_as_pdf_writes_the_bytes_and_reports_it(
    qtbot, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, dialog: paper.PreviewDialog, outputs: list
) -> None:
    asked: list[Path] = []

    def choose(parent: object, *, caption: str, suggested: Path, file_filter: str) -> Path:
        asked.append(suggested)
        return tmp_path / "out" / "slip"

    (tmp_path / "out").mkdir()
    monkeypatch.setattr(paper, "choose_save_path", choose)
    qtbot.keyClick(dialog, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    saved = tmp_path / "out" / "slip.pdf"
    assert saved.read_bytes() == dialog.pdf
    assert asked[0].name == "放行条 F-000123.pdf"
    assert outputs == [("pdf", str(saved))]
    assert recall("paper/release_slip/folder") == str(saved.parent)
    text = subprocess.run(["pdftotext", str(saved), "-"], capture_output=True, text=True, check=True).stdout
    assert "张秀英搬出沙发一张" in text


def test_without_a_printer_print_is_disabled_and_says_why(
    qtbot, dialog: paper.PreviewDialog, outputs: list
) -> None:
    assert not dialog.printers.isEnabled()
    assert not dialog.print_button.isEnabled()
    assert dialog.print_button.toolTip() == "No printer is installed on this PC."
    assert dialog.save_button.isEnabled()
    qtbot.keyClick(dialog, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    assert outputs == []


def test_printing_keeps_the_pdf_page_size(tmp_path: Path) -> None:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    paper.print_pdf(slip_pdf(pages=2), printer)
    info = subprocess.run(["pdfinfo", str(tmp_path / "printed.pdf")], capture_output=True, text=True).stdout
    assert "Pages:          " in info
    assert int(info.split("Pages:")[1].split()[0]) >= 2
    assert "A5" in info.split("Page size:")[1].splitlines()[0]
    pages = paper.page_sizes((tmp_path / "printed.pdf").read_bytes())
    assert _ink(paper.render_page((tmp_path / "printed.pdf").read_bytes(), 0, 72)) > 100
    assert all(abs(p.width() - 419.5) < 1 for p in pages)


def test_a_failing_document_is_reported(qtbot, admin_context: AppContext) -> None:
    def broken() -> bytes:
        raise UserError("没有可打印的内容")

    opened = paper.preview_document(
        admin_context, None, kind="visitor_pass", title="x", file_name="x.pdf", make_pdf=broken
    )
    assert messages.shown()[-1].text == "没有可打印的内容"
    assert not opened.save_button.isEnabled()
    assert opened.status.text() == "The document could not be made."
    opened.close()


def test_escape_closes_and_deletes_the_preview(qtbot, dialog: paper.PreviewDialog) -> None:
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not Shiboken.isValid(dialog))
    assert not paper._open
