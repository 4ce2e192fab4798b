"""The Spark driver: a national CLD collection's council partitions through the project's own per-council code,
then regions and England pooled from the councils' parts, each step a grouped Arrow map.

* ``spark.read.parquet`` over the collection's ``area_code=`` folders (partition discovery puts the council's code
  in a column; on a cluster, ``s3://`` or ``abfss://`` paths read the same way);
* ``groupBy("area_code").applyInArrow(...)``: each council's events reach one Python worker as an Arrow table,
  are written to Parquet in memory and handed, unchanged, to metrics.ingest.pooling.council_parts: the ingest's
  reader and checks, every measure, the waits by length;
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


#: Where each event came from: its file and its row there (Spark's Parquet metadata), so that each council's files
#: reach the reader as they were.
FILE, ROW = "_source_file", "_source_row"

#: PARTS_SCHEMA in Arrow's types as Spark checks them (``string``: not polars' ``large_string``).
ARROW_TYPES = {pl.String(): pa.string(), pl.Float64(): pa.float64(), pl.Int64(): pa.int64(), pl.Boolean(): pa.bool_()}
PARTS_ARROW = pa.schema([(name, ARROW_TYPES[dtype]) for name, dtype in pooled.PARTS_SCHEMA.items()])


def _arrow(frame: pl.DataFrame) -> pa.Table:
    """A frame of parts as the Arrow table Spark expects back."""
    return frame.select(list(pooled.PARTS_SCHEMA)).to_arrow().cast(PARTS_ARROW)


def _parquet_bytes(path: Path | None) -> bytes | None:
    return path.read_bytes() if path is not None and path.is_file() else None


def one_council(*, locations: bytes | None, population: bytes | None) -> Callable[[pa.Table], pa.Table]:
    """The grouped map for one council: its events (an Arrow table, the partition column among them) to its parts.
    ``locations`` and ``population``: the bundled tables' Parquet bytes, shipped with the function to each worker."""

    def council(events: pa.Table) -> pa.Table:
        frame = pl.from_arrow(events)
        assert isinstance(frame, pl.DataFrame)
        code = str(frame["area_code"][0])
        sources = []
        # each of the council's files as it was, its rows in their order (so a message's row is the file's row),
        # in name order as the single-machine run reads them
        ordered = frame.with_columns(pl.col(FILE).str.split("/").list.last()).sort(FILE, ROW)
        for (name,), rows in ordered.partition_by(FILE, as_dict=True, maintain_order=True).items():
            buffer = io.BytesIO()
            rows.drop("area_code", FILE, ROW).write_parquet(buffer)
            sources.append(ExtractFile(name=pooling.named(area_code=code, file_name=str(name)), body=buffer.getvalue()))
        parts = pooling.council_parts(
            sources=sources,
            area_code=code,
            locations=pl.read_parquet(io.BytesIO(locations)) if locations else None,
            population=pl.read_parquet(io.BytesIO(population)) if population else None,
        )
        return _arrow(parts)

    return council


def one_area(*, key: str) -> Callable[[pa.Table], pa.Table]:
    """The grouped map pooling the parts of one area's members (grouped by ``key``) into the area's parts."""

    def area(parts: pa.Table) -> pa.Table:
        frame = pl.from_arrow(parts)
        assert isinstance(frame, pl.DataFrame)
        code = frame[key][0]
        return _arrow(pooled.pooled(frame.drop(key), area_code=str(code)))

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
    """Every council's parts as a Spark DataFrame (lazy): the collection read with partition discovery, pruned to
    ``councils`` when given, each council's events through :func:`one_council`."""
    from pyspark.sql import functions as F

    events = spark.read.parquet(collection).select(
        "*", F.col("_metadata.file_path").alias(FILE), F.col("_metadata.row_index").alias(ROW)
    )
    if "area_code" not in events.columns:
        raise MetricsError(f"{collection}: no area_code= folders (a national CLD collection is partitioned by council)")
    if councils:
        events = events.where(F.col("area_code").isin(councils))
    mapped = one_council(
        locations=_parquet_bytes(data_dir / "cqc_locations.parquet"),
        population=_parquet_bytes(data_dir / "population.parquet"),
    )
    return events.groupBy("area_code").applyInArrow(mapped, schema=PARTS_DDL)


def areas_pooled(spark: Any, *, councils: Any, areas: pl.DataFrame) -> Any:
    """Regions' parts from their councils' parts, and England's from the regions': metrics.cld.pooled.pooled at
    each level, as a grouped map. A council with no region is refused."""
    from pyspark.sql import functions as F

    region_of = pooling.regions_of(areas=areas)
    lookup = spark.createDataFrame(list(region_of.items()), schema="area_code string, _region string")
    placed = councils.join(F.broadcast(lookup), on="area_code", how="left")
    lost = placed.where(F.col("_region").isNull()).select("area_code").distinct().collect()
    if lost:
        raise MetricsError(f"CLD pooling: no region for {', '.join(sorted(r[0] for r in lost))} in areas.parquet")
    regions = placed.groupBy("_region").applyInArrow(one_area(key="_region"), schema=PARTS_DDL)
    regions = regions.cache()
    england = (
        regions.withColumn("_england", F.lit(schema.ENGLAND))
        .groupBy("_england")
        .applyInArrow(one_area(key="_england"), schema=PARTS_DDL)
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
        areas = pl.read_parquet(data_dir / "areas.parquet")
        areas_pooled(spark, councils=written, areas=areas).write.mode("overwrite").parquet(str(out / "areas"))
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
