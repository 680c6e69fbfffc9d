"""The month view's dialogs: an adjustment to a closed month, and what the payment notices cover."""

from __future__ import annotations

import uuid

from PySide6.QtWidgets import (
    QComboBox,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from frontdesk.i18n import _
from frontdesk.money import fen_to_text, yuan_to_fen
from frontdesk.utilities.kinds import MeterKind, label
from frontdesk.utilities.rows import AdjustmentRow
from reports.utility_sheets import NoticeLayout
from ui.kit.context import AppContext
from ui.kit.dialog import Dialog
from ui.kit.forms import FieldErrors
from ui.utilities.month_model import MonthLine


class AdjustDialog(Dialog):
    """Correct a closed month's amount for a unit: an adjustment charge (negative: a credit), with why."""

    def __init__(self, context: AppContext, parent: QWidget | None, *, month: str, line: MonthLine) -> None:
        super().__init__(parent)
        assert line.unit_id is not None and line.kind is not None  # only a unit's line is adjusted
        self._context, self._month, self._unit_id = context, month, line.unit_id
        self._client_id = uuid.uuid4()  # a retried save returns the adjustment already made
        self.errors = FieldErrors()
        self.unit = QLabel(line.place)
        self.kind = QComboBox()
        self.amount = QLineEdit()
        self.reason = QLineEdit()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.saved: AdjustmentRow | None = None
        for kind in MeterKind:
            self.kind.addItem(label(kind), kind)
        self.kind.setCurrentIndex(self.kind.findData(line.kind))
        shown = fen_to_text(line.amount_fen) if line.amount_fen is not None else ""
        self._build_ui(shown)
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)

    def _build_ui(self, amount: str) -> None:
        self.setWindowTitle(_("Adjust {month}").format(month=self._month))
        self.amount.setPlaceholderText(_("e.g. -12.50 to give back"))
        self.reason.setPlaceholderText(_("e.g. reading corrected from 1520 to 1502"))
        self.reason.setMaxLength(200)
        hint = QLabel(
            _(
                "The month is closed: its readings stay as they are. The amount is charged to the unit's "
                "account (negative: given back) as an adjustment of {month}. The line's amount was ¥{amount}."
            ).format(month=self._month, amount=amount)
        )
        hint.setObjectName("hint")
        hint.setWordWrap(True)
        hint.setMinimumWidth(420)
        form = QFormLayout()
        form.addRow(_("Unit"), self.unit)
        form.addRow(_("&Kind"), self.kind)
        form.addRow(_("&Amount (yuan)"), self.errors.wrap("amount_fen", self.amount))
        form.addRow(_("&Reason"), self.errors.wrap("reason", self.reason))
        layout = QVBoxLayout(self)
        layout.addWidget(hint)
        layout.addLayout(form)
        layout.addWidget(self.buttons)

    def submit(self) -> None:
        """Check the amount here, then let the core post the adjustment (on the worker thread)."""
        try:
            fen = yuan_to_fen(self.amount.text())
        except ValueError as exc:
            self.errors.set("amount_fen", str(exc))
            return
        actor, utilities = self._context.require_actor(), self._context.services.utilities
        month, unit, kind, reason = self._month, self._unit_id, self.kind.currentData(), self.reason.text()
        client = self._client_id
        self.buttons.setEnabled(False)
        self._context.runner.submit(
            lambda: utilities.adjust(
                actor=actor,
                month=month,
                unit_id=unit,
                kind=kind,
                amount_fen=fen,
                reason=reason,
                client_id=client,
            ),
            self._on_saved,
            self._on_failed,
            owner=self,
        )

    def _on_saved(self, row: AdjustmentRow) -> None:
        self.saved = row
        self.buttons.setEnabled(True)
        self._context.bus.notify("estate")  # the unit's account holds a new charge
        self._context.bus.notify("utilities")
        self.accept()

    def _on_failed(self, exc: BaseException) -> None:
        self.buttons.setEnabled(True)
        self.errors.show(self, exc)  # a field's message beside it; anything else in a message box


class NoticesDialog(Dialog):
    """Which units' payment notices (a building or all) and how many to an A4 sheet."""

    def __init__(
        self, parent: QWidget | None, *, buildings: list[tuple[int, str]], building_id: int | None
    ) -> None:
        super().__init__(parent)
        self.scope = QComboBox()
        self.layout_choice = QComboBox()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.setWindowTitle(_("Payment notices"))
        self.scope.addItem(_("All buildings"), None)
        for bid, name in buildings:
            self.scope.addItem(name, bid)
        self.scope.setCurrentIndex(max(0, self.scope.findData(building_id)))
        for text, value in (
            (_("Two to an A4 page (cut along the dashed line)"), "a4x2"),
            (_("One to an A4 page"), "a4"),
            (_("One to an A5 page"), "a5"),
        ):
            self.layout_choice.addItem(text, value)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("&Save as PDF …"))
        form = QFormLayout()
        form.addRow(_("&Units of"), self.scope)
        form.addRow(_("&Paper"), self.layout_choice)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

    def building_id(self) -> int | None:
        """The building chosen (None: all)."""
        value = self.scope.currentData()
        return int(value) if value is not None else None

    def notice_layout(self) -> NoticeLayout:
        """How the notices sit on paper."""
        value = str(self.layout_choice.currentData())
        return "a4x2" if value == "a4x2" else "a4" if value == "a4" else "a5"
