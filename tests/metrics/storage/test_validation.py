"""The row rules, on small hand-built input tables."""

import polars as pl
import pytest

from metrics.storage import schema
from metrics.storage.validation import check_schema, normalise_input

AREAS = ["E06000016", "E92000001"]
GOOD = {
    "indicator_id": "contacts_new",
    "area_code": "E06000016",
    "period": "2023/24 Q1",
    "value": "4822",
    "source": "001, Appendix C",
}


def problems_for(*rows: dict) -> list:
    raw = pl.DataFrame([{**GOOD, **r} for r in rows])
    return normalise_input(raw, area_codes=AREAS)[1]


def test_a_good_row_passes_and_is_typed():
    frame, problems = normalise_input(pl.DataFrame([GOOD]), area_codes=AREAS)
    assert problems == []
    row = frame.row(0, named=True)
    assert row["value"] == 4822.0 and row["period_label"] == "2023/24 Q1" and row["status"] == "final"
    assert row["provenance"] == "published"


@pytest.mark.parametrize(
    ("change", "column", "found"),
    [
        ({"indicator_id": "contact_new"}, "indicator_id", "contact_new"),
        ({"area_code": "E99999999"}, "area_code", "E99999999"),
        ({"period": "Q5 2023"}, "period", "'Q5 2023'"),
        ({"value": "lots"}, "value", "lots"),
        ({"value": "-3"}, "value", "-3.0"),
        ({"value": "2.5"}, "value", "2.5"),
        ({"indicator_id": "reablement_91day", "value": "101"}, "value", "101.0"),
        ({"status": "draft"}, "status", "draft"),
        ({"source": ""}, "source", "nothing"),
        ({"value": ""}, "value", "nothing"),
        ({"indicator_id": "satisfaction_pct", "value": "71.7", "margin_of_error": "-5.4"}, "margin_of_error", "-5.4"),
        ({"indicator_id": "satisfaction_pct", "value": "71.7", "margin_of_error": "500"}, "margin_of_error", "500.0"),
        (
            {"indicator_id": "satisfaction_pct", "value": "71.7", "margin_of_error": "about 5"},
            "margin_of_error",
            "about 5",
        ),
    ],
)
def test_each_bad_cell_is_named_by_row_and_column(change, column, found):
    problems = problems_for(change)
    assert len(problems) == 1, problems
    p = problems[0]
    assert (p.row, p.column, p.found) == (2, column, found)


def test_a_published_margin_of_error_is_kept():
    frame, problems = normalise_input(
        pl.DataFrame(
            [
                {
                    **GOOD,
                    "indicator_id": "satisfaction_pct",
                    "value": "71.7",
                    "margin_of_error": "5.4",
                    "denominator": "260",
                }
            ]
        ),
        area_codes=AREAS,
    )
    assert problems == [] and frame.row(0, named=True)["margin_of_error"] == 5.4


def test_numerator_above_denominator_is_rejected():
    problems = problems_for(
        {"indicator_id": "assessments_eligible_pct", "value": "50", "numerator": "9", "denominator": "3"}
    )
    assert (2, "numerator") in [(p.row, p.column) for p in problems]


def test_duplicate_key_names_both_rows():
    problems = problems_for({}, {"period": "2023/24 Q2"}, {"period": "2023/24 q1"})
    assert len(problems) == 1
    assert problems[0].row == 4 and "first at row 2" in problems[0].found


def test_same_period_different_breakdown_is_not_a_duplicate():
    assert (
        problems_for(
            {"breakdown_dim": "age band", "breakdown_cat": "18-64"},
            {"breakdown_dim": "age band", "breakdown_cat": "65+"},
        )
        == []
    )


def test_missing_required_column_is_named():
    raw = pl.DataFrame([{k: v for k, v in GOOD.items() if k != "period"}])
    _frame, problems = normalise_input(raw, area_codes=AREAS)
    assert [(p.column, p.row) for p in problems] == [("period", None)]


def test_a_statement_row_needs_a_note_not_a_number():
    assert problems_for({"value": "", "note": "In the best 25% of councils"}) == []


def test_every_problem_in_a_file_is_reported_at_once():
    problems = problems_for(
        {"indicator_id": "x"}, {"area_code": "y", "period": "2023/24 Q2"}, {"value": "z", "period": "2023/24 Q3"}
    )
    assert sorted(p.row for p in problems) == [2, 3, 4]


def test_schema_check_names_wrong_type_and_missing_column():
    found = dict(schema.VALUES)
    found["value"] = pl.String()
    del found["note"]
    problems = check_schema(found, contract=schema.VALUES)
    assert {(p.column, p.found) for p in problems} == {("value", "type String"), ("note", "no such column")}
