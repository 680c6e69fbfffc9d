"""A sheet's cells read from its XML are the values openpyxl's read-only mode gives, cell for cell."""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from datetime import datetime
from io import BytesIO

import pytest
from openpyxl import Workbook, load_workbook
from openpyxl.chart import BarChart, Reference

from reports.xlsx_cells import Cells, open_sheet, read_cells
from reports.xlsx_read import read_rows

_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PACKAGE = "http://schemas.openxmlformats.org/package/2006"
_TYPES = "application/vnd.openxmlformats-officedocument.spreadsheetml"

# What Excel and WPS write and openpyxl does not: shared strings (one with formatted runs and a
# phonetic guide), booleans, errors, a formula's cached text, dates as serials in a date style
# (1900 and 1904 systems), an ISO date, numbers with exponents, cells and rows without a reference.
_SHEET = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<worksheet xmlns="{_MAIN}" xmlns:r="{_RELS}"><dimension ref="A1:AB6"/><sheetData>
<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c>
<c r="D1" t="s"/><c r="E1" t="inlineStr"><is><r><t>粗</t></r><r><rPr><b/></rPr><t>体</t></r></is></c>
<c r="F1" t="inlineStr"><is><t xml:space="preserve"> 留 空 </t></is></c><c r="G1" t="inlineStr"><is/></c>
<c r="H1" t="inlineStr"><is><t/></is></c></row>
<row r="2"><c r="A2"><v>13812345678</v></c><c r="B2"><v>89.5</v></c><c r="C2" t="n"><v>1.5E3</v></c>
<c r="D2" s="1"><v>45047</v></c><c r="E2" s="2"><v>45047.375</v></c><c r="F2" s="1"/>
<c r="G2"><v></v></c></row>
<row r="4"><c r="A4" t="b"><v>1</v></c><c r="B4" t="b"><v>0</v></c><c r="C4" t="e"><v>#N/A</v></c>
<c r="D4" t="str"><f>A1&amp;B1</f><v>王秀英3栋</v></c><c r="E4"><f>1+1</f><v>2</v></c>
<c r="F4" t="d"><v>2023-05-01T00:00:00</v></c><c r="H4" s="3"><v>0.5</v></c></row>
<row><c t="s"><v>3</v></c><c><v>7</v></c><c r="E5" t="s"><v>0</v></c><c><v>-2</v></c></row>
<row r="6" spans="1:2"><c r="AB6" t="inlineStr"><is><t>远</t></is></c></row>
</sheetData><mergeCells count="2"><mergeCell ref="A1:B1"/><mergeCell ref="D4:D5"/></mergeCells>
</worksheet>"""
_STRINGS = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<sst xmlns="{_MAIN}" count="4" uniqueCount="4"><si><t>王秀英</t></si><si><t>3栋</t></si>
<si><r><t>幸福</t></r><r><rPr><i/></rPr><t>里</t></r><rPh sb="0" eb="2"><t>xingfu</t></rPh></si>
<si><t xml:space="preserve">  １５０２ </t></si></sst>"""
_STYLES = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<styleSheet xmlns="{_MAIN}"><numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy/m/d h:mm"/></numFmts>
<fonts count="1"><font/></fonts><fills count="1"><fill><patternFill patternType="none"/></fill></fills>
<borders count="1"><border/></borders>
<cellStyleXfs count="1"><xf/></cellStyleXfs><cellXfs count="4"><xf numFmtId="0"/><xf numFmtId="14"/>
<xf numFmtId="164"/><xf numFmtId="21"/></cellXfs>
<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>"""


def _workbook(date1904: bool = False) -> BytesIO:
    """A workbook as Excel writes one, with ``_SHEET`` as its only sheet."""
    system = '<workbookPr date1904="1"/>' if date1904 else ""
    parts = {
        "[Content_Types].xml": f'<Types xmlns="{_PACKAGE}/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/xl/workbook.xml" ContentType="{_TYPES}.sheet.main+xml"/>'
        f'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="{_TYPES}.worksheet+xml"/>'
        f'<Override PartName="/xl/sharedStrings.xml" ContentType="{_TYPES}.sharedStrings+xml"/>'
        f'<Override PartName="/xl/styles.xml" ContentType="{_TYPES}.styles+xml"/></Types>',
        "_rels/.rels": f'<Relationships xmlns="{_PACKAGE}/relationships"><Relationship Id="rId1" '
        f'Type="{_RELS}/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        "xl/workbook.xml": f'<workbook xmlns="{_MAIN}" xmlns:r="{_RELS}">{system}<sheets>'
        '<sheet name="业主" sheetId="1" r:id="rId1"/></sheets></workbook>',
        "xl/_rels/workbook.xml.rels": f'<Relationships xmlns="{_PACKAGE}/relationships">'
        f'<Relationship Id="rId1" Type="{_RELS}/worksheet" Target="worksheets/sheet1.xml"/>'
        f'<Relationship Id="rId2" Type="{_RELS}/sharedStrings" Target="sharedStrings.xml"/>'
        f'<Relationship Id="rId3" Type="{_RELS}/styles" Target="styles.xml"/></Relationships>',
        "xl/worksheets/sheet1.xml": _SHEET,
        "xl/sharedStrings.xml": _STRINGS,
        "xl/styles.xml": _STYLES,
    }
    stream = BytesIO()
    with zipfile.ZipFile(stream, "w") as archive:
        for name, text in parts.items():
            archive.writestr(name, text)
    stream.seek(0)
    return stream


def _ours(stream: BytesIO, max_columns: int = 200) -> tuple[dict[int, Cells], list[str]]:
    rows: dict[int, Cells] = {}

    def take(number: int, cells: Cells) -> bool:
        rows[number] = cells
        return True

    with open_sheet(stream) as sheet:
        merges = read_cells(sheet, take, max_columns=max_columns)
    return rows, merges


def _openpyxl(stream: BytesIO) -> dict[int, list[object]]:
    """The non-empty cells of each row, as openpyxl's read-only mode gives them (column → value)."""
    book = load_workbook(stream, read_only=True, data_only=True)
    try:
        sheet = book.active
        assert sheet is not None
        rows = {}
        for number, row in enumerate(sheet.iter_rows(values_only=True), start=1):
            cells = [(column, v) for column, v in enumerate(row, start=1) if v is not None]
            if cells:
                rows[number] = cells
        return rows
    finally:
        book.close()


@pytest.mark.parametrize("date1904", [False, True])
def test_every_kind_of_cell_reads_as_openpyxl_reads_it(date1904: bool) -> None:
    ours, merges = _ours(_workbook(date1904))
    theirs = _openpyxl(_workbook(date1904))
    assert {n: [(col, v) for col, v in cells if v is not None] for n, cells in ours.items()} == theirs
    assert merges == ["A1:B1", "D4:D5"]
    # the values themselves, so that a change in openpyxl shows here too
    first, second, fourth, fifth = ours[1], ours[2], ours[4], ours[5]
    assert first[:4] == [(1, "王秀英"), (2, "3栋"), (3, "幸福里"), (4, None)]  # no phonetic guide
    assert first[4:] == [(5, "粗体"), (6, " 留 空 "), (7, ""), (8, "")]
    assert second[:4] == [(1, 13812345678), (2, 89.5), (3, 1500.0), (4, theirs[2][3][1])]
    assert theirs[2][3][1] == (datetime(2023, 5, 1) if not date1904 else datetime(2027, 5, 2))
    assert fourth[:4] == [(1, True), (2, False), (3, "#N/A"), (4, "王秀英3栋")]
    assert fourth[4:6] == [(5, 2), (6, datetime(2023, 5, 1))]
    assert fifth == [(1, "  １５０２ "), (2, 7), (5, "王秀英"), (6, -2)]
    assert ours[6] == [(28, "远")]


def test_columns_past_the_limit_are_not_read() -> None:
    ours, _merges = _ours(_workbook(), max_columns=5)
    assert [col for col, _v in ours[1]] == [1, 2, 3, 4, 5]
    assert ours[6] == []  # its only cell is in column AB


def test_a_table_reads_the_same_from_an_excel_sheet() -> None:
    name, rows = read_rows(_workbook())
    assert name == "业主"
    numbers = [number for number, _cells in rows]
    assert numbers == [1, 2, 4, 5, 6]
    first = rows[0][1]
    assert first[:3] == ["王秀英", "王秀英", "幸福里"]  # A1:B1 merged: its value in both


def test_a_chart_sheet_is_refused_and_a_sheet_without_xml_is_no_workbook() -> None:
    book = Workbook()
    data = book.active
    assert data is not None
    data.append(["月", "件数"])
    data.append([1, 3])
    chart = book.create_chartsheet("图")
    bar = BarChart()
    bar.add_data(Reference(data, min_col=2, min_row=1, max_row=2), titles_from_data=True)
    chart.add_chart(bar)
    book.active = 1
    stream = BytesIO()
    book.save(stream)
    stream.seek(0)
    with pytest.raises(ValueError, match="chart"):
        read_rows(stream)
    stream.seek(0)
    assert read_rows(stream, sheet_name="Sheet")[1] == [(1, ["月", "件数"]), (2, [1, 3])]
    with pytest.raises(ValueError, match="cannot be read"):
        read_rows(_spoilt(lambda xml: xml[:-40]))  # the sheet cut short
    with pytest.raises(ValueError, match="not a cell reference"):
        read_rows(_spoilt(lambda xml: xml.replace(b'r="B2"', b'r="\xef\xbc\xa22"')))  # a full-width B


def _spoilt(change: Callable[[bytes], bytes]) -> BytesIO:
    """``_workbook()`` with its sheet's XML changed."""
    spoilt = BytesIO()
    with zipfile.ZipFile(_workbook()) as good, zipfile.ZipFile(spoilt, "w") as bad:
        for item in good.infolist():
            text = good.read(item)
            bad.writestr(item, change(text) if item.filename.endswith("sheet1.xml") else text)
    spoilt.seek(0)
    return spoilt
