"""The utilities' sheets: their columns in three scripts, and the words their cells may hold.

Pure functions, no database. Headers are compared loosely (``residents_sheet.header_key``: width,
case, spaces and punctuation do not matter), in any order, below a title row; the exports write
the same headers (``HEADERS``) and words (``kind_word``, ``period_word``, ``share_word``) in the
user's language, so an exported sheet imports again unchanged.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from enum import StrEnum
from typing import Literal, TypeVar

from frontdesk.estate.residents_sheet import HEADER_ALIASES as RESIDENT_ALIASES
from frontdesk.estate.residents_sheet import header_key
from frontdesk.i18n import N_, _
from frontdesk.utilities.kinds import MeterKind, ShareBasis, TierPeriod

S = TypeVar("S", bound=StrEnum)
SheetKind = Literal["meters", "tariffs", "readings"]

ALIASES: dict[str, tuple[str, ...]] = {
    "unit": RESIDENT_ALIASES["unit"],
    "building": RESIDENT_ALIASES["building"],
    "place": ("位置", "公共区域", "公共區域", "public area", "place", "location"),
    "kind": ("类别", "類別", "种类", "種類", "表类", "表類", "kind", "meter kind", "utility"),
    "meter": ("表号", "表號", "电表号", "電錶號", "水表号", "水錶號", "meter", "meter number", "meter no"),
    "multiplier": ("倍率", "multiplier", "ratio"),
    "digits": ("位数", "位數", "表位数", "錶位數", "digits"),
    "initial": ("初始读数", "初始讀數", "起始读数", "起始讀數", "initial reading", "initial"),
    "installed": ("安装日期", "安裝日期", "installed", "installed on", "installation date"),
    "share": ("公摊", "公攤", "分摊", "分攤", "sharing", "share", "shared"),
    "from": ("起始月份", "开始月份", "開始月份", "from", "from month", "start month"),
    "period": ("阶梯周期", "階梯週期", "階梯周期", "period", "tier period"),
    "upper": ("阶梯上限", "階梯上限", "上限", "upper bound", "tier upper bound", "upper", "limit"),
    "price": ("单价", "單價", "价格", "價格", "price", "unit price"),
    "addon": ("附加费", "附加費", "add-on", "addon", "add-on per unit", "surcharge"),
    "current": ("本月读数", "本月讀數", "本期读数", "本期讀數", "current reading", "current", "reading"),
    "old_final": (
        "换表旧表止码",
        "換表舊表止碼",
        "旧表止码",
        "舊表止碼",
        "old meter's final reading",
        "old final",
    ),
    "new_initial": ("新表起码", "新表起碼", "new meter's initial reading", "new initial"),
    "replaced_on": ("换表日期", "換表日期", "replaced on", "replacement date"),
}

#: the columns each sheet has, in the exports' order, with their headers for the exports
HEADERS: dict[SheetKind, tuple[tuple[str, str], ...]] = {
    "meters": (
        ("unit", N_("Unit")),
        ("place", N_("Public area")),
        ("building", N_("Building")),
        ("kind", N_("Meter kind")),
        ("meter", N_("Meter number")),
        ("multiplier", N_("Multiplier")),
        ("digits", N_("Digits")),
        ("initial", N_("Initial reading")),
        ("installed", N_("Installed on")),
        ("share", N_("Sharing")),
    ),
    "tariffs": (
        ("kind", N_("Meter kind")),
        ("from", N_("From month")),
        ("period", N_("Tier period")),
        ("upper", N_("Tier upper bound")),
        ("price", N_("Unit price")),
        ("addon", N_("Add-on per unit")),
    ),
    "readings": (
        ("unit", N_("Unit")),
        ("meter", N_("Meter number")),
        ("kind", N_("Meter kind")),
        ("current", N_("Current reading")),
        ("old_final", N_("Old meter's final reading")),
        ("new_initial", N_("New meter's initial reading")),
        ("replaced_on", N_("Replaced on")),
    ),
}

#: the columns a sheet cannot do without (the readings need a unit or a meter: checked per row)
REQUIRED: dict[SheetKind, tuple[str, ...]] = {
    "meters": ("kind", "meter", "digits"),
    "tariffs": ("kind", "from", "price"),
    "readings": ("kind", "current"),
}

_KIND_NAMES = {
    MeterKind.WATER: N_("Water meter"),
    MeterKind.ELECTRICITY: N_("Electricity meter"),
    MeterKind.GAS: N_("Gas meter"),
}
_KIND_WORDS = {
    MeterKind.WATER: ("水", "水表", "水錶", "水费", "水費", "water", "water meter"),
    MeterKind.ELECTRICITY: (
        "电",
        "電",
        "电表",
        "電錶",
        "電表",
        "电费",
        "電費",
        "electricity",
        "electric",
        "electricity meter",
    ),
    MeterKind.GAS: ("燃气", "燃氣", "煤气", "煤氣", "燃气表", "燃氣錶", "gas", "gas meter"),
}
_PERIOD_NAMES = {TierPeriod.MONTH: N_("Monthly"), TierPeriod.YEAR: N_("Yearly")}
_PERIOD_WORDS = {
    TierPeriod.MONTH: ("", "月", "月度", "按月", "月份", "month", "monthly"),
    TierPeriod.YEAR: ("年", "年度", "按年", "年份", "year", "yearly", "annual"),
}
_SHARE_NAMES = {ShareBasis.NONE: "", ShareBasis.AREA: N_("By area"), ShareBasis.EQUAL: N_("Equally")}
_SHARE_WORDS = {
    ShareBasis.NONE: ("", "否", "不分摊", "不分攤", "无", "無", "no", "none"),
    ShareBasis.AREA: ("按面积", "按面積", "面积", "面積", "area", "by area"),
    ShareBasis.EQUAL: ("平均", "均摊", "均攤", "平均分摊", "平均分攤", "equal", "equally"),
}


def _keyed(words: Mapping[S, tuple[str, ...]], names: Mapping[S, str]) -> dict[str, str]:
    found = {header_key(w): str(choice) for choice, group in words.items() for w in group}
    found.update({header_key(n): str(choice) for choice, n in names.items() if n})
    return found


_FIELD_OF_KEY = {header_key(a): name for name, aliases in ALIASES.items() for a in aliases}
for _sheet in HEADERS.values():
    for _name, _header in _sheet:
        _FIELD_OF_KEY.setdefault(header_key(_header), _name)
_KIND_OF = _keyed(_KIND_WORDS, _KIND_NAMES)
_PERIOD_OF = _keyed(_PERIOD_WORDS, _PERIOD_NAMES)
_SHARE_OF = _keyed(_SHARE_WORDS, _SHARE_NAMES)


def field_of_header(text: str) -> str | None:
    """The field a header names (``"表號"`` → ``"meter"``) in any of the sheets, or None.

    The translated export headers count too, whatever the language they were written in is now.
    """
    found = _FIELD_OF_KEY.get(header_key(text))
    if found is not None:
        return found
    for sheet in HEADERS.values():
        for name, header in sheet:
            if header_key(_(header)) == header_key(text):
                return name
    return None


def looks_like_header(cells: Sequence[object]) -> bool:
    """True when a row names at least two known columns (to find the header below a title)."""
    return len({field_of_header(c) for c in cells if isinstance(c, str)} - {None}) >= 2


def kind_of(text: str) -> MeterKind | None:
    """A meter kind from a cell (水/电/電/燃气/燃氣, water/electricity/gas, or the exported name)."""
    found: str | None = _KIND_OF.get(header_key(text))
    if found is None:
        found = next((k for k, n in _KIND_NAMES.items() if header_key(_(n)) == header_key(text)), None)
    return MeterKind(found) if found is not None else None


def period_of(text: str) -> TierPeriod | None:
    """A tier period from a cell (月/年, month/year; blank is monthly)."""
    found: str | None = _PERIOD_OF.get(header_key(text))
    if found is None:
        found = next((p for p, n in _PERIOD_NAMES.items() if header_key(_(n)) == header_key(text)), None)
    return TierPeriod(found) if found is not None else None


def share_of(text: str) -> ShareBasis | None:
    """A sharing basis from a cell (按面积/平均, area/equal; blank: not shared)."""
    found: str | None = _SHARE_OF.get(header_key(text))
    if found is None:
        found = next((s for s, n in _SHARE_NAMES.items() if n and header_key(_(n)) == header_key(text)), None)
    return ShareBasis(found) if found is not None else None


def kind_word(kind: MeterKind) -> str:
    """A kind as the exports write it."""
    return _(_KIND_NAMES[kind])


def period_word(period: TierPeriod) -> str:
    """A tier period as the exports write it."""
    return _(_PERIOD_NAMES[period])


def share_word(share: ShareBasis) -> str:
    """A sharing basis as the exports write it ("" when not shared)."""
    name = _SHARE_NAMES[share]
    return _(name) if name else ""


def headers(sheet: SheetKind) -> list[str]:
    """The export's headers of a sheet, in the user's language."""
    return [_(h) for _n, h in HEADERS[sheet]]
