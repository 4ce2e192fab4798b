"""The Spark driver: a national CLD collection's council partitions through the project's own per-council code,
then regions and England pooled from the councils' parts, each step a grouped Arrow map.

* Spark reads the collection's ``area_code=`` folders as binary files (partition discovery puts the council's
  code in a column; on a cluster, ``s3a://`` or ``abfss://`` paths read the same way);
* ``groupBy("area_code").applyInArrow(...)``: each council's files reach one Python worker in an Arrow table,
  byte for byte, and are handed, unchanged, to metrics.ingest.pooling.council_parts: the ingest's reader and
  checks (each file with its own columns, its rows numbered as in the file), every measure, the waits by length;
* the councils' parts are written partitioned by council, then grouped by region, and the regions' parts by
  England, each through metrics.cld.pooled.pooled: counts summed, shares from summed parts, medians from the pooled
  waits.

The workers need polars and pyarrow (requirements.txt) and the ``metrics`` package, which the driver ships to them
itself (``SparkContext.addPyFile`` of a zip it builds), so the same code runs on a cluster by changing the master URL.
"""

from __future__ import annotations

import io
import os
import re
import shutil
import tempfile
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import polars as pl
import pyarrow as pa

from metrics.cld import pooled
from metrics.cld.extract import ExtractFile
from metrics.core.errors import MetricsError
from metrics.ingest import pooling
from metrics.storage import schema

ROOT = Path(__file__).resolve().parent.parent

#: PARTS_SCHEMA in Spark's DDL: what every grouped map returns.
SPARK_TYPES = {pl.String(): "string", pl.Float64(): "double", pl.Int64(): "bigint", pl.Boolean(): "boolean"}
PARTS_DDL = ", ".join(f"{name} {SPARK_TYPES[dtype]}" for name, dtype in pooled.PARTS_SCHEMA.items())


#: PARTS_SCHEMA in Arrow's types as Spark checks them (``string``: not polars' ``large_string``).
ARROW_TYPES = {pl.String(): pa.string(), pl.Float64(): pa.float64(), pl.Int64(): pa.int64(), pl.Boolean(): pa.bool_()}
PARTS_ARROW = pa.schema([(name, ARROW_TYPES[dtype]) for name, dtype in pooled.PARTS_SCHEMA.items()])


def _arrow(frame: pl.DataFrame) -> pa.Table:
    """A frame of parts as the Arrow table Spark expects back."""
    return frame.select(list(pooled.PARTS_SCHEMA)).to_arrow().cast(PARTS_ARROW)


def _parquet_bytes(path: Path | None) -> bytes | None:
    return path.read_bytes() if path is not None and path.is_file() else None


def one_council(
    *, locations: bytes | None, population: bytes | None, areas: bytes, others: bytes | None
) -> Callable[[pa.Table], pa.Table]:
    """The grouped map for one council: its partition's files (an Arrow table of Spark's binary files: path, content
    and the partition column) to its parts. The files reach the reader as they were, so each is read with its own
    columns (no schema merged across councils) and a message's row is the file's row. ``locations``,
    ``population``, ``areas`` and ``others`` (other authorities): the bundled tables' Parquet bytes, shipped with
    the function to each worker (the last two to refuse a file whose LA_Code is another council's, by any of its
    codes)."""

    def council(files: pa.Table) -> pa.Table:
        frame = pl.from_arrow(files)
        assert isinstance(frame, pl.DataFrame)
        code = str(frame["area_code"][0])
        # each of the council's files byte for byte, in name order as the single-machine run reads them
        named = frame.with_columns(pl.col("path").str.split("/").list.last().alias("_name")).sort("_name")
        sources = [
            ExtractFile(name=pooling.named(area_code=code, file_name=name), body=body)
            for name, body in named.select("_name", "content").iter_rows()
        ]
        parts = pooling.council_parts(
            sources=sources,
            area_code=code,
            locations=pl.read_parquet(io.BytesIO(locations)) if locations else None,
            population=pl.read_parquet(io.BytesIO(population)) if population else None,
            areas=pl.read_parquet(io.BytesIO(areas)),
            others=pl.read_parquet(io.BytesIO(others)) if others else None,
        )
        return _arrow(parts)

    return council


def one_area(*, key: str, expected: dict[str, int]) -> Callable[[pa.Table], pa.Table]:
    """The grouped map pooling the parts of one area's members (grouped by ``key``) into the area's parts, each
    figure standing on all ``expected[area]`` councils."""

    def area(parts: pa.Table) -> pa.Table:
        frame = pl.from_arrow(parts)
        assert isinstance(frame, pl.DataFrame)
        code = str(frame[key][0])
        return _arrow(pooled.pooled(frame.drop(key), area_code=code, expected=expected[code]))

    return area


def _shipped_metrics(folder: Path) -> Path:
    """The ``metrics`` package as a zip for the workers (sources only)."""
    target = folder / "metrics.zip"
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted((ROOT / "metrics").rglob("*.py")):
            archive.write(path, path.relative_to(ROOT))
    return target


def session(*, master: str, scratch: Path, driver_memory: str = "4g", shuffle_partitions: int | None = None) -> Any:
    """A Spark session on ``master`` (local[2] here; spark://host:7077, yarn or k8s://… on a cluster), with the
    metrics package shipped to its workers (its zip built in ``scratch``). ``driver_memory``: the driver JVM's
    heap, and so its Arrow buffers (in local mode the driver is the executor too; at Spark's default of 1g,
    England's 153 councils ran out of Arrow direct memory in the pooling)."""
    if shutil.which("java") is None and not os.environ.get("JAVA_HOME"):
        raise MetricsError("Spark needs Java 17: apt-get install openjdk-17-jre-headless (or set JAVA_HOME)")
    try:
        from pyspark.sql import SparkSession
    except ImportError as error:
        raise MetricsError("Spark needs PySpark: pip install -r requirements-spark.txt") from error

    builder = (
        SparkSession.builder.master(master)
        .appName("asc-scrutiny national CLD")
        .config("spark.driver.memory", driver_memory)
        .config("spark.sql.shuffle.partitions", str(shuffle_partitions or 8))
        .config("spark.sql.execution.arrow.maxRecordsPerBatch", "1000000")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.session.timeZone", "UTC")
    )
    spark = builder.getOrCreate()
    spark.sparkContext.setLogLevel("ERROR")
    spark.sparkContext.addPyFile(str(_shipped_metrics(scratch)))
    return spark


def council_parts(spark: Any, *, collection: str, councils: list[str] | None, data_dir: Path) -> Any:
    """Every council's parts as a Spark DataFrame (lazy): the collection's Parquet files read as Spark's binary
    files (partition discovery gives each its council), pruned to ``councils`` when given, each council's files
    through :func:`one_council`."""
    from pyspark.sql import functions as F

    files = spark.read.format("binaryFile").option("pathGlobFilter", "*.parquet").load(collection)
    if "area_code" not in files.columns:
        raise MetricsError(f"{collection}: no area_code= folders (a national CLD collection is partitioned by council)")
    if councils:
        files = files.where(F.col("area_code").isin(councils))
    mapped = one_council(
        locations=_parquet_bytes(data_dir / "cqc_locations.parquet"),
        population=_parquet_bytes(data_dir / "population.parquet"),
        areas=(data_dir / "areas.parquet").read_bytes(),
        others=_parquet_bytes(data_dir / "other_authorities.parquet"),
    )
    return files.select("area_code", "path", "content").groupBy("area_code").applyInArrow(mapped, schema=PARTS_DDL)


def councils_read(spark: Any, *, collection: str, councils: list[str] | None) -> list[str]:
    """The councils of the run: every partition of the collection (or those asked for), whether or not its files
    gave any figure, so that a region's figures must stand on all of them."""
    from pyspark.sql import functions as F

    files = spark.read.format("binaryFile").option("pathGlobFilter", "*.parquet").load(collection)
    if councils:
        files = files.where(F.col("area_code").isin(councils))
    return sorted(str(row[0]) for row in files.select("area_code").distinct().collect())


def areas_pooled(spark: Any, *, councils: Any, codes: list[str], areas: pl.DataFrame) -> Any:
    """Regions' parts from their councils' parts, and England's from the regions': metrics.cld.pooled.pooled at
    each level, as a grouped map, each area's figures standing on all its councils of the run (``codes``). A
    council with no region is refused."""
    from pyspark.sql import functions as F

    region_of = pooling.regions_of(areas=areas)
    lost = sorted(set(codes) - set(region_of))
    if lost:
        raise MetricsError(f"CLD pooling: no region for {', '.join(lost)} in areas.parquet")
    members = pooling.members_of(codes=codes, region_of=region_of)
    lookup = spark.createDataFrame(list(region_of.items()), schema="area_code string, _region string")
    placed = councils.join(F.broadcast(lookup), on="area_code", how="inner")
    regions = placed.groupBy("_region").applyInArrow(one_area(key="_region", expected=members), schema=PARTS_DDL)
    regions = regions.cache()
    england = (
        regions.withColumn("_england", F.lit(schema.ENGLAND))
        .groupBy("_england")
        .applyInArrow(one_area(key="_england", expected={schema.ENGLAND: len(codes)}), schema=PARTS_DDL)
    )
    return regions.unionByName(england)


def run(
    *,
    collection: Path | str,
    out: Path,
    master: str,
    data_dir: Path,
    councils: list[str] | None = None,
    driver_memory: str = "4g",
) -> None:
    """The whole job: councils' parts written to ``out``/councils (by council), areas' to ``out``/areas
    (metrics.ingest.pooling.read_parts reads them)."""
    from pyspark.errors import PySparkException

    scratch = tempfile.TemporaryDirectory(prefix="national-")
    spark = session(master=master, scratch=Path(scratch.name), driver_memory=driver_memory)
    try:
        parts = council_parts(spark, collection=str(collection), councils=councils, data_dir=data_dir)
        parts.write.mode("overwrite").partitionBy("area_code").parquet(str(out / "councils"))
        written = spark.read.parquet(str(out / "councils"))
        codes = councils_read(spark, collection=str(collection), councils=councils)
        areas = pl.read_parquet(data_dir / "areas.parquet")
        pooled_areas = areas_pooled(spark, councils=written, codes=codes, areas=areas)
        pooled_areas.write.mode("overwrite").parquet(str(out / "areas"))
    except PySparkException as error:  # a worker's own error, as the single-machine run would have said it
        raise MetricsError(f"the Spark job stopped: {worker_said(str(error))}") from error
    finally:
        spark.stop()
        scratch.cleanup()


#: How a worker's Python error reads at the end of its traceback: the package's own errors by their names.
OWN_ERROR = re.compile(r"^metrics\.core\.errors\.(\w+): (.+)$")


def worker_said(text: str) -> str:
    """The message of the package's error a Spark worker raised (the file, column and row the reader names), from
    the traceback Spark passes back; failing that, the error's own last line."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    starts = [i for i, line in enumerate(lines) if OWN_ERROR.match(line)]
    if not starts:
        return lines[-1] if lines else "no message"
    first = OWN_ERROR.match(lines[starts[-1]])
    assert first is not None
    listed = []  # a TableValidationError lists its problems on the lines after its first
    for line in lines[starts[-1] + 1 :]:
        if not line.startswith(("- ", "... and")):
            break
        listed.append(line)
    return "\n  ".join([first.group(2), *listed])
