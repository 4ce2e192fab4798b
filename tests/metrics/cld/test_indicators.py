"""Indicators from the hand-built extract, each figure worked out by hand in the comments."""

from __future__ import annotations

import polars as pl
import pytest

from metrics.cld import extract, indicators


@pytest.fixture
def found(extract_file) -> pl.DataFrame:
    events, _ = extract.read_extracts([extract_file])
    return indicators.every_indicator(events, weekly=False)


def headline(found, indicator_id, period) -> float | None:
    rows = found.filter(
        (pl.col("indicator_id") == indicator_id) & (pl.col("period") == period) & pl.col("breakdown_dim").is_null()
    )
    return rows["value"][0] if rows.height else None


def test_requests_all_and_from_new_people(found):
    # P1's request (Jan 2021) and P3's (Jun 2023) come from people with no long-term service open; P2's (May 2023)
    # arrives while P2 is in residential care, so it is a request but not from a new person
    assert [headline(found, "requests_all", p) for p in ("Jan 2021", "May 2023", "Jun 2023")] == [1, 1, 1]
    assert [headline(found, "requests_new", p) for p in ("Jan 2021", "May 2023", "Jun 2023")] == [1, 0, 1]
    assert headline(found, "requests_all", "Mar 2022") == 0  # a quiet month is a 0, not a gap
    route = found.filter((pl.col("indicator_id") == "requests_all") & (pl.col("breakdown_dim") == "route of access"))
    assert set(route["breakdown_cat"]) == {
        "Community / other route",
        "Discharge from hospital",
        "Invalid and not mapped",
    }


def test_assessments_completed_and_the_eligible_share(found):
    assert headline(found, "assessments_completed", "Feb 2021") == 1  # A1 ended 1 Feb 2021
    assert headline(found, "assessments_eligible_pct", "Feb 2021") == 100.0
    share = found.filter(
        (pl.col("indicator_id") == "assessments_eligible_pct")
        & (pl.col("period") == "Jun 2023")
        & pl.col("breakdown_dim").is_null()
    ).row(0, named=True)
    assert (share["value"], share["numerator"], share["denominator"]) == (0.0, 0.0, 1.0)  # A3 found none
    assert headline(found, "assessments_eligible_pct", "Mar 2021") is None  # nothing answered: no share


def test_people_in_long_term_support_and_those_not_reviewed(found):
    # 30 Jun 2023: P1 (community support since 15 Feb 2021, never reviewed) and P2 (residential since 1 Mar 2022,
    # reviewed 20 Sep 2022). P1 is past 12 and 24 months; P2 is past neither.
    assert headline(found, "people_long_term_support", "Jun 2023") == 2
    assert headline(found, "reviews_overdue_12m", "Jun 2023") == 1
    assert headline(found, "reviews_overdue_24m", "Jun 2023") == 1
    # 31 Jan 2023: P1's start is less than 24 months before (the cut-off is 31 Jan 2021), but more than 12
    assert headline(found, "reviews_overdue_24m", "Jan 2023") == 0
    assert headline(found, "reviews_overdue_12m", "Jan 2023") == 1
    teams = found.filter(
        (pl.col("indicator_id") == "reviews_overdue_24m")
        & (pl.col("period") == "Jun 2023")
        & (pl.col("breakdown_dim") == "team")
    )
    assert dict(teams.select("breakdown_cat", "value").iter_rows()) == {"Team 1": 1.0}


def test_reviews_completed_by_reason_and_age(found):
    assert headline(found, "reviews_completed", "Sep 2022") == 1
    reason = found.filter(
        (pl.col("indicator_id") == "reviews_completed") & (pl.col("breakdown_dim") == "review reason")
    )
    assert reason["breakdown_cat"].to_list() == ["Planned"]
    age = found.filter((pl.col("indicator_id") == "reviews_completed") & (pl.col("breakdown_dim") == "age band"))
    assert age["breakdown_cat"].to_list() == ["18-64"]  # P2, born Nov 1990


def test_every_measure_is_also_counted_by_week_ending_sunday(extract_file):
    events, _ = extract.read_extracts([extract_file])
    found = indicators.every_indicator(events)
    weekly = found.filter(pl.col("period_type") == "week")
    # P3's request on Thursday 1 June 2023 falls in the week ending Sunday 4 June; P2's on Tuesday 2 May in the
    # week ending 7 May; the week ending 11 June had no request: a 0, not a gap
    assert headline(weekly, "requests_all", "w/e 4 Jun 2023") == 1
    assert headline(weekly, "requests_all", "w/e 7 May 2023") == 1
    assert headline(weekly, "requests_all", "w/e 11 Jun 2023") == 0
    # the snapshot at a week's end: at Sunday 25 June 2023, P1 and P2 are in long-term support
    assert headline(weekly, "people_long_term_support", "w/e 25 Jun 2023") == 2
    assert {"requests_all", "assessments_completed", "reviews_completed", "reviews_overdue_24m"} <= set(
        weekly["indicator_id"]
    )


def test_weeks_lie_wholly_inside_the_covered_months_and_only_the_latest_two_years_are_kept():
    from datetime import date

    months = [date(2023, 4, 30), date(2023, 5, 31), date(2023, 6, 30)]
    got = indicators.weeks(months)
    assert got[0] == date(2023, 4, 9)  # the week ending 2 April began in March, which is not covered
    assert got[-1] == date(2023, 6, 25)  # the week ending 2 July runs into July
    assert all(d.weekday() == 6 for d in got)
    long = pl.date_range(date(2018, 1, 1), date(2023, 6, 1), "1mo", eager=True).dt.month_end().to_list()
    assert len(indicators.weeks(long)) == indicators.WEEKS_KEPT
