"""The work orders, newest first: by status, month, open or needing attention only; overdue and
urgent-unsigned rows stand out in red and say so; a page at a time (Load more), exported as shown;
Enter opens the chosen one; the work plan of a day printed from here."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QComboBox, QDateEdit, QPushButton, QWidget

from frontdesk.clock import format_local, local_today
from frontdesk.i18n import N_, _, ngettext
from frontdesk.workorders.labels import label
from frontdesk.workorders.rows import Department, ListFilter, OrderRow, OrderStatus
from ui.kit.context import AppContext
from ui.kit.list_export import export_view
from ui.kit.record_list import Before, RecordList
from ui.kit.table_model import RIGHT, Column
from ui.workorders.common import BAD, CALLBACK_ENTITY, ENTITY, preview_plan, row_colour, status_text

PAGE_SIZE = 200


def _when(value: datetime | None) -> str:
    return format_local(value) if value is not None else ""


COLUMNS: list[Column[OrderRow]] = [
    Column(N_("No."), lambda r: 0, align=RIGHT),  # replaced by the row's place (NumberedModel)
    Column(N_("Number"), lambda r: r.number),
    Column(N_("Status"), lambda r: r, format=status_text, colour=row_colour, tooltip=status_text),
    Column(
        N_("Urgency"),
        lambda r: label(r.urgency),
        colour=lambda r: BAD if r.urgency.value == "urgent" else None,
    ),
    Column(N_("Received"), lambda r: r.received_at, format=format_local),
    Column(N_("Unit or place"), lambda r: r.unit_code or r.place, tooltip=lambda r: r.unit_code or r.place),
    Column(N_("Category"), lambda r: r.category_name, tooltip=lambda r: r.category_name),
    Column(N_("Technician"), lambda r: r.technician_name, tooltip=lambda r: r.technician_name),
    Column(N_("Finish by"), lambda r: r.finish_by, format=_when, colour=lambda r: BAD if r.overdue else None),
    Column(N_("Problem"), lambda r: r.problem.replace("\n", " ")[:60], tooltip=lambda r: r.problem),
]
RECEIVED_COLUMN = 4
#: the columns of words narrowed (elided, whole in their tooltip) when the list is wider than the screen
NARROW = (2, 5, 6, 7)


class OrderList(RecordList[OrderRow]):
    """The list with its filters; ``sig_open`` asks the page to show the chosen order."""

    entities = (ENTITY, CALLBACK_ENTITY)

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(
            context,
            COLUMNS,
            received_column=RECEIVED_COLUMN,
            statuses=[(label(status), status.value) for status in OrderStatus],
            open_caption=_("Op&en only"),
            attention_caption=_("O&verdue or urgent only"),
            show_caption=_("S&how the order"),
            narrow=NARROW,
            parent=parent,
        )
        self.department = QComboBox()
        self.department.addItem(_("All departments"), "")
        for department in Department:
            self.department.addItem(label(department), department.value)
        self.department.setToolTip(_("Engineering: work orders (GC); the others: coordination slips (XT)"))
        self.plan_day = QDateEdit()
        self.plan_button = QPushButton(_("Wor&k plan …"))
        today = local_today()
        self.plan_day.setDisplayFormat("yyyy-MM-dd")
        self.plan_day.setDate(QDate(today.year, today.month, today.day))
        self.plan_day.setToolTip(_("The day whose work plan is printed"))
        self.finish(filters=[(_("De&partment"), self.department)], buttons=[self.plan_day, self.plan_button])
        self.plan_button.clicked.connect(self.print_plan)

    def filters(self) -> ListFilter:
        """The filters as chosen."""
        return ListFilter(
            status=str(self.status.currentData() or ""),
            month=str(self.month.currentData() or ""),
            open_only=self.open_only.isChecked(),
            attention_only=self.overdue_only.isChecked(),
            department=str(self.department.currentData() or ""),
        )

    def page_size(self) -> int:
        return PAGE_SIZE

    def fetch(self, before: Before) -> Callable[[], list[OrderRow]]:
        actor, orders, filters, limit = (
            self._context.require_actor(),
            self._context.services.workorders,
            self.filters(),
            PAGE_SIZE,
        )
        return lambda: orders.list_orders(actor=actor, filters=filters, limit=limit, before=before)

    def count_text(self, rows: list[OrderRow]) -> str:
        attention = sum(1 for r in rows if r.attention)
        text = ngettext("{n} work order", "{n} work orders", len(rows)).format(n=len(rows))
        if attention:
            text += " · " + ngettext("{n} needs attention", "{n} need attention", attention).format(
                n=attention
            )
        return text

    def print_plan(self) -> None:
        """Preview the work plan of the day chosen beside the button."""
        day = self.plan_day.date().toPython()
        assert isinstance(day, date)
        preview_plan(self._context, self, day)

    def export(self) -> None:
        """The list as shown, to Excel."""
        export_view(
            self._context,
            self,
            self.table,
            title=_("Work orders"),
            file_stem=_("Work orders"),
            what="work_orders",
        )
