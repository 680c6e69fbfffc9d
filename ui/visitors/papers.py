"""The visitors' papers on screen: the visitor pass and the collection notice, previewed before printing."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from frontdesk.i18n import _
from ui.kit.context import AppContext
from ui.kit.paper import preview_document


def preview_pass(context: AppContext, parent: QWidget | None, visit_id: int, pass_number: str) -> None:
    """Preview, print or save the pass of a visit (A6); saved as a file named after its number."""
    # reportlab loads when a document is made, not at start-up
    from reports.visitor_pass import visitor_pass_pdf

    actor, visitors, font = context.require_actor(), context.services.visitors, context.settings.pdf_font

    def make_pdf() -> bytes:
        return visitor_pass_pdf(visitors.visitor_pass(actor=actor, visit_id=visit_id), font_file=font or None)

    preview_document(
        context, parent, kind="visitor_pass", title=_("Visitor pass"),
        file_name=_("Visitor pass {number}.pdf").format(number=pass_number or visit_id), make_pdf=make_pdf,
    )  # fmt: skip


def preview_notice(context: AppContext, parent: QWidget | None) -> None:
    """Preview, print or save the collection notice for the desk (A4)."""
    # reportlab loads when a document is made, not at start-up
    from reports.collection_notice import collection_notice_pdf

    actor, visitors, font = context.require_actor(), context.services.visitors, context.settings.pdf_font

    def make_pdf() -> bytes:
        return collection_notice_pdf(visitors.collection_notice(actor=actor), font_file=font or None)

    preview_document(
        context, parent, kind="collection_notice", title=_("Collection notice"),
        file_name=_("Visitor collection notice.pdf"), make_pdf=make_pdf,
    )  # fmt: skip
