"""Year-end projection from the year so far, for counts that add up over a year.

Two methods, each stated wherever a projection is shown:

* straight line: the year so far, scaled to a whole year (Q1 x 4). This is
  what the Leicester report does by hand ("if this is sustained throughout
  the year we will see ... 776");
* seasonal: the year so far divided by the share of the year's total that
  the same months or quarters made up in earlier complete years.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import polars as pl

from metrics.core import periods, registry
from metrics.core.provenance import DEMONSTRATION

STRAIGHT_LINE = "straight line"
SEASONAL = "seasonal"
PER_YEAR = {periods.QUARTER: 4, periods.MONTH: 12}


@dataclass(frozen=True)
class Projection:
    year_label: str
    year_end: date
    method: str
    value: float
    year_to_date: float
    periods_elapsed: int
    periods_in_year: int
    based_on: str
    demonstration: bool

    def words(self) -> str:
        unit = "quarter" if self.periods_in_year == 4 else "month"
        span = f"first {unit}" if self.periods_elapsed == 1 else f"first {self.periods_elapsed} {unit}s"
        return (
            f"Projected {self.year_label} total {self.value:,.0f} ({self.method}: {self.year_to_date:,.0f} in the "
            f"{span}; {self.based_on})"
        )


def _fy_start(day: date) -> int:
    return day.year if day.month >= 4 else day.year - 1


def year_end(frame: pl.DataFrame, *, indicator: registry.Indicator) -> list[Projection]:
    """Projections for the latest financial year that has part-year figures but no full-year figure."""
    if not indicator.cumulative:
        return []
    if "suppressed" not in frame.columns:
        frame = frame.with_columns(pl.lit(False).alias("suppressed"))
    rows = frame.filter(
        (pl.col("value").is_not_null() | pl.col("suppressed")) & pl.col("breakdown_dim").is_null()
    ).with_columns(pl.col("period_start").map_elements(_fy_start, return_dtype=pl.Int32).alias("fy"))
    # a figure worked out from a hidden one would reveal it: no projection uses a year with a hidden period
    hidden_years = set(rows.filter(pl.col("suppressed"))["fy"].to_list())
    if "definition" in rows.columns:  # a year whose periods change definition cannot be added up as one
        mixed = rows.group_by("fy").agg(pl.col("definition").n_unique().alias("n")).filter(pl.col("n") > 1)
        hidden_years |= set(mixed["fy"].to_list())
    rows = rows.filter(~pl.col("fy").is_in(list(hidden_years)) if hidden_years else pl.lit(True))
    full_years = set(rows.filter(pl.col("period_type") == periods.FINANCIAL_YEAR)["fy"].to_list())
    for ptype in (periods.QUARTER, periods.MONTH):
        part = rows.filter(pl.col("period_type") == ptype).sort("period_start")
        open_years = sorted(set(part["fy"].to_list()) - full_years)
        if not open_years:
            continue
        fy = open_years[-1]
        current = part.filter(pl.col("fy") == fy)
        k, n = current.height, PER_YEAR[ptype]
        expected_first = [p.label for p in _periods_of_year(fy, ptype)[:k]]
        if current["period_label"].to_list() != expected_first or k >= n:
            continue  # the year so far must run from the start of the year without gaps
        ytd = float(current["value"].sum())
        label, end = periods.financial_year(fy).label, periods.financial_year(fy).end
        demo = bool((current["provenance"] == DEMONSTRATION).any())
        out = [
            Projection(
                label, end, STRAIGHT_LINE, ytd * n / k, ytd, k, n, "the same rate for the rest of the year", demo
            )
        ]
        shares, used = [], []
        for year in sorted(set(part["fy"].to_list()) - {fy}):
            earlier = part.filter(pl.col("fy") == year)
            labels = earlier["period_label"].to_list()
            whole = [p.label for p in _periods_of_year(year, ptype)]
            total = rows.filter((pl.col("fy") == year) & (pl.col("period_type") == periods.FINANCIAL_YEAR))["value"]
            year_total = (
                float(total[0]) if total.len() else (float(earlier["value"].sum()) if labels == whole else None)
            )
            if labels[:k] == whole[:k] and year_total:
                shares.append(float(earlier["value"][:k].sum()) / year_total)
                used.append(periods.financial_year(year).label)
                demo = demo or bool((earlier["provenance"] == DEMONSTRATION).any())
        if shares:
            share = sum(shares) / len(shares)
            out.append(
                Projection(
                    label,
                    end,
                    SEASONAL,
                    ytd / share,
                    ytd,
                    k,
                    n,
                    f"these periods were {share:.1%} of the year's total in {', '.join(used)}",
                    demo,
                )
            )
        return out
    return []


def _periods_of_year(fy: int, ptype: str) -> list[periods.Period]:
    if ptype == periods.QUARTER:
        return [periods.quarter(fy, q) for q in range(1, 5)]
    return [periods.month(fy + (m < 4), m) for m in (4, 5, 6, 7, 8, 9, 10, 11, 12, 1, 2, 3)]
