"""metrics.cld.pooled: a region's figure from its councils' parts, on hand-built parts whose answers are worked out
here by hand (counts summed; shares, rates and costs from summed parts; medians from the pooled waits)."""

from __future__ import annotations

import polars as pl
import pytest

from metrics.cld import indicators, pooled
from metrics.core.errors import MetricsError


def figure(area, indicator_id, value, numerator=None, denominator=None, *, period="Apr 2022", dim=None, cat=None):
    return dict(
        area_code=area,
        kind=pooled.FIGURE,
        indicator_id=indicator_id,
        period=period,
        period_type="month",
        breakdown_dim=dim,
        breakdown_cat=cat,
        value=value,
        numerator=numerator,
        denominator=denominator,
        days=None,
        waits=None,
        councils=1,
        demonstration=False,
    )


def waits(area, indicator_id, lengths: dict[int, int], *, period="Apr 2022"):
    return [
        dict(figure(area, indicator_id, None, period=period), kind=pooled.WAITS, days=days, waits=float(n))
        for days, n in lengths.items()
    ]


def parts(rows) -> pl.DataFrame:
    return pl.DataFrame(rows, schema=pooled.PARTS_SCHEMA)


def value_of(frame: pl.DataFrame, indicator_id: str, *, cat=None) -> dict:
    found = frame.filter(
        (pl.col("kind") == pooled.FIGURE)
        & (pl.col("indicator_id") == indicator_id)
        & pl.col("breakdown_cat").eq_missing(pl.lit(cat, pl.String))
    )
    assert found.height == 1, found
    return found.row(0, named=True)


def test_counts_are_summed_across_councils():
    frame = pooled.pooled(parts([figure("A", "requests_new", 120.0), figure("B", "requests_new", 30.0)]), area_code="R")
    row = value_of(frame, "requests_new")
    assert (row["value"], row["numerator"], row["denominator"], row["councils"]) == (150.0, None, None, 2)
    assert row["area_code"] == "R"


def test_a_share_comes_from_summed_parts_not_an_average_of_shares():
    # 90 of 100 (90%) and 1 of 10 (10%): the average of the shares would be 50%; the pooled share is 91/110
    frame = pooled.pooled(
        parts(
            [
                figure("A", "reablement_no_ongoing_pct", 90.0, 90.0, 100.0),
                figure("B", "reablement_no_ongoing_pct", 10.0, 1.0, 10.0),
            ]
        ),
        area_code="R",
    )
    row = value_of(frame, "reablement_no_ongoing_pct")
    assert row["value"] == round(91 / 110 * 100, 1) == 82.7
    assert (row["numerator"], row["denominator"]) == (91.0, 110.0)


def test_a_rate_per_100000_and_a_weekly_cost_come_from_their_parts():
    frame = pooled.pooled(
        parts(
            [
                figure("A", "admissions_65_rate", 500.0, 50.0, 10_000.0, period="2022/23"),
                figure("B", "admissions_65_rate", 100.0, 30.0, 30_000.0, period="2022/23"),
                figure("A", "lts_cost_per_week", 300.0, 3000.0, 10.0, period="2022/23 Q1"),
                figure("B", "lts_cost_per_week", 900.0, 900.0, 1.0, period="2022/23 Q1"),
            ]
        ),
        area_code="R",
    )
    assert value_of(frame, "admissions_65_rate")["value"] == round(80 / 40_000 * 100_000, 1) == 200.0
    assert value_of(frame, "lts_cost_per_week")["value"] == round(3900 / 11) == 355.0


def test_a_median_is_the_median_of_the_pooled_waits_not_a_median_of_medians():
    # A: waits of 1, 2, 3 days (median 2); B: 10, 20 days (median 15) and C: 30, 40, 50 (median 40).
    # Pooled: 1 2 3 10 20 30 40 50: the middle two are 10 and 20, so 15.0; the median of medians would be 15 too,
    # so B's single wait of 100 days is added: 1 2 3 10 20 30 40 50 100 -> 20.0 (medians 2, 20, 40 -> 20: C moved)
    rows = [
        figure("A", "wait_assessment_median_days", 2.0, None, 3.0),
        figure("B", "wait_assessment_median_days", 20.0, None, 3.0),
        figure("C", "wait_assessment_median_days", 40.0, None, 3.0),
        *waits("A", "wait_assessment_median_days", {1: 1, 2: 1, 3: 1}),
        *waits("B", "wait_assessment_median_days", {10: 1, 20: 1, 100: 1}),
        *waits("C", "wait_assessment_median_days", {30: 1, 40: 1, 50: 1}),
    ]
    row = value_of(pooled.pooled(parts(rows), area_code="R"), "wait_assessment_median_days")
    assert (row["value"], row["denominator"]) == (20.0, 9.0)
    # an even number of waits: half-way between the middle two, as polars' median of the waits themselves
    even = [r for r in rows if r["area_code"] != "C"]
    row = value_of(pooled.pooled(parts(even), area_code="R"), "wait_assessment_median_days")
    assert row["value"] == pl.Series([1, 2, 3, 10, 20, 100]).median() == 6.5


def test_a_median_where_most_waits_share_one_length():
    rows = [
        figure("A", "wait_service_median_days", 5.0, None, 7.0),
        *waits("A", "wait_service_median_days", {5: 6, 80: 1}),
        figure("B", "wait_service_median_days", 80.0, None, 4.0),
        *waits("B", "wait_service_median_days", {80: 4}),
    ]
    row = value_of(pooled.pooled(parts(rows), area_code="R"), "wait_service_median_days")
    assert row["value"] == pl.Series([5] * 6 + [80] * 5).median() == 5.0


def test_a_category_one_council_lacks_counts_as_none_there():
    frame = pooled.pooled(
        parts(
            [
                figure("A", "requests_all", 5.0),
                figure("B", "requests_all", 9.0),
                figure("A", "requests_all", 5.0, dim="gender", cat="Female"),
                figure("B", "requests_all", 7.0, dim="gender", cat="Female"),
                figure("B", "requests_all", 2.0, dim="gender", cat="Male"),
            ]
        ),
        area_code="R",
    )
    assert value_of(frame, "requests_all", cat="Female")["value"] == 12.0
    assert value_of(frame, "requests_all", cat="Male")["value"] == 2.0
    assert value_of(frame, "requests_all", cat="Male")["councils"] == 1


def test_a_month_one_council_does_not_reach_is_left_out():
    """B's extract ends in April: May's region figure would be A's alone and look like a fall, so there is none."""
    frame = pooled.pooled(
        parts(
            [
                figure("A", "requests_all", 5.0, period="Apr 2022"),
                figure("B", "requests_all", 9.0, period="Apr 2022"),
                figure("A", "requests_all", 6.0, period="May 2022"),
                figure("A", "requests_all", 6.0, period="May 2022", dim="gender", cat="Male"),
                *waits("A", "wait_assessment_median_days", {3: 2}, period="May 2022"),
            ]
        ),
        area_code="R",
    )
    assert frame["period"].unique().to_list() == ["Apr 2022"]


def test_pooling_again_gives_the_same_as_pooling_once():
    """England from its regions' parts is England from all its councils' parts: counts, shares and medians."""
    councils = [
        figure("A", "reablement_no_ongoing_pct", 75.0, 3.0, 4.0),
        figure("B", "reablement_no_ongoing_pct", 50.0, 5.0, 10.0),
        figure("C", "reablement_no_ongoing_pct", 0.0, 0.0, 7.0),
        figure("A", "requests_new", 4.0),
        figure("B", "requests_new", 0.0),
        figure("C", "requests_new", 9.0),
        figure("A", "wait_assessment_median_days", 3.0, None, 2.0),
        figure("B", "wait_assessment_median_days", 9.0, None, 1.0),
        figure("C", "wait_assessment_median_days", 7.0, None, 3.0),
        *waits("A", "wait_assessment_median_days", {2: 1, 4: 1}),
        *waits("B", "wait_assessment_median_days", {9: 1}),
        *waits("C", "wait_assessment_median_days", {1: 1, 7: 2}),
    ]
    once = pooled.pooled(parts(councils), area_code="E", expected=3)
    north = pooled.pooled(parts([r for r in councils if r["area_code"] in "AB"]), area_code="N", expected=2)
    south = pooled.pooled(parts([r for r in councils if r["area_code"] == "C"]), area_code="S", expected=1)
    twice = pooled.pooled(pl.concat([north, south]), area_code="E", expected=3)
    assert twice.height > 5
    assert twice.drop("councils").equals(once.drop("councils"))
    assert value_of(twice, "requests_new")["councils"] == 3  # England counts councils, not regions


def test_a_region_left_empty_leaves_england_empty_not_made_of_the_others():
    """A and B share no month, so their region has no figure; England, pooled from the regions, must then have none
    either (pooling every council at once has none), not C's figures under England's name."""
    councils = [
        figure("A", "requests_new", 1.0, period="Apr 2022"),
        figure("B", "requests_new", 2.0, period="May 2022"),
        figure("C", "requests_new", 5.0, period="Apr 2022"),
        figure("C", "requests_new", 5.0, period="May 2022"),
    ]
    once = pooled.pooled(parts(councils), area_code="E", expected=3)
    north = pooled.pooled(parts(councils[:2]), area_code="N", expected=2)
    south = pooled.pooled(parts(councils[2:]), area_code="S", expected=1)
    twice = pooled.pooled(pl.concat([north, south]), area_code="E", expected=3)
    assert once.height == north.height == twice.height == 0


def test_a_share_some_councils_cannot_yet_give_is_left_out():
    """B's share of people waiting starts later (its run-in): the month it has none, the region has none."""
    rows = [
        figure("A", "requests_new", 3.0, period="Jul 2020"),
        figure("B", "requests_new", 4.0, period="Jul 2020"),
        figure("A", "assessment_wait_28d_pct", 50.0, 5.0, 10.0, period="Jul 2020"),
        figure("A", "wait_assessment_median_days", 3.0, None, 1.0, period="Jul 2020"),
        *waits("A", "wait_assessment_median_days", {3: 1}, period="Jul 2020"),
    ]
    frame = pooled.pooled(parts(rows), area_code="R", expected=2)
    kept = set(frame.filter(pl.col("kind") == pooled.FIGURE)["indicator_id"].to_list())
    # the count stands on both; the median on the waits there were; the share on A alone is not made
    assert kept == {"requests_new", "wait_assessment_median_days"}


def test_a_council_of_its_own_is_itself(tmp_path):
    """Pooled alone, a council's figures come back unchanged: each rule (scale, rounding, median) is the one the
    council's own figure was made by."""
    rows = [
        figure("A", "assessments_eligible_pct", 66.7, 2.0, 3.0),
        figure("A", "admissions_18_64_rate", 12.3, 4.0, 32_520.0),
        figure("A", "people_long_term_support", 812.0),
        figure("A", "wait_assessment_median_days", 2.5, None, 4.0),
        *waits("A", "wait_assessment_median_days", {1: 1, 2: 1, 3: 1, 30: 1}),
    ]
    alone = pooled.pooled(parts(rows), area_code="A")
    for row in rows:
        if row["kind"] == pooled.FIGURE:
            assert value_of(alone, row["indicator_id"])["value"] == row["value"]


def test_weeks_and_local_breakdowns_are_not_pooled_and_an_unknown_measure_is_refused():
    rows = pl.DataFrame(
        [
            ("requests_new", "Apr 2022", "month", None, None, 3.0, None, None),
            ("requests_new", "w/e 3 Apr 2022", "week", None, None, 1.0, None, None),
            ("requests_new", "Apr 2022", "month", "team", "North", 2.0, None, None),
        ],
        schema=[
            "indicator_id",
            "period",
            "period_type",
            "breakdown_dim",
            "breakdown_cat",
            "value",
            "numerator",
            "denominator",
        ],
        orient="row",
    )
    empty = pl.DataFrame(schema=indicators.WAIT_DAYS_SCHEMA)
    kept = pooled.council_parts(area_code="A", rows=rows, wait_days=empty, demonstration=True)
    assert kept.select("period_type", "breakdown_dim").rows() == [("month", None)]
    assert kept["demonstration"].to_list() == [True]
    with pytest.raises(MetricsError, match="no rule for made_up_measure"):
        pooled.council_parts(
            area_code="A",
            rows=rows.with_columns(pl.lit("made_up_measure").alias("indicator_id")),
            wait_days=empty,
            demonstration=False,
        )


def test_a_share_a_council_had_none_of_that_month_is_still_made():
    """B ended no ST-Max episode in July (0 of 0: no row of its own); the region's share is A's parts plus none."""
    rows = [
        figure("A", "requests_new", 3.0, period="Jul 2020"),
        figure("B", "requests_new", 4.0, period="Jul 2020"),
        figure("A", "reablement_no_ongoing_pct", 75.0, 3.0, 4.0, period="Jul 2020"),
    ]
    row = value_of(pooled.pooled(parts(rows), area_code="R", expected=2), "reablement_no_ongoing_pct")
    assert (row["value"], row["numerator"], row["denominator"], row["councils"]) == (75.0, 3.0, 4.0, 1)
