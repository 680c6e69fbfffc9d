"""Use cases for standing instructions about a unit ("owner abroad: release nothing")."""

from __future__ import annotations

import uuid
from datetime import date, timedelta

from frontdesk import audit
from frontdesk.auth import Actor, Permission
from frontdesk.base import find_submitted, update_versioned
from frontdesk.db import storage_errors, transaction
from frontdesk.errors import ValidationError
from frontdesk.estate.common import EstateBase, client_uuid, get_or_missing, required_text
from frontdesk.estate.models import StandingInstruction, Unit
from frontdesk.estate.rows import InstructionRow
from frontdesk.i18n import _


class InstructionService(EstateBase):
    """Standing instructions: reading needs desk work, changing needs registry editing."""

    def instructions(
        self, *, actor: Actor, unit_id: int, include_ended: bool = False
    ) -> list[InstructionRow]:
        """The unit's standing instructions, newest first; ended ones only when asked."""
        actor.require(Permission.DESK_WORK)
        with storage_errors():
            query = StandingInstruction.select().where(StandingInstruction.unit == unit_id)
            if not include_ended:
                today = self.today()
                query = query.where(
                    StandingInstruction.until.is_null() | (StandingInstruction.until >= today)
                )
            return [InstructionRow.of(i) for i in query.order_by(StandingInstruction.id.desc())]

    def add_instruction(
        self,
        *,
        actor: Actor,
        unit_id: int,
        text: str,
        until: date | None = None,
        client_id: uuid.UUID | None = None,
    ) -> InstructionRow:
        """Add a standing instruction about a unit, in force until ``until`` (inclusive) or until ended.

        Raises:
            PermissionDenied: the actor may not edit the registry.
            NotFound: no such unit.
            ValidationError: the text is empty or the end lies in the past.
        """
        actor.require(Permission.REGISTRY_EDIT)
        clean = required_text("text", text, 1000, _("Enter the instruction."), multiline=True)
        if until is not None and until < self.today():
            raise ValidationError("until", _("The last day in force cannot lie in the past."))
        with transaction():
            existing = find_submitted(StandingInstruction, client_id)
            if existing is not None:
                return InstructionRow.of(existing)
            get_or_missing(Unit, unit_id, _("The unit no longer exists."))
            instruction = StandingInstruction.create(
                unit=unit_id,
                text=clean,
                until=until,
                created_by=actor.username,
                updated_by=actor.username,
                client_id=client_uuid(client_id),
            )
            audit.record(
                actor,
                "create",
                "standing_instruction",
                instruction.id,
                after={"unit_id": unit_id, "text": clean, "until": until},
            )
        return InstructionRow.of(instruction)

    def end_instruction(
        self, *, actor: Actor, instruction_id: int, version: int, last_day: date | None = None
    ) -> InstructionRow:
        """End a standing instruction; it stays in the unit's history.

        Args:
            actor: who ends it (needs registry editing).
            instruction_id: the instruction.
            version: the version the clerk's copy was read at.
            last_day: the last day it is in force; default yesterday (it no longer applies today).

        Raises:
            PermissionDenied: the actor may not edit the registry.
            Conflict: someone saved it since ``version`` was read.
            NotFound: no such instruction.
            ValidationError: ``last_day`` lies before yesterday (history is not rewritten).
        """
        actor.require(Permission.REGISTRY_EDIT)
        yesterday = self.today() - timedelta(days=1)
        day = yesterday if last_day is None else last_day
        if day < yesterday:
            raise ValidationError(
                "last_day", _("The last day in force is yesterday at the earliest: the past stays as it was.")
            )
        with transaction():
            old = get_or_missing(StandingInstruction, instruction_id, _("The instruction no longer exists."))
            saved = update_versioned(
                StandingInstruction, instruction_id, version, {"until": day}, by=actor.username
            )
            audit.record(
                actor,
                "update",
                "standing_instruction",
                instruction_id,
                before={"until": old.until},
                after={"until": day},
            )
        assert isinstance(saved, StandingInstruction)
        return InstructionRow.of(saved)
