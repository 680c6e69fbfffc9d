"""The ID key file: made on first use with restrictive permissions, matched, and refused when wrong."""

from __future__ import annotations

import os
import stat
from datetime import date
from pathlib import Path

import pytest

from frontdesk.auth import Actor
from frontdesk.errors import ValidationErrors
from frontdesk.services import Services
from frontdesk.visitors.idkey import IdKeyRing
from frontdesk.visitors.models import Visitor
from frontdesk.visitors.service import VisitorService
from tests.unit.frontdesk.estate.estate_data import mainland_id
from tests.unit.frontdesk.visitors.visitor_data import Clock, Host, visit_args

CN_ID = mainland_id("11010519491231002")


@pytest.fixture
def recorded(services: Services, admin: Actor) -> None:
    """The office records visitors' ID numbers."""
    services.settings.set(actor=admin, key="visitor_id_policy", value="recorded")


def _register(visitors: VisitorService, clerk: Actor, host: Host) -> int:
    args = visit_args(host, id_status="recorded", id_type="cn_id", id_number=CN_ID)
    return visitors.register_visit(actor=clerk, **args).visitor_id


def _other_desk(services: Services, key: Path, clock: Clock) -> VisitorService:
    return VisitorService(keyring=IdKeyRing(key), now=clock, today=lambda: date(2026, 3, 31))


@pytest.mark.usefixtures("recorded")
def test_the_key_is_made_on_first_use_outside_the_database(
    visitors: VisitorService, clerk: Actor, host: Host, key_file: Path
) -> None:
    assert not key_file.exists()
    visitor_id = _register(visitors, clerk, host)
    assert key_file.exists()
    if os.name == "posix":
        assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert key_file.read_text().strip() not in str(Visitor.get_by_id(visitor_id).__data__)
    for typed in (CN_ID, CN_ID.lower(), f" {CN_ID[:6]} {CN_ID[6:]} ", CN_ID[-4:]):
        hits = visitors.find_returning(actor=clerk, text=typed).hits
        assert [h.visitor_id for h in hits] == [visitor_id], typed


@pytest.mark.usefixtures("recorded")
def test_a_desk_sharing_the_key_file_matches(
    services: Services, visitors: VisitorService, clerk: Actor, host: Host, key_file: Path, clock: Clock
) -> None:
    visitor_id = _register(visitors, clerk, host)
    desk2 = _other_desk(services, key_file, clock)
    assert [h.visitor_id for h in desk2.find_returning(actor=clerk, text=CN_ID).hits] == [visitor_id]


@pytest.mark.usefixtures("recorded")
def test_a_missing_or_different_key_is_said_plainly(
    services: Services, visitors: VisitorService, clerk: Actor, host: Host, tmp_path: Path, clock: Clock
) -> None:
    _register(visitors, clerk, host)
    missing = _other_desk(services, tmp_path / "nowhere" / "visitor-id.key", clock)
    search = missing.find_returning(actor=clerk, text=CN_ID)
    assert search.hits == ()
    assert "missing" in search.notice and "Matching by ID number is off" in search.notice
    assert not (tmp_path / "nowhere" / "visitor-id.key").exists()  # never made anew over old fingerprints
    other = tmp_path / "other.key"
    other.write_text("ab" * 32)
    different = _other_desk(services, other, clock)
    assert "not the one" in different.find_returning(actor=clerk, text=CN_ID).notice
    assert [h.name for h in different.find_returning(actor=clerk, text="李小明").hits] == ["李小明"]
    with pytest.raises(ValidationErrors) as caught:
        _register(different, clerk, host)
    assert "not the one" in caught.value.errors["id_number"]
