"""Months to quarters and financial years: the periods councils report in, from the monthly CLD indicators.

Only whole periods are made: a quarter or year is rolled up when every one of its months is in the extract, so a
part-covered year never looks like a quiet one. Counts of events add up; a share is worked out again from its
summed numerator and denominator (never an average of monthly shares). Snapshots (people at a month end) and
medians do not add up, so they stay monthly.
"""

from __future__ import annotations

from datetime import date

import polars as pl

from metrics.core import periods

#: Monthly counts of events that add up over months (people counted per event, not once each).
ADDITIVE = frozenset(
    {
        "requests_all",
        "requests_new",
        "assessments_completed",
        "assessments_eligible",
        "reviews_completed",
        "admissions_permanent",
        "st_max_completed",
    }
)
#: Shares worked out again from their summed parts, to the printed precision (one decimal place).
SHARES = frozenset({"assessments_eligible_pct", "reablement_no_ongoing_pct", "review_outcomes_achieved_pct"})


def _whole_periods(month_ends: list[date]) -> pl.DataFrame:
    """Each covered month with the quarter and financial year it belongs to, where those are wholly covered."""
    rows = []
    for end in month_ends:
        fy = end.year if end.month >= 4 else end.year - 1
        q = (end.month - 4) % 12 // 3 + 1
        rows.append((end, periods.quarter(fy, q).label, periods.financial_year(fy).label))
    frame = pl.DataFrame(rows, schema={"_month": pl.Date, "quarter": pl.String, "year": pl.String}, orient="row")
    return frame.with_columns(
        pl.when(pl.len().over("quarter") == 3).then(pl.col("quarter")).alias("quarter"),
        pl.when(pl.len().over("year") == 12).then(pl.col("year")).alias("year"),
    )


def quarters_covered(month_ends: list[date]) -> list[str]:
    """The labels of the whole quarters ``month_ends`` cover, in order ('2023/24 Q1')."""
    if not month_ends:
        return []
    spans = _whole_periods(month_ends)
    return spans["quarter"].drop_nulls().unique(maintain_order=True).to_list()


def rolled_up(monthly: pl.DataFrame, *, month_ends: list[date]) -> pl.DataFrame:
    """Quarter and financial-year rows (period_type left for the label to say) for the additive counts and the
    shares in ``monthly``, headline and every breakdown, for wholly covered periods only."""
    if not month_ends:
        return monthly.clear()
    spans = _whole_periods(month_ends).with_columns(pl.col("_month").dt.strftime("%b %Y").alias("period"))
    keys = ["indicator_id", "breakdown_dim", "breakdown_cat"]
    wanted = monthly.filter(pl.col("indicator_id").is_in(list(ADDITIVE | SHARES)) & (pl.col("period_type") == "month"))
    out = []
    for level in ("quarter", "year"):
        framed = wanted.join(spans.select("period", level), on="period").filter(pl.col(level).is_not_null())
        summed = framed.group_by(*keys, level).agg(
            pl.col("value").sum(), pl.col("numerator").sum(), pl.col("denominator").sum()
        )
        out.append(
            summed.with_columns(
                pl.when(pl.col("indicator_id").is_in(list(SHARES)))
                .then(
                    pl.when(pl.col("denominator") > 0).then(
                        (pl.col("numerator") / pl.col("denominator") * 100).round(1)
                    )
                )
                .otherwise(pl.col("value"))
                .alias("value"),
                pl.when(pl.col("indicator_id").is_in(list(SHARES))).then(pl.col("numerator")).alias("numerator"),
                pl.when(pl.col("indicator_id").is_in(list(SHARES))).then(pl.col("denominator")).alias("denominator"),
                pl.col(level).alias("period"),
                pl.lit(None, pl.String).alias("period_type"),
            ).select(monthly.columns)
        )
    return pl.concat(out)
