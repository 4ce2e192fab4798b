"""A region's and England's CLD figures, made from their councils' figures and never from an average of them.

Every CLD definition is local to one council (metrics/cld/indicators.py): no person is followed across councils,
and a person's identifier means nothing outside the council that wrote it. So a region's figure is pooled from its
councils' *parts*, as metrics.cld.rollup pools a council's months into its quarters:

* a count of events or of people at a month end is the sum of the councils' counts;
* a share, a rate or an average is worked out again from the summed numerators and denominators;
* a median waiting time is the median of every council's waits put together, from how many waits took each number
  of days (:func:`metrics.cld.indicators.wait_days`), never a median of medians.

The parts of a region pool again into England's, so a national run can make England from its regions' parts
without going back to the councils. :func:`pooled` is that one rule; the single-machine driver
(metrics.ingest.pooling) and the Spark driver (``python -m national``) both call it.

Not pooled: weeks (a comparator is read by the month, the quarter and the year), and a council's own local
breakdowns (its teams and localities mean nothing in another council's figures).
"""

from __future__ import annotations

import polars as pl

from metrics.cld import indicators, rollup, spec
from metrics.core.errors import MetricsError

FIGURE, WAITS = "figure", "waits"

#: One council's or one area's parts: a figure (``kind`` = figure: the value, and the numerator and denominator it
#: is worked out from) or a count of waits of one length (``kind`` = waits: ``days`` and ``waits``), with the
#: number of councils behind it and whether any of them was demonstration data.
PARTS_SCHEMA: dict[str, pl.DataType] = {
    "area_code": pl.String(),
    "kind": pl.String(),
    "indicator_id": pl.String(),
    "period": pl.String(),
    "period_type": pl.String(),
    "breakdown_dim": pl.String(),
    "breakdown_cat": pl.String(),
    "value": pl.Float64(),
    "numerator": pl.Float64(),
    "denominator": pl.Float64(),
    "days": pl.Int64(),
    "waits": pl.Float64(),
    "councils": pl.Int64(),
    "demonstration": pl.Boolean(),
}
KEYS = ("indicator_id", "period", "period_type", "breakdown_dim", "breakdown_cat")

#: Counts that add up across councils: events, and people at a month end (each person is one council's).
SUMMED = rollup.ADDITIVE | {
    *indicators.SNAPSHOT_COUNTS,
    "people_waiting_assessment",
    "carers_supported",
    "care_cost_total",
}
#: Figures worked out again from the summed parts: indicator -> (what the ratio is multiplied by, decimal places),
#: as each is made for one council (a percentage to one place, a rate per 100,000, pounds a week to the pound).
RATIOS: dict[str, tuple[float, int]] = {
    **dict.fromkeys(rollup.SHARES, (100.0, 1)),
    **dict.fromkeys(
        (
            "completed_wait_28d_pct",
            "assessment_wait_28d_pct",
            "assessment_wait_6m_pct",
            "lts_provider_good_pct",
            "ld_home_pct",
            "sds_pct",
            "direct_payments_pct",
            "carers_sds_pct",
            "carers_dp_pct",
        ),
        (100.0, 1),
    ),
    "admissions_18_64_rate": (100_000.0, 1),
    "admissions_65_rate": (100_000.0, 1),
    "lts_cost_per_week": (1.0, 0),
}
#: Medians, pooled from the councils' waits.
MEDIANS = frozenset(indicator_id for indicator_id, *_ in indicators.DHSC_WAITS)
#: A council's own breakdowns (Team, Locality): not pooled.
LOCAL_DIMS = frozenset(spec.LOCAL_BREAKDOWNS)


def unpooled(indicator_ids: set[str]) -> list[str]:
    """The indicators in ``indicator_ids`` that no rule here pools (a measure added to metrics.cld without saying
    how its region's figure is made)."""
    return sorted(indicator_ids - SUMMED - set(RATIOS) - MEDIANS)


def council_parts(*, area_code: str, rows: pl.DataFrame, wait_days: pl.DataFrame, demonstration: bool) -> pl.DataFrame:
    """One council's parts: its figures (``rows``: metrics.ingest.cld.computed_rows) and its waits by length
    (``wait_days``: metrics.cld.indicators.wait_days), without weeks and local breakdowns. Raises MetricsError
    for a figure no rule pools, rather than publishing a region's figure made some unstated way."""
    unknown = unpooled(set(rows["indicator_id"].unique().to_list()))
    if unknown:
        raise MetricsError(
            f"CLD pooling: no rule for {', '.join(unknown)}: add each to metrics.cld.pooled SUMMED, RATIOS or MEDIANS"
        )
    kept = (pl.col("period_type").fill_null("") != indicators.WEEKLY.period_type) & ~pl.col("breakdown_dim").is_in(
        list(LOCAL_DIMS)
    ).fill_null(False)
    shared = (
        pl.lit(area_code).alias("area_code"),
        pl.lit(1, pl.Int64).alias("councils"),
        pl.lit(demonstration).alias("demonstration"),
    )
    figures = rows.filter(kept).with_columns(pl.lit(FIGURE).alias("kind"), *shared)
    waits = wait_days.filter(kept).with_columns(pl.lit(WAITS).alias("kind"), *shared)
    return pl.concat([figures, waits], how="diagonal_relaxed").select(
        [
            pl.col(c).cast(t) if c in figures.columns or c in waits.columns else pl.lit(None, t).alias(c)
            for c, t in PARTS_SCHEMA.items()
        ]
    )


def _summed(column: str) -> pl.Expr:
    """The sum of a part, or nothing where no council has it (a count has no numerator: not a numerator of 0)."""
    return pl.when(pl.col(column).is_not_null().any()).then(pl.col(column).sum()).alias(column)


def _pooled_medians(waits: pl.DataFrame) -> pl.DataFrame:
    """The median of the pooled waits for each figure, as polars' median of the waits themselves would be (the
    middle wait, or half-way between the two middle ones), to one decimal place, and how many waits."""
    ordered = waits.sort(*KEYS, "days", nulls_last=False).with_columns(
        pl.col("waits").cum_sum().over(KEYS).alias("_through"), pl.col("waits").sum().over(KEYS).alias("_n")
    )
    # 0-based positions of the middle wait(s): (n - 1) // 2 and n // 2; a length holds the positions before _through
    lower = (
        ordered.filter(pl.col("_through") > ((pl.col("_n") - 1) / 2).floor())
        .group_by(KEYS)
        .agg(pl.col("days").first().alias("_lower"), pl.col("_n").first())
    )
    upper = (
        ordered.filter(pl.col("_through") > (pl.col("_n") / 2).floor())
        .group_by(KEYS)
        .agg(pl.col("days").first().alias("_upper"))
    )
    both = lower.join(upper, on=list(KEYS), nulls_equal=True)
    return both.select(
        *KEYS,
        ((pl.col("_lower") + pl.col("_upper")) / 2).round(1).alias("_median"),
        pl.col("_n").alias("_waits"),
    )


def _finished(summed: pl.DataFrame, medians: pl.DataFrame) -> pl.DataFrame:
    """The pooled figures' values from their summed parts: a count as summed, a ratio from its parts, a median
    from the pooled waits."""
    ratio = pl.col("indicator_id").replace_strict({k: v[0] for k, v in RATIOS.items()}, default=None)
    places = pl.col("indicator_id").replace_strict({k: v[1] for k, v in RATIOS.items()}, default=None)
    worked = pl.col("numerator") / pl.col("denominator") * ratio
    # polars rounds to a fixed number of places per call: each precision in use, one branch each
    by_places = pl.lit(None, pl.Float64)
    for digits in sorted({v[1] for v in RATIOS.values()}):
        by_places = pl.when(places == digits).then(worked.round(digits)).otherwise(by_places)
    joined = summed.join(medians, on=list(KEYS), how="left", nulls_equal=True)
    return joined.with_columns(
        pl.when(pl.col("indicator_id").is_in(list(MEDIANS)))
        .then(pl.col("_median"))
        .when(pl.col("indicator_id").is_in(list(RATIOS)))
        .then(pl.when(pl.col("denominator") > 0).then(by_places))
        .otherwise(pl.col("value"))
        .alias("value"),
        pl.when(pl.col("indicator_id").is_in(list(MEDIANS)))
        .then(pl.col("_waits"))
        .otherwise(pl.col("denominator"))
        .alias("denominator"),
    ).drop("_median", "_waits")


COVER_KEYS = ("indicator_id", "period", "period_type")
#: Measures a council may not give at all in a period it covers: the waiting list before its run-in is over, and
#: the yearly shares that rest on a field its extract may not fill. Each is made for an area only where every
#: council gave the measure named here. Any other measure a council lacks in a period it covers is none of it (no
#: ST-Max ended there that month: 0 of 0), which pooling counts exactly.
MEASURED_BY = {
    "people_waiting_assessment": "people_waiting_assessment",
    "assessment_wait_28d_pct": "people_waiting_assessment",
    "assessment_wait_6m_pct": "people_waiting_assessment",
    **{share: share for share in ("ld_home_pct", "sds_pct", "direct_payments_pct", "carers_sds_pct", "carers_dp_pct")},
}


def _covered(*, summed: pl.DataFrame, expected: int) -> pl.DataFrame:
    """Which figures stand on every one of the ``expected`` councils: those of the periods every council covers
    (where some headline figure stands on all of them; a month one council's extract does not reach is left out,
    rather than shown as an area's figure that lacks it), less any measure in :data:`MEASURED_BY` that some council
    did not give in that period."""
    headline = summed.filter(pl.col("breakdown_dim").is_null())
    full = headline.filter(pl.col("councils") == expected)
    periods = full.select("period", "period_type").unique()
    inside = headline.join(periods, on=["period", "period_type"], nulls_equal=True).select(COVER_KEYS)
    base = pl.col("indicator_id").replace_strict(MEASURED_BY, default=None, return_dtype=pl.String)
    given = full.select(pl.col("indicator_id").alias("_base"), "period", "period_type")
    marked = inside.with_columns(base.alias("_base"))
    measured = marked.join(given, on=["_base", "period", "period_type"], how="semi", nulls_equal=True)
    return pl.concat([marked.filter(pl.col("_base").is_null()), measured]).select(COVER_KEYS)


def pooled(parts: pl.DataFrame, *, area_code: str, expected: int | None = None) -> pl.DataFrame:
    """The parts of an area (a region, England) from the parts of the councils or regions in it (``parts``, in
    :data:`PARTS_SCHEMA`): every figure any of them has, its parts summed and its value worked out again
    (:func:`_finished`), and the waits by length summed, so that the result pools again; only the figures that
    stand on all ``expected`` councils of the area (:func:`_covered`; by default, every council behind ``parts``).
    Give ``expected`` when pooling an area from others' parts: a region whose own parts came out empty then leaves
    England empty too, as pooling every council at once would, rather than an England of the other regions.
    ``councils`` says how many councils stand behind each figure (fewer than all in a breakdown's category some
    councils had none of, or a month with no wait to take a median of)."""
    figures = parts.filter(pl.col("kind") == FIGURE)
    waits = parts.filter(pl.col("kind") == WAITS)
    summed = figures.group_by(KEYS).agg(
        pl.col("value").sum(),
        _summed("numerator"),
        _summed("denominator"),
        pl.col("councils").sum(),
        pl.col("demonstration").any(),
    )
    pooled_waits = waits.group_by(*KEYS, "days").agg(
        pl.col("waits").sum(), pl.col("councils").sum(), pl.col("demonstration").any()
    )
    if expected is None:
        expected = int(figures.group_by("area_code").agg(pl.col("councils").max())["councils"].sum())
    covered = _covered(summed=summed, expected=expected)
    out = [
        _finished(summed, _pooled_medians(pooled_waits))
        .join(covered, on=list(COVER_KEYS), nulls_equal=True)
        .with_columns(pl.lit(FIGURE).alias("kind")),
        pooled_waits.join(covered, on=list(COVER_KEYS), nulls_equal=True).with_columns(pl.lit(WAITS).alias("kind")),
    ]
    frame = pl.concat(out, how="diagonal_relaxed").with_columns(pl.lit(area_code).alias("area_code"))
    return frame.select(
        [pl.col(c).cast(t) if c in frame.columns else pl.lit(None, t).alias(c) for c, t in PARTS_SCHEMA.items()]
    ).sort("kind", *KEYS, "days", nulls_last=False)
