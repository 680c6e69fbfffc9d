"""The utilities' fixed choices (meter kinds, tier periods, flags, sharing) with their names for the UI."""

from __future__ import annotations

from enum import StrEnum

from frontdesk.i18n import N_, NC_, _


class MeterKind(StrEnum):
    """What a meter measures."""

    WATER = "water"
    ELECTRICITY = "electricity"
    GAS = "gas"


class TierPeriod(StrEnum):
    """Over what the tiers of a tariff count usage: the month's, or the year's so far (annual cumulative)."""

    MONTH = "month"
    YEAR = "year"


class Flag(StrEnum):
    """Why a reading must be confirmed or corrected before the month can close."""

    BELOW = "below"  # below the previous reading, without a rollover or a replacement
    HIGH = "high"  # more than 3× the meter's trailing six-month median
    ZERO = "zero"  # nothing used on an occupied unit
    MISSING = "missing"  # no reading yet this month (shown in the table; not a reading's flag)


class ShareBasis(StrEnum):
    """How a public meter's cost is shared among the units (公攤); NONE: the office bears it."""

    NONE = ""
    AREA = "area"
    EQUAL = "equal"


class MonthStatus(StrEnum):
    """Whether a month's readings may still change."""

    OPEN = "open"
    CLOSED = "closed"


#: the units of usage, by meter kind (shown beside quantities)
USAGE_UNITS: dict[MeterKind, str] = {
    MeterKind.WATER: N_("m³"),
    MeterKind.ELECTRICITY: N_("kWh"),
    MeterKind.GAS: N_("m³"),
}

_LABELS: dict[type[StrEnum], dict[str, str]] = {
    MeterKind: {"water": N_("Water"), "electricity": N_("Electricity"), "gas": N_("Gas")},  # as charged: 水费
    TierPeriod: {"month": N_("Monthly tiers"), "year": N_("Annual cumulative tiers")},
    Flag: {
        "below": N_("Below the previous reading"),
        "high": N_("More than 3× the usual usage"),
        "zero": N_("Nothing used on an occupied unit"),
        "missing": N_("Not read yet"),
    },
    ShareBasis: {"": N_("Not shared"), "area": N_("Shared by area"), "equal": N_("Shared equally")},
    MonthStatus: {"open": N_("Open"), "closed": N_("Closed")},
}


def label(choice: StrEnum) -> str:
    """The choice's name in the current language."""
    return _(_LABELS[type(choice)][choice.value])


#: a meter's kind where the meter itself is meant (the register, the round): 水表, not 水费
_METER_NAMES: dict[MeterKind, str] = {
    MeterKind.WATER: NC_("meter", "Water"),
    MeterKind.ELECTRICITY: NC_("meter", "Electricity"),
    MeterKind.GAS: NC_("meter", "Gas"),
}


def meter_label(kind: MeterKind) -> str:
    """The kind of a meter as the register and the round name it (水表, 电表), in the current
    language; :func:`label` names the kind as charged (水费, 电费) for the table and the notices."""
    return _(_METER_NAMES[kind])


def usage_unit(kind: MeterKind) -> str:
    """The unit of a kind's usage in the current language (m³, kWh)."""
    return _(USAGE_UNITS[kind])
