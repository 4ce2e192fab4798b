"""Demonstration detail for Leicester: months, teams, localities and age bands.

The source documents give years and quarters; drill-down needs finer
detail, which no document gives. This module makes it up, openly:

* deterministically: every random draw is seeded from the indicator and the
  period, so running it twice gives the same rows;
* labelled: every row has source "demonstration" and a note saying what it
  was calibrated to;
* calibrated: the rows that break down a published total add up to it
  exactly (largest-remainder rounding), and a generated series passes
  through the published points it stands beside.
"""
from __future__ import annotations

import math
import random
from collections.abc import Iterator, Sequence

import polars as pl

from metrics import periods, schema

AREA = "E06000016"
TEAMS = ("Contact and Response", "Locality East", "Locality West", "Locality North",
         "Learning Disabilities", "Mental Health", "Reviews Team")
LOCALITIES = ("Central", "North", "East", "South", "West")
AGE_BANDS = ("18-64", "65+")
SERVICE_AREAS = ("Assessment and care management", "Home care", "Residential care", "Finance and charging", "Other")

Row = tuple  # (indicator_id, period, period_type, breakdown_dim, breakdown_cat, value, note)


def split_total(*, total: int, weights: Sequence[float]) -> list[int]:
    """Whole numbers in proportion to ``weights`` that add up to ``total`` exactly (largest remainder)."""
    if total < 0 or not weights or any(w < 0 for w in weights) or sum(weights) <= 0:
        raise ValueError(f"cannot split {total} by weights {list(weights)}")
    scale = total / sum(weights)
    raw = [w * scale for w in weights]
    parts = [math.floor(x) for x in raw]
    short = total - sum(parts)
    order = sorted(range(len(raw)), key=lambda i: (raw[i] - parts[i], -i), reverse=True)
    for i in order[:short]:
        parts[i] += 1
    return parts


def _rng(*key: object) -> random.Random:
    return random.Random("|".join(map(str, key)))


def _weights(n: int, *key: object, spread: float = 0.08, base: Sequence[float] | None = None) -> list[float]:
    rng = _rng(*key)
    base = base or [1.0] * n
    return [max(0.05, b * (1 + rng.gauss(0, spread))) for b in base]


def _months_of(label: str) -> list[periods.Period]:
    p = periods.parse(label)
    out, year, month = [], p.start.year, p.start.month
    while (year, month) <= (p.end.year, p.end.month):
        out.append(periods.month(year, month))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return out


def _published(frame: pl.DataFrame, indicator_id: str) -> list[tuple[str, int]]:
    rows = frame.filter(
        (pl.col("indicator_id") == indicator_id) & (pl.col("area_code") == AREA)
        & pl.col("breakdown_dim").is_null() & pl.col("value").is_not_null()
        & pl.col("period_type").is_in([periods.FINANCIAL_YEAR, periods.QUARTER])
    ).sort("period_end")
    return [(label, int(v)) for label, v in rows.select("period_label", "value").iter_rows()]


def _note(indicator_id: str, label: str, total: int, what: str) -> str:
    return (f"Demonstration: generated {what}, adding up exactly to the published {label} total of {total:,} "
            f"for {indicator_id} (see the published row's source)")


def monthly_split(published: pl.DataFrame, indicator_id: str, *, skip_quarters_of_split_years: bool = True) -> Iterator[Row]:
    """Months that add up to each published year or quarter (a quarter inside a split year is skipped)."""
    totals = _published(published, indicator_id)
    years = {label for label, _ in totals if "Q" not in label}
    for label, total in totals:
        if "Q" in label and skip_quarters_of_split_years and label.split()[0] in years:
            continue
        months = _months_of(label)
        seasonal = [1 + 0.07 * math.sin(2 * math.pi * (m.start.month - 1) / 12) for m in months]
        for m, v in zip(months, split_total(total=total, weights=_weights(len(months), indicator_id, label, base=seasonal))):
            yield (indicator_id, m.label, periods.MONTH, None, None, v, _note(indicator_id, label, total, "by month"))


def category_split(published: pl.DataFrame, indicator_id: str, dim: str, cats: Sequence[str],
                   base: Sequence[float] | None = None) -> Iterator[Row]:
    """Categories that add up to each published year or quarter."""
    for label, total in _published(published, indicator_id):
        parts = split_total(total=total, weights=_weights(len(cats), indicator_id, label, dim, spread=0.25, base=base))
        for cat, v in zip(cats, parts):
            yield (indicator_id, label, None, dim, cat, v, _note(indicator_id, label, total, f"by {dim}"))


def overdue_series(published: pl.DataFrame) -> Iterator[Row]:
    """People not reviewed for 24+ and 12+ months, every month from Mar 2018 to Jun 2023, with teams and ages.

    Calibrated to the report: 120 in March 2018 is the lowest, 1,348 in June
    2023 the highest, rising since April 2020; over 50% of people eligible for
    review overdue (12+ months) from the end of 2022/23. The two published
    months are not generated: the published rows are used as they are.
    """
    anchors = {label: int(v) for label, v in published.filter(
        (pl.col("indicator_id") == "reviews_overdue_24m") & (pl.col("area_code") == AREA) & pl.col("value").is_not_null()
    ).select("period_label", "value").iter_rows()}
    low, high = anchors["Mar 2018"], anchors["Jun 2023"]
    months = []
    year, month = 2018, 3
    while (year, month) <= (2023, 6):
        months.append(periods.month(year, month))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    rise_from = months.index(next(m for m in months if m.label == "Apr 2020"))
    rng = _rng("reviews_overdue_24m")
    series = []
    for i, m in enumerate(months):
        if i <= rise_from:  # a low, wandering level before the pandemic rise
            level = low + 25 + 55 * i / rise_from + rng.uniform(-15, 15)
        else:
            t = (i - rise_from) / (len(months) - 1 - rise_from)
            level = 200 + (high - 200) * t ** 1.15 + rng.uniform(-30, 30)
        series.append(level)
    series[0], series[-1] = low, high
    series = [min(max(round(v), low + 1), high - 1) if 0 < i < len(series) - 1 else v for i, v in enumerate(series)]
    eligible = 5144  # people eligible for review in 2022/23, Appendix C reviews table
    for i, (m, v24) in enumerate(zip(months, series)):
        share = 0.30 + 0.23 * (i / (len(months) - 1)) ** 1.5 + rng.uniform(-0.01, 0.01)
        v12 = max(int(v24) + 1, round(share * eligible))
        note24 = ("Demonstration: generated monthly count, calibrated to the published lowest (120, Mar 2018) "
                  "and highest (1,348, Jun 2023) and the rise since April 2020")
        note12 = ("Demonstration: generated monthly count, kept above the 24-month count and calibrated to over 50% "
                  "of the 5,144 people eligible for review being overdue from the end of 2022/23")
        if m.label not in anchors:
            yield ("reviews_overdue_24m", m.label, periods.SNAPSHOT, None, None, int(v24), note24)
        yield ("reviews_overdue_12m", m.label, periods.SNAPSHOT, None, None, int(v12), note12)
        for ind, total, note in (("reviews_overdue_24m", int(v24), note24), ("reviews_overdue_12m", int(v12), note12)):
            for dim, cats, base in (("team", TEAMS, (0.5, 1.4, 1.3, 1.2, 1.1, 0.8, 0.4)), ("age band", AGE_BANDS, (0.45, 0.55))):
                parts = split_total(total=total, weights=_weights(len(cats), ind, m.label, dim, spread=0.15, base=base))
                for cat, v in zip(cats, parts):
                    yield (ind, m.label, periods.SNAPSHOT, dim, cat, v, note + f"; split by {dim} to add up to it")


def generate(published: pl.DataFrame) -> pl.DataFrame:
    """Every demonstration row for Leicester, as a text table in the ingest layout."""
    rows: list[Row] = []
    rows += overdue_series(published)
    for ind in ("contacts_new", "reviews_completed", "assessments_completed", "admissions_permanent",
                "safeguarding_enquiries"):
        rows += monthly_split(published, ind)
    rows += category_split(published, "contacts_new", "age band", AGE_BANDS, base=(0.42, 0.58))
    rows += category_split(published, "contacts_new", "locality", LOCALITIES)
    rows += category_split(published, "reviews_completed", "team", TEAMS[1:], base=(1.3, 1.2, 1.1, 0.8, 0.5, 1.6))
    rows += category_split(published, "assessments_completed", "age band", AGE_BANDS, base=(0.4, 0.6))
    rows += category_split(published, "assessments_completed", "team", TEAMS[:6], base=(1.6, 1.2, 1.1, 1.0, 0.6, 0.5))
    rows += category_split(published, "admissions_permanent", "age band", AGE_BANDS, base=(0.12, 0.88))
    rows += category_split(published, "complaints_total", "service area", SERVICE_AREAS, base=(1.5, 1.2, 0.8, 0.7, 0.4))
    text = [(ind, AREA, label, ptype or "", dim or "", cat or "", str(v), "final", schema.DEMONSTRATION, note)
            for ind, label, ptype, dim, cat, v, note in rows]
    return pl.DataFrame(text, schema=["indicator_id", "area_code", "period", "period_type", "breakdown_dim",
                                      "breakdown_cat", "value", "status", "source", "note"], orient="row")
