"""One gettext catalog (Babel-compiled) for the UI, the documents and the core's messages.

Source strings are English; Simplified Chinese is the default language. Nothing is
translated at import time: call ``_()`` when the message is needed.
"""

from __future__ import annotations

import gettext
import threading
from pathlib import Path

from frontdesk.paths import resources_dir

DOMAIN = "frontdesk"
DEFAULT_LANGUAGE = "zh_CN"
#: language code -> name shown in the language switch (each in its own language)
LANGUAGES: dict[str, str] = {"zh_CN": "简体中文", "zh_TW": "繁體中文", "en": "English"}

_lock = threading.Lock()
_current: gettext.NullTranslations = gettext.NullTranslations()
_language = "en"


def locale_dir() -> Path:
    """Folder holding ``<lang>/LC_MESSAGES/frontdesk.po`` and the compiled ``.mo``."""
    return resources_dir() / "locale"


def _load(language: str) -> gettext.NullTranslations:
    if language == "en":
        return gettext.NullTranslations()
    folder = locale_dir() / language / "LC_MESSAGES"
    mo = folder / f"{DOMAIN}.mo"
    po = folder / f"{DOMAIN}.po"
    if mo.exists() and (not po.exists() or mo.stat().st_mtime >= po.stat().st_mtime):
        with mo.open("rb") as fh:
            return gettext.GNUTranslations(fh)
    if po.exists():  # not compiled yet (a source checkout): compile in memory
        return _compile_in_memory(po)
    return gettext.NullTranslations()


def _compile_in_memory(po: Path) -> gettext.NullTranslations:
    import io

    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with po.open("rb") as fh:
        catalog = read_po(fh)
    buf = io.BytesIO()
    write_mo(buf, catalog)
    buf.seek(0)
    return gettext.GNUTranslations(buf)


def set_language(language: str) -> None:
    """Switch every later ``_()`` call to ``language`` (one of ``LANGUAGES``)."""
    global _current, _language
    if language not in LANGUAGES:
        language = DEFAULT_LANGUAGE
    with _lock:
        _current = _load(language)
        _language = language


def current_language() -> str:
    """The code of the language in force."""
    return _language


def _(message: str) -> str:
    """Translate ``message`` into the current language (in its context, if marked with ``NC_``)."""
    if type(message) is _InContext:
        return _current.pgettext(message.context, message)
    return _current.gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """Translate a message with a count."""
    return _current.ngettext(singular, plural, n)


def N_(message: str) -> str:
    """Mark ``message`` for extraction without translating it now (translate later with ``_``)."""
    return message


class _InContext(str):
    """An English message that means different things in different places, with its context."""

    context: str

    def __new__(cls, context: str, message: str) -> _InContext:
        marked = super().__new__(cls, message)
        marked.context = context
        return marked


def NC_(context: str, message: str) -> str:  # gettext's naming, like N_
    """Mark ``message`` in ``context`` (gettext's msgctxt) for extraction; ``_`` translates it later.

    One English word may need two words in Chinese: "Water" is 水费 as a charge and 水表 as a meter's
    kind, "Security" 安全 as a complaint's subject and 保安 as a department.
    """
    return _InContext(context, message)
