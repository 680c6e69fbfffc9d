"""The unit panel: the unit's story beside every form, with sections other modules plug in.

The estate module fills the core of the panel (the unit, who lives there, standing instructions in
force, arrears). Modules that come later (work orders, complaints, keys, visitors, release slips)
add their own section through :class:`PanelSections` when the services are wired, without the
estate module knowing them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from frontdesk.auth import Actor, Permission
from frontdesk.clock import local_today
from frontdesk.db import storage_errors
from frontdesk.estate.balances import unit_arrears
from frontdesk.estate.common import EstateBase, get_or_missing
from frontdesk.estate.ledger import ArrearsSummary
from frontdesk.estate.models import Building, Resident, StandingInstruction, Unit
from frontdesk.estate.rows import InstructionRow, ResidentRow, UnitRow
from frontdesk.i18n import _


@dataclass(frozen=True)
class PanelLine:
    """One line of a panel section; ``ref`` names the record it opens (``"workorder:12"``), as
    ``"<kind>:<key>"`` with a kind the interface registers an opener for."""

    text: str
    detail: str = ""
    attention: bool = False
    ref: str = ""


@dataclass(frozen=True)
class PanelSection:
    """A block of the unit panel contributed by a module (open work orders, keys out, …)."""

    key: str
    title: str
    lines: tuple[PanelLine, ...] = ()
    count: int = 0
    attention: bool = False


#: a section's maker: (who looks, the unit, today) → the section, or None to show nothing
PanelProvider = Callable[[Actor, int, date], PanelSection | None]


class PanelSections:
    """The registry of panel sections: modules register a provider once, at wiring time."""

    def __init__(self) -> None:
        self._providers: dict[str, tuple[int, PanelProvider]] = {}

    def register(self, key: str, provider: PanelProvider, *, order: int = 100) -> None:
        """Add (or replace) the section ``key``; lower ``order`` shows higher on the panel."""
        self._providers[key] = (order, provider)

    def unregister(self, key: str) -> None:
        """Remove the section ``key`` if present."""
        self._providers.pop(key, None)

    def keys(self) -> list[str]:
        """The registered sections, in panel order."""
        return [key for key, _entry in sorted(self._providers.items(), key=lambda kv: (kv[1][0], kv[0]))]

    def build(self, actor: Actor, unit_id: int, today: date) -> tuple[PanelSection, ...]:
        """Every registered section for a unit, in order; providers returning None are left out."""
        sections = (self._providers[key][1](actor, unit_id, today) for key in self.keys())
        return tuple(section for section in sections if section is not None)


@dataclass(frozen=True)
class UnitPanel:
    """Everything the side panel shows about a unit (residents with phone and ID masked)."""

    unit: UnitRow
    residents: tuple[ResidentRow, ...]
    instructions: tuple[InstructionRow, ...]
    arrears: ArrearsSummary
    sections: tuple[PanelSection, ...] = ()


def _in_force(unit_id: int, today: date) -> tuple[InstructionRow, ...]:
    query = (
        StandingInstruction.select()
        .where(
            (StandingInstruction.unit == unit_id)
            & (StandingInstruction.until.is_null() | (StandingInstruction.until >= today))
        )
        .order_by(StandingInstruction.id.desc())
    )
    return tuple(InstructionRow.of(i) for i in query)


def _current_residents(unit: Unit) -> tuple[ResidentRow, ...]:
    query = (
        Resident.select()
        .where((Resident.unit == unit.id) & Resident.active)
        .order_by(Resident.kind, Resident.id)
    )
    return tuple(ResidentRow.of(r, unit.code) for r in query)


class PanelService(EstateBase):
    """Builds the unit panel; ``panel_sections`` is where other modules add theirs."""

    def __init__(self, *, today: Callable[[], date] = local_today) -> None:
        super().__init__(today=today)
        self.panel_sections = PanelSections()

    def unit_panel(self, *, actor: Actor, unit_id: int) -> UnitPanel:
        """The unit's story for the side panel, as of today.

        Args:
            actor: who looks (needs desk work; sections may show less to some roles).
            unit_id: the unit.

        Returns:
            The unit, its current residents (phone and ID masked), standing instructions in force,
            its arrears, then the sections other modules registered.

        Raises:
            PermissionDenied: the actor may not do desk work.
            NotFound: no such unit.
        """
        actor.require(Permission.DESK_WORK)
        today = self.today()
        with storage_errors():
            unit = get_or_missing(Unit, unit_id, _("The unit no longer exists."))
            building = Building.get_by_id(unit.building_id)
            return UnitPanel(
                UnitRow.of(unit, building),
                _current_residents(unit),
                _in_force(unit_id, today),
                unit_arrears(unit_id, today),
                self.panel_sections.build(actor, unit_id, today),
            )
