"""The collection notice shown at the desk: what is collected, why, for how long, and whom to ask."""

from __future__ import annotations

from typing import TYPE_CHECKING

from frontdesk.i18n import _, ngettext
from frontdesk.visitors.kinds import IdPolicy
from reports.fonts import cjk_font_name
from reports.pdf import PageSetup, build_pdf, document_bytes, make_styles, paragraph

if TYPE_CHECKING:
    from reportlab.platypus import Flowable

    from frontdesk.visitors.documents import CollectionNoticeDocument


def _id_text(policy: IdPolicy) -> str:
    if policy is IdPolicy.RECORDED:
        return _(
            "We record the type and number of your identity document, stored masked "
            "(e.g. 110101********123X) with a coded fingerprint so that we recognise you on your next "
            "visit. We never copy or photograph your ID card. Instead of recording your ID you may ask "
            "the resident you visit to confirm who you are."
        )
    if policy is IdPolicy.SEEN:
        return _(
            "We may ask to see your identity document, but we do not record its number. Instead you may ask "
            "the resident you visit to confirm who you are."
        )
    return _(
        "We do not ask for your identity document. The resident you visit may be asked to confirm "
        "who you are."
    )


def _sections(document: CollectionNoticeDocument) -> list[tuple[str, str]]:
    days = ngettext("{n} day", "{n} days", document.retention_days).format(n=document.retention_days)
    contact = " · ".join(
        p for p in (document.office_name, document.office_phone, document.office_address) if p
    )
    return [
        (
            _("What we collect"),
            _(
                "Your name, phone number, the purpose of your visit, whom you visit, how many people "
                "came with you, your vehicle's plate, your pass number and the times you came and left."
            ),
        ),
        (_("Identity documents"), _id_text(document.id_policy)),
        (
            _("Why"),
            _(
                "For the safety of residents and visitors: to let the person you visit know you are here, to "
                "know who is on site, and to look into incidents. Purposes of visits we record: {purposes}."
            ).format(purposes="、".join(document.purposes)),
        ),
        (
            _("How long"),
            _(
                "Your name, phone number and identity data are deleted after {days}; only counts of "
                "visits are kept for statistics. A visit under investigation may be kept longer."
            ).format(days=days),
        ),
        (
            _("Whom to ask"),
            _(
                "To see or correct your data, or to ask a question, contact the management office: {contact}."
            ).format(contact=contact),
        ),
    ]


def collection_notice_pdf(document: CollectionNoticeDocument, *, font_file: str | None = None) -> bytes:
    """The collection notice as an A4 page for the desk.

    Args:
        document: the office, its retention period and ID policy.
        font_file: the Chinese font chosen in the settings, if any.

    Returns:
        The PDF's bytes.
    """
    font = cjk_font_name(font_file)
    styles = make_styles(font, base_size=13)
    setup = PageSetup(size="A4", office_name=document.office_name, title=_("Visitor registration"))
    story: list[Flowable] = [
        paragraph(_("Notice on the collection of visitors' personal data"), styles.title)
    ]
    for heading, text in _sections(document):
        story.append(paragraph(heading, styles.heading))
        story.append(paragraph(text, styles.body))
    return document_bytes(lambda stream: build_pdf(stream, story, setup, styles))
