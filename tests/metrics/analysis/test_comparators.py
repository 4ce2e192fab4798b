import pytest

from metrics.analysis import comparators
from metrics.analysis.statistics import methods, significance
from metrics.core import registry
from metrics.storage.store import DataStore
from tests.conftest import HOME


def test_england_region_and_neighbour_statistics(data_dir):
    c = comparators.comparator_series(store=DataStore(data_dir), indicator_id="reablement_91day", area_code=HOME)
    got = dict(c.select("comparator", "value").iter_rows())
    assert got["England"] == 81.8 and got["East Midlands"] == 82.0
    assert got["Nearest neighbours (Oflog list): mean"] == pytest.approx((80 + 84 + 89) / 3)
    assert got["Nearest neighbours (Oflog list): median"] == 84.0


def _verdicts(data_dir, ours):
    store = DataStore(data_dir)
    c = comparators.comparator_series(store=store, indicator_id="reablement_91day", area_code=HOME)
    return {
        f.name: f.verdict
        for f in comparators.position(
            indicator=registry.get("reablement_91day"),
            comparators=c,
            ours=ours,
            period_label="2021/22",
            period_type="financial year",
        )
    }


def test_position_judges_our_interval_against_each_comparator(data_dir):
    # 441 of 500 (88.2%): Wilson 95% limits 85.1% to 90.7%. England 81.8% and the neighbours' mean 84.3% lie below
    # the interval (better, higher being good); Leicestershire's 89.0% is inside it, so the median (84.0%) is below.
    found = _verdicts(
        data_dir,
        methods.estimate(indicator=registry.get("reablement_91day"), value=88.2, numerator=441, denominator=500),
    )
    assert found["England"].word == significance.BETTER
    assert found["Nearest neighbours (Oflog list): mean"].word == significance.BETTER
    assert {v.method for v in found.values()} == {"Wilson score interval, 95%"}
    # the same 88.2% from 17 of 19 people: 68.6% to 97.1%, which holds every comparator's value
    small = _verdicts(
        data_dir, methods.estimate(indicator=registry.get("reablement_91day"), value=88.2, numerator=17, denominator=19)
    )
    assert {v.word for v in small.values()} == {significance.SIMILAR}


def test_with_no_interval_every_verdict_is_not_tested_and_says_why(data_dir):
    found = _verdicts(data_dir, methods.estimate(indicator=registry.get("reablement_91day"), value=88.2))
    assert {(v.word, v.method) for v in found.values()} == {(significance.NOT_TESTED, methods.NO_PARTS)}


def test_neighbour_statistics_need_enough_members(data_dir):
    c = comparators.comparator_series(store=DataStore(data_dir), indicator_id="contacts_new", area_code=HOME)
    assert c.height == 0


def test_only_the_configured_groups_are_compared(data_dir):
    from metrics.figures import briefing, chart_data

    store = DataStore(data_dir)
    every = comparators.comparator_series(
        store=store, indicator_id="reablement_91day", area_code=HOME, breakdown_dim=None
    )
    england = comparators.comparator_series(
        store=store, indicator_id="reablement_91day", area_code=HOME, breakdown_dim=None, shown=("england",)
    )
    assert set(every["comparator_kind"]) > {"england"} and set(england["comparator_kind"]) == {"england"}
    table = chart_data.build(
        store=store, indicator_id="reablement_91day", area_code=HOME, comparators_shown=("england", "region")
    )
    assert not set(table.frame["kind"]) & {"neighbours_mean", "neighbours_median", "group"}
    brief = briefing.build(
        store=store,
        indicator_id="reablement_91day",
        area_code=HOME,
        audience="public",
        threshold=5,
        comparators_shown=("region",),
    )
    assert brief.comparisons and {c.kind for c in brief.comparisons} == {"region"}
