"""Indicators computed from CLD events (metrics.cld.extract), each a small polars function over months.

Each returns long-format rows (indicator_id, period, period_type, breakdown_dim, breakdown_cat, value,
numerator, denominator), one headline row per month and one per category of each breakdown. The definitions
follow DHSC's CLD dashboard for councils (DataS-DHSC/ASC-CLD-LA-Dashboard: requests, assessments, reviews and
services facts) and NHS England's SALT-from-CLD transformations, read for their meaning; where this code differs,
its docstring says how.
"""
from __future__ import annotations

from datetime import date

import polars as pl

from metrics.cld import spec

OUT = ("indicator_id", "period", "period_type", "breakdown_dim", "breakdown_cat", "value", "numerator",
       "denominator")
#: Breakdowns every event indicator is cut by, where the extract has them: dimension -> expression.
AGE = "age band"


def months(events: pl.DataFrame) -> list[date]:
    """The last day of every month the extract covers, from its first event to its last date."""
    first = events["Event_Start_Date"].min()
    last = max(d for d in (events["Event_Start_Date"].max(), events["Event_End_Date"].max()) if d is not None)
    return pl.date_range(first.replace(day=1), last.replace(day=1), "1mo", eager=True).dt.month_end().to_list()


def _age_band(on: pl.Expr) -> pl.Expr:
    """'18-64' or '65+' on a date, from the year and month of birth only (the day is never kept)."""
    born = pl.col("Birth_Year_Month").str.strptime(pl.Date, "%Y-%m", strict=False)
    months_old = (on.dt.year() - born.dt.year()) * 12 + on.dt.month() - born.dt.month()
    return (pl.when(born.is_null()).then(pl.lit("Unknown")).when(months_old >= 65 * 12).then(pl.lit("65+"))
            .when(months_old >= 18 * 12).then(pl.lit("18-64")).otherwise(pl.lit("Under 18")))


def _breakdowns(on: pl.Expr, local: list[str]) -> dict[str, pl.Expr]:
    out = {AGE: _age_band(on), "gender": pl.col("Gender").fill_null("Not known"),
           "ethnicity": pl.col("Ethnicity").replace_strict(spec.ETHNICITY_GROUP, default="Unknown"),
           "primary support reason": pl.col("Primary_Support_Reason").fill_null("Not recorded")}
    return out | {name.lower(): pl.col(name).fill_null("Not recorded") for name in local}


def local_columns(events: pl.DataFrame) -> list[str]:
    """The optional local columns (Team, Locality) the extract fills."""
    return [c for c in ("Team", "Locality") if c in events.columns and events[c].drop_nulls().len()]


def _counts(frame: pl.DataFrame, *, indicator_id: str, month: pl.Expr, dims: dict[str, pl.Expr],
            month_ends: list[date], person: bool = False) -> pl.DataFrame:
    """Events (or people, with ``person``) per month: the headline, with a 0 for every month of the extract that
    had none (a quiet month is a figure, not a gap), and each breakdown's categories where there were any."""
    agg = pl.col("LA_Person_Unique_Identifier").n_unique() if person else pl.len()
    framed = frame.with_columns(month.alias("_month"))
    counted = framed.group_by("_month").agg(agg.cast(pl.Float64).alias("value"))
    every = pl.DataFrame({"_month": month_ends}, schema={"_month": pl.Date})
    headline = every.join(counted, on="_month", how="left").with_columns(pl.col("value").fill_null(0.0))
    parts = [headline.with_columns(pl.lit(None, pl.String).alias("breakdown_dim"),
                                   pl.lit(None, pl.String).alias("breakdown_cat"))]
    for name, expr in dims.items():
        parts.append(framed.with_columns(expr.alias("breakdown_cat")).group_by("_month", "breakdown_cat").agg(
            agg.cast(pl.Float64).alias("value")).with_columns(pl.lit(name).alias("breakdown_dim")))
    return _finish(pl.concat(parts, how="diagonal_relaxed"), indicator_id, "month")


def _finish(frame: pl.DataFrame, indicator_id: str, period_type: str) -> pl.DataFrame:
    out = frame.with_columns(pl.lit(indicator_id).alias("indicator_id"),
                             pl.col("_month").dt.strftime("%b %Y").alias("period"),
                             pl.lit(period_type).alias("period_type"))
    for column in ("numerator", "denominator"):
        if column not in out.columns:
            out = out.with_columns(pl.lit(None, pl.Float64).alias(column))
    return out.select(*OUT)


def requests(events: pl.DataFrame, *, month_ends: list[date]) -> pl.DataFrame:
    """Requests for support, by the month they were received, and by route of access and the person's details.

    ``requests_all``: every request event (DHSC requests fact: Event_Type 'Request'). ``requests_new``: those from
    people with no long-term support service open on the request date: SALT STS001's 'new clients', read for
    CLD as NHS England's transformation does; unlike it, a person's earlier requests do not count against them."""
    reqs = events.filter(pl.col("Event_Type") == "Request")
    lts = events.filter(pl.col("Service_Type").str.starts_with("Long term support")).select(
        "LA_Person_Unique_Identifier", pl.col("Event_Start_Date").alias("_s"), pl.col("Event_End_Date").alias("_e"))
    open_then = reqs.with_row_index("_r").join(lts, on="LA_Person_Unique_Identifier").filter(
        (pl.col("_s") <= pl.col("Event_Start_Date"))
        & (pl.col("_e").is_null() | (pl.col("_e") >= pl.col("Event_Start_Date"))))["_r"].unique()
    new = reqs.with_row_index("_r").filter(~pl.col("_r").is_in(open_then.implode())).drop("_r")
    month = pl.col("Event_Start_Date").dt.month_end()
    dims = _breakdowns(pl.col("Event_Start_Date"), local_columns(events)) | {
        "route of access": pl.col("Request_Route_of_Access").fill_null("Not recorded")}
    return pl.concat([_counts(reqs, indicator_id="requests_all", month=month, dims=dims, month_ends=month_ends),
                      _counts(new, indicator_id="requests_new", month=month, dims=dims, month_ends=month_ends)])


def assessments(events: pl.DataFrame, *, month_ends: list[date]) -> pl.DataFrame:
    """Assessments completed in the month (DHSC assessments fact: an assessment event with an end date), and the
    share that found eligible needs (Eligible_Needs_Identified 'Yes', of those completed that say Yes or No).
    Financial assessments are left out, as DHSC does for needs assessments."""
    done = events.filter((pl.col("Event_Type") == "Assessment") & pl.col("Event_End_Date").is_not_null()
                         & (pl.col("Assessment_Type").fill_null("") != "Financial assessment"))
    month = pl.col("Event_End_Date").dt.month_end()
    dims = _breakdowns(pl.col("Event_End_Date"), local_columns(events))
    count = _counts(done, indicator_id="assessments_completed", month=month, dims=dims, month_ends=month_ends)
    answered = done.filter(pl.col("Eligible_Needs_Identified").is_in(["Yes", "No"]))
    eligible = _counts(answered.filter(pl.col("Eligible_Needs_Identified") == "Yes"),
                       indicator_id="assessments_eligible", month=month, dims=dims, month_ends=month_ends)
    whole = _counts(answered, indicator_id="x", month=month, dims=dims, month_ends=month_ends).filter(
        pl.col("value") > 0)  # no share in a month with no answered assessment
    keys = ["period", "breakdown_dim", "breakdown_cat"]
    share = whole.drop("numerator", "denominator").join(eligible.select(*keys, pl.col("value").alias("numerator")), on=keys, how="left",
                       nulls_equal=True).with_columns(
        pl.col("numerator").fill_null(0.0), pl.col("value").alias("denominator"),
        pl.lit("assessments_eligible_pct").alias("indicator_id")).with_columns(
        (pl.col("numerator") / pl.col("denominator") * 100).round(1).alias("value")).select(*OUT)
    return pl.concat([count, eligible, share])


def reviews(events: pl.DataFrame, *, month_ends: list[date]) -> pl.DataFrame:
    """Reviews completed in the month (an ended review event), planned and unplanned (Review_Reason)."""
    done = events.filter((pl.col("Event_Type") == "Review") & pl.col("Event_End_Date").is_not_null())
    dims = _breakdowns(pl.col("Event_End_Date"), local_columns(events)) | {
        "review reason": pl.col("Review_Reason").fill_null("Not recorded")}
    return _counts(done, indicator_id="reviews_completed", month=pl.col("Event_End_Date").dt.month_end(), dims=dims,
                   month_ends=month_ends)


def long_term_snapshot(events: pl.DataFrame, *, month_ends: list[date]) -> pl.DataFrame:
    """At each month end: the people in long-term support (a long-term service open that day, and not dead), and
    of those the people whose last completed review, or with none the start of their long-term support, was more
    than 12 and more than 24 months before: Leicester's 'not reviewed for 24 months or more'. Snapshots."""
    lts = events.filter(pl.col("Service_Type").str.starts_with("Long term support"))
    done_reviews = events.filter((pl.col("Event_Type") == "Review") & pl.col("Event_End_Date").is_not_null())
    local = local_columns(events)
    frames = []
    for end in month_ends:
        day = pl.lit(end)
        open_ = lts.filter((pl.col("Event_Start_Date") <= day)
                           & (pl.col("Event_End_Date").is_null() | (pl.col("Event_End_Date") >= day))
                           & (pl.col("Date_of_Death").is_null() | (pl.col("Date_of_Death") > day)))
        people = open_.sort("Event_Start_Date").group_by("LA_Person_Unique_Identifier").agg(
            pl.col("Event_Start_Date").min().alias("_since"), pl.all().exclude("Event_Start_Date").last())
        last = done_reviews.filter(pl.col("Event_End_Date") <= day).group_by("LA_Person_Unique_Identifier").agg(
            pl.col("Event_End_Date").max().alias("_reviewed"))
        people = people.join(last, on="LA_Person_Unique_Identifier", how="left").with_columns(
            pl.coalesce("_reviewed", "_since").alias("_ref"), pl.lit(end).alias("_month"))
        frames.append(people)
    if not frames:
        return pl.DataFrame(schema={c: pl.String for c in OUT})
    snap = pl.concat(frames, how="diagonal_relaxed")
    dims = _breakdowns(pl.col("_month"), local)
    out = []
    for indicator_id, months_back in (("people_long_term_support", None), ("reviews_overdue_12m", 12),
                                      ("reviews_overdue_24m", 24)):
        part = snap if months_back is None else snap.filter(
            pl.col("_ref") < pl.col("_month").dt.offset_by(f"-{months_back}mo"))
        out.append(_counts(part, indicator_id=indicator_id, month=pl.col("_month"), dims=dims, person=True,
                           month_ends=month_ends)
                   .with_columns(pl.lit("snapshot").alias("period_type")))
    return pl.concat(out)


def every_indicator(events: pl.DataFrame) -> pl.DataFrame:
    """Every indicator this module computes, over every month the extract covers."""
    month_ends = months(events)
    return pl.concat([requests(events, month_ends=month_ends), assessments(events, month_ends=month_ends),
                      reviews(events, month_ends=month_ends), long_term_snapshot(events, month_ends=month_ends)])
