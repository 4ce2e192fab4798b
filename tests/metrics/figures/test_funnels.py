"""The funnel for one indicator and period, on a hand-built folder of 24 councils."""

from __future__ import annotations

import polars as pl
import pytest

from metrics.core.errors import NoFunnelError
from metrics.figures import funnels
from metrics.storage import schema
from metrics.storage.store import AREAS_FILE, GROUPS_FILE, DataStore, values_path
from tests.conftest import value_row, values_frame

REGION = "E12000004"
CODES = [f"E06{i:06d}" for i in range(1, 25)]
HOME, NEIGHBOUR, SMALL_SAME, BIG_SAME = CODES[0], CODES[1], CODES[2], CODES[3]


@pytest.fixture
def store(tmp_path) -> DataStore:
    """England at 60%; 20 councils at 60% of 1,000; one at 52% of 100 (within the limits, so small) and one at 52%
    of 10,000 (the same gap, far outside); one at 70% of 2,000 (above); our council at 61% of 800."""
    data = tmp_path / "data"
    data.mkdir()
    areas = [
        (schema.ENGLAND, "England", "country", None, None, "t"),
        (REGION, "East Midlands", "region", None, None, "t"),
    ]
    areas += [(c, f"Council {i + 1}", "council", "Unitary Authority", REGION, "t") for i, c in enumerate(CODES)]
    pl.DataFrame(areas, schema=schema.AREAS, orient="row").write_parquet(data / AREAS_FILE)
    pl.DataFrame(
        [("NN", "Nearest neighbours", HOME, NEIGHBOUR, "t")], schema=schema.GROUPS, orient="row"
    ).write_parquet(data / GROUPS_FILE)
    figures = {HOME: (488, 800), NEIGHBOUR: (1400, 2000), SMALL_SAME: (52, 100), BIG_SAME: (5200, 10000)}
    rows = [value_row("reablement_91day", schema.ENGLAND, "2023/24", 60.0)]
    for code in CODES:
        num, den = figures.get(code, (600, 1000))
        rows.append(
            value_row("reablement_91day", code, "2023/24", round(num / den * 100, 1), numerator=num, denominator=den)
        )
        rows.append(value_row("reablement_91day", code, "2022/23", 60.0))  # no denominators published
        rows.append(value_row("reviews_overdue_24m", code, "2023/24", 100.0))
    target = values_path(data_dir=data, dataset="funnel_test")
    target.parent.mkdir()
    values_frame(rows).write_parquet(target)
    return DataStore(data)


def build(store, period="2023/24"):
    return funnels.build(
        store=store,
        indicator_id="reablement_91day",
        area_code=HOME,
        neighbours=[NEIGHBOUR],
        period_label=period,
        period_type="financial year",
    )


def test_the_same_gap_is_outside_the_limits_only_with_the_larger_denominator(store):
    f = build(store)
    where = dict(f.councils.select("area_code", "position").iter_rows())
    assert where[SMALL_SAME] == funnels.WITHIN
    assert where[BIG_SAME] == funnels.BELOW_998
    assert where[NEIGHBOUR] == funnels.ABOVE_998
    assert where[HOME] == funnels.WITHIN
    assert f.centre == 60.0 and f.method == funnels.EXACT_BINOMIAL and not f.survey
    groups = dict(f.councils.select("area_code", "group").iter_rows())
    assert (groups[HOME], groups[NEIGHBOUR], groups[BIG_SAME]) == ("ours", "neighbour", "other")


def test_the_sentence_names_the_councils_outside_the_99_8_limits_through_the_good_direction(store):
    text = build(store).sentence(area_name="Council 1")
    assert "1 above (better than chance would give): Council 2" in text
    assert "1 below (worse than chance would give): Council 4" in text
    assert text.endswith("Council 1 is within the 95% limits.")


def test_the_limit_curves_span_the_denominators_and_narrow(store):
    curve = build(store).limits
    assert curve["denominator"].min() <= 100 and curve["denominator"].max() >= 10_000
    width = (curve["upper_998"] - curve["lower_998"]).to_list()
    assert width == sorted(width, reverse=True)


def test_no_funnel_without_denominators_or_for_a_count_and_the_reason_is_given(store):
    with pytest.raises(NoFunnelError, match="gives it for 0 council"):
        build(store, period="2022/23")
    said = funnels.unavailable(
        store=store, indicator_id="reablement_91day", period_label="2022/23", period_type="financial year"
    )
    assert "denominator" in said and "0 council(s)" in said
    said = funnels.unavailable(
        store=store, indicator_id="reviews_overdue_24m", period_label="2023/24", period_type="financial year"
    )
    assert said.startswith("A funnel plot is drawn for percentages and rates")
