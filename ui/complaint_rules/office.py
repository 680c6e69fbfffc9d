"""The complaints' and callbacks' office-wide settings: deadlines, the callback target, who may call back."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from frontdesk.i18n import N_, _
from ui.kit.context import AppContext
from ui.kit.office_settings import OfficeSettingsGroup, SettingField

FIELDS: tuple[SettingField, ...] = (
    SettingField(
        "complaint_respond_minutes",
        N_("Answer a complaint within"),
        suffix=N_(" minutes"),
        hint=N_("A complaint not answered by then stands out as overdue on the list and the Today page."),
    ),
    SettingField("complaint_close_valid_hours", N_("Close a valid complaint within"), suffix=N_(" hours")),
    SettingField(
        "complaint_close_communicative_hours",
        N_("Close a communicative complaint within"),
        suffix=N_(" hours"),
    ),
    SettingField(
        "callback_target_hours",
        N_("Call back within"),
        suffix=N_(" hours"),
        hint=N_("After a case is handled; the callback queue shows what is past this."),
    ),
    SettingField(
        "callback_by_handler_allowed",
        N_("The person who handled a case may call back (a one-person office)"),
        hint=N_("Off: the callback is made by someone who did not handle the case, as the procedure asks."),
    ),
    SettingField(
        "complaint_retention_days",
        N_("Keep complainants' and callers' data"),
        suffix=N_(" days"),
        hint=N_("Their names and phones are removed after this; the complaints themselves are kept."),
    ),
)


class ComplaintSettingsPanel(OfficeSettingsGroup):
    """The complaint deadlines, the callback target and rule, and the retention of complainants' data."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(
            context,
            _("Complaints and callbacks (all desks)"),
            FIELDS,
            _("Save complaint settings"),
            parent,
        )

    def activate(self) -> None:
        """The Settings page was opened: read the stored values."""
        self.load()
