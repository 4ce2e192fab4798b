"""SPC for one series of the values table: which series qualify, where they rebase, and the export."""

from __future__ import annotations

from dataclasses import replace

import polars as pl

from metrics.analysis.spc.pipeline import MIN_POINTS, SpcResult, spc
from metrics.core import definitions, formatting, periods, registry
from metrics.core.provenance import DEMONSTRATION
from metrics.storage.store import DataStore

#: Baseline choices a user can make.
BASELINE_SEGMENTS = "between known changes"
BASELINE_WHOLE = "whole series"
BASELINE_FIRST_12 = "first 12 points"
BASELINES = (BASELINE_SEGMENTS, BASELINE_WHOLE, BASELINE_FIRST_12)
UNIT_WORDS = {periods.MONTH: "months", periods.QUARTER: "quarters", periods.SNAPSHOT: "months", periods.WEEK: "weeks"}


def eligible(frame: pl.DataFrame, *, period_type: str | None) -> bool:
    """Monthly and quarterly series (and month-by-month snapshot counts) with at least two values."""
    if period_type not in UNIT_WORDS:
        return False
    rows = frame.filter((pl.col("period_type") == period_type) & pl.col("value").is_not_null())
    if period_type == periods.SNAPSHOT and (rows["period_start"] == rows["period_end"]).any():
        return False  # snapshots on scattered dates are not a regular series
    return rows.height >= 2


def change_points(*, store: DataStore, indicator_id: str, area_code: str) -> pl.DataFrame:
    """Known change points that apply to this indicator and area, oldest first."""
    table = store.change_points()
    return table.filter(
        (pl.col("indicator_id").is_null() | (pl.col("indicator_id") == indicator_id))
        & (pl.col("area_code").is_null() | (pl.col("area_code") == area_code))
    ).sort("date")


def for_series(
    *,
    frame: pl.DataFrame,
    indicator: registry.Indicator,
    period_type: str,
    changes: pl.DataFrame,
    baseline: str = BASELINE_SEGMENTS,
) -> tuple[SpcResult, pl.DataFrame]:
    """The SPC result for one series (one area, one category) and the rows it was drawn from, oldest first.

    SPC runs on what is real. Where the series mixes published (or computed) points with demonstration points, and
    the real points are enough for limits (:data:`MIN_POINTS` of them), SPC runs on the real points alone and says
    how many demonstration points it left out. Where they are fewer, it runs on every point, and says so in its
    warnings and its sentence: the limits and any signal then rest on demonstration data, not on real figures.
    """
    rows = frame.filter((pl.col("period_type") == period_type) & pl.col("value").is_not_null()).sort("period_end")
    demo = rows["provenance"] == DEMONSTRATION
    if not demo.any():
        return _spc_on(rows, indicator=indicator, period_type=period_type, changes=changes, baseline=baseline), rows
    real = rows.filter(~demo)
    unit = UNIT_WORDS[period_type]
    if real.height >= MIN_POINTS:
        result = _spc_on(real, indicator=indicator, period_type=period_type, changes=changes, baseline=baseline)
        left_out = f"SPC uses the {real.height} published {unit} only: {demo.sum()} demonstration {unit} are left out."
        return replace(result, basis=left_out), real
    result = _spc_on(rows, indicator=indicator, period_type=period_type, changes=changes, baseline=baseline)
    caution = (
        f"{demo.sum()} of these {rows.height} {unit} are demonstration data and {real.height} are published, too few "
        f"for limits of their own ({MIN_POINTS} are needed): the limits and any signal below rest on demonstration "
        "data, not on real figures."
    )
    return (
        replace(
            result,
            warnings=(caution, *result.warnings),
            on_demonstration=True,
        ),
        rows,
    )


def _spc_on(
    rows: pl.DataFrame, *, indicator: registry.Indicator, period_type: str, changes: pl.DataFrame, baseline: str
) -> SpcResult:
    """The SPC pipeline over ``rows`` (valued, oldest first), with new limits at each known change point."""
    segments = [0] * rows.height
    starts = rows["period_start"].to_list()
    known = changes["date"].to_list() if baseline == BASELINE_SEGMENTS else []
    # a change of definition always starts new limits, whatever the baseline chosen: nothing compares across it
    known += [
        s
        for s, step in zip(starts, definitions.definition_segments(rows).diff().fill_null(0).to_list(), strict=True)
        if step
    ]
    for k, change in enumerate(sorted(set(known)), start=1):
        segments = [k if start >= change else seg for seg, start in zip(segments, starts, strict=True)]
    return spc(
        rows["value"].to_list(),
        labels=rows["period_label"].to_list(),
        direction=indicator.direction,
        unit_word=UNIT_WORDS[period_type],
        segments=segments,
        baseline=12 if baseline == BASELINE_FIRST_12 else None,
        target=indicator.target,
    )


def export(result: SpcResult, rows: pl.DataFrame, *, indicator: registry.Indicator) -> pl.DataFrame:
    """The SPC table as drawn and downloaded: each point with its limits, rule and type."""
    return result.points.with_columns(
        pl.lit(indicator.id).alias("indicator_id"),
        rows["period_end"].alias("period_end"),
        (rows["provenance"] == DEMONSTRATION).alias("demonstration"),
        rows["source"].alias("source"),
        pl.lit(result.variation.text).alias("latest_variation"),
        pl.lit(result.assurance.text).alias("assurance"),
    ).rename({"label": "period_label"})


def describe(
    export_table: pl.DataFrame,
    *,
    indicator: registry.Indicator,
    area_name: str,
    sentence: str,
    changes: pl.DataFrame | None = None,
) -> str:
    """The SPC chart's text alternative: what it shows, how the series moved over the span shown, each period of
    limits (a known change starts new ones) with its mean, limits and signals in Making Data Count words, the
    latest point and the finding.

    A period whose points lie beyond both of its limits did not stay at one level: its limits are those of a
    moving series, so the points beyond the improvement-side limit are where a rise (or fall) began, and are said
    to be so, never counted as good news."""
    rows = export_table.filter(pl.col("value").is_not_null()).sort("period_end")
    if rows.height == 0:
        return f"SPC chart of {indicator.title} for {area_name}: no points to draw."
    first, last = rows["period_label"][0], rows["period_label"][-1]
    latest = rows.row(-1, named=True)
    span = f"1 point, {last}" if rows.height == 1 else f"{rows.height} points from {first} to {last}"
    parts = [
        f"SPC chart of {indicator.title} for {area_name}, {span}, in {indicator.unit}: each point with the mean, "
        "the process limits and the two-sigma lines."
    ]
    if rows.height > 1:
        parts.append(_moved(rows, indicator=indicator, whole=True))
    segments = rows.partition_by("segment", maintain_order=True)
    for segment in segments:
        parts.append(_segment_words(segment, indicator=indicator, several=len(segments) > 1, changes=changes))
    parts.append(
        f"Latest: {formatting.value(indicator, latest['value'])} in {last}, {latest['point_type']}. {sentence} "
        "The SPC table below lists every point."
    )
    return " ".join(p for p in parts if p)


def _moved(rows: pl.DataFrame, *, indicator: registry.Indicator, whole: bool) -> str:
    """'It rose from 142 in Apr 2017 to 1,348 in Jun 2023 (up 1,206).', or within a sentence 'rose from ... , up
    1,206' (metrics.core.formatting.moved_words)."""
    start, end = rows.row(0, named=True), rows.row(-1, named=True)
    said = formatting.moved_words(
        indicator, first=(start["value"], start["period_label"]), last=(end["value"], end["period_label"])
    )
    return f"It {said}." if whole else said.replace(" (", ", ").removesuffix(")")


def _segment_words(
    segment: pl.DataFrame, *, indicator: registry.Indicator, several: bool, changes: pl.DataFrame | None
) -> str:
    """One period of limits in words: when it starts (and the known change that started it), its mean and limits,
    its special causes, and a warning where its points lie beyond both limits."""
    head = segment.row(0, named=True)
    tail = segment.row(-1, named=True)
    words = []
    if several:
        start = f"From {head['period_label']} to {tail['period_label']}"
        why = _change_named(changes, day=head["period_end"]) if changes is not None else None
        words.append(f"{start}{f' (new limits after {why})' if why else ''}:")
    if head["mean"] is None:
        return " ".join([*words, "too few points for limits."])
    words.append(
        f"mean {formatting.value(indicator, head['mean'])}, limits {formatting.value(indicator, head['lower'])} to "
        f"{formatting.value(indicator, head['upper'])};"
    )
    beyond = segment.filter(pl.col("rule") == "outside limits")
    if (beyond["side"] > 0).any() and (beyond["side"] < 0).any():
        high, low = int((segment["side"] > 0).sum()), int((segment["side"] < 0).sum())
        rising = tail["value"] > head["value"]
        began, went = ("low", "high") if rising else ("high", "low")
        words.append(
            f"its points lie beyond both of its limits ({high} unusually high, {low} unusually low): the level did "
            f"not stay put, it {_moved(segment, indicator=indicator, whole=False)}. These limits describe a "
            f"moving series: the {began} points are where the {'rise' if rising else 'fall'} began and the {went} "
            "points where it went, not separate improvements or concerns."
        )
        return " ".join(words)
    counts = segment.filter(pl.col("point_type") != "common cause").group_by("point_type").len().sort("point_type")
    special = ", ".join(f"{n} {kind}" for kind, n in counts.iter_rows())
    words.append(f"special cause points: {special}." if special else "no special cause: common cause variation only.")
    return " ".join(words)


def _change_named(changes: pl.DataFrame, *, day) -> str | None:
    """The label of the known change that starts new limits in the period ending on ``day`` (the latest change on
    or before it), shortened to its first clause."""
    before = changes.filter(pl.col("date") <= day).sort("date")
    if before.height == 0:
        return None
    return str(before["label"][-1]).split(":")[0]
