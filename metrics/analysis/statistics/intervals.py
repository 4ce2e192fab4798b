"""Confidence intervals, as the PHE/UKHSA technical guide and the PHEindicatormethods R package compute them.

- Proportions (numerator of denominator): the Wilson score interval. Wilson (1927); Newcombe, "Two-sided
  confidence intervals for the single proportion", Statistics in Medicine 17 (1998), method 3; PHE technical
  guide "Confidence intervals", and ``phe_proportion`` in PHEindicatormethods.
- Counts and rates (a count over a population): Byar's approximation to the Poisson limits, and the exact Poisson
  limits for counts under 10, where Byar's is less accurate. Breslow and Day (1987); PHE technical guide "Byar's
  method"; ``phe_rate`` and ``byars_lower``/``byars_upper`` in PHEindicatormethods.

Pure Python, no SciPy: the exact Poisson limits are found by bisection on the Poisson distribution, which for counts
under 10 is a short sum.
"""

from __future__ import annotations

import math
from statistics import NormalDist

#: Byar's approximation is used from this count up; below it, the exact Poisson limits.
EXACT_BELOW = 10


def z_for(confidence: float) -> float:
    """The two-sided normal quantile: 1.959964 for 95%, 3.090232 for 99.8%."""
    if not 0 < confidence < 1:
        raise ValueError(f"confidence must be between 0 and 1, got {confidence!r}")
    return NormalDist().inv_cdf(1 - (1 - confidence) / 2)


def wilson(*, numerator: float, denominator: float, confidence: float = 0.95) -> tuple[float, float]:
    """Wilson score limits of the proportion numerator/denominator, as proportions (0 to 1)."""
    if denominator <= 0 or numerator < 0 or numerator > denominator:
        raise ValueError(f"need 0 <= numerator <= denominator and denominator > 0, got {numerator}/{denominator}")
    z = z_for(confidence)
    p = numerator / denominator
    centre = 2 * numerator + z * z
    spread = z * math.sqrt(z * z + 4 * numerator * (1 - p))
    scale = 2 * (denominator + z * z)
    return max(0.0, (centre - spread) / scale), min(1.0, (centre + spread) / scale)


def _poisson_cdf(count: int, mean: float) -> float:
    """P(X <= count) for X ~ Poisson(mean)."""
    term = total = math.exp(-mean)
    for k in range(1, count + 1):
        term *= mean / k
        total += term
    return total


def _solve(f, lo: float, hi: float) -> float:
    """The root of an increasing-or-decreasing f on [lo, hi], by bisection to 1e-10."""
    f_lo = f(lo)
    for _ in range(200):
        mid = (lo + hi) / 2
        if (f(mid) > 0) == (f_lo > 0):
            lo, f_lo = mid, f(mid)
        else:
            hi = mid
        if hi - lo < 1e-10:
            break
    return (lo + hi) / 2


def exact_poisson(*, count: int, confidence: float = 0.95) -> tuple[float, float]:
    """Exact (Garwood) Poisson limits of a count: the means under which the count is just in each tail."""
    if count < 0 or count != int(count):
        raise ValueError(f"a count must be a whole number of 0 or more, got {count!r}")
    count = int(count)
    tail = (1 - confidence) / 2
    upper_bound = count + 20 * math.sqrt(count + 1) + 20
    lower = 0.0 if count == 0 else _solve(lambda m: (1 - _poisson_cdf(count - 1, m)) - tail, 0.0, upper_bound)
    upper = _solve(lambda m: _poisson_cdf(count, m) - tail, 0.0, upper_bound)
    return lower, upper


def byar(*, count: float, confidence: float = 0.95) -> tuple[float, float]:
    """Byar's limits of a count (exact Poisson limits below 10)."""
    if count < 0:
        raise ValueError(f"a count must be 0 or more, got {count!r}")
    if count < EXACT_BELOW:
        return exact_poisson(count=round(count), confidence=confidence)
    z = z_for(confidence)
    lower = count * (1 - 1 / (9 * count) - z / (3 * math.sqrt(count))) ** 3
    upper = (count + 1) * (1 - 1 / (9 * (count + 1)) + z / (3 * math.sqrt(count + 1))) ** 3
    return lower, upper


def rate(*, count: float, population: float, per: float = 100_000, confidence: float = 0.95) -> tuple[float, float]:
    """Limits of a rate per ``per`` people: Byar's (or exact) limits of the count, over the population."""
    if population <= 0:
        raise ValueError(f"the population must be more than 0, got {population!r}")
    lower, upper = byar(count=count, confidence=confidence)
    return lower / population * per, upper / population * per
