"""Chinese line breaking for reportlab paragraphs: punctuation never starts a line.

reportlab's ``wordWrap="CJK"`` lets "，" and "；" start a line, and for the marks it does
know it hangs one in the right margin, so "”，" still splits across lines. This greedy
breaker pushes the last character down together with the marks instead (no overflow, which
matters in table cells), keeps opening brackets off line ends and avoids cutting a Latin
word when a space or a Chinese character nearby allows a break. ``install()`` puts it behind
reportlab's CJK wrapping for the whole process.
"""

from __future__ import annotations

import importlib
from collections.abc import Sequence
from typing import Any

#: marks that must not begin a line (Chinese full-width ones, then ASCII)
NO_LINE_START = "，。、；：？！）」』】〕》〉”’…" + ",.;:?!)]}"
#: marks that must not end a line
NO_LINE_END = "（「『【〔《〈“‘" + "([{"
_FUZZ = 1e-6

Line = tuple[int, int, bool]
"""A line as (start, end, ends with a forced break) indexes into the characters."""


def _is_word_char(ch: str) -> bool:
    """Part of a Latin word or number, which should not be cut.

    Below U+2000: letters and the ".,-/" of numbers and dates, but not the curly quotes,
    dashes and ellipsis of General Punctuation, nor anything Chinese.
    """
    return bool(ch) and ord(ch[0]) < 0x2000 and not ch.isspace()


def _word_start(chars: Sequence[str], start: int, cut: int) -> int:
    """Move a cut inside a Latin word back to the word's start, at most half a line back."""
    if not (_is_word_char(chars[cut - 1]) and _is_word_char(chars[cut])):
        return cut
    for pos in range(cut - 1, max(start, (start + cut) // 2 - 1), -1):
        if not (_is_word_char(chars[pos - 1]) and _is_word_char(chars[pos])):
            return pos
    return cut


def _choose_cut(chars: Sequence[str], start: int, overflow: int) -> int:
    """Where to end the line that ``chars[overflow]`` no longer fits on."""
    for cut in (_word_start(chars, start, overflow), overflow):
        while cut > start + 1 and _breaks_a_rule(chars, start, cut):
            cut -= 1
        if not _breaks_a_rule(chars, start, cut):
            return cut
    return overflow  # nothing but marks on the line: cut anyway, keep making progress


def _breaks_a_rule(chars: Sequence[str], start: int, cut: int) -> bool:
    """Whether cutting at ``cut`` leaves a mark at a line start or end (spaces are dropped)."""
    after = _skip_spaces(chars, cut)
    before = _trim_end(chars, start, cut)
    starts_badly = after < len(chars) and chars[after] in NO_LINE_START
    return starts_badly or chars[before - 1] in NO_LINE_END


def break_lines(
    chars: Sequence[str],
    widths: Sequence[float],
    max_widths: Sequence[float],
    hard_breaks: Sequence[bool] | None = None,
) -> list[Line]:
    """Split characters into lines that fit, greedily, following the rules above.

    Args:
        chars: one character (or unit) each.
        widths: the width of each character.
        max_widths: the width of each line; the last one holds for the rest.
        hard_breaks: True where a character forces the line to end after it.

    Returns:
        The lines; spaces at a cut are dropped from both sides of it.
    """
    lines: list[Line] = []
    start, used, i = 0, 0.0, 0
    while i < len(chars):
        used += widths[i]
        limit = max_widths[min(len(lines), len(max_widths) - 1)]
        if hard_breaks and hard_breaks[i]:
            lines.append((start, i + 1, True))
            start, used, i = i + 1, 0.0, i + 1
        elif used > limit + _FUZZ and i > start:
            cut = _choose_cut(chars, start, i)
            lines.append((start, _trim_end(chars, start, cut), False))
            start = _skip_spaces(chars, cut)
            used, i = 0.0, start
        else:
            i += 1
    if start < len(chars):
        lines.append((start, len(chars), False))
    return lines


def _trim_end(chars: Sequence[str], start: int, end: int) -> int:
    while end > start + 1 and chars[end - 1] == " ":
        end -= 1
    return end


def _skip_spaces(chars: Sequence[str], pos: int) -> int:
    while pos < len(chars) and chars[pos] == " ":
        pos += 1
    return pos


def _word_split(
    word: str, maxWidths: Any, fontName: str, fontSize: float, encoding: str = "utf8"
) -> list[list[Any]]:
    """Replacement for reportlab's ``wordSplit``: a one-style paragraph."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    limits = maxWidths if isinstance(maxWidths, list | tuple) else [maxWidths]
    widths = [stringWidth(ch, fontName, fontSize) for ch in word]
    result: list[list[Any]] = []
    for n, (a, b, _hard) in enumerate(break_lines(word, widths, limits)):
        limit = limits[min(n, len(limits) - 1)]
        result.append([limit - sum(widths[a:b]), word[a:b]])
    return result


def _cjk_frag_split(
    frags: Sequence[Any], maxWidths: Sequence[float], calcBounds: bool, encoding: str = "utf8"
) -> Any:
    """Replacement for reportlab's ``cjkFragSplit``: a paragraph of several styles."""
    rl: Any = importlib.import_module("reportlab.platypus.paragraph")
    units: list[Any] = []
    for frag in frags:
        text = frag.text.decode(encoding) if isinstance(frag.text, bytes) else frag.text
        units.extend(rl.cjkU(t, frag, encoding) for t in (text or [text]))
    widths = [_unit_width(u, maxWidths[0]) for u in units]
    hard = [hasattr(u.frag, "lineBreak") for u in units]
    lines = []
    for n, (a, b, forced) in enumerate(break_lines(units, widths, maxWidths, hard)):
        limit = maxWidths[min(n, len(maxWidths) - 1)]
        used = sum(widths[a:b])
        lines.append(rl.makeCJKParaLine(units[a:b], limit, used, limit - used, forced, calcBounds))
    return rl.ParaLines(kind=1, lines=lines)


def _unit_width(unit: Any, max_width: float) -> float:
    width = unit.width
    if hasattr(width, "normalizedValue"):  # a width given as a percentage (images)
        width._normalizer = max_width
        return float(width.normalizedValue(max_width))
    return float(width)


def install() -> None:
    """Route reportlab's CJK paragraph wrapping through ``break_lines``. Idempotent."""
    rl: Any = importlib.import_module("reportlab.platypus.paragraph")
    # breakLinesCJK looks both functions up as module globals at call time.
    rl.wordSplit = _word_split
    rl.cjkFragSplit = _cjk_frag_split
