"""The visitor pass and the collection notice: rendered and read back, in Chinese."""

from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import replace
from datetime import datetime
from pathlib import Path

import pytest

from frontdesk import i18n
from frontdesk.visitors.documents import CollectionNoticeDocument, VisitorPassDocument, mask_name
from frontdesk.visitors.kinds import IdPolicy
from reports.collection_notice import collection_notice_pdf
from reports.visitor_pass import PassSize, code_box, visitor_pass_pdf
from tests.unit.reports.conftest import PdfReader

PASS = VisitorPassDocument(
    office_name="幸福里物业管理处",
    pass_number="FK-20261125-0007",
    name_masked=mask_name("李小明"),
    host="3-1502 王秀英",
    purpose="探访住户",
    companions=2,
    plate="粤B12345",
    time_in=datetime(2026, 11, 25, 9, 30),
    valid_until=datetime(2026, 11, 25, 23, 59),
)


@pytest.fixture
def chinese() -> None:
    """Documents in Simplified Chinese (the tests run in English by default)."""
    i18n.set_language("zh_CN")


def _flat(text: str) -> str:
    return "".join(text.split())


def test_names_are_masked_on_the_pass() -> None:
    assert (mask_name("李小明"), mask_name("王五"), mask_name("欧阳娜娜"), mask_name("A")) == (
        "李*明",
        "王*",
        "欧**娜",
        "A",
    )


@pytest.mark.usefixtures("chinese")
@pytest.mark.parametrize("size", ["A6", "label"])
def test_the_pass_reads_back_in_chinese(poppler_pages: PdfReader, size: str) -> None:
    pages = poppler_pages(visitor_pass_pdf(PASS, size=size))  # type: ignore[arg-type]
    assert len(pages) == 1
    text = _flat(pages[0])
    for expected in (
        "访客证",
        "FK-20261125-0007",
        "李*明+2",
        "3-1502王秀英",
        "2026-11-2523:59",
        "粤B12345",
        "有效期至",
    ):
        assert expected in text, (expected, text)
    assert "李小明" not in text


@pytest.mark.usefixtures("chinese")
@pytest.mark.parametrize("size", ["A6", "label"])
def test_the_pass_carries_its_number_as_a_qr_code_the_desk_scans(
    qr_codes: PdfReader, tmp_path: Path, size: PassSize
) -> None:
    """The scanner types what the code holds into the sign-out field: the pass number, nothing else;
    no word of the pass runs into the code, even a long one beside it on a label."""
    long_host = replace(PASS, pass_number="B-07", host="12-3501 欧阳娜娜（业主）送货上门的家具公司")
    for document in (PASS, long_host):
        data = visitor_pass_pdf(document, size=size)
        assert qr_codes(data) == [document.pass_number]
        words = _words(data, tmp_path)
        name = document.host.split()[-1]
        shown = [w for w, _box in words if w[:2] == name[:2]]
        assert shown == [name] or (size == "label" and shown[0].endswith("…")), (
            shown
        )  # cut, not over the code
        x, y, side = code_box(size)
        overlapping = [
            w for w, (x0, y0, x1, y1) in words if x0 < x + side and x1 > x and y0 < y + side and y1 > y
        ]
        assert overlapping == [], overlapping
    assert qr_codes(visitor_pass_pdf(replace(PASS, pass_number=""), size=size)) == [""]  # nothing to scan


def _words(data: bytes, folder: Path) -> list[tuple[str, tuple[float, float, float, float]]]:
    """Each word pdftotext finds and its box (x0, y0, x1, y1) in points from the page's lower left."""
    binary = shutil.which("pdftotext")
    if binary is None:
        pytest.skip("pdftotext (Debian package poppler-utils) is not installed")
    (folder / "pass.pdf").write_bytes(data)
    html = subprocess.run(
        [binary, "-bbox", str(folder / "pass.pdf"), "-"], capture_output=True, text=True, check=True
    )
    height = float(re.search(r'<page width="[0-9.]+" height="([0-9.]+)"', html.stdout)[1])  # type: ignore[index]
    found = re.findall(
        r'<word xMin="([0-9.]+)" yMin="([0-9.]+)" xMax="([0-9.]+)" yMax="([0-9.]+)">([^<]*)<', html.stdout
    )
    return [
        (word, (float(x0), height - float(y1), float(x1), height - float(y0)))
        for x0, y0, x1, y1, word in found
    ]


@pytest.mark.usefixtures("chinese")
@pytest.mark.parametrize("policy", list(IdPolicy))
def test_the_collection_notice_states_purpose_retention_and_whom_to_ask(
    poppler_pages: PdfReader, policy: IdPolicy
) -> None:
    notice = CollectionNoticeDocument(
        "幸福里物业管理处", "0755-86688888", "幸福路1号", 30, policy, ("探访住户", "送货")
    )
    text = _flat("".join(poppler_pages(collection_notice_pdf(notice))))
    for expected in (
        "访客个人信息收集告知",
        "30天",
        "幸福里物业管理处·0755-86688888·幸福路1号",
        "探访住户、送货",
    ):
        assert expected in text, (expected, text)
    assert ("110101********123X" in text) is (policy is IdPolicy.RECORDED)
