"""The work-order service (``services.workorders``): one object over the module's parts.

API for the interfaces (every method keyword-only, ``actor`` first; rows are frozen dataclasses
from ``frontdesk.workorders.rows``; bad input raises ``ValidationError(field, message)``; a stale
``version`` raises ``Conflict`` — "changed by X at T" — and the form reloads with ``get``). Desk
staff do everything but approve quotes; engineers (``Permission.ENGINEERING``) read and move the
orders dispatched to them; a supervisor approves or refuses quotes.

Issuing (``intake.py``)
- ``create_order(actor, client_id, order=OrderInput(...)) -> OrderRow``: ``department``
  "engineering" gives a work order ``GC-YYYYMMDD-NNNN``; security / cleaning / greening an internal
  coordination slip ``XT-…`` (same lifecycle). ``source_complaint`` (a number) or ``source_call``
  (a call's id) links the order both ways. Deadlines from the office's settings
  (``work_order_{urgent,normal}_{respond,finish}_…``).
- ``draft_from_call(actor, call_id)`` / ``draft_from_complaint(actor, number) -> OrderInput``: the
  form filled in from its source (reporter, unit, problem, a category suggested from the words);
  the clerk checks it and saves it with ``create_order``.

Dispatch (``dispatch.py``)
- ``propose(actor, number, rule="") -> Proposal``: the technician the office's rule
  (``work_order_dispatch_rule``: longest idle / fewest open / round robin, skill first) proposes,
  with ``reason`` to show; ``ranking`` every candidate best first.
- ``technicians(actor, department="")``, ``save_technician(actor, technician=TechnicianInput,
  technician_id=None, version=0)``, ``set_on_duty(actor, technician_id, version, on_duty)``;
  ``categories(actor)``, ``save_category(actor, code="", name, active)``.

The lifecycle (``lifecycle.py``; each takes ``number`` and the row's ``version``; the allowed next
statuses are ``rows.TRANSITIONS[row.status]``, cancelling aside — ``rows.CANCELLABLE``):
- ``dispatch(technician_id)`` (again while not signed for: another technician) → print
  ``work_slip`` → ``sign_for(signed_at=None)`` → ``survey(findings, paid=None)`` →
  paid: ``quote(labour, materials, note)`` → ``decide_quote(approve, note)`` (supervisor; refused:
  quote again or cancel) → ``start_work()`` → ``add_note(text)`` any time (no version) →
  ``complete(work_done, hours, materials=[MaterialInput], fee=None)``: schedules the callback
  (``services.callbacks``; its outcome closes the order or reopens it in progress, counted in
  ``reopen_count``) and charges a paid order's fee to the unit's account (``charge_id``).
- ``cancel(reason)`` from any open state before completion.

Reading (``reading.py``): ``get(number) -> OrderDetail`` (events, materials, callbacks);
``list_orders(filters=ListFilter(status, month, open_only, attention_only, unit_id,
technician_id, department), limit, before)`` — ``OrderRow.overdue``, ``unsigned_late`` and
``attention`` are the flags to make stand out; ``month(month)``; ``open_for_unit(unit_id)``;
``today_counts() -> TodayCounts``.

Labels for the page (``labels.py``): ``label(status | urgency | department | rule)``,
``event_label(action)`` for ``EventRow.action``; ``OrderRow.category_name`` is already translated.

Figures (``figures.py``): ``figures(month) -> OrderFigures`` (reports permission). Documents
(``printing.py``): ``work_slip(number, count_print=True) -> WorkSlip`` for
``reports.work_slip.work_slip_pdf`` (A5 or A4 per ``work_order_slip_paper``; a second print is
marked a reprint), ``work_plan(day=None, department="") -> WorkPlan`` for
``reports.work_plan.work_plan_pdf``. Retention (``retention.py``): ``purge_personal_data(...)``
(``work_order_retention_days``; also run by the daily purge).
"""

from __future__ import annotations

from frontdesk.workorders.dispatch import DispatchService
from frontdesk.workorders.figures import FiguresService
from frontdesk.workorders.intake import DraftService, IntakeService
from frontdesk.workorders.lifecycle import LifecycleService
from frontdesk.workorders.printing import PrintingService
from frontdesk.workorders.reading import ReadingService
from frontdesk.workorders.retention import RetentionService


class WorkOrderService(
    IntakeService,
    DraftService,
    DispatchService,
    LifecycleService,
    ReadingService,
    FiguresService,
    PrintingService,
    RetentionService,
):
    """Work orders end to end; the parts share the clock (``WorkOrderService(today=, now=)`` in tests)."""
