"""Where a series' definition changes (the values table's `definition` column, e.g. ASCOF's client-level measures
from 2024-25): lines, changes, projections and SPC limits never span a change."""

from __future__ import annotations

import polars as pl


def definition_segments(frame: pl.DataFrame) -> pl.Series:
    """A segment number for each row of a series sorted by period: it steps up wherever the definition changes.

    Lines, changes, projections and SPC limits stay inside one segment.
    """
    if frame.height == 0 or "definition" not in frame.columns:
        return pl.Series("segment", [0] * frame.height, pl.UInt32)
    changed = frame["definition"].ne_missing(frame["definition"].shift(1)).fill_null(False)
    return changed.cast(pl.UInt32).cum_sum().alias("segment")
