"""Each rule on hand-built series, including the edge cases; and the NHSRplotthedots cross-check.

Cross-check: the expected flags in test_matches_nhsrplotthedots_examples are the
results NHSRplotthedots' own tests give for the same inputs
(tests/testthat/test-ptd_calculate_point_type.R: ptd_seven_point_one_side_mean
with ptd_part_of_seven_trend, ptd_seven_point_trend, ptd_two_in_three with
ptd_part_of_two_in_three), combined as that package combines them: every
point of a qualifying run is flagged.
"""

import pytest

from metrics.analysis.spc import rules


def t23(values, *, mean=4.0, upper=13.0, lower=-5.0, upper_two_sigma=10.0, lower_two_sigma=-2.0):
    """two_in_three with flat lines: mean 4, two-sigma lines at 10 and -2, limits at 13 and -5."""
    n = len(values)
    return rules.two_in_three(
        values,
        mean=[mean] * n,
        upper=[upper] * n,
        lower=[lower] * n,
        upper_two_sigma=[upper_two_sigma] * n,
        lower_two_sigma=[lower_two_sigma] * n,
    )


def test_empty_series():
    assert rules.shift([], mean=[]) == [] and rules.trend([]) == []
    assert t23([]) == []
    assert rules.outside_limits([], upper=[], lower=[]) == []


def test_fewer_points_than_the_run_length():
    assert rules.shift([5] * 6, mean=[0] * 6) == [0] * 6
    assert rules.trend([1, 2, 3, 4, 5, 6]) == [0] * 6
    assert rules.trend([1]) == [0]


def test_outside_limits_both_sides():
    assert rules.outside_limits([5, 11, -1, 10], upper=[10] * 4, lower=[0] * 4) == [0, 1, -1, 0]


def test_shift_of_seven_flags_every_point_of_the_run():
    assert rules.shift([1] * 7, mean=[0] * 7) == [1] * 7
    assert rules.shift([-1] * 8 + [1], mean=[0] * 9) == [-1] * 8 + [0]


def test_a_point_on_the_mean_breaks_a_shift():
    assert rules.shift([1, 1, 1, 0, 1, 1, 1, 1], mean=[0] * 8) == [0] * 8


def test_shift_length_can_be_six():
    assert rules.shift([1] * 6, mean=[0] * 6, length=6) == [1] * 6
    assert rules.shift([1] * 6, mean=[0] * 6, length=7) == [0] * 6


def test_trend_up_and_down():
    assert rules.trend(list(range(1, 8))) == [1] * 7
    assert rules.trend(list(range(7, 0, -1))) == [-1] * 7


def test_a_tie_breaks_a_trend():
    assert rules.trend([1, 2, 3, 3, 4, 5, 6]) == [0] * 7


def test_trend_length_can_be_set():
    assert rules.trend([1, 2, 3, 4, 5, 6], length=6) == [1] * 6


def test_two_in_three_flags_only_the_points_beyond_the_line():
    assert t23([5, 5, 11, 5, 11, 5, 5]) == [0, 0, 1, 0, 1, 0, 0]
    assert t23([11, 5, 5, 11]) == [0, 0, 0, 0]


def test_two_in_three_needs_the_same_side_of_the_two_sigma_lines():
    assert t23([11, -3, 5]) == [0, 0, 0]


def test_two_in_three_needs_all_three_points_on_the_same_side_of_the_mean():
    """NHSRplotthedots #143: two points near the upper limit with the third below the mean is common cause."""
    assert t23([11, 11, 3]) == [0, 0, 0]
    assert t23([11, 11, 5]) == [1, 1, 0]
    assert t23([3, 11, 11, 5]) == [0, 1, 1, 0]  # the later window, all above the mean, qualifies


def test_a_point_beyond_a_limit_is_not_close_to_it():
    """Outside the limits is its own signal (rules.outside_limits); it does not make up a two-in-three."""
    assert t23([14, 11, 5]) == [0, 0, 0]
    assert t23([-6, -3, 0]) == [0, 0, 0]
    assert t23([-3, -3, 0]) == [-1, -1, 0]


@pytest.mark.parametrize(
    ("inputs", "expected"),
    [
        # ptd_seven_point_one_side_mean + ptd_part_of_seven_trend (relative to mean: +1 above, -1 below)
        ([1] * 6, [0] * 6),
        ([1] * 6 + [-1], [0] * 7),
        ([1] * 8 + [-1], [1] * 8 + [0]),
        ([-1] + [1] * 8 + [-1], [0] + [1] * 8 + [0]),
    ],
)
def test_matches_nhsrplotthedots_shift_examples(inputs, expected):
    assert [abs(x) for x in rules.shift(inputs, mean=[0] * len(inputs))] == expected


@pytest.mark.parametrize(
    ("inputs", "expected"),
    [
        # ptd_seven_point_trend + part of trend
        (list(range(1, 7)), [0] * 6),
        ([1, 2, 3, 3, 4, 5, 6], [0] * 7),
        (list(range(1, 8)), [1] * 7),
        ([2, *range(1, 8), 3], [0] + [1] * 7 + [0]),
        (list(range(7, 0, -1)), [-1] * 7),
        ([2, *range(7, 0, -1), 3], [0] + [-1] * 7 + [0]),
    ],
)
def test_matches_nhsrplotthedots_trend_examples(inputs, expected):
    assert rules.trend(inputs) == expected


@pytest.mark.parametrize(
    ("close", "expected"),
    [
        # ptd_two_in_three + ptd_part_of_two_in_three (1 = beyond the two-sigma line)
        ([1, 0, 1], [1, 0, 1]),
        ([0, 1, 1], [0, 1, 1]),
        ([1, 1, 0], [1, 1, 0]),
        ([0, 0, 1, 0, 1, 0, 0], [0, 0, 1, 0, 1, 0, 0]),
        ([1, 0, 0, 1], [0, 0, 0, 0]),
        ([1, 0, 0, 1, 1], [0, 0, 0, 1, 1]),
        ([0, 0, 0], [0, 0, 0]),
    ],
)
def test_matches_nhsrplotthedots_two_in_three_examples(close, expected):
    assert t23([11 if c else 5 for c in close]) == expected
