"""Every module's pages, tiles and search providers, registered with the shell; a new module adds a line."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from frontdesk.i18n import N_
from ui.audit.register import register_audit
from ui.callbacks.register import register_callbacks
from ui.calls.register import register_calls
from ui.complaint_rules.register import register_complaint_rules
from ui.complaints.register import register_complaints
from ui.estate.register import register_estate
from ui.fees.register import register_fees
from ui.kit.context import AppContext
from ui.kit.pages import Navigator, PageSpec, register_page
from ui.settings.register import register_settings
from ui.shell.today import TodayPage, register_builtin_tiles
from ui.slips.register import register_slips
from ui.staff.register import register_staff
from ui.utilities.register import register_utilities
from ui.visitors.register import register_visitors
from ui.workorders.register import register_workorders


def _today(context: AppContext, _navigator: Navigator) -> QWidget:
    return TodayPage(context)


def register_modules() -> None:
    """Register the shell's Today page and every module (idempotent). F2–F5 are the desk modules'."""
    register_page(PageSpec("today", N_("Today"), "today", "F1", _today, order=0))
    register_builtin_tiles()
    register_estate()
    register_fees()
    register_audit()
    register_staff()
    register_settings()
    register_visitors()
    register_slips()
    register_complaints()
    register_calls()
    register_callbacks()
    register_workorders()
    register_complaint_rules()
    register_utilities()
