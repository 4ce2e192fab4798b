"""Disclosure control: small numbers are hidden from public views and exports.

Primary suppression hides counts from 1 to threshold-1 (zero is shown: it
discloses nothing about a person), and percentages and rates whose
numerator is such a count or whose denominator is below the threshold. Secondary suppression stops a hidden cell
being recovered by subtraction: where a breakdown adds up to a published
total and exactly one of its cells is hidden, the next smallest non-zero
cell is hidden too. Every view and export goes through :func:`apply`.
"""

from __future__ import annotations

import polars as pl

from metrics.core import registry

PUBLIC = "public"
#: The threshold when none is configured (config.toml's suppression_threshold).
DEFAULT_THRESHOLD = 5
GROUP = ("period_type", "period_label", "breakdown_dim")


def _small(col: str, threshold: int) -> pl.Expr:
    return (pl.col(col) > 0) & (pl.col(col) < threshold)


def apply(frame: pl.DataFrame, *, indicator: registry.Indicator, audience: str, threshold: int) -> pl.DataFrame:
    """``frame`` with small numbers hidden for the public audience, and a boolean ``suppressed`` column.

    ``frame`` holds one indicator's rows (any areas, periods and breakdowns).
    For the officer audience nothing is hidden.
    """
    if audience != PUBLIC or frame.height == 0:
        return frame.with_columns(pl.lit(False).alias("suppressed"))
    if indicator.is_count:
        hide = _small("value", threshold)
    else:  # a share or rate of fewer than threshold people discloses as much as the count itself (0 of 1 is 0%)
        hide = _small("numerator", threshold) | (pl.col("denominator") < threshold)
    frame = frame.with_columns(hide.fill_null(False).alias("suppressed"))

    if indicator.is_count and "breakdown_dim" in frame.columns:
        keys = [c for c in ("area_code", *GROUP) if c in frame.columns]
        ranked = frame.with_row_index("_i").with_columns(
            pl.col("suppressed").sum().over(keys).alias("_hidden"),
            pl.when(~pl.col("suppressed") & (pl.col("value") > 0) & pl.col("breakdown_dim").is_not_null())
            .then(pl.col("value"))
            .otherwise(None)
            .rank("ordinal")
            .over(keys)
            .alias("_rank"),
        )
        second = pl.col("breakdown_dim").is_not_null() & (pl.col("_hidden") == 1) & (pl.col("_rank") == 1)
        frame = ranked.with_columns((pl.col("suppressed") | second.fill_null(False)).alias("suppressed")).drop(
            "_i", "_hidden", "_rank"
        )

    blank = [c for c in ("value", "numerator", "denominator", "margin_of_error") if c in frame.columns]
    return frame.with_columns([pl.when(pl.col("suppressed")).then(None).otherwise(pl.col(c)).alias(c) for c in blank])
