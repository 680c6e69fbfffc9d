"""What the work-order views share: colours, status text, printing the work slip and the work plan."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QWidget

from frontdesk.i18n import _
from frontdesk.workorders.labels import label
from frontdesk.workorders.rows import OrderRow, OrderStatus, Urgency
from ui.kit.context import AppContext
from ui.kit.paper import PreviewDialog, preview_document

ENTITY = "work_order"
"""Change-bus entity announced after an order is created or changed (the callback queue's too)."""
CALLBACK_ENTITY = "callback"
TECHNICIAN_ENTITY = "technician"
"""Change-bus entity announced after a technician is added, changed or put on or off duty."""
CATEGORY_ENTITY = "work_category"
"""Change-bus entity announced after a category is added, renamed, hidden or shown."""

GOOD, INFO, WARN, BAD, MUTED = "#1b6e2a", "#24415f", "#8a5a00", "#b3261e", "#5c6670"
#: text colour of each status in lists (the status is always written out as well)
STATUS_COLOURS: dict[str, str] = {
    OrderStatus.CREATED.value: WARN,
    OrderStatus.REFUSED.value: BAD,
    OrderStatus.COMPLETED.value: INFO,
    OrderStatus.CLOSED.value: GOOD,
    OrderStatus.CANCELLED.value: MUTED,
}


def status_text(row: OrderRow) -> str:
    """The status written out; overdue and urgent-unsigned said in words as well as colour."""
    text = label(row.status)
    if row.overdue:
        return _("{status} · overdue").format(status=text)
    if row.unsigned_late and row.urgency is Urgency.URGENT:
        return _("{status} · urgent, not signed for").format(status=text)
    return text


def row_colour(row: OrderRow) -> str | None:
    """Red for an order that needs attention, else its status's colour."""
    return BAD if row.attention else STATUS_COLOURS.get(row.status.value)


def preview_slip(context: AppContext, parent: QWidget | None, number: str) -> PreviewDialog:
    """Preview the order's work slip; a print on paper is counted (a second one is a reprint)."""
    from reports.work_slip import work_slip_pdf  # reportlab loads when a document is made

    actor, orders = context.require_actor(), context.services.workorders
    font_file = context.settings.pdf_font or None

    def make_pdf(count: bool = False) -> bytes:
        return work_slip_pdf(
            orders.work_slip(actor=actor, number=number, count_print=count), font_file=font_file
        )

    def on_output(action: str, _destination: str) -> None:
        if action == "print":
            context.runner.submit(lambda: make_pdf(count=True), lambda _pdf: recorded(), owner=parent)

    def recorded() -> None:
        context.bus.notify(ENTITY)
        if shown:
            shown[0].load(make_pdf)

    shown: list[PreviewDialog] = []
    dialog = preview_document(
        context,
        parent,
        kind="work_slip",
        title=_("Work slip {number}").format(number=number),
        file_name=_("Work slip {number}.pdf").format(number=number),
        make_pdf=make_pdf,
        on_output=on_output,
    )
    shown.append(dialog)
    dialog.destroyed.connect(lambda *_args: shown.clear())
    return dialog


def preview_plan(context: AppContext, parent: QWidget | None, day: date) -> PreviewDialog:
    """Preview the work plan of ``day``: each technician's orders to work on."""
    from reports.work_plan import work_plan_pdf

    actor, orders = context.require_actor(), context.services.workorders
    font_file = context.settings.pdf_font or None
    return preview_document(
        context,
        parent,
        kind="work_plan",
        title=_("Work plan {day}").format(day=day.isoformat()),
        file_name=_("Work plan {day}.pdf").format(day=day.isoformat()),
        make_pdf=lambda: work_plan_pdf(orders.work_plan(actor=actor, day=day), font_file=font_file),
    )
