"""Chinese line breaking: what may start or end a line, and reportlab paragraphs using it."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Paragraph

from reports._linebreak import NO_LINE_END, NO_LINE_START, break_lines
from reports.fonts import cjk_font_name
from reports.pdf import make_styles

NOTE = (
    "本页由前台系统自检生成，用于确认中文字体、自动换行、表格分页和页眉页脚都能正常输出。"
    "如果您能清楚地看到这些汉字，以及姓名“张秀英”“王伟”，说明打印组件工作正常；否则，"
    "请在设置中选择一个中文字体！好吗？是的：好。（备注：门禁卡补办 / Access card。）"
)


def _lines(text: str, width: int) -> list[str]:
    """Break ``text`` with every character one unit wide."""
    return [text[a:b] for a, b, _ in break_lines(text, [1.0] * len(text), [width])]


@pytest.mark.parametrize(
    ("text", "width", "expected"),
    [
        ("一二三四五六七八", 4, ["一二三四", "五六七八"]),
        ("一二三四，五六", 4, ["一二三", "四，五六"]),  # the comma takes "四" along
        ("一二三”，四五", 4, ["一二", "三”，四", "五"]),  # a run of marks
        ("一二三（四五）", 4, ["一二三", "（四五）"]),  # an opening bracket never ends a line
        ("一二。", 2, ["一", "二。"]),
        ("ab cd ef", 5, ["ab cd", "ef"]),  # spaces at the cut are dropped
        ("一二 Access", 6, ["一二", "Access"]),  # a Latin word moves down whole
        ("abcdefghij", 4, ["abcd", "efgh", "ij"]),  # too long: cut anyway
        ("，，，，，", 2, ["，，", "，，", "，"]),  # only marks: still progresses
    ],
)
def test_break_lines(text: str, width: int, expected: list[str]) -> None:
    assert _lines(text, width) == expected


def test_break_lines_uses_one_width_per_line_then_the_last() -> None:
    assert _lines("一二三四五六七八九", 2) == ["一二", "三四", "五六", "七八", "九"]
    spans = break_lines("一二三四五六七八九", [1.0] * 9, [4.0, 2.0])
    assert [(a, b) for a, b, _ in spans] == [(0, 4), (4, 6), (6, 8), (8, 9)]


def test_hard_breaks_end_a_line() -> None:
    hard = [False, True, False, False]
    assert break_lines("一\n二三", [1.0, 0.0, 1.0, 1.0], [10.0], hard) == [
        (0, 2, True),
        (2, 4, False),
    ]


@given(
    text=st.text(alphabet="一二三四五六七八，。；：？！）」”（「“ab 1", max_size=60),
    width=st.integers(min_value=3, max_value=12),
)
def test_lines_fit_keep_every_character_and_obey_the_marks(text: str, width: int) -> None:
    spans = break_lines(text, [1.0] * len(text), [float(width)])
    assert "".join(text[a:b] for a, b, _ in spans).replace(" ", "") == text.replace(" ", "")
    for a, b, _ in spans:
        assert b - a <= width
    for (a, b, _), (next_a, _, _) in itertools.pairwise(spans):
        line, rest = text[a:b], text[next_a:]
        # Only a line with a single character besides marks may have to break a rule.
        others = [ch for ch in text[a:next_a] if ch not in NO_LINE_START + NO_LINE_END + " "]
        if len(others) > 1:
            assert rest[0] not in NO_LINE_START, (line, rest)
            assert line[-1] not in NO_LINE_END, (line, rest)


def _paragraph_lines(paragraph: Paragraph) -> list[str]:
    para_lines = getattr(paragraph, "blPara")  # noqa: B009 (set by wrap(), not in the stubs)
    if para_lines.kind == 0:  # one style: (extra space, [text]) pairs
        return ["".join(words) for _, words in para_lines.lines]
    return ["".join(frag.text for frag in line.words) for line in para_lines.lines]


@pytest.mark.parametrize("markup_prefix", ["", "<b>注</b>"], ids=["one-style", "mixed-styles"])
def test_reportlab_paragraphs_never_start_a_line_with_punctuation(
    markup_prefix: str,
) -> None:
    styles = make_styles(cjk_font_name())  # installs the breaker
    font, size = styles.body.fontName, styles.body.fontSize
    expected = NOTE.replace(" ", "")
    for width in range(60, 420, 3):
        para = Paragraph(markup_prefix + NOTE, styles.body)
        para.wrap(width, 10_000)
        lines = _paragraph_lines(para)
        assert "".join(lines).replace(" ", "").removeprefix("注") == expected
        assert all(stringWidth(line, font, size) <= width + 0.01 for line in lines), width
        starts = [line[0] for line in lines[1:]]
        assert not set(starts) & set(NO_LINE_START), (width, lines)


def test_a_line_break_in_the_text_is_kept() -> None:
    styles = make_styles(cjk_font_name())
    para = Paragraph("第一行<br/>第二行，很长很长很长很长很长很长", styles.body)
    para.wrap(styles.body.fontSize * 8, 1000)
    assert _paragraph_lines(para) == ["第一行", "第二行，很长很长", "很长很长很长很长"]
