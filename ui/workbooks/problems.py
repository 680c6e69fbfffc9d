"""The problems found in an imported workbook, written beside it as ``FILE.errors.xlsx``."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from frontdesk.estate.residents_sheet import RowError
from frontdesk.i18n import _
from reports.xlsx import Column, write_table


def errors_path(source: Path) -> Path:
    """Where the error report of ``FILE.xlsx`` goes: ``FILE.errors.xlsx`` beside it."""
    return source.with_name(source.stem + ".errors.xlsx")


def write_errors(path: Path, source: Path, errors: Sequence[RowError]) -> None:
    """The row errors as a workbook: row, column, problem, how to fix."""
    columns = [
        Column(_("Row"), 8, "int"),
        Column(_("Column"), 16),
        Column(_("Problem"), 50),
        Column(_("How to fix"), 50),
    ]
    rows = [(e.row, e.column, e.problem, e.fix) for e in errors]
    with path.open("wb") as stream:
        write_table(
            stream,
            title=_("Problems in {file}").format(file=source.name),
            columns=columns,
            rows=rows,
            sheet_name=_("Problems"),
        )
