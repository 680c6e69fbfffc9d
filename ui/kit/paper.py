"""Paper is first-class: preview any PDF the program makes, print it to a remembered printer, save it.

The pages shown and printed are the real PDF's, rendered by pdfium (pypdfium2, imported only when
a document is shown). Save dialogs go through :func:`choose_save_path`, which tests replace.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QMarginsF, QRectF, QSizeF, Qt
from PySide6.QtGui import QImage, QKeySequence, QPageLayout, QPageSize, QPainter, QPixmap, QShortcut
from PySide6.QtPrintSupport import QPrinter, QPrinterInfo
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from frontdesk.i18n import _, ngettext
from ui.kit import messages
from ui.kit.context import AppContext
from ui.kit.dialog import Dialog
from ui.kit.window_state import recall, remember

ZOOMS = (50, 75, 100, 125, 150, 200)
SCREEN_DPI = 96
MAX_PRINT_DPI = 300  # enough for text and barcodes; 600 dpi A4 pages would take ~140 MB each
OnOutput = Callable[[str, str], None]
_open: set[PreviewDialog] = set()  # previews without a parent stay alive until closed


def choose_save_path(
    parent: QWidget | None, *, caption: str, suggested: Path, file_filter: str
) -> Path | None:
    """Ask where to save a file (tests replace this function)."""
    name, _filter = QFileDialog.getSaveFileName(parent, caption, str(suggested), file_filter)
    return Path(name) if name else None


def render_page(pdf: bytes, number: int, dpi: float) -> QImage:
    """Page ``number`` (from 0) of a PDF as an image at ``dpi`` dots per inch."""
    # PDFium loads when a page is drawn, not with the desk
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(pdf)
    try:
        bitmap = document[number].render(scale=dpi / 72, rev_byteorder=True, prefer_bgrx=True)
        image = QImage(
            bytes(bitmap.buffer), bitmap.width, bitmap.height, bitmap.stride, QImage.Format.Format_RGBX8888
        )
        return image.copy()  # own the pixels: the buffer goes with the bitmap
    finally:
        document.close()


def page_sizes(pdf: bytes) -> list[QSizeF]:
    """Each page's size in points (1/72 inch)."""
    # PDFium loads when a page is drawn, not with the desk
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(pdf)
    try:
        return [QSizeF(*document[i].get_size()) for i in range(len(document))]
    finally:
        document.close()


def _layout(size: QSizeF) -> QPageLayout:
    landscape = size.width() > size.height()
    portrait = QSizeF(size.height(), size.width()) if landscape else size
    page_size = QPageSize(QPageSize.id(portrait, QPageSize.Unit.Point, QPageSize.SizeMatchPolicy.FuzzyMatch))
    if page_size.id() == QPageSize.PageSizeId.Custom:
        page_size = QPageSize(portrait, QPageSize.Unit.Point)
    orientation = QPageLayout.Orientation.Landscape if landscape else QPageLayout.Orientation.Portrait
    return QPageLayout(page_size, orientation, QMarginsF())  # the PDF page carries its own margins


def print_pdf(pdf: bytes, printer: QPrinter) -> None:
    """Print every page of ``pdf`` on ``printer``, each on paper of the PDF page's own size (A5 as A5)."""
    sizes = page_sizes(pdf)
    printer.setFullPage(True)
    printer.setPageLayout(_layout(sizes[0]))
    dpi = min(printer.resolution(), MAX_PRINT_DPI)
    painter = QPainter()
    if not painter.begin(printer):
        raise OSError(_("The printer could not be started."))
    try:
        for number, size in enumerate(sizes):
            if number:
                printer.setPageLayout(_layout(size))
                printer.newPage()
            target = QRectF(printer.paperRect(QPrinter.Unit.DevicePixel))
            painter.drawImage(QRectF(0, 0, target.width(), target.height()), render_page(pdf, number, dpi))
    finally:
        painter.end()


class PreviewDialog(Dialog):
    """The document's real pages, with Print (Ctrl+P), Save as PDF (Ctrl+S), zoom and Close (Esc)."""

    def __init__(
        self,
        context: AppContext,
        parent: QWidget | None,
        *,
        kind: str,
        title: str,
        file_name: str,
        on_output: OnOutput | None = None,
    ) -> None:
        super().__init__(parent)
        self._context = context
        self._kind = kind
        self._file_name = file_name
        self._on_output = on_output
        self.pdf: bytes | None = None
        self.printer: QPrinter | None = None  # kept: a collected QPrinter crashes Qt (PLATFORM.md)
        self.pages: list[QLabel] = []
        self.printers = QComboBox()
        self.print_button = QPushButton(_("&Print"))
        self.save_button = QPushButton(_("&Save as PDF …"))
        self.zoom = QComboBox()
        self.page_count = QLabel()
        self.status = QLabel()
        self.close_button = QPushButton(_("Close"))
        self._sheet = QWidget()
        self._pages_layout = QVBoxLayout(self._sheet)
        self.setWindowTitle(title)
        self._build_ui()
        self._connect_signals()

    def _build_ui(self) -> None:
        self.resize(820, 900)
        for name in (info.printerName() for info in QPrinterInfo.availablePrinters()):
            self.printers.addItem(name, name)
        remembered = recall(f"paper/{self._kind}/printer") or QPrinterInfo.defaultPrinterName()
        if (found := self.printers.findData(remembered)) >= 0:
            self.printers.setCurrentIndex(found)
        self.printers.setEnabled(self.printers.count() > 0)
        if not self.printers.count():
            self.printers.addItem(_("No printer installed"))
        for zoom in ZOOMS:
            self.zoom.addItem(f"{zoom} %", zoom)
        self.zoom.setCurrentIndex(ZOOMS.index(100))
        self.print_button.setObjectName("primary")
        self.status.setObjectName("hint")
        self.status.setText(_("Preparing the document …"))
        bar = QHBoxLayout()
        for widget in (QLabel(_("Printer:")), self.printers, self.print_button, self.save_button):
            bar.addWidget(widget)
        bar.addStretch(1)
        for widget in (self.page_count, QLabel(_("Zoom:")), self.zoom, self.close_button):
            bar.addWidget(widget)
        self._sheet.setObjectName("paperSheet")
        pages = self._pages_layout
        pages.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        pages.setSpacing(16)
        pages.setContentsMargins(16, 16, 16, 16)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self._sheet)
        scroll.setStyleSheet("QScrollArea > QWidget > QWidget#paperSheet { background: #8a94a0; }")
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.status)
        self._set_ready(False)

    def _connect_signals(self) -> None:
        self.print_button.clicked.connect(self.print_document)
        self.save_button.clicked.connect(self.save_pdf)
        self.close_button.clicked.connect(self.reject)
        self.zoom.currentIndexChanged.connect(self._show_pages)
        QShortcut(QKeySequence.StandardKey.Print, self, self.print_document)
        QShortcut(QKeySequence.StandardKey.Save, self, self.save_pdf)
        QShortcut(QKeySequence.StandardKey.ZoomIn, self, lambda: self._step_zoom(1))
        QShortcut(QKeySequence.StandardKey.ZoomOut, self, lambda: self._step_zoom(-1))

    def _set_ready(self, ready: bool) -> None:
        has_printer = self.printers.isEnabled()
        self.print_button.setEnabled(ready and has_printer)
        self.print_button.setToolTip(
            _("Print on the chosen printer (Ctrl+P)")
            if has_printer
            else _("No printer is installed on this PC.")
        )
        self.save_button.setEnabled(ready)
        self.save_button.setToolTip(_("Save the document as a PDF file (Ctrl+S)"))

    def load(self, make_pdf: Callable[[], bytes]) -> None:
        """Make the document on the worker thread, then show its pages."""
        self._context.runner.submit(make_pdf, self._on_pdf_made, self._on_pdf_failed, owner=self)

    def _on_pdf_made(self, pdf: bytes) -> None:
        self.pdf = pdf
        self._show_pages()
        count = len(self.pages)
        self.page_count.setText(ngettext("{n} page", "{n} pages", count).format(n=count))
        self.status.setText("")
        self._set_ready(True)

    def _on_pdf_failed(self, exc: BaseException) -> None:
        self.status.setText(_("The document could not be made."))
        messages.show_error(self, exc)

    def _show_pages(self) -> None:
        if self.pdf is None:
            return
        layout = self._pages_layout
        for label in self.pages:
            layout.removeWidget(label)
            label.deleteLater()
        dpi = SCREEN_DPI * int(self.zoom.currentData()) / 100
        self.pages = [QLabel() for _size in page_sizes(self.pdf)]
        for number, label in enumerate(self.pages):
            pixmap = QPixmap.fromImage(render_page(self.pdf, number, dpi))
            label.setPixmap(pixmap)
            label.setFixedSize(pixmap.size())  # a page is never squeezed: the sheet scrolls
            layout.addWidget(label)

    def _step_zoom(self, step: int) -> None:
        self.zoom.setCurrentIndex(max(0, min(len(ZOOMS) - 1, self.zoom.currentIndex() + step)))

    def print_document(self) -> None:
        """Print on the printer chosen in the list (remembered for this kind of document)."""
        if self.pdf is None or not self.print_button.isEnabled():
            return
        name = str(self.printers.currentData())
        self.printer = QPrinter(QPrinterInfo.printerInfo(name), QPrinter.PrinterMode.HighResolution)
        self.printer.setDocName(self._file_name)
        try:
            print_pdf(self.pdf, self.printer)
        except OSError as exc:
            messages.warn(self, str(exc))
            return
        remember(f"paper/{self._kind}/printer", name)
        self.status.setText(_("Sent to {printer}.").format(printer=name))
        self._report("print", name)

    def save_pdf(self) -> Path | None:
        """Save the document as a PDF file where the user chooses (the folder is remembered)."""
        if self.pdf is None:
            return None
        folder = Path(recall(f"paper/{self._kind}/folder") or Path.home())
        path = choose_save_path(
            self,
            caption=_("Save as PDF"),
            suggested=folder / self._file_name,
            file_filter=_("PDF files (*.pdf)"),
        )
        if path is None:
            return None
        if path.suffix.lower() != ".pdf":
            path = path.with_name(path.name + ".pdf")
        try:
            path.write_bytes(self.pdf)
        except OSError as exc:
            messages.warn(self, _("The file could not be saved: {reason}").format(reason=exc.strerror or exc))
            return None
        remember(f"paper/{self._kind}/folder", str(path.parent))
        self.status.setText(_("Saved: {path}").format(path=path))
        self._report("pdf", str(path))
        return path

    def _report(self, action: str, destination: str) -> None:
        if self._on_output is not None:
            self._on_output(action, destination)


def preview_document(
    context: AppContext,
    parent: QWidget | None,
    *,
    kind: str,
    title: str,
    file_name: str,
    make_pdf: Callable[[], bytes],
    on_output: OnOutput | None = None,
) -> PreviewDialog:
    """Open a preview of a document: its real pages, print to a remembered printer, save as PDF.

    Args:
        context: the application's context (runner for ``make_pdf``, settings).
        parent: the window the preview belongs to.
        kind: the document type ("release_slip", "visitor_pass" …): printer and folder are
            remembered per kind.
        title: the window title.
        file_name: the suggested file name when saving (e.g. "放行条 F-000123.pdf").
        make_pdf: returns the PDF bytes; runs on the worker thread, so it may call services.
        on_output: called as ``(action, destination)`` after a print (``"print"``, printer name)
            or a save (``"pdf"``, path), so the caller can audit it.

    Returns:
        The dialog, already shown (non-modal; deleted when closed).
    """
    dialog = PreviewDialog(context, parent, kind=kind, title=title, file_name=file_name, on_output=on_output)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    _open.add(dialog)
    dialog.finished.connect(lambda _result: _open.discard(dialog))
    dialog.destroyed.connect(lambda: _open.discard(dialog))  # also when its window goes first
    dialog.show()
    dialog.load(make_pdf)
    return dialog
