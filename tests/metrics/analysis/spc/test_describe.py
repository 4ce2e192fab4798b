"""The SPC chart's text alternative: axes, series, the latest point and the finding, from the points drawn."""

from __future__ import annotations

from datetime import date

import polars as pl

from metrics.core import registry
from metrics.figures import spc_series as series


def _points(values: list[float | None], kinds: list[str]) -> pl.DataFrame:
    n = len(values)
    return pl.DataFrame(
        {
            "period_label": [f"M{i + 1}" for i in range(n)],
            "period_end": [date(2023, i + 1, 28) for i in range(n)],
            "value": values,
            "mean": [10.0] * n,
            "lower": [4.0] * n,
            "upper": [16.0] * n,
            "point_type": kinds,
        }
    )


def test_it_names_the_span_the_limits_the_kinds_and_the_latest_point():
    ind = registry.get("contacts_new")
    text = series.describe(
        _points([9.0, 11.0, 20.0], ["common cause", "common cause", "concern"]),
        indicator=ind,
        area_name="Leicester",
        sentence="One point is unusually high.",
    )
    assert text.startswith("SPC chart of New contacts for Leicester, 3 points from M1 to M3, in count")
    assert "limits are 4 to 16 around a mean of 10" in text
    assert "2 common cause, 1 concern" in text
    assert "Latest: 20 in M3, concern. One point is unusually high." in text


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
