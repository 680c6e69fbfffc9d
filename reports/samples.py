"""Small Chinese sample documents for ``--self-test``: they go through the real PDF/Excel path."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from io import BytesIO
from typing import TYPE_CHECKING

from reports.pdf import document_bytes

if TYPE_CHECKING:
    from reports.xlsx import ColumnKind

SAMPLE_TITLE = "前台自检 / Self-test"
"""Title of both sample documents."""
SAMPLE_OFFICE = "示例物业服务中心"
"""Office name in the sample PDF's running header."""
SAMPLE_NOTE = (
    "本页由前台系统自检生成，用于确认中文字体、自动换行、表格分页和页眉页脚都能正常输出。"
    "如果您能清楚地看到这些汉字，以及姓名“张秀英”“王伟”，说明打印组件工作正常；"
    "否则，请在设置中选择一个中文 TrueType 字体（例如微软雅黑、宋体或文泉驿微米黑）。"
)
"""Body paragraph of the sample PDF: long enough to wrap, with Chinese punctuation."""
#: (unit, name, matter, count, amount in fen, date, registered at)
SAMPLE_ROWS: tuple[tuple[str, str, str, int, int, date, datetime], ...] = (
    ("1-2-301", "张秀英", "物业费（2024年第二季度），含公共能耗分摊", 1, 123456,
     date(2024, 4, 1), datetime(2024, 4, 1, 9, 5)),
    ("3-1-1502", "王伟", "装修押金退还", 1, 200000,
     date(2024, 4, 3), datetime(2024, 4, 3, 14, 30)),
    ("5-3-702", "李娜", "水费：本月读数 1,234 吨；上月读数 1,201 吨", 33, 9900,
     date(2024, 4, 8), datetime(2024, 4, 8, 10, 12)),
    ("8-1-101", "刘洋 (Liu Yang)", "门禁卡补办 / Access card replacement", 2, 2000,
     date(2024, 4, 9), datetime(2024, 4, 9, 16, 45)),
)  # fmt: skip
SAMPLE_HEADERS = ("房号", "姓名", "事项", "数量", "金额（元）", "日期", "登记时间")
"""Column headers of both sample documents."""


def format_fen(fen: int) -> str:
    """An amount in fen as yuan with thousands separators, e.g. 123456 -> "1,234.56".

    Args:
        fen: the amount in fen (1/100 yuan).

    Returns:
        The formatted amount, exact (no float arithmetic).
    """
    return f"{Decimal(fen).scaleb(-2):,.2f}"


def sample_pdf(font_file: str | None = None) -> bytes:
    """An A4 page with a Chinese title, a wrapped paragraph and a table.

    Args:
        font_file: the font chosen in the settings, if any.

    Returns:
        The PDF's bytes.
    """
    from reports.fonts import cjk_font_name
    from reports.pdf import PageSetup, build_pdf, data_table, make_styles, paragraph

    styles = make_styles(cjk_font_name(font_file))
    setup = PageSetup(size="A4", office_name=SAMPLE_OFFICE, title=SAMPLE_TITLE)
    rows = [
        (unit, name, matter, count, format_fen(fen), day.isoformat(), at.strftime("%m-%d %H:%M"))
        for unit, name, matter, count, fen, day, at in SAMPLE_ROWS
    ]
    total = format_fen(sum(row[4] for row in SAMPLE_ROWS))
    story = [
        paragraph(SAMPLE_TITLE, styles.title),
        paragraph(SAMPLE_NOTE, styles.body),
        data_table(
            SAMPLE_HEADERS, rows, styles, width=setup.content_width,
            col_widths=(1.1, 1.3, 3.2, 0.7, 1.2, 1.3, 1.2),
            align=("left", "left", "left", "right", "right", "center", "center"),
        ),
        paragraph(f"合计：{total} 元", styles.aligned(styles.body, "right")),
    ]  # fmt: skip
    return document_bytes(lambda stream: build_pdf(stream, story, setup, styles))


def sample_xlsx() -> bytes:
    """A workbook with the same rows, money as numbers and a formula-like remark kept as text.

    Returns:
        The .xlsx file's bytes.
    """
    from reports.xlsx import Column, write_table

    widths = (10, 16, 40, 8, 14, 12, 18)
    kinds: tuple[ColumnKind, ...] = ("text", "text", "text", "int", "money", "date", "datetime")
    columns = [Column(h, w, k) for h, w, k in zip(SAMPLE_HEADERS, widths, kinds, strict=True)]
    columns.append(Column("备注", 20))
    rows = [(*row, "=1+1" if i == 0 else None) for i, row in enumerate(SAMPLE_ROWS)]

    def build(stream: BytesIO) -> None:
        write_table(stream, title=SAMPLE_TITLE, columns=columns, rows=rows, sheet_name="自检")

    return document_bytes(build)
