"""Complaints: the keyword suggestion on a 200-character text (target ≤ 5 ms), and the complaint list
filtered by status and month on ten years of demo data against one year (target ≤ 1.5×).

    .venv/bin/python benchmarks/complaints.py [--units 1000] [--folder DIR]

The demo databases are built once with the command line (``benchmarks/_demo.py``) in a folder of
this benchmark's own and reused. The last line prints the list's ratio.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks._demo import demo_database, spread
from frontdesk.auth import Actor
from frontdesk.complaints.rows import ListFilter
from frontdesk.db import parse_target
from frontdesk.services import connect

TEXT = (
    "你好，我是三栋一五零二的业主。上个月的物业费账单好像多收了一个月，我对了一下银行流水，"
    "确实扣了两次。另外楼道的灯坏了一个星期也没有人来修，晚上回家很不方便，家里卫生间也有点漏水，"
    "请问什么时候能派人来看看？我觉得你们的服务真的需要改进，希望尽快给我一个答复，谢谢。"
    "如果还是不处理，我会向业委会反映这个乱收费的问题。请问前台什么时候有人？麻烦尽快回电。"
) * 2


def _time(call: object, runs: int) -> float:
    samples = []
    for _n in range(runs):
        start = time.perf_counter()
        call()  # type: ignore[operator]
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def _list_time(path: Path, month: str, runs: int) -> float:
    services = connect(parse_target(path), backup_folder=path.parent / "bk", exclusive=False)
    try:
        actor = Actor.command_line()
        filters = ListFilter(status="closed", month=month)

        def listing() -> None:
            rows = services.complaints.list_complaints(actor=actor, filters=filters, limit=200)
            assert rows

        listing()  # warm the page cache
        return _time(listing, runs)
    finally:
        services.close()


def main() -> None:
    """Build (or reuse) the demo databases and print the two measurements."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--units", type=int, default=1000)
    parser.add_argument(
        "--folder", type=Path, default=Path(tempfile.gettempdir()) / "frontdesk-bench-complaints"
    )
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    args.folder.mkdir(parents=True, exist_ok=True)
    one = demo_database(args.folder, 1, args.units)
    ten = demo_database(args.folder, 10, args.units)
    today = date.today()
    month = f"{today.year - (today.month == 1)}-{(today.month - 2) % 12 + 1:02d}"  # last month: all closed

    services = connect(parse_target(one), backup_folder=args.folder / "bk", exclusive=False)
    try:
        actor = Actor.command_line()
        assert len(TEXT) >= 200
        suggestion = services.complaints.suggest(actor=actor, text=TEXT[:200])
        ms = _time(lambda: services.complaints.suggest(actor=actor, text=TEXT[:200]), 300) * 1000
        words = len(suggestion.words)
        print(f"suggestion on {len(TEXT[:200])} characters: {ms:.2f} ms ({suggestion.code}, {words} words)")
    finally:
        services.close()

    ratios = []
    for _round in range(args.rounds):  # alternated: drift of the machine hits both alike
        small = _list_time(one, month, 50)
        large = _list_time(ten, month, 50)
        ratios.append(large / small)
    print(
        f"complaint list (closed, {month}), one year: {small * 1000:.2f} ms, ten years: {large * 1000:.2f} ms"
    )
    print(f"complaint list ten years vs one: {spread(ratios)}")


if __name__ == "__main__":
    main()
