"""The daily work plan (工作計劃表, A4 landscape): each technician's open orders in time order."""

from __future__ import annotations

from typing import TYPE_CHECKING

from frontdesk.i18n import _
from frontdesk.workorders.document import WorkPlan
from reports.fonts import cjk_font_name
from reports.pdf import PageSetup, build_pdf, data_table, document_bytes, make_styles, paragraph

if TYPE_CHECKING:
    from reportlab.platypus import Flowable

    from frontdesk.workorders.document import PlanTechnician
    from reports.pdf import Styles


def work_plan_pdf(plan: WorkPlan, *, font_file: str | None = None) -> bytes:
    """The day's work plan as an A4 landscape PDF (Chinese embedded), one technician per page.

    Args:
        plan: the plan's content, already translated.
        font_file: the Chinese font chosen in the settings, if any.

    Returns:
        The PDF's bytes.
    """
    from reportlab.platypus import PageBreak

    font = cjk_font_name(font_file)
    styles = make_styles(font, base_size=9)
    title = _("Daily work plan")
    setup = PageSetup(size="A4", landscape=True, office_name=plan.office_name, title=title)
    width = setup.content_width
    story: list[Flowable] = []
    for n, tech in enumerate(plan.technicians):
        if n:
            story.append(PageBreak())
        story.append(paragraph(f"{title} · {plan.day}", styles.title))
        duty = _("on duty") if tech.on_duty else _("off duty")
        story.append(paragraph(f"{tech.name} · {tech.department} · {duty}", styles.heading))
        if tech.lines:
            story.append(_table(tech, styles, width))
        else:
            story.append(paragraph(_("No open order."), styles.body))
        story.append(
            paragraph(
                _("Printed {when}. Technician: ____________    Supervisor: ____________").format(
                    when=plan.printed_at
                ),
                styles.small,
            )
        )
    if not plan.technicians:
        story.append(paragraph(f"{title} · {plan.day}", styles.title))
        story.append(paragraph(_("No technician is on duty."), styles.body))
    return document_bytes(lambda stream: build_pdf(stream, story, setup, styles))


def _table(tech: PlanTechnician, styles: Styles, width: float) -> Flowable:
    """The technician's orders, one line each, with room to sign each off."""
    headers = [
        _("Time"), _("No."), _("Unit or place"), _("Category"), _("Urgency"), _("Problem"), _("Status"),
        _("Finish by"), _("Flags"), _("Done (signature)"),
    ]  # fmt: skip
    rows = [
        (p.time, p.number, p.place, p.category, p.urgency, p.problem, p.status, p.deadline, p.flag, "")
        for p in tech.lines
    ]
    weights = (1.5, 1.5, 1.0, 1.1, 0.6, 2.6, 1.0, 1.2, 1.0, 1.0)
    return data_table(headers, rows, styles, width=width, col_widths=weights)
