"""How fast, and in how much memory, are the CLD indicators computed for one council, a region and England?

    python bench/cld_bench.py [--sample .cache/cld_sample] [--scale 1.0]

Writes the synthetic all-England CLD sample first if it is not there (metrics.seed.national_cld: 153 councils,
three years, about 2 million requests from new people a year), then, each in a fresh process so its peak memory is
its own, computes every measure as the ingest does (metrics.ingest.cld.computed_rows: the real reader with its
checks, every monthly and weekly indicator, the quarter and year rollups, the yearly ASCOF measures and the
quarterly costs) for:

* one council (Leicester), one region (East Midlands) and all of England, one council partition at a time;
* a tenth of England's records against all of them, for how time grows with size (target: 10x the records in no
  more than 12x the time);
* one extract of 2 million rows (a CSV of about 630 MB, written from the largest councils' partitions) through
  the ingest command, ``python -m metrics.ingest cld``, as a council would run it (target: under 60 s and under
  2 GB, #26);
* the national job (``python -m national``: every council, then regions and England pooled) on polars in one
  process and on Apache Spark (local[2]), at the ten councils of the Spark parity test and at all 153, each in its
  own process, with the whole process tree's peak memory (``--national`` runs this part alone);
* the review-overdue snapshot alone, by this code on polars and on Spark (local[2]) and by DuckDB's SQL, at the
  ten councils and at all 153, each in its own process with its process tree's peak memory, checking that all
  three give the same count in every council and month;
* the review-overdue snapshot alone, over all of England's Parquet, by this code (polars) and by DuckDB as the
  yardstick (target: ours no slower than DuckDB's), checking that both give the same counts.

Targets (#25): all of England in no more than 60 s and under 2 GB on this 2-core machine, with the output unchanged
(each run prints the number of rows and a digest of them: compare with docs/development.md's). England is timed in
one process and shared over two (councils are independent). It prints figures; it is not a test.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import resource
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import polars as pl  # noqa: E402

from metrics.cld import extract, indicators  # noqa: E402
from metrics.ingest.cld import computed_rows  # noqa: E402

HOME, REGION = "E06000016", "E12000004"


def partitions(sample: Path, scope: str) -> list[Path]:
    """The council partitions a scope covers: 'council', 'region', 'tenth' (the first councils holding a tenth of
    the records) or 'england'."""
    every = sorted(sample.glob("area_code=*/events.parquet"))
    if scope == "council":
        return [p for p in every if p.parent.name == f"area_code={HOME}"]
    if scope == "region":
        areas = pl.read_parquet(ROOT / "data" / "areas.parquet")
        codes = set(areas.filter(pl.col("region_code") == REGION)["area_code"])
        return [p for p in every if p.parent.name.split("=")[1] in codes]
    if scope == "tenth":
        sizes = [(p, pl.scan_parquet(p).select(pl.len()).collect().item()) for p in every]
        total, out, held = sum(n for _, n in sizes), [], 0
        for p, n in sizes:
            if held >= total / 10:
                break
            out.append(p)
            held += n
        return out
    return every


_SHARED: dict[str, pl.DataFrame] = {}


def _load_shared() -> None:
    """What every council's computation reads besides its events, loaded once per process."""
    _SHARED["locations"] = pl.read_parquet(ROOT / "data" / "cqc_locations.parquet")
    _SHARED["population"] = pl.read_parquet(ROOT / "data" / "population.parquet")


def own_peak_mb() -> float:
    """This process's own peak resident memory (VmHWM), in MiB: not getrusage's ru_maxrss, which on Linux starts at
    the peak of the parent that forked the process (#29: 494 MB reported where the child's own was 269 MB)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # not Linux: the best there is


def one_council(path: Path) -> dict:
    """Every indicator for one council partition, as the ingest computes it, with a digest of its rows (the sum of
    their hashes, so the same rows in any order give the same digest) for checking that a faster version gives
    the same output."""
    if not _SHARED:
        _load_shared()
    found, quality = extract.read_extracts([path])
    month_ends = indicators.months(found, submissions=quality.submissions)
    area = path.parent.name.split("=")[1]
    rows = computed_rows(
        found,
        submissions=quality.submissions,
        locations=_SHARED["locations"],
        population=_SHARED["population"],
        area_code=area,
    )
    timed = time.perf_counter()  # DHSC's waiting times again on their own, for what the new measures cost
    indicators.dhsc_waits(
        found,
        month_ends=month_ends,
        from_day=indicators.first_day(found, submissions=quality.submissions),
        local=indicators.local_columns(found),
    )
    waits = time.perf_counter() - timed
    digest = int(rows.with_columns(pl.lit(area).alias("area")).hash_rows(seed=7).sum() or 0) % 2**64
    return {
        "events": found.height,
        "rows": rows.height,
        "waits_seconds": waits,
        "digest": digest,
        "peak_mb": own_peak_mb(),
    }


def measure(sample: Path, scope: str, *, workers: int = 1) -> dict:
    """Every indicator for every council in the scope, one partition at a time in each of ``workers`` processes
    (councils are independent: a national run shares them out)."""
    paths = partitions(sample, scope)
    began = time.perf_counter()
    if workers == 1:
        done = [one_council(path) for path in paths]
    else:
        import os
        from concurrent.futures import ProcessPoolExecutor
        from multiprocessing import get_context

        # each worker computes one small council at a time: one thread each, rather than two workers' thread
        # pools contending for two cores (10% faster, measured on a tenth of England)
        os.environ["POLARS_MAX_THREADS"] = "1"
        # the largest councils first, so that no worker is left with a county while the other waits
        largest_first = sorted(paths, key=lambda path: path.stat().st_size, reverse=True)
        with ProcessPoolExecutor(workers, mp_context=get_context("spawn"), initializer=_load_shared) as pool:
            done = list(pool.map(one_council, largest_first, chunksize=1))
    waits_seconds = sum(d["waits_seconds"] for d in done)
    own = own_peak_mb()
    child = max(d["peak_mb"] for d in done)  # each worker's own peak, as it reported it
    return {
        "scope": scope,
        "workers": workers,
        "councils": len(paths),
        "events": sum(d["events"] for d in done),
        "rows": sum(d["rows"] for d in done),
        "digest": sum(d["digest"] for d in done) % 2**64,
        "waits_seconds": waits_seconds,
        # the waits are timed again on their own, after each council, so they are taken out of the elapsed time
        # (with several workers, in proportion)
        "seconds": time.perf_counter() - began - waits_seconds / workers,
        # with workers: this process and, at most, each worker at the largest worker's peak
        "peak_mb": own + workers * child if workers > 1 else own,
    }


MONTH_ENDS = pl.date_range(date(2020, 4, 1), date(2023, 3, 1), "1mo", eager=True).dt.month_end().to_list()
SNAPSHOT_COLUMNS = [
    "LA_Person_Unique_Identifier",
    "Event_Type",
    "Event_Start_Date",
    "Event_End_Date",
    "Date_of_Death",
    "Service_Type",
    "Birth_Year_Month",
    "Gender",
    "Ethnicity",
    "Primary_Support_Reason",
]


def snapshot_paths(sample: Path, *, ten: bool) -> list[Path]:
    """The partitions the snapshot yardstick reads: all of England's, or the ten councils of the Spark parity test."""
    every = partitions(sample, "england")
    return [p for p in every if p.parent.name.split("=")[1] in TEN] if ten else every


def overdue_of(events: pl.DataFrame, *, area_code: str) -> pl.DataFrame:
    """People 24 months overdue at each month end in one council's events, by metrics.cld.indicators.snapshot_runs."""
    events = events.select([c for c in SNAPSHOT_COLUMNS if c != "Birth_Year_Month"]).with_columns(
        pl.lit(None, pl.String).alias("Birth_Year_Month")
    )
    runs = indicators.snapshot_runs(events, ends=MONTH_ENDS)
    counts = indicators.snapshot_by(runs, field=None, ends=MONTH_ENDS)
    overdue = counts.filter(pl.col("reviews_overdue_24m") > 0).select(
        pl.col("_month").alias("month"), pl.col("reviews_overdue_24m").cast(pl.Int64).alias("overdue")
    )
    return overdue.with_columns(pl.lit(area_code).alias("area_code"))


def overdue_polars(sample: Path, paths: list[Path]) -> tuple[float, pl.DataFrame]:
    """The snapshot by this code, one council partition after another."""
    began, parts = time.perf_counter(), []
    for path in paths:
        events = pl.read_parquet(path, columns=[c for c in SNAPSHOT_COLUMNS if c != "Birth_Year_Month"])
        parts.append(overdue_of(events, area_code=path.parent.name.split("=")[1]))
    return time.perf_counter() - began, pl.concat(parts)


def overdue_spark(sample: Path, paths: list[Path]) -> tuple[float, pl.DataFrame]:
    """The snapshot by this code on Apache Spark (local[2]): each council's events to a worker through
    ``groupBy("area_code").applyInArrow``, as the national driver does (national.spark). Timed from the session's
    start, as ``python -m national`` reports its job."""
    import tempfile

    import pyarrow as pa

    from national.spark import session

    def one(table: pa.Table) -> pa.Table:
        frame = pl.from_arrow(table)
        assert isinstance(frame, pl.DataFrame)
        out = overdue_of(frame, area_code=str(frame["area_code"][0])).select("area_code", "month", "overdue")
        return out.to_arrow().cast(
            pa.schema([("area_code", pa.string()), ("month", pa.date32()), ("overdue", pa.int64())])
        )

    began = time.perf_counter()
    with tempfile.TemporaryDirectory() as scratch:
        spark = session(master="local[2]", scratch=Path(scratch))
        try:
            events = spark.read.option("basePath", str(sample)).parquet(*(str(p) for p in paths))
            mapped = events.groupBy("area_code").applyInArrow(
                one, schema="area_code string, month date, overdue bigint"
            )
            found = pl.from_arrow(mapped.toArrow())
        finally:
            spark.stop()
    assert isinstance(found, pl.DataFrame)
    return time.perf_counter() - began, found


def overdue_duckdb(sample: Path, paths: list[Path]) -> tuple[float, pl.DataFrame]:
    """The same snapshot in DuckDB SQL over the same Parquet: the yardstick."""
    import duckdb

    began = time.perf_counter()
    con = duckdb.connect()
    con.execute("SET threads TO 2")
    files = "[" + ", ".join(f"'{p}'" for p in paths) + "]"
    months = ", ".join(f"DATE '{m}'" for m in MONTH_ENDS)
    frame = con.sql(f"""
        WITH ev AS (SELECT * FROM read_parquet({files}, hive_partitioning = true)),
        months AS (SELECT unnest([{months}]) AS month),
        base AS (SELECT area_code, LA_Person_Unique_Identifier AS person, Event_Start_Date AS s, Event_End_Date AS e,
                        Date_of_Death AS dod FROM ev WHERE Service_Type LIKE 'Long term support%'),
        reach AS (SELECT *, max(coalesce(e, DATE '9999-12-31')) OVER (PARTITION BY area_code, person ORDER BY s, e
                  NULLS LAST ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS reached FROM base),
        spells AS (SELECT *, sum(CASE WHEN reached IS NULL OR s > reached + INTERVAL 1 DAY THEN 1 ELSE 0 END)
                   OVER (PARTITION BY area_code, person ORDER BY s, e NULLS LAST ROWS UNBOUNDED PRECEDING) AS spell
                   FROM reach),
        lts AS (SELECT *, min(s) OVER (PARTITION BY area_code, person, spell) AS spell_start FROM spells),
        open AS (SELECT area_code, person, month, min(spell_start) AS since FROM lts JOIN months
                 ON s <= month AND (e IS NULL OR e >= month) AND (dod IS NULL OR dod > month) GROUP BY ALL),
        rev AS (SELECT area_code, LA_Person_Unique_Identifier AS person, Event_End_Date AS reviewed FROM ev
                WHERE Event_Type = 'Review' AND Event_End_Date IS NOT NULL)
        SELECT o.area_code, o.month, count(*) AS overdue FROM open o
        ASOF LEFT JOIN rev r ON o.area_code = r.area_code AND o.person = r.person AND o.month >= r.reviewed
        WHERE greatest(coalesce(r.reviewed, o.since), o.since) <= o.month - INTERVAL 24 MONTH
        GROUP BY ALL""").pl()
    return time.perf_counter() - began, frame


BIG_ROWS = 2_000_000


def big_extract(sample: Path) -> Path:
    """One CSV extract of :data:`BIG_ROWS` rows, from the largest councils' partitions (person identifiers name
    their council, so none is shared), written once beside the sample."""
    path = sample.parent / "cld_big_extract.csv"
    if path.exists():
        return path
    sizes = sorted(
        ((pl.scan_parquet(p).select(pl.len()).collect().item(), p) for p in sample.glob("area_code=*/events.parquet")),
        reverse=True,
    )
    frames, held = [], 0
    for n, p in sizes:
        frames.append(pl.read_parquet(p).drop("area_code", strict=False))
        held += n
        if held >= BIG_ROWS:
            break
    pl.concat(frames, how="diagonal_relaxed").head(BIG_ROWS).write_csv(path)
    return path


def ingest_big(sample: Path) -> dict:
    """The ingest command over :func:`big_extract`, in this process, into a copy of the data folder."""
    import shutil
    import tempfile

    from metrics.ingest.__main__ import main as ingest

    path = big_extract(sample)
    with tempfile.TemporaryDirectory() as scratch:
        data = Path(scratch) / "data"
        shutil.copytree(ROOT / "data", data, ignore=shutil.ignore_patterns(".versions"))
        began = time.perf_counter()
        code = ingest(["--data-dir", str(data), "cld", str(path), "--dataset", "big_extract", "--area", HOME])
        seconds = time.perf_counter() - began
        rows = (
            pl.scan_parquet(data / "values" / "big_extract.parquet").select(pl.len()).collect().item()
            if not code
            else 0
        )
    return {
        "seconds": seconds,
        "peak_mb": own_peak_mb(),
        "code": code,
        "rows": rows,
        "megabytes": path.stat().st_size / 2**20,
    }


#: The ten councils of the Spark parity test (tests/national/test_spark.py): four regions, every kind of council.
TEN = (
    "E06000001",
    "E06000002",
    "E06000005",
    "E06000016",
    "E06000017",
    "E06000018",
    "E08000001",
    "E09000001",
    "E10000003",
    "E10000018",
)


def _tree_rss_mb(pid: int) -> float:
    """The resident memory of a process and every process under it (a Spark run is a JVM and Python workers
    beside the driver), in MiB, from /proc."""
    children: dict[int, list[int]] = {}
    for status in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = status.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(int(status.parent.name))
    total, todo = 0.0, [pid]
    while todo:
        here = todo.pop()
        todo += children.get(here, [])
        try:
            for line in Path(f"/proc/{here}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1]) / 1024
        except OSError:
            continue
    return total


def national_run(sample: Path, *, engine: str, councils: tuple[str, ...] | None) -> dict:
    """``python -m national`` (every council's figures, then regions and England pooled) in its own process, with
    the peak of the whole process tree's memory sampled every 0.1 s and the time the command reports (Spark's
    start-up aside) beside the wall-clock time."""
    import tempfile

    with tempfile.TemporaryDirectory() as scratch:
        command = [sys.executable, "-m", "national", "--engine", engine, "--collection", str(sample)]
        command += ["--out", scratch, *(["--councils", ",".join(councils)] if councils else [])]
        began, peak = time.perf_counter(), 0.0
        child = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        while child.poll() is None:
            peak = max(peak, _tree_rss_mb(child.pid))
            time.sleep(0.1)
        wall = time.perf_counter() - began
        said = child.stdout.read() if child.stdout else ""
    if child.returncode:
        raise SystemExit(f"python -m national --engine {engine} failed ({child.returncode})")
    job = float(said.rsplit(" s; written", 1)[0].rsplit("; ", 1)[1])
    return {"engine": engine, "councils": len(councils) if councils else 153, "wall": wall, "job": job, "peak": peak}


def national_engines(sample: Path) -> None:
    """The national job on polars (one process) and on Spark (local[2]) at 10 and at 153 councils; with the
    review-overdue snapshot above, DuckDB's yardstick."""
    print("the national job (python -m national: every council, then regions and England pooled), each run in its")
    print("own process; peak = the whole process tree's resident memory (Spark: the JVM and its Python workers):")
    for councils in (TEN, None):
        for engine in ("polars", "spark"):
            r = national_run(sample, engine=engine, councils=councils)
            print(
                f"  {r['engine']:7} {r['councils']:4} councils  job {r['job']:7.1f} s  wall {r['wall']:7.1f} s  "
                f"peak {r['peak']:,.0f} MB"
            )


SNAPSHOT_ENGINES = {"snapshot": overdue_polars, "duckdb": overdue_duckdb, "spark-snapshot": overdue_spark}


def snapshot_engines(sample: Path) -> bool:
    """The review-overdue snapshot by this code on polars and on Spark, and by DuckDB's SQL, at the ten councils of
    the parity test and at all 153, each in its own process (peak: the whole process tree, sampled); True when all
    three give the same count in every council and month."""
    print("review-overdue snapshot (36 month ends), each engine in its own process; peak = the process tree's:")
    same = True
    for ten in (True, False):
        found = {}
        for engine in SNAPSHOT_ENGINES:
            command = [sys.executable, __file__, "--sample", str(sample), "--child", engine, *(["--ten"] * ten)]
            found[engine] = sampled(command)
        files = {e: pl.read_csv(sample.parent / f"overdue_{e}{'_ten' * ten}.csv") for e in SNAPSHOT_ENGINES}
        agree = files["snapshot"].equals(files["duckdb"]) and files["snapshot"].equals(files["spark-snapshot"])
        same &= agree
        for engine, r in found.items():
            print(
                f"  {engine:15} {10 if ten else 153:4} councils  {r['seconds']:6.1f} s  peak {r['tree_peak_mb']:,.0f} MB"
                f"  ({r['total']:,} person-months overdue)"
            )
        print(f"  {'the same' if agree else 'DIFFERENT'} count in every council and month from all three")
    return same


def sampled(command: list[str]) -> dict:
    """A child's JSON figures, with the peak of its whole process tree's memory, sampled every 0.1 s."""
    child = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    peak = 0.0
    while child.poll() is None:
        peak = max(peak, _tree_rss_mb(child.pid))
        time.sleep(0.1)
    said = child.stdout.read() if child.stdout else ""
    if child.returncode:
        raise SystemExit(f"{' '.join(command[-3:])} failed ({child.returncode})")
    return json.loads(said.strip().splitlines()[-1]) | {"tree_peak_mb": peak}


def run_child(scope: str, sample: Path, *, workers: int = 1) -> dict:
    out = subprocess.run(
        [sys.executable, __file__, "--sample", str(sample), "--child", scope, "--workers", str(workers)],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sample", type=Path, default=ROOT / ".cache" / "cld_sample")
    ap.add_argument("--scale", type=float, default=1.0, help="size of the sample to write if none is there")
    ap.add_argument("--national", action="store_true", help="only the national job: polars against Spark")
    ap.add_argument("--child", help=argparse.SUPPRESS)
    ap.add_argument("--ten", action="store_true", help=argparse.SUPPRESS)
    ap.add_argument("--workers", type=int, default=1, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child in ("council", "region", "tenth", "england"):
        print(json.dumps(measure(args.sample, args.child, workers=args.workers)))
        return 0
    if args.child == "big":
        with contextlib.redirect_stdout(sys.stderr):  # the command's own report; the figures go last on stdout
            found = ingest_big(args.sample)
        print(json.dumps(found))
        return 0
    if args.child in SNAPSHOT_ENGINES:
        paths = snapshot_paths(args.sample, ten=args.ten)
        seconds, frame = SNAPSHOT_ENGINES[args.child](args.sample, paths)
        cells = frame.select(
            "area_code", pl.col("month").cast(pl.Date).cast(pl.String), pl.col("overdue").cast(pl.Int64)
        )
        cells.sort("area_code", "month").write_csv(args.sample.parent / f"overdue_{args.child}{'_ten' * args.ten}.csv")
        print(
            json.dumps(
                {
                    "seconds": seconds,
                    "peak_mb": own_peak_mb(),
                    "rows": frame.height,
                    "total": int(frame["overdue"].sum()),
                }
            )
        )
        return 0
    if not any(args.sample.glob("area_code=*/events.parquet")):
        from seed.national_cld import write_sample

        began = time.perf_counter()
        n, events = write_sample(out=args.sample, data_dir=ROOT / "data", scale=args.scale)
        print(f"wrote the synthetic sample: {n} councils, {events:,} events, in {time.perf_counter() - began:.0f} s")
    if args.national:
        national_engines(args.sample)
        return 0 if snapshot_engines(args.sample) else 1
    results = {scope: run_child(scope, args.sample) for scope in ("council", "region", "tenth", "england")}
    results["england, 2 processes"] = run_child("england", args.sample, workers=2)
    print("every CLD indicator, one council partition at a time (reader with its checks, monthly and weekly")
    print("indicators, rollups, yearly ASCOF, costs):")
    for scope in ("council", "region", "england", "england, 2 processes"):
        r = results[scope]
        print(
            f"  {scope:21} {r['councils']:4} councils {r['events']:>12,} events  {r['seconds']:7.1f} s  "
            f"{r['events'] / r['seconds']:>10,.0f} events/s  peak {r['peak_mb']:,.0f} MB; of which DHSC's "
            f"waiting times {r['waits_seconds']:.1f} s; {r['rows']:,} rows, digest {r['digest']:016x}"
        )
    tenth, whole, shared = results["tenth"], results["england"], results["england, 2 processes"]
    growth, size = whole["seconds"] / tenth["seconds"], whole["events"] / tenth["events"]
    print(
        f"scaling: {size:.1f}x the records ({tenth['events']:,} to {whole['events']:,}) took {growth:.1f}x the time: "
        f"{growth / size * 10:.1f}x per 10x (target at most 12x)"
    )
    print(
        f"England: {whole['seconds']:.0f} s in one process, {shared['seconds']:.0f} s shared over two (target "
        f"60 s); peak memory {whole['peak_mb'] / 1024:.2f} GB and {shared['peak_mb'] / 1024:.2f} GB (target under "
        f"2 GB); {'the same' if whole['digest'] == shared['digest'] else 'DIFFERENT'} rows either way"
    )
    big = run_child("big", args.sample)
    print(
        f"one extract of {BIG_ROWS:,} rows ({big['megabytes']:,.0f} MB CSV) through python -m metrics.ingest cld: "
        f"{big['seconds']:.1f} s, peak {big['peak_mb'] / 1024:.2f} GB (target under 60 s and under 2 GB); "
        f"{'published ' + format(big['rows'], ',') + ' rows' if big['code'] == 0 else 'REFUSED'}"
    )
    national_engines(args.sample)
    engines_agree = snapshot_engines(args.sample)
    ours, theirs = run_child("snapshot", args.sample), run_child("duckdb", args.sample)
    # every council and month end, cell by cell, not just the totals
    same = pl.read_csv(args.sample.parent / "overdue_snapshot.csv").equals(
        pl.read_csv(args.sample.parent / "overdue_duckdb.csv")
    )
    print(
        f"review-overdue snapshot, all England, 36 month ends: ours {ours['seconds']:.1f} s (peak "
        f"{ours['peak_mb']:,.0f} MB), DuckDB {theirs['seconds']:.1f} s (peak {theirs['peak_mb']:,.0f} MB): "
        f"{ours['seconds'] / theirs['seconds']:.2f}x DuckDB's time (target at most 1.0x); "
        f"{'the same' if same else 'DIFFERENT'} count in every council and month ({ours['total']:,} person-months "
        f"overdue)"
    )
    return 0 if same and engines_agree else 1


if __name__ == "__main__":
    sys.exit(main())
