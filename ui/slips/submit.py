"""Turning the slip form into the service's inputs, and a service error back into its step."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Protocol

from frontdesk.clock import local_today
from frontdesk.errors import ValidationError
from frontdesk.i18n import _
from frontdesk.slips import checks
from frontdesk.slips.rows import (
    ApplicantInput,
    ApplicantKind,
    ConfirmationInput,
    OverrideInput,
    SlipContext,
    SlipRow,
)
from ui.kit.context import AppContext
from ui.slips.common import pydate
from ui.slips.steps import ApplicantStep, ConfirmStep, GoodsStep
from ui.slips.unit_step import UnitStep


class SlipFormParts(Protocol):
    """What a slip is issued from: the form's steps, its submission id and the supervisor's override."""

    applicant: ApplicantStep
    unit: UnitStep
    goods: GoodsStep
    client_id: str

    @property
    def override(self) -> OverrideInput | None:
        """The supervisor's authorisation despite arrears, if one was given."""


#: field-name prefixes of the service's errors, and the step (0-3) where each field is typed
_STEPS: tuple[tuple[str, int], ...] = (
    ("applicant_resident", 1),
    ("applicant", 0),
    ("unit", 1),
    ("override", 1),
    ("items", 2),
    ("reason", 2),
    ("valid_until", 2),
    ("confirmation", 3),
)


def step_of_field(field: str) -> int | None:
    """The step where the field named in a ``ValidationError`` is typed (None: not on the form)."""
    return next((step for prefix, step in _STEPS if field.startswith(prefix)), None)


def check_goods(goods: GoodsStep) -> None:
    """Step ③ checked as the service will check it (pure checks, nothing is read or saved).

    Raises:
        ValidationError: on ``items.N.*``, ``items``, ``reason``, ``reason_note`` or ``valid_until``.
    """
    checks.items(goods.grid.items_model.items())
    checks.reason(str(goods.reason.currentData()), goods.reason_note.text())
    checks.validity(pydate(goods.valid_until.date()), local_today())


def confirmation_input(step: ConfirmStep) -> ConfirmationInput:
    """The call to the owner as typed in step ④.

    Raises:
        ValidationError: on ``confirmation_owner`` or ``confirmation_answer`` when not chosen.
    """
    owner = step.owner.currentData()
    if owner is None:
        raise ValidationError("confirmation_owner", _("Choose which owner you called."))
    answer = step.answer.currentData()
    if answer is None:
        raise ValidationError("confirmation_answer", _("Choose what the owner answered."))
    typed = step.called_at.dateTime().toPython()
    assert isinstance(typed, datetime)
    called_at = typed.astimezone()  # the desk's local time, made aware
    return ConfirmationInput(
        owner_resident_id=int(owner),
        phone_called=step.phone.text(),
        called_at=called_at,
        answer=str(answer),
        note=step.note.text(),
    )


def issue_job(
    app: AppContext, form: SlipFormParts, context: SlipContext, confirmation: ConfirmationInput | None
) -> Callable[[], SlipRow]:
    """The ``issue_slip`` call for the worker thread, with every value read from the form now."""
    a, goods = form.applicant, form.goods
    kind = a.kind_value()
    resident = form.unit.resident.currentData() if kind is not ApplicantKind.AGENT else None
    applicant = ApplicantInput(
        kind=kind.value,
        resident_id=int(resident) if resident is not None else None,
        name=a.name.text(),
        phone=a.phone.text(),
        id_type=str(a.id_type.currentData()),
        id_number=a.id_number.text(),
    )
    items = goods.grid.items_model.items()
    reason, note = str(goods.reason.currentData()), goods.reason_note.text()
    valid_until = pydate(goods.valid_until.date())
    actor, slips, client_id, override = app.require_actor(), app.services.slips, form.client_id, form.override
    return lambda: slips.issue_slip(
        actor=actor,
        client_id=client_id,
        unit_id=context.unit_id,
        applicant=applicant,
        items=items,
        reason=reason,
        reason_note=note,
        valid_until=valid_until,
        override=override,
        confirmation=confirmation,
    )
