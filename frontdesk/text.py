"""Text as stored: control characters are refused, the same on SQLite and PostgreSQL.

SQLite would keep a NUL or an escape character that PostgreSQL's driver refuses with an untyped
error; neither belongs in a name or a line of goods. :func:`check_text` is the one check: the
services' field helpers call it with the form's field name, and every text column of every model
calls it again as the value is written (:mod:`frontdesk.base`), so nothing escapes it.

Refused everywhere: the C0 controls (U+0000–U+001F), DEL (U+007F) and the C1 controls
(U+0080–U+009F). A multi-line field (a ``TextField``: remarks, instructions, reasons kept at length)
keeps tab, line feed and carriage return; a single-line field (a ``CharField``) refuses them and the
line and paragraph separators U+2028 and U+2029 as well.
"""

from __future__ import annotations

import re

from frontdesk.errors import ValidationError
from frontdesk.i18n import _

_LINE_BREAKS = frozenset("\t\n\r\u2028\u2029")
_ONE_LINE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")
_MULTI_LINE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def control_character(text: str, *, multiline: bool = False) -> str | None:
    """The first character ``text`` may not hold, or None when it is clean."""
    if text.isprintable():  # the common case, at C speed: no control, no separator
        return None
    found = (_MULTI_LINE if multiline else _ONE_LINE).search(text)
    return found.group() if found is not None else None


def check_text(field: str, text: str, *, multiline: bool = False) -> str:
    """``text`` unchanged, or a :class:`ValidationError` on ``field`` naming the character refused.

    Args:
        field: the field name the form shows the message beside.
        text: the value as it will be stored.
        multiline: the field keeps several lines (tab and line breaks allowed).
    """
    bad = control_character(text, multiline=multiline)
    if bad is None:
        return text
    if bad in _LINE_BREAKS:
        raise ValidationError(field, _("Keep this on one line: no line breaks or tabs."))
    raise ValidationError(
        field,
        _("This holds an invisible control character (U+{code}): type it again without it.").format(
            code=f"{ord(bad):04X}"
        ),
    )
