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


def test_one_hidden_cell_in_a_breakdown_hides_another_chosen_by_order_not_size():
    out = disclosure.apply(frame([3, 40, 9, 20], dims=["team"] * 4), indicator=COUNT, audience="public", threshold=5)
    assert out["suppressed"].to_list() == [True, True, False, False]  # the first other category, c1
    revised = disclosure.apply(
        frame([3, 41, 9, 20], dims=["team"] * 4), indicator=COUNT, audience="public", threshold=5
    )
    assert revised["suppressed"].to_list() == out["suppressed"].to_list()  # a revised figure moves nothing


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


# --- complementary suppression over time and the headline, and rates on one person (#26) ---------------------------

TEAMS = registry.get("requests_all")


def family(rows):
    """(period type, label, start, end, breakdown dim, category, value) rows of one council."""
    from datetime import date

    return pl.DataFrame(
        [
            {
                "area_code": "A",
                "period_type": t,
                "period_label": label,
                "period_start": date.fromisoformat(s),
                "period_end": date.fromisoformat(e),
                "breakdown_dim": dim,
                "breakdown_cat": cat,
                "value": float(v),
                "numerator": None,
                "denominator": None,
            }
            for t, label, s, e, dim, cat, v in rows
        ],
        schema_overrides={"numerator": pl.Float64, "denominator": pl.Float64},
    )


def test_a_month_hidden_beside_its_quarter_hides_another_month():
    # Jan 6, Feb 2 (hidden), Mar 7 and the quarter 15: February would be 15 - 6 - 7
    rows = family(
        [
            ("month", "Jan 2019", "2019-01-01", "2019-01-31", "team", "MH", 6),
            ("month", "Feb 2019", "2019-02-01", "2019-02-28", "team", "MH", 2),
            ("month", "Mar 2019", "2019-03-01", "2019-03-31", "team", "MH", 7),
            ("quarter", "2018/19 Q4", "2019-01-01", "2019-03-31", "team", "MH", 15),
        ]
    )
    out = disclosure.apply(rows, indicator=TEAMS, audience="public", threshold=5)
    assert out["suppressed"].to_list() == [True, True, False, False]  # January, the smaller, hidden beside it


def test_a_category_hidden_beside_the_headline_hides_another_and_parts_that_do_not_add_up_are_left():
    rows = family(
        [
            ("month", "Jan 2019", "2019-01-01", "2019-01-31", None, None, 40),
            ("month", "Jan 2019", "2019-01-01", "2019-01-31", "team", "A", 3),
            ("month", "Jan 2019", "2019-01-01", "2019-01-31", "team", "B", 30),
            ("month", "Jan 2019", "2019-01-01", "2019-01-31", "team", "C", 7),
            ("month", "Feb 2019", "2019-02-01", "2019-02-28", None, None, 40),
            ("month", "Feb 2019", "2019-02-01", "2019-02-28", "age", "X", 20),
            ("month", "Feb 2019", "2019-02-01", "2019-02-28", "age", "Y", 20),
        ]
    )
    out = disclosure.apply(rows, indicator=TEAMS, audience="public", threshold=5)
    assert out["suppressed"].to_list() == [False, True, True, False, False, False, False]


def test_hiding_spreads_until_no_group_has_one_hidden_figure():
    # the quarter's months: Jan 3 is small; hiding Feb (the smallest other) leaves the team's headline group for
    # February with one hidden figure, so another February category is hidden too
    rows = family(
        [
            ("month", "Jan 2019", "2019-01-01", "2019-01-31", "team", "A", 3),
            ("month", "Feb 2019", "2019-02-01", "2019-02-28", "team", "A", 6),
            ("month", "Mar 2019", "2019-03-01", "2019-03-31", "team", "A", 9),
            ("quarter", "2018/19 Q4", "2019-01-01", "2019-03-31", "team", "A", 18),
            ("month", "Feb 2019", "2019-02-01", "2019-02-28", None, None, 26),
            ("month", "Feb 2019", "2019-02-01", "2019-02-28", "team", "B", 20),
        ]
    )
    out = disclosure.apply(rows, indicator=TEAMS, audience="public", threshold=5)
    assert out["suppressed"].to_list() == [True, True, False, False, False, True]


def test_the_decision_is_made_over_the_family_so_every_view_hides_the_same():
    whole = family(
        [
            ("month", "Jan 2019", "2019-01-01", "2019-01-31", "team", "MH", 6),
            ("month", "Feb 2019", "2019-02-01", "2019-02-28", "team", "MH", 2),
            ("month", "Mar 2019", "2019-03-01", "2019-03-31", "team", "MH", 7),
            ("quarter", "2018/19 Q4", "2019-01-01", "2019-03-31", "team", "MH", 15),
        ]
    )
    months = whole.filter(pl.col("period_type") == "month")
    alone = disclosure.apply(months, indicator=TEAMS, audience="public", threshold=5)
    assert alone["suppressed"].to_list() == [False, True, False]  # the quarter is not in this frame
    decided = disclosure.hidden_keys(whole, indicator=TEAMS, threshold=5)
    seen = disclosure.apply(months, indicator=TEAMS, audience="public", threshold=5, hide=decided)
    assert seen["suppressed"].to_list() == [True, True, False]


def test_a_rate_standing_for_one_person_is_hidden():
    rate = registry.get("admissions_65_rate")
    rows = pl.DataFrame(
        {"value": [60.9, 600.0], "numerator": [None, None], "denominator": [None, None], "implied_count": [1.0, 10.0]},
        schema_overrides={"numerator": pl.Float64, "denominator": pl.Float64},
    )
    out = disclosure.apply(rows, indicator=rate, audience="public", threshold=5)
    assert out["value"].to_list() == [None, 600.0]


def test_the_same_figures_are_hidden_whatever_order_the_rows_come_in():
    """Two servers (or two days) hiding different figures beside the same small one would give it away."""
    from metrics.storage import query
    from tests.test_subtraction import STORE

    ind = registry.get("requests_all")
    family = query.rows_for(store=STORE, indicator_id=ind.id, area_codes=["E06000016"])
    first = disclosure.hidden_keys(family, indicator=ind, threshold=5).sort(pl.all(), nulls_last=False)
    for seed in (1, 2, 3):
        shuffled = family.sample(fraction=1.0, shuffle=True, seed=seed)
        again = disclosure.hidden_keys(shuffled, indicator=ind, threshold=5).sort(pl.all(), nulls_last=False)
        assert again.equals(first)
    assert first.height > 100


def test_several_sums_together_give_back_what_no_single_subtraction_does():
    # three totals over three hidden figures, two in each: no group has one hidden figure, yet all three are known
    assert disclosure.determined([(0, [1, 2]), (3, [1, 4]), (5, [2, 4])], {1, 2, 4}) == [1, 2, 4]
    assert disclosure.determined([(0, [1, 2])], {1, 2}) == []  # one total over two: neither is known
    # a table: figure 1 has no column total; 2 and 3 sit in columns whose other figures make up row 13, so 2 + 3,
    # and with row 10's total figure 1, are known
    table = [(10, [1, 2, 3]), (11, [2, 4]), (12, [3, 5]), (13, [4, 5])]
    assert disclosure.determined(table, {1, 2, 3, 4, 5}) == [1]


def test_the_audit_hides_one_more_figure_where_several_sums_give_one_back():
    table = [(10, [1, 2, 3, 6]), (11, [2, 4]), (12, [3, 5]), (13, [4, 5])]  # 6: published, in row 10 only
    size = dict.fromkeys(range(14), 10.0)
    assert disclosure.determined(table, {1, 2, 3, 4, 5}) == [1]
    hidden = disclosure.audited(table, {1, 2, 3, 4, 5}, size=size)
    assert hidden == {1, 2, 3, 4, 5, 6} and disclosure.determined(table, hidden) == []


#: Three months (rows 20-22) by categories A, B, C and O (columns 30-32; O has no quarter, its third month being
#: empty) with the quarter's total 33: the shape of Leicester's reviews by ethnicity, October to December 2018.
MONTHS_BY_CATEGORY = [
    (20, [1, 4, 7, 9]),
    (21, [2, 5, 8, 10]),
    (22, [3, 6, 11]),
    (30, [1, 2, 3]),
    (31, [4, 5, 6]),
    (32, [9, 10, 11]),
    (33, [20, 21, 22]),
]


def test_a_figure_given_back_through_a_cycle_of_sums_is_freed_by_a_balanced_change():
    """O's first month (7) is the only one of its column: its row less A and B gives it back, A1 + B1 being known
    from the quarters and the third month. The search finds published figures whose hiding lets 7 change while
    every sum holds (the audit's nearest-four tries found none for three such figures in Leicester's data)."""
    hidden = {1, 3, 4, 6, 7}
    assert 7 in disclosure.determined(MONTHS_BY_CATEGORY, hidden)
    holding = disclosure._holding(MONTHS_BY_CATEGORY)
    size = dict.fromkeys(range(40), 10.0)
    more = disclosure._balanced_change(MONTHS_BY_CATEGORY, 7, hidden=hidden, holding=holding, size=size)
    assert more and not more & hidden and 7 not in disclosure.determined(MONTHS_BY_CATEGORY, hidden | more)
    audited = disclosure.audited(MONTHS_BY_CATEGORY, hidden, size=size)
    assert disclosure.determined(MONTHS_BY_CATEGORY, audited) == []
