"""How long does exporting a 20-indicator meeting pack take? Target: at most 15 seconds on this machine (#27).

    python bench/pack_bench.py [--repeats 3] [--council E06000016] [--out bench/.data]

Builds the briefs for the first 20 indicators of the "Quarterly performance
report" preset (topped up from the headline preset when a council has fewer),
then the PowerPoint and the PDF with chart images from the system Chromium,
exactly as the Meeting pack page does. Prints the time of each stage per run
and writes the last run's files to --out so they can be opened. It prints
figures; it is not a test.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import polars as pl  # noqa: E402

from metrics.commentary import sqlite as commentary  # noqa: E402
from metrics.core.settings import load_settings  # noqa: E402
from metrics.figures import agenda, briefing  # noqa: E402
from metrics.storage import query  # noqa: E402
from metrics.storage.store import DataStore  # noqa: E402
from pack.build import meeting_pack  # noqa: E402

TARGET_SECONDS = 15
ITEMS = 20


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--council", default="E06000016")
    ap.add_argument("--out", type=Path, default=ROOT / "bench" / ".data")
    args = ap.parse_args()
    settings = load_settings()
    have = (
        DataStore(settings.data_dir)
        .collect(
            lambda v: v.filter((pl.col("area_code") == args.council) & pl.col("value").is_not_null()).select(
                "indicator_id"
            )
        )["indicator_id"]
        .to_list()
    )
    # as the Meeting pack page does: the preset's indicators the council has figures for, topped up to 20
    ids = list(dict.fromkeys(agenda.QUARTERLY.indicator_ids + agenda.HEADLINES.indicator_ids))
    ids = [i for i in ids if i in set(have)][:ITEMS]
    totals, stages = [], []
    for _ in range(args.repeats):
        store = DataStore(settings.data_dir)  # a cold store each run: reading the data is part of the export
        t0 = time.perf_counter()
        published = store.commentary()
        briefs = []
        for i in ids:
            b = briefing.build(
                store=store,
                indicator_id=i,
                area_code=args.council,
                heading=agenda.heading(indicator_id=i, preset=agenda.QUARTERLY),
                audience=settings.audience,
                threshold=settings.suppression_threshold,
            )
            mine = published.filter((published["indicator_id"] == i) & (published["area_code"] == args.council))
            briefs.append(b.with_messages(commentary.latest_messages(published=mine, edits=[])))
        t1 = time.perf_counter()
        pack = meeting_pack(
            briefs=briefs,
            title="Quarterly performance report",
            council=query.area_name(store=store, area_code=args.council),
            meeting="Benchmark run",
            threshold=settings.suppression_threshold,
            audience=settings.audience,
        )
        t2 = time.perf_counter()
        totals.append(t2 - t0)
        stages.append((t1 - t0, t2 - t1))
        print(
            f"run: briefs {t1 - t0:.1f}s, images + PowerPoint + PDF {t2 - t1:.1f}s, total {t2 - t0:.1f}s "
            f"({len(pack.pptx) / 1e6:.1f} MB pptx, {len(pack.pdf) / 1e6:.1f} MB pdf)"
        )
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / f"{pack.file_stem}.pptx").write_bytes(pack.pptx)
    (args.out / f"{pack.file_stem}.pdf").write_bytes(pack.pdf)
    median = statistics.median(totals)
    print(
        f"{len(ids)} indicators: median {median:.1f}s over {args.repeats} runs "
        f"(briefs {statistics.median(s[0] for s in stages):.1f}s, export {statistics.median(s[1] for s in stages):.1f}s); "
        f"target {TARGET_SECONDS}s: {'met' if median <= TARGET_SECONDS else 'NOT met'}"
    )
    print(f"files: {args.out / pack.file_stem}.pptx and .pdf")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
