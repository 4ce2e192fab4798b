"""Demonstration detail for Leicester that no CLD extract holds: safeguarding enquiries by month and complaints by
service area.

Everything CLD can hold (requests, assessments, reviews, long-term support, admissions, ST-Max) is computed from
synthetic records instead (seed.synthetic_cld, through metrics.cld). What is left here is made up openly:

* deterministically: every random draw is seeded from the indicator and the period, so running it twice gives the
  same rows;
* labelled: every row has source "demonstration" and a note saying what it was calibrated to;
* calibrated: the rows that break down a published total add up to it exactly (largest-remainder rounding).
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Sequence

import polars as pl

from metrics.core import periods
from metrics.storage import schema
from seed.calibrate import split_total, weights

AREA = "E06000016"
SERVICE_AREAS = ("Assessment and care management", "Home care", "Residential care", "Finance and charging", "Other")

Row = tuple  # (indicator_id, period, period_type, breakdown_dim, breakdown_cat, value, note)


def _months_of(label: str) -> list[periods.Period]:
    p = periods.parse(label)
    out, year, month = [], p.start.year, p.start.month
    while (year, month) <= (p.end.year, p.end.month):
        out.append(periods.month(year, month))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return out


def _published(frame: pl.DataFrame, indicator_id: str) -> list[tuple[str, int]]:
    rows = frame.filter(
        (pl.col("indicator_id") == indicator_id)
        & (pl.col("area_code") == AREA)
        & pl.col("breakdown_dim").is_null()
        & pl.col("value").is_not_null()
        & pl.col("period_type").is_in([periods.FINANCIAL_YEAR, periods.QUARTER])
    ).sort("period_end")
    return [(label, int(v)) for label, v in rows.select("period_label", "value").iter_rows()]


def _note(indicator_id: str, label: str, total: int, what: str) -> str:
    return (
        f"Demonstration: generated {what}, adding up exactly to the published {label} total of {total:,} "
        f"for {indicator_id} (see the published row's source)"
    )


def monthly_split(published: pl.DataFrame, indicator_id: str) -> Iterator[Row]:
    """Months that add up to each published year or quarter (a quarter inside a published year is skipped)."""
    totals = _published(published, indicator_id)
    years = {label for label, _ in totals if "Q" not in label}
    for label, total in totals:
        if "Q" in label and label.split()[0] in years:
            continue
        months = _months_of(label)
        seasonal = [1 + 0.07 * math.sin(2 * math.pi * (m.start.month - 1) / 12) for m in months]
        for m, v in zip(
            months,
            split_total(total=total, weights=weights(len(months), indicator_id, label, base=seasonal)),
            strict=True,
        ):
            yield (indicator_id, m.label, periods.MONTH, None, None, v, _note(indicator_id, label, total, "by month"))


def category_split(
    published: pl.DataFrame, indicator_id: str, dim: str, cats: Sequence[str], base: Sequence[float] | None = None
) -> Iterator[Row]:
    """Categories that add up to each published year or quarter."""
    for label, total in _published(published, indicator_id):
        parts = split_total(total=total, weights=weights(len(cats), indicator_id, label, dim, spread=0.25, base=base))
        for cat, v in zip(cats, parts, strict=True):
            yield (indicator_id, label, None, dim, cat, v, _note(indicator_id, label, total, f"by {dim}"))


def generate(published: pl.DataFrame) -> pl.DataFrame:
    """Every demonstration row for Leicester that CLD cannot hold, as a text table in the ingest layout."""
    rows: list[Row] = []
    rows += monthly_split(published, "safeguarding_enquiries")
    rows += category_split(published, "complaints_total", "service area", SERVICE_AREAS, base=(1.5, 1.2, 0.8, 0.7, 0.4))
    text = [
        (ind, AREA, label, ptype or "", dim or "", cat or "", str(v), "final", schema.DEMONSTRATION, note)
        for ind, label, ptype, dim, cat, v, note in rows
    ]
    return pl.DataFrame(
        text,
        schema=[
            "indicator_id",
            "area_code",
            "period",
            "period_type",
            "breakdown_dim",
            "breakdown_cat",
            "value",
            "status",
            "source",
            "note",
        ],
        orient="row",
    )
