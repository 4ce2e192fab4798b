"""Over-dispersion in a funnel plot: when councils differ from one another far more than chance alone would give,
and limits that allow for it.

Spiegelhalter, "Funnel plots for comparing institutional performance", Statistics in Medicine 24 (2005),
1185-1202, section 3.4 ("Adjusting for overdispersion"). With a large denominator, a council's chance variation
is tiny, so nearly every council sits outside exact limits that know only chance: the limits then say little.

* z-scores: each council's z_i = (y_i − θ) / s_i, where θ is the centre (England's value) and s_i the figure's
  standard error at the centre: sqrt(θ(1 − θ) / n_i) for a proportion, sqrt(θ / n_i) for a rate (per person,
  the rate per 100,000 divided by 100,000).
* winsorising: the lowest and highest 10% of the z-scores are set to the 10th and 90th percentile values (here,
  with I councils and k = floor(I / 10), the k lowest become the (k+1)-th lowest and the k highest the (k+1)-th
  highest), so a few extreme councils do not set the adjustment for all.
* the over-dispersion factor φ = (1/I) Σ z_i² (winsorised). Under chance alone I·φ is about χ² on I − 1 degrees
  of freedom; the test here says over-dispersed when I·φ exceeds its 95% point (Wilson and Hilferty's
  approximation to the χ² quantile, accurate to well under 1% at these sizes).
* additive random effects: τ² = (I·φ − (I − 1)) / (Σ w_i − Σ w_i² / Σ w_i), w_i = 1 / s_i², and the limits are
  θ ± z·sqrt(s_i² + τ²). Spiegelhalter prefers this to the multiplicative factor (θ ± z·sqrt(φ)·s_i) where
  councils differ for reasons of their own, as they do here: it widens the limits of large councils most.

Deviation: the adjusted limits are on the normal approximation, as the paper's are; the unadjusted ones stay
exact (metrics.analysis.statistics.funnel).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from metrics.analysis.statistics.intervals import z_for

WINSOR_SHARE = 0.10
TEST_LEVEL = 0.95


@dataclass(frozen=True)
class Dispersion:
    """What the z-scores say about the spread of councils around the centre."""

    councils: int  # I
    phi: float  # the winsorised over-dispersion factor
    statistic: float  # I·φ
    critical: float  # the 95% point of χ² on I − 1 degrees of freedom
    tau2: float  # the additive between-council variance, in the figures' own scale (0 when not over-dispersed)

    @property
    def over_dispersed(self) -> bool:
        return self.statistic > self.critical


def chi2_quantile(*, p: float, df: int) -> float:
    """The p-quantile of χ² on ``df`` degrees of freedom, by Wilson and Hilferty (1931): df·(1 − 2/(9df) +
    z_p·sqrt(2/(9df)))³."""
    if df < 1:
        raise ValueError(f"degrees of freedom must be 1 or more, got {df}")
    z = z_for(2 * p - 1)  # z_for(confidence) is two-sided: the p-quantile of the standard normal
    return df * (1 - 2 / (9 * df) + z * math.sqrt(2 / (9 * df))) ** 3


def standard_error(*, centre: float, denominator: float, proportion: bool, per: float = 100_000) -> float:
    """A figure's standard error at the centre: binomial for a proportion (0 to 1), Poisson for a rate per ``per``."""
    if proportion:
        return math.sqrt(centre * (1 - centre) / denominator)
    return math.sqrt(centre * per / denominator)


def winsorised(z: Sequence[float], *, share: float = WINSOR_SHARE) -> list[float]:
    """``z`` with its lowest and highest ``share`` pulled in to the values just inside them (order kept)."""
    k = int(len(z) * share)
    if k == 0:
        return list(z)
    ordered = sorted(z)
    low, high = ordered[k], ordered[-k - 1]
    return [min(max(v, low), high) for v in z]


def dispersion(*, values: Sequence[float], errors: Sequence[float], centre: float) -> Dispersion:
    """φ, the test for over-dispersion, and τ², from each council's figure and its standard error at the centre."""
    if len(values) != len(errors) or len(values) < 2:
        raise ValueError(f"need at least two councils with a figure and an error, got {len(values)}")
    z = winsorised([(y - centre) / s for y, s in zip(values, errors, strict=True)])
    count = len(z)
    phi = sum(v * v for v in z) / count
    statistic = count * phi
    critical = chi2_quantile(p=TEST_LEVEL, df=count - 1)
    weights = [1 / (s * s) for s in errors]
    spread = sum(weights) - sum(w * w for w in weights) / sum(weights)
    tau2 = max(0.0, (statistic - (count - 1)) / spread) if statistic > critical else 0.0
    return Dispersion(count, phi, statistic, critical, tau2)


def random_effects_limits(*, centre: float, error: float, tau2: float, confidence: float) -> tuple[float, float]:
    """θ ± z·sqrt(s² + τ²): the limits at one council's standard error, allowing for between-council variance."""
    half = z_for(confidence) * math.sqrt(error * error + tau2)
    return centre - half, centre + half
