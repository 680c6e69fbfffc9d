"""The foundation's pages, tiles and search providers; later modules register theirs the same way."""

from __future__ import annotations

from functools import partial

from PySide6.QtWidgets import QWidget

from frontdesk.auth import Permission, role_label
from frontdesk.i18n import N_, _
from ui.context import AppContext
from ui.fees_tile import register_fees_tile
from ui.shell.pages import Navigator, PageSpec, register_page
from ui.shell.search import SearchProvider, SearchResult
from ui.slips.registration import register_slips
from ui.today import TodayPage, register_builtin_tiles
from ui.visitors.register import register_visitors


def _open_staff(navigator: Navigator, staff_id: int) -> None:
    from ui.staff_page import StaffPage

    page = navigator.open_page("staff")
    if isinstance(page, StaffPage):
        page.select(staff_id)


def staff_search(context: AppContext, navigator: Navigator) -> SearchProvider:
    """Staff by name or user name (administrators); runs on the worker thread."""

    def provider(text: str) -> list[SearchResult]:
        rows = context.services.staff.search(actor=context.require_actor(), text=text, limit=10)
        return [
            SearchResult(
                row.display_name,
                _("Staff · {username} · {role}").format(username=row.username, role=role_label(row.role)),
                partial(_open_staff, navigator, row.id),
            )
            for row in rows
        ]

    return provider


def _open_unit(navigator: Navigator, unit_id: int) -> None:
    from ui.registry_page import RegistryPage

    page = navigator.open_page("registry")
    if isinstance(page, RegistryPage):
        page.show_unit(unit_id)


def estate_search(context: AppContext, navigator: Navigator) -> SearchProvider:
    """Units and residents by code, name, phone or ID digits (desk staff); runs on the worker thread."""

    def provider(text: str) -> list[SearchResult]:
        hits = context.services.estate.search(actor=context.require_actor(), text=text, limit=10)
        return [
            SearchResult(
                f"{hit.unit_code} · {hit.name}" if hit.name else hit.unit_code,
                _("Resident · {phone}").format(phone=hit.phone_masked) if hit.name else _("Unit"),
                partial(_open_unit, navigator, hit.unit_id),
            )
            for hit in hits
        ]

    return provider


def _today(context: AppContext, _navigator: Navigator) -> QWidget:
    return TodayPage(context)


# pages other than Today are imported when first opened: start-up draws only what it shows
def _staff(context: AppContext, _navigator: Navigator) -> QWidget:
    from ui.staff_page import StaffPage

    return StaffPage(context)


def _registry(context: AppContext, _navigator: Navigator) -> QWidget:
    from ui.registry_page import RegistryPage

    return RegistryPage(context)


def _fees(context: AppContext, navigator: Navigator) -> QWidget:
    from ui.fees_page import FeesPage

    return FeesPage(context, navigator)


def _audit(context: AppContext, _navigator: Navigator) -> QWidget:
    from ui.audit_page import AuditPage

    return AuditPage(context)


def _settings(context: AppContext, _navigator: Navigator) -> QWidget:
    from ui.settings_page import SettingsPage

    return SettingsPage(context)


def register_builtin() -> None:
    """Register the foundation's pages and tiles (idempotent). F2–F5 are kept for the desk modules."""
    register_page(PageSpec("today", N_("Today"), "today", "F1", _today, order=0))
    register_page(
        PageSpec(
            "registry",
            N_("Residents"),
            "registry",
            "F6",
            _registry,
            permission=Permission.DESK_WORK,
            order=100,
            search=estate_search,
        )
    )
    fees = N_("Fees and arrears")
    register_page(PageSpec("fees", fees, "fees", "F7", _fees, permission=Permission.DESK_WORK, order=110))
    register_page(
        PageSpec(
            "audit", N_("Audit trail"), "audit", "F9", _audit, permission=Permission.AUDIT_VIEW, order=900
        )
    )
    register_page(
        PageSpec(
            "staff",
            N_("Staff"),
            "staff",
            "F10",
            _staff,
            permission=Permission.STAFF_MANAGE,
            order=910,
            search=staff_search,
        )
    )
    register_page(PageSpec("settings", N_("Settings"), "settings", "F12", _settings, order=990))
    register_builtin_tiles()
    register_visitors()
    register_slips()
    register_fees_tile()
