import polars as pl

from metrics.analysis import disclosure
from metrics.core import registry

COUNT = registry.get("complaints_total")
PCT = registry.get("msp_fully_achieved_pct")


def frame(values, dims=None, numerators=None):
    n = len(values)
    return pl.DataFrame(
        {
            "area_code": ["A"] * n,
            "period_type": ["financial year"] * n,
            "period_label": ["2022/23"] * n,
            "breakdown_dim": dims or [None] * n,
            "breakdown_cat": [None if not dims else f"c{i}" for i in range(n)],
            "value": [float(v) for v in values],
            "numerator": numerators or [None] * n,
            "denominator": [None] * n,
        },
        schema_overrides={
            "numerator": pl.Float64,
            "denominator": pl.Float64,
            "breakdown_dim": pl.String,
            "breakdown_cat": pl.String,
        },
    )


def test_small_counts_are_hidden_for_the_public_but_zero_and_threshold_are_shown():
    out = disclosure.apply(frame([0, 1, 4, 5, 50]), indicator=COUNT, audience="public", threshold=5)
    assert out["suppressed"].to_list() == [False, True, True, False, False]
    assert out["value"].to_list() == [0.0, None, None, 5.0, 50.0]


def test_officers_see_everything():
    out = disclosure.apply(frame([1, 2]), indicator=COUNT, audience="officer", threshold=5)
    assert out["value"].to_list() == [1.0, 2.0] and not out["suppressed"].any()


def test_one_hidden_cell_in_a_breakdown_hides_the_next_smallest_too():
    out = disclosure.apply(frame([3, 40, 9, 20], dims=["team"] * 4), indicator=COUNT, audience="public", threshold=5)
    assert out["suppressed"].to_list() == [True, False, True, False]


def test_two_hidden_cells_need_no_secondary_suppression():
    out = disclosure.apply(frame([3, 2, 9, 20], dims=["team"] * 4), indicator=COUNT, audience="public", threshold=5)
    assert out["suppressed"].to_list() == [True, True, False, False]


def test_a_percentage_with_a_small_numerator_is_hidden():
    out = disclosure.apply(frame([50.0, 60.0], numerators=[2.0, 150.0]), indicator=PCT, audience="public", threshold=5)
    assert out["value"].to_list() == [None, 60.0] and out["numerator"].to_list() == [None, 150.0]


def test_threshold_comes_from_the_caller():
    out = disclosure.apply(frame([7]), indicator=COUNT, audience="public", threshold=10)
    assert out["suppressed"].to_list() == [True]


def test_a_percentage_on_fewer_people_than_the_threshold_is_hidden():
    from metrics.core import registry

    frame = pl.DataFrame(
        {"value": [0.0, 50.0, 45.3], "numerator": [0.0, 2.0, 453.0], "denominator": [1.0, 4.0, 1000.0]}
    )
    out = disclosure.apply(frame, indicator=registry.get("reablement_91day"), audience="public", threshold=5)
    assert out["suppressed"].to_list() == [True, True, False] and out["value"].to_list() == [None, None, 45.3]


def test_rankings_leave_out_a_council_whose_figure_rests_on_too_few_people(data_dir):
    from metrics.analysis import benchmarks
    from metrics.storage.store import DataStore, values_path
    from tests.conftest import N1, value_row, values_frame

    values_frame([value_row("reablement_91day", N1, "2022/23", 0.0, numerator=0, denominator=1)]).write_parquet(
        values_path(data_dir=data_dir, dataset="tiny")
    )
    values = benchmarks.council_values(store=DataStore(data_dir), indicator_id="reablement_91day")
    assert values.filter((pl.col("area_code") == N1) & (pl.col("period_label") == "2022/23")).height == 0


def test_no_projection_is_worked_out_from_a_hidden_quarter():
    from datetime import date

    from metrics.analysis import projection
    from metrics.core import registry

    ind = registry.get("complaints_total")
    frame = pl.DataFrame(
        {
            "period_start": [date(2023, 4, 1)],
            "period_end": [date(2023, 6, 30)],
            "period_type": ["quarter"],
            "period_label": ["2023/24 Q1"],
            "breakdown_dim": [None],
            "value": [3.0],
            "provenance": ["published"],
        },
        schema_overrides={"breakdown_dim": pl.String},
    )
    assert projection.year_end(frame, indicator=ind)  # shown to an officer
    hidden = disclosure.apply(frame, indicator=ind, audience="public", threshold=5)
    assert projection.year_end(hidden, indicator=ind) == []


def test_since_last_meeting_hides_what_every_other_view_hides(data_dir):
    from datetime import date

    from metrics.figures import since
    from metrics.storage.store import DataStore, values_path
    from tests.conftest import HOME, value_row, values_frame

    values_frame(
        [
            value_row("complaints_fully_upheld", HOME, q, v, ptype="quarter")
            for q, v in (("2022/23 Q1", 4), ("2022/23 Q2", 12))
        ]
    ).write_parquet(values_path(data_dir=data_dir, dataset="small"))
    found = [
        c.text
        for c in since.changes(store=DataStore(data_dir), area_code=HOME, meeting=date(2020, 1, 1))
        if c.indicator_id == "complaints_fully_upheld"
    ]
    assert found == ["2022/23 Q1: hidden (small number)", "2022/23 Q2: 12"]


def test_a_neighbours_average_never_includes_a_hidden_figure(data_dir):
    """With a member's figure on fewer than the threshold, the mean is of the others: it cannot be subtracted out."""
    from metrics.analysis import comparators
    from metrics.storage.store import DataStore, values_path
    from tests.conftest import HOME, N1, N2, N3, value_row, values_frame

    values_frame(
        [
            value_row("reablement_91day", code, "2022/23", v, numerator=n, denominator=d)
            for code, v, n, d in ((N1, 0.0, 0, 1), (N2, 80.0, 80, 100), (N3, 90.0, 90, 100), (HOME, 85.0, 85, 100))
        ]
    ).write_parquet(values_path(data_dir=data_dir, dataset="tiny"))
    comps = comparators.comparator_series(
        store=DataStore(data_dir), indicator_id="reablement_91day", area_code=HOME, breakdown_dim=None
    )
    year = comps.filter(pl.col("period_label") == "2022/23")
    assert year.filter(pl.col("comparator_kind").str.starts_with("neighbours")).height == 0  # 2 visible: too few
