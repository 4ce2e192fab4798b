"""One pipeline from a series to its SPC chart: segments, limits, rules, point types, icons, sentence."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import polars as pl

from metrics.analysis.spc import icons, rules
from metrics.analysis.spc.limits import xmr
from metrics.analysis.spc.sentence import describe
from metrics.core import registry

#: A segment with fewer points than this gets a warning: its limits are not yet reliable.
MIN_POINTS = 12
#: Fewer points than this and there are no limits at all.
MIN_FOR_LIMITS = 2


@dataclass(frozen=True)
class SpcResult:
    points: (
        pl.DataFrame
    )  # label, value, segment, mean, upper, lower, upper_two_sigma, lower_two_sigma, rule, side, point_type
    variation: icons.Icon
    assurance: icons.Icon
    sentence: str
    warnings: tuple[str, ...] = field(default_factory=tuple)
    method: str = ""  # how the limits were set, in words, for the method line under the chart
    on_demonstration: bool = False  # the limits and signals rest on demonstration points (metrics.figures.spc_series)
    basis: str = ""  # which points SPC ran on, where the series drawn has others (said beside the method)


#: The method line, with and without the screening of one-off spikes out of the moving ranges.
METHOD = "XmR chart: process limits at the mean ± 2.66 × the average moving range"
SCREENED = f"{METHOD}; moving ranges of 3.267 × their average or more left out as one-off spikes (as NHSRplotthedots)"
UNSCREENED = f"{METHOD}; every moving range counted (no screening of one-off spikes)"


def _rule_for(flags: dict[str, list[int]], i: int) -> str | None:
    """The rule that speaks for point ``i``: the first in :data:`rules.PRECEDENCE` that flags it, except that a
    point inside a run rising (or falling) takes the run's direction where another rule says the opposite. The
    early points of a surge sit below the limits of the period it surges through, and are not an improvement
    (Making Data Count reads a trend by its direction)."""
    hit = next((name for name in rules.PRECEDENCE if flags[name][i] != 0), None)
    if hit and flags["trend"][i] != 0 and flags[hit][i] != flags["trend"][i]:
        return "trend"
    return hit


def _point_type(side: int, direction: str) -> str:
    if side == 0:
        return "common cause"
    if direction == registry.NEUTRAL:
        return "neutral"
    good = (side > 0) == (direction == registry.HIGHER)
    return "improvement" if good else "concern"


def _assurance(*, target: float | None, upper: float, lower: float, direction: str) -> icons.Icon:
    if target is None or direction == registry.NEUTRAL:
        return icons.NO_TARGET
    if lower <= target <= upper:
        return icons.ASSURANCE["inconsistent"]
    # the target is outside the limits: every point will be on the same side of it
    all_above = target < lower
    passes = all_above if direction == registry.HIGHER else not all_above
    return icons.ASSURANCE["pass" if passes else "fail"]


def spc(
    values: Sequence[float],
    *,
    labels: Sequence[str],
    direction: str,
    unit_word: str = "points",
    segments: Sequence[int] | None = None,
    baseline: int | None = None,
    target: float | None = None,
    shift_length: int = rules.SHIFT_LENGTH,
    trend_length: int = rules.TREND_LENGTH,
    screen_outliers: bool = True,
) -> SpcResult:
    """The SPC view of one series, oldest first.

    ``segments`` numbers each point's segment (a new number after each known
    change point); each segment gets its own mean and limits. ``baseline``
    limits each segment's mean and limits to its first N points. ``unit_word``
    names the periods in the sentence ("months", "quarters").
    """
    n = len(values)
    if len(labels) != n:
        raise ValueError(f"{n} values but {len(labels)} labels")
    segments = list(segments) if segments is not None else [0] * n
    warnings = []
    rows: dict[str, list[float | None]] = {
        k: [] for k in ("mean", "upper", "lower", "upper_two_sigma", "lower_two_sigma")
    }
    flags = {name: [0] * n for name in rules.PRECEDENCE}
    for seg in dict.fromkeys(segments):
        idx = [i for i, s in enumerate(segments) if s == seg]
        seg_values = [values[i] for i in idx]
        if len(seg_values) < MIN_POINTS:
            warnings.append(
                f"Only {len(seg_values)} points from {labels[idx[0]]}: limits need {MIN_POINTS} to be "
                f"reliable, so treat signals with care."
            )
        base = seg_values[:baseline] if baseline else seg_values
        if len(base) < MIN_FOR_LIMITS:
            for key in rows:
                rows[key] += [None] * len(idx)
            continue
        lim = xmr(base, screen_outliers=screen_outliers)
        for key in rows:
            rows[key] += [getattr(lim, key)] * len(idx)

        def span(line: str, idx: list[int] = idx) -> list:
            """The segment's slice of one limit line."""
            return [rows[line][i] for i in idx]

        found = {
            "outside limits": rules.outside_limits(seg_values, upper=span("upper"), lower=span("lower")),
            "trend": rules.trend(seg_values, length=trend_length),
            "two in three": rules.two_in_three(
                seg_values,
                mean=span("mean"),
                upper=span("upper"),
                lower=span("lower"),
                upper_two_sigma=span("upper_two_sigma"),
                lower_two_sigma=span("lower_two_sigma"),
            ),
            "shift": rules.shift(seg_values, mean=span("mean"), length=shift_length),
        }
        for name, marks in found.items():
            for k, i in enumerate(idx):
                flags[name][i] = marks[k]

    rule = [_rule_for(flags, i) for i in range(n)]
    side = [flags[hit][i] if hit else 0 for i, hit in enumerate(rule)]
    point_type = [_point_type(s, direction) for s in side]
    points = pl.DataFrame(
        {
            "label": list(labels),
            "value": [float(v) for v in values],
            "segment": segments,
            **rows,
            "rule": rule,
            "side": side,
            "point_type": point_type,
        },
        schema_overrides=dict.fromkeys(rows, pl.Float64) | {"rule": pl.String},
    )

    method = SCREENED if screen_outliers else UNSCREENED
    if n == 0:
        return SpcResult(points, icons.COMMON_CAUSE, icons.NO_TARGET, "No points to assess.", ("No data.",), method)
    last_side, last_type = side[-1], point_type[-1]
    variation = (
        icons.COMMON_CAUSE if last_side == 0 else icons.VARIATION[(last_type, "high" if last_side > 0 else "low")]
    )
    upper, lower = rows["upper"][-1], rows["lower"][-1]
    assurance = (
        icons.NO_TARGET
        if upper is None or lower is None
        else _assurance(target=target, upper=upper, lower=lower, direction=direction)
    )
    return SpcResult(points, variation, assurance, describe(points, unit_word=unit_word), tuple(warnings), method)
