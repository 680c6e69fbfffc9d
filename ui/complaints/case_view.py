"""One complaint and its procedure: the steps done (who, when, what), the next step's small form,
the classification history and the callbacks; reclassify, escalate, the work order, the record sheet.

A change made on another desk meanwhile is refused by the core ("changed by X at T"): the message
is shown and the complaint is read again, so the clerk sees where it stands now.
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape

from PySide6.QtWidgets import QGridLayout, QPushButton, QWidget

from frontdesk.clock import format_local
from frontdesk.complaints.labels import department_label, label
from frontdesk.complaints.rows import (
    PROCEDURES,
    CommunicativeType,
    ComplaintDetail,
    ComplaintRow,
    ComplaintStatus,
    DepartmentRow,
    Step,
    StepRow,
)
from frontdesk.estate.ledger import ArrearsSummary
from frontdesk.i18n import _
from frontdesk.money import fen_to_text
from ui.complaints.common import (
    BAD,
    CALLBACK_ENTITY,
    ENTITY,
    GOOD,
    INFO,
    MUTED,
    STATUS_COLOURS,
    class_text,
    preview_sheet,
    status_text,
)
from ui.complaints.dialogs import EscalateDialog, ReclassifyDialog, WorkOrderDialog
from ui.complaints.steps import StepForm, step_forms
from ui.kit.callback_record import callbacks_html
from ui.kit.context import AppContext
from ui.kit.steps import StepHost

CIRCLED = "①②③④⑤⑥⑦⑧⑨"
Loaded = tuple[ComplaintDetail, list[DepartmentRow], ArrearsSummary | None]


def _heading(text: str) -> str:
    return f"<h3 style='margin:6px 0 2px 0'>{escape(text)}</h3>"


def step_title(cls_steps: tuple[Step, ...], step: Step) -> str:
    """``③ Responsible department``: the step with its place in the procedure."""
    place = CIRCLED[cls_steps.index(step)] + " " if step in cls_steps else ""
    return place + label(step)


class CaseView(StepHost):
    """A complaint's record and its next step; ``show_complaint`` loads one on the worker thread."""

    entities = (ENTITY, CALLBACK_ENTITY)

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.detail: ComplaintDetail | None = None
        self.departments: list[DepartmentRow] = []
        self.forms: dict[Step, StepForm] = {form.step: form for form in step_forms()}
        self.reclassify_button = QPushButton(_("Recla&ssify …"))
        self.escalate_button = QPushButton(_("&Escalate …"))
        self.work_order_button = QPushButton(_("Wor&k order …"))
        self.print_button = QPushButton(_("Pr&int record sheet …"))
        actions = QGridLayout()
        for n, button in enumerate(
            (self.reclassify_button, self.escalate_button, self.work_order_button, self.print_button)
        ):
            actions.addWidget(button, n // 2, n % 2)
        self.build(
            placeholder=_("e.g. TS-20261205-0001 — Enter to open"),
            forms=list(self.forms.values()),
            below=[actions],
        )
        self.reclassify_button.clicked.connect(lambda: self._open(ReclassifyDialog))
        self.escalate_button.clicked.connect(lambda: self._open(EscalateDialog))
        self.work_order_button.clicked.connect(lambda: self._open(WorkOrderDialog))
        self.print_button.clicked.connect(self.print_sheet)
        self.show_nothing()

    # --- loading --------------------------------------------------------------------------
    @property
    def row(self) -> ComplaintRow | None:
        """The complaint shown."""
        return self.detail.complaint if self.detail is not None else None

    def show_complaint(self, number: str) -> None:
        """Read complaint ``number`` with its steps, the departments and, at step ③, the unit's fees."""
        number = number.strip()
        if not number:
            return
        actor, complaints = self._context.require_actor(), self._context.services.complaints

        def load() -> Loaded:
            detail = complaints.get(actor=actor, number=number)
            departments = complaints.departments(actor=actor)
            fees = (
                complaints.fee_status(actor=actor, number=detail.complaint.number)
                if detail.complaint.next_step is Step.FEE_STATUS
                else None
            )
            return detail, departments, fees

        self._context.runner.submit(load, self._on_loaded, self._on_load_failed, owner=self)

    def show_record(self, number: str) -> None:
        self.show_complaint(number)

    def _on_loaded(self, loaded: Loaded) -> None:
        detail, departments, fees = loaded
        previous = self.row
        self.detail, self.departments = detail, departments
        row = detail.complaint
        if previous is None or previous.number != row.number:
            for form in self.forms.values():
                form.clear()
        self.number.setText(row.number)
        self.header.setText(self._header(row))
        self.record.setText(self._record(detail))
        self._show_next(row, fees)
        self._update_buttons()

    def show_nothing(self, prompt: str = "") -> None:
        """No complaint chosen yet."""
        self.detail = None
        super().show_nothing(prompt or _("Type a complaint's number, or choose one in the list."))

    # --- what is shown --------------------------------------------------------------------
    def _department(self, code: str) -> str:
        found = next((d for d in self.departments if d.code == code), None)
        return department_label(code, found.name if found is not None else "") if code else ""

    def _header(self, row: ComplaintRow) -> str:
        colour = BAD if row.overdue else STATUS_COLOURS.get(row.status.value, INFO)
        who = row.complainant_name or _("(no name)")
        if row.complainant_phone_masked:
            who += f" · {row.complainant_phone_masked}"
        lines = [
            f"<b style='font-size:15px'>{escape(row.number)}</b> · "
            f"<b style='color:{colour}'>{escape(status_text(row))}</b> · "
            + escape(class_text(row.cls, row.kind)),
            escape(
                _("{who} · {place} · {channel} · received {received} by {clerk}").format(
                    who=who,
                    place=row.unit_code or row.place,
                    channel=label(row.channel),
                    received=format_local(row.received_at),
                    clerk=row.clerk_name or row.clerk,
                )
            ),
            escape(
                _("Respond by {respond} · close by {close}").format(
                    respond=format_local(row.respond_by), close=format_local(row.close_by)
                )
            ),
            f"<i>{escape(row.content)}</i>",
        ]
        extras = []
        if row.escalated:
            extras.append(_("Escalated to the supervisor: {reason}").format(reason=row.escalation_reason))
        if row.linked_to:
            extras.append(_("Linked to {number}").format(number=row.linked_to))
        if row.work_order_request:
            extras.append(
                _("Work order requested: {request} {ref}")
                .format(request=row.work_order_request, ref=row.work_order_ref)
                .strip()
            )
        lines += [f"<b style='color:{BAD}'>{escape(text)}</b>" for text in extras]
        return "<br>".join(lines)

    def _step_details(self, s: StepRow) -> str:
        parts: list[str] = []
        if s.department:
            parts.append(_("Department: {d}").format(d=self._department(s.department)))
        if s.person:
            parts.append(_("With: {p}").format(p=s.person))
        if s.when is not None:
            parts.append(_("On site: {t}").format(t=format_local(s.when)))
        if s.step is Step.IDENTITY and s.flag is not None:
            parts.append(_("A resident of the unit") if s.flag else _("Not a resident of the unit"))
        if s.step is Step.RESPONSE and s.flag is not None:
            parts.append(_("Answered the resident") if s.flag else _("Passed to the department"))
        if s.step is Step.FEE_STATUS:
            parts.append(
                _("Arrears seen: ¥{a}").format(a=fen_to_text(s.amount_fen))
                if s.amount_fen
                else _("No arrears")
            )
        parts += [t for t in (s.text, s.result) if t]
        return " · ".join(parts)

    def _record(self, detail: ComplaintDetail) -> str:
        row = detail.complaint
        procedure = PROCEDURES[row.cls]
        done = [
            f"<div style='color:{GOOD}'>✓ <b>{escape(step_title(procedure, s.step))}</b> — "
            f"{escape(s.done_by_name or s.done_by)} {escape(format_local(s.done_at))}</div>"
            + (
                f"<div style='margin-left:18px'>{escape(self._step_details(s))}</div>"
                if self._step_details(s)
                else ""
            )
            for s in detail.steps
        ]
        intake = (
            f"<div style='color:{GOOD}'>✓ <b>{escape(step_title(procedure, Step.RECORD))}</b> — "
            + escape(f"{row.clerk_name or row.clerk} {format_local(row.received_at)}")
            + "</div>"
        )
        upcoming = []
        if row.next_step is not None:
            for step in procedure[procedure.index(row.next_step) :]:
                colour, mark = (INFO, "▶") if step is row.next_step else (MUTED, "○")
                upcoming.append(
                    f"<div style='color:{colour}'>{mark} {escape(step_title(procedure, step))}</div>"
                )
        parts = [_heading(_("Procedure")), intake, *done, *upcoming]
        parts.append(_heading(_("Classifications")))
        at_intake = _("At intake")
        for h in detail.classes:
            parts.append(
                "<div>"
                + escape(
                    f"{format_local(h.changed_at)} · {h.changed_by_name or h.changed_by} · "
                    f"{class_text(h.cls, h.kind)} · {h.reason or at_intake}"
                )
                + "</div>"
            )
        parts.append(_heading(_("Callbacks")))
        parts.append(callbacks_html(detail.callbacks, _("None yet: one is due when the handling is done.")))
        if detail.similar_open:
            parts.append(_heading(_("Also open about this unit and matter")))
            parts.append(f"<div>{escape('、'.join(detail.similar_open))}</div>")
        return "".join(parts)

    def _show_next(self, row: ComplaintRow, fees: ArrearsSummary | None) -> None:
        step = row.next_step
        form = self.forms.get(step) if step is not None else None
        if form is None:
            callback = step_title(PROCEDURES[row.cls], Step.CALLBACK)
            title = _("Next: {step}").format(step=callback) if step is Step.CALLBACK else label(row.status)
            if step is Step.CALLBACK:
                due = (
                    next((cb.due_at for cb in reversed(self.detail.callbacks) if cb.status == "open"), None)
                    if self.detail
                    else None
                )
                text = _("The handling is done: the callback is in the queue, due {due}.").format(
                    due=format_local(due)
                )
            elif row.status is ComplaintStatus.CLOSED:
                text = _("Closed on {date} after its callback.").format(date=format_local(row.closed_at))
            else:
                text = ""
            self.show_no_step(title, text)
            return
        assert step is not None
        form.prepare(row, self.departments, fees)
        self.show_step(form, step_title(PROCEDURES[row.cls], step))

    def _update_buttons(self) -> None:
        row = self.row
        open_ = row is not None and row.status is not ComplaintStatus.CLOSED
        self.reclassify_button.setEnabled(
            row is not None and row.status not in (ComplaintStatus.CLOSED, ComplaintStatus.AWAITING_CALLBACK)
        )
        self.escalate_button.setEnabled(open_ and row is not None and not row.escalated)
        self.work_order_button.setEnabled(
            open_ and row is not None and row.kind == CommunicativeType.HELP.value
        )
        self.print_button.setEnabled(row is not None)

    # --- changes --------------------------------------------------------------------------
    def step_job(self, form: StepForm, row: ComplaintRow) -> Callable[[], ComplaintRow]:  # type: ignore[override]
        return form.job(self._context.services, self._context.require_actor(), row)

    def announce(self, row: ComplaintRow) -> tuple[str, ...]:
        """The complaint changed; one awaiting its callback changed the queue too."""
        return (ENTITY, CALLBACK_ENTITY) if row.status is ComplaintStatus.AWAITING_CALLBACK else (ENTITY,)

    def _open(self, kind: type[ReclassifyDialog | EscalateDialog | WorkOrderDialog]) -> None:
        row = self.row
        if row is not None:
            self.open_dialog(kind(self._context, row, self))

    def print_sheet(self) -> None:
        """Preview the record sheet (A4): print it or save it as PDF."""
        if self.row is not None:
            self.dialog = preview_sheet(self._context, self, self.row.number)
