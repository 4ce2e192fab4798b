"""Indicators computed from CLD events (metrics.cld.extract), each a small polars function over months.

Each returns long-format rows (indicator_id, period, period_type, breakdown_dim, breakdown_cat, value,
numerator, denominator), one headline row per month and one per category of each breakdown. The definitions
follow DHSC's CLD dashboard for councils (DataS-DHSC/ASC-CLD-LA-Dashboard: requests, assessments, reviews and
services facts) and NHS England's SALT-from-CLD transformations, read for their meaning; where this code differs,
its docstring says how.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from typing import cast

import polars as pl

from metrics.cld import ascof, costs, rollup, spec
from metrics.cld import submissions as submission_rules
from metrics.cld import waits as waiting
from metrics.cld.submissions import Submission
from metrics.cld.waits import OVER_DAYS
from metrics.core import periods

OUT = ("indicator_id", "period", "period_type", "breakdown_dim", "breakdown_cat", "value", "numerator", "denominator")
#: Breakdowns every event indicator is cut by, where the extract has them: dimension -> expression.
AGE = "age band"


@dataclass(frozen=True)
class Calendar:
    """The periods an indicator is counted over: months, or weeks ending on Sunday (DHSC's CLD calendar, for the
    weekly improvement cycle). Each says how a date finds its period's last day, how that period is labelled, and
    what a count at the period's end is called."""

    period_type: str
    snapshot_type: str

    def end_of(self, day: pl.Expr) -> pl.Expr:
        """The last day of the period ``day`` falls in."""
        if self.period_type == periods.WEEK:  # polars: Monday is 1, Sunday 7
            return (day.cast(pl.Int32) + 7 - day.dt.weekday()).cast(pl.Date)
        return day.dt.month_end()

    def label(self, end: pl.Expr) -> pl.Expr:
        """'Jun 2023', or 'w/e 2 Jul 2023' (metrics.core.periods)."""
        if self.period_type == periods.WEEK:
            return pl.concat_str([pl.lit("w/e "), end.dt.day().cast(pl.String), end.dt.strftime(" %b %Y")])
        return end.dt.strftime("%b %Y")


MONTHLY = Calendar(periods.MONTH, periods.SNAPSHOT)
#: A weekly count at the week's end is a week's figure too: labelled by its week, never mixed with month-end ones.
WEEKLY = Calendar(periods.WEEK, periods.WEEK)
#: Weeks are made for the extract's latest two years: the improvement cycle looks back weeks, not years.
WEEKS_KEPT = 104


def weeks(month_ends: list[date]) -> list[date]:
    """The Sundays ending every week that lies wholly inside the extract's covered months (a week that crosses
    into a gap is not a quiet week), the latest :data:`WEEKS_KEPT` of them."""
    if not month_ends:
        return []
    covered = {(m.year, m.month) for m in month_ends}
    first = month_ends[0].replace(day=1)
    sunday = periods.week_ending(first)
    out = []
    while sunday <= month_ends[-1]:
        days = [date.fromordinal(sunday.toordinal() - k) for k in range(7)]
        if all((d.year, d.month) in covered for d in days):
            out.append(sunday)
        sunday = date.fromordinal(sunday.toordinal() + 7)
    return out[-WEEKS_KEPT:]


def months(events: pl.DataFrame, *, submissions: tuple[Submission, ...] = ()) -> list[date]:
    """The last day of every month the extract covers: every month of the reporting periods its files state
    (metrics.cld.submissions), or, where no file states one, from its first request (the front door opens the
    period an extract reports on) to the month of its latest event start. Earlier events, such as a long-term
    service that began years before or a client's last review before the period, are history: they count in the
    review snapshot, never as months. A planned end date after the latest event (a service booked to end in 2031)
    is not a month either. A month inside that span in which no event started or ended is a gap in the extract (a
    quarter not sent), not a quiet month, so it is left out, and no quarter or year is made across it. An extract
    with no request starts at its first assessment, review or service instead."""
    if events.height == 0:
        return []
    stated = submission_rules.stated_months(submissions)
    if stated is not None:
        span = pl.Series(stated, dtype=pl.Date)
    else:
        front = events.filter(pl.col("Event_Type") == "Request")["Event_Start_Date"]
        first = cast(date, front.min() if front.len() else events["Event_Start_Date"].min())
        last = cast(date, events["Event_Start_Date"].max())
        span = pl.date_range(first.replace(day=1), last.replace(day=1), "1mo", eager=True).dt.month_end()
    # distinct days first: an extract has a few thousand dates and many events on each
    days = pl.concat([events["Event_Start_Date"], events["Event_End_Date"]]).drop_nulls().unique()
    happened = days.dt.month_end().unique()
    return span.filter(span.is_in(happened.implode())).to_list()


def _age_band(on: pl.Expr) -> pl.Expr:
    """'18-64' or '65+' on a date, from the year and month of birth only (the day is never kept). The reader writes
    every birth month 'YYYY-MM' (metrics.cld.extract), so the year and month are read by position: the same
    answer as parsing a date, at a fraction of the cost on every row of every count."""
    year = pl.col("Birth_Year_Month").str.slice(0, 4).cast(pl.Int32, strict=False)
    month = pl.col("Birth_Year_Month").str.slice(5, 2).cast(pl.Int32, strict=False)
    months_old = (on.dt.year() - year) * 12 + on.dt.month() - month
    return (
        pl.when(months_old.is_null())
        .then(pl.lit("Unknown"))
        .when(months_old >= 65 * 12)
        .then(pl.lit("65+"))
        .when(months_old >= 18 * 12)
        .then(pl.lit("18-64"))
        .otherwise(pl.lit("Under 18"))
    )


def _breakdowns(on: pl.Expr, local: list[str]) -> dict[str, pl.Expr]:
    out = {
        AGE: _age_band(on),
        "gender": pl.col("Gender").fill_null("Not known"),
        "ethnicity": pl.col("Ethnicity").replace_strict(spec.ETHNICITY_GROUP, default="Unknown"),
        "primary support reason": pl.col("Primary_Support_Reason").fill_null("Not recorded"),
    }
    return out | {name.lower(): pl.col(name).fill_null("Not recorded") for name in local}


def local_columns(events: pl.DataFrame) -> list[str]:
    """The optional local columns (Team, Locality) the extract fills."""
    return [c for c in ("Team", "Locality") if c in events.columns and events[c].null_count() < events.height]


def _counts(
    frame: pl.DataFrame,
    *,
    indicator_id: str,
    month: pl.Expr,
    dims: dict[str, pl.Expr],
    month_ends: list[date],
    person: bool = False,
    cal: Calendar = MONTHLY,
) -> pl.DataFrame:
    """Events (or people, with ``person``) per month: the headline, with a 0 for every month of the extract that
    had none (a quiet month is a figure, not a gap), and each breakdown's categories where there were any."""
    agg = pl.col("LA_Person_Unique_Identifier").n_unique() if person else pl.len()
    # one lazy plan for the headline and every breakdown, so that polars runs the group-bys side by side
    framed = frame.lazy().with_columns(month.alias("_month")).filter(pl.col("_month").is_in(month_ends))
    counted = framed.group_by("_month").agg(agg.cast(pl.Float64).alias("value"))
    every = pl.LazyFrame({"_month": month_ends}, schema={"_month": pl.Date})
    headline = every.join(counted, on="_month", how="left").with_columns(pl.col("value").fill_null(0.0))
    parts = [
        headline.with_columns(
            pl.lit(None, pl.String).alias("breakdown_dim"), pl.lit(None, pl.String).alias("breakdown_cat")
        )
    ]
    if dims:  # every breakdown in one count: a row per event (or person) and breakdown, grouped once
        keep = ["_month", "LA_Person_Unique_Identifier"] if person else ["_month"]
        long = framed.select(*keep, *(expr.cast(pl.String).alias(name) for name, expr in dims.items())).unpivot(
            index=keep, variable_name="breakdown_dim", value_name="breakdown_cat"
        )
        parts.append(long.group_by("_month", "breakdown_dim", "breakdown_cat").agg(agg.cast(pl.Float64).alias("value")))
    return _finish(pl.concat(parts, how="diagonal_relaxed").collect(), indicator_id, cal)


def _flag_counts(
    frame: pl.DataFrame,
    *,
    flags: dict[str, pl.Expr],
    month: pl.Expr,
    dims: dict[str, pl.Expr],
    month_ends: list[date],
    cal: Calendar = MONTHLY,
) -> dict[str, pl.DataFrame]:
    """:func:`_counts` of several subsets of one frame at once: for each name in ``flags``, the events for which its
    expression is true, counted as ``_counts`` counts them (the headline with a 0 for a quiet month; a breakdown's
    categories where there were any). The breakdowns are worked out once for every row, not once per subset."""
    names = list(flags)
    marks = [f"_f{k}" for k in range(len(names))]
    framed = (
        frame.lazy()
        .with_columns(
            month.alias("_month"),
            *(
                flag.fill_null(False).cast(pl.Float64).alias(mark)
                for mark, flag in zip(marks, flags.values(), strict=True)
            ),
        )
        .filter(pl.col("_month").is_in(month_ends))
    )
    sums = [pl.col(mark).sum() for mark in marks]
    every = pl.LazyFrame({"_month": month_ends}, schema={"_month": pl.Date})
    headline = (
        every.join(framed.group_by("_month").agg(sums), on="_month", how="left")
        .with_columns(pl.col(mark).fill_null(0.0) for mark in marks)
        .with_columns(pl.lit(None, pl.String).alias("breakdown_dim"), pl.lit(None, pl.String).alias("breakdown_cat"))
    )
    parts = [headline]
    # each breakdown grouped on its own over the same rows (not the rows repeated once per breakdown, which for a
    # large extract's weekly waits held several times the rows at once)
    parts += [
        framed.group_by("_month", expr.cast(pl.String).alias("breakdown_cat"))
        .agg(sums)
        .with_columns(pl.lit(name, pl.String).alias("breakdown_dim"))
        for name, expr in dims.items()
    ]
    counted = pl.concat(parts, how="diagonal_relaxed").collect()
    out = {}
    for name, mark in zip(names, marks, strict=True):
        rows = counted.select("_month", "breakdown_dim", "breakdown_cat", pl.col(mark).alias("value"))
        out[name] = _finish(rows.filter(pl.col("breakdown_dim").is_null() | (pl.col("value") > 0)), name, cal)
    return out


def _finish(frame: pl.DataFrame, indicator_id: str, cal: Calendar) -> pl.DataFrame:
    """Count rows (``_month``, the breakdown, value) as indicator rows."""
    out = frame.with_columns(
        pl.lit(indicator_id).alias("indicator_id"),
        cal.label(pl.col("_month")).alias("period"),
        pl.lit(cal.period_type).alias("period_type"),
    )
    for column in ("numerator", "denominator"):
        if column not in out.columns:
            out = out.with_columns(pl.lit(None, pl.Float64).alias(column))
    return out.select(*OUT)


#: What a request led to, from its outcome (DHSC requests fact, read through the Event_Outcome defined list).
WHAT_FOLLOWED = (
    pl.when(pl.col("Event_Outcome") == "Progress to assessment, review or reassessment")
    .then(pl.lit("An assessment"))
    .when(pl.col("Event_Outcome") == "Progress to reablement/ST-Max")
    .then(pl.lit("Short-term support (ST-Max)"))
    .when(pl.col("Event_Outcome") == "Progress to support planning or services")
    .then(pl.lit("Long-term support or other services"))
    .when(pl.col("Event_Outcome").str.starts_with("NFA"))
    .then(pl.lit("No further action"))
    .otherwise(pl.lit("Other or not recorded"))
)
#: Long-term support's setting, for breakdowns: 'Community', 'Residential care', 'Nursing care', 'Prison'.
SERVICE_TYPE = pl.col("Service_Type").str.replace("Long term support: ", "", literal=True).fill_null("Not recorded")


def _share(whole: pl.DataFrame, part: pl.DataFrame, *, indicator_id: str) -> pl.DataFrame:
    """``part`` as a percentage of ``whole`` (both from :func:`_counts`), per period and category, to one decimal
    place, with its numerator and denominator. No share where the whole is 0: a month with nobody to count has no
    percentage, not 0%."""
    keys = ["period", "breakdown_dim", "breakdown_cat"]
    return (
        whole.filter(pl.col("value") > 0)
        .drop("numerator", "denominator")
        .join(part.select(*keys, pl.col("value").alias("numerator")), on=keys, how="left", nulls_equal=True)
        .with_columns(
            pl.col("numerator").fill_null(0.0),
            pl.col("value").alias("denominator"),
            pl.lit(indicator_id).alias("indicator_id"),
        )
        .with_columns((pl.col("numerator") / pl.col("denominator") * 100).round(1).alias("value"))
        .select(*OUT)
    )


def requests(
    events: pl.DataFrame, *, month_ends: list[date], cal: Calendar = MONTHLY, worked: Worked | None = None
) -> pl.DataFrame:
    """Requests for support, by the month they were received, and by route of access and the person's details.

    ``requests_all``: every request event (DHSC requests fact: Event_Type 'Request'). ``requests_new``: those from
    people with no long-term support service open on the request date: SALT STS001's 'new clients', read for
    CLD as NHS England's transformation does; unlike it, a person's earlier requests do not count against them."""
    reqs = worked.requests if worked is not None else _requests_marked(events)
    month = cal.end_of(pl.col("Event_Start_Date"))
    dims = _request_dims(events)
    flags = {"requests_all": pl.lit(True), "requests_new": pl.col("_new")}
    counted = _flag_counts(reqs, flags=flags, month=month, dims=dims, month_ends=month_ends, cal=cal)
    return pl.concat(counted.values())


def assessments(events: pl.DataFrame, *, month_ends: list[date], cal: Calendar = MONTHLY) -> pl.DataFrame:
    """Assessments completed in the month (DHSC assessments fact: an assessment event with an end date), and the
    share that found eligible needs (Eligible_Needs_Identified 'Yes', of those completed that say Yes or No).
    Financial assessments are left out, as DHSC does for needs assessments. ``carer_assessments_completed``: of
    those, unpaid carers' assessments (Assessment_Type 'Unpaid carer assessment'), by the carer's details; made
    only where the extract records at least one."""
    done = events.filter(
        (pl.col("Event_Type") == "Assessment")
        & pl.col("Event_End_Date").is_not_null()
        & (pl.col("Assessment_Type").fill_null("") != "Financial assessment")
    )
    month = cal.end_of(pl.col("Event_End_Date"))
    dims = _breakdowns(pl.col("Event_End_Date"), local_columns(events))
    said = pl.col("Eligible_Needs_Identified")
    flags = {
        "assessments_completed": pl.lit(True),
        "assessments_eligible": said == "Yes",
        "answered": said.is_in(["Yes", "No"]),
    }
    carers = pl.col("Assessment_Type") == CARER_ASSESSMENT
    if done.select(carers.any()).item():  # an extract that records no carer's assessment gives no series of noughts
        flags["carer_assessments_completed"] = carers
    counted = _flag_counts(done, flags=flags, month=month, dims=dims, month_ends=month_ends, cal=cal)
    whole = counted.pop("answered")
    share = _share(whole, counted["assessments_eligible"], indicator_id="assessments_eligible_pct")
    return pl.concat([*counted.values(), share])


#: The assessment type of an unpaid carer's assessment (the CLD defined list).
CARER_ASSESSMENT = "Unpaid carer assessment"


def reviews(events: pl.DataFrame, *, month_ends: list[date], cal: Calendar = MONTHLY) -> pl.DataFrame:
    """Reviews completed in the month (an ended review event), planned and unplanned (Review_Reason); and of those
    that say whether the person's outcomes were achieved (fully, partially or not: 'Not known' and empty left out),
    the share fully achieved (``review_outcomes_achieved_pct``; DHSC's reviews fact carries the field, and no
    published measure is made from it)."""
    done = events.filter((pl.col("Event_Type") == "Review") & pl.col("Event_End_Date").is_not_null())
    dims = _breakdowns(pl.col("Event_End_Date"), local_columns(events)) | {
        "review reason": pl.col("Review_Reason").fill_null("Not recorded")
    }
    month = cal.end_of(pl.col("Event_End_Date"))
    outcome = pl.col("Review_Outcomes_Achieved")
    flags = {"reviews_completed": pl.lit(True)}
    if done.select(outcome.is_in(list(ACHIEVED_SAID)).any()).item():
        flags |= {"said": outcome.is_in(list(ACHIEVED_SAID)), "fully": outcome == "Fully achieved"}
    counted = _flag_counts(done, flags=flags, month=month, dims=dims, month_ends=month_ends, cal=cal)
    if "said" not in counted:
        return counted["reviews_completed"]
    share = _share(counted["said"], counted["fully"], indicator_id="review_outcomes_achieved_pct")
    return pl.concat([counted["reviews_completed"], share])


#: Review outcomes that say whether the person's outcomes were achieved.
ACHIEVED_SAID = ("Fully achieved", "Partially achieved", "Not achieved")


def open_at(frame: pl.DataFrame, *, ends: list[date]) -> pl.DataFrame:
    """Each row of ``frame`` (an event with a start, an end or none, and the person's date of death) once for every
    day of ``ends`` (sorted) on which it is open, as ``_month``: started on or before the day, not ended before it,
    the person alive that day. Each row is expanded only into the days it covers (found by binary search), never
    set against every day and filtered: the cost follows the open person-periods, not events times periods."""
    if not ends or frame.height == 0:
        return frame.clear().with_columns(pl.lit(None, pl.Date).alias("_month"))
    days = pl.Series("_month", sorted(ends), dtype=pl.Date)
    found = pl.lit(days)
    last = len(days)
    until = found.search_sorted(pl.col("Event_End_Date"), side="right").cast(pl.Int64)
    alive = found.search_sorted(pl.col("Date_of_Death"), side="left").cast(pl.Int64)
    spans = frame.with_columns(
        found.search_sorted(pl.col("Event_Start_Date"), side="left").cast(pl.Int64).alias("_from"),
        pl.min_horizontal(
            pl.when(pl.col("Event_End_Date").is_null()).then(pl.lit(last)).otherwise(until),
            pl.when(pl.col("Date_of_Death").is_null()).then(pl.lit(last)).otherwise(alive),
        ).alias("_to"),
    )
    index = pl.DataFrame({"_at": range(last), "_month": days}, schema={"_at": pl.Int64, "_month": pl.Date})
    return (
        spans.filter(pl.col("_to") > pl.col("_from"))
        .with_columns(pl.int_ranges("_from", "_to").alias("_at"))
        .explode("_at")
        .join(index, on="_at")
        .drop("_from", "_to", "_at")
    )


def _spells(events: pl.DataFrame) -> pl.DataFrame:
    """Each long-term service with the fields a snapshot reads, its ``_spell_start`` (the first start of the
    person's spell: services that overlap or follow within a day) and a ``_row`` number."""
    needed = [
        "LA_Person_Unique_Identifier",
        "Event_Start_Date",
        "Event_End_Date",
        "Date_of_Death",
        "Service_Type",
        "Birth_Year_Month",
        "Gender",
        "Ethnicity",
        "Primary_Support_Reason",
        *local_columns(events),
    ]
    person = "LA_Person_Unique_Identifier"
    ends_as_days = pl.col("Event_End_Date").cast(pl.Int32).fill_null(2**31 - 1)
    lts = (
        events.filter(pl.col("Service_Type").str.starts_with("Long term support"))
        .select(needed)
        .sort(person, "Event_Start_Date", "Event_End_Date", nulls_last=True)
        .with_columns(ends_as_days.cum_max().shift(1).over(person).alias("_reach"))
    )
    lts = (
        lts.with_columns(
            (pl.col("_reach").is_null() | (pl.col("Event_Start_Date").cast(pl.Int32) > pl.col("_reach") + 1))
            .cast(pl.Int32)
            .cum_sum()
            .over(person)
            .alias("_spell")
        )
        .with_columns(pl.col("Event_Start_Date").min().over(person, "_spell").alias("_spell_start"))
        .drop("_reach", "_spell")
        .with_row_index("_row")
    )
    return lts


def snapshot_people(events: pl.DataFrame, *, month_ends: list[date]) -> pl.DataFrame:
    """One row per person in long-term support at each month end (``_month``), with ``_since`` (the start of their
    current spell of long-term support), ``_ref`` (the later of their last completed review on or before the day and
    ``_since``) and the person's fields.

    A spell is the person's long-term services that overlap or follow within a day (a package re-recorded, a move
    from residential to nursing care): re-recording does not reset the clock, and a review from an earlier spell,
    before a gap in support, does not count in a new one. Built in one pass rather than a month at a time: every
    long-term service is set against every month end it is open on, and the last review is found with an as-of
    join."""
    person = "LA_Person_Unique_Identifier"
    lts = _spells(events)
    # only what picks each person's row goes through the expansion into days; their fields join back after
    timing = ["_row", person, "Event_Start_Date", "Event_End_Date", "Date_of_Death", "_spell_start"]
    open_ = open_at(lts.select(timing), ends=month_ends)
    picked = open_.group_by(person, "_month").agg(
        pl.col("_spell_start").min().alias("_since"),
        pl.col("_row").sort_by("Event_Start_Date", "_row").last(),  # their latest-started service
    )
    people = picked.join(lts.drop(person, "Event_Start_Date", "_spell_start"), on="_row").drop("_row")
    reviewed = (
        events.filter((pl.col("Event_Type") == "Review") & pl.col("Event_End_Date").is_not_null())
        .select(person, pl.col("Event_End_Date").alias("_reviewed"))
        .sort("_reviewed")
    )
    return (
        people.sort("_month")
        .join_asof(
            reviewed, left_on="_month", right_on="_reviewed", by=person, strategy="backward", check_sortedness=False
        )
        .with_columns(pl.max_horizontal("_reviewed", "_since").alias("_ref"))
    )


def overdue(months_back: int) -> pl.Expr:
    """Whether a snapshot row's reference date (:func:`snapshot_people`) is ``months_back`` months or more before
    its month end: "not reviewed for 24 months or more" includes the day 24 months before."""
    return pl.col("_ref") <= pl.col("_month").dt.offset_by(f"-{months_back}mo")


def long_term_snapshot(events: pl.DataFrame, *, month_ends: list[date], cal: Calendar = MONTHLY) -> pl.DataFrame:
    """At each month end: the people in long-term support (a long-term service open that day, and not dead), and
    of those the people whose last completed review, or with none the start of their spell of long-term support,
    was 12 and 24 months or more before: Leicester's 'not reviewed for 24 months or more' (:func:`snapshot_people`
    defines it person by person; this counts the same from :func:`snapshot_runs` without a row per person and
    day). Snapshots."""
    if not month_ends:
        return pl.DataFrame(schema=dict.fromkeys(OUT, pl.String))
    ends = sorted(month_ends)
    runs = _by_age_band(snapshot_runs(events, ends=ends), ends=ends)
    dims = _breakdowns(pl.col("_month"), local_columns(events)) | {"service type": SERVICE_TYPE, AGE: pl.col("_band")}
    every = pl.DataFrame({"_month": ends}, schema={"_month": pl.Date})
    parts = []
    raw = {AGE: "_band", "service type": "Service_Type"} | {
        "gender": "Gender",
        "ethnicity": "Ethnicity",
        "primary support reason": "Primary_Support_Reason",
    }
    raw |= {name.lower(): name for name in local_columns(events)}
    # counted by each raw field first (all fields in one pass), and the few sums then put in their categories (an
    # ethnic group) and added up
    by_fields = _snapshot_by_fields(runs.lazy(), fields=["_none", *raw.values()], ends=ends).collect().lazy()
    for name, expr in [(None, pl.lit(None, pl.String)), *dims.items()]:
        field = "_none" if name is None else raw[name]
        by_field = by_fields.filter(pl.col("_field") == field).select(
            "_month", pl.col("_value").alias(field), *SNAPSHOT_COUNTS
        )
        sums = by_field.group_by("_month", expr.alias("breakdown_cat")).agg(pl.col(i).sum() for i in SNAPSHOT_COUNTS)
        if name is None:  # the headline has every month, a quiet one as 0
            sums = (
                every.lazy()
                .join(sums, on="_month", how="left")
                .with_columns(pl.col(i).fill_null(0.0) for i in SNAPSHOT_COUNTS)
            )
        for indicator_id in SNAPSHOT_COUNTS:
            rows = sums.select("_month", "breakdown_cat", pl.col(indicator_id).alias("value"))
            if name is not None:  # a breakdown lists the categories someone is counted in
                rows = rows.filter(pl.col("value") > 0)
            parts.append(
                rows.with_columns(pl.lit(name, pl.String).alias("breakdown_dim"), pl.lit(indicator_id).alias("_id"))
            )
    # one lazy plan for every breakdown, so that polars counts them side by side
    counted = pl.concat(parts).collect()
    return pl.concat(
        [_finish(counted.filter(pl.col("_id") == i).drop("_id"), i, cal) for i in SNAPSHOT_COUNTS]
    ).with_columns(pl.lit(cal.snapshot_type).alias("period_type"))


def _by_age_band(runs: pl.DataFrame, *, ends: list[date]) -> pl.DataFrame:
    """The runs (:func:`snapshot_runs`) cut where the person turns 18 or 65, each piece with its age band on every
    period end it covers (``_band``, as :func:`_age_band` gives it on the day): counting by band then needs four
    values, not one per month of birth."""
    months = pl.lit(pl.Series([d.year * 12 + d.month for d in ends], dtype=pl.Int64))
    year = pl.col("Birth_Year_Month").str.slice(0, 4).cast(pl.Int64, strict=False)
    month = pl.col("Birth_Year_Month").str.slice(5, 2).cast(pl.Int64, strict=False)
    born = year * 12 + month
    # the first period end at which the person is 18, and 65 (months old at an end: its month number less born)
    turns = {
        age: months.search_sorted(born + age * 12, side="left").cast(pl.Int64).alias(f"_turns_{age}")
        for age in (18, 65)
    }
    marked = runs.with_columns(born.alias("_born"), *turns.values())
    pieces = [marked.filter(pl.col("_born").is_null()).with_columns(pl.lit("Unknown").alias("_band"))]
    known = marked.filter(pl.col("_born").is_not_null())
    for band, start, end in (
        ("Under 18", pl.col("_a"), pl.min_horizontal("_b", "_turns_18")),
        ("18-64", pl.max_horizontal("_a", "_turns_18"), pl.min_horizontal("_b", "_turns_65")),
        ("65+", pl.max_horizontal("_a", "_turns_65"), pl.col("_b")),
    ):
        pieces.append(known.with_columns(start.alias("_a"), end.alias("_b"), pl.lit(band).alias("_band")))
    overdue = [f"_at_{back}m" for back in SNAPSHOT_COUNTS.values() if back is not None]
    return (
        pl.concat(pieces)
        .filter(pl.col("_a") < pl.col("_b"))
        .with_columns(pl.max_horizontal(at, "_a").alias(at) for at in overdue)
        .drop("_born", "_turns_18", "_turns_65")
    )


#: The snapshot's counts, and how many months back a review makes someone overdue (None: everyone counts).
SNAPSHOT_COUNTS = {"people_long_term_support": None, "reviews_overdue_12m": 12, "reviews_overdue_24m": 24}


def snapshot_runs(events: pl.DataFrame, *, ends: list[date]) -> pl.DataFrame:
    """The snapshot of :func:`snapshot_people` as runs: one row per person and run of consecutive period ends
    (indices ``_a`` to ``_b``, end excluded, into the sorted ``ends``) over which nothing the snapshot reads changes
    for them: the same services open, so the same spell start (``_since``) and latest-started service (whose
    fields the row carries), and the same last review (``_ref``, the later of it and ``_since``). ``_at_12m`` and
    ``_at_24m``: the first index from which the run's person is 12 and 24 months overdue.

    Why runs: a weekly snapshot over two years set every service against every week it is open on (Kent: about
    1.5 million person-weeks); a run changes only where a service starts or ends or a review is completed, so the
    cost follows the records, not the records times the periods."""
    person = "LA_Person_Unique_Identifier"
    days = pl.Series("_day", ends, dtype=pl.Date)
    last = len(days)
    found = pl.lit(days)
    lts = _spells(events)
    until = found.search_sorted(pl.col("Event_End_Date"), side="right").cast(pl.Int64)
    alive = found.search_sorted(pl.col("Date_of_Death"), side="left").cast(pl.Int64)
    spans = lts.with_columns(
        found.search_sorted(pl.col("Event_Start_Date"), side="left").cast(pl.Int64).alias("_from"),
        pl.min_horizontal(
            pl.when(pl.col("Event_End_Date").is_null()).then(pl.lit(last)).otherwise(until),
            pl.when(pl.col("Date_of_Death").is_null()).then(pl.lit(last)).otherwise(alive),
        ).alias("_to"),
    ).filter(pl.col("_to") > pl.col("_from"))
    timing = spans.select("_row", person, "Event_Start_Date", "_spell_start", "_from", "_to")
    reviewed = (
        events.filter((pl.col("Event_Type") == "Review") & pl.col("Event_End_Date").is_not_null())
        .select(person, pl.col("Event_End_Date").alias("_reviewed"))
        .join(timing.select(person).unique(), on=person, how="semi")
    )
    # a run breaks where a service opens or closes, or a review is completed (from the first end on or after it)
    points = pl.concat(
        [
            timing.select(person, pl.col("_from").alias("_a")),
            timing.select(person, pl.col("_to").alias("_a")),
            reviewed.select(person, found.search_sorted(pl.col("_reviewed"), side="left").cast(pl.Int64).alias("_a")),
        ]
    )
    runs = (
        points.filter(pl.col("_a") <= last)
        .unique()
        .sort(person, "_a")
        .with_columns(pl.col("_a").shift(-1).over(person).alias("_b"))
        .filter(pl.col("_b").is_not_null())
    )
    picked = (
        runs.join(timing, on=person)
        .filter((pl.col("_from") <= pl.col("_a")) & (pl.col("_to") >= pl.col("_b")))
        .group_by(person, "_a", "_b")
        .agg(
            pl.col("_spell_start").min().alias("_since"),
            pl.col("_row").sort_by("Event_Start_Date", "_row").last(),  # their latest-started service
        )
    )
    index = pl.DataFrame({"_a": range(last), "_day": days}, schema={"_a": pl.Int64, "_day": pl.Date})
    picked = (
        picked.join(index, on="_a")
        .sort("_day")
        .join_asof(
            reviewed.sort("_reviewed"),
            left_on="_day",
            right_on="_reviewed",
            by=person,
            strategy="backward",
            check_sortedness=False,
        )
        .with_columns(pl.max_horizontal("_reviewed", "_since").alias("_ref"))
    )
    overdue_from = [
        pl.max_horizontal(
            pl.lit(days.dt.offset_by(f"-{back}mo")).search_sorted(pl.col("_ref"), side="left").cast(pl.Int64),
            pl.col("_a"),
        ).alias(f"_at_{back}m")
        for back in SNAPSHOT_COUNTS.values()
        if back is not None
    ]
    return (
        picked.with_columns(*overdue_from)
        .join(lts.drop(person, "Event_Start_Date", "_spell_start"), on="_row")
        .drop("_row", "_day", "Event_End_Date", "Date_of_Death")
    )


def snapshot_by(runs: pl.DataFrame, *, field: str | None, ends: list[date]) -> pl.DataFrame:
    """The snapshot's counts (:data:`SNAPSHOT_COUNTS`) at each of ``ends`` (``_month``) for each value of a raw
    ``field`` of the runs (:func:`snapshot_runs`; None for the whole): each run adds one from its first index (or
    from when it is overdue) and takes it away at its end; the running sum at an end is the number counted."""
    name = field or "_none"
    counted = _snapshot_by_fields(runs.lazy(), fields=[name], ends=ends).collect()
    return counted.select("_month", pl.col("_value").alias(name), *SNAPSHOT_COUNTS)


def _snapshot_by_fields(runs: pl.LazyFrame, *, fields: list[str], ends: list[date]) -> pl.LazyFrame:
    """:func:`snapshot_by` for several raw fields at once (``_none``: the whole), in one pass: ``_field`` names
    the field and ``_value`` holds its value."""
    starts = {
        name: (pl.col("_a") if back is None else pl.col(f"_at_{back}m")) for name, back in SNAPSHOT_COUNTS.items()
    }
    held = runs.with_columns(pl.lit(None, pl.String).alias("_none")).select(
        *(pl.col(f).cast(pl.String) for f in fields), "_a", "_b", *(f"_at_{b}m" for b in SNAPSHOT_COUNTS.values() if b)
    )

    def step(at: pl.Expr, *, name: str, sign: float, when: pl.Expr) -> pl.LazyFrame:
        return held.filter(when < pl.col("_b")).select(
            *fields,
            at.alias("_i"),
            *(pl.lit(sign if other == name else 0.0).alias(other) for other in SNAPSHOT_COUNTS),
        )

    steps = pl.concat(
        [step(at, name=name, sign=1.0, when=at) for name, at in starts.items()]
        + [step(pl.col("_b"), name=name, sign=-1.0, when=at) for name, at in starts.items()]
    ).unpivot(index=["_i", *SNAPSHOT_COUNTS], on=fields, variable_name="_field", value_name="_value")
    keys = ["_field", "_value"]
    changes = steps.group_by(*keys, "_i").agg(pl.col(name).sum() for name in SNAPSHOT_COUNTS)
    index = pl.LazyFrame({"_i": range(len(ends)), "_month": ends}, schema={"_i": pl.Int64, "_month": pl.Date})
    grid = changes.select(keys).unique().join(index, how="cross")
    return (
        grid.join(changes, on=[*keys, "_i"], how="left", nulls_equal=True)
        .with_columns(pl.col(name).fill_null(0.0) for name in SNAPSHOT_COUNTS)
        .sort(*keys, "_i", nulls_last=True)
        .with_columns(pl.col(name).cum_sum().over(keys) for name in SNAPSHOT_COUNTS)
        .filter(pl.col("people_long_term_support") > 0)
        .select("_month", *keys, *SNAPSHOT_COUNTS)
    )


def _new_requests(events: pl.DataFrame) -> pl.DataFrame:
    """Requests from new people (as :func:`requests` defines them), one row each, with the person and date."""
    return _requests_marked(events).filter(pl.col("_new")).drop("_new")


def _request_dims(events: pl.DataFrame) -> dict[str, pl.Expr]:
    """What requests are broken down by: the person's details, the route of access and what followed."""
    return _breakdowns(pl.col("Event_Start_Date"), local_columns(events)) | {
        "route of access": pl.col("Request_Route_of_Access").fill_null("Not recorded"),
        "what followed": WHAT_FOLLOWED,
    }


#: The fields of a request that the request counts and the still-waiting count read, beside those of its breakdowns.
REQUEST_FIELDS = (
    "LA_Person_Unique_Identifier",
    "Event_Type",
    "Event_Start_Date",
    "Event_End_Date",
    "Event_Outcome",
    "Date_of_Death",
    "Birth_Year_Month",
)


def _roots(exprs: Iterable[pl.Expr]) -> set[str]:
    """The fields some expressions read."""
    return {root for expr in exprs for root in expr.meta.root_names()}


def _request_fields(events: pl.DataFrame) -> list[str]:
    """The fields a request's row keeps once it is set apart from the other events: a large extract's requests are
    most of its rows, and a copy of every field of each was most of the ingest's memory."""
    read = _roots(_request_dims(events).values()) | set(REQUEST_FIELDS)
    return [c for c in events.columns if c in read]


def _waits_fields(events: pl.DataFrame) -> pl.DataFrame:
    """``events`` with only what DHSC's waits read (metrics.cld.waits.STAGE_FIELDS) and what they are broken down
    by: the stages copy their rows several times, and a large extract's other fields were most of that memory."""
    read = _roots(_breakdowns(pl.col("Event_Start_Date"), local_columns(events)).values()) | set(waiting.STAGE_FIELDS)
    return events.select([c for c in events.columns if c in read])


def _requests_marked(events: pl.DataFrame) -> pl.DataFrame:
    """Every request (the fields :func:`_request_fields` names), with ``_new``: whether it came from a new person
    (no long-term support open that day)."""
    reqs = events.select(_request_fields(events)).filter(pl.col("Event_Type") == "Request")
    lts = events.filter(pl.col("Service_Type").str.starts_with("Long term support")).select(
        "LA_Person_Unique_Identifier", pl.col("Event_Start_Date").alias("_s"), pl.col("Event_End_Date").alias("_e")
    )
    open_then = (
        reqs.with_row_index("_r")
        .join(lts, on="LA_Person_Unique_Identifier")
        .filter(
            (pl.col("_s") <= pl.col("Event_Start_Date"))
            & (pl.col("_e").is_null() | (pl.col("_e") >= pl.col("Event_Start_Date")))
        )["_r"]
        .unique()
    )
    return reqs.with_row_index("_r").with_columns((~pl.col("_r").is_in(open_then.implode())).alias("_new")).drop("_r")


#: A request not followed by its assessment or service within this many days is taken as closed: it neither links
#: to a much later event nor waits for ever.
LINK_DAYS = 365
ASK_FOR_ASSESSMENT = "Progress to assessment, review or reassessment"


def _asks(new_requests: pl.DataFrame) -> pl.DataFrame:
    """New people's requests (:func:`_new_requests`) sent on to an assessment (for the still-waiting count)."""
    new = new_requests.rename({"Event_Start_Date": "_asked"})
    return new.filter(pl.col("Event_Outcome").fill_null("") == ASK_FOR_ASSESSMENT)


#: People still waiting are counted from the month that starts this many days after the extract's reporting period
#: begins: before it, requests made before the extract began are not in it, so too few would seem to wait.
WAIT_RUN_IN_DAYS = 90


def observable_waits(*, month_ends: list[date], from_day: date | None) -> list[date]:
    """The month ends whose waiting lists can be seen whole: months starting :data:`WAIT_RUN_IN_DAYS` or more
    after the reporting period's first day."""
    if from_day is None:
        return []
    run_in_ends = from_day + timedelta(days=WAIT_RUN_IN_DAYS)
    return [m for m in month_ends if m.replace(day=1) >= run_in_ends]


def first_day(events: pl.DataFrame, *, submissions: tuple[Submission, ...] = ()) -> date | None:
    """The first day the extract reports on: its stated reporting period's start, or else its first request."""
    stated = submission_rules.period_start(submissions)
    if stated is not None:
        return stated
    asked = events.filter(pl.col("Event_Type") == "Request")["Event_Start_Date"]
    return cast(date, asked.min()) if asked.len() else None


#: The DHSC measures, the wait each reads (Part 1 to first response, Part 2 to first service) and its age band.
DHSC_WAITS = (
    ("wait_assessment_median_days", "_part1", "_resp_start", "_resp_band"),
    ("wait_service_median_days", "_part2", "_svc_start", "_svc_band"),
)


def _quarter_of(day: pl.Expr) -> pl.Expr:
    """'2023/24 Q1' for a date: the financial quarter (DHSC's statistical reporting quarter, the same months)."""
    fy = pl.when(day.dt.month() >= 4).then(day.dt.year()).otherwise(day.dt.year() - 1)
    q = (day.dt.month() - 4) % 12 // 3 + 1
    return pl.format("{}/{} Q{}", fy, ((fy + 1) % 100).cast(pl.String).str.zfill(2), q)


def _wait_summary(frame: pl.DataFrame, *, wait: str, keys: list[str]) -> pl.DataFrame:
    over = pl.col(wait) > OVER_DAYS
    return frame.group_by(keys).agg(
        pl.col(wait).median().cast(pl.Float64).round(1).alias("_median"),
        pl.len().cast(pl.Float64).alias("_count"),
        over.sum().cast(pl.Float64).alias("_over"),
    )


def _wait_groups(
    waits: pl.DataFrame, *, month_ends: list[date], local: list[str], cal: Calendar
) -> Iterator[tuple[str, str, str, str | None, pl.DataFrame]]:
    """The person-level ``waits`` grouped as DHSC's measures count them, one group of rows at a time: for each
    measure, the wait it reads, each level (the month or week the response or service started, and with the monthly
    calendar the whole quarter) and each breakdown (None for the headline), a frame of that level's key, the
    ``breakdown_cat`` and the wait in days. The medians (:func:`dhsc_waits`) and the counts of waits by their length
    (:func:`wait_days`, which a region's median is pooled from) read the same groups."""
    covered = set(month_ends)
    whole = set(rollup.quarters_covered(month_ends)) if cal == MONTHLY else set()
    for indicator_id, wait, began, band in DHSC_WAITS:
        done = waits.filter(pl.col(wait).is_not_null()).with_columns(
            cal.end_of(pl.col(began)).alias("_month"), _quarter_of(pl.col(began)).alias("_quarter")
        )
        done = done.filter(pl.col("_month").is_in(list(covered)))
        dims = {AGE: pl.col(band)} | {
            k: v for k, v in _breakdowns(pl.col("Event_Start_Date"), local).items() if k != AGE
        }
        for level in ("_month", "_quarter") if cal == MONTHLY else ("_month",):
            scoped = done if level == "_month" else done.filter(pl.col("_quarter").is_in(list(whole)))
            yield (
                indicator_id,
                wait,
                level,
                None,
                scoped.select(level, pl.lit(None, pl.String).alias("breakdown_cat"), wait),
            )
            for name, expr in dims.items():
                yield indicator_id, wait, level, name, scoped.select(level, expr.alias("breakdown_cat"), wait)


def dhsc_waits(
    events: pl.DataFrame,
    *,
    month_ends: list[date],
    from_day: date | None,
    local: list[str],
    cal: Calendar = MONTHLY,
    measured: pl.DataFrame | None = None,
) -> pl.DataFrame:
    """DHSC's Part 1 and Part 2 medians (metrics.cld.waits) with the number of waits behind each (denominator),
    and the share of Part 1 waits over 28 days, by the month and by the quarter the response (or service) started
    (or, with the weekly calendar, by its week): the headline, DHSC's age bands and the other breakdowns. A quarter
    is made only when all three of its months are in the extract. ``measured``: the person-level waits
    (metrics.cld.waits.person_waits) when already worked out, for another calendar."""
    waits = measured if measured is not None else waiting.person_waits(_waits_fields(events), from_day=from_day)
    summaries: dict[tuple[str, str], list[pl.DataFrame]] = {}
    for indicator_id, wait, level, dim, group in _wait_groups(waits, month_ends=month_ends, local=local, cal=cal):
        keys = [level] if dim is None else [level, "breakdown_cat"]
        summary = _wait_summary(group, wait=wait, keys=keys).with_columns(
            pl.lit(dim, pl.String).alias("breakdown_dim"),
            *([pl.lit(None, pl.String).alias("breakdown_cat")] if dim is None else []),
        )
        summaries.setdefault((indicator_id, level), []).append(summary)
    out = []
    for (indicator_id, level), parts in summaries.items():
        summary = pl.concat(parts, how="diagonal_relaxed")
        out.append(_wait_rows(summary, indicator_id=indicator_id, level=level, cal=cal))
        if indicator_id == "wait_assessment_median_days":
            out.append(_wait_rows(summary, indicator_id="completed_wait_28d_pct", level=level, cal=cal))
    return pl.concat(out, how="diagonal_relaxed").select(*OUT)


#: The columns of :func:`wait_days`: a measure's period and breakdown, a length of wait in days, and how many.
WAIT_DAYS = ("indicator_id", "period", "period_type", "breakdown_dim", "breakdown_cat", "days", "waits")
WAIT_DAYS_SCHEMA: dict[str, pl.DataType] = {
    **{c: pl.String() for c in WAIT_DAYS[:5]},
    "days": pl.Int64(),
    "waits": pl.Float64(),
}


def wait_days(waits: pl.DataFrame, *, month_ends: list[date], local: list[str]) -> pl.DataFrame:
    """How many of DHSC's waits (``waits``: metrics.cld.waits.person_waits) took each whole number of days, for
    each median :func:`dhsc_waits` makes by the month and the whole quarter (not by the week): what a region's or
    England's median is worked out from, by pooling councils' waits rather than averaging their medians
    (metrics.cld.pooled). Counts of waits, never a person: a length of wait shared by one person in a category is
    a count of 1, as the median's own denominator is."""
    out = []
    for indicator_id, wait, level, dim, group in _wait_groups(waits, month_ends=month_ends, local=local, cal=MONTHLY):
        counted = group.group_by(level, "breakdown_cat", wait).agg(pl.len().cast(pl.Float64).alias("waits"))
        out.append(
            counted.select(
                pl.lit(indicator_id).alias("indicator_id"),
                (MONTHLY.label(pl.col(level)) if level == "_month" else pl.col(level)).alias("period"),
                pl.lit(MONTHLY.period_type if level == "_month" else None, pl.String).alias("period_type"),
                pl.lit(dim, pl.String).alias("breakdown_dim"),
                pl.col("breakdown_cat").cast(pl.String),
                pl.col(wait).cast(pl.Int64).alias("days"),
                "waits",
            )
        )
    if not out:
        return pl.DataFrame(schema=WAIT_DAYS_SCHEMA)
    return pl.concat(out).cast(pl.Schema(WAIT_DAYS_SCHEMA))


def _wait_rows(summary: pl.DataFrame, *, indicator_id: str, level: str, cal: Calendar) -> pl.DataFrame:
    """The summary's medians (or, for the 28-day share, its percentages) as indicator rows."""
    share = indicator_id == "completed_wait_28d_pct"
    period = cal.label(pl.col("_month")) if level == "_month" else pl.col("_quarter")
    return summary.select(
        pl.lit(indicator_id).alias("indicator_id"),
        period.alias("period"),
        pl.lit(cal.period_type if level == "_month" else None, pl.String).alias("period_type"),
        "breakdown_dim",
        "breakdown_cat",
        ((pl.col("_over") / pl.col("_count") * 100).round(1) if share else pl.col("_median")).alias("value"),
        (pl.col("_over") if share else pl.lit(None, pl.Float64)).alias("numerator"),
        pl.col("_count").alias("denominator"),
    )


def waiting_times(
    events: pl.DataFrame,
    *,
    month_ends: list[date],
    submissions: tuple[Submission, ...] = (),
    cal: Calendar = MONTHLY,
    worked: Worked | None = None,
) -> pl.DataFrame:
    """Waiting times: DHSC's measures (:func:`dhsc_waits`, after metrics.cld.waits), and the product's own count of
    people still waiting at each month end:

    * ``people_waiting_assessment``: at each month end, new people with a request sent on to an assessment that had
      not started, counted once each from their earliest open request;
    * ``assessment_wait_28d_pct`` and ``assessment_wait_6m_pct``: of those still waiting, the share who had waited
      more than 28 days and more than 6 months (182 days).

    A request closes without an assessment after :data:`LINK_DAYS` days, or when the person dies. The still-waiting
    counts start after a run-in (:func:`observable_waits`): requests made before the extract began are not in it."""
    local = local_columns(events)
    from_day = first_day(events, submissions=submissions)
    assessed = events.filter(
        (pl.col("Event_Type") == "Assessment") & (pl.col("Assessment_Type").fill_null("") != "Financial assessment")
    )
    measured = worked.waits if worked is not None else None
    dhsc = dhsc_waits(events, month_ends=month_ends, from_day=from_day, local=local, cal=cal, measured=measured)
    waiting_at = observable_waits(month_ends=month_ends, from_day=from_day)
    asks = worked.asks if worked is not None else _asks(_new_requests(events))
    return pl.concat(
        [dhsc, _still_waiting(asks, assessed, month_ends=waiting_at, local=local, cal=cal)],
        how="diagonal_relaxed",
    ).select(*OUT)


def _still_waiting(asks, assessed, *, month_ends, local, cal: Calendar = MONTHLY) -> pl.DataFrame:
    person = "LA_Person_Unique_Identifier"
    # a request's own categories (all but the age band, which changes with the day) are worked out once for the
    # request, not for every period end it waits over
    own = {name: expr for name, expr in _breakdowns(pl.col("_asked"), local).items() if name != AGE}
    marks = {name: f"_dim_{k}" for k, name in enumerate(own)}
    asks = asks.select(
        person,
        "_asked",
        "Date_of_Death",
        "Birth_Year_Month",
        *(expr.cast(pl.String).alias(marks[name]) for name, expr in own.items()),
    )
    starts = assessed.select(person, pl.col("Event_Start_Date").alias("_answered")).sort("_answered")
    asks = asks.sort("_asked").join_asof(
        starts, left_on="_asked", right_on="_answered", by=person, strategy="forward", check_sortedness=False
    )
    # a request waits from the day it was made until the day before its assessment, for at most LINK_DAYS
    lapses = pl.col("_asked").dt.offset_by(f"{LINK_DAYS}d")
    answered_eve = pl.col("_answered").dt.offset_by("-1d")
    open_asks = asks.drop("Event_End_Date", strict=False).with_columns(
        pl.col("_asked").alias("Event_Start_Date"),
        pl.min_horizontal(lapses, answered_eve).alias("Event_End_Date"),
    )
    # each request is set against the days it is open with only its dates and numbers (a request waiting a year is
    # 52 weekly rows), and its categories joined back once each person's earliest open request is chosen
    keyed = open_asks.with_row_index("_k").with_columns(pl.col(person).rank("dense").alias("_pid"))
    dates = keyed.select("_k", "_pid", "_asked", "Event_Start_Date", "Event_End_Date", "Date_of_Death")
    days = open_at(dates, ends=month_ends).with_columns(
        (pl.col("_month") - pl.col("_asked")).dt.total_days().alias("_waited")
    )
    # each person once, from their earliest open request (the first made of those made the same day): only people
    # with more than one request can be counted twice, so only their rows are sorted
    several = pl.col("_k").is_in(keyed.filter(pl.col("_pid").is_duplicated())["_k"].implode())
    earliest = pl.concat(
        [
            days.filter(~several),
            days.filter(several).sort("_asked", "_k").unique(["_pid", "_month"], keep="first", maintain_order=True),
        ]
    )
    own_fields = keyed.select(person, "Birth_Year_Month", *marks.values())
    waiting = pl.concat([earliest, own_fields.select(pl.all().gather(earliest["_k"]))], how="horizontal")
    # one row per person and day (above): rows are people
    waited = {"assessment_wait_28d_pct": 28, "assessment_wait_6m_pct": 182}
    counted = _flag_counts(
        waiting,
        flags={"people_waiting_assessment": pl.lit(True)} | {k: pl.col("_waited") > d for k, d in waited.items()},
        month=pl.col("_month"),
        dims={AGE: _age_band(pl.col("_month"))} | {name: pl.col(mark) for name, mark in marks.items()},
        month_ends=month_ends,
        cal=cal,
    )
    count = counted["people_waiting_assessment"].with_columns(pl.lit(cal.snapshot_type).alias("period_type"))
    headline = count.filter(pl.col("breakdown_dim").is_null())
    return pl.concat([count, *(_share(headline, counted[k], indicator_id=k) for k in waited)])


def short_term_support(
    events: pl.DataFrame, *, month_ends: list[date], cal: Calendar = MONTHLY, worked: Worked | None = None
) -> pl.DataFrame:
    """Short-term support to maximise independence (ST-Max, reablement), by the month an episode ended.

    ``st_max_completed``: ST-Max services ended. ``reablement_no_ongoing_pct``: ASCOF 2A from CLD as DHSC computes
    it for 2024-25 on (metrics.cld.ascof.reablement_episodes): of new clients' ST-Max episodes whose sequel can be
    classified, the share after which no ongoing support followed, counted by the month the episode ended, with the
    person's age band at its end."""
    ended = events.filter(
        (pl.col("Service_Type") == "Short term support: ST-Max") & pl.col("Event_End_Date").is_not_null()
    )
    dims = _breakdowns(pl.col("Event_End_Date"), local_columns(events))
    month = cal.end_of(pl.col("Event_End_Date"))
    done = _counts(ended, indicator_id="st_max_completed", month=month, dims=dims, month_ends=month_ends, cal=cal)
    episodes = worked.episodes if worked is not None else ascof.reablement_episodes(events)
    episodes = episodes.filter(pl.col("_counted"))
    if episodes.height == 0:
        return done
    at_end = cal.end_of(pl.col("_end"))
    episode_dims = _breakdowns(pl.col("_end"), local_columns(events))
    counted = _flag_counts(
        episodes,
        flags={"whole": pl.lit(True), "fine": pl.col("_no_ongoing")},
        month=at_end,
        dims=episode_dims,
        month_ends=month_ends,
        cal=cal,
    )
    return pl.concat([done, _share(counted["whole"], counted["fine"], indicator_id="reablement_no_ongoing_pct")])


CARE_HOME = ("Long term support: Residential care", "Long term support: Nursing care")


def admissions(events: pl.DataFrame, *, month_ends: list[date], cal: Calendar = MONTHLY) -> pl.DataFrame:
    """Permanent admissions to residential and nursing care, after ASCOF 2B/2C from CLD: people whose long-term
    residential or nursing support started in the month, with none open the day before. Counted per person and
    month, with age band (at admission) and the other breakdowns. Rates per 100,000 are made per financial year
    (:func:`admission_rates`). Deviations: NHS England counts a person once, with no earlier admission on record,
    and takes their age at the end of the year; here a person readmitted after leaving care is counted again, and
    the age band is at admission."""
    homes = events.filter(pl.col("Service_Type").is_in(list(CARE_HOME)))
    before = homes.select(
        "LA_Person_Unique_Identifier",
        pl.col("Event_Start_Date").alias("_s"),
        pl.col("Event_End_Date").alias("_e"),
        pl.col("Event_Reference").alias("_ref"),
    )
    moved = homes.join(before, on="LA_Person_Unique_Identifier").filter(
        (pl.col("_ref") != pl.col("Event_Reference"))
        & (pl.col("_s") < pl.col("Event_Start_Date"))
        & (pl.col("_e").is_null() | (pl.col("_e") >= pl.col("Event_Start_Date") - pl.duration(days=1)))
    )
    new = homes.join(moved.select("Event_Reference").unique(), on="Event_Reference", how="anti")
    dims = _breakdowns(pl.col("Event_Start_Date"), local_columns(events)) | {"service type": SERVICE_TYPE}
    return _counts(
        new,
        indicator_id="admissions_permanent",
        month=cal.end_of(pl.col("Event_Start_Date")),
        dims=dims,
        month_ends=month_ends,
        person=True,
        cal=cal,
    )


ROW_SCHEMA = {c: (pl.Float64 if c in ("value", "numerator", "denominator") else pl.String) for c in OUT}


def whole_years(month_ends: list[date]) -> list[periods.Period]:
    """The financial years every month of which the extract covers."""
    covered = {(m.year, m.month) for m in month_ends}
    starts = sorted({m.year if m.month >= 4 else m.year - 1 for m in month_ends})
    return [
        periods.financial_year(fy)
        for fy in starts
        if all(((fy if m >= 4 else fy + 1), m) in covered for m in range(1, 13))
    ]


def _nearest_population(pop: pl.DataFrame, *, band: str, year: int) -> float | None:
    at = pop.filter(pl.col("age_band") == band).with_columns((pl.col("year") - year).abs().alias("_d")).sort("_d")
    return float(at["population"][0]) if at.height else None


def admission_rates(
    events: pl.DataFrame, *, years: list[periods.Period], population: pl.DataFrame, area_code: str
) -> pl.DataFrame:
    """ASCOF 2B and 2C from CLD: people newly admitted to residential and nursing care in each financial year
    (metrics.cld.ascof.new_admissions, after DHSC's 2024-25 script) per 100,000 adults aged 18-64 and 65+, over the
    bundled ONS mid-year population of the nearest year (the ingest's note on these rows says which)."""
    pop = population.filter(pl.col("area_code") == area_code)
    rows = []
    for year in years if pop.height else []:
        admitted = ascof.new_admissions(events, start=year.start, end=year.end)
        for band, indicator_id in (("18-64", "admissions_18_64_rate"), ("65+", "admissions_65_rate")):
            people = _nearest_population(pop, band=band, year=year.start.year)
            if people:
                n = float(admitted.filter(pl.col("_band") == band).height)
                rows.append((indicator_id, year.label, None, None, None, round(n / people * 100_000, 1), n, people))
    return pl.DataFrame(rows, schema=ROW_SCHEMA, orient="row")


def _yearly_share(people: pl.DataFrame, *, indicator_id: str, label: str, flag: str) -> tuple:
    n, whole = float(people[flag].sum()), float(people.height)
    return (indicator_id, label, None, None, None, round(n / whole * 100, 1), n, whole)


def _fills(events: pl.DataFrame, column: str) -> bool:
    return column in events.columns and events[column].is_not_null().any()


def yearly_ascof(events: pl.DataFrame, *, years: list[periods.Period]) -> pl.DataFrame:
    """ASCOF 2E and 3D from CLD for each financial year the extract covers (metrics.cld.ascof): adults with a
    learning disability living at home or with family (``ld_home_pct``), service users in the community with
    self-directed support and with direct payments at the year's end (``sds_pct``, ``direct_payments_pct``), and
    carers supported directly with each (``carers_sds_pct``, ``carers_dp_pct``). A measure is made only where the
    extract fills the field it rests on (accommodation status; delivery mechanism), so an extract without them
    gives no figure rather than a false 0%; and only where someone is counted."""
    rows = []
    for year in years:
        rows += _carers_supported(events, year=year)
        if _fills(events, "Accommodation_Status"):
            ld = ascof.learning_disability_at_home(events, start=year.start, end=year.end)
            if ld.height:
                rows.append(_yearly_share(ld, indicator_id="ld_home_pct", label=year.label, flag="_at_home"))
        if not _fills(events, "Delivery_Mechanism"):
            continue
        parts = (
            ("sds_pct", "direct_payments_pct", ascof.self_directed_clients(events, on=year.end)),
            ("carers_sds_pct", "carers_dp_pct", ascof.self_directed_carers(events, start=year.start, end=year.end)),
        )
        for sds, dp, people in parts:
            if people.height:
                rows.append(_yearly_share(people, indicator_id=sds, label=year.label, flag="_self_directed"))
                rows.append(_yearly_share(people, indicator_id=dp, label=year.label, flag="_direct_payment"))
    return pl.DataFrame(rows, schema=ROW_SCHEMA, orient="row")


def _carers_supported(events: pl.DataFrame, *, year: periods.Period) -> list[tuple]:
    """SALT LTS003 from CLD (metrics.cld.ascof.carers_by_support): carers supported in the year, each once, in
    total and by the support provided and their age group at the year's end (``carers_supported``). Nothing where
    no carer was supported."""
    carers = ascof.carers_by_support(events, start=year.start, end=year.end)
    if carers.height == 0:
        return []
    whole = float(carers.height)
    rows: list[tuple] = [("carers_supported", year.label, None, None, None, whole, None, None)]
    cuts = (("support provided", pl.col("_support")), (AGE, ascof.carer_age_band(pl.col("_age"))))
    for dim, cut in cuts:
        counted = carers.group_by(cut.alias("_cat")).agg(pl.len().cast(pl.Float64).alias("_n")).sort("_cat")
        rows += [("carers_supported", year.label, None, dim, cat, n, None, None) for cat, n in counted.iter_rows()]
    return rows


def quarterly_costs(events: pl.DataFrame, *, quarters: list[periods.Period]) -> pl.DataFrame:
    """The planned cost of care in each whole quarter (metrics.cld.costs, after DHSC's costs fact): the cost of
    every costed service inside the quarter (``care_cost_total``), and the average weekly cost a person of the
    long-term support open in it (``lts_cost_per_week``: the summed weekly costs over the people), each with the
    number of people as its denominator, so that disclosure control hides a cost that is one or two people's.
    Headline only: a breakdown of pounds would let a small category's cost be worked out from the total less the
    others. Nothing where the extract records no costs."""
    services = costs.costed_services(events)
    if services.height == 0:
        return pl.DataFrame(schema=ROW_SCHEMA)
    person = pl.col("LA_Person_Unique_Identifier").n_unique().cast(pl.Float64).alias("denominator")
    out = []
    for quarter in quarters:
        open_ = costs.in_period(services, period=quarter)
        weekly = open_.filter(costs.is_long_term() & ~pl.col("_one_off"))
        total = open_.select(pl.col("_in_period").sum().alias("value"), person)
        out.append(_cost_rows(total, indicator_id="care_cost_total", label=quarter.label))
        mean = weekly.select(pl.col("_per_week").sum().alias("numerator"), person).with_columns(
            (pl.col("numerator") / pl.col("denominator")).alias("value")
        )
        out.append(_cost_rows(mean, indicator_id="lts_cost_per_week", label=quarter.label))
    found = pl.concat(out, how="diagonal_relaxed").filter(pl.col("denominator") > 0) if out else None
    return found.select(*OUT) if found is not None else pl.DataFrame(schema=ROW_SCHEMA)


def _cost_rows(frame: pl.DataFrame, *, indicator_id: str, label: str) -> pl.DataFrame:
    return frame.select(
        pl.lit(indicator_id).alias("indicator_id"),
        pl.lit(label).alias("period"),
        pl.lit(None, pl.String).alias("period_type"),
        pl.lit(None, pl.String).alias("breakdown_dim"),
        pl.lit(None, pl.String).alias("breakdown_cat"),
        pl.col("value").round(0),
        (pl.col("numerator").round(2) if "numerator" in frame.columns else pl.lit(None, pl.Float64)).alias("numerator"),
        pl.col("denominator"),
    )


def provider_quality(events: pl.DataFrame, *, month_ends: list[date], locations: pl.DataFrame | None) -> pl.DataFrame:
    """Care market quality from the records: at the extract's last month end, the share of people in long-term
    support whose provider's CQC location is rated good or outstanding overall, of those whose provider has a
    rating in the CQC directory (``lts_provider_good_pct``), by service type. A person with two services open is
    counted once, by their latest-started one. Only the last month is made because
    the bundled directory holds today's ratings, not their history. No anchor computes this."""
    if locations is None or locations.height == 0 or not month_ends:
        return pl.DataFrame(schema=ROW_SCHEMA)
    rated = (
        locations.filter((pl.col("domain") == "Overall") & (pl.col("rating") != "Not Rated"))
        .unique("location_id")
        .select(pl.col("location_id").alias("Provider_CQC_Location_ID"), "rating")
    )
    end = month_ends[-1]
    open_ = events.filter(
        pl.col("Service_Type").str.starts_with("Long term support")
        & (pl.col("Event_Start_Date") <= end)
        & (pl.col("Event_End_Date").is_null() | (pl.col("Event_End_Date") >= end))
        & (pl.col("Date_of_Death").is_null() | (pl.col("Date_of_Death") > end))
    )
    # one provider per person: their latest-started open service (ties to the later reference), then its rating
    latest = open_.sort("LA_Person_Unique_Identifier", "Event_Start_Date", "Event_Reference").unique(
        "LA_Person_Unique_Identifier", keep="last", maintain_order=True
    )
    people = latest.join(rated, on="Provider_CQC_Location_ID").with_columns(pl.lit(end).alias("_month"))
    dims = {"service type": SERVICE_TYPE}
    whole = _counts(people, indicator_id="x", month=pl.col("_month"), dims=dims, month_ends=[end], person=True)
    good = _counts(
        people.filter(pl.col("rating").is_in(["Good", "Outstanding"])),
        indicator_id="x",
        month=pl.col("_month"),
        dims=dims,
        month_ends=[end],
        person=True,
    )
    return _share(whole, good, indicator_id="lts_provider_good_pct").with_columns(
        pl.lit("snapshot").alias("period_type")
    )


@dataclass(frozen=True)
class Worked:
    """What the monthly and the weekly counts both read, worked out once per extract rather than once per
    calendar: DHSC's person-level waits (metrics.cld.waits.person_waits), requests marked new or not
    (:func:`_requests_marked`), new people's requests sent on to an assessment (:func:`_asks`) and the ST-Max
    episodes with their sequels (metrics.cld.ascof.reablement_episodes)."""

    waits: pl.DataFrame
    requests: pl.DataFrame  # every request, with ``_new``
    asks: pl.DataFrame
    episodes: pl.DataFrame


def _waits_kept(events: pl.DataFrame, waits: pl.DataFrame) -> pl.DataFrame:
    """Of the person-level waits, what :func:`dhsc_waits` reads (each wait, when it began, its age band, and the
    request's own categories): the stages' working columns are let go rather than held for both calendars."""
    read = _roots(_breakdowns(pl.col("Event_Start_Date"), local_columns(events)).values()) | {"Event_Start_Date"}
    read |= {column for _, *columns in DHSC_WAITS for column in columns}
    return waits.select([c for c in waits.columns if c in read])


def worked_out(events: pl.DataFrame, *, submissions: tuple[Submission, ...] = ()) -> Worked:
    """:class:`Worked` for an extract."""
    marked = _requests_marked(events)
    return Worked(
        waits=_waits_kept(
            events, waiting.person_waits(_waits_fields(events), from_day=first_day(events, submissions=submissions))
        ),
        requests=marked,
        asks=_asks(marked.filter(pl.col("_new")).drop("_new")),
        episodes=ascof.reablement_episodes(events),
    )


def by_period(
    events: pl.DataFrame,
    *,
    ends: list[date],
    cal: Calendar,
    submissions: tuple[Submission, ...] = (),
    worked: Worked | None = None,
) -> list[pl.DataFrame]:
    """Every measure counted over the periods ending on ``ends``, in the calendar ``cal`` (``worked``: what both
    calendars count from, worked out once)."""
    return [
        requests(events, month_ends=ends, cal=cal, worked=worked),
        assessments(events, month_ends=ends, cal=cal),
        reviews(events, month_ends=ends, cal=cal),
        long_term_snapshot(events, month_ends=ends, cal=cal),
        waiting_times(events, month_ends=ends, submissions=submissions, cal=cal, worked=worked),
        short_term_support(events, month_ends=ends, cal=cal, worked=worked),
        admissions(events, month_ends=ends, cal=cal),
    ]


def every_indicator(
    events: pl.DataFrame,
    *,
    locations: pl.DataFrame | None = None,
    submissions: tuple[Submission, ...] = (),
    weekly: bool = True,
    month_ends: list[date] | None = None,
    worked: Worked | None = None,
) -> pl.DataFrame:
    """Every indicator this module computes, over every month the extract covers, and (``weekly``) over each
    week of its latest two years (:func:`weeks`): monthly and weekly rows, and DHSC's quarterly waiting-time
    medians, which do not add up from months (the counts' and shares' quarters and years, and the admission
    rates, are made from the monthly rows by metrics.cld.rollup and :func:`admission_rates`). ``month_ends``:
    :func:`months` when the caller has already worked it out; ``worked``, likewise :func:`worked_out`."""
    if month_ends is None:
        month_ends = months(events, submissions=submissions)
    if worked is None:
        worked = worked_out(events, submissions=submissions)
    parts = by_period(events, ends=month_ends, cal=MONTHLY, submissions=submissions, worked=worked)
    if weekly:
        parts += by_period(events, ends=weeks(month_ends), cal=WEEKLY, submissions=submissions, worked=worked)
    parts.append(provider_quality(events, month_ends=month_ends, locations=locations))
    return pl.concat(parts, how="diagonal_relaxed")
