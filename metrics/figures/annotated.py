"""Where an officer's notes (metrics.commentary.annotations) sit on a chart, and their numbers: worked out once here,
so the screen, Present, the pack and the CSV draw and list the same notes with the same numbers.

A note is drawn at the chart's point for its period: the point with the same label, or else the point whose period
contains it (a note on April 2022 sits on 2022/23 in a yearly chart), or else the point whose period ends last
inside the note's (a note on a year, on a quarterly chart). A note whose period is not on the chart is not drawn
there. Notes are numbered 1, 2, 3… over all of an indicator's notes from the earliest, so a number means the same
note on every chart and surface.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

import polars as pl

from metrics.commentary.annotations import Annotation
from metrics.core import periods
from metrics.core.errors import PeriodParseError
from metrics.figures import chart_data

#: The CSV column that lists a point's notes.
COLUMN = "annotations"


@dataclass(frozen=True)
class Marker:
    """A numbered note placed on one of the chart's points."""

    number: int
    x: date  # the point's period end, where the marker is drawn
    at: str  # the point's label
    note: Annotation

    @property
    def words(self) -> str:
        """'1. Apr 2022: New front door opened.' as the chart's list, its description and a slide say it."""
        where = (
            self.note.period_label
            if self.note.period_label == self.at
            else f"{self.note.period_label} (marked at {self.at})"
        )
        return f"{self.number}. {where}: {self.note.text}"

    @property
    def listed(self) -> str:
        """The words with who wrote it, when, and whether it is published."""
        return f"{self.words} ({self.note.byline})"


def _chart_periods(table: chart_data.ChartTable) -> list[periods.Period]:
    """The periods on the chart's horizontal axis (or the one period a bar chart shows)."""
    ours = table.drawn.filter(pl.col("kind") == "ours")
    found = []
    for label, ptype in ours.select("period_label", "period_type").unique(maintain_order=True).iter_rows():
        try:
            found.append(periods.parse(label, period_type=ptype))
        except PeriodParseError:  # a label the calendar cannot place: no note is drawn on it
            continue
    return found


def _point_for(note: Annotation, on_chart: list[periods.Period]) -> periods.Period | None:
    same = [p for p in on_chart if p.label == note.period_label]
    if same:
        return same[0]
    holding = [p for p in on_chart if p.start <= note.period_end <= p.end]
    if holding:
        return min(holding, key=lambda p: (p.end - p.start, p.end))
    try:  # a note on a longer period than the chart's: the chart's last point inside it
        span = periods.parse(note.period_label)
    except PeriodParseError:
        return None
    inside = [p for p in on_chart if span.start <= p.end <= span.end]
    return max(inside, key=lambda p: p.end) if inside else None


def place(notes: Iterable[Annotation], *, table: chart_data.ChartTable) -> tuple[Marker, ...]:
    """The notes that fall on the chart's points. Each keeps its number among all the indicator's notes (from the
    earliest period, in the order written), whichever chart shows it: note 3 is note 3 on the page in any view, in
    Present and in the pack, and a chart that shows only some of them skips the others' numbers."""
    notes = list(notes)
    if not notes:  # most charts carry none: nothing to place, and the chart's periods need not be read
        return ()
    on_chart = _chart_periods(table)
    numbered = enumerate(sorted(notes, key=lambda n: (n.period_end, n.entry)), start=1)
    placed = []
    for number, note in numbered:
        point = _point_for(note, on_chart)
        if point is not None:
            placed.append(Marker(number=number, x=point.end, at=point.label, note=note))
    return tuple(placed)


def words(markers: Iterable[Marker]) -> str:
    """The notes as a sentence for a chart's text alternative: '' when there are none."""
    said = [m.words for m in markers]
    return (" Notes on the chart: " + " ".join(said)) if said else ""


def export_frame(frame: pl.DataFrame, *, markers: Iterable[Marker]) -> pl.DataFrame:
    """The chart's CSV (chart_data.export_frame) with a column listing each of the council's points' notes, numbered
    as on the chart; empty where a point has none, and on comparators' rows."""
    by_point: dict[str, list[str]] = {}
    for m in markers:
        by_point.setdefault(m.at, []).append(m.listed)
    listed = pl.DataFrame(
        {"period_label": list(by_point), COLUMN: [" | ".join(v) for v in by_point.values()]},
        schema={"period_label": pl.String, COLUMN: pl.String},
    )
    out = frame.join(listed, on="period_label", how="left", maintain_order="left")
    return out.with_columns(pl.when(pl.col("kind") == "ours").then(pl.col(COLUMN)).alias(COLUMN))
