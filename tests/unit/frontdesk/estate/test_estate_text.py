"""Control characters in the registry: residents typed or imported, refused the same on both engines."""

from __future__ import annotations

from io import BytesIO

import pytest
from openpyxl import Workbook

from frontdesk import audit
from frontdesk.auth import Actor
from frontdesk.errors import ValidationError
from frontdesk.estate import residents_sheet
from frontdesk.estate.importing import import_residents
from frontdesk.estate.models import Resident
from frontdesk.estate.service import EstateService
from reports.xlsx_read import read_table
from tests.unit.frontdesk.estate.estate_data import Registry

CONTROLS = ["\x00", "\x1b", "\x7f", "\x9b"]


@pytest.mark.parametrize("bad", CONTROLS)
@pytest.mark.parametrize("field", ["name", "remarks"])
def test_a_control_character_in_a_resident_is_refused_beside_its_field(
    estate: EstateService, admin: Actor, registry: Registry, bad: str, field: str
) -> None:
    values = {"name": "王秀英", "remarks": "备注", field: f"王{bad}秀英"}
    with pytest.raises(ValidationError) as refused:
        estate.add_resident(actor=admin, unit_id=registry.u3_1502.id, kind="owner", **values)
    assert refused.value.field == field and f"U+{ord(bad):04X}" in refused.value.message
    assert Resident.select().count() == 0


def test_remarks_keep_their_lines_and_tabs(estate: EstateService, admin: Actor, registry: Registry) -> None:
    saved = estate.add_resident(
        actor=admin,
        unit_id=registry.u3_1502.id,
        kind="owner",
        name="王秀英",
        remarks="第一行\n第二行\t备注\r\n",
    )
    assert Resident.get_by_id(saved.resident.id).remarks == "第一行\n第二行\t备注"


def _sheet(rows: list[list[object]]) -> BytesIO:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    stream = BytesIO()
    workbook.save(stream)
    stream.seek(0)
    return stream


@pytest.mark.parametrize("bad", ["\x7f", "\x9b"])  # what a workbook can hold: XML forbids NUL and ESC
def test_an_imported_cell_with_a_control_character_is_a_row_error(
    estate: EstateService, admin: Actor, registry: Registry, bad: str
) -> None:
    stream = _sheet(
        [
            ["楼栋", "房号", "姓名", "备注"],
            ["3棟", "1502", "王秀英", "多行\n备注"],
            ["3棟", "1501", f"李{bad}娜", ""],
            ["3棟", "1501", "赵大海", f"坏{bad}备注"],
        ]
    )
    table = read_table(stream, is_header=residents_sheet.looks_like_header)
    report = import_residents(
        estate, actor=admin, rows=table.rows, row_numbers=table.row_numbers, source="bad.xlsx"
    )
    problems = {(e.row, e.column): e.problem for e in report.errors}
    assert set(problems) == {(3, "姓名"), (4, "备注")}
    assert all(f"U+{ord(bad):04X}" in p for p in problems.values())
    assert report.imported == 0 and Resident.select().count() == 0
    report = import_residents(
        estate,
        actor=admin,
        rows=table.rows,
        row_numbers=table.row_numbers,
        source="bad.xlsx",
        allow_partial=True,
    )
    assert report.imported == 1
    assert [(r.name, r.remarks) for r in Resident.select()] == [("王秀英", "多行\n备注")]
    assert audit.recent(limit=1)[0].action == "import"
