"""The monthly utility table (水电费月度表) as an Excel workbook and as a PDF.

Both render ``services.utilities.month_table``'s rows as they are: one section per building (its
unit lines in walking order, then its public meters, then its subtotals per kind and in all), the
estate's own public meters, and a summary with the total. Amounts are the table's rounded lines;
the subtotals and the total are sums of those rounded lines, as the table says, and both documents
say so in a note.

openpyxl and reportlab are imported inside the functions, never when this module is imported.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any, BinaryIO, cast

from frontdesk.estate.progress import Progress, no_progress
from frontdesk.i18n import _
from frontdesk.money import fen_to_text
from frontdesk.utilities.kinds import MeterKind, MonthStatus, label, usage_unit
from frontdesk.utilities.rows import BuildingTable, TableLine, UtilityTable

if TYPE_CHECKING:
    from openpyxl.cell.cell import Cell
    from openpyxl.worksheet._write_only import WriteOnlyWorksheet
    from openpyxl.worksheet.worksheet import Worksheet

    from frontdesk.utilities.pricing import PriceLine

TITLE_ROW, HEADER_ROW, FIRST_LINE_ROW = 1, 2, 3
_MONEY, _COUNT, _USAGE = "#,##0.00", "#,##0", "General"
_A4 = 9  # openpyxl's paper size code of A4
_HEADER_FILL = "E6EBF1"


@dataclass(frozen=True)
class _Column:
    header: str
    width: float
    number_format: str  # "@" for text
    wrap: bool = False  # several text lines in a cell


def _columns() -> tuple[_Column, ...]:
    """The table's columns, headers in the clerk's language."""
    return (
        _Column(_("Unit or place"), 14, "@"),
        _Column(_("Resident"), 12, "@"),
        _Column(_("Kind"), 8, "@"),
        _Column(_("Meter"), 12, "@"),
        _Column(_("Previous"), 10, _COUNT),
        _Column(_("Current"), 10, _COUNT),
        _Column(_("Multiplier"), 7, _COUNT),
        _Column(_("Usage"), 10, _USAGE),
        _Column(_("Tiers and add-ons"), 36, "@", wrap=True),
        _Column(_("Amount"), 12, _MONEY),
        _Column(_("Flags"), 18, "@"),
    )


def title_of(table: UtilityTable) -> str:
    """The document's title: the month and, while it is open, that its figures may still change."""
    if table.status == MonthStatus.OPEN:
        return _("Utility table {month} (month not closed)").format(month=table.month)
    return _("Utility table {month}").format(month=table.month)


def total_note() -> str:
    """The note printed under every table: how the totals are made."""
    return _("Each line is rounded half-up to 0.01 yuan; subtotals and the total sum the rounded lines.")


def breakdown(line: TableLine) -> str:
    """The tier, add-on and share lines of an amount, one per text line (``"Tier 1: 12 × 3.45 = 41.40"``)."""
    return "\n".join(_price_line(p) for p in line.lines)


def _price_line(p: PriceLine) -> str:
    if p.what == "share":  # a share has no price of its own: its part of the public meter's amount
        return _("Share: {usage} → {amount}").format(
            usage=_number(p.quantity), amount=fen_to_text(p.amount_fen)
        )
    figures = f"{_number(p.quantity)} × {_number(p.price)} = {fen_to_text(p.amount_fen)}"
    if p.what == "tier":
        return _("Tier {n}: {figures}").format(n=p.step, figures=figures)
    if p.what == "addon":
        return _("Add-on: {figures}").format(figures=figures)
    return figures


def _number(value: Decimal) -> str:
    text = f"{value:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def flags_text(line: TableLine) -> str:
    """The line's flags in words, a confirmed one marked as such."""
    words = [label(f) for f in line.flags]
    if line.confirmed and words:
        words.append(_("confirmed"))
    if line.rollover:
        words.append(_("Rolled over"))
    if line.replaced:
        words.append(_("Meter replaced"))
    return ", ".join(words)


def line_values(line: TableLine) -> tuple[object, ...]:
    """One line's values in the columns' order: money in fen, numbers as numbers, ``None`` empty."""
    return (
        line.unit_code or line.place,
        line.resident,
        label(line.kind),
        line.meter_number,
        line.previous,
        line.current,
        line.multiplier,
        line.usage,
        breakdown(line),
        line.amount_fen,
        flags_text(line),
    )


def _section_rows(
    building: BuildingTable | None, public: Sequence[TableLine]
) -> Iterator[tuple[object, ...]]:
    """A building's unit lines, its subtotal per kind and in all; then the public meters.

    A public meter's amount is already in the unit lines as their shares (or charged to no
    unit): its lines come after the subtotals, under a heading that says they are not added again.
    """
    if building is not None:
        for line in building.lines:
            yield line_values(line)
        for total in building.totals:
            kind = label(total.kind)
            name = _("Subtotal {kind}").format(kind=kind)
            yield (
                name,
                None,
                kind,
                None,
                None,
                None,
                None,
                total.usage,
                usage_unit(total.kind),
                total.amount_fen,
                None,
            )
        yield (
            _("Subtotal {building}").format(building=building.name),
            *[None] * 8,
            building.amount_fen,
            None,
        )
    if public:
        yield (_("Public meters (shared into the unit lines, not added again)"), *[None] * 10)
        for line in public:
            yield line_values(line)


def _summary_rows(table: UtilityTable) -> Iterator[tuple[object, ...]]:
    """Per building: its kinds' usage and amount, its amount; then the total."""
    for building in table.buildings:
        for total in building.totals:
            yield (building.name, label(total.kind), total.usage, total.amount_fen)
        yield (_("Subtotal {building}").format(building=building.name), None, None, building.amount_fen)
    for total in table.totals:
        yield (_("Total"), label(total.kind), total.usage, total.amount_fen)
    yield (_("Total"), None, None, table.amount_fen)


def _summary_columns() -> tuple[_Column, ...]:
    return (
        _Column(_("Building"), 20, "@"),
        _Column(_("Kind"), 10, "@"),
        _Column(_("Usage"), 14, _USAGE),
        _Column(_("Amount"), 14, _MONEY),
    )


# --- the workbook ---------------------------------------------------------------------------


def write_utility_table(stream: BinaryIO, table: UtilityTable, *, progress: Progress = no_progress) -> None:
    """Write the month's table as a workbook: a summary sheet, then one sheet per building.

    Each sheet: a title row, a bold frozen header repeated on every printed page, the lines with
    number formats (money as yuan with two decimals), set up for A4 landscape fitted to the width.
    The estate's own public meters, when there are any, get a sheet of their own.

    Args:
        stream: a binary stream the .xlsx file is written to.
        table: from ``services.utilities.month_table``.
        progress: told ``(rows written, rows)`` every few hundred rows, and when the file is saved.
    """
    from openpyxl import Workbook

    from reports.xlsx import safe_sheet_name

    workbook = Workbook(write_only=True)
    title = title_of(table)
    names: set[str] = set()

    def sheet_named(name: str) -> WriteOnlyWorksheet:
        wanted = safe_sheet_name(name)
        unique, n = wanted, 1
        while unique.casefold() in names:
            n += 1
            unique = f"{wanted[:27]} ({n})"
        names.add(unique.casefold())
        return cast("WriteOnlyWorksheet", workbook.create_sheet(unique))

    counter = _RowCounter(progress, _row_count(table))
    summary_columns = _summary_columns()
    summary = sheet_named(_("Summary"))
    _write_sheet(summary, title, summary_columns, _summary_rows(table), note=_unresolved_note(table))
    columns = _columns()
    for building in table.buildings:
        sheet = sheet_named(building.name or building.code)
        rows = _section_rows(building, building.public)
        _write_sheet(sheet, f"{title} · {building.name}", columns, rows, note=total_note(), counter=counter)
    if table.public:
        sheet = sheet_named(_("Estate public meters"))
        _write_sheet(
            sheet,
            f"{title} · {_('Estate public meters')}",
            columns,
            _section_rows(None, table.public),
            note=total_note(),
            counter=counter,
        )
    workbook.properties.title = title
    workbook.properties.creator = "frontdesk"
    workbook.save(stream)  # the rows go to the file as they are appended: saving is the zip's end
    progress(counter.total, counter.total)


def _row_count(table: UtilityTable) -> int:
    """The lines of the building and public-meter sheets (what takes the time to write)."""
    return sum(len(b.lines) + len(b.public) for b in table.buildings) + len(table.public)


class _RowCounter:
    """Tells ``progress`` how many rows are written, every ``_EVERY`` rows (not a call per row)."""

    _EVERY = 250

    def __init__(self, progress: Progress, total: int) -> None:
        self.progress, self.total, self.done = progress, max(total, 1), 0

    def add(self, rows: int) -> None:
        before, self.done = self.done, min(self.total, self.done + rows)
        if self.done // self._EVERY != before // self._EVERY:
            self.progress(self.done, self.total)


def _unresolved_note(table: UtilityTable) -> str:
    note = total_note()
    if table.unresolved:
        note += " " + _("Flags still to confirm or correct, and meters not read: {n}.").format(
            n=table.unresolved
        )
    return note


def _write_sheet(
    sheet: WriteOnlyWorksheet,
    title: str,
    columns: Sequence[_Column],
    rows: Iterator[tuple[object, ...]],
    *,
    note: str,
    counter: _RowCounter | None = None,
) -> None:
    from reports.xlsx import _take_cells_as_given

    _lay_out(cast("Worksheet", sheet), columns)
    sheet.append([_text(sheet, title, bold=True, size=14)])
    sheet.append([_header(sheet, c.header) for c in columns])
    cells = _Cells(sheet, columns)
    _take_cells_as_given(sheet)
    number = HEADER_ROW
    for number, values in enumerate(rows, start=FIRST_LINE_ROW):
        sheet.append(cells.row(number, values))
        if counter is not None and not (number - HEADER_ROW) % 50:
            counter.add(50)
    if counter is not None:
        counter.add((number - HEADER_ROW) % 50)
    note_cell = _text(sheet, note, bold=False, size=9)
    note_cell.row, note_cell.column = number + 2, 1
    sheet.append([note_cell])


def _lay_out(sheet: Worksheet, columns: Sequence[_Column]) -> None:
    """Widths, frozen header and print set-up: a write-only sheet needs them before its rows."""
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.properties import PageSetupProperties

    for index, column in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = column.width
    sheet.freeze_panes = f"A{FIRST_LINE_ROW}"
    sheet.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = _A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)


def _text(sheet: WriteOnlyWorksheet, text: str, *, bold: bool, size: float) -> Cell:
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    cell = WriteOnlyCell(sheet, value=text)
    cell.data_type = "s"
    cell.font = Font(bold=bold, size=size)
    return cell


def _header(sheet: WriteOnlyWorksheet, text: str) -> Cell:
    from openpyxl.styles import Alignment, PatternFill

    cell = _text(sheet, text, bold=True, size=11)
    cell.fill = PatternFill("solid", fgColor=_HEADER_FILL)
    cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    return cell


class _Cells:
    """One styled cell per column, refilled for every row (a write-only row is written on append)."""

    def __init__(self, sheet: WriteOnlyWorksheet, columns: Sequence[_Column]) -> None:
        from openpyxl.cell import WriteOnlyCell
        from openpyxl.styles import Alignment

        from reports.xlsx import _clean_text

        self._clean = _clean_text
        self._money = [c.number_format == _MONEY for c in columns]
        self._text = [c.number_format == "@" for c in columns]
        self._cells: list[Any] = []
        wrap = Alignment(wrap_text=True, vertical="top")
        for index, column in enumerate(columns, start=1):
            cell = WriteOnlyCell(sheet)
            cell.column = index
            # only what shows differently is styled: every styled cell costs openpyxl a style look-up
            if column.number_format == _MONEY:
                cell.number_format = _MONEY
            if column.wrap:
                cell.alignment = wrap
            self._cells.append(cell)

    def row(self, number: int, values: Sequence[object]) -> list[Cell | None]:
        clean = self._clean
        out: list[Cell | None] = []
        for index, value in enumerate(values):
            if value is None or value == "":
                out.append(None)
                continue
            cell = self._cells[index]
            if self._text[index]:
                cell.value = clean(value)
                cell.data_type = "s"  # never a formula, whatever the text
            elif self._money[index]:
                cell.value = Decimal(cast(int, value)).scaleb(-2)
            else:
                cell.value = value
            cell.row = number
            out.append(cell)
        return out


# --- the PDF -----------------------------------------------------------------------------


@dataclass(frozen=True)
class MonthAmounts:
    """One month's amounts per kind, for the month-on-month chart."""

    month: str
    amounts: tuple[tuple[MeterKind, int], ...]  # (kind, fen)


def month_amounts(table: UtilityTable) -> MonthAmounts:
    """The chart's bar group of a month's table: its total amount per kind."""
    return MonthAmounts(table.month, tuple((t.kind, t.amount_fen) for t in table.totals))


def utility_table_pdf(
    table: UtilityTable,
    *,
    office_name: str,
    font_file: str | None = None,
    history: Sequence[MonthAmounts] = (),
    progress: Progress | None = None,
) -> bytes:
    """The month's table as an A4 landscape PDF: a section per building, the summary last.

    The header row repeats on every page; the footer numbers the pages ("x / y"); the Chinese
    font is embedded.

    Args:
        table: from ``services.utilities.month_table``.
        office_name: printed in the running header.
        font_file: the Chinese font chosen in the settings, if any.
        history: earlier months, oldest first: with any, a month-on-month bar chart of the
            amounts per kind (these months and the table's) follows the summary.
        progress: told ``(rows laid out, rows)`` page by page.

    Returns:
        The PDF's bytes.
    """
    from reports.fonts import cjk_font_name
    from reports.pdf import PageSetup, build_pdf, document_bytes, make_styles, paragraph

    font = cjk_font_name(font_file)
    styles = make_styles(font, base_size=9)
    title = title_of(table)
    setup = PageSetup(size="A4", landscape=True, office_name=office_name, title=title)
    story: list[Any] = [paragraph(title, styles.title)]
    columns = _columns()
    for building in table.buildings:
        story.append(paragraph(building.name, styles.heading))
        rows = _section_rows(building, building.public)
        story.append(_pdf_table(columns, rows, font, setup.content_width))
    if table.public:
        story.append(paragraph(_("Estate public meters"), styles.heading))
        story.append(_pdf_table(columns, _section_rows(None, table.public), font, setup.content_width))
    story.append(paragraph(_("Summary"), styles.heading))
    story.append(_pdf_table(_summary_columns(), _summary_rows(table), font, setup.content_width * 0.6))
    story.append(paragraph(_unresolved_note(table), styles.small))
    if history:
        story.append(paragraph(_("Month on month"), styles.heading))
        story.append(_chart([*history, month_amounts(table)], font, setup.content_width))
    return document_bytes(lambda stream: build_pdf(stream, story, setup, styles, progress=progress))


_PDF_SIZE = 7.5


def _pdf_table(
    columns: Sequence[_Column], rows: Iterator[tuple[object, ...]], font: str, width: float
) -> Any:
    """A plain-string table (fast to lay out for thousands of lines); text lines break at ``\\n``."""
    from reportlab.platypus import Table

    from reports._pages import CELL_PADDING, GRID_COLOR, HEADER_FILL, RULE_COLOR

    weights = [c.width for c in columns]
    widths = [width * w / sum(weights) for w in weights]
    numeric = [c.number_format != "@" for c in columns]
    body = [[_pdf_cell(v, c.number_format) for v, c in zip(values, columns, strict=True)] for values in rows]
    table = Table(
        [[c.header for c in columns], *body], colWidths=widths, repeatRows=1, spaceBefore=2, spaceAfter=6
    )
    commands: list[tuple[Any, ...]] = [
        ("FONT", (0, 0), (-1, -1), font, _PDF_SIZE, _PDF_SIZE * 1.25),
        ("BACKGROUND", (0, 0), (-1, 0), HEADER_FILL),
        ("LINEBELOW", (0, 0), (-1, 0), 0.8, RULE_COLOR),
        ("INNERGRID", (0, 0), (-1, -1), 0.25, GRID_COLOR),
        ("BOX", (0, 0), (-1, -1), 0.5, RULE_COLOR),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), CELL_PADDING - 1),
        ("BOTTOMPADDING", (0, 0), (-1, -1), CELL_PADDING - 1),
    ]
    commands += [("ALIGN", (i, 1), (i, -1), "RIGHT") for i, n in enumerate(numeric) if n]
    from reportlab.platypus.tables import TableStyle

    table.setStyle(TableStyle(commands))
    return table


def _pdf_cell(value: object, number_format: str) -> str:
    if value is None:
        return ""
    if number_format == _MONEY:
        return fen_to_text(cast(int, value))
    if isinstance(value, Decimal):
        return _number(value)
    if isinstance(value, int):
        return f"{value:,}" if number_format == _COUNT else str(value)
    return str(value)


_BAR_COLORS = ("#4A7FB5", "#E0A030", "#6AA86A")


def _chart(months: Sequence[MonthAmounts], font: str, width: float) -> Any:
    """Grouped bars: a group per month, a bar per kind, the amount in yuan; a legend of the kinds."""
    from reportlab.graphics.charts.barcharts import VerticalBarChart
    from reportlab.graphics.charts.legends import Legend
    from reportlab.graphics.shapes import Drawing, String
    from reportlab.lib import colors

    kinds = [k for k in MeterKind if any(dict(m.amounts).get(k) for m in months)] or [MeterKind.WATER]
    height = 170.0
    drawing = Drawing(width, height)
    chart: Any = VerticalBarChart()
    chart.x, chart.y, chart.width, chart.height = 50, 30, width * 0.72, height - 50
    chart.data = [[dict(m.amounts).get(k, 0) / 100 for m in months] for k in kinds]
    chart.categoryAxis.categoryNames = [m.month for m in months]
    chart.categoryAxis.labels.fontName = font
    chart.categoryAxis.labels.fontSize = 7
    chart.valueAxis.labels.fontName = font
    chart.valueAxis.labels.fontSize = 7
    chart.valueAxis.valueMin = 0
    chart.valueAxis.labelTextFormat = "{:,.0f}".format
    for index in range(len(kinds)):
        chart.bars[index].fillColor = colors.HexColor(_BAR_COLORS[index % len(_BAR_COLORS)])
    legend: Any = Legend()
    legend.x, legend.y = chart.x + chart.width + 20, height - 30
    legend.fontName, legend.fontSize = font, 8
    legend.colorNamePairs = [
        (colors.HexColor(_BAR_COLORS[i % len(_BAR_COLORS)]), label(k)) for i, k in enumerate(kinds)
    ]
    drawing.add(chart)
    drawing.add(legend)
    drawing.add(String(0, height - 10, _("Amount (yuan)"), fontName=font, fontSize=8))
    return drawing
