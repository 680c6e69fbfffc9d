"""The Visitors page: a returning visitor in a few keystrokes, bad input kept, sign-out, watch list."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from frontdesk.auth import Actor
from frontdesk.estate.models import Estate
from frontdesk.services import Services
from frontdesk.visitors.kinds import SignOutKind, VisitStatus
from frontdesk.visitors.models import Visit
from tests.qt_helpers import type_text
from tests.unit.frontdesk.estate.estate_data import mainland_id
from ui.kit import authorize, messages
from ui.kit.context import AppContext
from ui.shell.main_window import MainWindow
from ui.shell.today import TodayPage
from ui.visitors.page import VisitorsPage


@dataclass(frozen=True)
class Host:
    """The unit visited and its owner."""

    unit_id: int
    resident_id: int


@pytest.fixture
def host(services: Services, admin: Actor) -> Host:
    """Unit 3-1502 with its owner 王秀英."""
    estate = services.estate
    building = estate.add_building(actor=admin, estate_id=Estate.get().id, name="3棟")
    unit = estate.add_unit(actor=admin, building_id=building.id, number="1502", area_m2="89.37")
    owner = estate.add_resident(
        actor=admin, unit_id=unit.id, kind="owner", name="王秀英", phone="13800001111"
    )
    return Host(unit.id, owner.resident.id)


@pytest.fixture
def page(qtbot: QtBot, clerk_context: AppContext) -> VisitorsPage:
    """The Visitors page of a signed-in clerk, shown and active."""
    widget = VisitorsPage(clerk_context)
    qtbot.addWidget(widget)
    widget.resize(1400, 900)
    widget.show()
    qtbot.waitExposed(widget)
    widget.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is widget)
    widget.activate()
    return widget


def _register_earlier(services: Services, actor: Actor, host: Host, name: str = "王五") -> int:
    row = services.visitors.register_visit(
        actor=actor, purpose="visit_resident", name=name, phone="13612340001", host_unit_id=host.unit_id,
        host_resident_id=host.resident_id, told="王秀英", notify_method="phone", answer="agreed",
    )  # fmt: skip
    services.visitors.sign_out(actor=actor, visit_id=row.id)
    return row.visitor_id


def _focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None
    return widget


def test_a_returning_visitor_is_registered_in_at_most_5_keystrokes_plus_enter(
    qtbot: QtBot, page: VisitorsPage, clerk_context: AppContext, clerk: Actor, host: Host
) -> None:
    services = clerk_context.services
    visitor_id = _register_earlier(services, clerk, host)
    type_text(qtbot, page.form.search.edit, "王五")  # the search text
    qtbot.waitUntil(lambda: len(page.form.search.hits) == 1)
    keys_sent = 0

    def key(k: Qt.Key) -> None:
        nonlocal keys_sent
        keys_sent += 1
        qtbot.keyClick(_focused(), k)

    key(Qt.Key.Key_Return)  # picks the match: the form fills from the last visit
    assert page.form.answer.hasFocus()
    key(Qt.Key.Key_Down)  # the host's answer: agreed
    qtbot.keyClick(_focused(), Qt.Key.Key_Return)  # saves
    assert keys_sent <= 5
    visits = list(Visit.select().order_by(Visit.id))
    assert len(visits) == 2, messages.shown()
    latest = visits[-1]
    assert (latest.visitor_id, latest.host_unit_id, latest.host_resident_id) == (
        visitor_id,
        host.unit_id,
        host.resident_id,
    )
    assert (latest.status, latest.purpose) == ("on_site", "visit_resident")
    assert [row.name for row in page.on_site.model.rows()] == ["王五"]
    assert page.form.name.text() == "" and page.form.search.edit.hasFocus()
    assert page.panel.unit_id is None  # an empty form has no unit's story beside it


def test_bad_input_is_shown_beside_the_field_and_the_form_keeps_it(
    qtbot: QtBot, page: VisitorsPage, host: Host
) -> None:
    form = page.form
    form.purpose.setCurrentIndex(form.purpose.findData("visit_resident"))
    type_text(qtbot, form.host.unit, "3-1502")
    qtbot.keyClick(form.host.unit, Qt.Key.Key_Return)  # looks the unit up, does not save
    assert (form.host.unit_id, form.host.resident_name(), form.told.text()) == (
        host.unit_id,
        "王秀英",
        "王秀英",
    )
    type_text(qtbot, form.name, "李小明")
    type_text(qtbot, form.phone, "13x")
    type_text(qtbot, form.plate, "粤I12345")
    type_text(qtbot, form.companions, "lots")
    qtbot.keyClick(form.plate, Qt.Key.Key_Return)
    for field in ("phone", "plate", "companions", "answer"):
        assert form.errors.message(field), field
    assert (form.name.text(), form.phone.text(), form.plate.text()) == ("李小明", "13x", "粤I12345")
    assert Visit.select().count() == 0
    form.phone.clear()
    form.plate.clear()
    form.companions.clear()
    form.answer.setCurrentIndex(form.answer.findData("agreed"))
    qtbot.keyClick(form.plate, Qt.Key.Key_Return)
    assert Visit.select().count() == 1, messages.shown()
    assert Visit.get().host_unit_id == host.unit_id


def test_sign_out_by_pass_number_and_everyone_at_day_end(
    qtbot: QtBot,
    qtmodeltester: ModelTester,
    page: VisitorsPage,
    clerk_context: AppContext,
    clerk: Actor,
    host: Host,
) -> None:
    visitors = clerk_context.services.visitors
    for name, badge in (("甲一", "11"), ("乙二", "12"), ("丙三", "13")):
        visitors.register_visit(
            actor=clerk, purpose="delivery", name=name, host_department="工程部", pass_number=badge,
            told="工程部", notify_method="phone", answer="agreed",
        )  # fmt: skip
    clerk_context.bus.notify("visit")
    assert page.on_site.model.rowCount() == 3
    qtmodeltester.check(page.on_site.model)
    type_text(qtbot, page.on_site.pass_field, "12")
    qtbot.keyClick(page.on_site.pass_field, Qt.Key.Key_Return)
    assert [r.name for r in page.on_site.model.rows()] == ["甲一", "丙三"]
    messages.set_headless(True, answers=[True])
    page.on_site.end_of_day_button.click()
    assert page.on_site.model.rowCount() == 0
    kinds = {v.signout_kind for v in Visit.select().where(Visit.status == VisitStatus.SIGNED_OUT)}
    assert kinds == {SignOutKind.NORMAL, SignOutKind.END_OF_DAY}


def test_a_scanned_pass_signs_out_in_any_case_spacing_or_width(
    qtbot: QtBot, page: VisitorsPage, clerk_context: AppContext, clerk: Actor
) -> None:
    """The scanner types the pass's code and Enter: with Caps Lock on, padded, or full width (an
    input method in full-width mode); no input method takes its letters for pinyin."""
    visitors = clerk_context.services.visitors
    for name, badge in (
        ("甲一", "FK-20261204-0001"),
        ("乙二", "FK-20261204-0002"),
        ("丙三", "FK-20261204-0003"),
    ):
        visitors.register_visit(
            actor=clerk, purpose="delivery", name=name, host_department="工程部", pass_number=badge,
            told="工程部", notify_method="phone", answer="agreed",
        )  # fmt: skip
    clerk_context.bus.notify("visit")
    field = page.on_site.pass_field
    assert not field.testAttribute(Qt.WidgetAttribute.WA_InputMethodEnabled)
    for scanned in (" fk-20261204-0001 ", "ＦＫ－２０２６１２０４－０００２"):
        type_text(qtbot, field, scanned)
        qtbot.keyClick(field, Qt.Key.Key_Return)
        assert field.text() == "", messages.shown()
    assert [r.name for r in page.on_site.model.rows()] == ["丙三"]
    type_text(qtbot, field, "FK-20261204-0001")  # handed back twice: said, and left selected …
    qtbot.keyClick(field, Qt.Key.Key_Return)
    assert [m.text for m in messages.shown()] == ["Nobody on site has pass FK-20261204-0001."]
    type_text(qtbot, field, "FK-20261204-0003")  # … so the next scan replaces it
    qtbot.keyClick(field, Qt.Key.Key_Return)
    assert page.on_site.model.rowCount() == 0
    assert len(messages.shown()) == 1


def test_a_watch_listed_visitor_needs_a_supervisor(
    qtbot: QtBot, page: VisitorsPage, clerk_context: AppContext, clerk: Actor, supervisor: Actor, host: Host
) -> None:
    visitors = clerk_context.services.visitors
    _register_earlier(clerk_context.services, clerk, host, name="赵六")
    visitors.add_watch(actor=supervisor, phone="13612340001", reason="多次滋扰住户")
    type_text(qtbot, page.form.search.edit, "赵六")
    qtbot.waitUntil(lambda: len(page.form.search.hits) == 1)
    qtbot.keyClick(_focused(), Qt.Key.Key_Return)
    page.form.answer.setCurrentIndex(page.form.answer.findData("agreed"))
    authorize.set_headless(True, answers=[None])  # the supervisor is not there: cancelled
    try:
        qtbot.keyClick(page.form.answer, Qt.Key.Key_Return)
        assert Visit.select().count() == 1
        assert any("watch list" in shown.text for shown in messages.shown())
        assert page.form.name.text() == "赵六"
        authorize.set_headless(
            True, answers=[authorize.Answer("supervisor1", "password-123", "业主到前台接")]
        )
        qtbot.keyClick(page.form.answer, Qt.Key.Key_Return)
    finally:
        authorize.set_headless(False)
    latest = Visit.select().order_by(Visit.id.desc()).get()
    assert (latest.released_by, latest.release_reason) == ("supervisor1", "业主到前台接")


def test_the_page_is_f2_with_tiles_and_a_ctrl_k_search_provider(
    qtbot: QtBot, clerk_context: AppContext, clerk: Actor, host: Host, open_window: Callable[..., MainWindow]
) -> None:
    _register_earlier(clerk_context.services, clerk, host)
    window = open_window(clerk_context)
    today = window.workspace.page("today")
    assert isinstance(today, TodayPage)
    tile = today.tile("visits_today")
    assert tile is not None and tile.value_label.text() == "1"
    on_site = today.tile("visitors_on_site")
    assert on_site is not None and on_site.value_label.text() == "0"
    qtbot.keyClick(window.workspace.sidebar, Qt.Key.Key_F2)
    assert window.workspace.current_page_id() == "visitors"
    qtbot.keyClick(window.workspace.sidebar, Qt.Key.Key_F1)
    box = window.workspace.search_box
    qtbot.keyClick(window.workspace.sidebar, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    with qtbot.waitSignal(box.sig_results_shown, timeout=2000):
        type_text(qtbot, box, "王五")
    assert [r.title for r in box.results()][:1] == ["王五"]
    qtbot.keyClick(box, Qt.Key.Key_Return)
    page = window.workspace.page("visitors")
    assert isinstance(page, VisitorsPage) and window.workspace.current_page_id() == "visitors"
    assert (page.form.name.text(), page.form.host.unit_id) == ("王五", host.unit_id)


def test_where_the_office_records_ids_a_bad_number_is_refused_beside_its_field(
    qtbot: QtBot, make_context: Callable[[Actor | None], AppContext], admin: Actor, clerk: Actor, host: Host
) -> None:
    context = make_context(clerk)
    context.services.settings.set(actor=admin, key="visitor_id_policy", value="recorded")
    page = VisitorsPage(context)
    qtbot.addWidget(page)
    page.show()
    form = page.form
    assert form.id_number.isVisibleTo(page) and form.id_status.currentData() == "recorded"
    form.purpose.setCurrentIndex(form.purpose.findData("visit_resident"))
    form.host.set_unit(host.unit_id, "3-1502")
    type_text(qtbot, form.name, "李小明")
    good = mainland_id("11010119900307123")
    bad = good[:-1] + ("0" if good[-1] != "0" else "1")
    type_text(qtbot, form.id_number, bad)
    form.answer.setCurrentIndex(form.answer.findData("agreed"))
    qtbot.keyClick(form.id_number, Qt.Key.Key_Return)
    assert form.errors.message("id_number") and Visit.select().count() == 0
    assert form.id_number.text() == bad
    form.id_number.setText(good)
    qtbot.keyClick(form.id_number, Qt.Key.Key_Return)
    assert Visit.select().count() == 1, (form.errors.message("id_number"), messages.shown())
    assert page.on_site.model.row(0) is not None and page.on_site.model.row(0).name == "李小明"  # type: ignore[union-attr]


def test_notifying_again_records_a_refusal(
    qtbot: QtBot, page: VisitorsPage, clerk_context: AppContext, clerk: Actor, host: Host
) -> None:
    clerk_context.services.visitors.register_visit(
        actor=clerk, purpose="visit_resident", name="张伟", host_unit_id=host.unit_id,
        host_resident_id=host.resident_id, told="王秀英", notify_method="phone", answer="unreachable",
    )  # fmt: skip
    clerk_context.bus.notify("visit")
    page.on_site.table.selectRow(0)
    page.on_site.notify_button.click()
    dialog = page.on_site.dialog
    assert dialog is not None
    dialog.answer.setCurrentIndex(dialog.answer.findData("refused"))  # type: ignore[attr-defined]
    dialog.save()  # type: ignore[attr-defined]
    assert Visit.get().status == "refused"
    assert page.on_site.model.rowCount() == 0


BAD_FIELDS = [
    ("purpose", None, ""),
    ("host_unit", "unit", "9-9999"),
    ("name", "name", ""),
    ("phone", "phone", "13x"),
    ("companions", "companions", "lots"),
    ("plate", "plate", "粤I12345"),
    ("pass_number", "pass_number", "A/7"),
    ("told", "told", ""),
    ("answer", None, ""),
]


@pytest.mark.parametrize(("field", "widget", "bad"), BAD_FIELDS)
def test_each_bad_field_gets_its_message_and_the_rest_is_kept(
    qtbot: QtBot, page: VisitorsPage, host: Host, field: str, widget: str | None, bad: str
) -> None:
    form = page.form
    good = {"unit": "3-1502", "name": "李小明", "phone": "13912345678", "companions": "1"}
    good.update({"plate": "粤B12345", "pass_number": "", "told": "王秀英"})
    if field != "purpose":
        form.purpose.setCurrentIndex(form.purpose.findData("visit_resident"))
    if field != "answer":
        form.answer.setCurrentIndex(form.answer.findData("agreed"))
    for name, text in good.items():
        edit = form.host.unit if name == "unit" else getattr(form, name)
        edit.setText(bad if name == widget else text)
    qtbot.keyClick(form.name, Qt.Key.Key_Return)
    assert form.errors.message(field), (field, messages.shown())
    assert Visit.select().count() == 0
    kept = {name: (form.host.unit if name == "unit" else getattr(form, name)).text() for name in good}
    assert kept == {name: bad if name == widget else text for name, text in good.items()}


def test_a_supervisor_adds_to_the_watch_list_from_the_page(
    qtbot: QtBot, make_context: Callable[[Actor | None], AppContext], supervisor: Actor
) -> None:
    context = make_context(supervisor)
    page = VisitorsPage(context)
    qtbot.addWidget(page)
    page.show()
    page.activate()
    page.watch.add_button.click()
    dialog = page.watch.dialog
    assert dialog is not None
    dialog.save()
    assert dialog.errors.message("reason") or dialog.errors.message("name")
    type_text(qtbot, dialog.name, "赵六")
    type_text(qtbot, dialog.reason, "多次滋扰住户")
    dialog.save()
    assert [row.name for row in page.watch.model.rows()] == ["赵六"]


def test_the_backup_check_also_runs_the_daily_purge_once(
    qtbot: QtBot, clerk_context: AppContext, clerk: Actor, host: Host
) -> None:
    from frontdesk.clock import utcnow
    from frontdesk.visitors.models import Visitor
    from ui.shell.status import AutoBackup

    visitor_id = _register_earlier(clerk_context.services, clerk, host)
    old = utcnow() - timedelta(days=45)
    Visit.update(time_in=old).execute()
    Visitor.update(last_visit_at=old).execute()
    scheduler = AutoBackup(clerk_context, check_ms=60_000)
    scheduler.start(4)
    scheduler.desk_ready()  # the check waits for the desk, then for the runner to be quiet
    qtbot.waitUntil(lambda: Visit.get().purged_at is not None, timeout=5000)
    scheduler.stop()
    assert Visit.get().purged_at is not None and Visitor.get_by_id(visitor_id).name == ""
    Visit.update(purged_at=None).execute()
    scheduler.start(4)  # the next check within the day: no second purge
    scheduler.desk_ready()
    qtbot.wait(200)
    scheduler.stop()
    assert Visit.get().purged_at is None


def test_the_id_step_follows_the_offices_policy_as_soon_as_it_changes(
    page: VisitorsPage, services: Services, admin: Actor, clerk_context: AppContext
) -> None:
    form = page.form
    offered = lambda: [form.id_status.itemData(i) for i in range(form.id_status.count())]  # noqa: E731
    assert "recorded" not in offered() and not form.id_number.isVisibleTo(page)
    services.settings.set(actor=admin, key="visitor_id_policy", value="recorded")
    clerk_context.bus.notify("setting")  # what the settings page does after saving
    assert "recorded" in offered() and "resident_confirmed" in offered()
    assert form.id_number.isVisibleTo(page)


def test_on_a_laptop_screen_the_field_to_answer_and_the_saved_message_are_in_view(
    qtbot: QtBot, page: VisitorsPage, clerk_context: AppContext, clerk: Actor, host: Host
) -> None:
    """The form is taller than a laptop's page: the cursor's field is scrolled into view, and the result."""
    page.resize(1100, 480)
    _register_earlier(clerk_context.services, clerk, host)
    type_text(qtbot, page.form.search.edit, "王五")
    qtbot.waitUntil(lambda: len(page.form.search.hits) == 1)
    qtbot.keyClick(page.form.search.edit, Qt.Key.Key_Return)
    form = page.form
    assert form.answer.hasFocus()
    assert not form.answer.visibleRegion().isEmpty()  # not below the fold
    form.answer.setCurrentIndex(form.answer.findData("agreed"))
    qtbot.keyClick(form.answer, Qt.Key.Key_Return)
    assert "王五" in form.status.text()
    assert form.search.edit.hasFocus() and not form.search.edit.visibleRegion().isEmpty()
    assert not form.status.visibleRegion().isEmpty()


def test_the_form_fits_its_column_and_leaves_room_for_the_name_of_who_was_told(
    qtbot: QtBot, clerk_context: AppContext, admin: Actor, host: Host
) -> None:
    """With the program's style on a 1366-pixel screen, where the office records IDs: no sideways
    scrolling, and "Told" not squeezed to two letters by the lists' long choices (as it once was)."""
    from PySide6.QtWidgets import QScrollArea

    from ui.shell.style import apply_style

    clerk_context.services.settings.set(actor=admin, key="visitor_id_policy", value="recorded")
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    font, sheet = app.font(), app.styleSheet()
    apply_style(app)
    try:
        page = VisitorsPage(clerk_context)
        qtbot.addWidget(page)
        page.resize(1140, 760)  # the main window's page area on a 1366 × 768 screen
        page.show()
        qtbot.waitExposed(page)
        qtbot.wait(10)
        told, method = page.form.told, page.form.method
        assert told.width() >= 96 and told.width() >= method.width() * 0.6, (told.width(), method.width())
        assert not page.form.id_number.isHidden()
        area = page.form.parentWidget().parentWidget()
        assert isinstance(area, QScrollArea)
        wanted = page.form.minimumSizeHint().width()
        assert area.horizontalScrollBar().maximum() == 0, (wanted, area.viewport().width())
    finally:
        app.setStyleSheet(sheet)
        app.setFont(font)
