"""The indicator registry: one frozen record per indicator.

Tooltips, chart subtitles, the About page and every export read the same
record, so a definition is written once. Lookups go through :func:`get`.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from metrics.core.errors import UnknownIndicatorError

# Units. The validator uses them: percentages must lie in 0-100, counts must
# be whole and not negative.
COUNT = "count"
PERCENT = "percent"
RATE_100K = "rate per 100,000"
DAYS = "days"
CASES = "cases per worker"
SCORE = "score"
UNITS = (COUNT, PERCENT, RATE_100K, DAYS, CASES, SCORE)

HIGHER = "higher is better"
LOWER = "lower is better"
NEUTRAL = "neutral"
DIRECTIONS = (HIGHER, LOWER, NEUTRAL)

#: Domains in the order pages and the overview show them: id -> title.
DOMAINS: dict[str, str] = {
    "demand": "Demand",
    "reviews": "Reviews",
    "reablement": "Reablement",
    "long_term_support": "Long-term support",
    "care_market": "Care market quality",
    "workforce": "Workforce",
    "safeguarding": "Safeguarding",
    "complaints": "Complaints and commendations",
    "outcomes": "Outcomes and experience",
}

LEICESTER_Q1 = "Leicester City Council, ASC Performance Report 2023/24 Q1 (001_be4c17604381657f.txt, Appendix C)"
LEICS_SA = "Leicestershire County Council, ASC Self-Assessment 2023 (000_53a497653d218a9d.txt)"
ASCOF = "NHS England / DHSC, Adult Social Care Outcomes Framework"
ASCS = "NHS England / DHSC, Adult Social Care Outcomes Framework (Adult Social Care Survey)"
CLD = "Computed from the council's Client Level Data (CLD) extract, DHSC CLD specification"
SACE = "NHS England / DHSC, Adult Social Care Outcomes Framework (Survey of Adult Carers in England)"


@dataclass(frozen=True)
class Indicator:
    """What an indicator means. Values live in the values table, keyed by ``id``."""

    id: str
    title: str
    domain: str
    unit: str
    direction: str
    definition: str
    source: str
    frequency: str
    numerator: str = ""
    denominator: str = ""
    national_ref: str = ""
    target: float | None = None
    target_text: str = ""
    headline: bool = False
    cumulative: bool = False  # a count of events that adds up over a year, so a year end can be projected

    @property
    def is_count(self) -> bool:
        return self.unit == COUNT

    @property
    def domain_title(self) -> str:
        return DOMAINS[self.domain]


INDICATORS: tuple[Indicator, ...] = (
    # --- Demand ---------------------------------------------------------------
    Indicator(
        "contacts_new",
        "New contacts",
        "demand",
        COUNT,
        NEUTRAL,
        "New contacts created about people not already open to adult social care. Includes safeguarding, "
        "DoLS and Blue Badge renewals; excludes contacts relating to existing cases.",
        LEICESTER_Q1,
        "quarterly",
        headline=True,
    ),
    Indicator(
        "requests_new",
        "Requests for support from new people",
        "demand",
        COUNT,
        NEUTRAL,
        "Formal requests for support received from people new to adult social care.",
        LEICESTER_Q1,
        "quarterly",
        national_ref="SALT STS001",
    ),
    Indicator(
        "requests_all",
        "Requests for support",
        "demand",
        COUNT,
        NEUTRAL,
        "Every request for adult social care support received in the period, from new people and from people "
        "already known (CLD event type 'Request').",
        CLD,
        "monthly",
        national_ref="CLD requests",
    ),
    Indicator(
        "assessments_completed",
        "Assessments completed",
        "demand",
        COUNT,
        NEUTRAL,
        "Care Act needs assessments completed in the period.",
        LEICESTER_Q1,
        "annual",
    ),
    Indicator(
        "assessments_eligible",
        "Assessments finding eligible needs",
        "demand",
        COUNT,
        NEUTRAL,
        "Completed assessments that found eligible needs under the Care Act.",
        LEICESTER_Q1,
        "annual",
    ),
    Indicator(
        "assessments_eligible_pct",
        "Assessments finding eligible needs (%)",
        "demand",
        PERCENT,
        NEUTRAL,
        "Share of completed assessments that found eligible needs. A low share can mean assessment capacity "
        "spent where no eligible need is found.",
        LEICESTER_Q1,
        "annual",
        numerator="assessments finding eligible needs",
        denominator="assessments completed",
        headline=True,
    ),
    Indicator(
        "assessment_wait_28d_pct",
        "Waiting over 28 days for assessment (%)",
        "demand",
        PERCENT,
        LOWER,
        "Share of people awaiting assessment who had waited more than 28 days to be allocated. "
        "The council aims to complete assessments within 28 days.",
        LEICS_SA,
        "monthly",
        headline=True,
    ),
    Indicator(
        "assessment_wait_6m_pct",
        "Waiting over 6 months for assessment (%)",
        "demand",
        PERCENT,
        LOWER,
        "Share of people awaiting assessment who had waited more than 6 months to be allocated.",
        LEICS_SA,
        "monthly",
    ),
    Indicator(
        "wait_assessment_median_days",
        "Median wait from request to first assessment (days)",
        "demand",
        DAYS,
        LOWER,
        "Median days from a request for support by someone new to adult social care to the start of "
        "their first needs assessment, by the month the assessment started (DHSC CLD waiting-times method).",
        CLD,
        "monthly",
        national_ref="DHSC CLD waiting times v1.0",
    ),
    Indicator(
        "wait_service_median_days",
        "Median wait from request to first service (days)",
        "demand",
        DAYS,
        LOWER,
        "Median days from a request for support by someone new to adult social care to the start of their "
        "first service, by the month the service started (DHSC CLD waiting-times method).",
        CLD,
        "monthly",
        national_ref="DHSC CLD waiting times v1.0",
    ),
    Indicator(
        "people_waiting_assessment",
        "People waiting for an assessment",
        "demand",
        COUNT,
        LOWER,
        "People new to adult social care whose request went on to an assessment that had not started by the month end.",
        CLD,
        "monthly",
        national_ref="DHSC CLD waiting times v1.0",
    ),
    # --- Reviews --------------------------------------------------------------
    Indicator(
        "reviews_completed",
        "Reviews completed",
        "reviews",
        COUNT,
        HIGHER,
        "Reviews of care and support plans completed in the period (a person may have more than one).",
        LEICESTER_Q1,
        "annual",
    ),
    Indicator(
        "people_reviewed",
        "People reviewed",
        "reviews",
        COUNT,
        HIGHER,
        "Distinct people whose care and support plan was reviewed in the period.",
        LEICESTER_Q1,
        "annual",
    ),
    Indicator(
        "people_eligible_review",
        "People eligible for review",
        "reviews",
        COUNT,
        NEUTRAL,
        "People in receipt of long-term support who were due a review in the period.",
        LEICESTER_Q1,
        "annual",
    ),
    Indicator(
        "reviews_overdue_24m",
        "People not reviewed for 24 months or more",
        "reviews",
        COUNT,
        LOWER,
        "People in receipt of a service who have not had a review for 24 months or more since their last "
        "review, counted at the snapshot date. The Care Act expects a review at least every 12 months.",
        LEICESTER_Q1,
        "monthly",
        headline=True,
    ),
    Indicator(
        "reviews_overdue_12m",
        "People not reviewed for 12 months or more",
        "reviews",
        COUNT,
        LOWER,
        "People in receipt of a service who have not had a review for 12 months or more since their last "
        "review (overdue under the Care Act), counted at the snapshot date.",
        LEICESTER_Q1,
        "monthly",
    ),
    Indicator(
        "reviews_coverage_pct",
        "Long-term clients reviewed in the last 12 months (%)",
        "reviews",
        PERCENT,
        HIGHER,
        "People who had received long-term support for at least a year who were reviewed in the past 12 months.",
        LEICS_SA,
        "annual",
        numerator="people reviewed in the past 12 months",
        denominator="people in long-term support for 12 months or more",
        headline=True,
    ),
    Indicator(
        "caseload_average",
        "Average caseload per worker",
        "reviews",
        CASES,
        LOWER,
        "Average open cases held per worker, by service. The benchmark used by the council is 12 "
        "(15 in some services).",
        LEICS_SA,
        "monthly",
        target=12.0,
        target_text="benchmark 12/15 cases",
    ),
    # --- Reablement -----------------------------------------------------------
    Indicator(
        "reablement_91day",
        "Older people at home 91 days after reablement (%)",
        "reablement",
        PERCENT,
        HIGHER,
        "Proportion of older people (65 and over) who were still at home 91 days after discharge from hospital "
        "into reablement or rehabilitation services (ASCOF definition: discharges in October to December only).",
        ASCOF,
        "annual",
        numerator="people at home 91 days after discharge",
        denominator="people discharged into reablement",
        national_ref="ASCOF 2B(1); 2D(1) from 2023-24",
        headline=True,
    ),
    Indicator(
        "reablement_no_ongoing_pct",
        "Reablement with no ongoing support needed (%)",
        "reablement",
        PERCENT,
        HIGHER,
        "Proportion of people who received short-term support to maximise independence (reablement) "
        "who then needed no ongoing support, or support of a lower level.",
        ASCOF,
        "annual",
        national_ref="ASCOF 2D; 2A from 2023-24",
        headline=True,
    ),
    Indicator(
        "reablement_offered_pct",
        "Older people offered reablement after hospital (%)",
        "reablement",
        PERCENT,
        HIGHER,
        "Proportion of older people (65 and over) offered reablement or rehabilitation services following "
        "discharge from hospital.",
        ASCOF,
        "annual",
        national_ref="ASCOF 2B(2); 2D(2) from 2023-24",
    ),
    Indicator(
        "st_max_completed",
        "Short-term support (ST-Max) episodes completed",
        "reablement",
        COUNT,
        NEUTRAL,
        "Episodes of short-term support to maximise independence (reablement) that ended in the period (CLD "
        "service type 'Short term support: ST-Max').",
        CLD,
        "monthly",
        national_ref="CLD services",
    ),
    Indicator(
        "hart_service_users",
        "People supported by reablement (HART)",
        "reablement",
        COUNT,
        NEUTRAL,
        "People supported by the Homecare Assessment and Reablement Team in the year.",
        LEICS_SA,
        "annual",
    ),
    # --- Long-term support ----------------------------------------------------
    Indicator(
        "people_long_term_support",
        "People in long-term support",
        "long_term_support",
        COUNT,
        NEUTRAL,
        "People with a long-term support service open at the snapshot date (CLD service type 'Long term "
        "support: …'), counted once each.",
        CLD,
        "monthly",
    ),
    Indicator(
        "lts_new_from_requests",
        "New long-term support after a request",
        "long_term_support",
        COUNT,
        NEUTRAL,
        "New people going directly into long-term support following a request for support.",
        LEICESTER_Q1,
        "annual",
    ),
    Indicator(
        "lts_new_pct_requests",
        "Requests leading to long-term support (%)",
        "long_term_support",
        PERCENT,
        NEUTRAL,
        "New people going directly into long-term support, as a share of all requests for support.",
        LEICESTER_Q1,
        "annual",
        numerator="new people into long-term support",
        denominator="requests for support from new people",
    ),
    Indicator(
        "admissions_permanent",
        "Permanent admissions to residential and nursing care",
        "long_term_support",
        COUNT,
        LOWER,
        "New permanent admissions to residential and nursing care homes, all ages, including "
        "self-funders whose funds have depleted.",
        LEICESTER_Q1,
        "annual",
        headline=True,
    ),
    Indicator(
        "admissions_permanent_excl_selffunders",
        "Permanent admissions, excluding depleted self-funders",
        "long_term_support",
        COUNT,
        LOWER,
        "New permanent admissions to residential and nursing care, excluding self-funders whose funds have depleted.",
        LEICESTER_Q1,
        "annual",
    ),
    Indicator(
        "admissions_65_rate",
        "Care home admissions, aged 65+, per 100,000",
        "long_term_support",
        RATE_100K,
        LOWER,
        "Long-term support needs of older adults (65 and over) met by admission to residential and nursing "
        "care homes, per 100,000 population.",
        ASCOF,
        "annual",
        national_ref="ASCOF 2A(2); 2C from 2023-24",
        headline=True,
    ),
    Indicator(
        "admissions_18_64_rate",
        "Care home admissions, aged 18-64, per 100,000",
        "long_term_support",
        RATE_100K,
        LOWER,
        "Long-term support needs of younger adults (18 to 64) met by admission to residential and "
        "nursing care homes, per 100,000 population.",
        ASCOF,
        "annual",
        national_ref="ASCOF 2A(1); 2B from 2023-24",
    ),
    Indicator(
        "admissions_65_count",
        "Older people permanently placed in care homes",
        "long_term_support",
        COUNT,
        LOWER,
        "Older adults (65 and over) permanently placed in residential care homes in the year.",
        LEICS_SA,
        "annual",
    ),
    Indicator(
        "ltc_care_home_pct_18_64",
        "Long-term clients aged 18-64 in care homes (%)",
        "long_term_support",
        PERCENT,
        LOWER,
        "People aged 18 to 64 in receipt of long-term services who were in a care home placement.",
        LEICS_SA,
        "annual",
    ),
    Indicator(
        "ltc_care_home_pct_65",
        "Long-term clients aged 65+ in care homes (%)",
        "long_term_support",
        PERCENT,
        LOWER,
        "People aged 65 and over in receipt of long-term services who were in a residential or nursing placement.",
        LEICS_SA,
        "annual",
    ),
    Indicator(
        "direct_payments_pct",
        "Service users receiving direct payments (%)",
        "long_term_support",
        PERCENT,
        HIGHER,
        "Proportion of people who use services who receive direct payments.",
        ASCOF,
        "annual",
        national_ref="ASCOF 1C(2A)",
    ),
    Indicator(
        "sds_pct",
        "Service users receiving self-directed support (%)",
        "long_term_support",
        PERCENT,
        HIGHER,
        "Proportion of people who use services who receive self-directed support.",
        ASCOF,
        "annual",
        national_ref="ASCOF 1C(1A)",
    ),
    Indicator(
        "carers_sds_pct",
        "Carers receiving self-directed support (%)",
        "long_term_support",
        PERCENT,
        HIGHER,
        "Proportion of carers who receive self-directed support (personal budgets).",
        ASCOF,
        "annual",
        national_ref="ASCOF 1C(1B)",
    ),
    Indicator(
        "carers_dp_pct",
        "Carers receiving direct payments (%)",
        "long_term_support",
        PERCENT,
        HIGHER,
        "Proportion of carers who receive direct payments.",
        ASCOF,
        "annual",
        national_ref="ASCOF 1C(2B)",
    ),
    # --- Care market quality --------------------------------------------------
    Indicator(
        "lts_provider_good_pct",
        "People in long-term support with a good or outstanding provider (%)",
        "care_market",
        PERCENT,
        HIGHER,
        "Of people in long-term support whose provider's CQC location has an overall rating, the share rated "
        "good or outstanding, at the extract's last month end (the provider's CQC location ID in the CLD "
        "record, joined to the CQC directory).",
        CLD,
        "monthly",
        numerator="people with a provider rated good or outstanding",
        denominator="people with a rated provider",
    ),
    Indicator(
        "cqc_good_outstanding_pct",
        "Providers rated good or outstanding by CQC (%)",
        "care_market",
        PERCENT,
        HIGHER,
        "Share of registered care providers in the area rated 'good' or 'outstanding' overall by the "
        "Care Quality Commission, by service type.",
        LEICS_SA,
        "snapshot",
        headline=True,
    ),
    Indicator(
        "residential_good_outstanding_pct",
        "Residential care providers rated good or outstanding (%)",
        "care_market",
        PERCENT,
        HIGHER,
        "Proportion of residential care providers (care homes) in the area rated "
        "'good' or 'outstanding' by the Care Quality Commission.",
        ASCOF,
        "annual",
        national_ref="ASCOF 6B",
    ),
    Indicator(
        "qaf_compliance_pct",
        "Providers compliant with the Quality Assurance Framework (%)",
        "care_market",
        PERCENT,
        HIGHER,
        "Proportion of contracted providers found compliant at their most recent QAF assessment "
        "or re-assessment, by service type.",
        LEICESTER_Q1,
        "monthly",
        headline=True,
    ),
    Indicator(
        "qaf_assessed_pct",
        "Contracted providers assessed under the QAF (%)",
        "care_market",
        PERCENT,
        HIGHER,
        "Share of contracted providers that have had a QAF assessment, by service type.",
        LEICESTER_Q1,
        "monthly",
        numerator="providers assessed",
        denominator="contracted providers",
    ),
    # --- Workforce ------------------------------------------------------------
    Indicator(
        "sickness_days_lost",
        "Average days lost to sickness",
        "workforce",
        DAYS,
        LOWER,
        "Average working days lost to sickness absence per employee, by division, as reported each quarter.",
        LEICESTER_Q1,
        "quarterly",
        headline=True,
    ),
    Indicator(
        "vacancy_rate_pct",
        "Care workforce vacancy rate (%)",
        "workforce",
        PERCENT,
        LOWER,
        "Vacancies as a share of all posts across the adult social care workforce in the area (Skills for Care).",
        LEICS_SA,
        "annual",
    ),
    Indicator(
        "staff_leavers_pct",
        "Care staff leaving their role in the year (%)",
        "workforce",
        PERCENT,
        LOWER,
        "Proportion of staff in the adult social care sector in the area who left their role in the year "
        "(Skills for Care Adult Social Care Workforce Data Set).",
        ASCOF,
        "annual",
        national_ref="ASCOF 6A",
    ),
    Indicator(
        "turnover_rate_pct",
        "Care workforce turnover rate (%)",
        "workforce",
        PERCENT,
        LOWER,
        "Leavers in the year as a share of staff across the adult social care workforce in the area (Skills for Care).",
        LEICS_SA,
        "annual",
        headline=True,
    ),
    # --- Safeguarding ---------------------------------------------------------
    Indicator(
        "safeguarding_alerts",
        "Safeguarding alerts received",
        "safeguarding",
        COUNT,
        NEUTRAL,
        "Safeguarding concerns (alerts) received by the council.",
        LEICS_SA,
        "annual",
    ),
    Indicator(
        "safeguarding_enquiries",
        "Safeguarding enquiries started",
        "safeguarding",
        COUNT,
        NEUTRAL,
        "Safeguarding alerts that met the threshold for an enquiry (section 42 and other enquiries started).",
        LEICESTER_Q1,
        "annual",
        headline=True,
    ),
    Indicator(
        "safeguarding_enquiries_closed",
        "Safeguarding enquiries concluded",
        "safeguarding",
        COUNT,
        NEUTRAL,
        "Safeguarding enquiries concluded in the period.",
        LEICS_SA,
        "annual",
    ),
    Indicator(
        "msp_fully_achieved_pct",
        "Desired outcomes fully achieved (MSP, %)",
        "safeguarding",
        PERCENT,
        HIGHER,
        "Of people in a safeguarding enquiry who expressed their desired outcomes (Making Safeguarding Personal), "
        "the share whose outcomes were fully achieved.",
        LEICESTER_Q1,
        "annual",
        numerator="people whose outcomes were fully achieved",
        denominator="people who expressed outcomes",
        headline=True,
    ),
    Indicator(
        "msp_asked_pct",
        "Asked for and expressed desired outcomes (MSP, %)",
        "safeguarding",
        PERCENT,
        HIGHER,
        "Share of people in a safeguarding enquiry who were asked for and expressed their desired outcomes.",
        LEICS_SA,
        "annual",
    ),
    Indicator(
        "msp_achieved_pct",
        "Desired outcomes fully or partially achieved (MSP, %)",
        "safeguarding",
        PERCENT,
        HIGHER,
        "Of people who expressed desired outcomes, the share whose outcomes were fully or partially achieved.",
        LEICS_SA,
        "annual",
    ),
    Indicator(
        "feel_safe_services_pct",
        "Services helped people feel safe (%)",
        "safeguarding",
        PERCENT,
        HIGHER,
        "Proportion of people who use services who say those services have made them feel safe and secure "
        "(Adult Social Care Survey).",
        ASCOF,
        "annual",
        national_ref="ASCOF 4B",
    ),
    Indicator(
        "feel_safe_pct",
        "People who use services who feel safe (%)",
        "safeguarding",
        PERCENT,
        HIGHER,
        "Proportion of people who use services who feel safe (Adult Social Care Survey).",
        ASCS,
        "annual",
        national_ref="ASCOF 4A",
    ),
    Indicator(
        "safeguarding_enquiries_rate",
        "Safeguarding enquiries per 100,000 adults",
        "safeguarding",
        RATE_100K,
        NEUTRAL,
        "Safeguarding enquiries started in the year per 100,000 residents aged 18 and over. Worked out "
        "here from the published count and the ONS mid-2020 population estimate.",
        LEICESTER_Q1,
        "annual",
        numerator="safeguarding enquiries started",
        denominator="residents aged 18 and over (ONS mid-2020)",
    ),
    Indicator(
        "dols_referrals",
        "DoLS referrals received",
        "safeguarding",
        COUNT,
        NEUTRAL,
        "Deprivation of Liberty Safeguards applications received.",
        LEICS_SA,
        "quarterly",
    ),
    Indicator(
        "dols_live",
        "Live DoLS authorisations",
        "safeguarding",
        COUNT,
        NEUTRAL,
        "Deprivation of Liberty Safeguards authorisations in force at the snapshot date.",
        LEICS_SA,
        "snapshot",
    ),
    Indicator(
        "dols_awaiting_allocation",
        "DoLS referrals awaiting allocation",
        "safeguarding",
        COUNT,
        LOWER,
        "Deprivation of Liberty Safeguards referrals not yet allocated at the snapshot date.",
        LEICS_SA,
        "snapshot",
    ),
    # --- Complaints and commendations ----------------------------------------
    Indicator(
        "complaints_total",
        "Complaints received",
        "complaints",
        COUNT,
        LOWER,
        "Statutory adult social care complaints received.",
        LEICESTER_Q1,
        "annual",
        headline=True,
    ),
    Indicator(
        "complaints_fully_upheld",
        "Complaints fully upheld",
        "complaints",
        COUNT,
        LOWER,
        "Complaints found fully upheld on investigation.",
        LEICESTER_Q1,
        "annual",
    ),
    Indicator(
        "complaints_partially_upheld",
        "Complaints partially upheld",
        "complaints",
        COUNT,
        LOWER,
        "Complaints found partially upheld on investigation.",
        LEICESTER_Q1,
        "annual",
    ),
    Indicator(
        "commendations",
        "Commendations received",
        "complaints",
        COUNT,
        HIGHER,
        "Compliments and commendations received about adult social care.",
        LEICESTER_Q1,
        "annual",
    ),
)

INDICATORS += (
    # --- Outcomes and experience (ASCOF surveys and client-level measures) ----
    Indicator(
        "qol_score",
        "Social care-related quality of life",
        "outcomes",
        SCORE,
        HIGHER,
        "Average social care-related quality of life score of people who use services, out of 24.",
        ASCS,
        "annual",
        national_ref="ASCOF 1A",
        headline=True,
    ),
    Indicator(
        "control_pct",
        "People who have control over their daily life (%)",
        "outcomes",
        PERCENT,
        HIGHER,
        "Proportion of people who use services who say they have control over their daily life.",
        ASCS,
        "annual",
        national_ref="ASCOF 1B; 3A from 2023-24",
    ),
    Indicator(
        "carer_qol_score",
        "Carer-reported quality of life",
        "outcomes",
        SCORE,
        HIGHER,
        "Average quality of life score reported by carers, out of 12.",
        SACE,
        "annual",
        national_ref="ASCOF 1D; 1C from 2023-24",
    ),
    Indicator(
        "satisfaction_pct",
        "People satisfied with their care and support (%)",
        "outcomes",
        PERCENT,
        HIGHER,
        "Proportion of people who use services who are extremely or very satisfied with their care and support.",
        ASCS,
        "annual",
        national_ref="ASCOF 3A; 1D from 2023-24",
        headline=True,
    ),
    Indicator(
        "carer_satisfaction_pct",
        "Carers satisfied with social services (%)",
        "outcomes",
        PERCENT,
        HIGHER,
        "Proportion of carers who are extremely or very satisfied with social services.",
        SACE,
        "annual",
        national_ref="ASCOF 3B; 1E from 2023-24",
    ),
    Indicator(
        "info_easy_pct",
        "People who find it easy to find information (%)",
        "outcomes",
        PERCENT,
        HIGHER,
        "Proportion of people who use services who find it easy to find information about services.",
        ASCS,
        "annual",
        national_ref="ASCOF 3D(1); 3C(1) from 2023-24",
    ),
    Indicator(
        "carers_info_easy_pct",
        "Carers who find it easy to find information (%)",
        "outcomes",
        PERCENT,
        HIGHER,
        "Proportion of carers who find it easy to find information about services.",
        SACE,
        "annual",
        national_ref="ASCOF 3D(2); 3C(2) from 2023-24",
    ),
    Indicator(
        "ld_employment_pct",
        "Adults with a learning disability in paid work (%)",
        "outcomes",
        PERCENT,
        HIGHER,
        "Proportion of adults with a learning disability known to the council who are in paid employment.",
        ASCOF,
        "annual",
        national_ref="ASCOF 1E (to 2022-23)",
    ),
    Indicator(
        "ld_home_pct",
        "Adults with a learning disability living at home (%)",
        "outcomes",
        PERCENT,
        HIGHER,
        "Proportion of adults with a learning disability who live in their own home or with their family.",
        ASCOF,
        "annual",
        national_ref="ASCOF 1G; 2E from 2023-24",
    ),
)

_BY_ID: dict[str, Indicator] = {ind.id: ind for ind in INDICATORS}


def get(indicator_id: str) -> Indicator:
    """The registry entry for ``indicator_id``; raises UnknownIndicatorError."""
    try:
        return _BY_ID[indicator_id]
    except KeyError:
        raise UnknownIndicatorError(indicator_id=indicator_id) from None


def ids() -> frozenset[str]:
    """Every registered indicator id."""
    return frozenset(_BY_ID)


def in_domain(domain: str) -> tuple[Indicator, ...]:
    """The indicators of one domain, in registry order."""
    if domain not in DOMAINS:
        raise KeyError(f"Domain `{domain}` is not one of {', '.join(DOMAINS)}.")
    return tuple(ind for ind in INDICATORS if ind.domain == domain)


#: Counts of events that add up over a year: a year end can be projected from the year so far.
CUMULATIVE: frozenset[str] = frozenset(
    {
        "contacts_new",
        "assessments_completed",
        "assessments_eligible",
        "reviews_completed",
        "lts_new_from_requests",
        "admissions_permanent",
        "admissions_permanent_excl_selffunders",
        "safeguarding_enquiries",
        "safeguarding_alerts",
        "complaints_total",
        "complaints_fully_upheld",
        "complaints_partially_upheld",
        "commendations",
        "requests_all",
        "st_max_completed",
    }
)
INDICATORS = tuple(dataclasses.replace(i, cumulative=True) if i.id in CUMULATIVE else i for i in INDICATORS)
_BY_ID = {ind.id: ind for ind in INDICATORS}
