"""The gate (F8): scan or type a slip, a big verdict in words and colour, the goods, mark it used."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from frontdesk.clock import format_local
from frontdesk.i18n import N_, _, ngettext
from frontdesk.slips.document import SlipItemLine
from frontdesk.slips.labels import label
from frontdesk.slips.rows import GateCheck, GateResult, SlipRow
from ui.kit.context import AppContext
from ui.kit.forms import FieldErrors
from ui.kit.table_model import RIGHT, Column, RowTableModel
from ui.slips.common import ENTITY, GATE_LOOK

ITEM_COLUMNS: list[Column[SlipItemLine]] = [
    Column(N_("Goods"), lambda i: i.description),
    Column(N_("Quantity"), lambda i: i.quantity, align=RIGHT),
    Column(N_("Unit of measure"), lambda i: i.unit),
    Column(N_("Remarks"), lambda i: i.remarks),
]


class GatePage(QWidget):
    """One field for the scanner or the keyboard; the verdict stays until the next slip is checked."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self.check: GateCheck | None = None
        self.errors = FieldErrors()
        self.scan = QLineEdit()
        self.verdict = QLabel()
        self.message = QLabel()
        self.details = QLabel()
        self.items: RowTableModel[SlipItemLine] = RowTableModel(ITEM_COLUMNS, parent=self)
        self.table = QTableView()
        self.carrier = QLineEdit()
        self.plate = QLineEdit()
        self.use_button = QPushButton(_("&Mark as used — goods may leave"))
        self._build_ui()
        self.scan.returnPressed.connect(self.check_text)
        self.use_button.clicked.connect(self.mark_used)
        self.carrier.returnPressed.connect(self.mark_used)  # Enter in either field lets the goods out
        self.plate.returnPressed.connect(self.mark_used)
        self.show_check(None)

    def _build_ui(self) -> None:
        heading = QLabel(_("Gate check"))
        heading.setObjectName("pageTitle")
        self.scan.setObjectName("gateScan")
        self.scan.setPlaceholderText(
            _("Scan the QR code or type the slip number (FX-20261123-0007), then Enter")
        )
        self.scan.setStyleSheet("font-size: 20pt; padding: 6px;")
        self.verdict.setObjectName("gateVerdict")
        self.verdict.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.verdict.setMinimumHeight(72)
        for text in (self.message, self.details):
            text.setWordWrap(True)
            text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.message.setStyleSheet("font-size: 14pt;")
        self.table.setModel(self.items)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.carrier.setPlaceholderText(_("Optional"))
        self.plate.setPlaceholderText(_("Optional, e.g. 粤B12345"))
        self.use_button.setObjectName("primary")
        use = QFormLayout()
        use.addRow(_("&Carrier's name"), self.errors.wrap("carrier_name", self.carrier))
        use.addRow(_("Vehicle &plate"), self.errors.wrap("plate", self.plate))
        bottom = QHBoxLayout()
        bottom.addLayout(use, 1)
        bottom.addWidget(self.use_button, 0, Qt.AlignmentFlag.AlignBottom)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 16, 24, 16)
        layout.addWidget(heading)
        layout.addWidget(self.scan)
        layout.addWidget(self.verdict)
        layout.addWidget(self.message)
        layout.addWidget(self.details)
        layout.addWidget(self.table, 1)
        layout.addLayout(bottom)

    def activate(self) -> None:
        """The page was opened: ready for a scan."""
        self.scan.setFocus(Qt.FocusReason.OtherFocusReason)

    def check_text(self) -> None:
        """Check what was scanned or typed (worker thread); the field is emptied for the next scan."""
        text = self.scan.text().strip()
        self.scan.clear()
        self.scan.setFocus(Qt.FocusReason.OtherFocusReason)
        if not text:
            return
        actor, slips = self._context.require_actor(), self._context.services.slips
        self._context.runner.submit(
            lambda: slips.gate_check(actor=actor, text=text), self.show_check, owner=self
        )

    def show_check(self, check: GateCheck | None) -> None:
        """Show a verdict: the result in words on its colour, what to do, the slip and its goods."""
        self.check = check
        self.errors.clear()
        if check is None:
            self.verdict.setText(_("Waiting for a slip"))
            self.verdict.setStyleSheet(_verdict_style("#5c6670"))
            self.message.setText(_("Scan the slip's QR code or type its number."))
            self.details.clear()
            self.items.set_rows([])
            self.use_button.setEnabled(False)
            return
        colour, sign = GATE_LOOK[check.result]
        number = check.slip.number if check.slip is not None else ""
        self.verdict.setText(f"{sign} {label(check.result)}  {number}".strip())
        self.verdict.setStyleSheet(_verdict_style(colour))
        self.message.setText(check.message)
        details = _details(check.slip) if check.slip is not None else ""
        if check.code:
            details += escape(" · " + _("code {code} matches the slip").format(code=check.code))
        self.details.setText(details)
        self.items.set_rows(check.items)
        if check.result is GateResult.CODE_NEEDED and check.slip is not None:
            self.scan.setText(f"{check.slip.number} ")  # the guard types the code after the number
            self.scan.setFocus(Qt.FocusReason.OtherFocusReason)
        valid = check.result is GateResult.VALID
        self.use_button.setEnabled(valid)
        for edit in (self.carrier, self.plate):
            edit.clear()
            edit.setEnabled(valid)

    def mark_used(self) -> None:
        """Mark the slip shown as used, with the carrier and plate if given."""
        check = self.check
        if check is None or check.slip is None or check.result is not GateResult.VALID:
            return
        actor, slips, number = self._context.require_actor(), self._context.services.slips, check.slip.number
        carrier, plate, code = self.carrier.text(), self.plate.text(), check.code
        self.use_button.setEnabled(False)
        self._context.runner.submit(
            lambda: slips.mark_used(actor=actor, number=number, code=code, carrier_name=carrier, plate=plate),
            self._on_used,
            self._on_failed,
            owner=self,
        )

    def _on_used(self, row: SlipRow) -> None:
        self._context.bus.notify(ENTITY)
        check = self.check
        items = check.items if check is not None else ()
        message = _("Marked as used at {when}. The goods may leave.").format(when=format_local(row.used_at))
        self.show_check(GateCheck(GateResult.USED, row, items, message, row.used_at, row.used_by))
        used_now = _("Used now")
        self.verdict.setText(f"✓ {used_now}  {row.number}")
        self.verdict.setStyleSheet(_verdict_style(GATE_LOOK[GateResult.VALID][0]))
        self.scan.setFocus(Qt.FocusReason.OtherFocusReason)

    def _on_failed(self, exc: BaseException) -> None:
        self.use_button.setEnabled(self.check is not None and self.check.result is GateResult.VALID)
        self.errors.show(self, exc)


def _verdict_style(colour: str) -> str:
    return (
        f"background:{colour}; color:white; font-size:28pt; font-weight:bold; border-radius:6px; padding:8px;"
    )


def _details(slip: SlipRow) -> str:
    text = ngettext(
        "Unit {unit} · {kind} {name} · valid until {day} · {n} line of goods",
        "Unit {unit} · {kind} {name} · valid until {day} · {n} lines of goods",
        slip.item_count,
    ).format(
        unit=slip.unit_code,
        kind=label(slip.applicant_kind),
        name=slip.applicant_name,
        day=slip.valid_until.isoformat(),
        n=slip.item_count,
    )
    return escape(text)
