"""A work order: its facts and history on the left, the next step's form on the right.

Ctrl+Enter records the step; dispatching opens the work slip's preview at once (the slip goes
with the technician). A progress note can be added any time; the order can be cancelled with a
reason while it is open. An order changed on another desk meanwhile is said ("changed by X at T")
and shown again as it is now.
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLabel, QLineEdit, QPushButton, QWidget

from frontdesk.clock import format_local
from frontdesk.errors import ValidationError
from frontdesk.i18n import _
from frontdesk.money import fen_to_text
from frontdesk.workorders.labels import event_label, label
from frontdesk.workorders.rows import (
    CANCELLABLE,
    Department,
    OrderDetail,
    OrderRow,
    OrderStatus,
    Proposal,
    TechnicianRow,
    Urgency,
)
from ui.kit import messages
from ui.kit.callback_record import callbacks_html
from ui.kit.context import AppContext
from ui.kit.steps import StepHost
from ui.workorders.common import (
    BAD,
    CALLBACK_ENTITY,
    ENTITY,
    INFO,
    TECHNICIAN_ENTITY,
    preview_slip,
    status_text,
)
from ui.workorders.dialogs import CancelDialog
from ui.workorders.steps import StepContext, StepForm, next_form, step_forms

Loaded = tuple[OrderDetail, Proposal | None, list[TechnicianRow]]


def _heading(text: str) -> str:
    return f"<h4 style='margin:8px 0 2px 0'>{escape(text)}</h4>"


class OrderView(StepHost):
    """An order's record and its next step; ``show_order`` loads one on the worker thread."""

    entities = (ENTITY, CALLBACK_ENTITY, TECHNICIAN_ENTITY)  # the dispatch step's proposal follows the roster

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.detail: OrderDetail | None = None
        self.loaded: StepContext | None = None
        self.forms: dict[str, StepForm] = step_forms()
        self.note = QLineEdit()
        self.print_button = QPushButton(_("&Print the work slip …"))
        self.reassign_button = QPushButton(_("Re&assign …"))
        self.cancel_button = QPushButton(_("Cancel the or&der …"))
        self.note.setPlaceholderText(_("A progress note; Enter adds it"))
        note = QHBoxLayout()
        note_caption = QLabel(_("Progress not&e"))
        note_caption.setBuddy(self.note)
        note.addWidget(note_caption)
        note.addWidget(self.note, 1)
        actions = QGridLayout()
        for n, button in enumerate((self.print_button, self.reassign_button, self.cancel_button)):
            actions.addWidget(button, n // 2, n % 2)
        self.build(
            placeholder=_("e.g. GC-20261205-0001 — Enter to open"),
            forms=list(self.forms.values()),
            below=[note, actions],
        )
        self.note.returnPressed.connect(self.add_note)
        self.print_button.clicked.connect(self.print_slip)
        self.reassign_button.clicked.connect(self.reassign)
        self.cancel_button.clicked.connect(self.cancel_order)
        self.show_nothing()

    # --- loading --------------------------------------------------------------------------
    @property
    def row(self) -> OrderRow | None:
        """The order shown."""
        return self.detail.order if self.detail is not None else None

    def show_order(self, number: str) -> None:
        """Read order ``number`` with its history, and, before it is signed for, the rule's proposal."""
        number = number.strip()
        if not number:
            return
        actor, orders = self._context.require_actor(), self._context.services.workorders

        def load() -> Loaded:
            detail = orders.get(actor=actor, number=number)
            row = detail.order
            if row.status not in (OrderStatus.CREATED, OrderStatus.DISPATCHED):
                return detail, None, []
            proposal = orders.propose(actor=actor, number=row.number)
            return detail, proposal, orders.technicians(actor=actor, department=row.department.value)

        self._context.runner.submit(load, self._on_loaded, self._on_load_failed, owner=self)

    def show_record(self, number: str) -> None:
        self.show_order(number)

    def _on_loaded(self, loaded: Loaded) -> None:
        detail, proposal, technicians = loaded
        previous = self.row
        self.detail = detail
        row = detail.order
        self.loaded = StepContext(row, proposal, tuple(technicians))
        if previous is None or previous.number != row.number:
            for form in self.forms.values():
                form.clear()
        self.number.setText(row.number)
        self.header.setText(self._header(row))
        self.record.setText(self._record(detail))
        self._show_form(next_form(row, self.forms))
        self._update_buttons()

    def show_nothing(self, prompt: str = "") -> None:
        """No order chosen yet."""
        self.detail, self.loaded = None, None
        super().show_nothing(prompt or _("Type a work order's number, or choose one in the list."))

    # --- what is shown --------------------------------------------------------------------
    def _header(self, row: OrderRow) -> str:
        urgent = row.urgency is Urgency.URGENT
        colour = BAD if row.attention else INFO
        parts = [
            f"<b style='font-size:14pt'>{escape(row.number)}</b>",
            f"<b style='color:{colour}'>{escape(status_text(row))}</b>",
            f"<b style='color:{BAD}'>{escape(label(row.urgency))}</b>"
            if urgent
            else escape(label(row.urgency)),
            escape(row.unit_code or row.place),
            escape(row.category_name),
        ]
        if row.department is not Department.ENGINEERING:  # a coordination slip: to whom it goes
            slip = _("Coordination slip to {department}").format(department=label(row.department))
            parts.insert(1, f"<b>{escape(slip)}</b>")
        return " · ".join(parts)

    def _record(self, detail: OrderDetail) -> str:
        row = detail.order
        facts: list[tuple[str, str]] = [
            (_("Problem"), row.problem),
            (_("Reporter"), f"{row.reporter_name} {row.reporter_phone_masked}".strip()),
            (_("Received"), f"{format_local(row.received_at)} · {row.clerk_name}"),
            (_("Respond by"), format_local(row.respond_by)),
            (_("Finish by"), format_local(row.finish_by)),
            (_("Paid or free"), _("Yes: the owner pays") if row.paid else _("No: free of charge")),
        ]
        if row.window_start is not None and row.window_end is not None:
            facts.append(
                (_("Preferred window"), f"{format_local(row.window_start)} – {format_local(row.window_end)}")
            )
        if row.technician_name:
            facts.append((_("Technician"), row.technician_name))
        if row.findings:
            facts.append((_("Findings"), row.findings))
        if row.quote_fen is not None:
            facts.append((_("Quote"), "¥" + fen_to_text(row.quote_fen)))
        if row.work_done:
            facts.append((_("Work done"), row.work_done))
        if row.fee_fen:
            facts.append((_("Fee"), "¥" + fen_to_text(row.fee_fen)))
        if row.cancel_reason:
            facts.append((_("Cancelled because"), row.cancel_reason))
        html = "<table cellspacing=2>" + "".join(
            f"<tr><td style='color:#5c6670; padding-right:8px'>{escape(k)}</td><td>{escape(v)}</td></tr>"
            for k, v in facts
        )
        html += "</table>"
        if detail.materials:
            html += _heading(_("Materials"))
            html += "<br>".join(
                escape(f"{m.name} {m.quantity}{m.unit} ¥{fen_to_text(m.amount_fen)}")
                for m in detail.materials
            )
        html += _heading(_("History"))
        lines = []
        for event in detail.events:
            who = event.done_by_name or event.done_by
            text = f"{format_local(event.done_at)} · {event_label(event.action)} · {who}"
            if event.technician_name:
                text += f" · {event.technician_name}"
            if event.text:
                text += f" — {event.text}"
            lines.append(escape(text))
        html += "<br>".join(lines) if lines else escape(_("Nothing recorded yet."))
        html += _heading(_("Callbacks"))
        html += callbacks_html(detail.callbacks, _("None yet: one is due when the work is done."))
        return html

    def _show_form(self, form: StepForm | None) -> None:
        row, loaded = self.row, self.loaded
        if form is None or row is None or loaded is None:
            if row is not None and row.status is OrderStatus.COMPLETED:
                text = _("The work is done: the callback is in the queue; it closes the order or reopens it.")
            elif row is not None and row.status is OrderStatus.CLOSED:
                text = _("Closed on {date} after its callback.").format(date=format_local(row.closed_at))
            elif row is not None and row.status is OrderStatus.CANCELLED:
                text = _("Cancelled on {date}.").format(date=format_local(row.cancelled_at))
            else:
                text = ""
            self.show_no_step(label(row.status) if row is not None else "", text)
            return
        form.prepare(loaded)
        self.show_step(form, form.title())

    def _update_buttons(self) -> None:
        row = self.row
        self.print_button.setEnabled(row is not None and row.technician_id is not None)
        self.reassign_button.setEnabled(row is not None and row.status is OrderStatus.DISPATCHED)
        self.cancel_button.setEnabled(row is not None and row.status in CANCELLABLE)
        self.note.setEnabled(
            row is not None and row.status not in (OrderStatus.CLOSED, OrderStatus.CANCELLED)
        )

    # --- changes --------------------------------------------------------------------------
    def step_job(self, form: StepForm, row: OrderRow) -> Callable[[], OrderRow]:  # type: ignore[override]
        return form.job(self._context.services, self._context.require_actor(), row)

    def announce(self, row: OrderRow) -> tuple[str, ...]:
        """The order changed; a completed one put its callback in the queue."""
        return (ENTITY, CALLBACK_ENTITY) if row.status is OrderStatus.COMPLETED else (ENTITY,)

    def _on_recorded(self, form: StepForm, row: OrderRow) -> None:  # type: ignore[override]
        super()._on_recorded(form, row)
        if form is self.forms["dispatch"]:  # the slip goes with the technician: its preview, ready to print
            self.print_slip()

    def add_note(self) -> None:
        """Add the progress note typed (no version: notes never clash)."""
        row, text = self.row, self.note.text()
        if row is None:
            return
        actor, orders = self._context.require_actor(), self._context.services.workorders

        def added(new: OrderRow) -> None:
            self.note.clear()
            self._changed(new)

        self._context.runner.submit(
            lambda: orders.add_note(actor=actor, number=row.number, text=text),
            added,
            lambda exc: (
                messages.show_error(self, exc)
                if not isinstance(exc, ValidationError)
                else messages.warn(self, exc.message)
            ),
            owner=self,
        )

    def reassign(self) -> None:
        """Dispatched but not yet signed for: send it to another technician instead."""
        if self.row is None or self.loaded is None or self.row.status is not OrderStatus.DISPATCHED:
            return
        self._show_form(self.forms["dispatch"])
        self.next_title.setText(_("Next: {step}").format(step=_("Reassign to another technician")))
        self.forms["dispatch"].first_input().setFocus(Qt.FocusReason.OtherFocusReason)

    def cancel_order(self) -> None:
        """Cancel the order with a reason (a dialog)."""
        row = self.row
        if row is None or row.status not in CANCELLABLE:
            return
        self.open_dialog(CancelDialog(self._context, row, self))

    def print_slip(self) -> None:
        """Preview the work slip: print it or save it as PDF (a second print is marked a reprint)."""
        if self.row is not None and self.row.technician_id is not None:
            preview = preview_slip(self._context, self, self.row.number)
            preview.finished.connect(lambda _result: self.focus_step())  # back to the next step
            self.dialog = preview
