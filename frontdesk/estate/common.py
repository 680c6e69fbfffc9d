"""What the estate services share: the clock, fetching a record or saying it is gone, field checks."""

from __future__ import annotations

import contextlib
import re
import uuid
from collections.abc import Callable, Iterable, Iterator
from datetime import date
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from typing import Any, TypeVar, cast

import peewee as pw

from frontdesk.base import BaseModel
from frontdesk.clock import local_today
from frontdesk.errors import Conflict, NotFound, ValidationError
from frontdesk.i18n import _
from frontdesk.text import check_text

M = TypeVar("M", bound=BaseModel)
E = TypeVar("E", bound=StrEnum)

_PERIOD_RE = re.compile(r"(\d{4})-(0[1-9]|1[0-2])")
MAX_AREA_M2 = Decimal(1_000_000)


class EstateBase:
    """State every part of the estate service shares: where "today" comes from."""

    def __init__(self, *, today: Callable[[], date] = local_today) -> None:
        self._today = today

    def today(self) -> date:
        """The desk's date (tests pass a fixed clock)."""
        return self._today()


@contextlib.contextmanager
def duplicate_as(field: str, message: str) -> Iterator[None]:
    """A unique index refusing a row (a taken name; another desk saving first) as a field error."""
    try:
        yield
    except pw.IntegrityError:
        raise ValidationError(field, message) from None


@contextlib.contextmanager
def duplicate_as_conflict(message: str) -> Iterator[None]:
    """A unique index refusing a row that another desk saved a moment earlier, as a :class:`Conflict`."""
    try:
        yield
    except pw.IntegrityError:
        raise Conflict(message) from None


def get_or_missing(model: type[M], record_id: int, message: str) -> M:
    """The record with ``record_id``, or :class:`NotFound` with ``message``."""
    record = model.get_or_none(model._meta.primary_key == record_id)
    if record is None:
        raise NotFound(message)
    return record


def required_text(field: str, value: str, max_length: int, message: str, *, multiline: bool = False) -> str:
    """:func:`optional_text` that refuses an empty text with ``message``."""
    text = optional_text(field, value, max_length, multiline=multiline)
    if not text:
        raise ValidationError(field, message)
    return text


def optional_text(field: str, value: str, max_length: int, *, multiline: bool = False) -> str:
    """``value`` tidied (may be empty); refuses an over-long text and control characters.

    A single-line field's runs of spaces, tabs and line breaks become one space; a ``multiline``
    field keeps its lines and loses only the spaces around the whole text.
    """
    text = value.strip() if multiline else " ".join(value.split())
    if len(text) > max_length:
        raise ValidationError(field, _("At most {n} characters.").format(n=max_length))
    return check_text(field, text, multiline=multiline)


def choice(field: str, enum: type[E], value: E | str) -> E:
    """``value`` as a member of ``enum``, or a :class:`ValidationError` naming ``field``."""
    if not str(value).strip():  # nothing chosen: "Not a valid choice: " said nothing useful
        raise ValidationError(field, _("Choose one from the list."))
    try:
        return enum(value)
    except ValueError:
        raise ValidationError(field, _("Not a valid choice: {value}").format(value=value)) from None


def check_period(field: str, value: str) -> str:
    """A month as ``YYYY-MM``; refuses anything else."""
    text = value.strip()
    if not _PERIOD_RE.fullmatch(text):
        raise ValidationError(field, _("Type the month as YYYY-MM, e.g. 2026-03."))
    return text


def area_dm2(value: Decimal | str | int) -> int:
    """An area in m² (up to two decimals) as whole 0.01 m²; refuses negative or absurd areas."""
    if isinstance(value, float | bool):  # a binary float cannot hold 89.37 exactly: take text or Decimal
        raise ValidationError("area_m2", _("Type the area in square metres, e.g. 89.37."))
    try:
        area = Decimal(value.strip() if isinstance(value, str) else value)
    except InvalidOperation:
        raise ValidationError("area_m2", _("Type the area in square metres, e.g. 89.37.")) from None
    if not area.is_finite() or area < 0 or area > MAX_AREA_M2:
        raise ValidationError("area_m2", _("Type the area in square metres, e.g. 89.37."))
    if area != area.quantize(Decimal("0.01")):
        raise ValidationError("area_m2", _("An area has at most two decimals."))
    return int(area * 100)


def positive_fen(field: str, value: int) -> int:
    """A positive whole number of fen."""
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        raise ValidationError(field, _("The amount must be more than zero."))
    return value


def client_uuid(client_id: uuid.UUID | str | None) -> uuid.UUID:
    """The form's submission id, or a fresh one."""
    return uuid.UUID(str(client_id)) if client_id is not None else uuid.uuid4()


def tuples(query: pw.BaseQuery) -> Iterable[tuple[Any, ...]]:
    """The rows of a query as plain tuples (no model objects: reading thousands of rows)."""
    return cast(Iterable[tuple[Any, ...]], query.tuples())


def int_pairs(query: pw.BaseQuery) -> list[tuple[int, int]]:
    """The rows of a two-column query of whole numbers (an id and a sum), as plain pairs."""
    return [(int(key), int(value)) for key, value in tuples(query)]
