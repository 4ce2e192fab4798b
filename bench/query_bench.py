"""How fast is the query behind one council's chart, against DuckDB on the same files?

    python bench/query_bench.py [--scale 1 10] [--repeats 7] [--keep]

Builds a national-scale synthetic values table in the project's contract
(153 councils, 9 regions and England x every registry indicator x 120 months
x breakdowns; at least 10 million rows at scale 1), one Parquet file per
indicator, sorted as publish sorts (headline rows first, then by breakdown,
area and period) with row-group statistics, so a chart's query reads a few
row groups of one file whatever the size of the rest. Then times, in a fresh process each, with that
process's own peak memory:

* metrics: query.series + comparators.comparator_series for one council
  (the council's headline series, England, region, and the mean and median
  of its 15 nearest neighbours), through the same DataStore the app uses;
* DuckDB: the same two results in SQL over the same files.

Prints both medians, the ratio, peak memory, and how latency grows from
scale 1 to scale 10. Targets: metrics <= 1.2x DuckDB; <= 2x latency at 10x
the data. It prints figures; it is not a test.
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import polars as pl  # noqa: E402

from metrics.core import registry  # noqa: E402
from metrics.storage import schema  # noqa: E402
from metrics.storage.publish import write_atomic  # noqa: E402
from metrics.storage.store import AREAS_FILE, GROUPS_FILE, VALUES_DIR  # noqa: E402
from seed.areas import build_areas  # noqa: E402

SHARED = ROOT.parent / "shared" / "data"
COUNCIL = "E06000016"
INDICATOR = "reablement_91day"
MONTHS = 120
#: Breakdown categories per area and indicator at scale 1 (age band 2, team 7, locality 5 ... ).
CATEGORIES = 12
#: The layout publish uses: headline rows first (breakdown empty), then each breakdown, each by area and period,
#: so a chart's headline query reads the first row groups of one file and skips the rest on their statistics.
SORT_ORDER = ("breakdown_dim", "breakdown_cat", "area_code", "period_end")


#: The columns build() gives values of its own; the rest of the contract's columns are left empty.
BUILT = (
    "indicator_id", "period_type", "breakdown_dim", "value", "numerator", "denominator", "status", "source",
    "provenance", "note", "definition",
)  # fmt: skip


def build(*, folder: Path, scale: int) -> int:
    """Write the synthetic data folder; returns its row count."""
    if folder.exists():
        shutil.rmtree(folder)
    (folder / VALUES_DIR).mkdir(parents=True)
    areas, groups = build_areas(shared_data=SHARED)
    areas.write_parquet(folder / AREAS_FILE)
    groups.write_parquet(folder / GROUPS_FILE)
    codes = areas.filter(pl.col("area_type") != "comparator group")["area_code"].to_list()
    months = pl.date_range(pl.date(2014, 4, 1), pl.date(2024, 3, 1), "1mo", eager=True).head(MONTHS)
    periods = pl.DataFrame({"period_start": months}).with_columns(
        pl.col("period_start").dt.month_end().alias("period_end"),
        pl.col("period_start").dt.strftime("%b %Y").alias("period_label"),
    )
    cats = [None] + [f"cat {i:03d}" for i in range(CATEGORIES * scale)]
    grid = (
        pl.DataFrame({"area_code": codes})
        .join(periods, how="cross")
        .join(pl.DataFrame({"breakdown_cat": cats}, schema={"breakdown_cat": pl.String}), how="cross")
    )
    total = 0
    for k, ind in enumerate(registry.INDICATORS):
        frame = (
            grid.with_columns(
                pl.lit(ind.id).alias("indicator_id"),
                pl.lit("month").alias("period_type"),
                pl.when(pl.col("breakdown_cat").is_null())
                .then(None)
                .otherwise(pl.lit("category"))
                .alias("breakdown_dim"),
                ((pl.int_range(pl.len()) * 7919 + k * 104729) % 9000 / 100.0 + 5.0).round(0).alias("value"),
                pl.lit(None, pl.Float64).alias("numerator"),
                pl.lit(None, pl.Float64).alias("denominator"),
                pl.lit("final").alias("status"),
                pl.lit("demonstration").alias("source"),
                pl.lit("demonstration").alias("provenance"),
                pl.lit(None, pl.String).alias("note"),
                pl.lit(None, pl.String).alias("definition"),
            )
            # any column the contract gained since (margin_of_error and others), empty, so the bench keeps running
            .with_columns(
                pl.lit(None, dtype).alias(name)
                for name, dtype in schema.VALUES.items()
                if name not in {*grid.columns, *BUILT}
            )
            .select(list(schema.VALUES))
            .cast(schema.VALUES)
            .sort(*SORT_ORDER, nulls_last=False)
        )
        write_atomic(frame=frame, target=folder / VALUES_DIR / f"bench_{ind.id}.parquet")  # as publish writes it
        total += frame.height
    return total


def measure_metrics(folder: Path, repeats: int) -> dict:
    from metrics.analysis import comparators
    from metrics.storage import query
    from metrics.storage.store import DataStore

    t0 = time.perf_counter()
    store = DataStore(folder)
    store.value_files()  # validation happens once per process, on first load
    first_load = time.perf_counter() - t0

    def run():
        # the work itself, not an answer the store kept from the repeat before (#29: a memoised result was timed);
        # the files read and checked at first load are kept, as in a running app
        store.forget_results()
        ours = query.series(store=store, indicator_id=INDICATOR, area_code=COUNCIL)
        comp = comparators.comparator_series(store=store, indicator_id=INDICATOR, area_code=COUNCIL, breakdown_dim=None)
        return ours.height, comp.height

    def kept():
        ours = query.series(store=store, indicator_id=INDICATOR, area_code=COUNCIL)
        comp = comparators.comparator_series(store=store, indicator_id=INDICATOR, area_code=COUNCIL, breakdown_dim=None)
        return ours.height, comp.height

    cached = _time(kept, repeats)["median_s"]
    return {"first_load_s": first_load, **_time(run, repeats), "kept_s": cached}


def measure_duckdb(folder: Path, repeats: int, *, same_files: bool = False) -> dict:
    """DuckDB over every file (as a user would point it at the folder), or, with ``same_files``, over
    exactly the files the metrics store opens for the indicator."""
    import duckdb

    from metrics.storage.store import DataStore

    con = duckdb.connect()
    con.execute("SET threads TO 2")
    if same_files:
        files = "[" + ", ".join(f"'{p}'" for p in DataStore(folder).files_for(INDICATOR)) + "]"
    else:
        files = "'" + str(folder / VALUES_DIR / "*.parquet") + "'"
    groups = pl.read_parquet(folder / GROUPS_FILE)
    members = groups.filter(pl.col("for_area") == COUNCIL)["member_code"].drop_nulls().to_list()
    areas = pl.read_parquet(folder / AREAS_FILE)
    region = areas.filter(pl.col("area_code") == COUNCIL)["region_code"][0]
    inlist = ",".join(f"'{m}'" for m in members)

    def run():
        ours = con.execute(
            f"SELECT * FROM read_parquet({files}) WHERE indicator_id = ? AND area_code = ? "
            "AND breakdown_dim IS NULL ORDER BY period_end",
            [INDICATOR, COUNCIL],
        ).to_arrow_table()
        published = con.execute(
            f"SELECT * FROM read_parquet({files}) WHERE indicator_id = ? AND area_code IN (?, ?) "
            "AND value IS NOT NULL AND breakdown_dim IS NULL",
            [INDICATOR, schema.ENGLAND, region],
        ).to_arrow_table()
        neighbours = con.execute(
            f"SELECT period_end, period_type, period_label, avg(value) AS mean, median(value) AS median, count(*) AS n "
            f"FROM read_parquet({files}) WHERE indicator_id = ? AND area_code IN ({inlist}) AND value IS NOT NULL "
            "AND breakdown_dim IS NULL GROUP BY ALL HAVING count(*) >= 3",
            [INDICATOR],
        ).to_arrow_table()
        return ours.num_rows, published.num_rows + 2 * neighbours.num_rows

    return _time(run, repeats)


def _time(run, repeats: int) -> dict:
    shape = run()  # warm-up: file metadata and caches, as a running app would have
    times = []
    for _ in range(repeats):
        t = time.perf_counter()
        run()
        times.append(time.perf_counter() - t)
    return {
        "median_s": statistics.median(times),
        "min_s": min(times),
        "rows": list(shape),
        "peak_rss_mb": own_peak_mb(),
    }


def own_peak_mb() -> float:
    """This process's own peak resident memory (VmHWM), in MiB.

    Not getrusage's ru_maxrss: on Linux that survives exec and starts at the peak of the parent that forked the
    process (here, the one that built the data), so each engine would report the same inherited figure.
    VmHWM belongs to the process's own address space, which exec makes new.
    """
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # not Linux: the best there is


def in_subprocess(engine: str, folder: Path, repeats: int) -> dict:
    out = subprocess.run(
        [sys.executable, __file__, "--measure", engine, "--dir", str(folder), "--repeats", str(repeats)],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--scale", type=int, nargs="+", default=[1, 10])
    ap.add_argument("--repeats", type=int, default=7)
    ap.add_argument("--dir", type=Path, default=ROOT / "bench" / ".data")
    ap.add_argument("--measure", choices=["metrics", "duckdb", "duckdb-same-files"])
    ap.add_argument("--reuse", action="store_true", help="measure data already built by --keep")
    ap.add_argument("--keep", action="store_true", help="keep the generated data")
    args = ap.parse_args()
    if args.measure:
        if args.measure == "metrics":
            print(json.dumps(measure_metrics(args.dir, args.repeats)))
        else:
            print(json.dumps(measure_duckdb(args.dir, args.repeats, same_files=args.measure == "duckdb-same-files")))
        return 0

    results = {}
    for scale in args.scale:
        folder = args.dir / f"scale{scale}"
        t = time.perf_counter()
        if args.reuse and folder.exists():
            rows = pl.scan_parquet(folder / VALUES_DIR / "*.parquet").select(pl.len()).collect().item()
        else:
            rows = build(folder=folder, scale=scale)
        print(
            f"\nscale {scale}: {rows:,} rows in {len(registry.INDICATORS)} files, ready in {time.perf_counter() - t:.0f}s"
        )
        m = in_subprocess("metrics", folder, args.repeats)
        d = in_subprocess("duckdb", folder, args.repeats)
        same = in_subprocess("duckdb-same-files", folder, args.repeats)
        results[scale] = (m, d)
        print(
            f"  metrics first load (files written by publish: column checks; once per process): "
            f"{m['first_load_s']:.2f}s"
        )
        print(
            f"  metrics query: median {m['median_s'] * 1000:7.1f} ms, uncached (rows {m['rows']})  "
            f"peak RSS {m['peak_rss_mb']:.0f} MB; {m['kept_s'] * 1000:.2f} ms when the store has kept the answer"
        )
        print(
            f"  duckdb  query: median {d['median_s'] * 1000:7.1f} ms  (rows {d['rows']})  peak RSS {d['peak_rss_mb']:.0f} MB"
        )
        print(f"  duckdb, given only the files the store opens: median {same['median_s'] * 1000:7.1f} ms")
        ratio = m["median_s"] / d["median_s"]
        print(
            f"  ratio metrics/duckdb: {ratio:.2f}x  (target <= 1.2x: {'met' if ratio <= 1.2 else 'NOT met'}); "
            f"against duckdb on the same files: {m['median_s'] / same['median_s']:.2f}x"
        )
        if not args.keep:
            shutil.rmtree(folder)
    if len(results) >= 2:
        lo, hi = min(results), max(results)
        growth = results[hi][0]["median_s"] / results[lo][0]["median_s"]
        dgrowth = results[hi][1]["median_s"] / results[lo][1]["median_s"]
        print(
            f"\nlatency growth, scale {lo} -> {hi}: metrics {growth:.2f}x, duckdb {dgrowth:.2f}x "
            f"(target <= 2x: {'met' if growth <= 2 else 'NOT met'})"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
