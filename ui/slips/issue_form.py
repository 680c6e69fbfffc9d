"""The guided release-slip form: four steps that cannot be skipped, the unit panel beside them."""

from __future__ import annotations

import uuid
from html import escape

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from frontdesk.errors import ValidationError
from frontdesk.i18n import N_, _, ngettext
from frontdesk.slips.labels import label
from frontdesk.slips.rows import ApplicantKind, OverrideInput, SlipContext, SlipRow, SlipStatus
from ui.kit import messages
from ui.kit.context import AppContext
from ui.kit.forms import FieldErrors
from ui.kit.unit_panel import UnitPanel
from ui.slips.common import BAD, ENTITY, GOOD, INFO, WARN, preview_slip
from ui.slips.steps import ApplicantStep, ConfirmStep, GoodsStep
from ui.slips.submit import check_goods, confirmation_input, issue_job, step_of_field
from ui.slips.unit_step import UnitStep

#: how a step's name looks: the current one stands out, done ones are ticked off in green
STEP_STYLES = {
    "current": f"background:{INFO}; color:white; font-weight:bold; padding:4px 10px; border-radius:4px;",
    "done": f"color:{GOOD}; padding:4px 10px;",
    "todo": "color:#5c6670; padding:4px 10px;",
}
STEP_TITLES = (N_("① Applicant and ID"), N_("② Unit and fees"), N_("③ Goods"), N_("④ Confirm and issue"))


class IssueSlipForm(QWidget):
    """Applicant → unit → goods → confirmation; Enter goes on, Esc starts again, nothing saved until ④."""

    sig_issued = Signal(object)
    """A slip was saved (the ``SlipRow``), whatever its status."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self.client_id = str(uuid.uuid4())
        self.errors = FieldErrors()
        self.panel = UnitPanel(context)
        self.applicant = ApplicantStep(self.errors)
        self.unit = UnitStep(context, self.errors, self.panel, self.applicant.kind_value)
        self.goods = GoodsStep(self.errors)
        self.confirm = ConfirmStep(self.errors, context)
        self.stack = QStackedWidget()
        self.step_labels = [QLabel(_(t)) for t in STEP_TITLES]
        self.result = QLabel()
        self.back_button = QPushButton(_("◀ &Back"))
        self.next_button = QPushButton()
        self.cancel_button = QPushButton(_("Start again (Esc)"))
        self._build_ui()
        self._connect_signals()
        self.go_to(0)

    def _build_ui(self) -> None:
        steps = QHBoxLayout()
        for step_label in self.step_labels:
            step_label.setObjectName("stepLabel")
            steps.addWidget(step_label)
        steps.addStretch(1)
        for step in (self.applicant, self.unit, self.goods, self.confirm):
            self.stack.addWidget(step)
        self.result.setObjectName("slipResult")
        self.result.setWordWrap(True)
        self.result.hide()
        self.next_button.setObjectName("primary")
        buttons = QHBoxLayout()
        buttons.addWidget(self.cancel_button)
        buttons.addStretch(1)
        buttons.addWidget(self.back_button)
        buttons.addWidget(self.next_button)
        left = QWidget()
        column = QVBoxLayout(left)
        column.setContentsMargins(0, 0, 0, 0)
        column.addLayout(steps)
        column.addWidget(self.result)
        column.addWidget(self.stack, 1)
        column.addLayout(buttons)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(left)
        splitter.addWidget(self.panel)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([720, 420])  # the unit's story must be readable beside the form
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter)

    def _connect_signals(self) -> None:
        self.next_button.clicked.connect(self.advance)
        self.back_button.clicked.connect(self.back)
        self.cancel_button.clicked.connect(self.cancel)
        self.unit.sig_name_chosen.connect(self._on_resident_chosen)
        self.applicant.kind.currentIndexChanged.connect(lambda: self.unit.refresh(self.applicant.name.text()))
        for key in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(
                QKeySequence(key), self, self.advance, context=Qt.ShortcutContext.WidgetWithChildrenShortcut
            )
        QShortcut(
            QKeySequence("Alt+Left"), self, self.back, context=Qt.ShortcutContext.WidgetWithChildrenShortcut
        )

    @property
    def slip_context(self) -> SlipContext | None:
        """The unit loaded in step ②."""
        return self.unit.context

    @property
    def override(self) -> OverrideInput | None:
        """The supervisor's permission given in step ② (units in arrears)."""
        return self.unit.override

    # --- moving between steps ------------------------------------------------------------
    def step(self) -> int:
        """The step shown, 0 to 3."""
        return self.stack.currentIndex()

    def go_to(self, step: int) -> None:
        """Show ``step`` (only ever one already reached: the form never skips ahead)."""
        self.stack.setCurrentIndex(step)
        if step > 0:
            self.result.hide()  # the last slip's outcome, shown until the next applicant is checked
        for number, step_label in enumerate(self.step_labels):
            state = "current" if number == step else "done" if number < step else "todo"
            step_label.setStyleSheet(STEP_STYLES[state])
        self.back_button.setEnabled(step > 0)
        self.next_button.setText(_("&Issue slip (Enter)") if step == 3 else _("Ne&xt (Enter)"))
        focus: QWidget = (self.applicant.kind, self.unit.unit, self.goods.grid, self.confirm.owner)[step]
        if step == 3 and self.confirm.call.isHidden():
            focus = self.next_button
        focus.setFocus(Qt.FocusReason.OtherFocusReason)

    def advance(self) -> None:
        """Check the step shown; go on when it is complete (issue on the last)."""
        self.errors.clear()
        step = self.step()
        try:
            if step == 0:
                self._check_applicant()
            elif step == 1:
                self.unit.check()
            elif step == 2:
                check_goods(self.goods)
            else:
                self._issue()
                return
        except ValidationError as exc:
            self._on_failed(exc)
            return
        if step == 2:
            self._prepare_confirmation()
        self.go_to(step + 1)

    def back(self) -> None:
        """One step back; everything typed stays."""
        if self.step() > 0:
            self.errors.clear()
            self.go_to(self.step() - 1)

    def cancel(self) -> None:
        """Esc: drop this slip (after asking, if something was typed) and start again."""
        typed = self.applicant.name.text() or self.unit.unit.text() or self.goods.grid.items_model.items()
        if typed and not messages.confirm(self, _("Discard this slip and start again?")):
            return
        self.reset()

    def reset(self) -> None:
        """An empty form on step ①, ready for the next applicant."""
        for step in (self.applicant, self.unit, self.goods, self.confirm):
            step.clear()
        self.errors.clear()
        self.client_id = str(uuid.uuid4())
        self.panel.clear()
        self.go_to(0)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Enter goes on (fields pass it up); Esc starts again."""
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            focus = QApplication.focusWidget()
            # this very Enter looked the unit up (the cursor may have moved on already): it does not
            # also go on to the next step
            looked_up = self.unit.take_fresh()
            if isinstance(focus, QPushButton) and self.isAncestorOf(focus):
                focus.click()  # Enter on a button presses it, as in a dialog
            elif not looked_up and not (focus is self.unit.unit and self.unit.context is None):
                self.advance()
        elif event.key() == Qt.Key.Key_Escape:
            self.cancel()
        else:
            super().keyPressEvent(event)

    # --- step ①: applicant ----------------------------------------------------------------
    def _check_applicant(self) -> None:
        a = self.applicant
        self._context.services.slips.validate_applicant(
            id_type=str(a.id_type.currentData()),
            id_number=a.id_number.text(),
            name=a.name.text(),
            phone=a.phone.text(),
            on_record=a.kind_value() is not ApplicantKind.AGENT,
        )

    def _on_resident_chosen(self, name: str, phone_masked: str) -> None:
        """The resident chosen in step ② applies: their name, and their number unless a new one is given."""
        a = self.applicant
        if a.name.text().strip() != name:
            a.phone.clear()  # a number typed for someone else: the chosen resident's number on record serves
        a.name.setText(name)
        a.show_phone_on_record(phone_masked)

    # --- step ④: confirmation and issue ----------------------------------------------------
    def _prepare_confirmation(self) -> None:
        context = self.slip_context
        assert context is not None  # step ② is done
        kind, goods = self.applicant.kind_value(), self.goods.grid.items_model.items()
        recap = ngettext(
            "<b>{unit}</b> · {kind} {name} · {n} line of goods · {reason}",
            "<b>{unit}</b> · {kind} {name} · {n} lines of goods · {reason}",
            len(goods),
        ).format(
            unit=escape(context.unit_code),
            kind=escape(label(kind)),
            name=escape(self.applicant.name.text().strip()),
            n=len(goods),
            reason=escape(self.goods.reason.currentText()),
        )
        recap += "".join(
            "<br>" + escape(f"{n}. {line.description} × {line.quantity} {line.unit} {line.remarks}".rstrip())
            for n, line in enumerate(goods, start=1)
        )  # the lines themselves, read back to the applicant before the slip is made
        override = self.unit.override
        if override is not None:
            recap += "<br>" + escape(
                _("Allowed despite arrears by {who}: {reason}").format(
                    who=override.supervisor.display_name, reason=override.reason
                )
            )
        if kind is ApplicantKind.OWNER:
            recap += "<br>" + escape(_("The applicant is an owner of the unit: no call is needed."))
        self.confirm.prepare(context, kind, recap)

    def _issue(self) -> None:
        context = self.slip_context
        assert context is not None
        confirmation = (
            confirmation_input(self.confirm)
            if self.applicant.kind_value() is not ApplicantKind.OWNER
            else None
        )
        job = issue_job(self._context, self, context, confirmation)
        self.next_button.setEnabled(False)
        self._context.runner.submit(job, self._on_issued, self._on_failed, owner=self)

    def _on_issued(self, row: SlipRow) -> None:
        self.next_button.setEnabled(True)
        self._context.bus.notify(ENTITY)
        texts = {
            SlipStatus.ISSUED: (_("Slip {number} issued for {unit}. Print the three copies."), GOOD),
            SlipStatus.REFUSED: (_("The owner refused: slip {number} for {unit} is kept as refused."), BAD),
            SlipStatus.PENDING: (
                _("Slip {number} for {unit} waits for the owner's answer: complete it from the list."),
                WARN,
            ),
        }
        text, colour = texts.get(row.status, (_("Slip {number} saved."), GOOD))
        self.result.setText(text.format(number=row.number, unit=row.unit_code))
        self.result.setStyleSheet(f"color:{colour}; font-weight:bold")
        self.result.show()
        self.last_issued = row
        self.reset()
        self.sig_issued.emit(row)
        if row.status is SlipStatus.ISSUED:
            preview_slip(self._context, self, row.number)

    def _on_failed(self, exc: BaseException) -> None:
        self.next_button.setEnabled(True)
        if isinstance(exc, ValidationError):
            step = step_of_field(exc.field)
            if step is not None and step != self.step():
                self.go_to(step)
            if exc.field.startswith("items."):
                position, _dot, field = exc.field[len("items.") :].partition(".")
                self.goods.grid.select_cell(int(position) if position.isdigit() else 0, field)
                self.errors.set(
                    "items", _("Line {n}: {message}").format(n=int(position or 0) + 1, message=exc.message)
                )
                return
        self.errors.show(self, exc)
