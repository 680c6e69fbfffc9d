"""The complaint service (``services.complaints``): one object over the module's parts.

API for the interfaces (every method keyword-only, ``actor`` first; rows are frozen dataclasses
from ``frontdesk.complaints.rows``; bad input raises ``ValidationError(field, message)``):

Intake (``intake.py``)
- ``suggest(actor, text) -> Suggestion``: the rules' class/kind and the words that matched.
- ``open_similar(actor, unit_id, cls, kind) -> [ComplaintRow]``: open ones about the same matter.
- ``take_complaint(actor, client_id, intake=IntakeInput(...)) -> ComplaintRow``; ``link(...)``.
  Show ``labels.NO_PROMISES`` on the form.

The procedures (``procedure.py``; each takes ``number`` and the row's ``version``; the next step
is ``ComplaintRow.next_step``, the order is ``rows.PROCEDURES[cls]``):
- valid: ``judge_nature(nature)`` → ``assign_department(department)`` →
  ``record_site_visit(supervisor, visited_at, findings)`` → ``record_handling(actions, result)``;
- communicative: ``confirm_identity(is_resident, note)`` → ``fee_status()`` (to show) then
  ``record_fee_status(note)`` → ``record_response(answered, said, department)``;
- the last handling step schedules the callback (``services.callbacks``); its outcome closes or
  reopens the complaint.
- ``reclassify(cls, kind, reason)``, ``escalate(reason)``, ``request_work_order(request)``,
  ``link_work_order(work_order)``.

Reading (``reading.py``): ``get(number) -> ComplaintDetail`` (steps, classification history,
callbacks, similar open ones); ``list_complaints(filters=ListFilter(status, month, open_only,
overdue_only, unit_id), limit, before)``; ``month(month)``; ``open_for_unit(unit_id)``;
``open_counts() -> (open, overdue)`` for the Today tile.

Rules and departments (``rules.py``): ``rules()``, ``replace_rules(rules=[RuleInput])``,
``hit_rate(month="")``, ``departments()``, ``save_department(code, name, active)``.

Figures (``figures.py``): ``figures(month) -> ComplaintFigures``. Documents (``printing.py``):
``record_sheet(number) -> ComplaintSheet`` for ``reports.complaint_sheet``. Retention
(``retention.py``): ``purge_personal_data(...)``.
"""

from __future__ import annotations

from frontdesk.complaints.figures import FiguresService
from frontdesk.complaints.intake import IntakeService
from frontdesk.complaints.printing import PrintingService
from frontdesk.complaints.procedure import ProcedureService
from frontdesk.complaints.reading import ReadingService
from frontdesk.complaints.retention import RetentionService
from frontdesk.complaints.rules import RuleService


class ComplaintService(
    IntakeService,
    ProcedureService,
    ReadingService,
    RuleService,
    FiguresService,
    PrintingService,
    RetentionService,
):
    """Complaints end to end; the parts share the clock: ``ComplaintService(today=..., now=...)`` in tests."""
