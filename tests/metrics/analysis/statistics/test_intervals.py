"""Each interval against published worked values."""

from __future__ import annotations

import pytest

from metrics.analysis.statistics.intervals import byar, exact_poisson, rate, wilson, z_for


@pytest.mark.parametrize(
    ("x", "n", "lower", "upper"),
    [
        # Newcombe (1998), Statistics in Medicine 17:857-872, Table I, method 3 (Wilson score, no continuity correction)
        (81, 263, 0.2553, 0.3662),
        (15, 148, 0.0624, 0.1605),
        (0, 20, 0.0, 0.1611),  # a zero numerator: the lower limit is 0
        (1, 29, 0.0061, 0.1718),
        (29, 29, 0.8830, 1.0),  # numerator = denominator: the upper limit is 1
    ],
)
def test_wilson_matches_newcombes_worked_examples(x, n, lower, upper):
    lo, hi = wilson(numerator=x, denominator=n)
    assert lo == pytest.approx(lower, abs=0.00006) and hi == pytest.approx(upper, abs=0.00006)


def test_the_99_8_percent_limits_are_wider_and_the_z_values_are_the_standard_ones():
    assert z_for(0.95) == pytest.approx(1.959964, abs=1e-6)
    assert z_for(0.998) == pytest.approx(3.090232, abs=1e-6)
    lo95, hi95 = wilson(numerator=81, denominator=263)
    lo998, hi998 = wilson(numerator=81, denominator=263, confidence=0.998)
    assert lo998 < lo95 < 81 / 263 < hi95 < hi998


@pytest.mark.parametrize(
    ("count", "lower", "upper"),
    [
        # exact Poisson 95% limits, as tabulated (e.g. Breslow and Day 1987, Table 7.1; PHE technical guide)
        (0, 0.0, 3.6889),
        (1, 0.0253, 5.5716),
        (5, 1.6235, 11.6683),
        (9, 4.1150, 17.0848),
    ],
)
def test_exact_poisson_limits_match_the_tables(count, lower, upper):
    lo, hi = exact_poisson(count=count)
    assert lo == pytest.approx(lower, abs=0.0005) and hi == pytest.approx(upper, abs=0.0005)


def test_byar_is_exact_below_ten_and_close_to_exact_from_ten():
    assert byar(count=5) == exact_poisson(count=5)
    lo, hi = byar(count=10)  # exact: 4.7954 to 18.3904
    assert lo == pytest.approx(4.7954, abs=0.01) and hi == pytest.approx(18.3904, abs=0.01)
    lo, hi = byar(count=289)  # Byar's formula written out
    z = z_for(0.95)
    assert lo == pytest.approx(289 * (1 - 1 / (9 * 289) - z / (3 * 289**0.5)) ** 3)
    assert hi == pytest.approx(290 * (1 - 1 / (9 * 290) + z / (3 * 290**0.5)) ** 3)


def test_a_rate_per_100000_scales_the_count_limits():
    lo, hi = rate(count=289, population=51_000)
    c_lo, c_hi = byar(count=289)
    assert lo == pytest.approx(c_lo / 51_000 * 100_000) and hi == pytest.approx(c_hi / 51_000 * 100_000)
    assert lo < 289 / 51_000 * 100_000 < hi


@pytest.mark.parametrize(
    "call",
    [
        lambda: wilson(numerator=5, denominator=0),
        lambda: wilson(numerator=6, denominator=5),
        lambda: wilson(numerator=-1, denominator=5),
        lambda: byar(count=-1),
        lambda: exact_poisson(count=1.5),
        lambda: rate(count=1, population=0),
        lambda: z_for(1.0),
    ],
)
def test_impossible_inputs_are_refused(call):
    with pytest.raises(ValueError):
        call()
