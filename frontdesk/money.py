"""Money as whole fen (1/100 yuan) in integers: reading what the desk types, showing it, rounding half-up.

Amounts never pass through ``float``. Rounding is half-up (四捨五入: 0.005 yuan becomes 0.01), the
rounding fee notices use, not the half-even rounding of Python's ``round``.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import ROUND_HALF_UP, Decimal

from frontdesk.i18n import _

FEN_PER_YUAN = 100
#: the largest amount accepted: 10 trillion yuan, far inside a 64-bit column
MAX_FEN = 10**15
_CURRENCY_MARKS = ("RMB", "CNY", "¥", "元")  # NFKC has already turned "￥" into "¥"
_DASHES = str.maketrans({"−": "-", "–": "-", "—": "-", "‐": "-", "‑": "-"})
# digits with optional well-placed thousands separators, then up to any number of decimals
_AMOUNT_RE = re.compile(r"(?P<whole>\d{1,3}(?:,\d{3})+|\d*)(?:\.(?P<frac>\d*))?")
_ONE_FEN = Decimal("0.01")


def _clean(text: str) -> str:
    compact = "".join(unicodedata.normalize("NFKC", text).translate(_DASHES).split()).upper()
    for mark in _CURRENCY_MARKS:
        compact = compact.replace(mark, "")
    return compact


def _parse_text(text: str) -> Decimal:
    compact = _clean(text)
    sign = ""
    if compact[:1] in ("+", "-"):
        sign, compact = compact[:1], compact[1:]
    match = _AMOUNT_RE.fullmatch(compact)
    if match is None or not (match["whole"] or match["frac"]):
        raise ValueError(
            _("Not an amount of money: “{text}”. Type it like 1234.50 or 1,234.5.").format(text=text.strip())
        )
    return Decimal(sign + match["whole"].replace(",", "") + "." + (match["frac"] or "0"))


def _check_fen_exact(amount: Decimal, shown: object) -> int:
    if not amount.is_finite():
        raise ValueError(_("Not an amount of money: {text}.").format(text=shown))
    if abs(amount) * FEN_PER_YUAN > MAX_FEN:
        raise ValueError(_("The amount is too large: {text}.").format(text=shown))
    if amount != amount.quantize(_ONE_FEN, rounding=ROUND_HALF_UP):
        raise ValueError(_("An amount has at most two decimals (fen): {text}.").format(text=shown))
    return int(amount * FEN_PER_YUAN)


def yuan_to_fen(value: str | Decimal | int) -> int:
    """Read an amount in yuan as the desk types it, exactly, into fen.

    Args:
        value: text such as ``"1,234.5"``, ``"¥12"``, ``"１２.５０元"`` (full-width digits, spaces,
            the yuan sign and 元 are accepted), a ``Decimal`` or a whole number of yuan.

    Returns:
        The amount in fen, e.g. ``123450`` for ``"1,234.5"``.

    Raises:
        ValueError: not an amount, more than two decimals, or too large (the message is
            translated and says how to type it).
    """
    if isinstance(value, bool | float):  # a binary float cannot hold most amounts exactly
        raise ValueError(_("Not an amount of money: {text}.").format(text=value))
    if isinstance(value, int):
        return _check_fen_exact(Decimal(value), value)
    if isinstance(value, Decimal):
        return _check_fen_exact(value, value)
    return _check_fen_exact(_parse_text(value), value.strip())


def fen_to_text(fen: int) -> str:
    """An amount in fen as yuan with thousands separators: ``123450`` → ``"1,234.50"``."""
    sign = "-" if fen < 0 else ""
    whole, cents = divmod(abs(fen), FEN_PER_YUAN)
    return f"{sign}{whole:,}.{cents:02d}"


def fen_half_up(fen: Decimal) -> int:
    """A fractional number of fen rounded half-up (away from zero) to whole fen."""
    if not fen.is_finite():
        raise ValueError(_("Not an amount of money: {text}.").format(text=fen))
    return int(fen.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def round_half_up(yuan: Decimal) -> int:
    """An amount in yuan with any number of decimals, rounded half-up to whole fen.

    Args:
        yuan: e.g. ``Decimal("0.005")``.

    Returns:
        Fen, e.g. ``1`` (Python's ``round`` would give 0).
    """
    return fen_half_up(yuan * FEN_PER_YUAN)


def management_fee(area_m2: Decimal, rate_fen_per_m2: Decimal | int) -> int:
    """The monthly management fee of a unit: area × rate, rounded half-up to whole fen.

    Args:
        area_m2: the unit's area in square metres (e.g. ``Decimal("89.37")``).
        rate_fen_per_m2: the monthly rate in fen per square metre (e.g. ``Decimal("187.5")``
            for 1.875 yuan/m²).

    Returns:
        The fee in fen.

    Raises:
        ValueError: a negative area or rate.
    """
    rate = Decimal(rate_fen_per_m2)
    if area_m2 < 0 or rate < 0:
        raise ValueError(_("The area and the rate cannot be negative."))
    return fen_half_up(area_m2 * rate)
