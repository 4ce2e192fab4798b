import polars as pl

from metrics import disclosure, registry

COUNT = registry.get("complaints_total")
PCT = registry.get("msp_fully_achieved_pct")


def frame(values, dims=None, numerators=None):
    n = len(values)
    return pl.DataFrame({
        "area_code": ["A"] * n, "period_type": ["financial year"] * n, "period_label": ["2022/23"] * n,
        "breakdown_dim": dims or [None] * n, "breakdown_cat": [None if not dims else f"c{i}" for i in range(n)],
        "value": [float(v) for v in values], "numerator": numerators or [None] * n, "denominator": [None] * n,
    }, schema_overrides={"numerator": pl.Float64, "denominator": pl.Float64, "breakdown_dim": pl.String,
                         "breakdown_cat": pl.String})


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
