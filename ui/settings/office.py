"""Office-wide settings shared by every desk (administrators): idle lock, retention, backup timing."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from frontdesk.i18n import N_, _
from ui.kit.context import AppContext
from ui.kit.office_settings import OfficeSettingsGroup, SettingField

#: the office-wide whole-number settings, each with its unit and a one-line explanation
FIELDS: tuple[SettingField, ...] = (
    SettingField(
        "idle_lock_minutes",
        N_("Lock the screen after"),
        suffix=N_(" minutes"),
        hint=N_("With no key or mouse input for this long, the desk asks for the password."),
    ),
    SettingField(
        "visitor_retention_days",
        N_("Keep visitors' data"),
        suffix=N_(" days"),
        hint=N_("Visitors' names, phones and ID numbers are removed after this."),
    ),
    SettingField(
        "slip_retention_days",
        N_("Keep release slips' data"),
        suffix=N_(" days"),
        hint=N_("Personal details on release slips are removed after this."),
    ),
    SettingField(
        "backup_interval_hours",
        N_("Automatic backup every"),
        suffix=N_(" hours"),
        hint=N_("Taken in the background while the program runs, and when it closes."),
    ),
    SettingField(
        "backup_warn_hours",
        N_("Warn when the last backup is older than"),
        suffix=N_(" hours"),
        hint=N_("The Today page shows a warning past this age."),
    ),
    SettingField(
        "late_fee_per_day_permyriad",
        N_("Late fee per day (ten-thousandths)"),
        suffix=N_(" ‱ a day"),
        hint=N_(
            "Only as your contracts say, e.g. 5 for five ten-thousandths a day: ¥1,000 overdue for 10 days "
            "makes ¥5.00. 0 = no late fee. It is shown beside arrears, never charged by itself."
        ),
    ),
)


#: the office's choice on visitors' ID documents (DOMAIN.md §1: by default no ID number is asked)
POLICY_KEY = "visitor_id_policy"
POLICIES: dict[str, str] = {
    "not_asked": N_("Not asked (the resident confirms the visitor)"),
    "seen": N_("Seen, not recorded"),
    "recorded": N_("Recorded (masked, with a keyed fingerprint)"),
}


class OfficeSettingsPanel(OfficeSettingsGroup):
    """One field per office-wide setting; Save changes only what was edited, each audited."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        policy = SettingField(
            POLICY_KEY,
            N_("Visitors' &ID documents"),
            hint=N_(
                "By default no ID number is asked of a visitor; confirmation by the resident is always "
                "offered instead. A recorded number is stored masked."
            ),
            choice_text=lambda code: _(POLICIES[code]),
        )
        super().__init__(
            context, _("Office-wide (all desks)"), (*FIELDS, policy), _("Save office settings"), parent
        )
        self.id_policy = self.combos[POLICY_KEY]
