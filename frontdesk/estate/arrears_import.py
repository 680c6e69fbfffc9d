"""Import an arrears/fees sheet from other software into the unit accounts, idempotently.

Each sheet row (unit, fee item, month, amount due, paid, due date) becomes one charge and, when
something was paid, one payment (dated the morning of the due date: the sheet does not say when
it was paid, and settling the oldest charges first makes the exact day matter little). A charge
is identified by unit, kind and month (and the item's text for "other" charges) — the same key
that allows one live periodic charge a month — so a row the account already holds with the same
amount is left alone: re-importing a sheet changes nothing. Imported records carry deterministic
submission ids (derived from that key and the amount) and imported payments a receipt number
derived from the key, so the import recognises its own records:

- an amount that differs from the charge or imported payment already there is a problem row (the
  account is never silently rewritten): void the old record in the unit's account, then import
  again; the new amount is then taken;
- a record imported and voided since is not brought back by importing the same row again;
- a charge the desk made itself (not imported) with the same amount keeps its own payments: the
  sheet's "paid" is not added to it (no payment is counted twice).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import timedelta

from frontdesk import audit
from frontdesk.auth import Actor, Permission
from frontdesk.clock import utcnow
from frontdesk.db import storage_errors, transaction
from frontdesk.errors import UserError
from frontdesk.estate import arrears_sheet as sheet
from frontdesk.estate.arrears_check import ArrearsChecker, ArrearsLine
from frontdesk.estate.balances import end_of_day_utc
from frontdesk.estate.kinds import PaymentMethod
from frontdesk.estate.progress import Progress, no_progress
from frontdesk.estate.residents_sheet import RowError, cell_text, header_key
from frontdesk.estate.service import EstateService
from frontdesk.i18n import _

__all__ = ["ArrearsLine", "ArrearsReport", "check_arrears", "import_arrears"]


@dataclass
class ArrearsReport:
    """What the check found and what the import did."""

    rows_read: int
    lines: list[ArrearsLine] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    totals_skipped: int = 0  # the sheet's total rows
    left_voided: int = 0  # rows whose imported charge was voided here since
    charges_added: int = 0
    payments_added: int = 0

    @property
    def valid(self) -> int:
        """Rows without problems."""
        return len(self.lines) + self.left_voided

    @property
    def unchanged(self) -> int:
        """Checked rows the accounts already held in full."""
        return sum(not (line.add_charge or line.add_payment) for line in self.lines)

    @property
    def ok(self) -> bool:
        """True when no row has a problem."""
        return not self.errors


def _columns(rows: Sequence[Mapping[str, object]]) -> tuple[dict[str, str], dict[str, int]]:
    headers = dict.fromkeys(h for row in rows for h in row)  # in the sheet's order
    columns: dict[str, str] = {}
    for header in headers:
        found = sheet.field_of_header(header)
        if found is not None:
            columns.setdefault(found, header)
    return columns, {header: index for index, header in enumerate(headers)}


def check_arrears(
    estate: EstateService,
    *,
    actor: Actor,
    rows: Sequence[Mapping[str, object]],
    row_numbers: Sequence[int] | None = None,
    progress: Progress = no_progress,
) -> ArrearsReport:
    """Check an arrears sheet against the registry and the unit accounts, writing nothing.

    Args:
        estate: the estate service.
        actor: who imports (needs registry editing).
        rows: one mapping of header text (as written in the sheet) to cell value per row.
        row_numbers: the sheet row of each row (default: 2, 3, … below a header on row 1).
        progress: told ``(rows checked, rows)``; may raise ``Cancelled``.

    Returns:
        The report: lines to import (with what each adds) and row errors.

    Raises:
        PermissionDenied: the actor may not edit the registry.
    """
    actor.require(Permission.REGISTRY_EDIT)
    numbers = list(row_numbers) if row_numbers is not None else list(range(2, len(rows) + 2))
    columns, order = _columns(rows)
    report = ArrearsReport(rows_read=len(rows))
    header_row = numbers[0] - 1 if numbers else 1
    if "unit" not in columns:
        fix = _("Name a column {aliases}.").format(aliases="房号 / 房號 / Unit")
        report.errors.append(RowError(header_row, "", _("The sheet has no unit column."), fix))
    if not {"due", "arrears"} & columns.keys():
        fix = _("Name a column {aliases}.").format(
            aliases="应收金额 / 應收金額 / Amount due / 欠费 / Arrears"
        )
        report.errors.append(
            RowError(header_row, "", _("The sheet has no amount due or arrears column."), fix)
        )
    if report.errors:
        return report
    checker = ArrearsChecker(columns)
    with storage_errors():
        for done, (number, row) in enumerate(zip(numbers, rows, strict=True), start=1):
            values = {f: row.get(header) for f, header in columns.items()}
            if header_key(cell_text(values.get("unit"))) in sheet.TOTAL_WORDS:
                report.totals_skipped += 1
            else:
                line = checker.check_row(number, values)
                if line is not None:
                    report.lines.append(line)
            progress(done, len(rows))
    report.left_voided = checker.left_voided
    report.errors = sorted(checker.errors, key=lambda e: (e.row, order.get(e.column, len(order))))
    return report


def import_arrears(
    estate: EstateService,
    *,
    actor: Actor,
    rows: Sequence[Mapping[str, object]],
    row_numbers: Sequence[int] | None = None,
    allow_partial: bool = False,
    source: str = "",
    progress: Progress = no_progress,
) -> ArrearsReport:
    """Check an arrears sheet, then write its charges and payments in one transaction.

    Args:
        estate: the estate service.
        actor: who imports (needs registry editing).
        rows: one mapping of header text to cell value per row.
        row_numbers: the sheet row of each row (default: 2, 3, …).
        allow_partial: import the good rows even when others are wrong (default: nothing is
            imported while any row is wrong).
        source: the file's name, for the audit trail.
        progress: told ``(done, total)`` while checking, then while writing; raising
            ``Cancelled`` from it rolls everything back.

    Returns:
        The report; ``charges_added`` and ``payments_added`` count what was written.

    Raises:
        PermissionDenied: the actor may not edit the registry.
        UserError: a checked row was refused while importing (nothing is imported).
    """
    report = check_arrears(estate, actor=actor, rows=rows, row_numbers=row_numbers, progress=progress)
    todo = [line for line in report.lines if line.add_charge or line.add_payment]
    if (report.errors and not allow_partial) or not todo:
        return report
    with transaction():
        for done, line in enumerate(todo, start=1):
            try:
                _write(estate, actor, line, report)
            except UserError as exc:
                raise UserError(
                    _("Row {row}: {message} Nothing was imported.").format(row=line.row, message=exc.message)
                ) from exc
            progress(done, len(todo))
        audit.record(
            actor,
            "import",
            "arrears",
            source,
            after={
                "rows": report.rows_read,
                "charges": report.charges_added,
                "payments": report.payments_added,
                "unchanged": report.unchanged,
            },
        )
    return report


def _write(estate: EstateService, actor: Actor, line: ArrearsLine, report: ArrearsReport) -> None:
    if line.add_charge:
        estate.add_charge(
            actor=actor,
            unit_id=line.unit_id,
            kind=line.kind,
            amount_fen=line.due_fen,
            due_date=line.due_date,
            period=line.period,
            description=line.item,
            client_id=line.charge_id,
        )
        report.charges_added += 1
    if line.add_payment:
        estate.record_payment(
            actor=actor,
            unit_id=line.unit_id,
            amount_fen=line.paid_fen,
            method=PaymentMethod.OTHER,
            paid_at=min(end_of_day_utc(line.due_date - timedelta(days=1)), utcnow()),
            receipt_no=line.receipt_no,
            client_id=line.payment_id,
        )
        report.payments_added += 1
