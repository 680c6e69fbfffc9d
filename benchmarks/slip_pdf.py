"""Release slip PDF: ``render_release_slip`` vs the same slip drawn with bare reportlab calls.

Both run in this one warm process (font registered, modules imported, a few warm-up slips)
and make the same A5 slip: three copies, a band with the copy's name on each page, title,
facts grid, item table with its header repeated, notes, signature boxes, QR code and the
"page x / y" footer. They alternate, each timed per slip; the medians are compared. The
target is a ratio of at most 1.3. The last line printed is the ratio.

    .venv/bin/python benchmarks/slip_pdf.py [--runs 30] [--items 8]
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable
from datetime import date, datetime
from io import BytesIO
from typing import Any

from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Drawing
from reportlab.lib import colors
from reportlab.lib.pagesizes import A5
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import KeepTogether, PageBreak, Paragraph, SimpleDocTemplate, Table, TableStyle

from frontdesk.i18n import set_language
from frontdesk.slips.document import SlipDocument, SlipItemLine
from reports.fonts import cjk_font_name
from reports.release_slip import render_release_slip

LABELS = ("第一联 申请人联", "第二联 门岗联", "第三联 存根联")


def sample(items: int) -> SlipDocument:
    """A typical moving-out slip with ``items`` lines, every third one long enough to wrap."""
    lines = tuple(
        SlipItemLine(
            f"实木双人床{n}（含床垫、两个床头柜，已拆装打包）" if n % 3 == 0 else f"纸箱{n}号",
            str(n), "件", "搬出" if n % 2 else "",
        )
        for n in range(1, items + 1)
    )  # fmt: skip
    return SlipDocument(
        office_name="示例物业服务中心", estate_name="翠苑小区", number="FX-20261123-0007",
        status="issued", issued_at=datetime(2026, 11, 23, 9, 15), valid_until=date(2026, 11, 23),
        unit_code="3-1502", applicant_name="王伟", applicant_kind="代理人（搬家、装修）",
        applicant_id_masked="110101********1234", applicant_phone_masked="138****5678",
        reason="搬出", items=lines, arrears_note="无欠费",
        confirmation_note="已致电业主张秀英（139****0001），09:10，同意放行", clerk_name="陈静",
        verification_code="7KQ3-9XPD", qr_payload="FX-20261123-0007.7KQ39XPD",
    )  # fmt: skip


class _Numbered(Canvas):  # type: ignore[misc]
    """The textbook "page x of y" canvas, per copy."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._pages: list[dict[str, Any]] = []

    def showPage(self) -> None:
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        per_copy = max(1, len(self._pages) // 3)
        for index, state in enumerate(self._pages):
            self.__dict__.update(state)
            self.setFont(FONT, 8)
            self.drawRightString(A5[0] - 12 * mm, 12 * mm, f"第 {index % per_copy + 1} 页，共 {per_copy} 页")
            super().showPage()
        super().save()


FONT = ""


def bare(doc: SlipDocument) -> bytes:
    """The same slip with plain platypus: one document, a page break between copies."""
    body = ParagraphStyle("b", fontName=FONT, fontSize=9, leading=13, wordWrap="CJK")
    cell = ParagraphStyle("c", parent=body, fontSize=8.1, leading=11)
    title = ParagraphStyle("t", parent=body, fontSize=20, leading=24, alignment=1)
    width = A5[0] - 24 * mm
    copy = [0]

    def band(canvas: Canvas, _doc: Any) -> None:
        canvas.setFont(FONT, 10)
        canvas.drawString(12 * mm, A5[1] - 12 * mm - 10, doc.office_name)
        canvas.setFont(FONT, 8)
        canvas.drawString(12 * mm, A5[1] - 12 * mm - 22, f"放行条  {doc.number}")
        canvas.setFont(FONT, 11)
        canvas.rect(A5[0] - 12 * mm - 90, A5[1] - 12 * mm - 16, 90, 16)
        canvas.drawRightString(A5[0] - 12 * mm - 6, A5[1] - 12 * mm - 12, LABELS[copy[0]])

    def grid(rows: list[list[Any]], widths: list[float]) -> Table:
        table = Table(rows, colWidths=widths, repeatRows=1)
        table.setStyle(
            TableStyle([("FONT", (0, 0), (-1, -1), FONT, 8), ("GRID", (0, 0), (-1, -1), 0.25, colors.grey)])
        )
        return table

    def p(text: str, style: ParagraphStyle = cell) -> Paragraph:
        return Paragraph(text, style)

    class Next(PageBreak):
        def draw(self) -> None:
            copy[0] += 1

    # The QR code is encoded once and its drawing shared by the copies, as a careful hand would.
    qr = Drawing(26 * mm, 26 * mm)
    qr.add(QrCodeWidget(doc.qr_payload, barWidth=26 * mm, barHeight=26 * mm).draw())
    story: list[Any] = []
    for n in range(3):
        if n:
            story.append(Next())
        facts = [
            [p("编号"), p(doc.number), p("开单时间"), p(doc.issued_at.strftime("%Y-%m-%d %H:%M"))],
            [p("房号"), p(doc.unit_code), p("有效期至"), p(doc.valid_until.isoformat())],
            [
                p("申请人"),
                p(f"{doc.applicant_name} {doc.applicant_kind}"),
                p("证件"),
                p(doc.applicant_id_masked),
            ],
            [p("电话"), p(doc.applicant_phone_masked), p("事由"), p(doc.reason)],
        ]
        items = [[p(h) for h in ("序号", "物品", "数量", "单位", "备注")]]
        items += [
            [p(str(k)), p(i.description), p(i.quantity), p(i.unit), p(i.remarks)]
            for k, i in enumerate(doc.items, 1)
        ]
        story += [
            p("放行条", title), p(doc.estate_name, body),
            grid(facts, [width * 0.15, width * 0.35] * 2),
            grid(items, [width * w / 8.95 for w in (0.75, 4.2, 1.0, 0.8, 2.2)]),
            grid([[p("缴费情况"), p(doc.arrears_note)], [p("业主确认"), p(doc.confirmation_note)]],
                 [width * 0.15, width * 0.85]),
            grid([[p("申请人签名："), p(f"经办：{doc.clerk_name}"), p("门岗：")], [p(""), p(""), p("")]],
                 [width / 3] * 3),
            KeepTogether([grid([[qr, [p(f"核验码：{doc.verification_code}", body),
                                     p("门岗扫描二维码或输入编号核验本放行条。")]]], [80, width - 80])]),
        ]  # fmt: skip
    stream = BytesIO()
    pdf = SimpleDocTemplate(
        stream, pagesize=A5, leftMargin=12 * mm, rightMargin=12 * mm, topMargin=27 * mm, bottomMargin=19 * mm
    )
    pdf.build(story, onFirstPage=band, onLaterPages=band, canvasmaker=_Numbered)
    return stream.getvalue()


def timed(make: Callable[[SlipDocument], bytes], doc: SlipDocument) -> float:
    start = time.perf_counter()
    make(doc)
    return time.perf_counter() - start


def main() -> None:
    """Time both, alternating, and print the medians and their ratio."""
    global FONT
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--items", type=int, default=8)
    args = parser.parse_args()
    set_language("zh_CN")
    FONT = cjk_font_name()
    doc = sample(args.items)
    for _ in range(3):  # warm: imports, font metrics, style caches
        render_release_slip(doc)
        bare(doc)
    ours: list[float] = []
    plain: list[float] = []
    for _ in range(args.runs):
        ours.append(timed(render_release_slip, doc))
        plain.append(timed(bare, doc))
    a, b = statistics.median(ours), statistics.median(plain)
    print(f"items per slip: {args.items}, runs: {args.runs}")
    print(f"render_release_slip: median {a * 1000:.1f} ms per slip (3 copies)")
    print(f"bare reportlab:      median {b * 1000:.1f} ms per slip (3 copies)")
    print(f"ratio {a / b:.2f} (target <= 1.3)")


if __name__ == "__main__":
    main()
