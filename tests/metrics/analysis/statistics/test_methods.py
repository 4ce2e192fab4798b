"""Which interval a figure gets: the published margin first, then Wilson or Byar's from the parts, else a reason."""

from __future__ import annotations

import polars as pl
import pytest

from metrics.analysis.statistics import intervals, methods
from metrics.core import registry

PERCENT, RATE, COUNT, SCORE = (
    registry.get(i) for i in ("reablement_91day", "admissions_65_rate", "reviews_overdue_24m", "qol_score")
)


def test_a_percentage_with_its_parts_gets_the_wilson_interval_in_percent():
    e = methods.estimate(indicator=PERCENT, value=88.2, numerator=441, denominator=500)
    lo, hi = intervals.wilson(numerator=441, denominator=500)
    assert (e.lower, e.upper, e.method) == (pytest.approx(lo * 100), pytest.approx(hi * 100), methods.WILSON)


def test_a_rate_gets_byars_limits_and_small_counts_the_exact_ones():
    e = methods.estimate(indicator=RATE, value=596.3, numerator=278, denominator=46623)
    lo, hi = intervals.byar(count=278)
    assert e.method == methods.BYAR and e.lower == pytest.approx(lo / 46623 * 100_000)
    assert e.upper == pytest.approx(hi / 46623 * 100_000)
    assert methods.estimate(indicator=RATE, value=12.9, numerator=6, denominator=46623).method == methods.EXACT


def test_a_published_margin_of_error_is_used_as_published_and_kept_within_0_to_100():
    e = methods.estimate(indicator=SCORE, value=19.1, denominator=405, margin_of_error=0.3)
    assert (e.lower, e.upper, e.method) == (pytest.approx(18.8), pytest.approx(19.4), methods.PUBLISHED)
    edge = methods.estimate(indicator=PERCENT, value=98.0, margin_of_error=3.0)
    assert (edge.lower, edge.upper) == (pytest.approx(95.0), 100.0)
    # at 99.8% the half-width grows by 3.090 / 1.960, and the method says it was scaled
    wide = methods.estimate(indicator=SCORE, value=19.1, margin_of_error=0.3, confidence=0.998)
    assert wide.upper - 19.1 == pytest.approx(0.3 * 3.090232 / 1.959964, rel=1e-5)
    assert wide.method.endswith("scaled from 95%")


@pytest.mark.parametrize(
    ("indicator", "parts", "reason"),
    [
        (COUNT, {}, methods.COUNT_ONLY),
        (PERCENT, {}, methods.NO_PARTS),
        (PERCENT, {"numerator": 5, "denominator": 0}, methods.NO_PARTS),
        (RATE, {"numerator": 278}, methods.NO_PARTS),
        (SCORE, {"denominator": 405}, methods.NO_MARGIN),
    ],
)
def test_no_interval_is_given_a_reason_in_words(indicator, parts, reason):
    e = methods.estimate(indicator=indicator, value=50.0, **parts)
    assert (e.lower, e.upper, e.method, e.has_interval) == (None, None, reason, False)


def test_a_hidden_figure_gets_no_interval_whatever_its_parts():
    assert methods.estimate(indicator=PERCENT, value=None, numerator=3, denominator=4).method == methods.NO_FIGURE


def test_a_frame_gains_lower_upper_and_method_row_by_row():
    frame = pl.DataFrame(
        {
            "value": [88.2, None, 70.0],
            "numerator": [441.0, None, None],
            "denominator": [500.0, None, None],
            "margin_of_error": [None, None, None],
        },
        schema=dict.fromkeys(("value", "numerator", "denominator", "margin_of_error"), pl.Float64),
    )
    out = methods.with_intervals(frame, indicator=PERCENT)
    assert out["interval_method"].to_list() == [methods.WILSON, methods.NO_FIGURE, methods.NO_PARTS]
    assert out["lower"][0] == pytest.approx(85.0768, abs=1e-4) and out["lower"][1:].is_null().all()
    empty = methods.with_intervals(frame.clear(), indicator=PERCENT)
    assert empty.columns[-3:] == ["lower", "upper", "interval_method"] and empty.height == 0
