"""DHSC's waiting-time method v1.1 (metrics.cld.waits), one rule at a time, on events written by hand.

Each case names the stage of DataS-DHSC/ASC-CLD-LA-Dashboard Waiting_times/waiting_times_method.sql it checks; the
expected waits were worked out by hand from the dates written here.
"""

from __future__ import annotations

from datetime import date

import polars as pl
import pytest

from metrics.cld import indicators, spec, waits
from metrics.cld.submissions import Submission

D = date.fromisoformat
ASK = "Progress to assessment, review or reassessment"
TO_SERVICES = "Progress to support planning or services"


def frame(*rows: dict) -> pl.DataFrame:
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
        "Birth_Year_Month": "1950-01",
        "Client_Type": "Service user",
        **more,
    }


def request(person, start, outcome=ASK, **more) -> dict:
    return ev(person, "Request", start, start, Event_Outcome=outcome, **more)


def assessment(person, start, outcome=TO_SERVICES, kind="Long term assessment", **more) -> dict:
    return ev(person, "Assessment", start, start, Event_Outcome=outcome, Assessment_Type=kind, **more)


def service(person, start, end=None, kind="Long term support: Community", **more) -> dict:
    return ev(person, "Service", start, end, Service_Type=kind, **more)


PERIOD_START = D("2023-04-01")


def part1_part2(*rows: dict, from_day: date | None = PERIOD_START) -> dict[str, tuple]:
    """{person: (Part 1 wait, Part 2 wait)} for the waits DHSC's method keeps."""
    found = waits.person_waits(frame(*rows), from_day=from_day)
    return {p: (w1, w2) for p, w1, w2 in found.select(waits.PERSON, "_part1", "_part2").iter_rows()}


def test_part_1_runs_to_the_first_assessment_and_part_2_to_the_first_service():
    got = part1_part2(request("A", "2023-04-03"), assessment("A", "2023-04-13"), service("A", "2023-05-03"))
    assert got == {"A": (10, 30)}


@pytest.mark.parametrize(
    ("who", "why"),
    [
        ({"Birth_Year_Month": "1999-06"}, "aged 23 at the request (stage 1.3b: 25 and over)"),
        ({"Client_Type": "Carer"}, "a carer's request (stage 1.3a: service users only)"),
        ({"Client_Type": None}, "no client type (stage 1.3a)"),
        ({"Birth_Year_Month": None}, "no year of birth: no age to check"),
    ],
)
def test_only_service_users_aged_25_and_over_are_counted(who, why):
    assert part1_part2(request("A", "2023-04-03", **who), assessment("A", "2023-04-13")) == {}, why


@pytest.mark.parametrize(
    ("outcome", "counted"),
    [
        ("NFA: Information and advice or signposting", False),
        ("Admitted to hospital", False),
        (None, False),  # the SQL's NOT IN leaves a request with no outcome out
        ("Progress to reablement/ST-Max", True),
        (spec.R1_ONLY, True),
    ],
)
def test_requests_that_led_nowhere_are_not_waits(outcome, counted):
    got = part1_part2(request("A", "2023-04-03", outcome), assessment("A", "2023-04-13"))
    assert ("A" in got) is counted


@pytest.mark.parametrize(
    ("earlier", "counted"),
    [
        (service("A", "2021-01-01", "2022-05-03"), False),  # long-term support ended 11 months before
        (service("A", "2021-01-01", "2022-03-31"), True),  # ... ended over 12 months before
        (service("A", "2021-01-01", None), False),  # long-term support still open
        (service("A", "2022-12-01", "2023-02-10", kind="Short term support: ST-Max"), False),  # 2 months before
        (service("A", "2022-10-01", "2022-12-01", kind="Short term support: ST-Max"), True),  # 4 months before
        (service("A", "2023-01-01", "2023-03-01", kind="Short term support: Ongoing low level"), True),  # not listed
        (service("A", "2023-04-03", None), True),  # starts the day of the request, not before it
    ],
)
def test_existing_clients_are_not_new_requests(earlier, counted):
    got = part1_part2(earlier, request("A", "2023-04-03"), assessment("A", "2023-04-13"))
    assert ("A" in got) is counted


def test_only_short_and_long_term_assessments_are_a_response():
    got = part1_part2(
        request("A", "2023-04-03"),
        assessment("A", "2023-04-05", kind="Financial assessment"),
        assessment("A", "2023-04-06", kind="Unpaid carer assessment"),
        assessment("A", "2023-04-20", kind="Short term assessment"),
    )
    assert got == {"A": (17, None)}


def test_a_service_that_comes_before_any_assessment_is_the_first_response():  # stage 3.2
    got = part1_part2(
        request("A", "2023-04-03"),
        service("A", "2023-04-08", "2023-05-01", kind="Short term support: ST-Max"),
        assessment("A", "2023-05-10"),
    )
    assert got == {"A": (5, 5)}


def test_no_part_2_after_assessments_that_did_not_lead_to_a_service():  # stage 3.3
    got = part1_part2(
        request("A", "2023-04-03"),
        assessment("A", "2023-04-10", outcome="NFA: Support declined"),
        service("A", "2023-06-01"),
    )
    assert got == {"A": (7, None)}


def test_an_assessment_with_no_outcome_did_not_lead_to_a_service():  # stage 2.3a: ELSE 0
    got = part1_part2(
        request("A", "2023-04-03"), assessment("A", "2023-04-10", outcome=None), service("A", "2023-06-01")
    )
    assert got == {"A": (7, None)}


def test_a_block_of_assessments_leads_to_a_service_if_any_of_them_does():  # stage 2.3b
    got = part1_part2(
        request("A", "2023-04-03"),
        assessment("A", "2023-04-10", outcome=ASK),
        assessment("A", "2023-04-20", kind="Short term assessment"),
        service("A", "2023-05-03"),
    )
    assert got == {"A": (7, 30)}


def test_a_release_1_first_conversation_is_its_own_response():  # stage 3.1
    before = part1_part2(request("A", "2024-05-01", Conversation="Yes"), assessment("A", "2024-05-21"))
    after = part1_part2(request("A", "2025-08-01", Conversation="Yes"), assessment("A", "2025-08-21"))
    plain = part1_part2(request("A", "2024-05-01"), assessment("A", "2024-05-21"))
    assert (before, after, plain) == ({"A": (0, None)}, {"A": (20, None)}, {"A": (20, None)})


def test_a_second_request_while_the_first_is_being_answered_is_not_a_second_wait():  # stage 3.4
    got = part1_part2(
        request("A", "2023-04-01"),
        request("A", "2023-04-05"),
        assessment("A", "2023-04-20"),
        service("A", "2023-05-01"),
    )
    assert got == {"A": (19, 30)}


def test_a_request_after_the_last_one_was_answered_is_a_wait_of_its_own():
    got = waits.person_waits(
        frame(
            request("A", "2023-04-01"),
            assessment("A", "2023-04-11", outcome="NFA: Support declined"),
            request("A", "2023-06-01"),
            assessment("A", "2023-06-04"),
        ),
        from_day=D("2023-04-01"),
    )
    assert sorted(got["_part1"].to_list()) == [3, 10]


def test_on_one_day_a_request_comes_before_an_assessment():  # stage 2.1's order
    assert part1_part2(request("A", "2023-04-03"), assessment("A", "2023-04-03")) == {"A": (0, None)}


def test_requests_before_the_reporting_period_are_not_counted():
    rows = (request("A", "2023-03-20"), assessment("A", "2023-04-13"))
    assert part1_part2(*rows, from_day=D("2023-04-01")) == {}
    assert part1_part2(*rows, from_day=D("2022-04-01")) == {"A": (24, None)}


def test_the_age_band_is_the_persons_when_the_response_started():
    got = waits.person_waits(
        frame(
            request("A", "2023-04-03", Birth_Year_Month="1958-05"),  # 64 at the request
            assessment("A", "2023-05-10", Birth_Year_Month="1958-05"),  # 65 when assessed
        ),
        from_day=D("2023-04-01"),
    )
    assert got["_resp_band"].to_list() == ["65+"]


def _quarter_rows():
    rows = []
    for person, asked, answered in (("A", "04-03", "04-13"), ("B", "04-03", "04-23"), ("C", "04-03", "05-04")):
        rows += [request(person, f"2023-{asked}"), assessment(person, f"2023-{answered}")]
    rows += [request("E", "2023-05-01"), assessment("E", "2023-06-10")]  # 40 days, answered in June
    rows += [ev("Z", "Review", "2023-04-01", "2023-06-30")]  # something happens in every month
    found = frame(*rows)
    sub = Submission(name="x.csv", order=0, start=D("2023-04-01"), end=D("2023-06-30"), la_codes=(), rows=0)
    month_ends = indicators.months(found, submissions=(sub,))
    return indicators.waiting_times(found, month_ends=month_ends, submissions=(sub,))


def _headline(out, indicator_id, period):
    hit = out.filter(
        (pl.col("indicator_id") == indicator_id) & (pl.col("period") == period) & pl.col("breakdown_dim").is_null()
    )
    return hit.select("value", "numerator", "denominator").row(0) if hit.height else None


def test_the_quarter_median_is_interpolated_with_its_count_and_the_28_day_share():
    out = _quarter_rows()
    # waits 10, 20, 31, 40: the median is halfway between 20 and 31; two of four waited over 28 days
    assert _headline(out, "wait_assessment_median_days", "2023/24 Q1") == (25.5, None, 4.0)
    assert _headline(out, "completed_wait_28d_pct", "2023/24 Q1") == (50.0, 2.0, 4.0)
    assert _headline(out, "wait_assessment_median_days", "Apr 2023") == (15.0, None, 2.0)
    assert _headline(out, "wait_assessment_median_days", "Jun 2023") == (40.0, None, 1.0)


def test_waits_are_broken_down_by_dhscs_age_bands():
    out = _quarter_rows()
    bands = out.filter(
        (pl.col("indicator_id") == "wait_assessment_median_days")
        & (pl.col("period") == "2023/24 Q1")
        & (pl.col("breakdown_dim") == indicators.AGE)
    )
    assert dict(bands.select("breakdown_cat", "denominator").iter_rows()) == {"65+": 4.0}


def test_a_quarter_the_extract_does_not_wholly_cover_gets_no_median():
    found = frame(
        request("A", "2023-04-03"), assessment("A", "2023-04-13"), ev("Z", "Review", "2023-04-01", "2023-05-31")
    )
    sub = Submission(name="x.csv", order=0, start=D("2023-04-01"), end=D("2023-05-31"), la_codes=(), rows=0)
    out = indicators.waiting_times(found, month_ends=indicators.months(found, submissions=(sub,)), submissions=(sub,))
    assert _headline(out, "wait_assessment_median_days", "Apr 2023") == (10.0, None, 1.0)
    assert _headline(out, "wait_assessment_median_days", "2023/24 Q1") is None
