"""How long does ingesting everything take? Target: at most 60 seconds on this machine.

    python bench/ingest_bench.py [--repeats 3]

Rebuilds a copy of the data folder from scratch (areas, every transcription,
demonstration detail, and every national adapter: DHSC ASCOF workbook, ASCOF
trend compilation, Oflog, CQC directory, ONS population) and prints the time
of each run and the largest dataset's row count. It prints figures; it is not a test.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--repeats", type=int, default=3)
    args = ap.parse_args()
    times = []
    for _ in range(args.repeats):
        folder = Path(tempfile.mkdtemp()) / "data"
        t = time.perf_counter()
        run = subprocess.run(
            [sys.executable, "-m", "metrics.seed", "--data-dir", str(folder)], cwd=ROOT, capture_output=True, text=True
        )
        times.append(time.perf_counter() - t)
        if run.returncode != 0:
            print(run.stderr)
            return 1
        rows = {p.stem: p.stat().st_size for p in (folder / "values").glob("*.parquet")}
        shutil.rmtree(folder.parent, ignore_errors=True)
    print(
        f"full ingest from the published originals: median {statistics.median(times):.1f}s over {args.repeats} "
        f"runs (min {min(times):.1f}s, max {max(times):.1f}s); target <= 60s: "
        f"{'met' if max(times) <= 60 else 'NOT met'}"
    )
    print("datasets written:", ", ".join(sorted(rows)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
