"""XmR limits: the mean, the average moving range, and the lines drawn from them."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise

#: Process limits sit 2.66 average moving ranges from the mean (3 sigma, with 1.128 as d2 for n = 2).
LIMIT_FACTOR = 2.66
#: The two-sigma lines used by the two-in-three rule.
TWO_SIGMA_FACTOR = 2 / 3 * LIMIT_FACTOR


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


def xmr(baseline: Sequence[float]) -> Limits:
    """Limits from the baseline points. Needs at least two points (one moving range)."""
    if len(baseline) < 2:
        raise ValueError(f"XmR limits need at least 2 points, got {len(baseline)}")
    mean = sum(baseline) / len(baseline)
    ranges = moving_ranges(baseline)
    mr_bar = sum(ranges) / len(ranges)
    return Limits(
        mean,
        mr_bar,
        mean + LIMIT_FACTOR * mr_bar,
        mean - LIMIT_FACTOR * mr_bar,
        mean + TWO_SIGMA_FACTOR * mr_bar,
        mean - TWO_SIGMA_FACTOR * mr_bar,
    )
