import pytest

from metrics import comparators, registry
from metrics.store import DataStore
from tests.conftest import HOME


def test_england_region_and_neighbour_statistics(data_dir):
    c = comparators.comparator_series(store=DataStore(data_dir), indicator_id="reablement_91day", area_code=HOME)
    got = {name: value for name, value in c.select("comparator", "value").iter_rows()}
    assert got["England"] == 81.8 and got["East Midlands"] == 82.0
    assert got["Nearest neighbours (Oflog list): mean"] == pytest.approx((80 + 84 + 89) / 3)
    assert got["Nearest neighbours (Oflog list): median"] == 84.0


def test_position_uses_the_good_direction(data_dir):
    store = DataStore(data_dir)
    c = comparators.comparator_series(store=store, indicator_id="reablement_91day", area_code=HOME)
    pos = dict((c.name, c.verdict) for c in comparators.position(
        indicator=registry.get("reablement_91day"), comparators=c, ours=88.2, period_label="2021/22",
        period_type="financial year"))
    assert pos["England"] == "better" and pos["Nearest neighbours (Oflog list): median"] == "better"
    assert pos["Nearest neighbours (Oflog list): mean"] == "better"


def test_neighbour_statistics_need_enough_members(data_dir):
    c = comparators.comparator_series(store=DataStore(data_dir), indicator_id="contacts_new", area_code=HOME)
    assert c.height == 0


def test_similar_is_within_one_point_for_percentages():
    ind = registry.get("reablement_91day")
    assert comparators.verdict(indicator=ind, ours=82.5, theirs=82.0) == "similar"
    assert comparators.verdict(indicator=registry.get("admissions_65_rate"), ours=567.2, theirs=562.0) == "similar"
    assert comparators.verdict(indicator=registry.get("admissions_65_rate"), ours=567.2, theirs=538.5) == "worse"


def test_only_the_configured_groups_are_compared(data_dir):
    from metrics import briefing, chart_data
    store = DataStore(data_dir)
    every = comparators.comparator_series(store=store, indicator_id="reablement_91day", area_code=HOME,
                                          breakdown_dim=None)
    england = comparators.comparator_series(store=store, indicator_id="reablement_91day", area_code=HOME,
                                            breakdown_dim=None, shown=("england",))
    assert set(every["comparator_kind"]) > {"england"} and set(england["comparator_kind"]) == {"england"}
    table = chart_data.build(store=store, indicator_id="reablement_91day", area_code=HOME,
                             comparators_shown=("england", "region"))
    assert not set(table.frame["kind"]) & {"neighbours_mean", "neighbours_median", "group"}
    brief = briefing.build(store=store, indicator_id="reablement_91day", area_code=HOME, audience="public",
                           threshold=5, comparators_shown=("region",))
    assert brief.comparisons and {c.kind for c in brief.comparisons} == {"region"}
