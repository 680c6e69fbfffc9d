"""Intake checks, the same-matter link, the keyword rules and their hit rate, the unit panel."""

from __future__ import annotations

import uuid

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from frontdesk.auth import Actor
from frontdesk.complaints.models import Complaint, ComplaintClassChange, ComplaintRule
from frontdesk.complaints.rows import ComplaintClass, RuleInput
from frontdesk.complaints.rules import DEFAULT_RULES, CompiledRules, rule_rows
from frontdesk.complaints.service import ComplaintService
from frontdesk.errors import PermissionDenied, ValidationError, ValidationErrors
from frontdesk.services import Services
from tests.unit.frontdesk.complaints.conftest import World, intake, take


@pytest.mark.parametrize(
    ("text", "expected", "words"),
    [
        ("你们物业乱收费，上个月多收了我两百块", "valid:charges", ("乱收费", "多收")),
        ("我家卫生间漏水了，水管坏了，麻烦报修", "communicative:help", ("报修", "漏水", "坏了")),
        ("請問下個月的停水通知是哪天？", "communicative:enquiry", ("請問",)),
        ("有个建议：咨询一下能否加装充电桩", "communicative:enquiry", ("咨询", "建议")),
        ("今天天气不错", "", ()),
    ],
)
def test_suggestion_by_the_default_rules(
    complaints: ComplaintService, clerk: Actor, text: str, expected: str, words: tuple[str, ...]
) -> None:
    suggestion = complaints.suggest(actor=clerk, text=text)
    assert suggestion.code == expected
    assert set(suggestion.words) == set(words)


def test_suggestion_ties_go_to_the_first_rule_and_widths_fold() -> None:
    rules = CompiledRules((("abc", "ABC", "valid", "cleaning"), ("xyz", "xyz", "communicative", "venting")))
    assert rules.suggest("ＡＢＣ and xyz").code == "valid:cleaning"  # full-width and case folded
    assert rules.suggest("xyz").words == ("xyz",)


def test_intake_refuses_bad_fields_and_saves_nothing(
    complaints: ComplaintService, world: World, clerk: Actor
) -> None:
    cases = [
        (dict(channel="fax"), "channel"),
        (dict(content="  "), "content"),
        (dict(content="x" * 2001), "content"),
        (dict(cls="minor"), "cls"),
        (dict(cls="valid", kind="enquiry"), "kind"),
        (dict(cls="communicative", kind="charges"), "kind"),
        (dict(unit=None, resident=False), "unit"),
        (dict(link_to="TS-20000101-0001"), "link_to"),
        (dict(content="bad\x07bell"), "content"),
    ]
    for changes, field in cases:
        with pytest.raises(ValidationError) as bad:
            take(complaints, clerk, world, **changes)
        assert bad.value.field == field, changes
        assert bad.value.message
    free = intake(world, resident=False)
    from dataclasses import replace

    from frontdesk.complaints.rows import ComplainantInput

    for who, field in [
        (ComplainantInput(None, "", ""), "complainant_name"),
        (ComplainantInput(None, "甲", "12ab"), "complainant_phone"),
        (ComplainantInput(999_999), "complainant"),
    ]:
        with pytest.raises(ValidationError) as bad:
            complaints.take_complaint(
                actor=clerk, client_id=str(uuid.uuid4()), intake=replace(free, complainant=who)
            )
        assert bad.value.field == field
    assert Complaint.select().count() == 0 and ComplaintClassChange.select().count() == 0


@settings(max_examples=25, suppress_health_check=[HealthCheck.function_scoped_fixture], deadline=None)
@given(name=st.text(min_size=1, max_size=90))
def test_free_complainant_names_are_kept_or_refused_whole(
    complaints: ComplaintService, world: World, clerk: Actor, name: str
) -> None:
    from dataclasses import replace

    from frontdesk.complaints.rows import ComplainantInput

    before = Complaint.select().count()
    form = replace(intake(world, resident=False), complainant=ComplainantInput(None, name, ""))
    try:
        row = complaints.take_complaint(actor=clerk, client_id=str(uuid.uuid4()), intake=form)
    except ValidationError as exc:
        assert exc.field == "complainant_name" and exc.message
        assert Complaint.select().count() == before
    else:
        assert row.complainant_name == " ".join(name.split())


def test_retry_records_once_and_a_public_place_needs_no_unit(
    complaints: ComplaintService, world: World, clerk: Actor
) -> None:
    form = intake(
        world, unit=None, resident=False, place="地下车库B2", cls="valid", kind="parking", content="车位被占"
    )
    client = str(uuid.uuid4())
    first = complaints.take_complaint(actor=clerk, client_id=client, intake=form)
    again = complaints.take_complaint(actor=clerk, client_id=client, intake=form)
    assert first.number == again.number and Complaint.select().count() == 1
    assert (first.unit_code, first.place, first.complainant_phone_masked[:3]) == ("", "地下车库B2", "139")
    assert first.suggested == "valid:parking"


def test_a_second_open_complaint_is_shown_and_linked(
    complaints: ComplaintService, world: World, clerk: Actor
) -> None:
    first = take(complaints, clerk, world)
    similar = complaints.open_similar(actor=clerk, unit_id=world.unit, cls="valid", kind="charges")
    assert [s.number for s in similar] == [first.number]
    assert complaints.open_similar(actor=clerk, unit_id=world.unit, cls="valid", kind="cleaning") == []
    second = take(complaints, clerk, world, link_to=first.number.lower().replace("-", " "))
    assert second.linked_to == first.number
    assert complaints.get(actor=clerk, number=first.number).similar_open == (second.number,)
    third = take(complaints, clerk, world)
    third = complaints.link(actor=clerk, number=third.number, version=third.version, other=first.number)
    assert third.linked_to == first.number
    with pytest.raises(ValidationError):
        complaints.link(actor=clerk, number=third.number, version=third.version, other=third.number)


def test_rules_are_replaced_whole_or_not_at_all(
    services: Services, complaints: ComplaintService, clerk: Actor, admin: Actor
) -> None:
    assert len(complaints.rules(actor=clerk)) == len(DEFAULT_RULES)
    with pytest.raises(PermissionDenied):
        complaints.replace_rules(actor=clerk, rules=[RuleInput("噪音", "valid", "other")])
    with pytest.raises(ValidationErrors) as bad:
        complaints.replace_rules(
            actor=admin,
            rules=[
                RuleInput("噪音", "valid", "other"),
                RuleInput("", "valid", "other"),
                RuleInput("噪音", "valid", "other"),
                RuleInput("吵", "valid", "enquiry"),
            ],
        )
    assert set(bad.value.errors) == {"rules.1.keyword", "rules.2.keyword", "rules.3.kind"}
    assert len(rule_rows()) == len(DEFAULT_RULES)
    saved = complaints.replace_rules(actor=admin, rules=[RuleInput("噪音", "valid", "other")])
    assert [(r.keyword, r.cls, r.kind) for r in saved] == [("噪音", ComplaintClass.VALID, "other")]
    assert complaints.suggest(actor=clerk, text="楼上噪音").code == "valid:other"
    assert ComplaintRule.select().count() == 1
    assert services.audit.recent(actor=admin, limit=1)[0].entity == "complaint_rules"


def test_hit_rate_counts_kept_suggestions(complaints: ComplaintService, world: World, clerk: Actor) -> None:
    take(complaints, clerk, world)  # 乱收费 → valid:charges, kept
    take(
        complaints, clerk, world, cls="valid", kind="other", content="多收了停车费"
    )  # suggested charges, changed
    take(complaints, clerk, world, cls="valid", kind="cleaning", content="楼道很脏")  # nothing suggested
    rate = complaints.hit_rate(actor=clerk)
    assert (rate.suggested, rate.kept, rate.rate) == (2, 1, 0.5)
    assert complaints.hit_rate(actor=clerk, month="2026-10").suggested == 0


def test_departments_are_an_editable_list(complaints: ComplaintService, clerk: Actor, admin: Actor) -> None:
    codes = [d.code for d in complaints.departments(actor=clerk)]
    assert codes == ["security", "engineering", "cleaning", "greening", "finance", "customer_service"]
    added = complaints.save_department(actor=admin, name="会所")
    complaints.save_department(actor=admin, code="greening", name="", active=False)
    shown = complaints.departments(actor=clerk)
    assert added.code in [d.code for d in shown] and "greening" not in [d.code for d in shown]
    with pytest.raises(ValidationError):
        complaints.save_department(actor=admin, name=" ")


def test_unit_panel_lists_open_complaints_overdue_first(
    services: Services, complaints: ComplaintService, world: World, clerk: Actor
) -> None:
    first = take(complaints, clerk, world)
    panel = services.estate.unit_panel(actor=clerk, unit_id=world.unit)
    [section] = [s for s in panel.sections if s.key == "complaints"]
    assert section.lines[0].ref == f"complaint:{first.number}" and not section.attention
    empty = services.estate.unit_panel(actor=clerk, unit_id=world.arrears_unit)
    assert not [s for s in empty.sections if s.key == "complaints"]
