"""The utility documents printed from the month: the meter-reading round sheet (抄表单) of a building,
and the payment notices (交费通知单), one per unit: an A5 or A4 page each, or two to an A4 page.

Both use plain-string tables (reportlab lays thousands of them out quickly), the Chinese font
embedded, the office in the running header and "page x / y" in the footer.

reportlab is imported inside the functions, never when this module is imported.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Literal

from frontdesk.estate.progress import Progress
from frontdesk.i18n import _
from frontdesk.money import fen_to_text
from frontdesk.utilities.kinds import label, meter_label, usage_unit
from frontdesk.utilities.rows import RoundRow, TableLine, UtilityTable
from reports.utility_table import breakdown, flags_text


def round_sheet_pdf(
    rows: Sequence[RoundRow], *, month: str, building: str, office_name: str, font_file: str | None = None
) -> bytes:
    """A building's round sheet: its meters in walking order with the previous reading and the
    expected range, a box for the reading (what was typed already is printed), and signatures.

    Args:
        rows: from ``services.utilities.round_rows``.
        month: the round's month, ``YYYY-MM``.
        building: the building's name, printed in the title.
        office_name: printed in the running header.
        font_file: the Chinese font chosen in the settings, if any.

    Returns:
        The PDF's bytes (A4 portrait).
    """
    from reports.fonts import cjk_font_name
    from reports.pdf import PageSetup, build_pdf, document_bytes, make_styles, paragraph

    font = cjk_font_name(font_file)
    styles = make_styles(font, base_size=10)
    title = _("Meter reading sheet {building} {month}").format(building=building, month=month)
    setup = PageSetup(size="A4", office_name=office_name, title=title)
    headers = [
        _("Unit or place"),
        _("Kind"),
        _("Meter"),
        _("Multiplier"),
        _("Previous"),
        _("Expected range"),
        _("Current"),
        _("Notes"),
    ]
    body = [
        [
            r.unit_code or r.place,
            meter_label(r.kind),
            r.meter_number,
            str(r.multiplier),
            f"{r.previous:,}",
            _expected(r),
            "" if r.current is None else f"{r.current:,}",
            label(r.flag) if r.flag else "",
        ]
        for r in rows
    ]
    weights = [1.3, 0.8, 1.2, 0.6, 1.0, 1.4, 1.2, 1.5]
    story: list[Any] = [
        paragraph(title, styles.title),
        _grid(headers, body, font, setup.content_width, weights, numeric=(3, 4, 5, 6), size=9, pad=6),
        paragraph(_("Read by: ____________    Date: ____________    Checked by: ____________"), styles.body),
    ]
    return document_bytes(lambda stream: build_pdf(stream, story, setup, styles))


def _expected(row: RoundRow) -> str:
    if row.expected_low is None or row.expected_high is None:
        return ""
    return f"{row.expected_low:,}–{row.expected_high:,}"


#: how the notices sit on paper: one per A5 page, one per A4 page, or two per A4 page (cut apart)
NOTICE_LAYOUTS = ("a5", "a4", "a4x2")
NoticeLayout = Literal["a5", "a4", "a4x2"]


def notices_pdf(
    table: UtilityTable,
    *,
    office_name: str,
    font_file: str | None = None,
    layout: NoticeLayout = "a5",
    progress: Progress | None = None,
) -> bytes:
    """The month's payment notices, one per unit with its meters, the tier lines and the total.

    Args:
        table: from ``services.utilities.month_table`` (every building, or one).
        office_name: printed in the running header and the notice's closing line.
        font_file: the Chinese font chosen in the settings, if any.
        layout: ``"a5"`` one notice per A5 page, ``"a4"`` one per A4 page, ``"a4x2"`` two per A4
            page, one above the other with a dashed line to cut along.
        progress: told ``(done, total)`` as the notices are laid out.

    Returns:
        The PDF's bytes; empty of notices (a line saying so) when no unit has a line.
    """
    from reportlab.platypus import FrameBreak, PageBreak

    from reports.fonts import cjk_font_name
    from reports.pdf import PageSetup, build_pdf, document_bytes, make_styles, paragraph

    if layout not in NOTICE_LAYOUTS:
        raise ValueError(f"unknown notice layout {layout!r}")
    font = cjk_font_name(font_file)
    styles = make_styles(font, base_size=9)
    title = _("Utility payment notice {month}").format(month=table.month)
    setup = PageSetup(size="A5" if layout == "a5" else "A4", office_name=office_name, title=title)
    halves = 2 if layout == "a4x2" else 1
    story: list[Any] = []
    for lines in _by_unit(table):
        if story:
            story.append(FrameBreak() if halves > 1 else PageBreak())
        story += _notice(lines, title, office_name, styles, font, setup.content_width)
    if not story:
        story.append(paragraph(_("No unit has a line this month."), styles.body))
    return document_bytes(
        lambda stream: build_pdf(stream, story, setup, styles, progress=progress, frames_per_page=halves)
    )


def _by_unit(table: UtilityTable) -> list[list[TableLine]]:
    units: list[list[TableLine]] = []
    for building in table.buildings:
        current: dict[int, list[TableLine]] = {}
        for line in building.lines:
            if line.unit_id is not None:
                current.setdefault(line.unit_id, []).append(line)
        units += current.values()
    return units


def _notice(
    lines: list[TableLine], title: str, office: str, styles: Any, font: str, width: float
) -> list[Any]:
    from reports.pdf import paragraph

    first = lines[0]
    total = sum(line.amount_fen for line in lines)
    headers = [
        _("Kind"),
        _("Meter"),
        _("Previous"),
        _("Current"),
        _("Usage"),
        _("Tiers and add-ons"),
        _("Amount"),
    ]
    body = [
        [
            label(line.kind),
            line.meter_number,
            "" if line.previous is None else f"{line.previous:,}",
            "" if line.current is None else f"{line.current:,}",
            f"{line.usage.normalize():f} {usage_unit(line.kind)}",
            breakdown(line),
            fen_to_text(line.amount_fen),
        ]
        for line in lines
    ]
    body.append([_("Total"), "", "", "", "", "", fen_to_text(total)])
    flags = sorted({text for line in lines if (text := flags_text(line))})
    story = [
        paragraph(title, styles.title),
        paragraph(
            _("Unit: {unit}    Resident: {name}").format(unit=first.unit_code, name=first.resident),
            styles.body,
        ),
        _grid(
            headers,
            body,
            font,
            width,
            [0.7, 1.0, 0.9, 0.9, 1.0, 2.6, 1.0],
            numeric=(2, 3, 4, 6),
            size=7.5,
            pad=2,
        ),
        paragraph(_("Amount due: {amount} yuan.").format(amount=fen_to_text(total)), styles.heading),
    ]
    if flags:
        story.append(paragraph(_("To be checked: {flags}").format(flags="; ".join(flags)), styles.small))
    story.append(
        paragraph(_("Please pay at the office of {office}. Thank you.").format(office=office), styles.body)
    )
    return story


def _grid(
    headers: list[str],
    body: list[list[str]],
    font: str,
    width: float,
    weights: list[float],
    *,
    numeric: tuple[int, ...],
    size: float,
    pad: float,
) -> Any:
    from reportlab.platypus import Table
    from reportlab.platypus.tables import TableStyle

    from reports._pages import GRID_COLOR, HEADER_FILL, RULE_COLOR

    widths = [width * w / sum(weights) for w in weights]
    table = Table([headers, *body], colWidths=widths, repeatRows=1, spaceBefore=2, spaceAfter=8)
    commands: list[tuple[Any, ...]] = [
        ("FONT", (0, 0), (-1, -1), font, size, size * 1.25),
        ("BACKGROUND", (0, 0), (-1, 0), HEADER_FILL),
        ("INNERGRID", (0, 0), (-1, -1), 0.25, GRID_COLOR),
        ("BOX", (0, 0), (-1, -1), 0.5, RULE_COLOR),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, -1), pad),
        ("BOTTOMPADDING", (0, 0), (-1, -1), pad),
    ]
    commands += [("ALIGN", (i, 1), (i, -1), "RIGHT") for i in numeric]
    table.setStyle(TableStyle(commands))
    return table
