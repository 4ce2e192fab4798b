"""Funnel limits against the exact binomial and Poisson distributions, and against the normal approximation.

The exact checks sum the distributions here from zero, independently of the module's windowed sums: with a centre
of 4/5, Binomial(n, 4/5) probabilities are exact integers over 5**n, so the quantiles are found without rounding.
Spiegelhalter's interpolated lower limit (r_p − α)/n must lie between (r_p − 1)/n and r_p/n, and the upper limit
(r_p − α + 1)/n between r_p/n and (r_p + 1)/n (Spiegelhalter 2005, appendix A.1.1, applied to each tail). The normal
approximation must agree within 2/n for a proportion, as the discreteness and skew of the binomial allow, and
within 2.5 counts for a rate.
"""

from __future__ import annotations

import math
from fractions import Fraction

import pytest

from metrics.analysis.statistics import funnel
from metrics.analysis.statistics.intervals import z_for


def _binomial_quantile(n: int, p: float) -> int:
    """The smallest r with P(X <= r) >= p for X ~ Binomial(n, 4/5), by exact integer arithmetic."""
    target = Fraction(p).limit_denominator(10**9) * 5**n
    total, term = 0, 1  # term = comb(n, r) * 4**r, updated exactly from one r to the next
    for r in range(n + 1):
        total += term
        if total >= target:
            return r
        term = term * (n - r) * 4 // (r + 1)
    return n


def _poisson_quantile(mean: float, p: float) -> int:
    total, r = 0.0, 0
    while True:
        total += math.exp(r * math.log(mean) - mean - math.lgamma(r + 1))
        if total >= p:
            return r
        r += 1


@pytest.mark.parametrize("n", [100, 1_000, 10_000])
@pytest.mark.parametrize("confidence", funnel.LEVELS)
def test_proportion_limits_match_the_exact_binomial_and_the_normal_approximation(n, confidence):
    lower, upper = funnel.proportion_limits(centre=0.8, denominator=n, confidence=confidence)
    tail = (1 - confidence) / 2
    for limit, p, shift in ((lower, tail, 0), (upper, 1 - tail, 1)):
        r = _binomial_quantile(n, p) + shift
        assert r - 1 <= limit * n <= r, (limit * n, r)
    normal = funnel.normal_proportion_limits(centre=0.8, denominator=n, confidence=confidence)
    assert abs(lower - normal[0]) <= 2 / n and abs(upper - normal[1]) <= 2 / n
    assert lower < 0.8 < upper


@pytest.mark.parametrize("expected", [100, 1_000, 10_000])
@pytest.mark.parametrize("confidence", funnel.LEVELS)
def test_rate_limits_match_the_exact_poisson_and_the_normal_approximation(expected, confidence):
    population = 50_000
    centre = expected / population * 100_000
    lower, upper = funnel.rate_limits(centre=centre, denominator=population, confidence=confidence)
    tail = (1 - confidence) / 2
    counts = (lower * population / 100_000, upper * population / 100_000)
    for count, p, shift in zip(counts, (tail, 1 - tail), (0, 1), strict=True):
        r = _poisson_quantile(expected, p) + shift
        assert r - 1 <= count <= r + 1e-9, (count, r)
    half = z_for(confidence) * math.sqrt(expected)
    assert abs(counts[0] - (expected - half)) <= 2.5 and abs(counts[1] - (expected + half)) <= 2.5


def test_a_count_is_outside_a_limit_exactly_when_its_tail_is_below_the_tail_share():
    """Symmetric about a centre of 0.5; and 100% of 50 at a centre of 94% (P = 0.045) is inside the 99.8% limits."""
    lower, upper = funnel.proportion_limits(centre=0.5, denominator=100, confidence=0.95)
    assert lower == pytest.approx(1 - upper)
    assert funnel.proportion_limits(centre=0.94, denominator=50, confidence=0.998)[1] == 1.0
    # 60 of 100 at 0.5: P(Y >= 60) = 0.028 > 0.025, so inside; 61: P = 0.018, outside
    assert 0.60 <= upper < 0.61


def test_the_funnel_narrows_as_the_denominator_grows_and_99_8_is_outside_95():
    widths = [funnel.proportion_limits(centre=0.6, denominator=n, confidence=0.95) for n in (50, 500, 5000)]
    assert [hi - lo for lo, hi in widths] == sorted((hi - lo for lo, hi in widths), reverse=True)
    inner = funnel.proportion_limits(centre=0.6, denominator=500, confidence=0.95)
    outer = funnel.proportion_limits(centre=0.6, denominator=500, confidence=0.998)
    assert outer[0] < inner[0] and outer[1] > inner[1]


def test_a_centre_of_0_or_100_percent_has_no_spread_and_bad_inputs_are_refused():
    assert funnel.proportion_limits(centre=1.0, denominator=40, confidence=0.95) == (1.0, 1.0)
    assert funnel.rate_limits(centre=0.0, denominator=40, confidence=0.95) == (0.0, 0.0)
    for call in (
        lambda: funnel.proportion_limits(centre=0.5, denominator=0, confidence=0.95),
        lambda: funnel.proportion_limits(centre=1.5, denominator=10, confidence=0.95),
        lambda: funnel.rate_limits(centre=-1, denominator=10, confidence=0.95),
    ):
        with pytest.raises(ValueError):
            call()
