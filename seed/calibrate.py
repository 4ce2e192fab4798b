"""Whole numbers calibrated to published totals: used by every generator of demonstration data.

A published total (a quarter's contacts, a year's reviews) is split into months, or into categories, as whole
numbers that add up to it exactly (largest-remainder rounding), with seeded weights so a rerun gives the same split.
"""

from __future__ import annotations

import math
import random
from collections.abc import Sequence


def split_total(*, total: int, weights: Sequence[float]) -> list[int]:
    """Whole numbers in proportion to ``weights`` that add up to ``total`` exactly (largest remainder)."""
    if total < 0 or not weights or any(w < 0 for w in weights) or sum(weights) <= 0:
        raise ValueError(f"cannot split {total} by weights {list(weights)}")
    scale = total / sum(weights)
    raw = [w * scale for w in weights]
    parts = [math.floor(x) for x in raw]
    short = total - sum(parts)
    order = sorted(range(len(raw)), key=lambda i: (raw[i] - parts[i], -i), reverse=True)
    for i in order[:short]:
        parts[i] += 1
    return parts


def rng(*key: object) -> random.Random:
    """A random source seeded from ``key``: the same key gives the same draws on every machine."""
    return random.Random("|".join(map(str, key)))


def weights(n: int, *key: object, spread: float = 0.08, base: Sequence[float] | None = None) -> list[float]:
    """``n`` positive weights near ``base`` (all 1 by default), jittered by ``spread``, seeded from ``key``."""
    draw = rng(*key)
    base = base or [1.0] * n
    return [max(0.05, b * (1 + draw.gauss(0, spread))) for b in base]
