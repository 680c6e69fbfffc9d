"""The fixed choices of the estate registry and the unit accounts, with their names for the UI."""

from __future__ import annotations

from enum import StrEnum

from frontdesk.i18n import N_, _


class UnitUse(StrEnum):
    """What a unit is used for."""

    RESIDENTIAL = "residential"
    COMMERCIAL = "commercial"
    PARKING = "parking"


class UnitStatus(StrEnum):
    """Whether anyone lives in (or works from) the unit."""

    VACANT = "vacant"
    OCCUPIED = "occupied"
    UNDER_DECORATION = "under_decoration"


class ResidentKind(StrEnum):
    """How a resident is linked to a unit."""

    OWNER = "owner"
    TENANT = "tenant"


class ChargeKind(StrEnum):
    """What a charge on a unit's account is for."""

    MANAGEMENT = "management"
    WATER = "water"
    ELECTRICITY = "electricity"
    GAS = "gas"
    OTHER = "other"


class PaymentMethod(StrEnum):
    """How a payment was made."""

    CASH = "cash"
    WECHAT = "wechat"
    ALIPAY = "alipay"
    BANK = "bank"
    CARD = "card"
    OTHER = "other"


class CollectionMethod(StrEnum):
    """How a resident was reminded of arrears (催收)."""

    PHONE = "phone"
    VISIT = "visit"
    NOTICE = "notice"
    MESSAGE = "message"


#: periodic charges: at most one live charge of each kind per unit and month
PERIODIC_CHARGES = frozenset({ChargeKind.MANAGEMENT, ChargeKind.WATER, ChargeKind.ELECTRICITY})

# keyed by enum class first: ChargeKind.OTHER and PaymentMethod.OTHER are equal strings
_LABELS: dict[type[StrEnum], dict[str, str]] = {
    UnitUse: {"residential": N_("Residential"), "commercial": N_("Commercial"), "parking": N_("Parking")},
    UnitStatus: {
        "vacant": N_("Vacant"),
        "occupied": N_("Occupied"),
        "under_decoration": N_("Under decoration"),
    },
    ResidentKind: {"owner": N_("Owner"), "tenant": N_("Tenant")},
    ChargeKind: {
        "management": N_("Management fee"),
        "water": N_("Water"),
        "electricity": N_("Electricity"),
        "gas": N_("Gas"),
        "other": N_("Other charge"),
    },
    PaymentMethod: {
        "cash": N_("Cash"),
        "wechat": N_("WeChat Pay"),
        "alipay": N_("Alipay"),
        "bank": N_("Bank transfer"),
        "card": N_("Bank card"),
        "other": N_("Other"),
    },
    CollectionMethod: {
        "phone": N_("Phone call"),
        "visit": N_("Visit"),
        "notice": N_("Written notice"),
        "message": N_("Text message"),
    },
}


def label(choice: StrEnum) -> str:
    """The choice's name in the current language."""
    return _(_LABELS[type(choice)][choice.value])
