"""metrics.ingest.pooling: councils' parts from a national collection through the ingest's own code, regions and
England pooled from them, and the pooled figures published as demonstration comparators."""

from __future__ import annotations

import shutil
from pathlib import Path

import polars as pl
import pytest

from metrics.cld import pooled
from metrics.core.errors import MetricsError
from metrics.ingest import cld, pooling
from metrics.storage import schema
from metrics.storage.store import DataStore
from seed.national_cld import write_sample

ROOT = Path(__file__).resolve().parents[3]
DATA = ROOT / "data"
#: Two East Midlands councils and one from the North East: small, so the whole pipeline runs in seconds.
COUNCILS = ("E06000016", "E06000018", "E06000001")


@pytest.fixture(scope="module")
def collection(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("collection")
    write_sample(out=out, data_dir=DATA, years=2, scale=0.05, only=COUNCILS)
    return out


@pytest.fixture(scope="module")
def tables() -> dict[str, pl.DataFrame]:
    return {name: pl.read_parquet(DATA / f"{name}.parquet") for name in ("cqc_locations", "population", "areas")}


@pytest.fixture(scope="module")
def councils(collection, tables) -> pl.DataFrame:
    return pooling.every_council(
        collection=collection, locations=tables["cqc_locations"], population=tables["population"]
    )


def test_a_councils_figures_are_what_the_ingest_publishes_for_it(collection, councils, tmp_path):
    """The national run's council figures are the ingest's, row for row (weeks and local breakdowns aside)."""
    shutil.copytree(DATA, tmp_path / "data", ignore=shutil.ignore_patterns("values"))
    text, _, _ = cld.rows_from_extracts(
        paths=[collection / "area_code=E06000016" / "events.parquet"],
        area_code="E06000016",
        dataset="leicester_check",
        data_dir=tmp_path / "data",
        test_extract=True,
    )
    keys = list(pooled.KEYS)
    ingest = (
        text.filter(pl.col("period_type").fill_null("") != "week")
        .select(*keys, *(pl.col(c).cast(pl.Float64) for c in ("value", "numerator", "denominator")))
        .sort(keys, nulls_last=False)
    )
    ours = (
        councils.filter((pl.col("area_code") == "E06000016") & (pl.col("kind") == pooled.FIGURE))
        .select(*keys, "value", "numerator", "denominator")
        .sort(keys, nulls_last=False)
    )
    assert ingest.height > 1000
    assert ours.equals(ingest)


def test_a_region_of_one_council_is_that_council(councils):
    one = councils.filter(pl.col("area_code") == "E06000001")
    alone = pooled.pooled(one, area_code="E06000001")
    figures = [c for c in pooled.PARTS_SCHEMA if c not in ("councils",)]
    order = ["kind", *pooled.KEYS, "days"]
    assert alone.select(figures).sort(order, nulls_last=False).equals(one.select(figures).sort(order, nulls_last=False))


def test_regions_and_england_are_pooled_from_the_councils(councils, tables):
    areas = pooling.areas_pooled(councils=councils, areas=tables["areas"])
    assert set(areas["area_code"].unique().to_list()) == {"E12000004", "E12000001", schema.ENGLAND}

    def headline(frame, area, indicator_id, period):
        row = frame.filter(
            (pl.col("area_code") == area)
            & (pl.col("kind") == pooled.FIGURE)
            & (pl.col("indicator_id") == indicator_id)
            & (pl.col("period") == period)
            & pl.col("breakdown_dim").is_null()
        )
        return row.row(0, named=True)

    period = "Mar 2022"
    counts = [headline(councils, c, "requests_new", period)["value"] for c in COUNCILS]
    assert headline(areas, schema.ENGLAND, "requests_new", period)["value"] == sum(counts)
    assert headline(areas, "E12000004", "requests_new", period)["value"] == sum(counts[:2])
    east = [headline(councils, c, "reablement_no_ongoing_pct", period) for c in COUNCILS[:2]]
    pooled_share = headline(areas, "E12000004", "reablement_no_ongoing_pct", period)
    assert pooled_share["value"] == round(
        sum(r["numerator"] for r in east) / sum(r["denominator"] for r in east) * 100, 1
    )
    # England's median is the median of every council's waits (from the waits by length), whatever the regions
    waits = councils.filter(
        (pl.col("kind") == pooled.WAITS)
        & (pl.col("indicator_id") == "wait_assessment_median_days")
        & (pl.col("period") == period)
        & pl.col("breakdown_dim").is_null()
    )
    every_wait = pl.Series([d for d, n in waits.select("days", "waits").iter_rows() for _ in range(int(n))])
    england = headline(areas, schema.ENGLAND, "wait_assessment_median_days", period)
    assert england["value"] == round(every_wait.median(), 1)
    assert england["denominator"] == every_wait.len() and england["councils"] == 3


def test_a_council_with_no_region_is_refused(councils, tables):
    areas = tables["areas"].filter(pl.col("area_code") != "E06000001")
    with pytest.raises(MetricsError, match="no region for E06000001"):
        pooling.areas_pooled(councils=councils, areas=areas)


def test_a_collection_without_partitions_or_a_council_asked_for_is_refused(collection, tmp_path):
    with pytest.raises(MetricsError, match="no area_code="):
        pooling.partitions(collection=tmp_path)
    with pytest.raises(MetricsError, match="no partition for E09000001"):
        pooling.partitions(collection=collection, councils=["E06000016", "E09000001"])


def test_published_pooled_figures_are_demonstration_comparators(councils, tables, tmp_path):
    shutil.copytree(DATA, tmp_path / "data", ignore=shutil.ignore_patterns("values"))
    areas = pooling.areas_pooled(councils=councils, areas=tables["areas"])
    said = pooling.publish_pooled(parts=areas, dataset="pooled_cld", data_dir=tmp_path / "data", engine="polars")
    assert said.startswith("created")
    published = pl.read_parquet(tmp_path / "data" / "values" / "pooled_cld.parquet")
    assert set(published["provenance"].unique().to_list()) == {schema.DEMONSTRATION}
    assert published["source"].str.starts_with("Demonstration: pooled from 3 councils' CLD").all()
    # each figure's note says how many councils stand behind it: all three, or fewer in a month where a small
    # council assessed no one (its share has no denominator there)
    headlines = published.filter(
        (pl.col("area_code") == schema.ENGLAND)
        & pl.col("breakdown_dim").is_null()
        & (pl.col("indicator_id") == "assessments_eligible_pct")
    )
    notes = headlines["note"]
    assert headlines.height > 20 and notes.str.contains(r"^Demonstration: pooled from [123] councils").all()
    assert notes.str.contains("pooled from 3 councils").mean() > 0.8
    # comparators are what can be set beside a council's figure: shares, rates and medians, never a count
    assert set(published["indicator_id"].unique().to_list()) <= pooling.COMPARABLE
    assert {"requests_new", "people_long_term_support"}.isdisjoint(published["indicator_id"].unique().to_list())
    store = DataStore(tmp_path / "data")
    england = (
        store.values()
        .filter((pl.col("area_code") == schema.ENGLAND) & (pl.col("indicator_id") == "wait_assessment_median_days"))
        .collect()
    )
    assert england.height > 0 and england["dataset"].unique().to_list() == ["pooled_cld"]


def test_a_published_figure_is_never_replaced_by_a_pooled_demonstration_one(councils, tables, tmp_path):
    """England's and a region's published ASCOF 2B and 2A figures stay; the pooled rows for the same figure go."""
    shutil.copytree(DATA, tmp_path / "data", ignore=shutil.ignore_patterns("values"))
    (tmp_path / "data" / "values").mkdir()
    shutil.copy(DATA / "values" / "national_ascof.parquet", tmp_path / "data" / "values")
    ascof = pl.read_parquet(DATA / "values" / "national_ascof.parquet")
    areas = pooling.areas_pooled(councils=councils, areas=tables["areas"])
    said = pooling.publish_pooled(parts=areas, dataset="pooled_cld", data_dir=tmp_path / "data", engine="polars")
    assert "a publication gives left out" in said
    published = pl.read_parquet(tmp_path / "data" / "values" / "pooled_cld.parquet")
    key = list(schema.KEY)
    assert published.join(ascof, on=key, how="semi", nulls_equal=True).height == 0
    pooled_rates = areas.filter((pl.col("indicator_id") == "admissions_65_rate") & (pl.col("kind") == pooled.FIGURE))
    assert pooled_rates.height > 0  # there were pooled rates to leave out


def test_a_synthetic_marker_is_what_makes_a_figure_demonstration(councils, tables):
    real = councils.with_columns(pl.lit(False).alias("demonstration"))
    text = pooling.pooled_text(parts=pooling.areas_pooled(councils=real, areas=tables["areas"]), source="x")
    assert set(text["provenance"].unique().to_list()) == {schema.COMPUTED}
    assert not text["note"].str.contains("Demonstration").any()


def test_a_national_publishers_name_is_refused(councils, tables, tmp_path):
    areas = pooling.areas_pooled(councils=councils, areas=tables["areas"])
    with pytest.raises(MetricsError, match="national publishers' files"):
        pooling.publish_pooled(parts=areas, dataset="national_cld", data_dir=tmp_path, engine="polars")


def test_region_by_region_on_one_machine_gives_the_same_areas_and_writes_each_council(
    collection, councils, tables, tmp_path
):
    """The single-machine engine holds one region's councils at a time: the same areas as pooling them all at once,
    and each council's parts written where Spark writes them."""
    areas = pooling.by_region(
        collection=collection,
        out=tmp_path,
        locations=tables["cqc_locations"],
        population=tables["population"],
        areas=tables["areas"],
    )
    order = ["area_code", "kind", *pooled.KEYS, "days"]
    at_once = pooling.areas_pooled(councils=councils, areas=tables["areas"])
    assert areas.sort(order, nulls_last=False).equals(at_once.sort(order, nulls_last=False))
    written = pooling.read_parts(tmp_path / "councils").collect().sort(order, nulls_last=False)
    assert written.equals(councils.sort(order, nulls_last=False))
    assert (
        pooling.read_parts(tmp_path / "areas")
        .collect()
        .sort(order, nulls_last=False)
        .equals(at_once.sort(order, nulls_last=False))
    )


def test_a_file_whose_la_code_is_another_councils_is_refused(collection, tables, tmp_path):
    """Put in the wrong council's folder, a file that names its own council is refused, as the ingest refuses it."""
    events = pl.read_parquet(collection / "area_code=E06000016" / "events.parquet")
    wrong = tmp_path / "events.parquet"
    events.with_columns(pl.lit("E06000018").alias("LA_Code")).write_parquet(wrong)
    with pytest.raises(MetricsError, match=r"its LA_Code is Nottingham \(E06000018\).*Leicester \(E06000016\)"):
        pooling.council_parts(
            sources=pooling.extract_files(area_code="E06000016", files=[wrong]),
            area_code="E06000016",
            locations=None,
            population=None,
            areas=tables["areas"],
        )
