"""The audit trail page (F9), registered with the shell."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from frontdesk.auth import Permission
from frontdesk.i18n import N_
from ui.kit.context import AppContext
from ui.kit.pages import Navigator, PageSpec, register_page


def _audit(context: AppContext, _navigator: Navigator) -> QWidget:
    from ui.audit.page import AuditPage  # imported when first opened: start-up draws only what it shows

    return AuditPage(context)


def register_audit() -> None:
    """The Audit trail page, for those who may read it."""
    register_page(
        PageSpec(
            "audit", N_("Audit trail"), "audit", "F9", _audit, permission=Permission.AUDIT_VIEW, order=900
        )
    )
