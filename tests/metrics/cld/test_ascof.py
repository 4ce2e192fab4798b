"""ASCOF 2A, 2B/2C, 2E and 3D from CLD, each rule of DHSC's 2024-25 scripts on a few events worked by hand, the
thresholds tried on both sides of their boundary (year 2024/25 unless said)."""

from __future__ import annotations

from datetime import date

import polars as pl
import pytest

from metrics.cld import ascof, indicators, spec
from metrics.core import periods

D = date.fromisoformat
YEAR_START, YEAR_END = D("2024-04-01"), D("2025-03-31")
USER = {"Client_Type": "Service user"}
STMAX = {"Service_Type": ascof.ST_MAX, **USER}
COMMUNITY = {"Service_Type": ascof.COMMUNITY, **USER}
PLANNED = {"Event_Outcome": "NFA: Support ended as planned"}


def events(*rows: dict) -> pl.DataFrame:
    """Events as the extract reader returns them: every kept field, dates typed."""
    filled = [{c: r.get(c) for c in spec.KEPT} for r in rows]
    schema = dict.fromkeys(spec.KEPT, pl.String) | dict.fromkeys(
        ("Event_Start_Date", "Event_End_Date", "Date_of_Death"), pl.Date
    )
    return pl.DataFrame(filled, schema=schema)


def ev(person, kind, start, end=None, born="1954-01", **more) -> dict:
    return {
        "LA_Person_Unique_Identifier": person,
        "Event_Type": kind,
        "Event_Start_Date": D(start),
        "Event_End_Date": D(end) if end else None,
        "Event_Reference": f"{person}-{kind}-{start}-{more.get('Service_Type')}",
        "Birth_Year_Month": born,
        **more,
    }


def sequels(*rows: dict) -> dict[str, str]:
    """{person: what followed} for each counted-or-not episode (one per person in these cases)."""
    found = ascof.reablement_episodes(events(*rows))
    return dict(found.select(ascof.PERSON, "_sequel").iter_rows())


# --- 2A ----------------------------------------------------------------------------------------------------------


def test_st_max_services_seven_days_apart_are_one_episode_and_eight_are_two():
    found = ascof.st_max_clusters(
        events(
            ev("A", "Service", "2024-05-01", "2024-05-10", **STMAX, **PLANNED),
            ev("A", "Service", "2024-05-17", "2024-05-31", **STMAX, **PLANNED),
            ev("B", "Service", "2024-05-01", "2024-05-10", **STMAX, **PLANNED),
            ev("B", "Service", "2024-05-18", "2024-05-31", **STMAX, **PLANNED),
        )
    )
    spans = sorted((p, s, e) for p, s, e in found.select(ascof.PERSON, "_start", "_end").iter_rows())
    assert spans == [
        ("A", D("2024-05-01"), D("2024-05-31")),
        ("B", D("2024-05-01"), D("2024-05-10")),
        ("B", D("2024-05-18"), D("2024-05-31")),
    ]


def test_an_episode_takes_the_outcome_of_its_latest_ending_part():
    found = ascof.st_max_clusters(
        events(
            ev("A", "Service", "2024-05-01", "2024-05-31", **STMAX, Event_Outcome="NFA: Other"),
            ev("A", "Service", "2024-05-03", "2024-05-20", **STMAX, Event_Outcome="Admitted to hospital"),
        )
    )
    assert found["_outcome"].to_list() == ["NFA: Other"]


def test_long_term_support_ending_90_days_before_makes_an_existing_client_and_91_a_new_one():
    got = sequels(
        ev("A", "Service", "2023-10-01", "2024-02-01", **COMMUNITY),  # 90 days before 1 May 2024
        ev("A", "Service", "2024-05-01", "2024-05-31", **STMAX, **PLANNED),
        ev("B", "Service", "2023-10-01", "2024-01-31", **COMMUNITY),  # 91 days before
        ev("B", "Service", "2024-05-01", "2024-05-31", **STMAX, **PLANNED),
        ev("C", "Service", "2023-10-01", None, **COMMUNITY),  # still open: existing
        ev("C", "Service", "2024-05-01", "2024-05-31", **STMAX, **PLANNED),
    )
    assert got == {"B": "NFA: Support ended as planned"}


def test_long_term_support_starting_within_seven_days_of_the_end_is_ongoing_support_and_eight_is_not():
    got = sequels(
        ev("A", "Service", "2024-06-01", "2024-06-30", **STMAX, **PLANNED),
        ev("A", "Service", "2024-07-07", None, **COMMUNITY),
        ev("B", "Service", "2024-06-01", "2024-06-30", **STMAX, **PLANNED),
        ev("B", "Service", "2024-07-08", None, **COMMUNITY),
        ev("C", "Service", "2024-06-01", "2024-06-30", **STMAX, **PLANNED),
        ev("C", "Service", "2024-07-02", "2024-09-01", Service_Type=ascof.LOW_LEVEL, **USER),
    )
    assert got == {
        "A": ascof.LONG_TERM_SEQUEL,
        "B": "NFA: Support ended as planned",
        "C": ascof.LOW_LEVEL_SEQUEL,
    }
    found = ascof.reablement_episodes(
        events(
            ev("A", "Service", "2024-06-01", "2024-06-30", **STMAX, **PLANNED),
            ev("A", "Service", "2024-07-07", None, **COMMUNITY),
            ev("C", "Service", "2024-06-01", "2024-06-30", **STMAX, **PLANNED),
        )
    )
    flags = {p: (c, n) for p, c, n in found.select(ascof.PERSON, "_counted", "_no_ongoing").iter_rows()}
    assert flags == {"A": (True, False), "C": (True, True)}


def test_a_death_within_seven_days_of_the_end_is_not_counted_and_a_death_before_it_began_drops_it():
    got = sequels(
        ev("A", "Service", "2024-06-01", "2024-06-30", **STMAX, **PLANNED, Date_of_Death=D("2024-07-07")),
        ev("B", "Service", "2024-06-01", "2024-06-30", **STMAX, **PLANNED, Date_of_Death=D("2024-07-08")),
        ev("C", "Service", "2024-06-01", "2024-06-30", **STMAX, **PLANNED, Date_of_Death=D("2024-05-31")),
    )
    assert got == {"A": "NFA: Deceased", "B": "NFA: Support ended as planned"}


def test_a_nested_review_ending_13_days_before_the_end_gives_its_outcome_and_14_does_not():
    ask = {"Event_Outcome": "Progress to assessment, review or reassessment"}
    advice = {"Event_Outcome": "NFA: Information and advice or signposting"}
    got = sequels(
        ev("A", "Service", "2024-06-01", "2024-06-30", **STMAX, **ask),
        ev("A", "Review", "2024-06-10", "2024-06-17", **USER, **advice),
        ev("B", "Service", "2024-06-01", "2024-06-30", **STMAX, **ask),
        ev("B", "Review", "2024-06-10", "2024-06-16", **USER, **advice),
    )
    assert got == {"A": "NFA: Information and advice or signposting", "B": "Unable to classify"}


def test_hospital_self_funding_and_unfinished_episodes_are_not_counted_and_under_18s_are_left_out():
    found = ascof.reablement_episodes(
        events(
            ev("A", "Service", "2024-06-01", "2024-06-30", **STMAX, Event_Outcome="Admitted to hospital"),
            ev("B", "Service", "2024-06-01", "2024-06-30", **STMAX, Event_Outcome=ascof.SELF_FUNDED),
            ev("C", "Service", "2024-06-01", None, **STMAX),
            ev("D", "Service", "2024-06-01", "2024-06-30", born="2010-01", **STMAX, **PLANNED),
            ev("E", "Service", "2024-06-01", "2024-06-30", Service_Type=ascof.ST_MAX, Client_Type="Carer", **PLANNED),
        )
    )
    assert dict(found.select(ascof.PERSON, "_counted").iter_rows()) == {"A": False, "B": False}


def test_the_monthly_2a_rows_count_episodes_by_the_month_they_ended():
    found = events(
        ev("R", "Request", "2024-06-01", "2024-06-01", **USER),
        ev("A", "Service", "2024-06-01", "2024-06-20", **STMAX, **PLANNED),
        ev(
            "B",
            "Service",
            "2024-06-01",
            "2024-06-21",
            **STMAX,
            Event_Outcome="Progress to support planning or services",
        ),
        ev("B", "Service", "2024-06-22", None, **COMMUNITY),
        ev("C", "Service", "2024-06-01", "2024-06-22", **STMAX, Event_Outcome="NFA: Deceased"),
        ev("E", "Service", "2024-06-03", None, **STMAX),
    )
    out = indicators.short_term_support(found, month_ends=indicators.months(found))
    row = out.filter(
        (pl.col("indicator_id") == "reablement_no_ongoing_pct")
        & (pl.col("period") == "Jun 2024")
        & pl.col("breakdown_dim").is_null()
    ).row(0, named=True)
    assert (row["numerator"], row["denominator"], row["value"]) == (1.0, 2.0, 50.0)


# --- 2B and 2C ---------------------------------------------------------------------------------------------------

HOME = {"Service_Type": ascof.RESIDENTIAL, "Service_Component": "Residential care", **USER}


def admitted(*rows: dict) -> dict[str, str]:
    found = ascof.new_admissions(events(*rows), start=YEAR_START, end=YEAR_END)
    return dict(found.select(ascof.PERSON, "_band").iter_rows())


def test_an_earlier_stay_ending_364_days_before_makes_an_admission_not_new_and_365_new():
    assert admitted(
        ev("A", "Service", "2023-01-01", "2023-06-03", **HOME),
        ev("A", "Service", "2024-06-01", None, **HOME),
        ev("B", "Service", "2023-01-01", "2023-06-02", **HOME),
        ev("B", "Service", "2024-06-01", None, **HOME),
        ev("C", "Service", "2024-03-31", None, **HOME),  # began before the year
    ) == {"B": "65+"}


def test_a_self_funded_stay_is_no_admission_but_still_makes_a_later_one_not_new():
    assert (
        admitted(
            ev("A", "Service", "2024-05-01", "2024-08-30", **HOME, Event_Outcome=ascof.SELF_FUNDED),
            ev("A", "Service", "2024-09-01", None, **HOME),
        )
        == {}
    )


def test_age_is_taken_at_admission_and_a_person_is_counted_once_in_the_younger_band():
    assert admitted(
        ev("A", "Service", "2024-04-30", None, born="1959-05", **HOME),  # 64 years and 364 days
        ev("B", "Service", "2024-05-01", None, born="1959-05", **HOME),  # 65
        ev(
            "C",
            "Service",
            "2024-06-01",
            None,
            born="1960-01",
            **(HOME | {"Service_Component": "Short term residential"}),
        ),
        ev("E", "Service", "2024-06-01", None, **HOME),
        ev("E", "Service", "2024-06-01", None, **(HOME | {"Service_Type": ascof.NURSING})),  # the same day: once
    ) == {"A": "18-64", "B": "65+", "E": "65+"}


def test_admission_rates_per_100000_over_the_nearest_population():
    found = events(
        ev("A", "Service", "2024-06-01", None, **HOME),
        ev("B", "Service", "2024-07-01", None, born="1980-01", **HOME),
    )
    population = pl.DataFrame(
        {"area_code": ["X", "X"], "age_band": ["65+", "18-64"], "population": [40_000, 200_000], "year": [2020, 2020]}
    )
    year = indicators.whole_years(
        [D(f"2025-{m:02d}-01") for m in (1, 2, 3)] + [D(f"2024-{m:02d}-01") for m in range(4, 13)]
    )
    out = indicators.admission_rates(found, years=year, population=population, area_code="X")
    got = {r["indicator_id"]: (r["period"], r["value"], r["numerator"]) for r in out.iter_rows(named=True)}
    assert got == {"admissions_65_rate": ("2024/25", 2.5, 1.0), "admissions_18_64_rate": ("2024/25", 0.5, 1.0)}


# --- 2E ----------------------------------------------------------------------------------------------------------

LD = {"Primary_Support_Reason": ascof.LEARNING_DISABILITY}


def at_home(*rows: dict) -> dict[str, bool]:
    found = ascof.learning_disability_at_home(events(*rows), start=YEAR_START, end=YEAR_END)
    return dict(found.select(ascof.PERSON, "_at_home").iter_rows())


def test_adults_with_a_learning_disability_at_home_or_not():
    assert at_home(
        ev("A", "Service", "2020-01-01", None, born="1985-06", **COMMUNITY, **LD, Accommodation_Status="Tenant"),
        ev(
            "B",
            "Service",
            "2020-01-01",
            None,
            born="1985-06",
            **COMMUNITY,
            **LD,
            Accommodation_Status="Registered care home",
        ),
        ev(
            "C",
            "Service",
            "2020-01-01",
            None,
            born="1985-06",
            **COMMUNITY,
            Primary_Support_Reason="Mental health support",
        ),
    ) == {"A": True, "B": False}


def test_support_ending_the_day_before_the_year_is_out_and_on_its_first_day_in():
    assert at_home(
        ev(
            "A", "Service", "2020-01-01", "2024-03-31", born="1985-06", **COMMUNITY, **LD, Accommodation_Status="Tenant"
        ),
        ev(
            "B", "Service", "2020-01-01", "2024-04-01", born="1985-06", **COMMUNITY, **LD, Accommodation_Status="Tenant"
        ),
    ) == {"B": True}


def test_age_is_taken_on_the_last_day_of_support_in_the_year():
    assert at_home(
        ev("A", "Service", "2020-01-01", None, born="1960-03", **COMMUNITY, **LD, Accommodation_Status="Tenant"),
        ev(
            "B", "Service", "2020-01-01", "2025-02-28", born="1960-03", **COMMUNITY, **LD, Accommodation_Status="Tenant"
        ),
    ) == {"B": True}


def test_an_unknown_status_is_read_from_the_latest_service():
    assert at_home(
        ev("A", "Service", "2020-01-01", None, born="1985-06", **COMMUNITY, **LD, Service_Component="Home support"),
        ev("B", "Service", "2020-01-01", None, born="1985-06", **COMMUNITY, **LD, Accommodation_Status="Unknown"),
        ev("B", "Service", "2020-01-01", None, born="1985-06", **HOME, **LD, Accommodation_Status="Unknown"),
    ) == {"A": True, "B": False}


def test_two_statuses_on_equal_footing_make_unknown():
    found = ascof.learning_disability_at_home(
        events(
            ev("A", "Service", "2020-01-01", None, born="1985-06", **COMMUNITY, **LD, Accommodation_Status="Tenant"),
            ev("A", "Review", "2020-01-01", None, born="1985-06", **USER, **LD, Accommodation_Status="Refuge"),
            ev("B", "Service", "2020-01-01", None, born="1985-06", **COMMUNITY, **LD, Accommodation_Status="Tenant"),
            ev("B", "Review", "2019-01-01", None, born="1985-06", **USER, **LD, Accommodation_Status="Refuge"),
        ),
        start=YEAR_START,
        end=YEAR_END,
    )
    # A's two statuses tie on end and start: unknown, then read from the community service (presumed in community)
    assert dict(found.select(ascof.PERSON, "_status").iter_rows()) == {
        "A": "Unknown - presumed in community",
        "B": "Tenant",
    }


# --- 3D ----------------------------------------------------------------------------------------------------------


def clients(*rows: dict) -> dict[str, tuple[bool, bool]]:
    found = ascof.self_directed_clients(events(*rows), on=YEAR_END)
    return {p: (s, d) for p, s, d in found.select(ascof.PERSON, "_self_directed", "_direct_payment").iter_rows()}


def test_community_clients_on_the_last_day_by_how_their_support_is_delivered():
    assert clients(
        ev("A", "Service", "2024-01-01", None, **COMMUNITY, Delivery_Mechanism=ascof.DIRECT_PAYMENT),
        ev("B", "Service", "2024-01-01", "2025-03-31", **COMMUNITY, Delivery_Mechanism=ascof.MANAGED_BUDGET),
        ev("C", "Service", "2024-01-01", "2025-03-30", **COMMUNITY, Delivery_Mechanism=ascof.MANAGED_BUDGET),
        ev("D", "Service", "2024-01-01", None, **COMMUNITY, Service_Component="Direct payment"),
        ev("E", "Service", "2024-01-01", None, **COMMUNITY, Delivery_Mechanism=ascof.COMMISSIONED),
        ev("F", "Service", "2024-01-01", None, **HOME),
        ev("F", "Service", "2024-01-01", None, **COMMUNITY, Delivery_Mechanism=ascof.DIRECT_PAYMENT),
        ev(
            "G",
            "Service",
            "2024-01-01",
            None,
            **COMMUNITY,
            Delivery_Mechanism=ascof.DIRECT_PAYMENT,
            Date_of_Death=D("2025-03-30"),
        ),
        ev("H", "Service", "2024-01-01", None, **COMMUNITY),
    ) == {
        "A": (True, True),
        "B": (True, False),
        "D": (True, True),
        "E": (False, False),
        "H": (False, False),
    }


def carers(*rows: dict) -> dict[str, tuple[bool, bool]]:
    found = ascof.self_directed_carers(events(*rows), start=YEAR_START, end=YEAR_END)
    return {p: (s, d) for p, s, d in found.select(ascof.PERSON, "_self_directed", "_direct_payment").iter_rows()}


CARER = {"Client_Type": "Carer"}
DIRECT = {"Service_Type": ascof.DIRECT_TO_CARER, **CARER}


def test_carers_supported_directly_in_the_year_by_how_it_was_delivered():
    assert carers(
        ev("A", "Service", "2024-06-01", "2024-06-30", **DIRECT, Delivery_Mechanism=ascof.DIRECT_PAYMENT),
        ev("A", "Assessment", "2024-05-01", "2024-05-10", **CARER),
        ev("B", "Service", "2024-01-01", "2024-04-01", **DIRECT, Delivery_Mechanism=ascof.COMMISSIONED),
        ev("C", "Service", "2024-01-01", "2024-03-31", **DIRECT, Delivery_Mechanism=ascof.COMMISSIONED),
        ev("D", "Assessment", "2024-05-01", "2024-05-10", **CARER, Event_Outcome=ascof.ADVICE),
        ev("E", "Service", "2024-06-01", None, **DIRECT, Delivery_Mechanism=ascof.MANAGED_BUDGET),
        ev("F", "Service", "2024-06-01", None, Service_Type=ascof.INVOLVING_CARED_FOR, **CARER),
    ) == {"A": (True, True), "B": (False, False), "E": (True, False)}


def test_carers_supported_are_each_counted_once_in_their_best_support_as_salt_lts003():
    rows = (
        # A: a direct payment beats the assessment that came before it
        ev("A", "Service", "2024-06-01", "2024-06-30", **DIRECT, Delivery_Mechanism=ascof.DIRECT_PAYMENT),
        ev("A", "Assessment", "2024-05-01", "2024-05-10", **CARER),
        # B: commissioned support ending on the year's first day is in it
        ev("B", "Service", "2024-01-01", "2024-04-01", **DIRECT, Delivery_Mechanism=ascof.COMMISSIONED),
        # C: ended the day before the year began: not supported in it
        ev("C", "Service", "2024-01-01", "2024-03-31", **DIRECT, Delivery_Mechanism=ascof.COMMISSIONED),
        # D: an assessment that ended in information and advice
        ev("D", "Assessment", "2024-05-01", "2024-05-10", born="2010-02", **CARER, Event_Outcome=ascof.ADVICE),
        # E: direct support with no delivery recorded
        ev("E", "Service", "2024-06-01", None, born=None, **DIRECT),
        # F: support involving the person cared for is no direct support to the carer
        ev("F", "Service", "2024-06-01", None, born="1935-01", Service_Type=ascof.INVOLVING_CARED_FOR, **CARER),
        # G: a request answered with advice only; H: a request with any other outcome is not support
        ev("G", "Request", "2024-07-01", "2024-07-01", **CARER, Event_Outcome=ascof.ADVICE),
        ev("H", "Request", "2024-07-01", "2024-07-01", **CARER, Event_Outcome="NFA: Other"),
        # I: a carer known by association, who died before the year began
        ev("I", "Review", "2024-01-01", None, Client_Type="Carer known by association", Date_of_Death=D("2024-03-31")),
        # S: a service user's direct payment is not a carer's
        ev("S", "Service", "2024-06-01", None, **COMMUNITY, Delivery_Mechanism=ascof.DIRECT_PAYMENT),
    )
    found = ascof.carers_by_support(events(*rows), start=YEAR_START, end=YEAR_END)
    assert dict(found.select(ascof.PERSON, "_support").iter_rows()) == {
        "A": "Direct payment only",
        "B": "Council-commissioned support only",
        "D": "Information, advice and other universal services",
        "E": "Direct support, delivery not recorded",
        "F": "No direct support to the carer",
        "G": "Information, advice and other universal services",
    }
    year = periods.financial_year(2024)
    published = indicators.yearly_ascof(events(*rows), years=[year]).filter(
        pl.col("indicator_id") == "carers_supported"
    )
    by = {(r["breakdown_dim"], r["breakdown_cat"]): r["value"] for r in published.iter_rows(named=True)}
    assert by[(None, None)] == 6  # under-18 carers count too (D, born 2010), as in LTS003
    assert by[("support provided", "Information, advice and other universal services")] == 2
    # age at 31 March 2025 from the month of birth: D 15, E unknown, F 90, the rest 71
    assert by[("age band", "Under 18")] == 1 and by[("age band", "Unknown")] == 1 and by[("age band", "85+")] == 1
    assert by[("age band", "65-84")] == 3


def test_lts003_age_groups_change_on_their_boundaries():
    ages = pl.DataFrame({"age": [None, 17, 18, 25, 26, 64, 65, 84, 85]}, schema={"age": pl.Int32})
    assert ages.select(ascof.carer_age_band(pl.col("age")).alias("band"))["band"].to_list() == [
        "Unknown",
        "Under 18",
        "18-25",
        "18-25",
        "26-64",
        "26-64",
        "65-84",
        "65-84",
        "85+",
    ]


def test_unpaid_carers_assessments_are_counted_by_the_month_they_were_completed():
    rows = events(
        ev("A", "Assessment", "2024-05-01", "2024-05-10", **CARER, Assessment_Type="Unpaid carer assessment"),
        ev("B", "Assessment", "2024-05-20", "2024-06-02", **CARER, Assessment_Type="Unpaid carer assessment"),
        ev("C", "Assessment", "2024-05-01", None, **CARER, Assessment_Type="Unpaid carer assessment"),
        ev("U", "Assessment", "2024-05-01", "2024-05-09", **USER, Assessment_Type="Long Term Support"),
    )
    ends = [D("2024-05-31"), D("2024-06-30")]
    found = indicators.assessments(rows, month_ends=ends).filter(
        (pl.col("indicator_id") == "carer_assessments_completed") & pl.col("breakdown_dim").is_null()
    )
    assert dict(found.select("period", "value").iter_rows()) == {"May 2024": 1.0, "Jun 2024": 1.0}
    # an extract with no carer's assessment at all publishes no series of noughts
    users_only = indicators.assessments(rows.filter(pl.col("Client_Type") == "Service user"), month_ends=ends)
    assert "carer_assessments_completed" not in users_only["indicator_id"].to_list()


def test_yearly_measures_are_made_only_where_the_extract_fills_their_field():
    rows = (
        ev("R", "Request", "2024-04-01", "2024-04-01", **USER),
        ev("A", "Service", "2024-01-01", None, born="1985-06", **COMMUNITY, **LD),
    )
    year = [periods.financial_year(2024)]
    assert indicators.yearly_ascof(events(*rows), years=year).height == 0
    filled = events(*rows, ev("B", "Service", "2024-01-01", None, **COMMUNITY, Delivery_Mechanism=ascof.DIRECT_PAYMENT))
    got = {r["indicator_id"]: r["value"] for r in indicators.yearly_ascof(filled, years=year).iter_rows(named=True)}
    assert got == {"sds_pct": 50.0, "direct_payments_pct": 50.0}


@pytest.mark.parametrize("status", ascof.AT_HOME[:-1] + ascof.NOT_AT_HOME[:-1])
def test_every_listed_accommodation_status_is_on_the_defined_list(status):
    assert spec.squash(status) in spec.allowed_values("Accommodation_Status")
