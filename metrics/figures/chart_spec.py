"""What a chart shows, as data: the one meaning that the screen (SVG) and the pack (plotly images) both draw.

A :class:`ChartSpec` is built once from a chart table. It says which series
there are, in which order and style, what is drawn as bars, where the middle
half of councils lies, where a definition changes (no line crosses it), the
projections and the target. A renderer only turns this into marks: it makes
no choice of its own about what to show, so the screen and the pack cannot
drift apart (tests/test_chart_parity.py draws one table both ways and
compares).

Styles are part of the meaning: meaning never rests on colour alone, so each
comparator has its own dash pattern and marker shape, and demonstration
points are hollow.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

import polars as pl

from metrics.core import formatting, periods
from metrics.figures import annotated, chart_data

LINES, COMPARISON_BARS, CATEGORY_BARS = "lines", "comparison bars", "category bars"

OURS_COLOUR = "#005EB8"
#: Comparator kind -> (colour, dash, marker), drawn in this order.
COMPARATOR_STYLE = {
    "england": ("#231f20", "dash", "square"),
    "region": ("#6d4c9f", "dot", "diamond"),
    "neighbours_mean": ("#8a5300", "dashdot", "triangle-up"),
    "neighbours_median": ("#8a5300", "longdashdot", "pentagon"),
    "group": ("#00703c", "longdash", "star"),
}
#: Breakdown categories: Okabe-Ito's hues, darkened until each reaches 4.5:1 on white, so a line, its markers and
#: its end label all pass WCAG 2.2 AA (1.4.3 and 1.4.11); each also has its own dash and marker, so no category
#: is told apart by colour alone.
PALETTE = ("#0072B2", "#B34700", "#007A5A", "#A8326E", "#7A5C00", "#5E4FA2", "#000000", "#5A6B00")
#: The band's edges: the fill is a light tint, so its limits are drawn as lines that reach 3:1.
BAND_EDGE = "#767676"
#: The council's confidence intervals: a darker shade of its own blue (8.6:1 on white), drawn as capped error bars.
INTERVAL_COLOUR = "#003d7a"
DASHES = ("solid", "dash", "dot", "dashdot", "longdash", "longdashdot", "solid", "dash")
SYMBOLS = ("circle", "square", "diamond", "triangle-up", "x", "star", "cross", "pentagon")
MEDIAN_COLOUR, BREAK_COLOUR, TARGET_COLOUR = "#6f6f6f", "#b10e1e", "#b10e1e"
BAND_NAME = "Middle half of councils (25th to 75th percentile)"
MEDIAN_NAME = chart_data.SPREAD_SERIES["median"]
BREAK_TEXT = "Definition changed: not comparable"
DEMO_LEGEND = " (hollow points: demonstration data)"
#: The text alternative's last words on screen, where a data table sits under the chart (a slide has none).
TABLE_WORDS = " The data table lists every point."


@dataclass(frozen=True)
class Style:
    colour: str
    dash: str  # solid | dash | dot | dashdot | longdash | longdashdot
    symbol: str | None
    width: float


@dataclass(frozen=True)
class Point:
    x: date
    label: str  # the period label, or the category for bars
    value: float
    demonstration: bool
    hover: str  # the figure in words, with its source


@dataclass(frozen=True)
class Series:
    """One named line (or, in a bar chart, one set of comparator markers): its points split at definition breaks."""

    name: str
    legend: str
    kind: str  # ours | england | region | neighbours_mean | neighbours_median | group | median
    style: Style
    segments: tuple[tuple[Point, ...], ...]  # a line is drawn within a segment, never between two

    @property
    def points(self) -> tuple[Point, ...]:
        return tuple(p for seg in self.segments for p in seg)


@dataclass(frozen=True)
class Band:
    """The middle half of councils: lower and upper edges, split at definition breaks like the lines."""

    name: str
    segments: tuple[tuple[tuple[date, float, float], ...], ...]  # (x, 25th percentile, 75th percentile)


@dataclass(frozen=True)
class Intervals:
    """The council's own 95% confidence intervals, drawn as error bars on its points or bars."""

    name: str  # the legend: "95% confidence interval (Wilson score interval)"
    method: str  # the method(s) in words
    points: tuple[tuple[date, str, float, float], ...]  # (x, label or category, lower, upper)


@dataclass(frozen=True)
class Projection:
    name: str
    start: Point | None  # the latest actual point the dashed line starts from
    end: Point
    dash: str
    note: str


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    text: str
    colour: str
    hatched: bool  # demonstration figures are hatched as well as said in the hover text
    hover: str


@dataclass(frozen=True)
class ChartSpec:
    kind: str  # LINES | COMPARISON_BARS | CATEGORY_BARS
    title: str
    description: str  # the text alternative: what the chart shows, its axes and latest point
    value_title: str  # the value axis
    many: bool  # one line per breakdown category: lines are named at their ends
    series: tuple[Series, ...]  # drawn in this order after the band; ours last so it sits on top
    bars: tuple[Bar, ...]
    band: Band | None
    median: Series | None
    breaks: tuple[tuple[date, str], ...]  # (end of the first period of a new definition, that period's label)
    projections: tuple[Projection, ...]
    target: tuple[float, str] | None
    intervals: Intervals | None = None  # our figures' 95% intervals, where they exist and are switched on
    notes: tuple[annotated.Marker, ...] = ()  # officers' numbered notes on points (metrics.figures.annotated)
    period_title: str = ""  # the time axis of a line chart ("Financial year", "Month"); "" for bars

    @property
    def empty(self) -> bool:
        return not (self.series or self.bars)

    def legend(self) -> list[Series]:
        """Legend entries in reading order: ours first, then comparators."""
        return sorted(self.series, key=lambda s: s.kind != "ours")


#: The time axis's title for each kind of period (Government Analysis Function: every axis is labelled).
PERIOD_TITLES = {
    periods.MONTH: "Month",
    periods.QUARTER: "Quarter",
    periods.FINANCIAL_YEAR: "Financial year (April to March)",
    periods.SNAPSHOT: "Date of the count",
    periods.PART_YEAR: "Part of the year",
    periods.WEEK: "Week",
}


def period_title(period_types: list[str]) -> str:
    """The time axis's title: the kind of period the drawn points are, or "Period" where they mix kinds."""
    kinds = set(period_types)
    return PERIOD_TITLES.get(kinds.pop(), "Period") if len(kinds) == 1 else "Period"


def _hover(ind, series: str, label: str, value: float, demo: bool, source: str) -> str:
    return (
        f"{series}, {label}: {formatting.value(ind, value)}"
        + (" (demonstration data)" if demo else "")
        + (f". Source: {source[:120]}" if source else "")
    )


def _break_dates(drawn: pl.DataFrame) -> tuple[tuple[date, str], ...]:
    """The first period of each new definition, from any drawn series' `definition` column."""
    out: dict[date, str] = {}
    for _name, part in drawn.filter(pl.col("kind") != "projection").partition_by("series", as_dict=True).items():
        part = part.sort("period_end")
        changed = part["definition"].ne_missing(part["definition"].shift(1)).to_list()
        for i, (day, label) in enumerate(part.select("period_end", "period_label").iter_rows()):
            if i > 0 and changed[i]:
                out.setdefault(day, label)
    return tuple(sorted(out.items()))


def _split(points: list[Point], breaks: tuple[tuple[date, str], ...]) -> tuple[tuple[Point, ...], ...]:
    days = [d for d, _ in breaks]
    segments: dict[int, list[Point]] = {}
    for p in points:
        segments.setdefault(sum(p.x >= d for d in days), []).append(p)
    return tuple(tuple(seg) for _k, seg in sorted(segments.items()))


def _points(ind, frame: pl.DataFrame, name: str) -> list[Point]:
    return [
        Point(day, label, value, demo, _hover(ind, name, label, value, demo, src))
        for day, label, value, demo, src in frame.sort("period_end")
        .select("period_end", "period_label", "value", "demonstration", chart_data.CITATION)
        .iter_rows()
    ]


INTERVAL_NAME = "95% confidence interval"


def _intervals(table: chart_data.ChartTable, *, by: str) -> Intervals | None:
    """Error bars for the council's own figures that have an interval (``by``: period_label or breakdown_cat)."""
    ours = table.drawn.filter(
        (pl.col("kind") == "ours") & pl.col("lower").is_not_null() & pl.col("upper").is_not_null()
    )
    if ours.height == 0:
        return None
    used = list(dict.fromkeys(ours["interval_method"].to_list()))
    method = " and ".join(used)
    return Intervals(
        f"{INTERVAL_NAME} ({method})",
        method,
        tuple(
            (day, label, lo, hi)
            for day, label, lo, hi in ours.sort("period_end").select("period_end", by, "lower", "upper").iter_rows()
        ),
    )


def interval_words(intervals: Intervals | None) -> str:
    """One sentence for a text alternative: which figures carry an interval, and how it was worked out."""
    if intervals is None:
        return ""
    return (
        f" Vertical bars show the {INTERVAL_NAME} of {len(intervals.points)} of the council's figures "
        f"({intervals.method})."
    )


def _lines(table: chart_data.ChartTable) -> ChartSpec:
    ind, drawn = table.indicator, table.drawn
    breaks = _break_dates(drawn)
    many = table.breakdown_dim is not None
    ours = drawn.filter(pl.col("kind") == "ours")
    names = list(dict.fromkeys(ours["series"].to_list()))
    series: list[Series] = []
    for kind, (colour, dash, symbol) in COMPARATOR_STYLE.items():  # comparators first: under our line
        theirs = drawn.filter(pl.col("kind") == kind)
        for name in dict.fromkeys(theirs["series"].to_list()):
            pts = _points(ind, theirs.filter(pl.col("series") == name), name)
            # the legend gives the comparator's latest figure, so it is read beside the chart, not only in the table
            legend = f"{name} ({pts[-1].label}: {formatting.value(ind, pts[-1].value)})" if pts else name
            series.append(Series(name, legend, kind, Style(colour, dash, symbol, 3), _split(pts, breaks)))
    for i, name in enumerate(names):
        part = ours.filter(pl.col("series") == name)
        style = (
            Style(PALETTE[i % len(PALETTE)], DASHES[i % len(DASHES)], SYMBOLS[i % len(SYMBOLS)], 3.5)
            if many
            else Style(OURS_COLOUR, "solid", "circle", 4.5)
        )
        legend = name + (DEMO_LEGEND if not many and part["demonstration"].any() else "")
        series.append(Series(name, legend, "ours", style, _split(_points(ind, part, name), breaks)))
    spread = drawn.filter(pl.col("kind") == "spread")
    band, median = None, None
    if spread.height:
        q1 = dict(
            spread.filter(pl.col("series") == chart_data.SPREAD_SERIES["q1"]).select("period_end", "value").rows()
        )
        q3 = dict(
            spread.filter(pl.col("series") == chart_data.SPREAD_SERIES["q3"]).select("period_end", "value").rows()
        )
        edges = [Point(d, "", 0.0, False, "") for d in sorted(set(q1) & set(q3))]
        band = Band(BAND_NAME, tuple(tuple((p.x, q1[p.x], q3[p.x]) for p in seg) for seg in _split(edges, breaks)))
        med = spread.filter(pl.col("series") == MEDIAN_NAME)
        median = Series(
            MEDIAN_NAME,
            MEDIAN_NAME,
            "median",
            Style(MEDIAN_COLOUR, "dot", None, 2.5),
            _split(_points(ind, med, MEDIAN_NAME), breaks),
        )
    projections = []
    actual = ours.sort("period_end")
    start = _points(ind, actual.tail(1), names[0])[0] if actual.height and not many else None
    projected = drawn.filter(pl.col("kind") == "projection")
    for i, (name, day, label, value, note) in enumerate(
        projected.select("series", "period_end", "period_label", "value", "note").iter_rows()
    ):
        projections.append(
            Projection(
                name, start, Point(day, label, value, False, note or name), "dash" if i == 0 else "dot", note or name
            )
        )
    intervals = None if many else _intervals(table, by="period_label")  # one line per category: too crowded
    return ChartSpec(
        kind=LINES,
        title=f"{ind.title}, {table.area_name}",
        description=_describe(table, breaks) + interval_words(intervals),
        value_title=ind.unit,
        many=many,
        series=tuple(series),
        bars=(),
        band=band,
        median=median,
        breaks=breaks,
        projections=tuple(projections),
        target=(ind.target, str(ind.target_text or ind.target)) if ind.target is not None else None,
        intervals=intervals,
        period_title=period_title(drawn["period_type"].to_list()),
    )


def _comparison_bars(table: chart_data.ChartTable) -> ChartSpec:
    """One period and no breakdown: a bar for us and for each comparator (the spread is not a bar)."""
    ind, drawn = table.indicator, table.drawn.filter(pl.col("kind") != "spread")
    bars = tuple(
        Bar(
            series,
            value,
            formatting.value(ind, value),
            OURS_COLOUR if kind == "ours" else COMPARATOR_STYLE.get(kind, ("#6f6f6f",))[0],
            demo,
            f"{series}, {label}: {formatting.value(ind, value)}" + (" (demonstration data)" if demo else ""),
        )
        for series, kind, label, value, demo in drawn.select(
            "series", "kind", "period_label", "value", "demonstration"
        ).iter_rows()
    )
    label = drawn["period_label"][0] if drawn.height else ""
    found = _intervals(table, by="series")
    return ChartSpec(
        kind=COMPARISON_BARS,
        title=f"{ind.title}, {table.area_name}",
        description=_describe(table, ()) + interval_words(found),
        value_title=f"{ind.unit}, {label}",
        many=False,
        series=(),
        bars=bars,
        band=None,
        median=None,
        breaks=(),
        projections=(),
        target=(ind.target, str(ind.target_text or ind.target)) if ind.target is not None else None,
        intervals=found,
    )


def _category_bars(table: chart_data.ChartTable) -> ChartSpec:
    """One period by category: a bar per category, largest first; comparators as marked points on the same rows."""
    ind, drawn = table.indicator, table.drawn
    ours = drawn.filter(pl.col("kind") == "ours").sort("value", descending=True)
    bars = tuple(
        Bar(
            cat,
            value,
            formatting.value(ind, value),
            OURS_COLOUR,
            demo,
            f"{cat}, {label}: {formatting.value(ind, value)}" + (" (demonstration data)" if demo else ""),
        )
        for cat, label, value, demo in ours.select(
            "breakdown_cat", "period_label", "value", "demonstration"
        ).iter_rows()
    )
    cats = set(ours["breakdown_cat"].to_list())
    series = []
    for kind, (colour, dash, symbol) in COMPARATOR_STYLE.items():
        theirs = drawn.filter((pl.col("kind") == kind) & pl.col("breakdown_cat").is_in(list(cats)))
        for name in dict.fromkeys(theirs["series"].to_list()):
            pts = tuple(
                Point(day, cat, value, False, _hover(ind, name, cat, value, False, src))
                for day, cat, value, src in theirs.filter(pl.col("series") == name)
                .select("period_end", "breakdown_cat", "value", chart_data.CITATION)
                .iter_rows()
            )
            series.append(Series(name, name, kind, Style(colour, dash, symbol, 3), (pts,)))
    found = _intervals(table, by="breakdown_cat")
    return ChartSpec(
        kind=CATEGORY_BARS,
        title=f"{ind.title}, {table.area_name}",
        description=_describe(table, ()) + interval_words(found),
        value_title=f"{ind.unit}, {table.period_label or ''}",
        many=True,
        series=tuple(series),
        bars=bars,
        band=None,
        median=None,
        breaks=(),
        projections=(),
        target=(ind.target, str(ind.target_text or ind.target)) if ind.target is not None else None,
        intervals=found,
    )


def _story(ind, ours: pl.DataFrame) -> str:
    """' Over the span shown it rose from 142 in Apr 2017 to 1,348 in Jun 2023 (up 1,206), the highest shown.':
    the direction and size of the change across the chart, and whether the latest point is its highest or
    lowest."""
    if ours.height < 2:
        return ""
    values = ours["value"].to_list()
    moved = formatting.moved_words(
        ind, first=(values[0], ours["period_label"][0]), last=(values[-1], ours["period_label"][-1])
    )
    return f" Over the span shown it {moved}{_extreme(values)}."


def _extreme(values: list[float]) -> str:
    """', the highest shown' or ', the lowest shown' when the latest of three or more points is the only such."""
    latest = values[-1]
    if len(values) >= 3 and values.count(latest) == 1 and latest in (max(values), min(values)):
        return ", the highest shown" if latest == max(values) else ", the lowest shown"
    return ""


def _said(ind, value: float, demonstration: bool) -> str:
    """A figure as a title states it; a demonstration figure says so, so it never reads as a published one."""
    return formatting.value(ind, value) + (" (demonstration)" if demonstration else "")


def _by_category(ind, ours: pl.DataFrame) -> str:
    """'highest: Over 85 (412), lowest: 18 to 64 (96)' for each category's figure in the latest period."""
    last = ours.filter(pl.col("period_end") == ours["period_end"].max()).sort("value", descending=True)
    if last.height < 2:
        return ""
    top, bottom = last.row(0, named=True), last.row(-1, named=True)
    if top["value"] == bottom["value"]:
        demo = bool(last["demonstration"].any())
        return f": all {last.height} at {_said(ind, top['value'], demo)}"
    return (
        f": highest {top['series']} ({_said(ind, top['value'], top['demonstration'])}), "
        f"lowest {bottom['series']} ({_said(ind, bottom['value'], bottom['demonstration'])})"
    )


def finding(table: chart_data.ChartTable) -> str:
    """The chart's title in the Government Analysis Function's manner: it states what the chart found, with the
    latest figure, not only what it shows ("People not reviewed for 24 months or more rose to 1,348 in Jun 2023,
    the highest shown (from 142 (demonstration) in Apr 2017)"). A demonstration figure says so. The same words head
    the chart on the page and are announced."""
    ind = table.indicator
    ours = table.drawn.filter(pl.col("kind") == "ours").sort("period_end")
    if not ours.height:
        return ind.title + (f" by {table.breakdown_dim}" if table.breakdown_dim else "")
    last = ours["period_label"][-1]
    if table.breakdown_dim is not None:
        return f"{ind.title} by {table.breakdown_dim}, {last}{_by_category(ind, ours)}"
    values, demo = ours["value"].to_list(), ours["demonstration"].to_list()
    latest = _said(ind, values[-1], demo[-1])
    if len(values) < 2 or table.view != chart_data.OVER_TIME:
        return f"{ind.title}: {latest} in {last}"
    first = (_said(ind, values[0], demo[0]), ours["period_label"][0])
    if values[-1] == values[0]:
        return f"{ind.title}: {latest} in {last}, as in {first[1]}"
    verb = "rose" if values[-1] > values[0] else "fell"
    return f"{ind.title} {verb} to {latest} in {last}{_extreme(values)} (from {first[0]} in {first[1]})"


def _describe(table: chart_data.ChartTable, breaks: tuple[tuple[date, str], ...]) -> str:
    """A text alternative in the manner of UKHSA's generated chart descriptions: what, when, series, latest."""
    ind, drawn = table.indicator, table.drawn
    ours = drawn.filter(pl.col("kind") == "ours").sort("period_end")
    text = f"Chart of {ind.title} for {table.area_name}" + (f" by {table.breakdown_dim}" if table.breakdown_dim else "")
    if ours.height:
        first, last = ours["period_label"][0], ours["period_label"][-1]
        text += f", {first}" + (f" to {last}" if last != first else "") + f", in {ind.unit}."
        if table.breakdown_dim is None:
            text += f" Latest: {formatting.value(ind, ours['value'][-1])} in {last}."
            text += _story(ind, ours)
    if table.breakdown_dim is not None and ours.height:  # each category's line and its latest point
        latest = ours.group_by("series", maintain_order=True).agg(pl.all().sort_by("period_end").last())
        text += (
            " Lines: "
            + "; ".join(
                f"{name} {formatting.value(ind, value)} in {label}"
                for name, value, label in latest.select("series", "value", "period_label").iter_rows()
            )
            + "."
        )
    theirs = drawn.filter(pl.col("kind").is_in(list(COMPARATOR_STYLE))).sort("period_end")
    if theirs.height:
        latest = theirs.group_by("series", maintain_order=True).agg(pl.all().last())
        text += (
            " Compared with "
            + "; ".join(
                f"{name} ({formatting.value(ind, value)} in {label})"
                for name, value, label in latest.select("series", "value", "period_label").iter_rows()
            )
            + "."
        )
    if table.drawn.filter(pl.col("kind") == "spread").height:
        text += f" A shaded band shows the {BAND_NAME[0].lower()}{BAND_NAME[1:]}, with a dotted line for the median."
    text += "".join(f" The definition changed in {label}: earlier figures are not comparable." for _d, label in breaks)
    return text + TABLE_WORDS


def build(
    table: chart_data.ChartTable, *, intervals: bool = True, notes: tuple[annotated.Marker, ...] = ()
) -> ChartSpec:
    """The chart a table calls for: lines over time, comparison bars for a single period, or category bars; with
    the council's 95% intervals as error bars where they exist, unless ``intervals`` is off, and the officers'
    numbered ``notes`` (annotated.place) on their points, said in the text alternative too."""
    if table.view == chart_data.ONE_PERIOD:
        spec = _category_bars(table)
    elif table.breakdown_dim is None and table.drawn["period_label"].n_unique() <= 1:
        spec = _comparison_bars(table)
    else:
        spec = _lines(table)
    if not intervals and spec.intervals is not None:
        spec = replace(spec, intervals=None, description=spec.description.replace(interval_words(spec.intervals), ""))
    if notes and not spec.empty:
        spec = replace(spec, notes=notes, description=spec.description + annotated.words(notes))
    return spec
