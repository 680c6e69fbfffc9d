"""The complaints, newest first: by status, month, open or overdue only; overdue rows stand out;
a page at a time (Load more), exported as shown (Ctrl+E); Enter opens the chosen one."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QWidget

from frontdesk.clock import format_local
from frontdesk.complaints.labels import kind_label, label
from frontdesk.complaints.rows import ComplaintRow, ComplaintStatus, ListFilter
from frontdesk.i18n import N_, _, ngettext
from ui.complaints.common import BAD, CALLBACK_ENTITY, ENTITY, STATUS_COLOURS, status_text
from ui.kit.context import AppContext
from ui.kit.list_export import export_view
from ui.kit.record_list import Before, RecordList
from ui.kit.table_model import RIGHT, Column

PAGE_SIZE = 200


def _colour(row: ComplaintRow) -> str | None:
    return BAD if row.overdue else STATUS_COLOURS.get(row.status.value)


COLUMNS: list[Column[ComplaintRow]] = [
    Column(N_("No."), lambda r: 0, align=RIGHT),  # replaced by the row's place (NumberedModel)
    Column(N_("Number"), lambda r: r.number),
    Column(N_("Status"), lambda r: r, format=status_text, colour=_colour),
    Column(N_("Received"), lambda r: r.received_at, format=format_local),
    Column(N_("Unit or place"), lambda r: r.unit_code or r.place),
    Column(N_("Complainant"), lambda r: r.complainant_name),
    Column(N_("Class"), lambda r: label(r.cls)),
    Column(N_("Kind"), lambda r: kind_label(r.kind)),
    Column(N_("Next step"), lambda r: label(r.next_step) if r.next_step is not None else ""),
    Column(
        N_("Close by"), lambda r: r.close_by, format=format_local, colour=lambda r: BAD if r.overdue else None
    ),
    Column(N_("Content"), lambda r: r.content.replace("\n", " ")[:60], tooltip=lambda r: r.content),
]
RECEIVED_COLUMN = 3


class ComplaintList(RecordList[ComplaintRow]):
    """The list with its filters; ``sig_open`` asks the page to show the chosen complaint."""

    entities = (ENTITY, CALLBACK_ENTITY)

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(
            context,
            COLUMNS,
            received_column=RECEIVED_COLUMN,
            statuses=[(label(status), status.value) for status in ComplaintStatus],
            open_caption=_("&Open only"),
            attention_caption=_("O&verdue only"),
            show_caption=_("S&how the case"),
            parent=parent,
        )
        self.finish()

    def filters(self) -> ListFilter:
        """The filters as chosen."""
        return ListFilter(
            status=str(self.status.currentData() or ""),
            month=str(self.month.currentData() or ""),
            open_only=self.open_only.isChecked(),
            overdue_only=self.overdue_only.isChecked(),
        )

    def page_size(self) -> int:
        return PAGE_SIZE

    def fetch(self, before: Before) -> Callable[[], list[ComplaintRow]]:
        actor, complaints, filters, limit = (
            self._context.require_actor(),
            self._context.services.complaints,
            self.filters(),
            PAGE_SIZE,
        )
        return lambda: complaints.list_complaints(actor=actor, filters=filters, limit=limit, before=before)

    def count_text(self, rows: list[ComplaintRow]) -> str:
        overdue = sum(1 for r in rows if r.overdue)
        text = ngettext("{n} complaint", "{n} complaints", len(rows)).format(n=len(rows))
        if overdue:
            text += " · " + ngettext("{n} overdue", "{n} overdue", overdue).format(n=overdue)
        return text

    def export(self) -> None:
        """The list as shown, to Excel (complainants' names: personal data, so a supervisor's right)."""
        export_view(
            self._context,
            self,
            self.table,
            title=_("Complaints"),
            file_stem=_("Complaints"),
            what="complaints",
            personal=True,
        )
