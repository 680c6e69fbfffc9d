"""Importing arrears sheets: columns in three scripts, exact money, bad rows, idempotent re-imports."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from io import BytesIO

import pytest
from openpyxl import Workbook

from frontdesk import audit
from frontdesk.auth import Actor
from frontdesk.errors import PermissionDenied
from frontdesk.estate import arrears_sheet
from frontdesk.estate.arrears_import import ArrearsReport, check_arrears, import_arrears
from frontdesk.estate.exporting import export_arrears
from frontdesk.estate.kinds import ChargeKind
from frontdesk.estate.models import Charge, Payment
from frontdesk.estate.progress import Cancelled
from frontdesk.estate.service import EstateService
from reports.xlsx_read import read_table
from tests.unit.frontdesk.estate.estate_data import TODAY, Registry

SIMPLIFIED = [
    ["房号", "收费项目", "所属月份", "应收金额", "已收金额", "到期日"],
    ["3-1502", "物业费", "2026-01", "268.10", "100", "2026-01-31"],
    ["3-1502", "水费", "2026年2月", 32.5, None, None],
    ["3栋1501", "装修押金", None, "¥2,000.00", "2000", "2026-02-15"],
    ["合计", None, None, "2300.60", "2100", None],
]


def _sheet(rows: Sequence[Sequence[object]], *, title: str | None = None) -> BytesIO:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    if title is not None:
        sheet.append([title])
        sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(rows[0]))
    for row in rows:
        sheet.append(list(row))
    stream = BytesIO()
    workbook.save(stream)
    stream.seek(0)
    return stream


def _import(
    estate: EstateService, actor: Actor, rows: Sequence[Sequence[object]], **options: bool
) -> ArrearsReport:
    table = read_table(_sheet(rows, title="欠费明细"), is_header=arrears_sheet.looks_like_header)
    return import_arrears(
        estate, actor=actor, rows=table.rows, row_numbers=table.row_numbers, source="fees.xlsx", **options
    )


def _ledger() -> list[tuple[int, str, str, int, bool]]:
    return sorted((c.unit_id, c.kind, c.period, c.amount_fen, c.voided) for c in Charge.select())


def test_sheet_rules() -> None:
    assert arrears_sheet.field_of_header("應收金額") == "due"
    assert arrears_sheet.field_of_header("Amount paid") == "paid"
    assert arrears_sheet.field_of_header("欠費") == "arrears"
    assert arrears_sheet.charge_kind("物業費") is ChargeKind.MANAGEMENT
    assert arrears_sheet.charge_kind("") is ChargeKind.MANAGEMENT
    assert arrears_sheet.charge_kind("車位費") is ChargeKind.OTHER
    assert arrears_sheet.parse_month("2026年3月") == "2026-03"
    assert arrears_sheet.parse_month("202603") == "2026-03"
    assert arrears_sheet.parse_month(date(2026, 3, 5)) == "2026-03"
    with pytest.raises(ValueError):
        arrears_sheet.parse_month("2026-13")
    assert arrears_sheet.parse_fen("0.005") == 1  # half-up, not half-even
    assert arrears_sheet.parse_fen("0.015") == 2
    assert arrears_sheet.parse_fen(0.1 + 0.2) == 30  # the float's shortest text, rounded
    assert arrears_sheet.parse_fen(Decimal("210.0195")) == 21002
    assert arrears_sheet.parse_fen("１,２３４.５元") == 123450
    assert arrears_sheet.parse_fen(None) is None
    for bad in ("-5", "abc", True):
        with pytest.raises(ValueError):
            arrears_sheet.parse_fen(bad)


def test_simplified_sheet_imports_charges_and_payments(
    estate: EstateService, admin: Actor, registry: Registry
) -> None:
    report = _import(estate, admin, SIMPLIFIED)
    assert report.errors == []
    assert (report.rows_read, report.valid, report.totals_skipped) == (4, 3, 1)
    assert (report.charges_added, report.payments_added) == (3, 2)
    u1502, u1501 = registry.u3_1502.id, registry.u3_1501.id
    assert _ledger() == sorted(
        [
            (u1502, "management", "2026-01", 26810, False),
            (u1502, "water", "2026-02", 3250, False),
            (u1501, "other", "", 200000, False),
        ]
    )
    water = Charge.get(Charge.kind == "water")
    assert water.due_date == date(2026, 2, 28)  # no due date: the month's last day
    assert estate.arrears(actor=admin, unit_id=u1502).arrears_fen == 26810 - 10000 + 3250
    summary = estate.arrears(actor=admin, unit_id=u1502)
    assert summary.oldest_unpaid_due == date(2026, 1, 31) and summary.oldest_unpaid_days == 59
    assert estate.arrears(actor=admin, unit_id=u1501).arrears_fen == 0
    assert [e.entity_id for e in audit.recent(50) if e.action == "import"] == ["fees.xlsx"]


def test_reimporting_the_same_sheet_changes_nothing(
    estate: EstateService, admin: Actor, registry: Registry
) -> None:
    _import(estate, admin, SIMPLIFIED)
    before = (_ledger(), Payment.select().count())
    again = _import(estate, admin, SIMPLIFIED)
    assert again.errors == [] and again.unchanged == 3
    assert (again.charges_added, again.payments_added) == (0, 0)
    assert (_ledger(), Payment.select().count()) == before


def test_changed_amounts_are_problems_until_the_old_record_is_voided(
    estate: EstateService, admin: Actor, registry: Registry
) -> None:
    _import(estate, admin, SIMPLIFIED)
    changed = [SIMPLIFIED[0], ["3-1502", "物业费", "2026-01", "300", "100", "2026-01-31"], SIMPLIFIED[2]]
    report = _import(estate, admin, changed)
    assert [(e.row, e.column) for e in report.errors] == [(3, "应收金额")]
    assert "268.10" in report.errors[0].problem and report.charges_added == 0
    old = Charge.get(Charge.kind == "management")
    estate.void_charge(actor=admin, charge_id=old.id, version=old.version, reason="物业软件已更正")
    report = _import(estate, admin, changed)
    assert report.errors == [] and report.charges_added == 1 and report.payments_added == 1
    live = Charge.get((Charge.kind == "management") & ~Charge.voided)
    assert live.amount_fen == 30000
    paid_more = [SIMPLIFIED[0], ["3-1502", "物业费", "2026-01", "300", "300", "2026-01-31"]]
    report = _import(estate, admin, paid_more)
    assert [(e.row, e.column) for e in report.errors] == [(3, "已收金额")]


def test_voided_imports_stay_voided_and_desk_charges_keep_their_payments(
    estate: EstateService, admin: Actor, registry: Registry
) -> None:
    unit = registry.u3_1501.id
    estate.add_charge(
        actor=admin, unit_id=unit, kind="management", amount_fen=5000, due_date=TODAY, period="2026-03"
    )
    rows = [["Unit", "Item", "Month", "Amount due", "Paid"], ["3-1501", "Management fee", "2026-03", 50, 50]]
    report = _import(estate, admin, rows)
    assert report.errors == [] and report.unchanged == 1 and Payment.select().count() == 0
    _import(estate, admin, SIMPLIFIED)
    deposit = Charge.get(Charge.kind == "other")
    estate.void_charge(actor=admin, charge_id=deposit.id, version=deposit.version, reason="重复")
    report = _import(estate, admin, SIMPLIFIED)
    assert report.errors == [] and report.left_voided == 1 and report.charges_added == 0


def test_bad_rows_import_nothing_and_are_each_reported(
    estate: EstateService, admin: Actor, registry: Registry
) -> None:
    rows = [
        ["房號", "項目", "期間", "應收", "實收", "欠費", "到期日"],
        ["3-1502", "管理費", "2026-01", "100", "20", "80", None],  # good
        ["3-9999", "管理費", "2026-01", "100", None, None, None],  # no such unit
        ["3-1501", "管理費", None, "100", None, None, None],  # no month
        ["3-1501", "水費", "2026-01", "abc", None, None, None],  # not money
        ["3-1501", "電費", "2026-01", "10", "20", None, None],  # paid more than due
        ["3-1501", "其他", "2026-02", "10", "2", "9", None],  # 10 − 2 ≠ 9
        ["3-1501", "其他", "2026-03", "10", None, None, "someday"],  # bad date
        ["3-1502", "管理費", "2026-01", "100", "20", "80", None],  # twice
    ]
    report = _import(estate, admin, rows)
    found = [(e.row, e.column) for e in report.errors]
    assert found == [
        (4, "房號"),
        (5, "期間"),
        (6, "應收"),
        (7, "實收"),
        (8, "欠費"),
        (9, "到期日"),
        (10, "房號"),
    ]
    assert all(e.problem and e.fix for e in report.errors)
    assert report.valid == 1 and _ledger() == []
    partial = _import(estate, admin, rows, allow_partial=True)
    assert partial.charges_added == 1 and partial.payments_added == 1
    assert estate.arrears(actor=admin, unit_id=registry.u3_1502.id).arrears_fen == 8000


def test_arrears_only_sheet_and_missing_columns(
    estate: EstateService, admin: Actor, registry: Registry
) -> None:
    report = _import(
        estate, admin, [["Unit", "Arrears", "Due date"], ["A座12F-03", "1,234.565", "2026-02-01"]]
    )
    assert report.errors == [] and report.charges_added == 1 and report.payments_added == 0
    assert Charge.get().amount_fen == 123457 and Charge.get().kind == "management"
    table = read_table(_sheet([["Unit", "Name"], ["3-1502", "x"]]))
    missing = check_arrears(estate, actor=admin, rows=table.rows, row_numbers=table.row_numbers)
    assert [e.row for e in missing.errors] == [1] and "amount" in missing.errors[0].problem


def test_cancelling_rolls_everything_back(estate: EstateService, admin: Actor, registry: Registry) -> None:
    seen: list[tuple[int, int]] = []

    def progress(done: int, total: int) -> None:
        seen.append((done, total))
        if len(seen) == 6:  # checking took 4 calls; cancel in the middle of writing
            raise Cancelled

    table = read_table(_sheet(SIMPLIFIED), is_header=arrears_sheet.looks_like_header)
    with pytest.raises(Cancelled):
        import_arrears(estate, actor=admin, rows=table.rows, row_numbers=table.row_numbers, progress=progress)
    assert seen[:4] == [(1, 4), (2, 4), (3, 4), (4, 4)]
    assert _ledger() == [] and Payment.select().count() == 0


def test_needs_registry_editing(estate: EstateService, guard: Actor, registry: Registry) -> None:
    with pytest.raises(PermissionDenied):
        _import(estate, guard, SIMPLIFIED)


def test_export_lists_units_owing_with_masked_residents(
    estate: EstateService, admin: Actor, registry: Registry
) -> None:
    estate.add_resident(
        actor=admin, unit_id=registry.u3_1502.id, kind="owner", name="王秀英", phone="13812345678"
    )
    _import(estate, admin, SIMPLIFIED)
    rows = export_arrears(actor=admin, as_of=TODAY, destination="arrears.xlsx")
    assert [(r.unit_code, r.residents, r.arrears.arrears_fen) for r in rows] == [
        ("3-1502", "王秀英 138****5678", 26810 - 10000 + 3250)
    ]
    assert [e.entity for e in audit.recent(10) if e.action == "export"] == ["arrears"]


def test_merged_units_blank_rows_and_numbers_as_text(
    estate: EstateService, admin: Actor, registry: Registry
) -> None:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    for row in (
        ["3栋收费明细"],
        ["楼栋", "房号", "项目", "月份", "应收", "已收"],
        ["3栋", "１５０２", "管理费", "2026-02", " 1,268.10 ", "0"],
        [None, None, "水费", "2026-02", "32.00", None],
        [None, None, None, None, None, None],
        ["3栋", 1501, "管理费", "2026/2", 100, 100.0],
    ):
        sheet.append(row)
    sheet.merge_cells("A3:A4")
    sheet.merge_cells("B3:B4")  # one unit's two fees, its number typed once
    stream = BytesIO()
    workbook.save(stream)
    stream.seek(0)
    table = read_table(stream, is_header=arrears_sheet.looks_like_header)
    report = import_arrears(estate, actor=admin, rows=table.rows, row_numbers=table.row_numbers)
    assert report.errors == [] and report.rows_read == 3
    assert _ledger() == sorted(
        [
            (registry.u3_1502.id, "management", "2026-02", 126810, False),
            (registry.u3_1502.id, "water", "2026-02", 3200, False),
            (registry.u3_1501.id, "management", "2026-02", 10000, False),
        ]
    )
    assert estate.arrears(actor=admin, unit_id=registry.u3_1501.id).arrears_fen == 0
