"""The unit panel: who lives there, instructions, arrears and other modules' sections, beside a form."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut, QTextDocument
from PySide6.QtWidgets import QLabel, QScrollArea, QVBoxLayout, QWidget

from frontdesk.estate.kinds import label
from frontdesk.estate.ledger import ArrearsSummary
from frontdesk.estate.panel import UnitPanel as PanelData
from frontdesk.i18n import _
from frontdesk.money import fen_to_text
from ui.kit.context import AppContext
from ui.kit.pages import Navigator, open_record

PANEL_KEY = "Ctrl+J"  # jump into the panel, to open one of its lines
ATTENTION = "#b3261e"
GOOD = "#1b6e2a"


def late_fee_text(arrears: ArrearsSummary) -> str:
    """ " Late fee ¥x (n/10,000 a day, not charged)." when the office charges late fees, else empty."""
    if arrears.late_fee_permyriad == 0 or arrears.arrears_fen == 0:
        return ""
    return " " + _("Late fee ¥{fee} ({rate}/10,000 a day, not charged).").format(
        fee=fen_to_text(arrears.late_fee_fen), rate=arrears.late_fee_permyriad
    )


def _section(title: str, lines: list[str]) -> str:
    body = "".join(f"<div style='margin-left:8px'>{line}</div>" for line in lines)
    return f"<h3 style='margin-bottom:2px'>{escape(title)}</h3>{body}"


def _alert(text: str) -> str:
    return f"<b style='color:{ATTENTION}'>⚠ {escape(text)}</b>"


def _link(ref: str, html: str) -> str:
    """``html`` opening the record ``ref`` when clicked, or chosen with Tab and Enter."""
    return f"<a href='{escape(ref, quote=True)}'>{html}</a>" if ref else html


def render(data: PanelData) -> str:
    """The panel as rich text (plain values fetched beforehand; nothing is queried here)."""
    unit = data.unit
    parts = [
        f"<h2 style='margin-bottom:2px'>{escape(unit.code)}</h2>",
        "<div>"
        + escape(
            _("{building} · {area} m² · {status}").format(
                building=unit.building_name, area=unit.area_m2, status=label(unit.status)
            )
        )
        + "</div>",
    ]
    residents = [
        _link(f"unit:{unit.id}", escape(_("{kind}: {name}").format(kind=label(r.kind), name=r.name)))
        + (f" · {escape(r.phone_masked)}" if r.phone_masked else "")
        for r in data.residents
    ] or [escape(_("Nobody registered"))]
    parts.append(_section(_("Residents"), residents))
    if data.instructions:
        lines = [
            _alert(i.text + (_(" (until {date})").format(date=i.until.isoformat()) if i.until else ""))
            for i in data.instructions
        ]
        parts.append(_section(_("Standing instructions"), lines))
    arrears = data.arrears
    if arrears.arrears_fen > 0:
        text = _("Owes ¥{amount}, oldest unpaid charge {days} days overdue (due {due})").format(
            amount=fen_to_text(arrears.arrears_fen),
            days=arrears.oldest_unpaid_days,
            due=arrears.oldest_unpaid_due.isoformat() if arrears.oldest_unpaid_due else "",
        )
        text += late_fee_text(arrears)
        line = _alert(_("Overdue: ") + text) if arrears.oldest_unpaid_days > 0 else escape(text)
    else:
        paid_up = _("Paid up")
        line = f"<span style='color:{GOOD}'>✓ {escape(paid_up)}</span>"
    parts.append(_section(_("Arrears"), [line]))
    for section in data.sections:
        lines = [
            _link(entry.ref, _alert(entry.text) if entry.attention else escape(entry.text))
            + (f" · {escape(entry.detail)}" if entry.detail else "")
            for entry in section.lines
        ] or [escape(_("None"))]
        title = (
            _("{title} ({count})").format(title=section.title, count=section.count)
            if section.count
            else section.title
        )
        parts.append(_section(title, lines))
    return "".join(parts)


class UnitPanel(QWidget):
    """Shows one unit's story; ``show_unit`` loads it on the worker thread, ``clear`` empties it."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self.unit_id: int | None = None
        self.data: PanelData | None = None
        self.body = QLabel()
        self.body.setObjectName("unitPanel")
        self.body.setTextFormat(Qt.TextFormat.RichText)
        self.body.setWordWrap(True)
        self.body.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.body.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse | Qt.TextInteractionFlag.LinksAccessibleByMouse
            | Qt.TextInteractionFlag.LinksAccessibleByKeyboard
        )  # fmt: skip
        self.body.setOpenExternalLinks(False)
        self.body.linkActivated.connect(self._open)
        self.body.setToolTip(
            _("{key}: the panel's first line; Tab to the next, Enter opens it").format(key=PANEL_KEY)
        )
        # the page's panel is the one shown: the others' shortcuts sleep with their hidden pages
        QShortcut(QKeySequence(PANEL_KEY), self, self.focus_first_line)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.body)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scroll)
        self.clear()

    def show_unit(self, unit_id: int) -> None:
        """Load and show unit ``unit_id``."""
        self.unit_id = unit_id
        actor, estate = self._context.require_actor(), self._context.services.estate
        self._context.runner.submit(
            lambda: estate.unit_panel(actor=actor, unit_id=unit_id),
            self._on_loaded,
            self._on_failed,
            owner=self,
        )

    def reload(self) -> None:
        """Load the shown unit again (after a change)."""
        if self.unit_id is not None:
            self.show_unit(self.unit_id)

    def clear(self) -> None:
        """Show no unit."""
        self.unit_id, self.data = None, None
        self.body.setText(escape(_("Choose a unit or resident to see their story here.")))

    def text(self) -> str:
        """The panel's text without markup (for tests and screen readers)."""
        document = QTextDocument()
        document.setHtml(self.body.text())
        return document.toPlainText()

    def focus_first_line(self) -> None:
        """The keyboard in the panel, on its first line that opens a record."""
        self.body.setFocus(Qt.FocusReason.TabFocusReason)
        self.body.focusNextPrevChild(True)  # from the label itself to its first link

    def _open(self, ref: str) -> None:
        """A line was clicked (or chosen with Tab and Enter): show its record on its page."""
        widget: QWidget | None = self.parentWidget()
        while widget is not None and not isinstance(widget, Navigator):
            widget = widget.parentWidget()  # the main window, the panel's page holds no navigator
        if widget is not None:
            open_record(widget, ref)

    def _on_loaded(self, data: PanelData) -> None:
        if data.unit.id != self.unit_id:
            return  # an older request finished after a newer one was made
        self.data = data
        self.body.setText(render(data))

    def _on_failed(self, exc: BaseException) -> None:
        self.data = None
        self.body.setText(_alert(str(exc)))
