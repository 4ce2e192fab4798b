import pytest

from metrics.analysis.spc import spc
from metrics.analysis.spc.limits import LIMIT_FACTOR, moving_ranges, xmr
from metrics.core import registry

LABELS = [f"M{i:02d}" for i in range(40)]


def test_xmr_limits_from_the_average_moving_range():
    lim = xmr([10, 12, 11, 13])
    assert moving_ranges([10, 12, 11, 13]) == [2, 1, 2]
    assert lim.mean == pytest.approx(11.5) and lim.mr_bar == pytest.approx(5 / 3)
    assert lim.upper == pytest.approx(11.5 + LIMIT_FACTOR * 5 / 3)
    assert lim.upper_two_sigma == pytest.approx(11.5 + 2 / 3 * LIMIT_FACTOR * 5 / 3)


def test_overlapping_rules_are_labelled_by_precedence():
    # a steady base, then seven rising points that also cross the upper limit at the end
    values = [10, 11, 10, 11, 10, 11, 10, 11, 10, 11, 10, 11, 12, 13, 14, 15, 16, 17, 30]
    r = spc(values, labels=LABELS[: len(values)], direction=registry.HIGHER, unit_word="months")
    rules = r.points["rule"].to_list()
    assert rules[-1] == "outside limits"  # beyond the limit beats trend
    assert rules[-2] in ("trend", "outside limits")
    assert "trend" in rules


def test_direction_decides_improvement_or_concern():
    values = [10, 11] * 6 + [20] * 7
    up = spc(values, labels=LABELS[:19], direction=registry.HIGHER)
    down = spc(values, labels=LABELS[:19], direction=registry.LOWER)
    flat = spc(values, labels=LABELS[:19], direction=registry.NEUTRAL)
    assert up.variation.code == "improvement_high" and down.variation.code == "concern_high"
    assert flat.variation.code == "neutral_high" and up.variation.letter == "H"


def test_common_cause_sentence_and_icon():
    values = [10, 12, 11, 13, 10, 12, 11, 13, 10, 12, 11, 13]
    r = spc(values, labels=LABELS[:12], direction=registry.HIGHER, unit_word="months")
    assert r.variation.code == "common_cause" and r.sentence.startswith("Common cause variation")


def test_sentence_names_the_run_and_when_it_began():
    values = [10, 11] * 6 + [12] * 7
    r = spc(values, labels=LABELS[:19], direction=registry.LOWER, unit_word="months")
    assert r.sentence.startswith("Special cause concern:") and "since M12" in r.sentence


def test_assurance_from_the_target_and_the_limits():
    values = [50, 52, 51, 53, 50, 52, 51, 53, 50, 52, 51, 53]

    def icon(target, direction=registry.HIGHER):
        return spc(values, labels=LABELS[:12], direction=direction, target=target).assurance.code

    assert icon(40) == "consistently_passes"  # target below every point, higher is better
    assert icon(70) == "consistently_fails"
    assert icon(51.5) == "inconsistent"
    assert icon(40, registry.LOWER) == "consistently_fails"
    assert icon(None) == "no_target"


def test_each_segment_has_its_own_limits_and_a_short_one_is_warned():
    values = [10, 11] * 8 + [30, 31, 30, 31, 30]
    segments = [0] * 16 + [1] * 5
    r = spc(values, labels=LABELS[:21], direction=registry.HIGHER, segments=segments)
    means = r.points["mean"].to_list()
    assert means[0] == pytest.approx(10.5) and means[-1] == pytest.approx(30.4)
    assert any("Only 5 points" in w for w in r.warnings)


def test_baseline_limits_come_from_the_first_points():
    values = [10, 11] * 6 + [20] * 6
    r = spc(values, labels=LABELS[:18], direction=registry.HIGHER, baseline=12)
    assert r.points["mean"][0] == pytest.approx(10.5)


def test_empty_and_tiny_series_do_not_fail():
    assert spc([], labels=[], direction=registry.HIGHER).sentence == "No points to assess."
    one = spc([5], labels=["M0"], direction=registry.HIGHER)
    assert one.points["mean"].to_list() == [None] and "Too few points" in one.sentence
