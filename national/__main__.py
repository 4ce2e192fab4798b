"""python -m national: every council's CLD figures from a national collection, and their regions' and England's.

    python -m national [--collection .cache/cld_sample] [--out .cache/cld_national] [--master local[2]]
                       [--engine spark|polars] [--councils E06000016,E10000018] [--publish DATASET] [--data-dir data]

Reads the collection's ``area_code=`` folders (with none there and the default folder asked for, writes the
synthetic national sample first: python -m metrics.seed.national_cld), runs every council through the project's
own CLD code and pools regions and England from the councils' parts (docs/scaling.md). ``--engine spark`` (the
default) runs on Apache Spark at ``--master``: local[2] on this machine, spark://host:7077 or yarn on a cluster;
``--engine polars`` runs the same functions one council after another on this machine, the reference the Spark run
is tested against. ``--publish DATASET`` publishes the regions' and England's figures into ``--data-dir`` as
comparators (demonstration while they come from synthetic records). Prints what it made and how long it took.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import time
from pathlib import Path

import polars as pl

from metrics.cld import pooled
from metrics.core.errors import MetricsError
from metrics.ingest import pooling

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / ".cache" / "cld_sample"


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m national", description=__doc__.splitlines()[0])
    parser.add_argument(
        "--collection",
        default=str(SAMPLE),
        help="folder of area_code=… partitions; with Spark, a URL too (s3a://bucket/extracts)",
    )
    parser.add_argument("--out", type=Path, default=ROOT / ".cache" / "cld_national", help="where the parts go")
    parser.add_argument("--master", default="local[2]", help="Spark master URL (local[2], spark://host:7077, yarn)")
    parser.add_argument("--engine", choices=("spark", "polars"), default="spark")
    parser.add_argument("--driver-memory", default="4g", help="the Spark driver's heap (local mode: all of Spark's)")
    parser.add_argument("--councils", default=None, help="comma-separated council codes (default: every one)")
    parser.add_argument("--publish", default=None, metavar="DATASET", help="publish the areas' figures as DATASET")
    parser.add_argument("--data-dir", type=Path, default=ROOT / "data", help="the bundled tables; where to publish")
    return parser


def _ensure_sample(collection: Path) -> None:
    """The synthetic national sample, written when the default folder is asked for and is not there."""
    if collection.resolve() == SAMPLE.resolve() and not any(collection.glob("area_code=*")):
        from seed.national_cld import write_sample

        print(f"writing the synthetic national sample to {collection} …", flush=True)
        write_sample(out=collection, data_dir=ROOT / "data")


def _polars(*, collection: Path, out: Path, data_dir: Path, councils: list[str] | None) -> None:
    """The same job on one machine, one region's councils after another (metrics.ingest.pooling.by_region)."""
    read = {name: data_dir / f"{name}.parquet" for name in ("cqc_locations", "population", "other_authorities")}
    tables = {name: pl.read_parquet(path) if path.is_file() else None for name, path in read.items()}
    pooling.by_region(
        collection=collection,
        out=out,
        locations=tables["cqc_locations"],
        population=tables["population"],
        areas=pl.read_parquet(data_dir / "areas.parquet"),
        others=tables["other_authorities"],
        councils=councils,
    )


def _counted(folder: Path) -> tuple[int, int]:
    """(places, figures) in a folder of parts, counted without holding them."""
    figures = pooling.read_parts(folder).filter(pl.col("kind") == pooled.FIGURE)
    found = figures.select(pl.col("area_code").n_unique().alias("places"), pl.len().alias("figures")).collect()
    return int(found["places"][0]), int(found["figures"][0])


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    councils = [c.strip() for c in args.councils.split(",") if c.strip()] if args.councils else None
    remote = "://" in args.collection
    if remote and args.engine != "spark":
        print("national: a collection at a URL is read by Spark only (--engine spark)", file=sys.stderr)
        return 2
    collection: str | Path = args.collection if remote else Path(args.collection)
    try:
        if isinstance(collection, Path):
            _ensure_sample(collection)
            pooling.partitions(collection=collection, councils=councils)  # a clear error before Spark starts
        began = time.perf_counter()
        for part in ("councils", "areas"):  # a run's parts are its own: none left from an earlier run
            shutil.rmtree(args.out / part, ignore_errors=True)
        if args.engine == "spark":
            from national.spark import run

            run(
                collection=collection,
                out=args.out,
                master=args.master,
                data_dir=args.data_dir,
                councils=councils,
                driver_memory=args.driver_memory,
            )
        else:
            assert isinstance(collection, Path)
            _polars(collection=collection, out=args.out, data_dir=args.data_dir, councils=councils)
        seconds = time.perf_counter() - began
        (places, council_figures), (areas, area_figures) = _counted(args.out / "councils"), _counted(args.out / "areas")
        print(
            f"{args.engine} ({args.master if args.engine == 'spark' else 'one process'}): "
            f"{places} councils, {council_figures:,} council figures; "
            f"{areas} areas (regions and England), {area_figures:,} area figures; {seconds:.1f} s; "
            f"written to {args.out}"
        )
        if args.publish:
            done = pooling.publish_pooled(
                parts=pooling.read_parts(args.out / "areas").collect(),
                dataset=args.publish,
                data_dir=args.data_dir,
                engine=f"python -m national, {args.engine}",
            )
            print(f"{args.publish}: {done}")
    except MetricsError as error:
        print(f"national: {error}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
