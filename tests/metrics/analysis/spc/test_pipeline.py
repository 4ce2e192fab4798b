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


#: NHSRplotthedots' own test series: R's set.seed(123); rnorm(20) (tests/testthat/test-ptd_spc_standard.R). Its
#: snapshot (tests/testthat/_snaps/ptd_spc_standard.md) gives mean 0.142, limits -3.01 and 3.29, with screening on.
RNORM_123 = [
    -0.56047565, -0.23017749, 1.55870831, 0.07050839, 0.12928774, 1.71506499, 0.46091621, -1.26506123, -0.68685285,
    -0.44566197, 1.22408180, 0.35981383, 0.40077145, 0.11068272, -0.55584113, 1.78691314, 0.49785048, -1.96661716,
    0.70135590, -0.47279141,
]  # fmt: skip


def test_limits_match_nhsrplotthedots_snapshot():
    lim = xmr(RNORM_123)
    assert (round(lim.mean, 3), round(lim.lower, 2), round(lim.upper, 2)) == (0.142, -3.01, 3.29)
    assert xmr(RNORM_123, screen_outliers=False) == lim  # no moving range of this series is a spike


def test_a_spike_is_screened_out_of_the_moving_ranges():
    """Worked by hand: moving ranges 2, 2, 2, 2, 30, 30, 2, 2, 2 average 74 / 9 = 8.22; both 30s are at least
    3.267 x 8.22 = 26.9, so the average without them is 14 / 7 = 2, and the limits are 13.8 ± 2.66 x 2 = 8.48 to
    19.12 rather than 13.8 ± 2.66 x 8.22 = -8.07 to 35.67."""
    values = [10, 12, 10, 12, 10, 40, 10, 12, 10, 12]
    screened, counted = xmr(values), xmr(values, screen_outliers=False)
    assert screened.mean == pytest.approx(13.8) and screened.mr_bar == pytest.approx(2.0)
    assert (screened.lower, screened.upper) == (pytest.approx(8.48), pytest.approx(19.12))
    assert counted.mr_bar == pytest.approx(74 / 9) and counted.upper == pytest.approx(13.8 + 2.66 * 74 / 9)
    r = spc(values, labels=LABELS[:10], direction=registry.HIGHER)
    assert r.points["rule"][5] == "outside limits" and "3.267" in r.method
    assert (
        "every moving range counted"
        in spc(values, labels=LABELS[:10], direction=registry.HIGHER, screen_outliers=False).method
    )


def test_points_near_opposite_limits_are_common_cause():
    """NHSRplotthedots' own test (test-ptd_spc_standard.R, 'only reports special cause for 2 of 3 points close to
    limits when they are on the same side of the mean'): 1, -1 repeated, then 5.5 and -5.5."""
    values = [1.0, -1.0] * 8
    values[14], values[15] = 5.5, -5.5
    r = spc(values, labels=LABELS[:16], direction=registry.HIGHER)
    assert r.points["point_type"].to_list()[-2:] == ["common cause", "common cause"]


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
