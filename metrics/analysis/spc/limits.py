"""XmR limits: the mean, the average moving range, and the lines drawn from them."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise

#: Process limits sit 2.66 average moving ranges from the mean (3 sigma, with 1.128 as d2 for n = 2).
LIMIT_FACTOR = 2.66
#: The two-sigma lines used by the two-in-three rule.
TWO_SIGMA_FACTOR = 2 / 3 * LIMIT_FACTOR
#: A moving range at or above this many times the average moving range is a one-off spike, left out of the
#: average that sets the limits (the upper range limit, D4 = 3.267 for ranges of two points). NHSRplotthedots
#: does this by default (``screen_outliers = TRUE``, R/ptd_spc_standard.R); so does the dashboard.
SCREEN_FACTOR = 3.267


@dataclass(frozen=True)
class Limits:
    mean: float
    mr_bar: float
    upper: float
    lower: float
    upper_two_sigma: float
    lower_two_sigma: float


def moving_ranges(values: Sequence[float]) -> list[float]:
    """|x[i] - x[i-1]| for each point after the first."""
    return [abs(b - a) for a, b in pairwise(values)]


def average_moving_range(values: Sequence[float], *, screen_outliers: bool = True) -> float:
    """The average moving range; with ``screen_outliers``, averaged again without the ranges at or above
    :data:`SCREEN_FACTOR` times the first average (once, as NHSRplotthedots does)."""
    ranges = moving_ranges(values)
    mr_bar = sum(ranges) / len(ranges)
    if screen_outliers:
        kept = [r for r in ranges if r < SCREEN_FACTOR * mr_bar]
        mr_bar = sum(kept) / len(kept) if kept else mr_bar
    return mr_bar


def xmr(baseline: Sequence[float], *, screen_outliers: bool = True) -> Limits:
    """Limits from the baseline points. Needs at least two points (one moving range)."""
    if len(baseline) < 2:
        raise ValueError(f"XmR limits need at least 2 points, got {len(baseline)}")
    mean = sum(baseline) / len(baseline)
    mr_bar = average_moving_range(baseline, screen_outliers=screen_outliers)
    return Limits(
        mean,
        mr_bar,
        mean + LIMIT_FACTOR * mr_bar,
        mean - LIMIT_FACTOR * mr_bar,
        mean + TWO_SIGMA_FACTOR * mr_bar,
        mean - TWO_SIGMA_FACTOR * mr_bar,
    )
