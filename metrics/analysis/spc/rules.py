"""The four special-cause rules, each a small pure function over one segment.

Each returns one int per point: +1 where the point is part of a high signal,
-1 part of a low signal, 0 otherwise. A point is flagged for every point of a
qualifying run, not only the point that completes it.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import pairwise

#: Runs the dashboard looks for by default (both can be set to 6 or 7).
SHIFT_LENGTH = 7
TREND_LENGTH = 7


def outside_limits(values: Sequence[float], *, upper: Sequence[float], lower: Sequence[float]) -> list[int]:
    """A point beyond a process limit."""
    return [1 if v > u else -1 if v < lo else 0 for v, u, lo in zip(values, upper, lower, strict=True)]


def _flag_runs(sides: Sequence[int], length: int) -> list[int]:
    """Mark every point of each run of at least ``length`` equal non-zero sides."""
    out = [0] * len(sides)
    start = 0
    for i in range(1, len(sides) + 1):
        if i == len(sides) or sides[i] != sides[start] or sides[i] == 0:
            if sides[start] != 0 and i - start >= length:
                out[start:i] = [sides[start]] * (i - start)
            start = i
    return out


def shift(values: Sequence[float], *, mean: Sequence[float], length: int = SHIFT_LENGTH) -> list[int]:
    """``length`` or more consecutive points on one side of the mean; a point on the mean breaks the run."""
    sides = [1 if v > m else -1 if v < m else 0 for v, m in zip(values, mean, strict=True)]
    return _flag_runs(sides, length)


def trend(values: Sequence[float], *, length: int = TREND_LENGTH) -> list[int]:
    """``length`` or more consecutive points, each higher (or each lower) than the one before; a tie breaks it."""
    if len(values) < 2:
        return [0] * len(values)
    steps = [0] + [1 if b > a else -1 if b < a else 0 for a, b in pairwise(values)]
    out = [0] * len(values)
    i = 1
    while i < len(values):
        if steps[i] == 0:
            i += 1
            continue
        j = i
        while j + 1 < len(values) and steps[j + 1] == steps[i]:
            j += 1
        points = j - i + 2  # the run's steps join j - i + 2 points, from i - 1 to j
        if points >= length:
            out[i - 1 : j + 1] = [steps[i]] * points
        i = j + 1
    return out


def two_in_three(
    values: Sequence[float],
    *,
    mean: Sequence[float],
    upper: Sequence[float],
    lower: Sequence[float],
    upper_two_sigma: Sequence[float],
    lower_two_sigma: Sequence[float],
) -> list[int]:
    """Two of three consecutive points close to a process limit (beyond its two-sigma line but not beyond the
    limit itself), with all three points on the same side of the mean; the close points are flagged.

    As NHSRplotthedots computes it (R/ptd_spc_standard.R: ``close_to_limits``; R/ptd_calculate_point_type.R:
    ``ptd_two_in_three`` and ``ptd_part_of_two_in_three``): a point outside the limits is its own signal and does
    not count here, and two points near opposite limits are not a signal.
    """
    rows = zip(values, mean, upper, lower, upper_two_sigma, lower_two_sigma, strict=True)
    side, close = [], []
    for v, m, u, lo, u2, lo2 in rows:
        side.append(1 if v > m else -1 if v < m else 0)
        close.append(lo <= v <= u and (v > u2 or v < lo2))
    out = [0] * len(values)
    for start in range(max(len(values) - 2, 0)):
        window = range(start, start + 3)
        same_side = abs(sum(side[k] for k in window)) == 3
        if same_side and sum(close[k] for k in window) >= 2:
            for k in window:
                if close[k]:
                    out[k] = side[k]
    return out


#: Which rule names a point when several apply, first wins.
PRECEDENCE = ("outside limits", "trend", "two in three", "shift")
