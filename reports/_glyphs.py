"""The embedded TrueType font, made to show every character: one it has no glyph for is printed as
"□", never left out.

reportlab draws a character missing from the font as nothing, so an emoji in a visitor's name
vanished from the pass without a trace. Every piece of text a PDF draws — paragraphs, table cells,
the running header, the slip's own lines — reaches the font's ``splitString`` and is measured by
its ``stringWidth``; :class:`CoveredTTFont` puts the replacement in place there, so no document can
forget it. A zero-width mark the font lacks (a variation selector, a joiner, a skin tone, a
combining accent) is dropped instead: it belongs to the character before it.

Imports reportlab at the top, so it is itself imported only when a font is registered.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Container
from typing import Any

from reportlab.pdfbase.ttfonts import TTFont

#: printed in place of a character the font cannot draw ("?" when the font lacks this too)
REPLACEMENT = "□"
_FALLBACK = "?"
_ZERO_WIDTH = frozenset({"Mn", "Me", "Cf"})
_EMOJI_MODIFIERS = range(0x1F3FB, 0x1F400)  # skin tones


class _Substitutes(dict[int, Any]):
    """A ``str.translate`` table filled as characters are met: a character the font has maps to
    itself, a zero-width mark it lacks to nothing, anything else it lacks to the replacement."""

    def __init__(self, covered: Container[int], replacement: str) -> None:
        super().__init__()
        self._covered = covered
        self._replacement = replacement

    def __missing__(self, code: int) -> Any:
        if code in self._covered:
            value: Any = code
        elif unicodedata.category(chr(code)) in _ZERO_WIDTH or code in _EMOJI_MODIFIERS:
            value = None
        else:
            value = self._replacement
        self[code] = value
        return value


# misc: without types-reportlab TTFont is Any (no subclassing Any); unused-ignore: with it.
class CoveredTTFont(TTFont):  # type: ignore[misc, unused-ignore]
    """A TrueType font that draws and measures "□" wherever it has no glyph (see the module)."""

    def __init__(self, name: str, filename: str, **kwargs: Any) -> None:
        super().__init__(name, filename, **kwargs)
        covered = self.face.charToGlyph  # reportlab has already added U+00A0 as the space's glyph
        replacement = REPLACEMENT if ord(REPLACEMENT) in covered else _FALLBACK
        self._substitutes = _Substitutes(covered, replacement)

    def printable(self, text: str) -> str:
        """``text`` as this font prints it: each character it cannot draw replaced."""
        return text.translate(self._substitutes)

    def stringWidth(self, text: str | bytes, size: float, encoding: str = "utf8") -> float:
        """The width of ``text`` as printed (with its replacements), in points."""
        if isinstance(text, bytes):
            text = text.decode(encoding)
        return float(super().stringWidth(self.printable(text), size, encoding))

    def splitString(self, text: str | bytes, doc: Any, encoding: str = "utf-8") -> Any:
        """reportlab's subset chunks of ``text`` as printed (with its replacements)."""
        if isinstance(text, bytes):
            text = text.decode(encoding)
        return super().splitString(self.printable(text), doc, encoding)
