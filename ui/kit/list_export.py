"""Every list can export what it shows to Excel: the visible rows and columns, in the view's order.

Cells keep their type when the table model's raw value (``SORT_ROLE``) shows exactly as the cell
does — whole numbers, money in fen, dates, local times; anything else is written as the text on
screen, always as a text cell (never a formula). The workbook is written and the export audited on
the worker thread; personal data needs a supervisor's right, asked for on the spot.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from PySide6.QtCore import QAbstractItemModel, QAbstractProxyModel, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QPushButton, QTableView, QTreeView, QWidget

from frontdesk.audit import AuditTrail
from frontdesk.auth import Actor, Permission
from frontdesk.clock import format_local, local_today, to_local
from frontdesk.i18n import _, ngettext
from frontdesk.money import fen_to_text
from reports import xlsx
from ui.kit import messages, paper
from ui.kit.authorize import ask_supervisor
from ui.kit.context import AppContext
from ui.kit.table_model import SORT_ROLE
from ui.kit.window_state import recall, remember

EXPORT_SHORTCUT = "Ctrl+E"
Cell = tuple[str, object]  # (text on screen, raw value)


@dataclass(frozen=True)
class Snapshot:
    """What a view shows: column specs and typed rows, ready for ``reports.xlsx.write_table``."""

    columns: list[xlsx.Column]
    rows: list[list[object]]


def _header(view: QAbstractItemView) -> QHeaderView | None:
    if isinstance(view, QTableView):
        return view.horizontalHeader()
    return view.header() if isinstance(view, QTreeView) else None


def _visible_columns(view: QAbstractItemView, model: QAbstractItemModel) -> list[int]:
    header = _header(view)
    if header is None:
        return list(range(model.columnCount()))
    logical = (header.logicalIndex(visual) for visual in range(header.count()))
    return [column for column in logical if column >= 0 and not header.isSectionHidden(column)]


def _row_hidden(view: QAbstractItemView, row: int) -> bool:
    if isinstance(view, QTableView):
        return view.isRowHidden(row)
    return isinstance(view, QTreeView) and view.isRowHidden(row, view.rootIndex())


def _typed(kind: xlsx.ColumnKind, text: str, raw: object) -> object | None:
    """The raw value as a cell of ``kind`` if it shows exactly as ``text``, else None."""
    if kind in ("int", "money"):
        if not isinstance(raw, int) or isinstance(raw, bool):
            return None
        return raw if text == (str(raw) if kind == "int" else fen_to_text(raw)) else None
    if not isinstance(raw, str):
        return None
    with contextlib.suppress(ValueError):
        if kind == "date" and len(raw) == 10 and text == raw:
            return date.fromisoformat(raw)
        if kind == "datetime" and len(raw) > 10:
            moment = datetime.fromisoformat(raw)
            if text == format_local(moment):  # to the minute, as shown
                return to_local(moment).replace(second=0, microsecond=0)
            return (
                moment.replace(second=0, microsecond=0) if text == moment.strftime("%Y-%m-%d %H:%M") else None
            )
    return None


def _column(header: str, cells: Sequence[Cell], width: int) -> tuple[xlsx.Column, list[object]]:
    filled = [(text, raw) for text, raw in cells if text]
    kinds: tuple[xlsx.ColumnKind, ...] = ("int", "money", "date", "datetime")
    for kind in kinds if filled else ():
        values = [_typed(kind, text, raw) if text else None for text, raw in cells]
        if all(v is not None for v, (text, _raw) in zip(values, cells, strict=True) if text):
            return xlsx.Column(header, width, kind), values
    return xlsx.Column(header, width), [text or None for text, _raw in cells]


@dataclass(frozen=True)
class Cells:
    """The cells a view shows, read on the GUI thread: headers, widths and (text, raw value) pairs."""

    headers: list[str]
    widths: list[int]
    columns: list[list[Cell]]

    def table(self) -> Snapshot:
        """Typed columns and rows (pure Python: runs on the worker thread)."""
        typed = [
            _column(h, cells, w) for h, w, cells in zip(self.headers, self.widths, self.columns, strict=True)
        ]
        rows = [list(row) for row in zip(*(values for _spec, values in typed), strict=True)] if typed else []
        return Snapshot([spec for spec, _values in typed], rows)


def _width(view: QAbstractItemView, column: int) -> int:
    """An Excel column width (characters) close to the column's width on screen."""
    return max(8, min(60, round(view.columnWidth(column) / 7))) if isinstance(view, QTableView) else 16


def _to_source(
    model: QAbstractItemModel, rows: list[int], columns: list[int]
) -> tuple[QAbstractItemModel, list[int], list[int]]:
    # Reading the base model directly is several times faster than through the proxy per cell.
    while isinstance(model, QAbstractProxyModel) and rows and columns:
        source_rows = [model.mapToSource(model.index(r, columns[0])).row() for r in rows]
        source_columns = [model.mapToSource(model.index(rows[0], c)).column() for c in columns]
        model, rows, columns = model.sourceModel(), source_rows, source_columns
    return model, rows, columns


def read_cells(view: QAbstractItemView) -> Cells:
    """The rows and visible columns ``view`` shows, in its current (sorted, filtered) order."""
    model = view.model()
    shown = _visible_columns(view, model)
    display = Qt.ItemDataRole.DisplayRole
    headers = [str(model.headerData(c, Qt.Orientation.Horizontal, display) or "") for c in shown]
    widths = [_width(view, c) for c in shown]
    rows = [r for r in range(model.rowCount()) if not _row_hidden(view, r)]
    base, rows, columns = _to_source(model, rows, shown)
    data, index = base.data, base.index
    cells = []
    for column in columns:
        at = [index(r, column) for r in rows]
        cells.append(
            [("" if (text := data(i, display)) is None else str(text), data(i, SORT_ROLE)) for i in at]
        )
    return Cells(headers, widths, cells)


def snapshot(view: QAbstractItemView) -> Snapshot:
    """What ``view`` shows as typed columns and rows."""
    return read_cells(view).table()


def write_export(
    trail: AuditTrail, actor: Actor, cells: Cells, *, path: Path, title: str, what: str, personal: bool,
    authorized_by: Actor | None,
) -> int:  # fmt: skip
    """Write the workbook beside ``path``, audit the export, then put the file in place (worker thread)."""
    table = cells.table()
    partial = path.with_name(path.name + ".part")
    try:
        with partial.open("wb") as stream:
            xlsx.write_table(stream, title=title, columns=table.columns, rows=table.rows)
        trail.record_export(
            actor=actor, what=what, rows=len(table.rows), file_name=path.name, personal=personal,
            authorized_by=authorized_by,
        )  # fmt: skip
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)
    return len(table.rows)


def export_authority(
    context: AppContext, parent: QWidget | None, personal: bool
) -> tuple[bool, Actor | None]:
    """(may go on, the supervisor who authorised); a clerk exporting personal data asks for one.

    Any document that carries residents' names out of the program (a workbook, a PDF, a print) asks
    this before it is made, and passes the supervisor on to ``record_export``.
    """
    if not personal or context.can(Permission.PERSONAL_EXPORT):
        return True, None
    authorization = ask_supervisor(
        context,
        parent,
        permission=Permission.PERSONAL_EXPORT,
        title=_("Export personal data"),
        explanation=_(
            "This list contains personal data. A supervisor must export it, or authorise the export here."
        ),
    )
    return authorization is not None, authorization.actor if authorization else None


def export_view(
    context: AppContext,
    parent: QWidget | None,
    view: QAbstractItemView,
    *,
    title: str,
    file_stem: str,
    what: str,
    personal: bool = False,
) -> Path | None:
    """Export what ``view`` shows to an Excel file the user chooses; the export is audited.

    Args:
        context: the application's context.
        parent: the page exporting (messages are shown over it).
        view: the table as the user sees it (its sorting, filter, hidden columns).
        title: the workbook's title row.
        file_stem: the suggested file name without ".xlsx" (today's date is added).
        what: which list, for the audit trail and the remembered folder ("staff", "audit" …).
        personal: the list holds personal data: a supervisor's right is needed.

    Returns:
        The file being written (the worker thread finishes it and says so), or None when
        cancelled or refused.
    """
    actor = context.require_actor()
    allowed, authorized_by = export_authority(context, parent, personal)
    if not allowed:
        return None
    folder = Path(recall(f"export/{what}/folder") or Path.home())
    path = paper.choose_save_path(
        parent,
        caption=_("Export to Excel"),
        suggested=folder / f"{file_stem} {local_today().isoformat()}.xlsx",
        file_filter=_("Excel workbooks (*.xlsx)"),
    )
    if path is None:
        return None
    if path.suffix.lower() != ".xlsx":
        path = path.with_name(path.name + ".xlsx")
    remember(f"export/{what}/folder", str(path.parent))
    table, trail = read_cells(view), context.services.audit
    context.runner.submit(
        lambda: write_export(
            trail,
            actor,
            table,
            path=path,
            title=title,
            what=what,
            personal=personal,
            authorized_by=authorized_by,
        ),
        lambda rows: messages.inform(
            parent,
            ngettext("Exported {n} row to {path}.", "Exported {n} rows to {path}.", rows).format(
                n=rows, path=path
            ),
        ),
        lambda exc: _on_failed(parent, exc),
        owner=parent,
    )
    return path


def _on_failed(parent: QWidget | None, exc: BaseException) -> None:
    if isinstance(exc, OSError):
        messages.warn(parent, _("The file could not be saved: {reason}").format(reason=exc.strerror or exc))
    else:
        messages.show_error(parent, exc)


def export_button(page: QWidget, export: Callable[[], object]) -> QPushButton:
    """The standard "Export to Excel …" button of a page, with its Ctrl+E shortcut on the page."""
    button = QPushButton(_("E&xport to Excel …"))
    button.setToolTip(_("Export the list as shown to an Excel file ({key})").format(key=EXPORT_SHORTCUT))
    button.clicked.connect(lambda: export())
    QShortcut(
        QKeySequence(EXPORT_SHORTCUT),
        page,
        lambda: export(),
        context=Qt.ShortcutContext.WidgetWithChildrenShortcut,
    )
    return button
