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
import sys
from datetime import date, datetime
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Drawing
from reportlab.lib.pagesizes import A5
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, Paragraph

from benchmarks._bare_slip import BareSlip, alternate
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


FONT = ""


def bare(doc: SlipDocument) -> bytes:
    """The same slip with plain platypus: one document, a page break between copies."""
    body = ParagraphStyle("b", fontName=FONT, fontSize=9, leading=13, wordWrap="CJK")
    cell = ParagraphStyle("c", parent=body, fontSize=8.1, leading=11)
    title = ParagraphStyle("t", parent=body, fontSize=20, leading=24, alignment=1)
    width = A5[0] - 24 * mm
    slip = BareSlip(FONT, doc.office_name, f"放行条  {doc.number}", LABELS)
    grid = slip.grid

    def p(text: str, style: ParagraphStyle = cell) -> Paragraph:
        return Paragraph(text, style)

    # The QR code is encoded once and its drawing shared by the copies, as a careful hand would.
    qr = Drawing(26 * mm, 26 * mm)
    qr.add(QrCodeWidget(doc.qr_payload, barWidth=26 * mm, barHeight=26 * mm).draw())
    story: list[Any] = []
    for n in range(3):
        if n:
            story += slip.next_copy()
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
    return slip.build(story)


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
    a, b = alternate(render_release_slip, bare, doc, args.runs)
    print(f"items per slip: {args.items}, runs: {args.runs}")
    print(f"render_release_slip: median {a * 1000:.1f} ms per slip (3 copies)")
    print(f"bare reportlab:      median {b * 1000:.1f} ms per slip (3 copies)")
    print(f"ratio {a / b:.2f} (target <= 1.3)")


if __name__ == "__main__":
    main()
