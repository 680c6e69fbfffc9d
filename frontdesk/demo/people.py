"""Plausible people for the demo estate: Chinese names, mainland mobile numbers, valid ID numbers.

Everything is drawn from a ``random.Random`` the caller seeds, so the same seed gives the same people.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

from frontdesk.identity import check_digit_cn

#: common surnames, the most frequent first (they are drawn more often)
SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁"
    "任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛段雷侯龙史陶黎贺顾毛郝龚邵万钱严武戴孔汤"
)
_COMMON_SURNAMES = 10
FEMALE_GIVEN = (
    "秀英", "桂英", "秀兰", "玉兰", "桂兰", "秀珍", "凤英", "玉珍", "海燕", "丽娟", "婷婷", "欣怡",
    "淑珍", "春梅", "红梅", "佳怡", "雨欣", "慧敏", "丽华", "晓燕", "芳", "娜", "敏", "静", "丽",
    "艳", "娟", "霞", "燕", "玲",
)  # fmt: skip
MALE_GIVEN = (
    "伟", "强", "磊", "军", "洋", "勇", "杰", "涛", "明", "超", "刚", "平", "建华", "建国", "志强",
    "国强", "晓东", "俊杰", "浩然", "文博", "明辉", "立新", "建军", "志明", "子轩", "宇航", "海涛",
    "德明", "家豪", "振华",
)  # fmt: skip
#: real county-level region codes (GB/T 2260) of large cities
REGION_CODES = (
    "110101", "110105", "120101", "130102", "210102", "310104", "310115", "320102", "320506",
    "330106", "340104", "350203", "370102", "410105", "420106", "430104", "440106", "440304",
    "440305", "500103", "510107", "610113",
)  # fmt: skip
MOBILE_PREFIXES = (
    "130", "131", "132", "133", "134", "135", "136", "137", "138", "139",
    "150", "151", "152", "153", "155", "156", "157", "158", "159",
    "180", "181", "182", "183", "184", "185", "186", "187", "188", "189",
)  # fmt: skip
_FIRST_BIRTH, _LAST_BIRTH = date(1950, 1, 1), date(2000, 12, 31)


@dataclass(frozen=True)
class Person:
    """A made-up person: the ID number is valid and matches the birth date and sex."""

    name: str
    male: bool
    born: date
    phone: str
    id_number: str


def surname(rng: random.Random) -> str:
    """A surname; the ten most common ones come up about half the time."""
    pool = SURNAMES[:_COMMON_SURNAMES] if rng.random() < 0.5 else SURNAMES
    return rng.choice(pool)


def given_name(rng: random.Random, male: bool) -> str:
    """A given name of one or two characters (most of them two)."""
    return rng.choice(MALE_GIVEN if male else FEMALE_GIVEN)


def mobile(rng: random.Random) -> str:
    """A mainland mobile number: 13x, 15x or 18x and eight more digits."""
    return rng.choice(MOBILE_PREFIXES) + f"{rng.randrange(10**8):08d}"


def birth_date(rng: random.Random) -> date:
    """A birth date between 1950 and 2000."""
    return _FIRST_BIRTH + timedelta(days=rng.randrange((_LAST_BIRTH - _FIRST_BIRTH).days + 1))


def mainland_id(rng: random.Random, born: date, male: bool) -> str:
    """An 18-digit mainland ID number: a real region, the birth date, the sex digit, the check digit."""
    sequence = rng.randrange(100) * 10 + rng.randrange(5) * 2 + (1 if male else 0)  # odd: male
    first17 = f"{rng.choice(REGION_CODES)}{born:%Y%m%d}{sequence:03d}"
    return first17 + check_digit_cn(first17)


def person(rng: random.Random, *, male: bool | None = None) -> Person:
    """A made-up adult with a name, a mobile number and an ID number."""
    sex = rng.random() < 0.5 if male is None else male
    born = birth_date(rng)
    name = surname(rng) + given_name(rng, sex)
    return Person(name, sex, born, mobile(rng), mainland_id(rng, born, sex))
