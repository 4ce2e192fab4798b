"""Waiting times as DHSC measures them: the CLD waiting-time method, version 1.1.

Follows DataS-DHSC/ASC-CLD-LA-Dashboard, ``Waiting_times/waiting_times_method.sql`` (code version 1.1.4, methodology
version 1.1), stage by stage; each function names the stages it carries out.

* **Part 1**, ``wait_assessment_median_days``: days from a request to its first response: the first short- or
  long-term assessment after it, or a service where one comes first, or (Release 1 only) the request itself where
  it was recorded as a first conversation.
* **Part 2**, ``wait_service_median_days``: days from a request to the first service after it, unless the first
  response was a run of assessments none of which led towards a service.
* ``completed_wait_28d_pct``: of the Part 1 waits, the share longer than 28 days.

Who is counted (stage 1): requests from service users aged 25 and over at the request, not already clients (no
long-term support ending in the 12 months before the request or still open, no ST-Max or other short-term support
ending in the 3 months before or still open, such a service having started before the request), whose outcome is
not "no further action" or "admitted to hospital" (a request with no outcome is left out too, as the SQL's
``NOT IN`` leaves it). Assessments and services count where the person was 25 or over when they started.

Where this differs from DHSC's code, and why:

* Ages come from the year and month of birth (the day is never kept): a person born in the month of the event is
  taken to have had their birthday. DHSC uses its own derived age.
* Events starting on the same day, of the same kind, are put in order by end date then event reference; DHSC
  orders them by import date and record identifier, which a council's own extract does not have.
* Requests are counted from the start of the extract's stated reporting period (DHSC: from 1 April 2023, when the
  collection began), so a council can measure any period its files cover.
* DHSC publishes quarterly medians by age band; the product adds the median over both bands (the same waits, all
  ages), each month as well as each quarter (for the improvement cycle), and the other breakdowns, from the
  person's details on the request.
* Medians are interpolated between the middle two waits (SQL's ``PERCENTILE_CONT(0.5)``), shown to one decimal.
"""

from __future__ import annotations

from datetime import date

import polars as pl

from metrics.cld import spec

PERSON = "LA_Person_Unique_Identifier"
#: Release 1 requests (before this day) may act as the first response when recorded as a first conversation.
RELEASE_2_FROM = date(2025, 7, 1)
LONG_TERM = (
    "Long term support: Nursing care",
    "Long term support: Residential care",
    "Long term support: Community",
    "Long term support: Prison",
)
SHORT_TERM = (
    "Short term support: ST-Max",
    "Short term support: Ongoing low level",
    "Short term support: Other short term",
)
#: Short-term support that makes a person an existing client for 3 months after it ends (stage 1.3c).
SHORT_TERM_EXISTING = ("Short term support: ST-Max", "Short term support: Other short term")
ASSESSMENTS = ("Short term assessment", "Long term assessment")
REQUEST_PROGRESS = (
    "Progress to reablement/ST-Max",
    "Progress to assessment, review or reassessment",
    "Progress to support planning or services",
    "Continuation of support or services",
    spec.R1_ONLY,
)
ASSESSMENT_PROGRESS = (
    "Progress to reablement/ST-Max",
    "Progress to support planning or services",
    "Continuation of support or services",
)
BANDS = {"25 to 64": "25-64", "65 and above": "65+"}
OVER_DAYS = 28


def age_in_years(on: pl.Expr) -> pl.Expr:
    """Whole years of age on a date, from the year and month of birth only."""
    born = pl.col("Birth_Year_Month").str.strptime(pl.Date, "%Y-%m", strict=False)
    return ((on.dt.year() - born.dt.year()) * 12 + on.dt.month() - born.dt.month()) // 12


def _band(on: pl.Expr) -> pl.Expr:
    """'25-64' or '65+' (DHSC's '25 to 64' and '65 and above') on a date."""
    age = age_in_years(on)
    return pl.when(age >= 65).then(pl.lit("65+")).when(age >= 25).then(pl.lit("25-64")).otherwise(None)


def valid_requests(events: pl.DataFrame, *, from_day: date | None) -> pl.DataFrame:
    """Stages 1.3 and 1.4: service users' requests, aged 25 and over, not existing clients, with an outcome that
    is not NFA or admission to hospital."""
    start = pl.col("Event_Start_Date")
    requests = events.filter(
        (pl.col("Event_Type") == "Request")
        & (pl.col("Client_Type") == "Service user")
        & (age_in_years(start) >= 25).fill_null(False)
        & (start >= pl.lit(from_day) if from_day is not None else pl.lit(True))
    ).with_row_index("_req")
    services = events.filter(pl.col("Service_Type").is_in([*LONG_TERM, *SHORT_TERM_EXISTING])).select(
        PERSON,
        pl.col("Event_Start_Date").alias("_s_start"),
        pl.col("Event_End_Date").alias("_s_end"),
        pl.col("Service_Type").is_in(LONG_TERM).alias("_long"),
    )
    look_back = pl.when(pl.col("_long")).then(start.dt.offset_by("-12mo")).otherwise(start.dt.offset_by("-3mo"))
    existing = (
        requests.select("_req", PERSON, "Event_Start_Date")
        .join(services, on=PERSON)
        .filter((pl.col("_s_start") < start) & (pl.col("_s_end").is_null() | (pl.col("_s_end") >= look_back)))
        .select("_req")
        .unique()
    )
    outcome = pl.col("Event_Outcome")
    progress = outcome.is_not_null() & ~outcome.str.starts_with("NFA") & (outcome != "Admitted to hospital")
    return requests.join(existing, on="_req", how="anti").filter(progress).drop("_req")


def _chronology(events: pl.DataFrame, *, requests: pl.DataFrame) -> pl.DataFrame:
    """Stages 1.2, 2.1 and 2.3: the valid requests with every short- or long-term assessment and every service a
    person aged 25 or over started, in each person's order (request, then assessment, then service on one day),
    each assessment marked with whether it, and its block of consecutive assessments, indicates progress to a
    service."""
    answers = events.filter(
        (
            ((pl.col("Event_Type") == "Assessment") & pl.col("Assessment_Type").is_in(ASSESSMENTS))
            | ((pl.col("Event_Type") == "Service") & pl.col("Service_Type").is_in([*LONG_TERM, *SHORT_TERM]))
        )
        & (age_in_years(pl.col("Event_Start_Date")) >= 25).fill_null(False)
        & pl.col(PERSON).is_in(requests[PERSON].unique().implode())
    )
    kind = pl.col("Event_Type")
    both = pl.concat([requests, answers], how="diagonal_relaxed").with_columns(
        pl.when(kind == "Request").then(1).when(kind == "Assessment").then(2).otherwise(3).alias("_priority"),
        _band(pl.col("Event_Start_Date")).alias("_band"),
    )
    ordered = both.sort(
        PERSON, "Event_Start_Date", "_priority", "Event_End_Date", "Event_Reference", nulls_last=True
    ).with_columns(pl.col(PERSON).rle_id().alias("_pid"))
    is_assessment = kind == "Assessment"
    # rows are in person order: a person's numbering counts from their first row, and a block (consecutive
    # assessments) is numbered over the whole frame, which keeps blocks of different people apart
    row = pl.int_range(pl.len(), dtype=pl.Int64)
    first_row = pl.when(pl.col("_pid") != pl.col("_pid").shift(1).fill_null(-1)).then(row).forward_fill()
    return ordered.with_columns(
        (row - first_row + 1).alias("_ord"),
        pl.when(is_assessment)
        .then(pl.col("Event_Outcome").is_in(ASSESSMENT_PROGRESS).fill_null(False).cast(pl.Int8))  # none: 0
        .alias("_a_progress"),
        ((~is_assessment) | (pl.col("_pid") != pl.col("_pid").shift(1).fill_null(-1)))
        .cast(pl.Int32)
        .cum_sum()
        .alias("_block"),
    ).with_columns(pl.when(is_assessment).then(pl.col("_a_progress").max().over("_block")).alias("_block_progress"))


def _next(kind: str, columns: dict[str, str]) -> list[pl.Expr]:
    """Stage 2.4: for every row, the named columns of the first later row of ``kind`` for the same person (its
    first later non-empty value). The chronology is sorted by person, so this is a fill backwards over the whole
    frame, kept only where the value filled in is the same person's (``_pid``): a window per person does the same
    far slower, there being tens of thousands of people."""
    out = []
    for column, name in columns.items():
        mine = (pl.col("Event_Type") == kind) & pl.col(column).is_not_null()
        value = pl.when(mine).then(pl.col(column)).shift(-1).backward_fill()
        whose = pl.when(mine).then(pl.col("_pid")).shift(-1).backward_fill()
        out.append(pl.when(whose == pl.col("_pid")).then(value).alias(name))
    return out


def linked(events: pl.DataFrame, *, from_day: date | None) -> pl.DataFrame:
    """Stages 1 to 3: one row per valid request, with its first response (``_resp_*``: order, kind, start, age
    band) and its first service for Part 2 (``_svc_*``), and ``_overlap`` where it starts before an earlier
    request's follow-up ends."""
    requests = valid_requests(events, from_day=from_day)
    chain = _chronology(events, requests=requests)
    fields = {"_ord": "ord", "Event_Start_Date": "start", "_band": "band"}
    chain = chain.with_columns(
        *_next("Assessment", {k: f"_a_{v}" for k, v in fields.items()} | {"_block_progress": "_a_block"}),
        *_next("Service", {k: f"_s_{v}" for k, v in fields.items()}),
    )
    r = chain.filter(pl.col("Event_Type") == "Request")
    start = pl.col("Event_Start_Date")
    said_progress = pl.col("Event_Outcome").is_in(REQUEST_PROGRESS)
    conversation = (
        ((start < pl.col("_a_start")) | pl.col("_a_start").is_null())
        & (pl.col("Conversation") == "Yes")
        & said_progress
        & (start < pl.lit(RELEASE_2_FROM))
    ).fill_null(False)
    r = r.with_columns(  # stage 3.1: a first conversation acts as the response
        pl.when(conversation).then(pl.col("_ord")).otherwise(pl.col("_a_ord")).alias("_resp_ord"),
        pl.when(conversation)
        .then(pl.lit("Request"))
        .otherwise(pl.when(pl.col("_a_ord").is_not_null()).then(pl.lit("Assessment")))
        .alias("_resp_kind"),
        pl.when(conversation).then(start).otherwise(pl.col("_a_start")).alias("_resp_start"),
        pl.when(conversation).then(pl.col("_band")).otherwise(pl.col("_a_band")).alias("_resp_band"),
        pl.when(conversation).then(None).otherwise(pl.col("_a_block")).alias("_resp_block"),
    )
    service_first = (pl.col("_resp_ord") > pl.col("_s_ord")).fill_null(False) | (
        pl.col("_resp_ord").is_null() & pl.col("_s_ord").is_not_null()
    )
    r = r.with_columns(  # stage 3.2: a service that comes first is the response
        *(
            pl.when(service_first).then(pl.col(f"_s_{v}")).otherwise(pl.col(f"_resp_{v}")).alias(f"_resp_{v}")
            for v in ("ord", "start", "band")
        ),
        pl.when(service_first).then(pl.lit("Service")).otherwise(pl.col("_resp_kind")).alias("_resp_kind"),
        pl.when(service_first).then(None).otherwise(pl.col("_resp_block")).alias("_resp_block"),
    )
    no_progress = ((pl.col("_resp_kind") == "Assessment") & (pl.col("_resp_block") == 0)).fill_null(False)
    r = r.with_columns(  # stage 3.3: no service for Part 2 after assessments that led nowhere
        *(
            pl.when(no_progress).then(None).otherwise(pl.col(f"_s_{v}")).alias(f"_svc_{v}")
            for v in ("ord", "start", "band")
        )
    )
    return r.with_columns(_overlap().alias("_overlap"))


def _overlap() -> pl.Expr:
    """Stage 3.4: the request starts before an earlier request's follow-up ends: the previous request's furthest
    response or service comes after it, or its response or service is one an earlier request already had.

    The requests are in person (``_pid``) and chronological (``_ord``) order, so "the previous request" and "the
    furthest before" are a shift and a running maximum over the whole frame, kept within the person (a running
    maximum of ``_pid`` * 2^32 + order never carries one person's value into the next person's rows)."""
    same_person = pl.col("_pid").shift(1) == pl.col("_pid")
    offset = pl.col("_pid").cast(pl.Int64) * 2**32

    def before_max(column: str) -> pl.Expr:
        reached = (offset + pl.col(column)).cum_max().forward_fill().shift(1)
        return pl.when(reached >= offset).then(reached - offset).otherwise(0)

    furthest = pl.when(same_person).then(pl.max_horizontal("_resp_ord", "_svc_ord").shift(1))
    return (
        (furthest > pl.col("_ord")).fill_null(False)
        | (pl.col("_resp_ord") <= before_max("_resp_ord")).fill_null(False)
        | (pl.col("_svc_ord") <= before_max("_svc_ord")).fill_null(False)
    )


#: What the stages read of an event: its person, kind, dates, outcome and coding. A caller that wants the waits
#: broken down keeps those fields too (metrics.cld.indicators); nothing else of a row need be carried through.
STAGE_FIELDS = (
    PERSON,
    "Event_Type",
    "Event_Reference",
    "Event_Start_Date",
    "Event_End_Date",
    "Event_Outcome",
    "Assessment_Type",
    "Service_Type",
    "Client_Type",
    "Birth_Year_Month",
    "Conversation",
)


def person_waits(events: pl.DataFrame, *, from_day: date | None) -> pl.DataFrame:
    """Stage 4.1: one row per valid request that does not overlap an earlier one, with ``_part1`` and ``_part2``
    (days, or empty where there was no response or no service), the response's and service's start dates and age
    bands, and the request's own fields (for breakdowns)."""
    r = linked(events, from_day=from_day).filter(~pl.col("_overlap"))
    start = pl.col("Event_Start_Date")
    return r.with_columns(
        (pl.col("_resp_start") - start).dt.total_days().alias("_part1"),
        (pl.col("_svc_start") - start).dt.total_days().alias("_part2"),
    )
