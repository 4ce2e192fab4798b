"""SPC runs on what is real: published points alone where there are enough, and otherwise said to rest on
demonstration data, on every surface that shows it."""

from __future__ import annotations

import polars as pl

from metrics.core import registry
from metrics.figures import spc_series
from tests.conftest import HOME, value_row, values_frame

IND = registry.get("reviews_overdue_24m")
NO_CHANGES = pl.DataFrame({"date": []}, schema={"date": pl.Date})
MONTHS = [
    f"{m} {y}"
    for y in (2021, 2022, 2023)
    for m in ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
]


def _series(real: int, demo: int) -> pl.DataFrame:
    rows = [
        value_row(IND.id, HOME, label, 100 + (i % 5), ptype="snapshot", demo=i < demo)
        for i, label in enumerate(MONTHS[: real + demo])
    ]
    frame = values_frame(rows)
    return frame.with_columns((pl.col("provenance") == "demonstration").alias("is_demonstration"))


def test_enough_published_points_and_spc_leaves_the_demonstration_out():
    result, rows = spc_series.for_series(
        frame=_series(real=14, demo=10), indicator=IND, period_type="snapshot", changes=NO_CHANGES
    )
    assert rows.height == 14 and result.points.height == 14 and not rows["is_demonstration"].any()
    assert not result.on_demonstration and "10 demonstration months are left out" in result.basis


def test_too_few_published_points_and_spc_says_it_rests_on_demonstration():
    result, rows = spc_series.for_series(
        frame=_series(real=5, demo=20), indicator=IND, period_type="snapshot", changes=NO_CHANGES
    )
    assert rows.height == 25 and result.on_demonstration
    assert result.warnings[0].startswith("20 of these 25 months are demonstration data and 5 are published")


def test_a_series_with_no_demonstration_is_as_it_was():
    result, rows = spc_series.for_series(
        frame=_series(real=20, demo=0), indicator=IND, period_type="snapshot", changes=NO_CHANGES
    )
    assert rows.height == 20 and not result.on_demonstration and result.basis == ""
