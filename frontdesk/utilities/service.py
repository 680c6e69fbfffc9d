"""The utility service (``services.utilities``): one object over the module's parts.

API for the interfaces (every method keyword-only, ``actor`` first; rows are frozen dataclasses
from ``frontdesk.utilities.rows``; bad input raises ``ValidationError(field, message)``):

Meters (``meters.py``)
- ``meters(unit_id=None, building_id=None, active_only=True) -> [MeterRow]``.
- ``add_meter(meter=MeterInput(...), client_id) -> MeterRow``: a unit's meter, or a public area's
  (``place``; ``building_id`` or the whole estate; ``share`` by area / equally / not).
- ``retire_meter(meter_id, version, reason)``.

The round (``round.py``; usage and flags in ``usage.py``)
- ``round_rows(month, building_id) -> [RoundRow]``: the building's meters in walking order (unit
  by floor and number, then kind; public areas last) with the previous reading, the expected range
  and what was typed so far — a half-finished round resumes from any desk.
- ``record_reading(month, entry=ReadingInput(meter_id, current[, old_final, new_initial,
  replaced_on]), version) -> RoundRow``: saves as typed; ``version`` is the row's (0 when new);
  the row says the usage (× multiplier; rollover and replacement handled) and the flag.
- ``confirm_flag(reading_id, version, reason) -> RoundRow``: a flag (below previous, > 3× the
  trailing six-month median, zero on an occupied unit) is confirmed with who and why, or the
  reading corrected with ``record_reading``; never kept silently.

Tariffs (``tariffs.py``; arithmetic in ``pricing.py``)
- ``tariffs() -> [TariffRow]``; ``save_tariff(tariff=TariffInput(kind, from_month, period,
  steps=(TariffStepInput(upper, price, addon), ...)))``: flat (one step) or tiers, monthly or
  annual cumulative; the add-on is per unit of usage (a sewage fee per m³).

The month (``closing.py``; the computation in ``table.py``)
- ``month_table(month, building_id=None) -> UtilityTable``: per building (``BuildingTable``:
  unit lines in walking order — unit, resident, kind, meter, previous, current, multiplier,
  usage, the tier/add-on/share lines, amount, flags — its public meters, subtotals per kind) and
  the total; lines rounded half-up to 0.01 yuan, totals summed from rounded lines. This is what
  the documents layer renders.
- ``month(month) -> MonthRow``; ``close_month(month, due_date=None) -> CloseResult``: refuses
  while a meter is unread or a flag unresolved; posts one charge per unit and kind (own meters +
  shares) on the unit's account (balances kept in step), locks the month.
- ``adjust(month, unit_id, kind, amount_fen, reason) -> AdjustmentRow``: a later correction of a
  closed month, as an adjustment charge (negative: a credit); ``adjustments(month)``.

Sheets (``sheets.py``, ``imports.py``): ``import_meters``/``import_tariffs``/``import_readings``
check every row first (``RowError`` per problem), write nothing while any row is wrong (unless
``allow_partial``); ``export_rows`` gives the rows the exports write, in the import's columns.
"""

from __future__ import annotations

from frontdesk.utilities.closing import ClosingService
from frontdesk.utilities.imports import ImportService
from frontdesk.utilities.meters import MeterService
from frontdesk.utilities.reading_import import ReadingImportService
from frontdesk.utilities.round import RoundService
from frontdesk.utilities.tariffs import TariffService


class UtilityService(
    MeterService, RoundService, TariffService, ClosingService, ImportService, ReadingImportService
):
    """Meters, the round, tariffs and the month end to end (tests pass ``today=`` and ``now=``)."""
