"""Waiting times, ST-Max, admissions, provider quality and rollups, each on a few events written by hand."""

from __future__ import annotations

from datetime import date

import polars as pl
import pytest

from metrics.cld import indicators, rollup, spec

D = date.fromisoformat


def events(*rows: dict) -> pl.DataFrame:
    """Events as the extract reader returns them: every kept field, dates typed."""
    filled = [{c: r.get(c) for c in spec.KEPT} for r in rows]
    schema = dict.fromkeys(spec.KEPT, pl.String) | dict.fromkeys(
        ("Event_Start_Date", "Event_End_Date", "Date_of_Death"), pl.Date
    )
    return pl.DataFrame(filled, schema=schema)


def ev(person, kind, start, end=None, **more) -> dict:
    return {
        "LA_Person_Unique_Identifier": person,
        "Event_Type": kind,
        "Event_Start_Date": D(start),
        "Event_End_Date": D(end) if end else None,
        "Event_Reference": f"{person}-{kind}-{start}",
        "Birth_Year_Month": "1940-01",
        **more,
    }


ASK = {"Event_Outcome": "Progress to assessment, review or reassessment"}
ASSESS = {"Assessment_Type": "Long term support: First assessment", "Eligible_Needs_Identified": "Yes"}


def headline(frame, indicator_id, period):
    rows = frame.filter(
        (pl.col("indicator_id") == indicator_id) & (pl.col("period") == period) & pl.col("breakdown_dim").is_null()
    )
    return rows.row(0, named=True) if rows.height else None


#: The extract's first request, three months before the waits below: waits are reported from its fourth month.
EARLIER = ev("Q", "Request", "2022-10-01", "2022-10-01", Event_Outcome="NFA: Other")


@pytest.fixture
def waits():
    found = events(
        EARLIER,
        ev("A", "Request", "2023-01-02", "2023-01-02", **ASK),  # assessed 10 days later
        ev("A", "Assessment", "2023-01-12", "2023-01-20", **ASSESS),
        ev("B", "Request", "2023-01-05", "2023-01-05", **ASK),  # assessed 40 days later (Feb)
        ev("B", "Assessment", "2023-02-14", "2023-02-20", **ASSESS),
        ev("B", "Assessment", "2023-03-01", "2023-03-05", **ASSESS),  # a second assessment: not a second wait
        ev("C", "Request", "2023-01-10", "2023-01-10", **ASK),  # never assessed: still waiting
        ev("D", "Request", "2023-01-15", "2023-01-15", Event_Outcome="NFA: Information and advice or signposting"),
        ev("A", "Service", "2023-01-25", None, Service_Type="Long term support: Community"),
    )
    return indicators.waiting_times(found, month_ends=indicators.months(found))


def test_people_still_waiting_at_each_month_end(waits):
    # 31 Jan: B (26 days) and C (21 days) wait; D was not sent on to an assessment
    jan = headline(waits, "people_waiting_assessment", "Jan 2023")
    assert jan["value"] == 2
    assert headline(waits, "assessment_wait_28d_pct", "Jan 2023")["value"] == 0.0
    # 28 Feb: only C, 49 days: over 28 days, not over 6 months
    assert headline(waits, "people_waiting_assessment", "Feb 2023")["value"] == 1
    feb = headline(waits, "assessment_wait_28d_pct", "Feb 2023")
    assert (feb["value"], feb["numerator"], feb["denominator"]) == (100.0, 1.0, 1.0)
    assert headline(waits, "assessment_wait_6m_pct", "Feb 2023")["value"] == 0.0


def test_st_max_completed_and_the_share_needing_no_ongoing_support():
    stmax = {"Service_Type": "Short term support: ST-Max", "Client_Type": "Service user"}
    found = events(
        ev("R", "Request", "2023-04-01", "2023-04-01"),
        ev("A", "Service", "2023-04-03", "2023-04-20", Event_Outcome="NFA: Support ended as planned", **stmax),
        ev("B", "Service", "2023-04-03", "2023-04-21", Event_Outcome="NFA: Support ended as planned", **stmax),
        ev(
            "C",
            "Service",
            "2023-04-03",
            "2023-04-22",
            Event_Outcome="Progress to support planning or services",
            **stmax,
        ),
        # C goes on to long-term support the next day: ongoing support (ASCOF 2A's denominator only)
        ev("C", "Service", "2023-04-23", None, Service_Type="Long term support: Community", Client_Type="Service user"),
        ev("D", "Service", "2023-04-03", "2023-04-23", Event_Outcome="NFA: Deceased", **stmax),  # out of 2A
        ev("E", "Service", "2023-04-03", None, **stmax),  # not ended
    )
    out = indicators.short_term_support(found, month_ends=indicators.months(found))
    assert headline(out, "st_max_completed", "Apr 2023")["value"] == 4
    share = headline(out, "reablement_no_ongoing_pct", "Apr 2023")
    assert (share["numerator"], share["denominator"], share["value"]) == (2.0, 3.0, 66.7)


def test_a_permanent_admission_is_a_first_care_home_placement_not_a_move():
    home = {"Service_Type": "Long term support: Residential care"}
    found = events(
        ev("R", "Request", "2023-04-01", "2023-04-01"),
        ev("A", "Service", "2023-04-10", None, **home),  # admitted in April
        ev("B", "Service", "2022-01-01", "2023-05-01", **home),  # in a home already ...
        ev("B", "Service", "2023-05-02", None, Service_Type="Long term support: Nursing care"),  # ... a move
        ev("C", "Service", "2023-05-05", None, Service_Type="Long term support: Community"),
    )
    out = indicators.admissions(found, month_ends=indicators.months(found))
    assert headline(out, "admissions_permanent", "Apr 2023")["value"] == 1
    assert headline(out, "admissions_permanent", "May 2023")["value"] == 0


def test_provider_quality_counts_people_with_a_rated_provider_at_the_last_month_end():
    lts = {"Service_Type": "Long term support: Community"}
    found = events(
        ev("R", "Request", "2023-04-01", "2023-04-01"),
        ev("A", "Service", "2022-01-01", None, Provider_CQC_Location_ID="1-good", **lts),
        ev("B", "Service", "2022-01-01", None, Provider_CQC_Location_ID="1-ri", **lts),
        ev("C", "Service", "2022-01-01", None, Provider_CQC_Location_ID="1-unrated", **lts),  # not rated: left out
        ev("D", "Service", "2022-01-01", "2023-04-10", Provider_CQC_Location_ID="1-good", **lts),  # ended: left out
        ev("E", "Service", "2022-01-01", None, Provider_CQC_Location_ID="1-unknown", **lts),  # not in directory
    )
    locations = pl.DataFrame(
        {
            "location_id": ["1-good", "1-ri", "1-unrated"],
            "domain": ["Overall"] * 3,
            "rating": ["Good", "Requires improvement", "Not Rated"],
        }
    )
    out = indicators.provider_quality(found, month_ends=indicators.months(found), locations=locations)
    row = headline(out, "lts_provider_good_pct", "Apr 2023")
    assert (row["numerator"], row["denominator"], row["value"]) == (1.0, 2.0, 50.0)


def test_requests_are_broken_down_by_what_followed():
    found = events(
        ev("A", "Request", "2023-04-01", "2023-04-01", **ASK),
        ev("B", "Request", "2023-04-02", "2023-04-02", Event_Outcome="Progress to reablement/ST-Max"),
        ev("C", "Request", "2023-04-03", "2023-04-03", Event_Outcome="NFA: Support declined"),
        ev("D", "Request", "2023-04-04", "2023-04-04", Event_Outcome="NFA: Other"),
    )
    out = indicators.requests(found, month_ends=indicators.months(found))
    cats = dict(
        out.filter((pl.col("indicator_id") == "requests_all") & (pl.col("breakdown_dim") == "what followed"))
        .select("breakdown_cat", "value")
        .iter_rows()
    )
    assert cats == {"An assessment": 1, "Short-term support (ST-Max)": 1, "No further action": 2}


def test_only_whole_quarters_and_years_are_rolled_up_and_shares_are_recomputed():
    month_ends = [D("2023-02-28"), D("2023-03-31"), D("2023-04-30"), D("2023-05-31"), D("2023-06-30")]
    monthly = pl.DataFrame(
        {
            "indicator_id": ["reviews_completed"] * 5 + ["assessments_eligible_pct"] * 3,
            "period": ["Feb 2023", "Mar 2023", "Apr 2023", "May 2023", "Jun 2023", "Apr 2023", "May 2023", "Jun 2023"],
            "period_type": ["month"] * 8,
            "breakdown_dim": [None] * 8,
            "breakdown_cat": [None] * 8,
            "value": [5.0, 6.0, 1.0, 2.0, 3.0, 100.0, 0.0, 50.0],
            "numerator": [None] * 5 + [1.0, 0.0, 1.0],
            "denominator": [None] * 5 + [1.0, 2.0, 2.0],
        },
        schema_overrides={"breakdown_dim": pl.String, "breakdown_cat": pl.String},
    )
    out = rollup.rolled_up(monthly, month_ends=month_ends)
    got = {(r["indicator_id"], r["period"]): r["value"] for r in out.iter_rows(named=True)}
    # 2022/23 Q4 lacks January and no year is whole: only 2023/24 Q1 is made; 2 eligible of 5 answered is 40%
    assert got == {("reviews_completed", "2023/24 Q1"): 6.0, ("assessments_eligible_pct", "2023/24 Q1"): 40.0}
    assert rollup.quarters_covered(month_ends) == ["2023/24 Q1"]


# --- the cases an audit found wrong, each now pinned -----------------------------------------------------------------


def test_a_planned_end_years_ahead_is_not_months_and_a_missing_quarter_is_a_gap_not_zeros():
    found = events(
        ev("A", "Request", "2023-04-03", "2023-04-03"),
        ev("A", "Request", "2023-05-03", "2023-05-03"),
        ev("A", "Request", "2023-06-03", "2023-06-03"),
        ev("B", "Service", "2023-04-10", "2031-03-31", Service_Type="Long term support: Community"),
        ev("C", "Request", "2023-10-02", "2023-10-02"),
        ev("C", "Request", "2023-11-02", "2023-11-02"),
        ev("C", "Request", "2023-12-02", "2023-12-02"),
    )
    month_ends = indicators.months(found)
    assert [d.strftime("%b %Y") for d in month_ends] == [
        "Apr 2023",
        "May 2023",
        "Jun 2023",
        "Oct 2023",
        "Nov 2023",
        "Dec 2023",
    ]
    monthly = indicators.requests(found, month_ends=month_ends)
    quarters = rollup.rolled_up(monthly, month_ends=month_ends).filter(
        pl.col("breakdown_dim").is_null() & (pl.col("indicator_id") == "requests_all")
    )
    assert dict(quarters.select("period", "value").iter_rows()) == {"2023/24 Q1": 3.0, "2023/24 Q3": 3.0}


def overdue_at(found, period):
    snap = indicators.long_term_snapshot(found, month_ends=indicators.months(found))
    return headline(snap, "reviews_overdue_24m", period)["value"]


def test_a_review_from_an_earlier_spell_of_support_does_not_count_in_a_new_one():
    lts = {"Service_Type": "Long term support: Community"}
    found = events(
        ev("R", "Request", "2023-01-02", "2023-01-02"),
        ev("A", "Service", "2014-01-01", "2016-06-30", **lts),
        ev("A", "Review", "2016-05-01", "2016-05-02"),
        ev("A", "Service", "2023-01-10", None, **lts),  # back in support after six years
    )
    assert overdue_at(found, "Jan 2023") == 0  # the clock starts with the new spell, not the 2016 review


def test_a_re_recorded_package_does_not_reset_the_clock():
    lts = {"Service_Type": "Long term support: Community"}
    found = events(
        ev("R", "Request", "2023-01-02", "2023-01-02"),
        ev("A", "Service", "2015-01-01", "2022-12-31", **lts),
        ev("A", "Service", "2023-01-01", None, **lts),  # the same support, recorded again the next day
    )
    assert overdue_at(found, "Jan 2023") == 1


def test_24_months_or_more_includes_the_day_itself():
    lts = {"Service_Type": "Long term support: Community"}
    found = events(
        ev("R", "Request", "2024-02-02", "2024-02-02"),
        ev("A", "Service", "2020-01-01", None, **lts),
        ev("A", "Review", "2022-02-20", "2022-02-28"),
    )
    assert overdue_at(found, "Feb 2024") == 1  # 28 Feb 2022 is 24 months before 29 Feb 2024


def test_a_death_recorded_on_any_row_ends_long_term_support(tmp_path):
    from tests.metrics.cld.conftest import HEADER

    lines = [
        HEADER,
        "R,,,,1950-01-01,,Male,White: Irish,Service user,,Request,R1,2023-01-02,2023-01-02,,,,,,,,,,T",
        "A,,,,1950-01-01,,Male,White: Irish,Service user,,Service,S1,2020-01-01,,,,,,"
        "Long term support: Community,,,,,T",
        "A,,,,1950-01-01,,Male,White: Irish,Service user,,Review,V1,2022-12-01,2022-12-02,,,,,,,Planned,,2023-01-15,T",
    ]
    path = tmp_path / "death.csv"
    path.write_text("\n".join(lines) + "\n")
    from metrics.cld import extract

    found, _ = extract.read_extracts([path])
    snap = indicators.long_term_snapshot(found, month_ends=indicators.months(found))
    assert headline(snap, "people_long_term_support", "Jan 2023")["value"] == 0


def test_two_requests_then_one_assessment_is_one_wait_from_the_first_and_ends_the_waiting():
    found = events(
        EARLIER,
        ev("A", "Request", "2023-01-02", "2023-01-02", **ASK),
        ev("A", "Request", "2023-01-20", "2023-01-20", **ASK),
        ev("A", "Assessment", "2023-02-10", "2023-02-15", **ASSESS),
        ev("Z", "Request", "2023-03-01", "2023-03-01", Event_Outcome="NFA: Other"),
    )
    out = indicators.waiting_times(found, month_ends=indicators.months(found))
    assert headline(out, "people_waiting_assessment", "Jan 2023")["value"] == 1  # one person, not two requests
    # counted from the first request (29 days by 31 January), not the second (11 days)
    assert headline(out, "assessment_wait_28d_pct", "Jan 2023")["value"] == 100.0
    assert headline(out, "people_waiting_assessment", "Feb 2023")["value"] == 0
    assert headline(out, "people_waiting_assessment", "Mar 2023")["value"] == 0


def test_a_service_years_after_a_request_that_led_nowhere_is_no_wait():
    found = events(
        ev("A", "Request", "2020-01-06", "2020-01-06", Event_Outcome="NFA: Information and advice or signposting"),
        ev("A", "Request", "2023-03-01", "2023-03-01", Event_Outcome="NFA: Other"),
        ev("A", "Service", "2023-03-01", None, Service_Type="Long term support: Community"),
    )
    out = indicators.waiting_times(found, month_ends=indicators.months(found))
    assert headline(out, "wait_service_median_days", "Mar 2023") is None


def test_a_person_with_two_providers_is_counted_once_by_the_latest_service_whatever_the_row_order():
    lts = {"Service_Type": "Long term support: Community"}
    rows = [
        ev("R", "Request", "2023-04-01", "2023-04-01"),
        ev("A", "Service", "2021-01-01", None, Provider_CQC_Location_ID="1-bad", **lts),
        ev("A", "Service", "2022-06-01", None, Provider_CQC_Location_ID="1-good", **lts),
    ]
    locations = pl.DataFrame(
        {"location_id": ["1-good", "1-bad"], "domain": ["Overall"] * 2, "rating": ["Good", "Inadequate"]}
    )
    for order in (rows, rows[::-1]):
        found = events(*order)
        out = indicators.provider_quality(found, month_ends=indicators.months(found), locations=locations)
        assert headline(out, "lts_provider_good_pct", "Apr 2023")["value"] == 100.0


def test_the_waiting_list_is_not_counted_in_an_extracts_first_months_but_completed_waits_are():
    user = {"Client_Type": "Service user", "Event_Outcome": ASK["Event_Outcome"]}
    assessed = {**ASSESS, "Assessment_Type": "Long term assessment", "Event_Outcome": "NFA: Other"}
    found = events(
        ev("A", "Request", "2023-01-01", "2023-01-01", **user),  # 90 days before 1 April
        ev("A", "Assessment", "2023-01-12", "2023-01-20", **assessed),
        ev("B", "Request", "2023-04-03", "2023-04-03", **user),
        ev("B", "Assessment", "2023-04-13", "2023-04-20", **assessed),
    )
    out = indicators.waiting_times(found, month_ends=indicators.months(found))
    assert headline(out, "wait_assessment_median_days", "Jan 2023")["value"] == 11  # DHSC has no run-in
    assert headline(out, "wait_assessment_median_days", "Apr 2023")["value"] == 10
    assert headline(out, "people_waiting_assessment", "Jan 2023") is None  # requests before the extract unseen
    assert headline(out, "people_waiting_assessment", "Apr 2023")["value"] == 0
