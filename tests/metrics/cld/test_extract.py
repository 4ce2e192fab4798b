"""Reading CLD extracts: minimisation, blocking problems named by line and column, defined lists, duplicates."""

from __future__ import annotations

import polars as pl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from metrics.cld import extract, spec
from metrics.core.errors import TableValidationError
from tests.metrics.cld.conftest import EVENTS, extract_text


def test_identifying_columns_are_dropped_and_birth_is_kept_as_year_and_month(extract_file):
    events, quality = extract.read_extracts([extract_file])
    assert set(events.columns) <= set(spec.KEPT)
    assert {"NHS_Number", "Forename", "Surname", "Postcode", "Date_of_Birth (year and month kept)"} <= set(
        quality.dropped
    )
    assert events.filter(pl.col("LA_Person_Unique_Identifier") == "P1")["Birth_Year_Month"].unique().to_list() == [
        "1950-03"
    ]


def test_values_off_their_defined_list_are_kept_as_invalid_and_counted(extract_file):
    events, quality = extract.read_extracts([extract_file])
    assert events.filter(pl.col("Event_Reference") == "R3")["Request_Route_of_Access"].to_list() == [spec.INVALID]
    report = {row["field"]: row for row in quality.frame.iter_rows(named=True)}
    route = report["Request_Route_of_Access"]  # applies to the 4 requests; 1 is off the list
    assert (route["applies"], route["invalid"], route["invalid_pct"]) == (4, 1, 25.0)
    assert report["Ethnicity"]["invalid"] == 2  # P3's 'Purple', on both of P3's rows
    # a field that applies to every event is counted over every event, its share of them as a percentage
    ethnicity = report["Ethnicity"]
    assert ethnicity["applies"] == events.height
    assert ethnicity["invalid_pct"] == round(2 / events.height * 100, 1)


def test_release_1_names_and_values_are_mapped_to_release_2(tmp_path):
    text = (
        extract_text()
        .replace("LA_Person_Unique_Identifier", "LA_Person_ID")
        .replace("Request_Route_of_Access", "Route_of_Access")
        .replace(",Request,", ",Referral,")
    )
    path = tmp_path / "r1.csv"
    path.write_text(text)
    events, _ = extract.read_extracts([path])
    assert events.filter(pl.col("Event_Type") == "Request").height == 4
    assert "Discharge from hospital" in events["Request_Route_of_Access"].to_list()


@pytest.mark.parametrize(
    ("change", "column", "line"),
    [
        (lambda t: t.replace("P2,9434765870", ",9434765870", 1), "LA_Person_Unique_Identifier", 5),
        (lambda t: t.replace(",Assessment,A3,", ",,A3,"), "Event_Type", 9),
        (lambda t: t.replace("2023-06-05", "2023-13-45"), "Event_Start_Date", 9),
        (lambda t: t.replace("2023-06-20", "soon"), "Event_End_Date", 9),
        (lambda t: t.replace("2022-09-20", "2022-08-01"), "Event_End_Date", 7),
    ],
)
def test_what_makes_computation_impossible_rejects_the_file_naming_line_and_column(tmp_path, change, column, line):
    path = tmp_path / "bad.csv"
    path.write_text(change(extract_text()))
    with pytest.raises(TableValidationError) as caught:
        extract.read_extracts([path])
    assert (column, line) in [(p.column, p.row) for p in caught.value.problems]
    assert str(path) in str(caught.value)


def test_an_event_sent_again_in_a_later_quarter_is_kept_once(tmp_path):
    first, second = tmp_path / "q1.csv", tmp_path / "q2.csv"
    first.write_text(extract_text())
    second.write_text(extract_text(EVENTS[:3]))
    events, quality = extract.read_extracts([first, second])
    assert events.height == len(EVENTS) and quality.duplicates == 3


def test_a_file_without_a_person_column_or_of_another_kind_is_refused(tmp_path):
    path = tmp_path / "x.csv"
    path.write_text("Event_Type,Event_Start_Date\nRequest,2023-01-01\n")
    with pytest.raises(TableValidationError, match="LA_Person_Unique_Identifier"):
        extract.read_extracts([path])
    other = tmp_path / "x.xlsx"
    other.write_bytes(b"not really")
    with pytest.raises(Exception, match=r"csv or \.parquet"):
        extract.read_extracts([other])


def test_a_damaged_file_is_named_not_the_reader_s_error(tmp_path):
    path = tmp_path / "damaged.parquet"
    path.write_bytes(b"PAR1 not a parquet file at all")
    with pytest.raises(TableValidationError, match=r"damaged\.parquet"):
        extract.read_extracts([path])


def test_a_local_breakdown_from_cld_says_where_it_came_from():
    note = spec.local_breakdown_note(breakdown_dim="team", source="Computed from CLD extract a.csv (Apr 2023)")
    assert note.startswith("Team comes from a column the council adds to its own CLD extract")
    assert spec.local_breakdown_note(breakdown_dim="age band", source="Computed from CLD extract a.csv") is None
    assert spec.local_breakdown_note(breakdown_dim="team", source="001_x.txt, Appendix C") is None


@given(st.text(max_size=40))
def test_a_value_is_matched_by_the_same_rule_as_a_name(text):
    """Names are compared in Python and values in polars: the two spellings of the rule must agree."""
    got = pl.DataFrame({"v": [text]}, schema={"v": pl.String}).select(spec.squashed("v"))["v"][0]
    assert got == spec.squash(text)


def test_every_birth_month_is_written_year_dash_month_and_an_unreadable_one_is_missing(tmp_path):
    text = extract_text().replace("Date_of_Birth", "Birth_Year_Month")
    text = text.replace("1950-03-14", "1950-3").replace("1990-11-02", "Nov 1990").replace("1940-01-20", " 1940-01 ")
    path = tmp_path / "months.csv"
    path.write_text(text)
    events, quality = extract.read_extracts([path])
    born = dict(events.select("LA_Person_Unique_Identifier", "Birth_Year_Month").unique().iter_rows())
    assert born == {"P1": "1950-03", "P2": None, "P3": "1940-01"}
    report = {row["field"]: row for row in quality.frame.iter_rows(named=True)}
    assert report["Birth_Year_Month"]["missing"] == events.filter(pl.col("LA_Person_Unique_Identifier") == "P2").height


def test_a_file_read_in_small_batches_gives_the_same_events_report_and_line_numbers(
    tmp_path, extract_file, monkeypatch
):
    """A large CSV is read a batch at a time: the batches must join in the file's order, lines numbered across them."""
    whole, report = extract.read_extracts([extract_file])
    monkeypatch.setattr(extract, "BATCH_ROWS", 2)
    batched, batched_report = extract.read_extracts([extract_file])
    assert batched.equals(whole) and batched_report.frame.equals(report.frame)
    bad = tmp_path / "bad.csv"
    bad.write_text(extract_text().replace("2022-09-20", "2022-08-01"))  # line 7: in the third batch of two
    with pytest.raises(TableValidationError) as caught:
        extract.read_extracts([bad])
    assert ("Event_End_Date", 7) in [(p.column, p.row) for p in caught.value.problems]


@given(st.lists(st.one_of(st.none(), st.sampled_from(["White: English", "Asian or Asian British: Indian", "x"]))))
def test_interned_text_is_the_same_text(values):
    frame = pl.DataFrame({"Ethnicity": values, "n": range(len(values))}, schema={"Ethnicity": pl.String, "n": pl.Int64})
    assert extract._interned(frame).equals(frame)


def test_an_empty_field_still_reads_as_empty_text(extract_file):
    events, _ = extract.read_extracts([extract_file])
    assert events["Delivery_Mechanism"].null_count() == events.height  # a Release 2 field this extract lacks
    assert events.schema["Delivery_Mechanism"] == pl.String
