"""Which interval a figure gets, and why: one rule for every surface.

A figure's 95% confidence interval is worked out from what its row carries, in this order:

1. a margin of error published with it (the ASCOF survey measures: NHS England publishes the half-width of the
   95% interval of each council's weighted survey estimate): value ± margin, used as published;
2. a percentage with its numerator and denominator: the Wilson score interval (``intervals.wilson``);
3. a rate per 100,000 with its count (numerator) and population (denominator): Byar's method, or the exact
   Poisson limits for counts under 10 (``intervals.rate``);
4. anything else has no interval, and the reason is said in words: a count on its own; a percentage or rate whose
   publisher gave no numerator and denominator; a score, days or cases per worker with no published margin.

The chart table adds these columns to the council's own rows (:func:`with_intervals`), and the brief, the tiles,
the slides, the pack and the CSV read them from there, so an interval is worked out once.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import polars as pl

from metrics.analysis.statistics import intervals
from metrics.core import registry

PUBLISHED = "published survey margin of error"
WILSON = "Wilson score interval"
BYAR = "Byar's method"
EXACT = "exact Poisson limits"
#: Why a figure has no interval.
COUNT_ONLY = "a count on its own has no interval"
NO_PARTS = "no numerator and denominator published"
NO_MARGIN = "no margin of error published"
NO_FIGURE = "no figure to test"

#: How each kind of figure is judged, for the About page: (figure, interval, reference).
EXPLAINED = (
    (
        "A percentage with its numerator and denominator",
        WILSON,
        "Wilson (1927); Newcombe (1998); PHE technical guide; PHEindicatormethods phe_proportion",
    ),
    (
        "A rate per 100,000 with its count and population",
        f"{BYAR} ({EXACT} for counts under 10)",
        "Breslow and Day (1987); PHE technical guide; PHEindicatormethods phe_rate",
    ),
    (
        "An ASCOF survey measure",
        f"{PUBLISHED} (value ± margin, 95%)",
        "DHSC, Measures from the ASCOF, England – time series: 'margin of error'",
    ),
    (
        "A count on its own, or a figure published without its parts or margin",
        "none: not tested, and the verdict says why",
        "",
    ),
)

INTERVAL_COLUMNS = {"lower": pl.Float64, "upper": pl.Float64, "interval_method": pl.String}


@dataclass(frozen=True)
class Estimate:
    """A figure with its interval (``lower``/``upper`` None when there is none) and the method, or the reason."""

    value: float | None
    lower: float | None
    upper: float | None
    method: str

    @property
    def has_interval(self) -> bool:
        return self.lower is not None and self.upper is not None


def _number(x) -> float | None:
    return None if x is None or (isinstance(x, float) and math.isnan(x)) else float(x)


def estimate(
    *,
    indicator: registry.Indicator,
    value: float | None,
    numerator: float | None = None,
    denominator: float | None = None,
    margin_of_error: float | None = None,
    confidence: float = 0.95,
) -> Estimate:
    """The figure's interval at ``confidence`` by the rule in the module's docstring.

    A published margin is a 95% half-width; at another confidence it is scaled by the ratio of normal quantiles
    (the publisher's estimate is approximately normal), and the method says so.
    """
    value, numerator = _number(value), _number(numerator)
    denominator, margin_of_error = _number(denominator), _number(margin_of_error)
    if value is None:
        return Estimate(None, None, None, NO_FIGURE)
    if margin_of_error is not None:
        half = margin_of_error * intervals.z_for(confidence) / intervals.z_for(0.95)
        lower, upper = value - half, value + half
        if indicator.unit == registry.PERCENT:
            lower, upper = max(0.0, lower), min(100.0, upper)
        method = PUBLISHED if confidence == 0.95 else f"{PUBLISHED}, scaled from 95%"
        return Estimate(value, lower, upper, method)
    if indicator.unit == registry.COUNT:
        return Estimate(value, None, None, COUNT_ONLY)
    usable = numerator is not None and denominator is not None and denominator > 0 and numerator >= 0
    if usable and numerator is not None and denominator is not None:  # (restated for the type checker)
        if indicator.unit == registry.PERCENT and numerator <= denominator:
            lo, hi = intervals.wilson(numerator=numerator, denominator=denominator, confidence=confidence)
            return Estimate(value, lo * 100, hi * 100, WILSON)
        if indicator.unit == registry.RATE_100K:
            lo, hi = intervals.rate(count=numerator, population=denominator, confidence=confidence)
            return Estimate(value, lo, hi, EXACT if numerator < intervals.EXACT_BELOW else BYAR)
    if indicator.unit in (registry.PERCENT, registry.RATE_100K):
        return Estimate(value, None, None, NO_PARTS)
    return Estimate(value, None, None, NO_MARGIN)


def with_intervals(frame: pl.DataFrame, *, indicator: registry.Indicator, confidence: float = 0.95) -> pl.DataFrame:
    """``frame`` (with value, numerator, denominator and margin_of_error) plus lower, upper and interval_method.

    A hidden figure (value null) gets no interval: its limits would give it away."""
    if frame.height == 0:
        return frame.with_columns(*(pl.lit(None, t).alias(c) for c, t in INTERVAL_COLUMNS.items()))
    found = [
        estimate(indicator=indicator, value=v, numerator=n, denominator=d, margin_of_error=m, confidence=confidence)
        for v, n, d, m in frame.select("value", "numerator", "denominator", "margin_of_error").iter_rows()
    ]
    return frame.with_columns(
        pl.Series("lower", [e.lower for e in found], pl.Float64),
        pl.Series("upper", [e.upper for e in found], pl.Float64),
        pl.Series("interval_method", [e.method for e in found], pl.String),
    )
