"""Import residents from a sheet's rows: recognise the columns, check every row, then import all.

The rows are plain data (the interfaces read the workbook): one mapping of header text to cell
value per row, with the sheet's row numbers for messages. Headers are recognised in Simplified
Chinese, Traditional Chinese and English (``房号``/``房號``/``Unit``, ``姓名``/``Name``, …).

Every row is checked before anything is written; each problem becomes a :class:`RowError`
naming the sheet row, the column, what is wrong and how to fix it. By default nothing is imported
while any row is wrong; then all rows are imported in one transaction through the estate
service's own functions (which validate again and write one audit entry per resident).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from frontdesk import audit, identity
from frontdesk.auth import Actor, Permission
from frontdesk.db import transaction
from frontdesk.errors import UserError, ValidationError
from frontdesk.estate import unitcode
from frontdesk.estate.common import area_dm2, optional_text, required_text
from frontdesk.estate.kinds import ResidentKind
from frontdesk.estate.privacy import store_phone
from frontdesk.estate.progress import Progress, no_progress
from frontdesk.estate.rows import BuildingRow
from frontdesk.estate.search import Resolution
from frontdesk.estate.service import EstateService
from frontdesk.i18n import _

#: recognised column headers (compared after :func:`header_key`), by field
HEADER_ALIASES: dict[str, tuple[str, ...]] = {
    "unit": (
        "房号",
        "房號",
        "单元",
        "單元",
        "单元号",
        "單元號",
        "房间号",
        "房間號",
        "户号",
        "戶號",
        "房屋",
        "unit",
        "unitno",
        "unitnumber",
        "room",
        "flat",
    ),
    "name": ("姓名", "名字", "业主姓名", "業主姓名", "住户姓名", "住戶姓名", "name", "fullname"),
    "phone": (
        "电话",
        "電話",
        "手机",
        "手機",
        "手机号",
        "手機號",
        "手机号码",
        "手機號碼",
        "联系电话",
        "聯絡電話",
        "聯繫電話",
        "phone",
        "mobile",
        "tel",
        "telephone",
        "phonenumber",
    ),
    "id_number": (
        "身份证号",
        "身份證號",
        "身分證號",
        "身份证",
        "身份證",
        "身分證",
        "身份证号码",
        "身份證號碼",
        "身分證號碼",
        "证件号码",
        "證件號碼",
        "证件号",
        "證件號",
        "idnumber",
        "idno",
        "id",
    ),
    "kind": ("类型", "類型", "身份", "住户类型", "住戶類型", "业主租户", "業主租戶", "type", "ownertenant"),
    "move_in": ("入住日期", "入住时间", "入住時間", "入伙日期", "入夥日期", "movein", "moveindate"),
    "remarks": ("备注", "備註", "備注", "remarks", "remark", "notes", "note"),
    "area": ("面积", "面積", "建筑面积", "建築面積", "area"),
    "building": ("楼栋", "樓棟", "楼号", "樓號", "栋", "棟", "楼", "樓", "座", "building", "block"),
}
_OWNER_WORDS = frozenset(("业主", "業主", "产权人", "產權人", "房主", "owner"))
_TENANT_WORDS = frozenset(("租户", "租戶", "租客", "承租人", "tenant"))
_HEADER_NOISE_RE = re.compile(r"[\s*_\-/:()\[\]（）【】：·.]+")
_UNIT_SUFFIXES = ("m2", "平方米", "平米", "sqm")
_DATE_RE = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?")
_COMPACT_DATE_RE = re.compile(r"(\d{4})(\d{2})(\d{2})")
_EXACT_INT_LIMIT = 2**53  # a number above this was a float in Excel: its last digits are gone


def header_key(text: str) -> str:
    """A header compared loosely: half-width, lower case, no spaces, punctuation or area unit."""
    key = _HEADER_NOISE_RE.sub("", unicodedata.normalize("NFKC", text).lower())
    for suffix in _UNIT_SUFFIXES:
        if key.endswith(suffix) and len(key) > len(suffix):
            key = key[: -len(suffix)]
    return key


_FIELD_OF_KEY = {header_key(alias): name for name, aliases in HEADER_ALIASES.items() for alias in aliases}


def field_of_header(text: str) -> str | None:
    """The field a column header names (``"房號"`` → ``"unit"``), or None when unknown."""
    return _FIELD_OF_KEY.get(header_key(text))


def looks_like_header(cells: Sequence[object]) -> bool:
    """True when a row names at least two known columns (to find the header below a title)."""
    return len({field_of_header(c) for c in cells if isinstance(c, str)} - {None}) >= 2


@dataclass(frozen=True)
class RowError:
    """One problem in the sheet: row as Excel numbers it, the column's header, what and how to fix."""

    row: int
    column: str
    problem: str
    fix: str


@dataclass(frozen=True)
class NewUnit:
    """A unit the import will create (allowed with ``create_units``)."""

    building_id: int
    number: str
    code: str
    area_m2: Decimal


@dataclass(frozen=True)
class ResidentLine:
    """One checked row, ready to import."""

    row: int
    unit_id: int | None
    new_unit: NewUnit | None
    kind: ResidentKind
    name: str
    phone: str
    id_type: str | None
    id_number: str | None
    move_in: date | None
    remarks: str


@dataclass
class ImportReport:
    """What the check found and what the import did."""

    rows_read: int
    lines: list[ResidentLine] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    imported: int = 0
    units_created: int = 0

    @property
    def valid(self) -> int:
        """Rows without problems."""
        return len(self.lines)

    @property
    def ok(self) -> bool:
        """True when no row has a problem."""
        return not self.errors


def cell_text(value: object) -> str:
    """A cell as text: ``13812345678.0`` → ``"13812345678"``, ``None`` → ``""``."""
    if value is None:
        return ""
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    return str(value).strip()


def parse_day(value: object) -> date | None:
    """A date from an Excel date, ``2023-05-01``, ``2023/5/1``, ``2023年5月1日`` or ``20230501``.

    Raises:
        ValueError: the value is not a date.
    """
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = unicodedata.normalize("NFKC", cell_text(value))
    if not text:
        return None
    match = _DATE_RE.fullmatch(text) or _COMPACT_DATE_RE.fullmatch(text)
    if match is None:
        raise ValueError(text)
    return date(int(match[1]), int(match[2]), int(match[3]))


class _Checker:
    """Checks rows one by one, remembering units and names already seen."""

    def __init__(self, estate: EstateService, actor: Actor, columns: dict[str, str], create_units: bool):
        self.estate, self.actor, self.columns, self.create_units = estate, actor, columns, create_units
        self.errors: list[RowError] = []
        self.seen: set[tuple[str, str]] = set()
        self.new_units: dict[str, NewUnit] = {}
        self._names: dict[int, set[str]] = {}
        self._buildings: dict[str, list[BuildingRow]] | None = None

    def fail(self, row: int, fieldname: str, problem: str, fix: str) -> None:
        self.errors.append(RowError(row, self.columns.get(fieldname, ""), problem, fix))

    def check(self, number: int, values: Mapping[str, object]) -> ResidentLine | None:
        before = len(self.errors)
        name = self._name(number, values)
        kind = self._kind(number, values.get("kind"))
        phone = self._phone(number, values.get("phone"))
        id_type, id_number = self._id(number, values.get("id_number"))
        move_in = self._move_in(number, values.get("move_in"))
        remarks = self._remarks(number, values.get("remarks"))
        unit = self._unit(number, values)
        if len(self.errors) > before or unit is None or kind is None:
            return None
        unit_id, new_unit = unit
        key = (new_unit.code if new_unit else str(unit_id), name)
        if key in self.seen:
            self.fail(
                number, "name", _("{name} appears twice for this unit.").format(name=name), _DELETE_ROW()
            )
            return None
        self.seen.add(key)
        if unit_id is not None and name in self._current_names(unit_id):
            self.fail(
                number,
                "name",
                _("{name} is already a resident of this unit.").format(name=name),
                _DELETE_ROW(),
            )
            return None
        return ResidentLine(
            number, unit_id, new_unit, kind, name, phone, id_type, id_number, move_in, remarks
        )

    def _name(self, number: int, values: Mapping[str, object]) -> str:
        try:
            return required_text("name", cell_text(values.get("name")), 80, _("The name is empty."))
        except ValidationError as exc:
            self.fail(number, "name", exc.message, _("Type the resident's name."))
            return ""

    def _kind(self, number: int, value: object) -> ResidentKind | None:
        text = header_key(cell_text(value))
        if not text or text in _OWNER_WORDS:
            return ResidentKind.OWNER
        if text in _TENANT_WORDS:
            return ResidentKind.TENANT
        self.fail(
            number,
            "kind",
            _("“{value}” is neither owner nor tenant.").format(value=cell_text(value)),
            _("Write 业主/業主/owner or 租户/租戶/tenant (empty means owner)."),
        )
        return None

    def _phone(self, number: int, value: object) -> str:
        text = cell_text(value)
        try:
            return store_phone(text).phone
        except ValidationError as exc:
            self.fail(number, "phone", exc.message, _("Write the phone as digits, e.g. 138 1234 5678."))
            return ""

    def _id(self, number: int, value: object) -> tuple[str | None, str | None]:
        text = cell_text(value)
        if not text:
            return None, None
        if isinstance(value, int | float) and abs(value) >= _EXACT_INT_LIMIT:
            self.fail(
                number,
                "id_number",
                _("The ID number was stored as a number and its last digits were lost."),
                _("Format the column as text and type the number again."),
            )
            return None, None
        kind = identity.guess_type(text)
        if kind is None:
            self.fail(
                number,
                "id_number",
                _("“{value}” is not an ID number this desk knows.").format(value=text),
                _("Copy the number again from the document."),
            )
            return None, None
        check = identity.validate(kind, text)
        if not check.valid:
            self.fail(number, "id_number", check.errors[0], _("Copy the number again from the document."))
            return None, None
        return kind.value, check.number

    def _move_in(self, number: int, value: object) -> date | None:
        try:
            return parse_day(value)
        except ValueError:
            self.fail(
                number,
                "move_in",
                _("“{value}” is not a date.").format(value=cell_text(value)),
                _("Write the date like 2023-05-01 or 2023年5月1日."),
            )
            return None

    def _remarks(self, number: int, value: object) -> str:
        try:
            return optional_text("remarks", cell_text(value), 2000, multiline=True)
        except ValidationError as exc:
            self.fail(number, "remarks", exc.message, _("Shorten the remarks."))
            return ""

    def _unit(self, number: int, values: Mapping[str, object]) -> tuple[int | None, NewUnit | None] | None:
        text = unicodedata.normalize("NFKC", cell_text(values.get("unit")))
        building_text = cell_text(values.get("building"))
        if not text:
            self.fail(number, "unit", _("The unit is empty."), _("Write the unit, e.g. 3-1502 or 3栋1502."))
            return None
        parsed = unitcode.parse_unit_code(text)
        if parsed is None:
            self.fail(
                number,
                "unit",
                _("“{value}” is not a unit number.").format(value=text),
                _("Write the unit, e.g. 3-1502 or 3栋1502."),
            )
            return None
        if parsed.building is None and building_text:
            code = unitcode.parse_building_code(building_text)
            if code is None:
                self.fail(
                    number,
                    "building",
                    _("“{value}” is not a building.").format(value=building_text),
                    _("Write the building as its unit codes start, e.g. 3 or 3栋."),
                )
                return None
            parsed = unitcode.UnitCode(code, parsed.number)
        found = self.estate.resolve_unit(actor=self.actor, text=parsed.text)
        if found.status is Resolution.FOUND and found.unit is not None:
            return found.unit.id, None
        if found.status is Resolution.NOT_FOUND and self.create_units and parsed.building is not None:
            return self._new_unit(number, parsed, values.get("area"))
        fix = (
            _("Write the building too, e.g. 3-1502.")
            if found.status is Resolution.AMBIGUOUS
            else _("Add the unit to the registry first, or correct the unit number.")
        )
        self.fail(number, "unit", found.message, fix)
        return None

    def _new_unit(
        self, number: int, code: unitcode.UnitCode, area: object
    ) -> tuple[int | None, NewUnit | None] | None:
        if code.text in self.new_units:
            return None, self.new_units[code.text]
        buildings = self._buildings_by_code().get(code.building or "", [])
        if len(buildings) != 1:
            self.fail(
                number,
                "unit",
                _("There is no unit {code} and no single building {building} to add it to.").format(
                    code=code.text, building=code.building
                ),
                _("Add the building to the registry first, or correct the unit number."),
            )
            return None
        try:
            dm2 = area_dm2(cell_text(area) or "x")
        except ValidationError:
            self.fail(
                number,
                "area",
                _("Unit {code} is new and needs its area.").format(code=code.text),
                _("Write the area in square metres, e.g. 89.37."),
            )
            return None
        unit = NewUnit(buildings[0].id, code.number, code.text, Decimal(dm2) / 100)
        self.new_units[code.text] = unit
        return None, unit

    def _buildings_by_code(self) -> dict[str, list[BuildingRow]]:
        if self._buildings is None:
            self._buildings = {}
            for estate in self.estate.estates(actor=self.actor):
                for building in self.estate.buildings(actor=self.actor, estate_id=estate.id):
                    self._buildings.setdefault(building.code, []).append(building)
        return self._buildings

    def _current_names(self, unit_id: int) -> set[str]:
        if unit_id not in self._names:
            rows = self.estate.residents(actor=self.actor, unit_id=unit_id)
            self._names[unit_id] = {r.name for r in rows}
        return self._names[unit_id]


def _DELETE_ROW() -> str:
    return _("Delete the row, or correct the unit or name.")


def check_residents(
    estate: EstateService,
    *,
    actor: Actor,
    rows: Sequence[Mapping[str, object]],
    row_numbers: Sequence[int] | None = None,
    create_units: bool = False,
    progress: Progress = no_progress,
) -> ImportReport:
    """Check a sheet of residents without writing anything.

    Args:
        estate: the estate service.
        actor: who imports (needs registry editing).
        rows: one mapping of header text (as written in the sheet) to cell value per row.
        row_numbers: the sheet row of each row (default: 2, 3, … below a header on row 1).
        create_units: a unit not in the registry is created when its building exists (and the
            row gives the area) instead of being an error.
        progress: told ``(rows checked, rows)``; may raise ``Cancelled``.

    Returns:
        The report: checked lines and row errors.

    Raises:
        PermissionDenied: the actor may not edit the registry.
    """
    actor.require(Permission.REGISTRY_EDIT)
    numbers = list(row_numbers) if row_numbers is not None else list(range(2, len(rows) + 2))
    headers = dict.fromkeys(h for row in rows for h in row)  # in the sheet's order
    columns: dict[str, str] = {}
    for header in headers:
        found = field_of_header(header)
        if found is not None:
            columns.setdefault(found, header)
    report = ImportReport(rows_read=len(rows))
    header_row = numbers[0] - 1 if numbers else 1
    problems = {"unit": _("The sheet has no unit column."), "name": _("The sheet has no name column.")}
    for name, problem in problems.items():
        if name not in columns:
            aliases = " / ".join((*HEADER_ALIASES[name][:2], name.title()))
            fix = _("Name a column {aliases}.").format(aliases=aliases)
            report.errors.append(RowError(header_row, "", problem, fix))
    if report.errors:
        return report
    checker = _Checker(estate, actor, columns, create_units)
    for done, (number, row) in enumerate(zip(numbers, rows, strict=True), start=1):
        values = {f: row.get(header) for f, header in columns.items()}
        line = checker.check(number, values)
        if line is not None:
            report.lines.append(line)
        progress(done, len(rows))
    order = {header: index for index, header in enumerate(headers)}
    report.errors = sorted(checker.errors, key=lambda e: (e.row, order.get(e.column, len(order))))
    return report


def import_residents(
    estate: EstateService,
    *,
    actor: Actor,
    rows: Sequence[Mapping[str, object]],
    row_numbers: Sequence[int] | None = None,
    allow_partial: bool = False,
    create_units: bool = False,
    source: str = "",
    progress: Progress = no_progress,
) -> ImportReport:
    """Check a sheet of residents, then import it in one transaction.

    Args:
        estate: the estate service.
        actor: who imports (needs registry editing).
        rows: one mapping of header text to cell value per row.
        row_numbers: the sheet row of each row (default: 2, 3, …).
        allow_partial: import the good rows even when others are wrong (default: nothing is
            imported while any row is wrong).
        create_units: create units missing from the registry (see :func:`check_residents`).
        source: the file's name, for the audit trail.
        progress: told ``(done, total)`` while checking, then while importing; raising
            ``Cancelled`` from it rolls everything back.

    Returns:
        The report; ``imported`` counts the residents added.

    Raises:
        PermissionDenied: the actor may not edit the registry.
        UserError: a row the check passed was refused while importing (nothing is imported).
    """
    report = check_residents(
        estate, actor=actor, rows=rows, row_numbers=row_numbers, create_units=create_units, progress=progress
    )
    if (report.errors and not allow_partial) or not report.lines:
        return report
    with transaction():
        created: dict[str, int] = {}
        for line in report.lines:
            try:
                unit_id = _unit_id(estate, actor, line, created)
                estate.add_resident(
                    actor=actor,
                    unit_id=unit_id,
                    kind=line.kind,
                    name=line.name,
                    phone=line.phone,
                    id_type=line.id_type,
                    id_number=line.id_number,
                    move_in=line.move_in,
                    remarks=line.remarks,
                )
            except UserError as exc:
                raise UserError(
                    _("Row {row}: {message} Nothing was imported.").format(row=line.row, message=exc.message)
                ) from exc
            report.imported += 1
            progress(report.imported, len(report.lines))
        report.units_created = len(created)
        audit.record(
            actor,
            "import",
            "resident",
            source,
            after={"rows": report.rows_read, "imported": report.imported, "units_created": len(created)},
        )
    return report


def _unit_id(estate: EstateService, actor: Actor, line: ResidentLine, created: dict[str, int]) -> int:
    unit = line.new_unit
    if unit is None:
        assert line.unit_id is not None  # a checked line has a unit or a new unit
        return line.unit_id
    if unit.code not in created:
        row = estate.add_unit(
            actor=actor, building_id=unit.building_id, number=unit.number, area_m2=unit.area_m2
        )
        created[unit.code] = row.id
    return created[unit.code]
