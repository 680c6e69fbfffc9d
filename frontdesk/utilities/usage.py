"""A reading's usage and its flags, as plain functions without a database.

Usage = (current − previous) × multiplier. A dial that passed its top (10**digits − 1) starts again
at 0: a current reading below the previous one is a rollover when the turned-over usage
(current + 10**digits − previous) is less than a tenth of the dial, otherwise a reading below the
previous one, flagged. A replacement adds the old meter's last stretch (old final − previous) to the
new one's first (current − new initial), each part allowed to roll over the same way.
"""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from dataclasses import dataclass

from frontdesk.utilities.kinds import Flag

#: a rollover's turned-over usage is less than this share of the dial (1/10)
ROLLOVER_SHARE = 10
#: a usage above this many times the trailing median is flagged
HIGH_FACTOR = 3
#: how many earlier months the median looks back on, and how many of them it needs
HISTORY_MONTHS = 6
MIN_HISTORY = 3


@dataclass(frozen=True)
class Dial:
    """What the arithmetic needs of a meter."""

    multiplier: int
    digits: int


@dataclass(frozen=True)
class Usage:
    """A reading's usage (× multiplier; None when the reading is below the previous one)."""

    usage: int | None
    rollover: bool


def _stretch(start: int, end: int, digits: int) -> tuple[int | None, bool]:
    """The dial's advance from ``start`` to ``end``: (advance, rolled over); None when it went back."""
    if end >= start:
        return end - start, False
    turned = end + 10**digits - start
    if turned < 10**digits // ROLLOVER_SHARE:
        return turned, True
    return None, False


def usage_of(
    dial: Dial, previous: int, current: int, old_final: int | None = None, new_initial: int | None = None
) -> Usage:
    """The usage of a month's reading.

    Args:
        dial: the meter's multiplier and digits.
        previous: last month's reading (the old meter's, in a month with a replacement).
        current: this month's reading (the new meter's, with a replacement).
        old_final: the old meter's final reading, when the meter was replaced this month.
        new_initial: the new meter's initial reading, with ``old_final``.

    Returns:
        The usage × multiplier and whether a dial rolled over; usage None when a reading is
        below the one before it without a rollover.
    """
    if old_final is not None and new_initial is not None:
        old, old_rolled = _stretch(previous, old_final, dial.digits)
        new, new_rolled = _stretch(new_initial, current, dial.digits)
        if old is None or new is None:
            return Usage(None, False)
        return Usage((old + new) * dial.multiplier, old_rolled or new_rolled)
    advance, rolled = _stretch(previous, current, dial.digits)
    return Usage(None if advance is None else advance * dial.multiplier, rolled)


def flag_of(usage: int | None, history: Sequence[int], occupied: bool) -> Flag | None:
    """The flag a reading gets, or None.

    Args:
        usage: the reading's usage (None: below the previous reading).
        history: the meter's usages of the six months before (any number of them).
        occupied: whether the meter's unit is occupied (False for a public meter).

    Returns:
        BELOW for a reading below the previous one, ZERO for nothing used on an occupied unit,
        HIGH for more than 3× the median of at least three earlier months, else None.
    """
    if usage is None:
        return Flag.BELOW
    if usage == 0 and occupied:
        return Flag.ZERO
    if len(history) >= MIN_HISTORY:
        median = statistics.median(history)
        if median > 0 and usage > HIGH_FACTOR * median:
            return Flag.HIGH
    return None
