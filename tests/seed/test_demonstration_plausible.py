"""The demonstration varies as a real service does between the published figures it reproduces (issue: the monthly
eligible share swung 18 times more than chance, the demonstration 2A ran at 86% against a published 70-75%, the
12-month-overdue share fell below half in 2023 and the waiting list emptied at the end). Each is checked on the
bundled demonstration, which the seeded generator makes the same on every run."""

from __future__ import annotations

import math
from pathlib import Path

import polars as pl
import pytest

from metrics.analysis.spc import spc
from metrics.core import periods, registry

ROOT = Path(__file__).resolve().parents[2]
LEICESTER = "E06000016"


@pytest.fixture(scope="module")
def demo() -> pl.DataFrame:
    return pl.read_parquet(ROOT / "data/values/leicester_synthetic_cld.parquet").filter(
        pl.col("breakdown_dim").is_null()
    )


@pytest.fixture(scope="module")
def published() -> pl.DataFrame:
    frames = [pl.read_parquet(p) for p in (ROOT / "data/values").glob("national_ascof*.parquet")]
    return pl.concat(frames, how="diagonal_relaxed").filter(pl.col("area_code") == LEICESTER)


def _monthly(frame: pl.DataFrame, indicator_id: str) -> pl.DataFrame:
    return (
        frame.filter((pl.col("indicator_id") == indicator_id) & (pl.col("period_type") == periods.MONTH))
        .sort("period_end")
        .with_columns(
            pl.col("period_end")
            .map_elements(lambda d: periods.financial_year_end(d).year, return_dtype=pl.Int64)
            .alias("fy")
        )
    )


def test_the_monthly_eligible_share_varies_as_chance_would_around_its_year(demo):
    """Each month's eligible count against a binomial at its year's pooled share: the z-scores' mean square near 1
    (chance), none beyond 3.5, and SPC over them finds no signal."""
    share = _monthly(demo, "assessments_eligible_pct")
    p = pl.col("numerator").sum().over("fy") / pl.col("denominator").sum().over("fy")
    z = share.select(
        ((pl.col("numerator") - pl.col("denominator") * p) / (pl.col("denominator") * p * (1 - p)).sqrt()).alias("z")
    )["z"]
    assert share.height >= 60
    assert 0.4 < float((z**2).mean()) < 1.6 and float(z.abs().max()) < 3.5
    found = spc(z.to_list(), labels=share["period_label"].to_list(), direction=registry.NEUTRAL)
    assert int((found.points["side"] != 0).sum()) <= 0.1 * share.height


def test_the_demonstration_reablement_share_follows_the_published_2a(demo, published):
    real = published.filter(
        (pl.col("indicator_id") == "reablement_no_ongoing_pct")
        & (pl.col("period_type") == periods.FINANCIAL_YEAR)
        & pl.col("value").is_not_null()
    )
    months = _monthly(demo, "reablement_no_ongoing_pct")
    pooled = months.group_by("fy").agg(
        (pl.col("numerator").sum() / pl.col("denominator").sum() * 100).alias("demo"), pl.col("denominator").sum()
    )
    checked = 0
    for label, value in real.select("period_label", "value").iter_rows():
        fy = periods.parse(label).end.year
        row = pooled.filter(pl.col("fy") == fy)
        if row.height:
            # within chance of the published share: a binomial z under 3 for the episodes the year has (a whole
            # year has about 1,000; the extract's last year only its first quarter)
            p, n = value / 100, row["denominator"][0]
            z = (row["demo"][0] / 100 - p) / math.sqrt(p * (1 - p) / n)
            assert abs(z) < 3, (label, row["demo"][0], value, n)
            checked += 1
    assert checked >= 5


def test_over_half_are_12_months_overdue_from_the_end_of_2022_23(demo):
    """'Since towards the end of 2022/23 we have seen that over 50% of all reviews were overdue' (001, Appendix C)."""
    snap = demo.filter(pl.col("period_type") == periods.SNAPSHOT)
    overdue = snap.filter(pl.col("indicator_id") == "reviews_overdue_12m").select(
        "period_end", pl.col("value").alias("o")
    )
    clients = snap.filter(pl.col("indicator_id") == "people_long_term_support").select(
        "period_end", pl.col("value").alias("n")
    )
    late = overdue.join(clients, on="period_end").filter(pl.col("period_end") >= pl.date(2023, 1, 1))
    assert late.height >= 6 and (late["o"] / late["n"] > 0.5).all(), late


def test_people_are_still_waiting_when_the_extract_ends(demo):
    """Assessments go on past the extract's end, so the waiting list does not empty in its last months."""
    waiting = demo.filter(
        (pl.col("indicator_id") == "people_waiting_assessment") & (pl.col("period_type") == periods.SNAPSHOT)
    ).sort("period_end")["value"]
    assert waiting.tail(3).mean() >= 0.85 * waiting.tail(15).head(12).mean()
