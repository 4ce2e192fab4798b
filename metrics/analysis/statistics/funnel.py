"""Funnel plot control limits: how far from a centre value a council's figure may fall by chance alone, given its
denominator.

Spiegelhalter, "Funnel plots for comparing institutional performance", Statistics in Medicine 24 (2005),
1185-1202, section 2 and appendix A.1.1: the exact limits come from the quantiles of the binomial (for a
proportion) or the Poisson (for a rate) distribution at the centre value, smoothed by interpolating between
neighbouring counts, so the limits form a smooth funnel rather than a staircase. The PHE/UKHSA Fingertips funnel
tools and PHEindicatormethods' ``calculate_funnel_limits`` follow the same idea at 95% (about 2 standard
deviations) and 99.8% (about 3).

For a proportion θ and denominator n, with r_p the p-quantile of Binomial(n, θ) (the smallest r with
F(r) >= p), and α = (F(r_p) − p) / (F(r_p) − F(r_p − 1)), the lower limit is (r_p − α) / n at p = 0.025 (or
0.001), and the upper limit (r_p − α + 1) / n at p = 0.975 (or 0.999): the same interpolation applied to each
tail, so a count is outside a limit exactly when its tail probability is below the tail's share. For a rate, the
same with Poisson(θ·n). The normal approximation, θ ± z·sqrt(θ(1 − θ)/n), is given for comparison: it agrees to within
about 1/n, and is worse for small n and for θ near 0 or 1.

Pure Python: each quantile is found by summing the distribution over a window of ±12 standard deviations around
its mean, outside which the probability is below 1e-30.
"""

from __future__ import annotations

import math

from metrics.analysis.statistics.intervals import z_for

LEVELS = (0.95, 0.998)


def _log_binomial(k: int, n: int, p: float) -> float:
    return math.lgamma(n + 1) - math.lgamma(k + 1) - math.lgamma(n - k + 1) + k * math.log(p) + (n - k) * math.log1p(-p)


def _log_poisson(k: int, mean: float) -> float:
    return k * math.log(mean) - mean - math.lgamma(k + 1)


def _quantile(log_pmf, mean: float, sd: float, top: int | None, p: float) -> tuple[int, float, float]:
    """(r_p, F(r_p), F(r_p − 1)) for a discrete distribution on 0..top (None: unbounded)."""
    lo = max(0, int(mean - 12 * sd - 5))
    hi = int(mean + 12 * sd + 5) if top is None else min(top, int(mean + 12 * sd + 5))
    below = 0.0
    for k in range(lo, hi + 1):
        at = below + math.exp(log_pmf(k))
        if at >= p:
            return k, at, below
        below = at
    return hi, 1.0, below


def _interpolated(log_pmf, mean: float, sd: float, top: int | None, p: float, *, upper: bool) -> float:
    """The limit as a count. Lower: (r_p − α), between r_p − 1 (the largest count flagged, P(Y <= y) < p) and r_p.
    Upper: (r_p − α + 1), between r_p (the largest count not flagged) and r_p + 1 (the smallest flagged, P(Y >= y)
    < 1 − p): the same interpolation on the other tail, so a proportion's limits are symmetric (the upper limit
    at θ is 1 minus the lower limit at 1 − θ) and a figure of 100% is never above a funnel it could reach."""
    r, at, below = _quantile(log_pmf, mean, sd, top, p)
    alpha = (at - p) / (at - below) if at > below else 0.0
    return max(0.0, r - alpha + (1 if upper else 0))


def proportion_limits(*, centre: float, denominator: int, confidence: float) -> tuple[float, float]:
    """Exact binomial funnel limits, as proportions (0 to 1), around ``centre`` (a proportion) at ``denominator``."""
    n = int(denominator)
    if n <= 0:
        raise ValueError(f"a denominator must be 1 or more, got {denominator!r}")
    if not 0 <= centre <= 1:
        raise ValueError(f"a proportion must be from 0 to 1, got {centre!r}")
    if centre in (0.0, 1.0):  # no variation at all: the funnel is the centre line
        return centre, centre
    tail = (1 - confidence) / 2
    sd = math.sqrt(n * centre * (1 - centre))

    def pmf(k: int) -> float:
        return _log_binomial(k, n, centre)

    return (
        _interpolated(pmf, n * centre, sd, n, tail, upper=False) / n,
        min(1.0, _interpolated(pmf, n * centre, sd, n, 1 - tail, upper=True) / n),
    )


def rate_limits(*, centre: float, denominator: float, confidence: float, per: float = 100_000) -> tuple[float, float]:
    """Exact Poisson funnel limits of a rate per ``per`` around ``centre`` (a rate per ``per``) at a population of
    ``denominator``."""
    if denominator <= 0:
        raise ValueError(f"a population must be more than 0, got {denominator!r}")
    if centre < 0:
        raise ValueError(f"a rate cannot be negative, got {centre!r}")
    expected = centre / per * denominator
    if expected == 0:
        return 0.0, 0.0
    tail = (1 - confidence) / 2
    sd = math.sqrt(expected)

    def pmf(k: int) -> float:
        return _log_poisson(k, expected)

    return (
        _interpolated(pmf, expected, sd, None, tail, upper=False) / denominator * per,
        _interpolated(pmf, expected, sd, None, 1 - tail, upper=True) / denominator * per,
    )


def normal_proportion_limits(*, centre: float, denominator: float, confidence: float) -> tuple[float, float]:
    """The normal approximation to the binomial limits, for comparison: centre ± z·sqrt(centre(1 − centre)/n)."""
    half = z_for(confidence) * math.sqrt(centre * (1 - centre) / denominator)
    return centre - half, centre + half
