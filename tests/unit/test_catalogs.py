"""The zh_CN and zh_TW catalogs: complete for the current source, placeholders intact, loadable.

Messages are extracted here with Babel from frontdesk/, ui/ and reports/ (keywords ``_``, ``N_``,
``NC_:1c,2``, ``ngettext:1,2``), as resources/locale/update_catalogs.py does; when a test fails because a
message is missing, run that script and translate what it reports.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po

from frontdesk import i18n

ROOT = Path(__file__).resolve().parents[2]
LOCALE = ROOT / "resources" / "locale"
SOURCES = ("frontdesk", "ui", "reports")
KEYWORDS = {"_": None, "N_": None, "NC_": ((1, "c"), 2), "ngettext": (1, 2)}
LANGUAGES = ("zh_CN", "zh_TW")

#: ``{name}`` / ``{n:>3}`` fields (``{{`` and ``}}`` are literal braces) and %-style codes
_FIELD = re.compile(r"\{[^{}]*\}")
_PERCENT = re.compile(r"%(?:\([^)]*\))?[-#0 +]*(?:\d+|\*)?(?:\.(?:\d+|\*))?[diouxXeEfFgGcrsa%]")
#: a Qt mnemonic: ``&`` before a character other than a space or a second ``&``
_ACCELERATOR = re.compile(r"&[^&\s]")
#: the patterns of a Qt file-dialog filter, e.g. ``(*.ttf *.ttc)`` — Qt needs ASCII parentheses
_FILE_FILTER = re.compile(r"\(\*[^)]*\)")

Msgid = str | tuple[str, str]
"""A message (singular, plural); one in a context is ``"context\u0004message"``, as gettext keys it."""


def _key(message: str | tuple[str, ...] | list[str], context: str | None) -> Msgid:
    if isinstance(message, str):
        return f"{context}\x04{message}" if context else message
    return (message[0], message[1])


def _source(key: Msgid, form: int = 0) -> str:
    """The English text of ``key`` (its singular, or its plural with ``form=1``), without a context."""
    return key.rpartition("\x04")[2] if isinstance(key, str) else key[form]


def placeholders(text: str) -> set[str]:
    """The ``{...}`` fields and %-codes of ``text``."""
    plain = text.replace("{{", "").replace("}}", "")
    return set(_FIELD.findall(plain)) | set(_PERCENT.findall(plain))


@cache
def extracted() -> dict[Msgid, list[str]]:
    """Every message of the current source tree -> where it is used (``path:line``)."""
    with (LOCALE / "babel.cfg").open(encoding="utf-8") as fh:
        method_map, options_map = parse_mapping_cfg(fh)
    found: dict[Msgid, list[str]] = {}
    for folder in SOURCES:
        for filename, lineno, message, _comments, context in extract_from_dir(
            ROOT / folder, method_map, options_map, keywords=KEYWORDS
        ):
            found.setdefault(_key(message, context), []).append(f"{folder}/{filename}:{lineno}")
    return found


@cache
def catalog(language: str) -> Catalog:
    with (LOCALE / language / "LC_MESSAGES" / "frontdesk.po").open("rb") as fh:
        return read_po(fh, locale=language, domain="frontdesk", abort_invalid=True)


def translations(language: str) -> list[tuple[Msgid, list[str]]]:
    """(msgid, its msgstr forms) of every live message of ``language``'s catalog."""
    out: list[tuple[Msgid, list[str]]] = []
    for message in catalog(language):
        if not message.id:
            continue
        key = _key(message.id, message.context)
        forms = [message.string] if isinstance(message.string, str) else list(message.string or ())
        out.append((key, [form or "" for form in forms]))
    return out


def test_source_has_messages() -> None:
    assert len(extracted()) > 100  # the extraction itself works


@pytest.mark.parametrize("language", LANGUAGES)
def test_catalog_header(language: str) -> None:
    po = catalog(language)
    assert not po.fuzzy, "a '#, fuzzy' header makes babel's compile skip the whole catalog"
    assert po.locale_identifier == language
    assert po.plural_forms == "nplurals=1; plural=0;"
    assert po.charset.lower() == "utf-8"


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_fuzzy_entries(language: str) -> None:
    fuzzy = [m.id for m in catalog(language) if m.id and m.fuzzy]
    assert not fuzzy, f"fuzzy entries are not compiled: {fuzzy}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_source_message_is_translated(language: str) -> None:
    done = {key for key, forms in translations(language) if all(f.strip() for f in forms)}
    missing = [f"{key!r} ({', '.join(where[:2])})" for key, where in extracted().items() if key not in done]
    assert not missing, (
        f"{len(missing)} message(s) without a {language} translation; run "
        f".venv/bin/python resources/locale/update_catalogs.py and translate:\n" + "\n".join(missing)
    )


@pytest.mark.parametrize("language", LANGUAGES)
def test_placeholders_are_kept(language: str) -> None:
    wrong = []
    for key, forms in translations(language):
        expected = placeholders(_source(key, 1))  # plural: the general form
        wrong += [f"{key!r} -> {form!r}" for form in forms if form and placeholders(form) != expected]
    assert not wrong, "placeholders differ from the msgid:\n" + "\n".join(wrong)


@pytest.mark.parametrize("language", LANGUAGES)
def test_accelerators_and_file_filters_are_kept(language: str) -> None:
    wrong = []
    for key, forms in translations(language):
        source = _source(key)
        for form in forms:
            if not form:
                continue
            if len(_ACCELERATOR.findall(source)) != len(_ACCELERATOR.findall(form)):
                wrong.append(f"accelerator: {source!r} -> {form!r}")
            if _FILE_FILTER.findall(source) != _FILE_FILTER.findall(form):
                wrong.append(f"file filter: {source!r} -> {form!r}")
    assert not wrong, "\n".join(wrong)


def test_set_language_translates() -> None:
    try:
        i18n.set_language("zh_CN")
        assert i18n._("Sign in") == "登录"
        assert i18n.ngettext("{n} day ago", "{n} days ago", 3).format(n=3) == "3 天前"
        i18n.set_language("zh_TW")
        assert i18n._("Sign in") == "登入"
        assert (i18n._(i18n.NC_("meter", "Water")), i18n._(i18n.N_("Water"))) == ("水錶", "水費")
        i18n.set_language("zh_CN")  # one English word, two Chinese ones by where it stands
        assert (i18n._(i18n.NC_("meter", "Water")), i18n._(i18n.N_("Water"))) == ("水表", "水费")
        assert i18n._(i18n.NC_("department", "Security")) == "保安"
    finally:
        i18n.set_language("en")
    assert i18n._("Sign in") == "Sign in"
    assert i18n._(i18n.NC_("meter", "Water")) == "Water"
