"""The Spark driver (national.spark) against the single-machine run (metrics.ingest.pooling) on a 10-council
synthetic collection: every council's and every area's figures and waits, identical. Spark in local mode, with
Debian's Java; the ``spark`` tier (scripts/test.sh runs it; the fast loop does not)."""

from __future__ import annotations

import shutil
from pathlib import Path

import polars as pl
import pytest

from metrics.cld import pooled
from metrics.core.errors import MetricsError
from metrics.ingest import pooling
from national import spark
from seed.national_cld import write_sample

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "data"
#: Ten councils over four regions: unitaries, a county, a metropolitan district, a London borough.
COUNCILS = (
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
ORDER = ["area_code", "kind", *pooled.KEYS, "days"]


#: A council whose partition holds two files (two returns), read in name order by both engines.
TWO_FILES = "E06000005"


@pytest.fixture(scope="module")
def collection(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("collection")
    # an eleventh council in the folder that the run is not asked for: pruned, never read into the figures
    write_sample(out=out, data_dir=DATA, years=2, scale=0.1, only=(*COUNCILS, "E06000003"))
    folder = out / f"area_code={TWO_FILES}"
    events = pl.read_parquet(folder / "events.parquet")
    half = events.height // 2
    events.head(half).write_parquet(folder / "events.parquet")
    events.tail(events.height - half).write_parquet(folder / "events-later.parquet")
    # the first council by path lacks a column the others have: Spark must not make every council's files its shape
    first = out / f"area_code={COUNCILS[0]}" / "events.parquet"
    pl.read_parquet(first).drop("Review_Reason").write_parquet(first)
    return out


@pytest.fixture(scope="module")
def single_machine(collection) -> dict[str, pl.DataFrame]:
    tables = {name: pl.read_parquet(DATA / f"{name}.parquet") for name in ("cqc_locations", "population", "areas")}
    councils = pooling.every_council(
        collection=collection,
        locations=tables["cqc_locations"],
        population=tables["population"],
        councils=list(COUNCILS),
    )
    return {"councils": councils, "areas": pooling.areas_pooled(councils=councils, areas=tables["areas"])}


@pytest.fixture(scope="module")
def spark_out(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("spark-out")


@pytest.fixture(scope="module")
def on_spark(collection, spark_out) -> dict[str, pl.DataFrame]:
    spark.run(collection=collection, out=spark_out, master="local[2]", data_dir=DATA, councils=list(COUNCILS))
    return {level: pooling.read_parts(spark_out / level).collect() for level in ("councils", "areas")}


@pytest.mark.parametrize("level", ["councils", "areas"])
def test_spark_gives_exactly_the_single_machine_figures(single_machine, on_spark, level):
    ours, theirs = single_machine[level].sort(ORDER, nulls_last=False), on_spark[level].sort(ORDER, nulls_last=False)
    assert ours.height > 10_000
    assert set(theirs["area_code"].unique().to_list()) == set(ours["area_code"].unique().to_list())
    assert theirs.equals(ours)  # every council-month-measure, value, numerator, denominator and wait


def test_spark_makes_every_region_and_england(on_spark):
    codes = set(on_spark["areas"]["area_code"].unique().to_list())
    areas = pl.read_parquet(DATA / "areas.parquet").filter(pl.col("area_code").is_in(COUNCILS))
    assert codes == {*areas["region_code"].to_list(), "E92000001"}
    assert len(codes) == 6
    assert set(on_spark["councils"]["area_code"].unique().to_list()) == set(COUNCILS)


def test_spark_writes_the_councils_partitioned_by_council(on_spark, spark_out):
    written = sorted(p.name for p in (spark_out / "councils").glob("area_code=*"))
    assert written == [f"area_code={code}" for code in COUNCILS]


def test_a_refused_extract_stops_the_job_with_the_readers_own_words(collection, tmp_path):
    """A council's file the reader refuses stops the Spark job with the message the single-machine run gives:
    the file by its place in the collection, the row in that file and the column."""
    broken = tmp_path / "broken"
    shutil.copytree(collection / "area_code=E06000016", broken / "area_code=E06000016")
    events = pl.read_parquet(collection / "area_code=E06000001" / "events.parquet")
    no_start = pl.when(pl.int_range(pl.len()) == 40).then(None).otherwise(pl.col("Event_Start_Date"))
    (broken / "area_code=E06000001").mkdir()
    events.with_columns(no_start.alias("Event_Start_Date")).write_parquet(
        broken / "area_code=E06000001" / "events.parquet"
    )
    with pytest.raises(MetricsError) as on_one_machine:
        pooling.every_council(collection=broken, locations=None, population=None)
    with pytest.raises(MetricsError) as on_spark:
        spark.run(collection=broken, out=tmp_path / "out", master="local[2]", data_dir=DATA)
    said = str(on_spark.value).removeprefix("the Spark job stopped: ")
    assert said == str(on_one_machine.value)
    assert "area_code=E06000001/events.parquet was rejected" in said
    assert "row 42, column `Event_Start_Date`" in said  # the file's own row (a header, then rows from 2)


def test_worker_said_finds_the_packages_error_in_a_traceback():
    text = (
        "An exception was thrown from the Python worker.\nTraceback (most recent call last):\n"
        '  File "x.py", line 1, in f\n'
        "metrics.core.errors.TableValidationError: area_code=E1/events.parquet was rejected (2 problem(s)):\n"
        "  - row 3, column `A`: bad\n  - row 4, column `B`: worse\n\tat org.apache.spark.Thing(Thing.scala:1)\n"
    )
    assert spark.worker_said(text) == (
        "area_code=E1/events.parquet was rejected (2 problem(s)):\n  - row 3, column `A`: bad\n"
        "  - row 4, column `B`: worse"
    )
    assert (
        spark.worker_said("java.lang.OutOfMemoryError: Java heap space")
        == "java.lang.OutOfMemoryError: Java heap space"
    )
