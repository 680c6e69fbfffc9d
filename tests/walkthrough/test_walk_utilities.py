"""The monthly meter round by the keyboard alone: Shift+F7, a building picked, a run of readings
typed with the digits and Enter only (one key per reading besides the digits), a reading below the
previous one flagged and confirmed with a reason, the page left and opened again at the first unread
row — then across a shift change and a switch to English, the round going on where it stood."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication, QLabel, QTableView

from frontdesk.clock import local_today, month_of
from frontdesk.utilities.common import shift
from frontdesk.utilities.rows import RoundRow
from tests.walkthrough.conftest import CLERK, CLERK_PASSWORD, SUPERVISOR, SUPERVISOR_PASSWORD, Desk
from tests.walkthrough.test_every_page import check_window
from ui.utilities.page import UtilitiesPage
from ui.utilities.round_view import RoundGrid, RoundView

RUN = 6  # readings typed in a run
FLAGGED = 3  # the run's reading typed below the previous one (from 0)


def round_view(desk: Desk) -> RoundView:
    page = desk.window.findChild(UtilitiesPage)
    assert page is not None and page.isVisible()
    return page.round


def cursor_row(desk: Desk) -> RoundRow:
    """The round row under the cursor; the keyboard is in the grid."""
    view = round_view(desk)
    assert isinstance(desk.focus(), RoundGrid), desk.focus()
    row = view.current_row()
    assert row is not None
    return row


def reading_for(row: RoundRow) -> str:
    """What the clerk reads off the dial: within the expected range (a usual month's use)."""
    if (
        row.expected_low is not None
        and row.expected_high is not None
        and row.expected_high - row.expected_low >= 3
    ):
        return str(row.expected_low + (row.expected_high - row.expected_low) // 3)
    return str(row.previous + 7)


def read_meters(desk: Desk, count: int, below: int | None = None) -> list[RoundRow]:
    """Type ``count`` readings from the cursor down, digits and Enter; reading ``below`` is typed one
    under the previous reading. Returns the rows read; checks one key per reading besides digits."""
    done = []
    keys = desk.keys
    for number in range(count):
        row = cursor_row(desk)
        assert row.current is None, row  # the cursor waits on an unread meter
        desk.type(str(row.previous - 1) if number == below else reading_for(row))
        desk.press("Enter")
        done.append(row)
    assert desk.keys - keys <= count, desk.keys - keys  # ≤ 1 key per reading besides the digits
    return done


def first_unread_is_under_the_cursor(desk: Desk) -> RoundRow:
    view = round_view(desk)
    row = cursor_row(desk)
    rows = view.model.rows()
    first = next(r for r in rows if r.current is None)
    assert row.meter_id == first.meter_id, (row, first)
    return row


def test_a_round_typed_flag_confirmed_resumed_across_a_shift_and_a_language(desk: Desk) -> None:
    desk.sign_in(CLERK, CLERK_PASSWORD)
    desk.press("Shift+F7")
    view = round_view(desk)
    faults = check_window(desk.window, "round")
    desk.shot("the round opens on the first unread meter")
    buildings = view.building.count()
    assert buildings >= 2, buildings
    desk.press("Alt+B", "Down", "Enter")  # the second building; Enter: into its grid
    assert view.building.currentIndex() == 1
    first_unread_is_under_the_cursor(desk)
    progress = view.progress.text()
    assert "已抄" in progress, progress

    rows = read_meters(desk, RUN, below=FLAGGED)
    desk.shot("a run of readings, one flagged")
    flagged = view.model.row(view.model.number_of(rows[FLAGGED].meter_id) or 0)
    assert flagged is not None and flagged.needs_attention, flagged
    assert "低于上月读数" in view.notice.text() or "低于上月读数" in desk.visible_text(), view.notice.text()
    assert "1 个疑问待处理" in view.progress.text(), view.progress.text()

    # the flag: Alt+F lists only what is left to resolve, the cursor on it; Alt+C, a reason, Enter
    desk.press("Alt+F")
    assert cursor_row(desk).meter_id == flagged.meter_id
    desk.press("Alt+C")
    dialog = QApplication.activeModalWidget()
    assert dialog is not None, "no confirmation dialog"
    faults += check_window(dialog, "confirm a flag")
    desk.shot("confirming the flag")
    desk.type("表计故障，已报工程部更换")
    desk.press("Enter")
    assert QApplication.activeModalWidget() is None
    confirmed = view.model.row(view.model.number_of(flagged.meter_id) or 0)
    assert confirmed is not None and confirmed.confirmed_by == CLERK and not confirmed.needs_attention
    assert view.proxy.rowCount() == 0
    desk.press("Alt+F")  # every row again
    desk.shot("the flag confirmed")

    # leave the page and come back: the round resumes at the first unread meter
    desk.press("F1", "Shift+F7")
    resumed = first_unread_is_under_the_cursor(desk)
    assert view.building.currentIndex() == 1
    assert view.model.number_of(resumed.meter_id) == view.model.number_of(rows[-1].meter_id) + 1  # type: ignore[operator]
    read_meters(desk, 2)

    # the shift changes: the supervisor finds the round where the clerk left it
    desk.press("Ctrl+L", "Alt+S")
    desk.sign_in(SUPERVISOR, SUPERVISOR_PASSWORD)
    desk.press("Shift+F7")
    view = round_view(desk)
    assert view.building.currentIndex() == 1
    first_unread_is_under_the_cursor(desk)
    read_meters(desk, 2)
    desk.shot("the supervisor goes on with the round")
    assert f"已抄 {view.model.read()} / {view.model.rowCount()}" in view.progress.text()

    # English: the same round, the same place
    desk.press("F12", "Alt+L", "End", "Alt+S")
    desk.press("Shift+F7")
    view = round_view(desk)
    first_unread_is_under_the_cursor(desk)
    read_meters(desk, 2)
    desk.shot("the round in English")
    page = desk.window.findChild(UtilitiesPage)
    assert page is not None and page.tabs.tabText(0) == "&Meter round"
    assert desk.sees("Meters and utilities"), desk.visible_text()
    assert f"Read {view.model.read()} of {view.model.rowCount()} meters" in view.progress.text()
    faults += check_window(desk.window, "round in English")
    assert not desk.problems(), desk.problems()
    assert not faults, "\n".join(faults)
    desk.record_keys("meter round: a run of readings, a flag confirmed")


def test_last_months_flags_resolved_the_month_closed_and_its_charges_on_the_account(desk: Desk) -> None:
    """Issue 15's "done when" at the desk: the month's table says what keeps it from closing, the
    clerk resolves every flag on the round by keys, closes the month, and finds the charge on a
    unit's account (the Residents page, Alt+A)."""
    month = shift(month_of(local_today()), -1)  # the demo's last round, three flags left
    utilities = desk.context.services.utilities
    desk.sign_in(CLERK, CLERK_PASSWORD)
    actor = desk.context.require_actor()
    flagged = [
        (building.building_id, line.unit_code)
        for building in utilities.month_table(actor=actor, month=month).buildings
        for line in building.lines
        if line.flags
    ]
    assert flagged, "the demo's last round has flags to resolve"

    desk.press("Shift+F7", "Alt+S", "Alt+H", "Ctrl+A")  # the monthly summary, its month
    desk.type(month.replace("-", ""))
    desk.press("Enter")
    page = desk.window.findChild(UtilitiesPage)
    assert page is not None
    summary = page.month
    desk.shot("the month: what keeps it from closing")
    assert summary.attention.isVisible() and flagged[0][1] in summary.attention.text(), (
        summary.attention.text()
    )
    faults = check_window(desk.window, "month summary")

    desk.press("Alt+M", "Alt+T", "Ctrl+A")  # the round of that month
    desk.type(month.replace("-", ""))
    desk.press("Enter")
    view = round_view(desk)
    for building_id in dict.fromkeys(b for b, _unit in flagged):  # each building with flags, once
        desk.press("Alt+B")
        steps = view.building.findData(building_id) - view.building.currentIndex()
        desk.press(*(["Down"] * steps if steps > 0 else ["Up"] * -steps))
        desk.press("Enter")  # into its grid
        desk.press("Alt+F")  # the flags only, the cursor on the first
        for _flag in [u for b, u in flagged if b == building_id]:
            desk.press("Alt+C")
            desk.type("住户确认读数无误")
            desk.press("Enter")
        assert view.proxy.rowCount() == 0, "every flag of the building resolved"
        desk.press("Alt+F")
    desk.shot("the flags resolved")

    desk.press("Alt+S")  # back to the month: nothing keeps it open now
    assert not summary.attention.isVisible(), summary.attention.text()
    desk.press("Alt+C")  # close the month: the question answered yes
    desk.settle(200)
    desk.shot("the month closed")
    assert f"{month} 已结账" in summary.state.text(), summary.state.text()
    assert not summary.close_button.isEnabled()
    faults += check_window(desk.window, "month closed")

    unit = flagged[0][1]
    desk.press("F6")
    desk.type(unit)
    desk.settle(400)  # the list follows the typing after a short pause
    desk.press("Down", "Alt+A")  # the unit's account
    dialog = QApplication.activeModalWidget()
    assert dialog is not None, "no account dialog"
    desk.settle(200)
    desk.shot("the unit's account with the month's charges")
    table = dialog.findChild(QTableView)
    assert table is not None
    model = table.model()
    rows = [
        " ".join(str(model.index(r, c).data() or "") for c in range(model.columnCount()))
        for r in range(model.rowCount())
    ]
    assert any("水费" in row and month in row for row in rows), rows
    said = " ".join(label.text() for label in dialog.findChildren(QLabel) if label.isVisible())
    assert "已出账未到期" in said, said  # the month's charges are billed, due later: not "paid up" alone
    faults += check_window(dialog, "account")
    desk.press("Escape")
    assert not desk.problems(), desk.problems()
    assert not faults, "\n".join(faults)
