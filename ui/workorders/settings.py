"""The work orders' office-wide settings: deadlines per urgency, the dispatch rule, the slip's paper."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from frontdesk.i18n import N_, _
from frontdesk.workorders.labels import label
from frontdesk.workorders.rows import DispatchRule
from ui.kit.context import AppContext
from ui.kit.office_settings import OfficeSettingsGroup, SettingField

FIELDS: tuple[SettingField, ...] = (
    SettingField(
        "work_order_urgent_respond_minutes",
        N_("Urgent: signed for within"),
        suffix=N_(" minutes"),
        hint=N_("An order not signed for by then stands out on the list, the Today page and the unit panel."),
    ),
    SettingField("work_order_urgent_finish_hours", N_("Urgent: finished within"), suffix=N_(" hours")),
    SettingField("work_order_normal_respond_hours", N_("Normal: signed for within"), suffix=N_(" hours")),
    SettingField("work_order_normal_finish_hours", N_("Normal: finished within"), suffix=N_(" hours")),
    SettingField(
        "work_order_dispatch_rule",
        N_("Propose a technician by"),
        hint=N_("Among those on duty with the order's skill; the dispatcher may always choose another."),
        choice_text=lambda code: label(DispatchRule(code)),
    ),
    SettingField("work_order_slip_paper", N_("Work slip paper")),
    SettingField(
        "work_order_retention_days",
        N_("Keep reporters' data"),
        suffix=N_(" days"),
        hint=N_("Their names and phones are removed after this; the orders themselves are kept."),
    ),
)


class WorkOrderSettingsPanel(OfficeSettingsGroup):
    """The deadlines of each urgency, how a technician is proposed, the slip's paper, retention."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, _("Work orders (all desks)"), FIELDS, _("Save work order settings"), parent)

    def activate(self) -> None:
        """The Settings page was opened: read the stored values."""
        self.load()
