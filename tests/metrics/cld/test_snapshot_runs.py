"""The review snapshot counted from runs (indicators.snapshot_runs) gives what the person-by-day definition
(indicators.snapshot_people) gives, on hand-built and on generated records."""

from __future__ import annotations

from datetime import date, timedelta

import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st

from metrics.cld import indicators

PERSON = "LA_Person_Unique_Identifier"
SCHEMA = {
    PERSON: pl.String,
    "Event_Type": pl.String,
    "Event_Start_Date": pl.Date,
    "Event_End_Date": pl.Date,
    "Date_of_Death": pl.Date,
    "Service_Type": pl.String,
    "Birth_Year_Month": pl.String,
    "Gender": pl.String,
    "Ethnicity": pl.String,
    "Primary_Support_Reason": pl.String,
}
ENDS = pl.date_range(date(2021, 1, 1), date(2023, 12, 1), "1mo", eager=True).dt.month_end().to_list()


def event(person, kind, start, end=None, *, service=None, died=None, gender="Female"):
    return (person, kind, start, end, died, service, "1950-03", gender, None, None)


def by_definition(events: pl.DataFrame, ends: list[date], field: str | None) -> pl.DataFrame:
    """The counts as snapshot_people defines them: a row per person and day, counted."""
    snap = indicators.snapshot_people(events, month_ends=ends)
    key = pl.col(field) if field else pl.lit(None, pl.String)
    return snap.group_by("_month", key.alias("_field")).agg(
        pl.len().cast(pl.Float64).alias("people_long_term_support"),
        indicators.overdue(12).sum().cast(pl.Float64).alias("reviews_overdue_12m"),
        indicators.overdue(24).sum().cast(pl.Float64).alias("reviews_overdue_24m"),
    )


def by_runs(events: pl.DataFrame, ends: list[date], field: str | None) -> pl.DataFrame:
    runs = indicators.snapshot_runs(events, ends=ends)
    return indicators.snapshot_by(runs, field=field, ends=ends).rename({field or "_none": "_field"})


def same(left: pl.DataFrame, right: pl.DataFrame) -> bool:
    order = ["_month", "_field"]
    return left.sort(order, nulls_last=True).equals(right.select(left.columns).sort(order, nulls_last=True))


def test_a_re_recorded_package_a_gap_a_move_and_a_death():
    events = pl.DataFrame(
        [
            # P1: community support re-recorded without a gap (the clock runs on), reviewed in March 2022
            event("P1", "Service", date(2021, 2, 15), date(2021, 9, 30), service="Long term support: Community"),
            event("P1", "Service", date(2021, 10, 1), None, service="Long term support: Community"),
            event("P1", "Review", date(2022, 3, 1), date(2022, 3, 31)),
            # P2: a review, then a gap in support: the new spell starts the clock again
            event("P2", "Service", date(2020, 1, 1), date(2021, 6, 30), service="Long term support: Community"),
            event("P2", "Review", date(2021, 1, 1), date(2021, 1, 10)),
            event("P2", "Service", date(2021, 9, 1), None, service="Long term support: Residential care"),
            # P3: moves from residential to nursing care (two services open a while), dies in May 2023
            event("P3", "Service", date(2019, 5, 1), date(2022, 8, 31), service="Long term support: Residential care"),
            event(
                "P3",
                "Service",
                date(2022, 8, 1),
                None,
                service="Long term support: Nursing care",
                died=date(2023, 5, 31),
            ),
        ],
        schema=SCHEMA,
        orient="row",
    ).with_columns(pl.col("Date_of_Death").max().over(PERSON))
    for field in (None, "Service_Type", "Gender"):
        assert same(by_definition(events, ENDS, field), by_runs(events, ENDS, field))
    runs = by_runs(events, ENDS, None)
    at = dict(zip(runs["_month"], runs["reviews_overdue_24m"], strict=True))
    assert at[date(2023, 2, 28)] == 1  # P3, in care since May 2019 and never reviewed; P1 reviewed in 2022
    assert date(2023, 6, 30) not in at or at[date(2023, 6, 30)] == 0  # P3 died on the last day of May


days = st.integers(min_value=0, max_value=1500).map(lambda n: date(2019, 6, 1) + timedelta(days=n))


@st.composite
def records(draw):
    rows = []
    for person in ("A", "B", "C", "D"):
        died = draw(st.one_of(st.none(), days))
        gender = draw(st.sampled_from(["Female", "Male"]))
        for _ in range(draw(st.integers(min_value=0, max_value=4))):
            start = draw(days)
            end = draw(
                st.one_of(
                    st.none(), st.integers(min_value=0, max_value=700).map(lambda n, s=start: s + timedelta(days=n))
                )
            )
            kind = draw(st.sampled_from(["Long term support: Community", "Long term support: Nursing care"]))
            rows.append(event(person, "Service", start, end, service=kind, died=died, gender=gender))
        for _ in range(draw(st.integers(min_value=0, max_value=3))):
            day = draw(days)
            rows.append(event(person, "Review", day, draw(st.sampled_from([None, day])), died=died, gender=gender))
    return pl.DataFrame(rows, schema=SCHEMA, orient="row")


@settings(max_examples=60, deadline=None)
@given(events=records(), weekly=st.booleans())
def test_runs_count_what_the_definition_counts(events, weekly):
    ends = indicators.weeks(ENDS) if weekly else ENDS
    for field in (None, "Service_Type"):
        assert same(by_definition(events, ends, field), by_runs(events, ends, field))


births = st.sampled_from(["1957-06", "1958-01", "2004-09", "2005-12", "1990-01", None])


@settings(max_examples=40, deadline=None)
@given(events=records(), born=st.lists(births, min_size=4, max_size=4), weekly=st.booleans())
def test_age_bands_on_each_day_as_the_definition_gives_them(events, born, weekly):
    # people who turn 18 or 65 inside the window are counted in the band they are in on each day
    ends = indicators.weeks(ENDS) if weekly else ENDS
    events = events.with_columns(
        pl.col(PERSON).replace_strict(["A", "B", "C", "D"], born, return_dtype=pl.String).alias("Birth_Year_Month")
    )
    snap = indicators.snapshot_people(events, month_ends=ends)
    expected = snap.group_by("_month", indicators._age_band(pl.col("_month")).alias("breakdown_cat")).agg(
        pl.len().cast(pl.Float64).alias("people"), indicators.overdue(24).sum().cast(pl.Float64).alias("overdue")
    )
    found = indicators.long_term_snapshot(
        events, month_ends=ends, cal=indicators.WEEKLY if weekly else indicators.MONTHLY
    )
    got = {
        (row["period"], row["breakdown_cat"], row["indicator_id"]): row["value"]
        for row in found.filter(pl.col("breakdown_dim") == indicators.AGE).iter_rows(named=True)
    }
    cal = indicators.WEEKLY if weekly else indicators.MONTHLY
    labelled = expected.with_columns(cal.label(pl.col("_month")).alias("period"))
    want = {}
    for row in labelled.iter_rows(named=True):
        want[(row["period"], row["breakdown_cat"], "people_long_term_support")] = row["people"]
        if row["overdue"]:
            want[(row["period"], row["breakdown_cat"], "reviews_overdue_24m")] = row["overdue"]
    assert {k: v for k, v in got.items() if k[2] != "reviews_overdue_12m"} == want
