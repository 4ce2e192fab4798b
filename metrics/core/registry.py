"""The indicator registry: one frozen record per indicator.

Tooltips, chart subtitles, the About page and every export read the same
record, so a definition is written once. Lookups go through :func:`get`.
"""

from __future__ import annotations

import dataclasses
import re
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
POUNDS = "pounds"
UNITS = (COUNT, PERCENT, RATE_100K, DAYS, CASES, SCORE, POUNDS)

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
#: Frameworks whose codes (national_ref) people search by.
CODED_FRAMEWORKS = ("ASCOF", "SALT")
ASCS = "NHS England / DHSC, Adult Social Care Outcomes Framework (Adult Social Care Survey)"
CLD = "Computed from the council's Client Level Data (CLD) extract, DHSC CLD specification"
SACE = "NHS England / DHSC, Adult Social Care Outcomes Framework (Survey of Adult Carers in England)"


@dataclass(frozen=True, kw_only=True)
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
    #: For a rate per 100,000: the bundled population band it is over ('18+', '18-64', '65+'), so the count behind
    #: a rate published without its parts can be worked back, and a rate on one or two people hidden.
    population_band: str = ""

    @property
    def is_count(self) -> bool:
        return self.unit == COUNT

    @property
    def code(self) -> str:
        """The framework code people say and search by now ('ASCOF 2A'), from ``national_ref``; empty where the
        measure has none now (a method's name such as 'DHSC CLD waiting times v1.1' is not a code)."""
        scheme, _, rest = self.national_ref.partition(" ")
        if scheme not in CODED_FRAMEWORKS or not rest or "(to " in rest:
            return ""
        renamed = re.search(r";\s*(\S+) from \d{4}-\d{2}", rest)
        return f"{scheme} {renamed.group(1) if renamed else rest.split(';')[0].strip()}"

    @property
    def former_code(self) -> str:
        """The code the measure had before a framework renumbered it ('ASCOF 2D' for today's 2A), or the code of a
        measure since dropped ('ASCOF 1E' to 2022-23); empty otherwise."""
        scheme, _, rest = self.national_ref.partition(" ")
        if scheme not in CODED_FRAMEWORKS or not rest:
            return ""
        first = rest.split(";")[0].split(" (")[0].strip()
        if "(to " in rest or re.search(r";\s*\S+ from \d{4}-\d{2}", rest):
            return f"{scheme} {first}"
        return ""

    @property
    def label(self) -> str:
        """The title with its code, and the code it had before, as every picker shows it (so typing '2A' finds
        ASCOF 2A): 'Reablement ... (ASCOF 2A, was 2D)', or '... (was ASCOF 1E to 2022-23)'."""
        if self.code and self.former_code:
            return f"{self.title} ({self.code}, was {self.former_code.partition(' ')[2]})"
        if self.code:
            return f"{self.title} ({self.code})"
        if self.former_code:
            until = re.search(r"\(to ([^)]+)\)", self.national_ref)
            return f"{self.title} (was {self.former_code}" + (f" to {until.group(1)})" if until else ")")
        return self.title

    @property
    def domain_title(self) -> str:
        return DOMAINS[self.domain]


INDICATORS: tuple[Indicator, ...] = (
    # --- Demand ---------------------------------------------------------------
    Indicator(
        id="contacts_new",
        title="New contacts",
        domain="demand",
        unit=COUNT,
        direction=NEUTRAL,
        definition="New contacts created about people not already open to adult social care. Includes safeguarding, "
        "DoLS and Blue Badge renewals; excludes contacts relating to existing cases.",
        source=LEICESTER_Q1,
        frequency="quarterly",
        headline=True,
    ),
    Indicator(
        id="requests_new",
        title="Requests for support from new people",
        domain="demand",
        unit=COUNT,
        direction=NEUTRAL,
        definition="Formal requests for support received from people new to adult social care.",
        source=LEICESTER_Q1,
        frequency="quarterly",
        national_ref="SALT STS001",
    ),
    Indicator(
        id="requests_all",
        title="Requests for support",
        domain="demand",
        unit=COUNT,
        direction=NEUTRAL,
        definition="Every request for adult social care support received in the period, from new people and from people "
        "already known (CLD event type 'Request').",
        source=CLD,
        frequency="monthly",
        national_ref="CLD requests",
    ),
    Indicator(
        id="assessments_completed",
        title="Assessments completed",
        domain="demand",
        unit=COUNT,
        direction=NEUTRAL,
        definition="Care Act needs assessments completed in the period.",
        source=LEICESTER_Q1,
        frequency="annual",
    ),
    Indicator(
        id="assessments_eligible",
        title="Assessments finding eligible needs",
        domain="demand",
        unit=COUNT,
        direction=NEUTRAL,
        definition="Completed assessments that found eligible needs under the Care Act.",
        source=LEICESTER_Q1,
        frequency="annual",
    ),
    Indicator(
        id="assessments_eligible_pct",
        title="Assessments finding eligible needs (%)",
        domain="demand",
        unit=PERCENT,
        direction=NEUTRAL,
        definition="Share of completed assessments that found eligible needs. A low share can mean assessment capacity "
        "spent where no eligible need is found.",
        source=LEICESTER_Q1,
        frequency="annual",
        numerator="assessments finding eligible needs",
        denominator="assessments completed",
        headline=True,
    ),
    Indicator(
        id="assessment_wait_28d_pct",
        title="Still waiting at month end: share over 28 days (%)",
        domain="demand",
        unit=PERCENT,
        direction=LOWER,
        definition="Of the people still waiting for an assessment at the month end, the share who had waited more "
        "than 28 days: a count of the waiting list, not of completed waits (for those, see 'First responses after "
        "a wait over 28 days'). The council aims to complete assessments within 28 days.",
        numerator="people still waiting over 28 days",
        denominator="people still waiting at the month end",
        source=LEICS_SA,
        frequency="monthly",
        headline=True,
    ),
    Indicator(
        id="assessment_wait_6m_pct",
        title="Still waiting at month end: share over 6 months (%)",
        domain="demand",
        unit=PERCENT,
        direction=LOWER,
        definition="Of the people still waiting for an assessment at the month end, the share who had waited more "
        "than 6 months: a count of the waiting list, not of completed waits.",
        numerator="people still waiting over 6 months",
        denominator="people still waiting at the month end",
        source=LEICS_SA,
        frequency="monthly",
    ),
    Indicator(
        id="wait_assessment_median_days",
        title="Median wait to first response (days, DHSC Part 1)",
        domain="demand",
        unit=DAYS,
        direction=LOWER,
        definition="DHSC's 'wait time to first response': the median days from a request for support by a service "
        "user aged 25 or over, new to adult social care, to its first response (a short- or long-term assessment, "
        "or a service where one came first), by the month or quarter the response started. DHSC CLD waiting-time "
        "method v1.1 (DataS-DHSC/ASC-CLD-LA-Dashboard, Waiting_times/waiting_times_method.sql).",
        source=CLD,
        frequency="quarterly",
        denominator="waits measured",
        national_ref="DHSC CLD waiting times v1.1, Part 1",
    ),
    Indicator(
        id="completed_wait_28d_pct",
        title="First responses after a wait over 28 days (%)",
        domain="demand",
        unit=PERCENT,
        direction=LOWER,
        definition="Of the completed waits to a first response (DHSC Part 1) that ended in the month or quarter, "
        "the share longer than 28 days: completed waits, not the waiting list at a month end.",
        source=CLD,
        frequency="quarterly",
        numerator="waits over 28 days",
        denominator="waits measured",
        national_ref="DHSC CLD waiting times v1.1, Part 1",
    ),
    Indicator(
        id="wait_service_median_days",
        title="Median wait to first service (days, DHSC Part 2)",
        domain="demand",
        unit=DAYS,
        direction=LOWER,
        definition="DHSC's 'wait time to first service': the median days from a request for support by a service "
        "user aged 25 or over, new to adult social care, to the start of their first service, by the month or "
        "quarter it started; not counted where the assessments in between led to no service. DHSC CLD waiting-time "
        "method v1.1, Part 2.",
        source=CLD,
        frequency="quarterly",
        denominator="waits measured",
        national_ref="DHSC CLD waiting times v1.1, Part 2",
    ),
    Indicator(
        id="people_waiting_assessment",
        title="People still waiting for assessment at month end",
        domain="demand",
        unit=COUNT,
        direction=LOWER,
        definition="People new to adult social care whose request went on to an assessment that had not started by "
        "the month end (the product's own count of the waiting list; DHSC measures completed waits).",
        source=CLD,
        frequency="monthly",
    ),
    # --- Reviews --------------------------------------------------------------
    Indicator(
        id="reviews_completed",
        title="Reviews completed",
        domain="reviews",
        unit=COUNT,
        direction=HIGHER,
        definition="Reviews of care and support plans completed in the period (a person may have more than one).",
        source=LEICESTER_Q1,
        frequency="annual",
    ),
    Indicator(
        id="people_reviewed",
        title="People reviewed",
        domain="reviews",
        unit=COUNT,
        direction=HIGHER,
        definition="Distinct people whose care and support plan was reviewed in the period.",
        source=LEICESTER_Q1,
        frequency="annual",
    ),
    Indicator(
        id="people_eligible_review",
        title="People eligible for review",
        domain="reviews",
        unit=COUNT,
        direction=NEUTRAL,
        definition="People in receipt of long-term support who were due a review in the period.",
        source=LEICESTER_Q1,
        frequency="annual",
    ),
    Indicator(
        id="reviews_overdue_24m",
        title="People not reviewed for 24 months or more",
        domain="reviews",
        unit=COUNT,
        direction=LOWER,
        definition="People in receipt of a service who have not had a review for 24 months or more since their last "
        "review, counted at the snapshot date. The Care Act expects a review at least every 12 months.",
        source=LEICESTER_Q1,
        frequency="monthly",
        headline=True,
    ),
    Indicator(
        id="reviews_overdue_12m",
        title="People not reviewed for 12 months or more",
        domain="reviews",
        unit=COUNT,
        direction=LOWER,
        definition="People in receipt of a service who have not had a review for 12 months or more since their last "
        "review (overdue under the Care Act), counted at the snapshot date.",
        source=LEICESTER_Q1,
        frequency="monthly",
    ),
    Indicator(
        id="review_outcomes_achieved_pct",
        title="Reviews finding outcomes fully achieved (%)",
        domain="reviews",
        unit=PERCENT,
        direction=HIGHER,
        definition="Of reviews completed in the period that recorded whether the person's outcomes were achieved "
        "(CLD 'Review outcomes achieved': fully, partially or not achieved; 'not known' left out), the share "
        "fully achieved.",
        source=CLD,
        frequency="monthly",
        numerator="reviews finding outcomes fully achieved",
        denominator="reviews recording whether outcomes were achieved",
        national_ref="CLD reviews",
    ),
    Indicator(
        id="reviews_coverage_pct",
        title="Long-term clients reviewed in the last 12 months (%)",
        domain="reviews",
        unit=PERCENT,
        direction=HIGHER,
        definition="People who had received long-term support for at least a year who were reviewed in the past 12 months.",
        source=LEICS_SA,
        frequency="annual",
        numerator="people reviewed in the past 12 months",
        denominator="people in long-term support for 12 months or more",
        headline=True,
    ),
    Indicator(
        id="caseload_average",
        title="Average caseload per worker",
        domain="reviews",
        unit=CASES,
        direction=LOWER,
        definition="Average open cases held per worker, by service. The benchmark used by the council is 12 "
        "(15 in some services).",
        source=LEICS_SA,
        frequency="monthly",
        target=12.0,
        target_text="benchmark 12/15 cases",
    ),
    # --- Reablement -----------------------------------------------------------
    Indicator(
        id="reablement_91day",
        title="Older people at home 91 days after reablement (%)",
        domain="reablement",
        unit=PERCENT,
        direction=HIGHER,
        definition="Proportion of older people (65 and over) who were still at home 91 days after discharge from hospital "
        "into reablement or rehabilitation services (ASCOF definition: discharges in October to December only).",
        source=ASCOF,
        frequency="annual",
        numerator="people at home 91 days after discharge",
        denominator="people discharged into reablement",
        national_ref="ASCOF 2B(1); 2D(1) from 2023-24",
        headline=True,
    ),
    Indicator(
        id="reablement_no_ongoing_pct",
        title="Reablement with no ongoing support needed (%)",
        domain="reablement",
        unit=PERCENT,
        direction=HIGHER,
        definition="Proportion of people who received short-term support to maximise independence (reablement) "
        "who then needed no ongoing support, or support of a lower level.",
        source=ASCOF,
        frequency="annual",
        national_ref="ASCOF 2D; 2A from 2023-24",
        headline=True,
    ),
    Indicator(
        id="reablement_offered_pct",
        title="Older people offered reablement after hospital (%)",
        domain="reablement",
        unit=PERCENT,
        direction=HIGHER,
        definition="Proportion of older people (65 and over) offered reablement or rehabilitation services following "
        "discharge from hospital.",
        source=ASCOF,
        frequency="annual",
        national_ref="ASCOF 2B(2); 2D(2) from 2023-24",
    ),
    Indicator(
        id="carer_assessments_completed",
        title="Unpaid carers' assessments completed",
        domain="demand",
        unit=COUNT,
        direction=NEUTRAL,
        definition="Assessments of unpaid carers completed in the period (CLD assessment type 'Unpaid carer "
        "assessment', with an end date), by the carer's details.",
        source=CLD,
        frequency="monthly",
        national_ref="CLD assessments",
    ),
    Indicator(
        id="st_max_completed",
        title="Short-term support (ST-Max) episodes completed",
        domain="reablement",
        unit=COUNT,
        direction=NEUTRAL,
        definition="Episodes of short-term support to maximise independence (reablement) that ended in the period (CLD "
        "service type 'Short term support: ST-Max').",
        source=CLD,
        frequency="monthly",
        national_ref="CLD services",
    ),
    Indicator(
        id="hart_service_users",
        title="People supported by reablement (HART)",
        domain="reablement",
        unit=COUNT,
        direction=NEUTRAL,
        definition="People supported by the Homecare Assessment and Reablement Team in the year.",
        source=LEICS_SA,
        frequency="annual",
    ),
    # --- Long-term support ----------------------------------------------------
    Indicator(
        id="people_long_term_support",
        title="People in long-term support",
        domain="long_term_support",
        unit=COUNT,
        direction=NEUTRAL,
        definition="People with a long-term support service open at the snapshot date (CLD service type 'Long term "
        "support: …'), counted once each.",
        source=CLD,
        frequency="monthly",
    ),
    Indicator(
        id="lts_new_from_requests",
        title="New long-term support after a request",
        domain="long_term_support",
        unit=COUNT,
        direction=NEUTRAL,
        definition="New people going directly into long-term support following a request for support.",
        source=LEICESTER_Q1,
        frequency="annual",
    ),
    Indicator(
        id="lts_new_pct_requests",
        title="Requests leading to long-term support (%)",
        domain="long_term_support",
        unit=PERCENT,
        direction=NEUTRAL,
        definition="New people going directly into long-term support, as a share of all requests for support.",
        source=LEICESTER_Q1,
        frequency="annual",
        numerator="new people into long-term support",
        denominator="requests for support from new people",
    ),
    Indicator(
        id="admissions_permanent",
        title="Permanent admissions to residential and nursing care",
        domain="long_term_support",
        unit=COUNT,
        direction=LOWER,
        definition="New permanent admissions to residential and nursing care homes, all ages, including "
        "self-funders whose funds have depleted.",
        source=LEICESTER_Q1,
        frequency="annual",
        headline=True,
    ),
    Indicator(
        id="admissions_permanent_excl_selffunders",
        title="Permanent admissions, excluding depleted self-funders",
        domain="long_term_support",
        unit=COUNT,
        direction=LOWER,
        definition="New permanent admissions to residential and nursing care, excluding self-funders whose funds have depleted.",
        source=LEICESTER_Q1,
        frequency="annual",
    ),
    Indicator(
        id="admissions_65_rate",
        title="Care home admissions, aged 65+, per 100,000",
        domain="long_term_support",
        unit=RATE_100K,
        direction=LOWER,
        definition="Long-term support needs of older adults (65 and over) met by admission to residential and nursing "
        "care homes, per 100,000 population.",
        source=ASCOF,
        frequency="annual",
        national_ref="ASCOF 2A(2); 2C from 2023-24",
        headline=True,
        population_band="65+",
    ),
    Indicator(
        id="admissions_18_64_rate",
        title="Care home admissions, aged 18-64, per 100,000",
        domain="long_term_support",
        unit=RATE_100K,
        direction=LOWER,
        definition="Long-term support needs of younger adults (18 to 64) met by admission to residential and "
        "nursing care homes, per 100,000 population.",
        source=ASCOF,
        frequency="annual",
        national_ref="ASCOF 2A(1); 2B from 2023-24",
        population_band="18-64",
    ),
    Indicator(
        id="admissions_65_count",
        title="Older people permanently placed in care homes",
        domain="long_term_support",
        unit=COUNT,
        direction=LOWER,
        definition="Older adults (65 and over) permanently placed in residential care homes in the year.",
        source=LEICS_SA,
        frequency="annual",
    ),
    Indicator(
        id="ltc_care_home_pct_18_64",
        title="Long-term clients aged 18-64 in care homes (%)",
        domain="long_term_support",
        unit=PERCENT,
        direction=LOWER,
        definition="People aged 18 to 64 in receipt of long-term services who were in a care home placement.",
        source=LEICS_SA,
        frequency="annual",
    ),
    Indicator(
        id="ltc_care_home_pct_65",
        title="Long-term clients aged 65+ in care homes (%)",
        domain="long_term_support",
        unit=PERCENT,
        direction=LOWER,
        definition="People aged 65 and over in receipt of long-term services who were in a residential or nursing placement.",
        source=LEICS_SA,
        frequency="annual",
    ),
    Indicator(
        id="lts_cost_per_week",
        title="Average planned cost of long-term support a person per week",
        domain="long_term_support",
        unit=POUNDS,
        direction=NEUTRAL,
        definition="The planned weekly cost of the long-term support services open in the quarter (unit cost times "
        "units a week, the units read from the cost frequency where it is weekly or less often, as DHSC's CLD costs "
        "fact does), summed and divided by the people receiving them, in pounds.",
        source=CLD,
        frequency="quarterly",
        numerator="planned weekly cost of the services, summed",
        denominator="people in long-term support with a cost",
        national_ref="CLD costs",
    ),
    Indicator(
        id="care_cost_total",
        title="Planned cost of services in the quarter",
        domain="long_term_support",
        unit=POUNDS,
        direction=NEUTRAL,
        definition="The planned cost of every service open in the quarter with a cost recorded: its weekly cost "
        "times its weeks of service inside the quarter, or its cost where it is one-off (DHSC's CLD costs fact), "
        "in pounds.",
        source=CLD,
        frequency="quarterly",
        denominator="people whose services have a cost",
        national_ref="CLD costs",
    ),
    Indicator(
        id="direct_payments_pct",
        title="Service users receiving direct payments (%)",
        domain="long_term_support",
        unit=PERCENT,
        direction=HIGHER,
        definition="Proportion of people who use services who receive direct payments.",
        source=ASCOF,
        frequency="annual",
        national_ref="ASCOF 1C(2A); 3D(2A) from 2023-24",
    ),
    Indicator(
        id="sds_pct",
        title="Service users receiving self-directed support (%)",
        domain="long_term_support",
        unit=PERCENT,
        direction=HIGHER,
        definition="Proportion of people who use services who receive self-directed support.",
        source=ASCOF,
        frequency="annual",
        national_ref="ASCOF 1C(1A); 3D(1A) from 2023-24",
    ),
    Indicator(
        id="carers_sds_pct",
        title="Carers receiving self-directed support (%)",
        domain="long_term_support",
        unit=PERCENT,
        direction=HIGHER,
        definition="Proportion of carers who receive self-directed support (personal budgets).",
        source=ASCOF,
        frequency="annual",
        national_ref="ASCOF 1C(1B); 3D(1B) from 2023-24",
    ),
    Indicator(
        id="carers_dp_pct",
        title="Carers receiving direct payments (%)",
        domain="long_term_support",
        unit=PERCENT,
        direction=HIGHER,
        definition="Proportion of carers who receive direct payments.",
        source=ASCOF,
        frequency="annual",
        national_ref="ASCOF 1C(2B); 3D(2B) from 2023-24",
    ),
    Indicator(
        id="carers_supported",
        title="Carers supported in the year",
        domain="long_term_support",
        unit=COUNT,
        direction=NEUTRAL,
        definition="Unpaid carers (and carers known by association) supported by the council in the financial year, "
        "each counted once in the best support they had: a direct payment, a council-managed personal budget, "
        "council-commissioned support, direct support with its delivery not recorded, information and advice, or "
        "no direct support to the carer (support involving the person cared for, or an assessment or review "
        "only). SALT LTS003 from CLD, as NHS England's transformation computes it.",
        source=CLD,
        frequency="annual",
        national_ref="SALT LTS003",
    ),
    # --- Care market quality --------------------------------------------------
    Indicator(
        id="lts_provider_good_pct",
        title="People in long-term support with a good or outstanding provider (%)",
        domain="care_market",
        unit=PERCENT,
        direction=HIGHER,
        definition="Of people in long-term support whose provider's CQC location has an overall rating, the share rated "
        "good or outstanding, at the extract's last month end (the provider's CQC location ID in the CLD "
        "record, joined to the CQC directory).",
        source=CLD,
        frequency="monthly",
        numerator="people with a provider rated good or outstanding",
        denominator="people with a rated provider",
    ),
    Indicator(
        id="cqc_good_outstanding_pct",
        title="Providers rated good or outstanding by CQC (%)",
        domain="care_market",
        unit=PERCENT,
        direction=HIGHER,
        definition="Share of registered care providers in the area rated 'good' or 'outstanding' overall by the "
        "Care Quality Commission, by service type.",
        source=LEICS_SA,
        frequency="snapshot",
        headline=True,
    ),
    Indicator(
        id="residential_good_outstanding_pct",
        title="Residential care providers rated good or outstanding (%)",
        domain="care_market",
        unit=PERCENT,
        direction=HIGHER,
        definition="Proportion of residential care providers (care homes) in the area rated "
        "'good' or 'outstanding' by the Care Quality Commission.",
        source=ASCOF,
        frequency="annual",
        national_ref="ASCOF 6B",
    ),
    Indicator(
        id="qaf_compliance_pct",
        title="Providers compliant with the Quality Assurance Framework (%)",
        domain="care_market",
        unit=PERCENT,
        direction=HIGHER,
        definition="Proportion of contracted providers found compliant at their most recent QAF assessment "
        "or re-assessment, by service type.",
        source=LEICESTER_Q1,
        frequency="monthly",
        headline=True,
    ),
    Indicator(
        id="qaf_assessed_pct",
        title="Contracted providers assessed under the QAF (%)",
        domain="care_market",
        unit=PERCENT,
        direction=HIGHER,
        definition="Share of contracted providers that have had a QAF assessment, by service type.",
        source=LEICESTER_Q1,
        frequency="monthly",
        numerator="providers assessed",
        denominator="contracted providers",
    ),
    # --- Workforce ------------------------------------------------------------
    Indicator(
        id="sickness_days_lost",
        title="Average days lost to sickness",
        domain="workforce",
        unit=DAYS,
        direction=LOWER,
        definition="Average working days lost to sickness absence per employee, by division, as reported each quarter.",
        source=LEICESTER_Q1,
        frequency="quarterly",
        headline=True,
    ),
    Indicator(
        id="vacancy_rate_pct",
        title="Care workforce vacancy rate (%)",
        domain="workforce",
        unit=PERCENT,
        direction=LOWER,
        definition="Vacancies as a share of all posts across the adult social care workforce in the area (Skills for Care).",
        source=LEICS_SA,
        frequency="annual",
    ),
    Indicator(
        id="staff_leavers_pct",
        title="Care staff leaving their role in the year (%)",
        domain="workforce",
        unit=PERCENT,
        direction=LOWER,
        definition="Proportion of staff in the adult social care sector in the area who left their role in the year "
        "(Skills for Care Adult Social Care Workforce Data Set).",
        source=ASCOF,
        frequency="annual",
        national_ref="ASCOF 6A",
    ),
    Indicator(
        id="turnover_rate_pct",
        title="Care workforce turnover rate (%)",
        domain="workforce",
        unit=PERCENT,
        direction=LOWER,
        definition="Leavers in the year as a share of staff across the adult social care workforce in the area (Skills for Care).",
        source=LEICS_SA,
        frequency="annual",
        headline=True,
    ),
    # --- Safeguarding ---------------------------------------------------------
    Indicator(
        id="safeguarding_alerts",
        title="Safeguarding alerts received",
        domain="safeguarding",
        unit=COUNT,
        direction=NEUTRAL,
        definition="Safeguarding concerns (alerts) received by the council.",
        source=LEICS_SA,
        frequency="annual",
    ),
    Indicator(
        id="safeguarding_enquiries",
        title="Safeguarding enquiries started",
        domain="safeguarding",
        unit=COUNT,
        direction=NEUTRAL,
        definition="Safeguarding alerts that met the threshold for an enquiry (section 42 and other enquiries started).",
        source=LEICESTER_Q1,
        frequency="annual",
        headline=True,
    ),
    Indicator(
        id="safeguarding_enquiries_closed",
        title="Safeguarding enquiries concluded",
        domain="safeguarding",
        unit=COUNT,
        direction=NEUTRAL,
        definition="Safeguarding enquiries concluded in the period.",
        source=LEICS_SA,
        frequency="annual",
    ),
    Indicator(
        id="msp_fully_achieved_pct",
        title="Desired outcomes fully achieved (MSP, %)",
        domain="safeguarding",
        unit=PERCENT,
        direction=HIGHER,
        definition="Of people in a safeguarding enquiry who expressed their desired outcomes (Making Safeguarding Personal), "
        "the share whose outcomes were fully achieved.",
        source=LEICESTER_Q1,
        frequency="annual",
        numerator="people whose outcomes were fully achieved",
        denominator="people who expressed outcomes",
        headline=True,
    ),
    Indicator(
        id="msp_asked_pct",
        title="Asked for and expressed desired outcomes (MSP, %)",
        domain="safeguarding",
        unit=PERCENT,
        direction=HIGHER,
        definition="Share of people in a safeguarding enquiry who were asked for and expressed their desired outcomes.",
        source=LEICS_SA,
        frequency="annual",
    ),
    Indicator(
        id="msp_achieved_pct",
        title="Desired outcomes fully or partially achieved (MSP, %)",
        domain="safeguarding",
        unit=PERCENT,
        direction=HIGHER,
        definition="Of people who expressed desired outcomes, the share whose outcomes were fully or partially achieved.",
        source=LEICS_SA,
        frequency="annual",
    ),
    Indicator(
        id="feel_safe_services_pct",
        title="Services helped people feel safe (%)",
        domain="safeguarding",
        unit=PERCENT,
        direction=HIGHER,
        definition="Proportion of people who use services who say those services have made them feel safe and secure "
        "(Adult Social Care Survey).",
        source=ASCOF,
        frequency="annual",
        national_ref="ASCOF 4B",
    ),
    Indicator(
        id="feel_safe_pct",
        title="People who use services who feel safe (%)",
        domain="safeguarding",
        unit=PERCENT,
        direction=HIGHER,
        definition="Proportion of people who use services who feel safe (Adult Social Care Survey).",
        source=ASCS,
        frequency="annual",
        national_ref="ASCOF 4A",
    ),
    Indicator(
        id="safeguarding_enquiries_rate",
        title="Safeguarding enquiries per 100,000 adults",
        domain="safeguarding",
        unit=RATE_100K,
        direction=NEUTRAL,
        definition="Safeguarding enquiries started in the year per 100,000 residents aged 18 and over. Worked out "
        "here from the published count and the ONS mid-2020 population estimate.",
        source=LEICESTER_Q1,
        frequency="annual",
        numerator="safeguarding enquiries started",
        denominator="residents aged 18 and over (ONS mid-2020)",
        population_band="18+",
    ),
    Indicator(
        id="dols_referrals",
        title="DoLS referrals received",
        domain="safeguarding",
        unit=COUNT,
        direction=NEUTRAL,
        definition="Deprivation of Liberty Safeguards applications received.",
        source=LEICS_SA,
        frequency="quarterly",
    ),
    Indicator(
        id="dols_live",
        title="Live DoLS authorisations",
        domain="safeguarding",
        unit=COUNT,
        direction=NEUTRAL,
        definition="Deprivation of Liberty Safeguards authorisations in force at the snapshot date.",
        source=LEICS_SA,
        frequency="snapshot",
    ),
    Indicator(
        id="dols_awaiting_allocation",
        title="DoLS referrals awaiting allocation",
        domain="safeguarding",
        unit=COUNT,
        direction=LOWER,
        definition="Deprivation of Liberty Safeguards referrals not yet allocated at the snapshot date.",
        source=LEICS_SA,
        frequency="snapshot",
    ),
    # --- Complaints and commendations ----------------------------------------
    Indicator(
        id="complaints_total",
        title="Complaints received",
        domain="complaints",
        unit=COUNT,
        direction=LOWER,
        definition="Statutory adult social care complaints received.",
        source=LEICESTER_Q1,
        frequency="annual",
        headline=True,
    ),
    Indicator(
        id="complaints_fully_upheld",
        title="Complaints fully upheld",
        domain="complaints",
        unit=COUNT,
        direction=LOWER,
        definition="Complaints found fully upheld on investigation.",
        source=LEICESTER_Q1,
        frequency="annual",
    ),
    Indicator(
        id="complaints_partially_upheld",
        title="Complaints partially upheld",
        domain="complaints",
        unit=COUNT,
        direction=LOWER,
        definition="Complaints found partially upheld on investigation.",
        source=LEICESTER_Q1,
        frequency="annual",
    ),
    Indicator(
        id="commendations",
        title="Commendations received",
        domain="complaints",
        unit=COUNT,
        direction=HIGHER,
        definition="Compliments and commendations received about adult social care.",
        source=LEICESTER_Q1,
        frequency="annual",
    ),
)

INDICATORS += (
    # --- Outcomes and experience (ASCOF surveys and client-level measures) ----
    Indicator(
        id="qol_score",
        title="Social care-related quality of life",
        domain="outcomes",
        unit=SCORE,
        direction=HIGHER,
        definition="Average social care-related quality of life score of people who use services, out of 24.",
        source=ASCS,
        frequency="annual",
        national_ref="ASCOF 1A",
        headline=True,
    ),
    Indicator(
        id="control_pct",
        title="People who have control over their daily life (%)",
        domain="outcomes",
        unit=PERCENT,
        direction=HIGHER,
        definition="Proportion of people who use services who say they have control over their daily life.",
        source=ASCS,
        frequency="annual",
        national_ref="ASCOF 1B; 3A from 2023-24",
    ),
    Indicator(
        id="carer_qol_score",
        title="Carer-reported quality of life",
        domain="outcomes",
        unit=SCORE,
        direction=HIGHER,
        definition="Average quality of life score reported by carers, out of 12.",
        source=SACE,
        frequency="annual",
        national_ref="ASCOF 1D; 1C from 2023-24",
    ),
    Indicator(
        id="satisfaction_pct",
        title="People satisfied with their care and support (%)",
        domain="outcomes",
        unit=PERCENT,
        direction=HIGHER,
        definition="Proportion of people who use services who are extremely or very satisfied with their care and support.",
        source=ASCS,
        frequency="annual",
        national_ref="ASCOF 3A; 1D from 2023-24",
        headline=True,
    ),
    Indicator(
        id="carer_satisfaction_pct",
        title="Carers satisfied with social services (%)",
        domain="outcomes",
        unit=PERCENT,
        direction=HIGHER,
        definition="Proportion of carers who are extremely or very satisfied with social services.",
        source=SACE,
        frequency="annual",
        national_ref="ASCOF 3B; 1E from 2023-24",
    ),
    Indicator(
        id="info_easy_pct",
        title="People who find it easy to find information (%)",
        domain="outcomes",
        unit=PERCENT,
        direction=HIGHER,
        definition="Proportion of people who use services who find it easy to find information about services.",
        source=ASCS,
        frequency="annual",
        national_ref="ASCOF 3D(1); 3C(1) from 2023-24",
    ),
    Indicator(
        id="carers_info_easy_pct",
        title="Carers who find it easy to find information (%)",
        domain="outcomes",
        unit=PERCENT,
        direction=HIGHER,
        definition="Proportion of carers who find it easy to find information about services.",
        source=SACE,
        frequency="annual",
        national_ref="ASCOF 3D(2); 3C(2) from 2023-24",
    ),
    Indicator(
        id="ld_employment_pct",
        title="Adults with a learning disability in paid work (%)",
        domain="outcomes",
        unit=PERCENT,
        direction=HIGHER,
        definition="Proportion of adults with a learning disability known to the council who are in paid employment.",
        source=ASCOF,
        frequency="annual",
        national_ref="ASCOF 1E (to 2022-23)",
    ),
    Indicator(
        id="ld_home_pct",
        title="Adults with a learning disability living at home (%)",
        domain="outcomes",
        unit=PERCENT,
        direction=HIGHER,
        definition="Proportion of adults with a learning disability who live in their own home or with their family.",
        source=ASCOF,
        frequency="annual",
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
        "carer_assessments_completed",
    }
)
INDICATORS = tuple(dataclasses.replace(i, cumulative=True) if i.id in CUMULATIVE else i for i in INDICATORS)
_BY_ID = {ind.id: ind for ind in INDICATORS}
