"""Work slip PDF: ``work_slip_pdf`` vs the same slip drawn with bare reportlab calls.

Both run in this one warm process (font registered, modules imported, a few warm-up slips) and
make the same A5 slip: two copies (engineering / office), a band with the copy's name on each
page, title, facts grid, problem, technician and sign-for line, findings, quote, materials and
hours table, work done, signature boxes, callback table, progress table and the "page x / y"
footer. They alternate, each timed per slip; the medians are compared. The target is a ratio of
at most 1.3. The last line printed is the ratio.

    .venv/bin/python benchmarks/work_slip_pdf.py [--runs 30]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from reportlab.lib.pagesizes import A5
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph

from benchmarks._bare_slip import BareSlip, alternate
from frontdesk.callbacks.paper import CallLine
from frontdesk.i18n import set_language
from frontdesk.workorders.document import SlipMaterial, WorkSlip
from reports.fonts import cjk_font_name
from reports.work_slip import work_slip_pdf

FONT = ""


def sample() -> WorkSlip:
    """A typical paid water job, completed and called back."""
    return WorkSlip(
        office_name="幸福里物业管理处", title="派工单", number="GC-20261123-0007", paper="A5",
        copies=("第一联 工程部联", "第二联 办公室联"),
        fields=(("报修时间", "2026-11-23 10:00"), ("部门", "工程部"), ("房号或地点", "3-1502"),
                ("报修人", "李秀英"), ("电话", "138****5678"), ("类别", "给排水"), ("紧急程度", "紧急"),
                ("响应时限", "2026-11-23 10:30"), ("完成时限", "2026-11-23 14:00"),
                ("预约时间", "2026-11-23 13:00–15:00"), ("收费", "有偿服务"), ("状态", "已完工，待回访")),
        problem="厨房水管漏水，楼下天花板渗水", technician="张师傅", signed_for="2026-11-23 10:20",
        findings="角阀老化开裂", quote="人工 ¥120.00，材料 ¥35.50，合计 ¥155.50", work_done="更换角阀并试水",
        materials=(SlipMaterial("角阀", "1", "个", "35.50"), SlipMaterial("生料带", "2", "卷", "0.00")),
        hours="1.5", fee="155.50",
        progress=tuple((s, "前台 林晓燕 2026-11-23 10:05", t) for s, t in (
            ("已创建", ""), ("已派工", "张师傅具备“给排水”技能；手上没有未完成的单"), ("已签领", ""),
            ("勘察结束", "角阀老化开裂"), ("已报价", "人工 ¥120.00，材料 ¥35.50"), ("报价已批准", ""),
            ("维修中", ""), ("已完工，待回访", "更换角阀并试水"))),
        calls=(CallLine("2026-11-24 15:00", "王芳", "电话", "满意", "结案", "修好了，谢谢"),),
    )  # fmt: skip


def bare(slip: WorkSlip) -> bytes:
    """The same slip with plain platypus: one document, a page break between copies."""
    body = ParagraphStyle("b", fontName=FONT, fontSize=9, leading=13, wordWrap="CJK")
    cell = ParagraphStyle("c", parent=body, fontSize=8.1, leading=11)
    title = ParagraphStyle("t", parent=body, fontSize=14, leading=20, alignment=1)
    head = ParagraphStyle("h", parent=body, fontSize=10.8, leading=15)
    width = A5[0] - 24 * mm
    bare_slip = BareSlip(FONT, slip.office_name, f"{slip.title}  {slip.number}", slip.copies)
    grid = bare_slip.grid

    def p(text: str, style: ParagraphStyle = cell) -> Paragraph:
        return Paragraph(text, style)

    story: list[Any] = []
    for n in range(2):
        if n:
            story += bare_slip.next_copy()
        pairs = [("编号", slip.number), *slip.fields]
        facts = [[p(a[0]), p(a[1]), p(b[0]), p(b[1])] for a, b in zip(pairs[::2], pairs[1::2], strict=False)]
        materials = [[p(h) for h in ("序号", "材料", "数量", "单位", "金额（元）")]]
        materials += [[p(str(k)), p(m.name), p(m.quantity), p(m.unit), p(m.amount)]
                      for k, m in enumerate(slip.materials, 1)]  # fmt: skip
        materials.append([p(""), p(f"工时：{slip.hours}"), p(""), p("费用"), p(slip.fee)])
        calls = [[p(h) for h in ("时间", "回访人", "方式", "满意度", "结果", "住户意见")]]
        calls += [[p(c.when), p(c.caller), p(c.method), p(c.satisfaction), p(c.outcome), p(c.words)]
                  for c in slip.calls]  # fmt: skip
        steps = [[p(h) for h in ("步骤", "经办人、时间", "记录内容")]]
        steps += [[p(a), p(b), p(c)] for a, b, c in slip.progress]
        two = [width * 0.17, width * 0.83]
        signatures = [[p("完工（维修人员）"), p("验收（住户）"), p("日期")], [p(""), p(""), p("")]]
        story += [
            p(slip.title, title),
            grid(facts, [width * 0.17, width * 0.33] * 2),
            grid([[p("问题描述"), p(slip.problem)]], two),
            grid([[p("维修人员"), p(slip.technician), p("签领（签名、时间）"), p(slip.signed_for)]],
                 [width * 0.17, width * 0.23, width * 0.25, width * 0.35]),
            grid([[p("勘察结果"), p(slip.findings)]], two),
            grid([[p("报价"), p(slip.quote)]], two),
            p("材料及工时", head),
            grid(materials, [width * w / 7.9 for w in (0.6, 3.6, 1.1, 1.2, 1.4)], header=True),
            grid([[p("完成情况"), p(slip.work_done)]], two),
            grid(signatures, [width / 3] * 3),
            p("回访", head),
            grid(calls, [width * w / 7.0 for w in (1.3, 0.9, 0.7, 0.9, 0.8, 2.4)], header=True),
            p("处理过程", head),
            grid(steps, [width * w / 6.0 for w in (1.2, 1.8, 3.0)], header=True),
        ]  # fmt: skip
    return bare_slip.build(story)


def main() -> None:
    """Time both, alternating, and print the medians and their ratio."""
    global FONT
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()
    set_language("zh_CN")
    FONT = cjk_font_name()
    slip = sample()
    a, b = alternate(work_slip_pdf, bare, slip, args.runs)
    print(f"runs: {args.runs}")
    print(f"work_slip_pdf:  median {a * 1000:.1f} ms per slip (2 copies)")
    print(f"bare reportlab: median {b * 1000:.1f} ms per slip (2 copies)")
    print(f"ratio {a / b:.2f} (target <= 1.3)")


if __name__ == "__main__":
    main()
