"""Verdicts from intervals: the same gap is significant for a large council and not for a small one."""

from __future__ import annotations

from metrics.analysis.statistics.intervals import wilson
from metrics.analysis.statistics.significance import BETTER, HIGHER, NOT_TESTED, SIMILAR, WORSE, judge

WILSON = "Wilson score interval"


def verdict_for(numerator: int, denominator: int, england: float, direction: str = "higher is better"):
    lower, upper = wilson(numerator=numerator, denominator=denominator)
    return judge(lower=lower, upper=upper, comparator=england, direction=direction, method=WILSON)


def test_the_same_value_and_gap_is_significant_only_with_the_larger_denominator():
    # both councils at 85% against England's 82%: a gap of 3 points
    small, large = verdict_for(170, 200, 0.82), verdict_for(4250, 5000, 0.82)
    assert small.word == SIMILAR  # 95% interval about 79.4% to 89.1%: includes 82%
    assert large.word == BETTER  # about 84.0% to 86.0%: above 82%
    assert large.text == "significantly better (Wilson score interval, 95%)"


def test_the_good_direction_decides_better_or_worse():
    assert verdict_for(4250, 5000, 0.82, "lower is better").word == WORSE
    assert verdict_for(3750, 5000, 0.82, "higher is better").word == WORSE
    assert verdict_for(4250, 5000, 0.82, "no good direction").word == HIGHER


def test_no_interval_is_said_in_words_never_a_margin():
    v = judge(
        lower=None, upper=None, comparator=100.0, direction="lower is better", method="a count on its own: no interval"
    )
    assert v.word == NOT_TESTED and v.text == "not tested (a count on its own: no interval)"
    assert judge(lower=1.0, upper=2.0, comparator=None, direction="higher is better", method=WILSON).word == NOT_TESTED
