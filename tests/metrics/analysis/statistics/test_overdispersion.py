"""Over-dispersion (Spiegelhalter 2005, section 3.4): values worked from the paper's formulas by hand."""

from __future__ import annotations

import math

import pytest

from metrics.analysis.statistics import overdispersion as od


@pytest.mark.parametrize(("df", "table"), [(10, 18.307), (30, 43.773), (100, 124.342), (150, 179.581)])
def test_chi_square_95_percent_points_match_the_tables(df, table):
    assert od.chi2_quantile(p=0.95, df=df) == pytest.approx(table, rel=0.002)


def test_winsorising_pulls_in_the_extreme_tenth_each_side():
    z = [-9.0, -1.0, -0.5, 0.0, 0.1, 0.2, 0.3, 0.5, 1.0, 7.0]
    assert od.winsorised(z) == [-1.0, -1.0, -0.5, 0.0, 0.1, 0.2, 0.3, 0.5, 1.0, 1.0]
    assert od.winsorised([1.0, 2.0, 3.0]) == [1.0, 2.0, 3.0]  # fewer than ten: nothing to pull in


def test_standard_errors_at_the_centre():
    assert od.standard_error(centre=0.8, denominator=100, proportion=True) == pytest.approx(0.04)
    # a rate of 500 per 100,000 among 10,000 people: 50 expected, s.e. sqrt(50) / 10,000 x 100,000 = 70.7
    assert od.standard_error(centre=500, denominator=10_000, proportion=False) == pytest.approx(math.sqrt(50) * 10)


def test_dispersion_with_equal_denominators_has_a_closed_form():
    """Ten councils, all s = 2: with equal weights, τ² = s² (I·φ / (I − 1) − 1)."""
    values = [50 + d for d in (-8, -6, -4, -2, 0, 0, 2, 4, 6, 8)]
    z = od.winsorised([(v - 50) / 2 for v in values])  # -4 and 4 pulled in to -3 and 3
    phi = sum(x * x for x in z) / 10
    found = od.dispersion(values=values, errors=[2.0] * 10, centre=50)
    assert found.phi == pytest.approx(phi) and phi == pytest.approx((2 * 9 + 2 * 9 + 2 * 4 + 2 * 1) / 10)
    assert found.statistic == pytest.approx(10 * phi) and found.over_dispersed  # 46 > 16.9 (χ² 9 df, 95%)
    assert found.tau2 == pytest.approx(4 * (10 * phi / 9 - 1))


def test_no_adjustment_when_councils_vary_as_chance_would():
    values = [50 + d for d in (-2, -1.5, -1, -0.5, 0, 0, 0.5, 1, 1.5, 2)]
    found = od.dispersion(values=values, errors=[2.0] * 10, centre=50)
    assert not found.over_dispersed and found.tau2 == 0


def test_random_effects_limits_widen_by_tau():
    lo, hi = od.random_effects_limits(centre=50, error=3, tau2=16, confidence=0.95)
    assert (lo, hi) == (pytest.approx(50 - 1.959964 * 5), pytest.approx(50 + 1.959964 * 5))
