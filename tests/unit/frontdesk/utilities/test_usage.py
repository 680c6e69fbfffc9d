"""Usage of a reading by hand: multiplier, rollover, replacement; and the flags."""

from __future__ import annotations

from frontdesk.utilities.kinds import Flag
from frontdesk.utilities.usage import Dial, Usage, flag_of, usage_of


def test_usage_is_the_advance_times_the_multiplier() -> None:
    assert usage_of(Dial(1, 5), 1000, 1012) == Usage(12, False)
    assert usage_of(Dial(40, 6), 1000, 1005) == Usage(200, False)  # 5 on the dial × 40


def test_a_dial_that_turned_over_is_a_rollover() -> None:
    # a 4-digit dial: 9,990 → 15 is 10 to the top and 15 after it
    assert usage_of(Dial(1, 4), 9990, 15) == Usage(25, True)
    assert usage_of(Dial(10, 4), 9990, 15) == Usage(250, True)


def test_a_reading_below_the_previous_without_a_rollover() -> None:
    assert usage_of(Dial(1, 5), 500, 490) == Usage(None, False)  # 99,990 turned over is not plausible


def test_a_replacement_adds_the_old_stretch_and_the_new() -> None:
    # previous 800; the old meter ended at 850, the new one started at 0 and shows 30 → 50 + 30
    assert usage_of(Dial(1, 5), 800, 30, old_final=850, new_initial=0) == Usage(80, False)
    assert usage_of(Dial(2, 5), 800, 30, old_final=850, new_initial=5) == Usage(150, False)
    # the old meter rolled over before it was taken out
    assert usage_of(Dial(1, 4), 9990, 7, old_final=3, new_initial=0) == Usage(20, True)
    # a new initial above the current reading is a mistake
    assert usage_of(Dial(1, 5), 800, 3, old_final=850, new_initial=10).usage is None


def test_flags() -> None:
    assert flag_of(None, [], occupied=True) is Flag.BELOW
    assert flag_of(0, [], occupied=True) is Flag.ZERO
    assert flag_of(0, [], occupied=False) is None
    history = [10, 12, 11, 40, 9, 13]  # median 11.5: more than 34.5 is far from the usual
    assert flag_of(35, history, occupied=True) is Flag.HIGH
    assert flag_of(34, history, occupied=True) is None
    assert flag_of(100, [10, 10], occupied=True) is None  # too little history to judge
    assert flag_of(100, [0, 0, 0], occupied=True) is None
