"""The complaint keyword rules as an office's workbook: written for editing, read back whole.

One rule a row: keyword, class code (``valid`` / ``communicative``), kind code (``charges``,
``help`` …) and, for the reader's eyes only, the class and kind in the user's language. The
title and header rows (in whatever language the sheet was written) are recognised by their class
cell not being a class code; any other row is a rule, checked by the core all or nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import BinaryIO

from frontdesk.complaints.labels import kind_label, label
from frontdesk.complaints.rows import ComplaintClass, RuleInput, RuleRow
from frontdesk.errors import ValidationErrors
from frontdesk.i18n import _
from reports.xlsx import Column, write_table

_CLASSES = {c.value for c in ComplaintClass}


def write_rules(stream: BinaryIO, rules: Sequence[RuleRow]) -> None:
    """The rules as a workbook the office edits and imports again."""
    columns = [
        Column(_("Keyword"), 16),
        Column(_("Class"), 16),
        Column(_("Kind"), 14),
        Column(_("Meaning"), 36),
    ]
    rows = [(r.keyword, r.cls.value, r.kind, f"{label(r.cls)} · {kind_label(r.kind)}") for r in rules]
    write_table(stream, title=_("Complaint keyword rules"), columns=columns, rows=rows)


@dataclass(frozen=True)
class RuleSheet:
    """The rules read from a sheet, with the sheet row each came from."""

    rules: list[RuleInput]
    row_numbers: list[int]

    def problems(self, errors: ValidationErrors) -> list[str]:
        """The core's ``rules.N.field`` errors as lines naming the sheet's rows."""
        lines = []
        for field, message in errors.errors.items():
            parts = field.split(".")
            number = self.row_numbers[int(parts[1])] if len(parts) > 1 and parts[1].isdigit() else 0
            lines.append(_("Row {row}: {message}").format(row=number, message=message) if number else message)
        return lines


def read_rules(stream: BinaryIO) -> RuleSheet:
    """Every rule row of the sheet (raises ValueError for a file that is not a workbook)."""
    from reports.xlsx_read import read_rows  # the reader loads only to import, never for an export

    _name, rows = read_rows(stream)
    rules: list[RuleInput] = []
    numbers: list[int] = []
    for number, cells in rows:
        keyword, cls, kind = (("" if c is None else str(c).strip()) for c in [*cells, None, None, None][:3])
        if not rules and cls not in _CLASSES:
            continue  # the title and the header row, above the first rule
        rules.append(RuleInput(keyword, cls, kind))
        numbers.append(number)
    return RuleSheet(rules, numbers)
