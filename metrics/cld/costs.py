"""The planned cost of care from CLD, as DHSC's CLD costs fact works it out (DataS-DHSC/ASC-CLD-LA-Dashboard,
``6.Costs_fact.sql``).

A service's weekly cost is its unit cost times its units a week. Where the cost frequency is weekly or less often
(fortnightly, four-weekly, monthly, quarterly, annual) the units a week come from the frequency, which DHSC trusts
over the planned units (the two often disagree); otherwise (hourly, daily, per session) from the planned units a
week. Negative costs and units are read as positive; a service with no cost, or with no units a week that can be
worked out, is left out. Its cost in a period is its weekly cost times its weeks of service inside the period
(days inclusive, over 7); a one-off cost is its unit cost.

Deviations: DHSC makes its latest quarter only; this makes every whole quarter the extract covers, and counts a
one-off cost in the quarter the service starts (not in every quarter it spans).
"""

from __future__ import annotations

import polars as pl

from metrics.core import periods

#: The units a week a cost frequency stands for (DHSC: matched on how the frequency begins, in any case).
FREQUENCIES = (
    ("week", 1.0),
    ("fortnight", 1.0 / 2.0),
    ("4-week", 1.0 / 4.0),
    ("four-week", 1.0 / 4.0),
    ("month", 12.0 / 52.0),
    ("quarter", 4.0 / 52.0),
    ("annual", 1.0 / 52.0),
    ("year", 1.0 / 52.0),
)
ONE_OFF = "one-off"
LONG_TERM = "Long term support"


def _frequency() -> pl.Expr:
    return pl.col("Cost_Frequency_Unit_Type").fill_null("").str.strip_chars().str.to_lowercase()


def _units_a_week() -> pl.Expr:
    """Units a week from the cost frequency where it says, else the planned units a week (made positive)."""
    out = pl.col("Planned_Units_Per_Week").abs()
    for prefix, units in reversed(FREQUENCIES):
        out = pl.when(_frequency().str.starts_with(prefix)).then(pl.lit(units)).otherwise(out)
    return out


def costed_services(events: pl.DataFrame) -> pl.DataFrame:
    """Services with a cost that can be worked out, each with ``_one_off`` and ``_per_week`` (its weekly cost,
    null for a one-off)."""
    if "Unit_Cost" not in events.columns or events["Unit_Cost"].is_null().all():
        return events.clear().with_columns(
            pl.lit(None, pl.Boolean).alias("_one_off"), pl.lit(None, pl.Float64).alias("_per_week")
        )
    services = events.filter((pl.col("Event_Type") == "Service") & pl.col("Unit_Cost").is_not_null()).with_columns(
        pl.col("Unit_Cost").abs().alias("_cost"),
        (_frequency() == ONE_OFF).alias("_one_off"),
        _units_a_week().alias("_units"),
    )
    kept = services.filter(
        (pl.col("_cost") != 0) & (pl.col("_one_off") | (pl.col("_units").is_not_null() & (pl.col("_units") != 0)))
    )
    return kept.with_columns(
        pl.when(pl.col("_one_off")).then(None).otherwise(pl.col("_cost") * pl.col("_units")).alias("_per_week")
    )


def in_period(services: pl.DataFrame, *, period: periods.Period) -> pl.DataFrame:
    """The costed services open in ``period``, each with ``_in_period`` (its cost inside the period); a one-off
    only in the period it starts."""
    start, end = pl.lit(period.start), pl.lit(period.end)
    overlapping = services.filter(
        (pl.col("Event_Start_Date") <= period.end)
        & (pl.col("Event_End_Date").is_null() | (pl.col("Event_End_Date") >= period.start))
        & (~pl.col("_one_off") | (pl.col("Event_Start_Date") >= period.start))
    )
    first = pl.max_horizontal(pl.col("Event_Start_Date"), start)
    last = pl.min_horizontal(pl.col("Event_End_Date").fill_null(period.end), end)
    weeks = ((last - first).dt.total_days() + 1) / 7
    return overlapping.with_columns(
        pl.when(pl.col("_one_off")).then(pl.col("_cost")).otherwise(pl.col("_per_week") * weeks).alias("_in_period")
    )


def is_long_term() -> pl.Expr:
    return pl.col("Service_Type").fill_null("").str.starts_with(LONG_TERM)
