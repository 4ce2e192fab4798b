"""The SPC chart's text alternative: the span, how the series moved, each period of limits with its signals in
Making Data Count words, the latest point and the finding, from the points drawn."""

from __future__ import annotations

from datetime import date

import polars as pl

from metrics.analysis.spc.pipeline import spc
from metrics.core import registry
from metrics.figures import spc_series as series


def _points(values: list[float | None], kinds: list[str], *, sides=None, rules=None, segments=None) -> pl.DataFrame:
    n = len(values)
    return pl.DataFrame(
        {
            "period_label": [f"M{i + 1}" for i in range(n)],
            "period_end": [date(2023, i + 1, 28) for i in range(n)],
            "value": values,
            "segment": segments or [0] * n,
            "mean": [10.0] * n,
            "lower": [4.0] * n,
            "upper": [16.0] * n,
            "rule": rules or [None if k == "common cause" else "outside limits" for k in kinds],
            "side": sides or [0 if k == "common cause" else 1 for k in kinds],
            "point_type": kinds,
        },
        schema_overrides={"rule": pl.String},
    )


def test_it_names_the_span_the_change_the_limits_the_kinds_and_the_latest_point():
    ind = registry.get("contacts_new")
    text = series.describe(
        _points([9.0, 11.0, 20.0], ["common cause", "common cause", "concern"]),
        indicator=ind,
        area_name="Leicester",
        sentence="One point is unusually high.",
    )
    assert text.startswith("SPC chart of New contacts for Leicester, 3 points from M1 to M3, in count")
    assert "It rose from 9 in M1 to 20 in M3 (up 11)." in text
    assert "mean 10, limits 4 to 16; special cause points: 1 concern." in text
    assert "Latest: 20 in M3, concern. One point is unusually high." in text


def test_a_period_that_moves_through_both_limits_is_not_counted_as_improvements():
    # lower is better: the early, low points of a rise sit below the limits of the period they rise through
    ind = registry.get("reviews_overdue_24m")
    assert ind.direction == registry.LOWER
    text = series.describe(
        _points(
            [2.0, 3.0, 10.0, 17.0, 19.0],
            ["improvement", "improvement", "common cause", "concern", "concern"],
            sides=[-1, -1, 0, 1, 1],
        ),
        indicator=ind,
        area_name="X",
        sentence="",
    )
    assert "1 improvement" not in text and "2 improvement" not in text  # no count of good news
    assert "its points lie beyond both of its limits (2 unusually high, 2 unusually low)" in text
    assert "it rose from 2 in M1 to 19 in M5, up 17" in text
    assert "the low points are where the rise began" in text


def test_new_limits_after_a_known_change_are_named():
    ind = registry.get("contacts_new")
    changes = pl.DataFrame({"date": [date(2023, 3, 1)], "label": ["Covid-19: 2020/21 an exception"]})
    text = series.describe(
        _points([9.0, 10.0, 11.0, 9.0], ["common cause"] * 4, segments=[0, 0, 1, 1]),
        indicator=ind,
        area_name="X",
        sentence="",
        changes=changes,
    )
    assert "From M1 to M2: mean 10" in text
    assert "From M3 to M4 (new limits after Covid-19): mean 10" in text
    assert text.count("no special cause: common cause variation only.") == 2


def test_a_hidden_point_is_neither_counted_nor_described():
    ind = registry.get("contacts_new")
    text = series.describe(
        _points([9.0, None], ["common cause", "common cause"]), indicator=ind, area_name="X", sentence=""
    )
    assert "for X, 1 point, M1, in count" in text
    assert "Latest: 9 in M1" in text


def test_no_points_says_so():
    text = series.describe(_points([], []), indicator=registry.get("contacts_new"), area_name="X", sentence="")
    assert text.endswith("no points to draw.")


def test_a_point_inside_a_rising_run_is_read_by_the_run_not_as_an_improvement():
    # lower is better; the segment's limits come from all its points, so the first rising points fall below the
    # lower limit: the run of seven rising points speaks for them (a concern), not "outside limits" (improvement)
    values = [100.0, 110.0, 120.0, 130.0, 140.0, 150.0, 160.0] + [400.0, 405.0, 398.0, 402.0, 401.0, 399.0] * 3
    result = spc(values, labels=[f"M{i}" for i in range(len(values))], direction=registry.LOWER)
    first = result.points.head(7)
    assert set(first["rule"]) == {"trend"} and set(first["point_type"]) == {"concern"}
    assert (first["value"] < first["lower"]).all()  # below the lower limit, yet not an improvement
