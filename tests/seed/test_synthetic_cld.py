"""The synthetic Leicester CLD extract, pushed through the real CLD ingest, reproduces the published report.

The expected figures are read from transcriptions/ (the report as transcribed), never written here: every
published headline figure of the indicators CLD can compute, inside the extract's months, must come back from the
records: counts exactly, shares at the precision the report printed them.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from metrics.core import periods
from metrics.ingest.cld import rows_from_extracts
from seed import synthetic_cld
from seed.__main__ import CLD_RENAMES

ROOT = Path(__file__).resolve().parents[2]
TRANSCRIBED = ROOT / "transcriptions" / "leicester_001_appendix_c.csv"
#: What the report publishes that CLD records can give (by the name the report uses).
FROM_RECORDS = (
    "contacts_new",
    "assessments_completed",
    "assessments_eligible",
    "assessments_eligible_pct",
    "reviews_completed",
    "reviews_overdue_24m",
    "admissions_permanent",
)


@pytest.fixture(scope="module")
def extract(tmp_path_factory) -> Path:
    published = pl.read_parquet(ROOT / "data" / "values" / "leicester_001_appendix_c.parquet")
    path = tmp_path_factory.mktemp("cld") / "leicester_synthetic_cld.parquet"
    synthetic_cld.write(
        published=published, locations=pl.read_parquet(ROOT / "data" / "cqc_locations.parquet"), out=path
    )
    return path


@pytest.fixture(scope="module")
def computed(extract) -> pl.DataFrame:
    rows, _, _ = rows_from_extracts(
        paths=[extract],
        area_code=synthetic_cld.AREA,
        dataset="leicester_synthetic_cld",
        data_dir=ROOT / "data",
        renames=CLD_RENAMES,
    )
    return rows.filter(pl.col("breakdown_dim").is_null())


def published_figures() -> list[tuple[str, str, str]]:
    """(indicator, period label as the report wrote it, value as printed) for every figure to reproduce."""
    raw = pl.read_csv(TRANSCRIBED, infer_schema=False).filter(
        pl.col("indicator_id").is_in(FROM_RECORDS)
        & (pl.col("area_code") == synthetic_cld.AREA)
        & pl.col("breakdown_dim").is_null()
        & pl.col("value").is_not_null()
    )
    out = []
    for indicator, label, value in raw.select("indicator_id", "period", "value").iter_rows():
        p = periods.parse(label)
        if p.start >= synthetic_cld.FIRST and p.end <= synthetic_cld.LAST:
            out.append((indicator, label, value))
    return out


def test_there_are_figures_to_reproduce():
    found = published_figures()
    assert {i for i, _, _ in found} == set(FROM_RECORDS)
    assert len(found) >= 25


@pytest.mark.parametrize(("indicator", "label", "printed"), published_figures())
def test_computed_from_records_equals_the_published_figure(computed, indicator, label, printed):
    label = periods.parse(label).label
    hit = computed.filter((pl.col("indicator_id") == indicator) & (pl.col("period") == label))
    assert hit.height == 1, (indicator, label, hit)
    value = float(hit["value"][0])
    places = len(printed.split(".")[1]) if "." in printed else 0
    if places:
        assert round(value, places) == float(printed)
    else:
        assert value == float(printed)  # a count: exactly


def test_every_record_is_marked_synthetic_and_its_figures_are_demonstration(extract, computed):
    frame = pl.read_parquet(extract)
    assert (frame["Synthetic_Record"] == synthetic_cld.MARK).all()
    assert computed["source"].str.starts_with("Demonstration: computed from synthetic CLD dataset").all()
    assert computed["note"].str.starts_with("Demonstration:").all()
    renamed = computed.filter(pl.col("indicator_id") == "contacts_new")
    assert renamed.height and renamed["note"].str.contains("computed as CLD 'requests_new'").all()


def test_the_generator_is_deterministic(extract, tmp_path):
    published = pl.read_parquet(ROOT / "data" / "values" / "leicester_001_appendix_c.parquet")
    again = tmp_path / "again.parquet"
    synthetic_cld.write(
        published=published, locations=pl.read_parquet(ROOT / "data" / "cqc_locations.parquet"), out=again
    )
    assert pl.read_parquet(again).equals(pl.read_parquet(extract))


def test_the_overdue_series_rises_from_april_2020(computed):
    series = (
        computed.filter((pl.col("indicator_id") == "reviews_overdue_24m") & (pl.col("period_type") == "snapshot"))
        .with_columns(pl.col("period").str.strptime(pl.Date, "%b %Y").alias("month"))
        .sort("month")
    )
    before = series.filter(pl.col("month") < pl.date(2020, 4, 1))["value"].cast(pl.Float64)
    after = series.filter(pl.col("month") >= pl.date(2022, 4, 1))["value"].cast(pl.Float64)
    assert before.max() < after.min()
